import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { cancelStatementsInFlight } from '../../libs/database/statements-in-flight';
import { JobQueue } from '../../libs/jobs/job-queue';
import type { ErrorBody } from './api-exception.filter';
import { markTurnedAway } from './request-logging';

const DRAINING: ErrorBody = { errors: { server: ['is shutting down, try again shortly'] } };
/**
 * Once the last request in flight has finished, how long the server keeps answering 503 before it
 * stops listening. A client that just got its answer may be connecting again that very moment; closing
 * the listener under it resets that connection (the built-app shutdown test caught exactly that).
 */
export const QUIET_MS = 250;

/**
 * Stops an app without dropping work: new requests get a 503 (with `Connection: close`, so clients
 * reconnect elsewhere), requests in flight finish, then Nest closes (HTTP server, pool).
 *
 * Nest's own `close()` runs the modules' destroy hooks before it stops the HTTP server; draining first
 * means no request still running sees a module torn down under it.
 */
class Drain {
  private draining = false;
  private inFlight = 0;
  private idle: (() => void) | undefined;
  /** When a request last arrived or finished, while draining. */
  private lastActivity = 0;

  constructor(private readonly app: NestFastifyApplication) {
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onRequest', (request, reply, done) => {
      if (this.draining) {
        this.lastActivity = performance.now();
        markTurnedAway(reply.raw);
        reply.header('Connection', 'close').header('Retry-After', '5').code(503).send(DRAINING);
        return;
      }
      this.inFlight++;
      // 'close' fires once per response, whether it was sent or the client went away.
      reply.raw.once('close', () => this.finished());
      done();
    });
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (this.draining) reply.header('Connection', 'close');
      done(null, payload);
    });
  }

  async close(timeoutMs: number, logger: Logger): Promise<void> {
    this.draining = true;
    const deadline = performance.now() + timeoutMs;
    const server = this.app.getHttpServer();
    // Idle keep-alive connections are not cut here: a client may be writing its next request on one
    // at this very moment and would see a reset (the shutdown test caught exactly that). Their next
    // request gets the 503 with `Connection: close` instead; app.close() closes those still idle.
    const drained = await this.waitIdle(timeoutMs);
    if (!drained) {
      logger.warn(`${this.inFlight} request(s) still running after ${timeoutMs} ms: closing them`);
      server.closeAllConnections();
      // Their statements too: else each runs on in PostgreSQL after Folio has gone, its locks held.
      await cancelStatementsInFlight(this.app.get(DataSource)).catch((error: Error) =>
        logger.warn(`Could not cancel the statements of the closed requests: ${error.message}`),
      );
    } else {
      await this.waitQuiet(deadline);
    }
    await this.app.close();
  }

  private finished(): void {
    this.lastActivity = performance.now();
    this.inFlight--;
    if (this.inFlight === 0) this.idle?.();
  }

  /** Keeps answering 503 until nothing arrived for QUIET_MS, within the shutdown deadline. */
  private async waitQuiet(deadline: number): Promise<void> {
    for (;;) {
      const now = performance.now();
      const quietAt = Math.min(this.lastActivity + QUIET_MS, deadline);
      if (now >= quietAt) return;
      await new Promise((resolve) => setTimeout(resolve, quietAt - now));
    }
  }

  private waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}

const drains = new WeakMap<NestFastifyApplication, Drain>();

/** Called by configureApp, before any route is registered. */
export function installDrain(app: NestFastifyApplication): void {
  drains.set(app, new Drain(app));
}

/** What main.ts runs on SIGTERM/SIGINT (and the shutdown tests run directly). */
export async function closeGracefully(
  app: NestFastifyApplication,
  timeoutMs: number,
  logger = new Logger('Shutdown'),
): Promise<void> {
  const drain = drains.get(app);
  if (!drain) throw new Error('closeGracefully: configureApp() was not called on this app');
  // Workers stop taking jobs now, while requests drain; running jobs get the same timeout. Nest's
  // shutdown hook (in app.close()) then waits for this same stop.
  const stoppingJobs = app.get(JobQueue, { strict: false }).stop();
  await drain.close(timeoutMs, logger);
  await stoppingJobs;
}
