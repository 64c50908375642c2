import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { MAIL_CONFIG, MailConfig } from './mail-config.provider';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SentMail extends Mail {
  from: string;
  sentAt: string;
}

const OUTBOX_SIZE = 100;

/**
 * Sends mail through SMTP when SMTP_URL is set. Without it, each mail is logged (recipient and subject:
 * never the body, which holds a token) and kept in an in-memory outbox a developer can read.
 */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private readonly transport?: Transporter;
  private readonly outbox: SentMail[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(@Inject(MAIL_CONFIG) private readonly config: MailConfig) {
    if (config.smtpUrl) this.transport = createTransport(config.smtpUrl);
  }

  get usesSmtp(): boolean {
    return this.transport !== undefined;
  }

  /** The mails kept when SMTP is off, newest last. */
  sentMails(): readonly SentMail[] {
    return this.outbox;
  }

  /**
   * Sends in the background: the request neither waits for delivery nor reveals by its timing whether
   * a mail went out. Failures are logged.
   */
  dispatch(mail: Mail): void {
    const sending = this.send(mail)
      .catch((error: unknown) => {
        this.logger.error(`Mail "${mail.subject}" could not be sent: ${(error as Error).message}`);
      })
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  async send(mail: Mail): Promise<void> {
    const from = this.config.mailFrom;
    if (this.transport) {
      await this.transport.sendMail({ from, ...mail });
      return;
    }
    this.outbox.push({ from, ...mail, sentAt: new Date().toISOString() });
    if (this.outbox.length > OUTBOX_SIZE) this.outbox.shift();
    this.logger.log(
      `SMTP_URL is not set: mail "${mail.subject}" to ${mail.to} kept in the outbox (GET /api/dev/outbox)`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    this.transport?.close();
  }
}
