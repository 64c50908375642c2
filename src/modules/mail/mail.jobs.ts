import type { Mail } from './mail.types';

declare module '../../../libs/jobs/job-queue' {
  interface JobMap {
    /** One mail to send; retried with backoff until the SMTP server takes it. */
    mail: Mail;
  }
}
