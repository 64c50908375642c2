import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * An HTTPS server in the test process that webhook endpoints point at: it records every request and
 * answers 200 (or the status set for its path). Folio runs with NODE_ENV=production, where endpoints
 * must be https, so the receiver has a self-signed certificate for 127.0.0.1 (made by the openssl
 * command at start) that Folio trusts through NODE_EXTRA_CA_CERTS (`certificateFile`): start the
 * receiver before Folio.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly folder = mkdtempSync(join(tmpdir(), 'folio-webhooks-'));
  readonly certificateFile = join(this.folder, 'cert.pem');
  private readonly statuses = new Map<string, number>();
  private server?: Server;
  private port = 0;

  async start(): Promise<void> {
    const key = join(this.folder, 'key.pem');
    const request = `req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2
      -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout ${key} -out ${this.certificateFile}`;
    execFileSync('openssl', request.split(/\s+/), { stdio: 'pipe' });
    const server = createServer(
      {
        key: readFileSync(key),
        cert: readFileSync(this.certificateFile),
      },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          this.requests.push({
            method: req.method ?? '',
            path: req.url ?? '',
            headers: req.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          const status = this.statuses.get(req.url ?? '') ?? 200;
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(status === 200 ? '{"received":true}' : '{"error":"down for a test"}');
        });
      },
    );
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  /** The address of `path` on this receiver. */
  url(path: string): string {
    return `https://127.0.0.1:${this.port}${path}`;
  }

  /** From now on, requests to `path` are answered with `status` (200 by default). */
  answer(path: string, status: number): void {
    this.statuses.set(path, status);
  }

  /** The requests that reached `path`. */
  at(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(this.folder, { recursive: true, force: true });
  }
}
