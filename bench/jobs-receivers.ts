import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { IncomingHttpHeaders } from 'node:http';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

/** One POST the receiver got. */
export interface Arrival {
  /** The `webhook-id` header: the same on every try of one delivery. */
  id: string;
  /** What it is about: the article's slug, or the registered user's username. */
  subject: string;
  /** performance.now() when the whole POST had arrived. */
  at: number;
  /** The signature checked out against the endpoint's secret. */
  signed: boolean;
}

interface Payload {
  data?: { article?: { slug?: string }; profile?: { username?: string } };
}

function subjectOf(payload: Payload): string {
  return payload.data?.article?.slug ?? payload.data?.profile?.username ?? '';
}

/**
 * A certificate for 127.0.0.1 made by openssl for this run: Folio in production sends webhooks over
 * https only, and trusts this one through NODE_EXTRA_CA_CERTS.
 */
function selfSignedCertificate(dir: string): { key: Buffer; cert: Buffer; certFile: string } {
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ...['-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1'],
    ],
    { stdio: 'pipe' },
  );
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile };
}

/** Answers waitUntil's callers whenever something arrives. */
class Arrivals {
  private waiters = new Set<() => void>();

  protected wake(): void {
    for (const wake of this.waiters) wake();
  }

  /** Resolves once `done()` holds; fails after `timeoutMs`, naming `what`. */
  async waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!done()) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 250));
        this.waiters.add(wake);
      });
    }
  }
}

/** The system webhooks are sent to: an https server in the bench process that answers 200 at once. */
export class HookReceiver extends Arrivals {
  readonly arrivals: Arrival[] = [];
  private readonly bySubject = new Map<string, Arrival[]>();
  private verifier?: Webhook;

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    /** The certificate Folio must trust (NODE_EXTRA_CA_CERTS). */
    readonly caFile: string,
  ) {
    super();
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        this.record(request.headers, Buffer.concat(chunks).toString(), performance.now());
        response.writeHead(200).end('ok');
      });
    });
  }

  static async start(): Promise<HookReceiver> {
    const dir = mkdtempSync(join(tmpdir(), 'folio-bench-jobs-'));
    const { key, cert, certFile } = selfSignedCertificate(dir);
    const server = createServer({ key, cert });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new HookReceiver(server, dir, certFile);
  }

  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** The endpoint's secret, to check each delivery's signature. */
  set secret(secret: string) {
    this.verifier = new Webhook(secret);
  }

  about(subject: string): readonly Arrival[] {
    return this.bySubject.get(subject) ?? [];
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private record(headers: IncomingHttpHeaders, body: string, at: number): void {
    let signed = false;
    try {
      this.verifier?.verify(body, headers as Record<string, string>);
      signed = this.verifier !== undefined;
    } catch {
      // Counted as unsigned: the report says how many.
    }
    const payload = JSON.parse(body) as Payload;
    const arrival = {
      id: String(headers['webhook-id']),
      subject: subjectOf(payload),
      at,
      signed,
    };
    this.arrivals.push(arrival);
    const same = this.bySubject.get(arrival.subject);
    if (same) same.push(arrival);
    else this.bySubject.set(arrival.subject, [arrival]);
    this.wake();
  }
}

/** An SMTP server in the bench process that takes every mail and counts it. */
export class MailSink extends Arrivals {
  received = 0;

  private constructor(private readonly server: SMTPServer) {
    super();
  }

  static async start(): Promise<MailSink> {
    const holder: { sink?: MailSink } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      // Loopback only: no reverse DNS lookup of each client.
      disableReverseLookup: true,
      logger: false,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          if (holder.sink) {
            holder.sink.received++;
            holder.sink.wake();
          }
          callback();
        });
      },
    });
    // A Folio that stops mid-send resets its connection: that is no failure of the benchmark.
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.sink = new MailSink(server);
    return holder.sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
