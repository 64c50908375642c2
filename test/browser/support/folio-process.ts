import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '..', '..', '..');
/**
 * Never 3000 (development) nor 3101/3102 (other engineers' servers); each Jest worker's Folio its own
 * port (the first worker's is 3103, alone or under --runInBand).
 */
export const PORT =
  Number(process.env.FOLIO_BROWSER_PORT ?? 3103) + Number(process.env.JEST_WORKER_ID ?? 1) - 1;
export const BASE_URL = `http://127.0.0.1:${PORT}`;
const ADMIN_URL = process.env.FOLIO_BROWSER_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const SUPERUSER = {
  email: 'admin@folio.test',
  username: 'admin',
  password: 'admin-password-123',
};

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A real Folio (the built dist, serving the built site) on its own fresh database. */
export class FolioProcess {
  private child?: ChildProcess;
  private readonly database = `folio_browser_${randomBytes(4).toString('hex')}`;
  readonly output: string[] = [];

  /**
   * `webhookCertificate`: a certificate Folio trusts besides the system's (the test receiver's);
   * `env`: a spec's own settings (its identity providers, for instance).
   */
  async start(
    smtpPort: number,
    webhookCertificate: string,
    env: Record<string, string> = {},
  ): Promise<void> {
    for (const file of ['dist/src/main.js', 'apps/web/dist/spa/index.html']) {
      if (!existsSync(join(ROOT, file))) {
        throw new Error(`${file} is missing: run npm run build:api and npm run build:web first`);
      }
    }
    await admin(`CREATE DATABASE "${this.database}"`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${this.database}`;
    this.child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(PORT),
        DATABASE_URL: url.toString(),
        APP_URL: BASE_URL,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Folio <folio@folio.test>',
        AUTH_RATE_LIMIT_ENABLED: 'false',
        FIRST_SUPERUSER_EMAIL: SUPERUSER.email,
        FIRST_SUPERUSER_USERNAME: SUPERUSER.username,
        FIRST_SUPERUSER_PASSWORD: SUPERUSER.password,
        // Webhooks reach the test's receiver on 127.0.0.1, over https with its own certificate.
        WEBHOOK_ALLOW_PRIVATE: 'true',
        NODE_EXTRA_CA_CERTS: webhookCertificate,
        // A failed delivery is not retried, and an endpoint failing for a second is disabled at its
        // next failure: the admin pages show a failed job and a disabled endpoint without a long wait.
        WEBHOOK_MAX_ATTEMPTS: '1',
        WEBHOOK_DISABLE_AFTER_SECONDS: '1',
        // A scheduled article is published within a second of its time.
        JOBS_POLL_INTERVAL_SECONDS: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    await this.waitUntilReady();
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null) {
        throw new Error(`Folio exited during start:\n${this.output.join('')}`);
      }
      try {
        if ((await fetch(`${BASE_URL}/health/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`Folio did not become ready:\n${this.output.join('')}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await admin(`DROP DATABASE IF EXISTS "${this.database}" WITH (FORCE)`);
  }
}
