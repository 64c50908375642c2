/**
 * A job's failure that no retry can mend (a mailbox the receiving server says does not exist): thrown
 * by a handler, it fails the job for good at once, whatever tries its queue had left. It is kept as a
 * failed job, as one whose tries ran out.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}
