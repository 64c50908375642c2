import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Arrivals } from './arrivals';

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** The raw message with quoted-printable undone and base64 parts decoded, to search for links and tokens. */
  decoded: string;
}

/** A part sent as base64 (nodemailer's choice for text mostly not ASCII): its headers, then its lines. */
const BASE64_PART =
  /Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi;

/** The raw message with quoted-printable undone, then its base64 parts decoded after it. */
function decodeQuotedPrintable(raw: string): string {
  const quoted = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const parts = [...raw.matchAll(BASE64_PART)].map(([, body]) =>
    Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'),
  );
  return [quoted, ...parts].join('\n');
}

/** A real SMTP server in the test process: the app's mailer talks SMTP to it. */
export class TestSmtpServer {
  private readonly arrivals = new Arrivals<ReceivedMail>();
  /** Recipients this server refuses at RCPT TO, with its answer (`550 5.1.1 …`, `451 4.2.0 …`). */
  private readonly refusals = new Map<string, { code: number; message: string }>();
  /** Every RCPT TO the server was asked, refused ones included, lower-cased. */
  readonly recipientsAsked: string[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly url: string,
  ) {}

  static async start(port = 0): Promise<TestSmtpServer> {
    const holder: { self?: TestSmtpServer } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const recipient = address.address.toLowerCase();
        holder.self?.recipientsAsked.push(recipient);
        const refusal = holder.self?.refusals.get(recipient);
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          holder.self?.receive({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            raw,
            decoded: decodeQuotedPrintable(raw),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const { port: bound } = server.server.address() as AddressInfo;
    holder.self = new TestSmtpServer(server, `smtp://127.0.0.1:${bound}`);
    return holder.self;
  }

  /** The first mail to `to` (received or still to come) matching `match`. */
  async waitForMail(
    to: string,
    match: (mail: ReceivedMail) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<ReceivedMail> {
    const [found] = await this.arrivals.waitFor(
      (mail) => mail.to.includes(to.toLowerCase()) && match(mail),
      1,
      timeoutMs,
      () => `No mail to ${to} within ${timeoutMs} ms`,
    );
    return found;
  }

  get mails(): readonly ReceivedMail[] {
    return this.arrivals.all;
  }

  /**
   * Answers RCPT TO for `address` with `code` from now on, as a receiving server does: 550 for a
   * mailbox that does not exist (refused for good), 451 for one it cannot take now. Null: takes it again.
   */
  refuse(address: string, refusal: { code: number; message: string } | null): void {
    if (refusal) this.refusals.set(address.toLowerCase(), refusal);
    else this.refusals.delete(address.toLowerCase());
  }

  /** How many times a mail to `address` was offered, taken or refused. */
  timesAsked(address: string): number {
    return this.recipientsAsked.filter((asked) => asked === address.toLowerCase()).length;
  }

  mailsTo(to: string): ReceivedMail[] {
    return this.arrivals.all.filter((m) => m.to.includes(to.toLowerCase()));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(mail: ReceivedMail): void {
    this.arrivals.add(mail);
  }
}

/** The token of the first link to `path` in a mail. */
export function tokenFromMail(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(mail.decoded);
  if (!match) throw new Error(`No ${path} link in the mail`);
  return match[1];
}

/** One RFC 2047 encoded word (`=?UTF-8?B?…?=` or `=?UTF-8?Q?…?=`) as text. */
function decodeWord(charset: string, encoding: string, text: string): string {
  if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
  const bytes = text
    .replace(/_/g, ' ')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString(
    charset.toLowerCase() === 'utf-8' ? 'utf8' : 'latin1',
  );
}

/** A header of a mail as a reader's mail program shows it: unfolded, its encoded words decoded. */
export function mailHeader(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head
    .split(/\r?\n/)
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (line === undefined) return undefined;
  return (
    line
      .slice(name.length + 1)
      .trim()
      // The space between two encoded words is no part of the text (RFC 2047 6.2).
      .replace(/(\?=)\s+(?==\?)/g, '$1')
      .replace(
        /=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi,
        (_m, charset: string, encoding: string, text: string) =>
          decodeWord(charset, encoding, text),
      )
  );
}
