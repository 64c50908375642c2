import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string[];
  raw: string;
}

/** A real SMTP server in the test process: Folio sends its mail here and the tests read the links. */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  private server?: SMTPServer;

  async start(): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The first link to APP_URL under `path` in a mail to `to`, waiting for the mail to arrive. */
  async linkTo(to: string, path: string, timeoutMs = 15000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    // The whole link, its other parameters too (an invitation's `&welcome=1`), as a mail program opens it.
    // A text part writes a link in brackets after its words (`Unsubscribe [https://…]`): they end it.
    const pattern = new RegExp(`https?://[^\\s"'<>\\[\\]]+${path}\\?token=[^\\s"'<>\\[\\]]+`);
    while (Date.now() < deadline) {
      for (const mail of this.mails.filter((m) => m.to.includes(to.toLowerCase()))) {
        const match = decodeQuotedPrintable(mail.raw).match(pattern);
        if (match) return match[0].replaceAll('&amp;', '&');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`No mail to ${to} with a ${path} link within ${timeoutMs} ms`);
  }
}

function decodeQuotedPrintable(raw: string): string {
  if (!/quoted-printable/i.test(raw)) return raw;
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
