import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebhookReceiver } from '../../support/webhook-receiver';

/**
 * The e2e tests' webhook receiver, over https: the browser tests' Folio runs with NODE_ENV=production,
 * where endpoints must be https. Its self-signed certificate for 127.0.0.1 is made by the openssl command
 * and trusted by Folio through NODE_EXTRA_CA_CERTS (`certificateFile`): start the receiver before Folio.
 */
export class HttpsWebhookReceiver {
  private readonly folder = mkdtempSync(join(tmpdir(), 'folio-webhooks-'));
  readonly certificateFile = join(this.folder, 'cert.pem');
  private started?: WebhookReceiver;

  async start(): Promise<void> {
    const key = join(this.folder, 'key.pem');
    const request = `req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2
      -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout ${key} -out ${this.certificateFile}`;
    execFileSync('openssl', request.split(/\s+/), { stdio: 'pipe' });
    this.started = await WebhookReceiver.start(0, {
      key: readFileSync(key),
      cert: readFileSync(this.certificateFile),
    });
  }

  /** The receiver, once started. */
  get receiver(): WebhookReceiver {
    if (!this.started) throw new Error('The webhook receiver is used before it started');
    return this.started;
  }

  async stop(): Promise<void> {
    await this.started?.close();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
