import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { JobQueue, QueueDefinition } from '../../../libs/jobs/job-queue';
import { PermanentJobError } from '../../../libs/jobs/permanent-job-error';
import { MAIL_CONFIG, MailConfig } from './mail-config.provider';
import './mail.jobs';
import { Mail, SentMail } from './mail.types';

const OUTBOX_SIZE = 100;

/** An SMTP server that does not answer fails the try in seconds, not nodemailer's minutes. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * The SMTP server refused the recipient for good (a 5xx answer to RCPT TO: no such mailbox, a domain
 * that takes no mail): the same mail will never be taken, so its job is not retried. A refusal of
 * anything else (a 5xx to AUTH is a wrong SMTP_URL, a 5xx to DATA is about the message) and every 4xx
 * are retried.
 */
export class MailRefusedError extends PermanentJobError {
  static isRefusal(error: unknown): boolean {
    const smtp = error as { code?: unknown; command?: unknown; permanent?: unknown } | null;
    return smtp?.code === 'EENVELOPE' && smtp.command === 'RCPT TO' && smtp.permanent === true;
  }
}

/**
 * Every mail is a job of the `mail` queue, enqueued in the unit of work of the change it is about: it
 * leaves only once that change is committed, survives a crash or a restart, and is retried with backoff
 * while the SMTP server is unreachable (which never stops Folio from starting or answering). The worker
 * sends through SMTP when SMTP_URL is set; without it, each mail is logged (recipient and subject: never
 * the body, which holds a token) and kept in an in-memory outbox a developer can read.
 */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private readonly transport?: Transporter;
  private readonly outbox: SentMail[] = [];
  /**
   * How the `mail` queue retries a mail (MAIL_MAX_ATTEMPTS, MAIL_RETRY_DELAY_*) and how many it sends
   * at once (MAIL_CONCURRENCY): for another module's queue whose jobs send mail (the newsletter's).
   */
  readonly sending: Pick<QueueDefinition<'mail'>, 'options' | 'concurrency'>;

  constructor(
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
    private readonly jobs: JobQueue,
  ) {
    // Pooled: a mail rides an open connection (up to 100 a connection) instead of opening its own,
    // which took ~100 ms of the ~108 ms a mail took against a local server (6 ms pooled): a newsletter
    // to 10,000 addresses went out at 17 mails a second before, 114 pooled (MAIL_CONCURRENCY=2). As many
    // connections as the queue sends mails at once.
    if (config.smtpUrl) {
      this.transport = createTransport({
        url: config.smtpUrl,
        pool: true,
        maxConnections: config.queue.concurrency,
        ...SMTP_TIMEOUTS,
      });
    }
    this.sending = {
      options: {
        retryLimit: config.queue.maxAttempts - 1,
        retryDelay: config.queue.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: config.queue.retryDelayMaxSeconds,
        // A backstop longer than the SMTP timeouts above: a worker that dies mid-send is noticed by
        // its lapsed heartbeat (JobQueue) long before.
        expireInSeconds: 120,
        deleteAfterSeconds: config.retentionSeconds,
      },
      concurrency: config.queue.concurrency,
    };
    jobs.define({
      name: 'mail',
      ...this.sending,
      handle: async (mail, job) => {
        try {
          await this.send(mail);
        } catch (error) {
          const next =
            job.lastTry || error instanceof MailRefusedError ? 'giving up' : 'will retry';
          this.logger.error(
            `Mail "${mail.subject}" could not be sent (try ${job.retryCount + 1}, ${next}): ${MailerService.failure(error)}`,
          );
          throw error;
        }
      },
    });
  }

  /**
   * What a failed send says, for a log line: an SMTP server's refusal names the recipient
   * (`550 <reader@example.com>: Recipient address rejected`), and a log keeps no reader's address.
   */
  static failure(error: unknown): string {
    return String((error as Error)?.message ?? error).replace(
      /[^\s<>"']+@[^\s<>"']+/g,
      '(address)',
    );
  }

  get usesSmtp(): boolean {
    return this.transport !== undefined;
  }

  /** The mails kept when SMTP is off, newest last. */
  sentMails(): readonly SentMail[] {
    return this.outbox;
  }

  /**
   * Queues the mail in the current unit of work (at once outside one): the request neither waits for
   * delivery nor reveals by its timing whether a mail went out.
   */
  async enqueue(mail: Mail): Promise<void> {
    await this.jobs.enqueue('mail', mail);
  }

  /**
   * Sends now (the `mail` queue's worker). A MailRefusedError when the SMTP server refused the recipient
   * for good; any other error may pass with a retry.
   */
  async send(mail: Mail): Promise<void> {
    const from = this.config.mailFrom;
    if (this.transport) {
      try {
        await this.transport.sendMail({ from, ...mail });
      } catch (error) {
        throw MailRefusedError.isRefusal(error)
          ? new MailRefusedError(MailerService.failure(error), { cause: error })
          : error;
      }
      return;
    }
    this.outbox.push({ from, ...mail, sentAt: new Date().toISOString() });
    if (this.outbox.length > OUTBOX_SIZE) this.outbox.shift();
    // No address: a log line names no reader. Without DEV_OUTBOX nobody can read the outbox (in
    // production a reader's reset or invitation is lost): a warning, so that it is seen.
    if (this.config.devOutbox) {
      this.logger.log(
        `SMTP_URL is not set: mail "${mail.subject}" not sent, kept in the outbox (GET /api/dev/outbox)`,
      );
    } else {
      this.logger.warn(
        `SMTP_URL is not set: mail "${mail.subject}" was not sent and is lost; set SMTP_URL to send mail`,
      );
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
