import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import {
  DatabaseNotifications,
  WatchedChannel,
} from '../../../libs/database/database-notifications';
import { DatabaseSession } from '../../../libs/database/database-session';
import { ReplicaRouter } from '../../../libs/database/replica-router';
import type { HttpCacheConfig } from '../../config/http-cache-config';

/**
 * Notified after every committed write on any instance (DatabaseNotifications.notify); an operator who
 * changes data by hand may send `NOTIFY folio_answers` too, or wait MAX_AGE_MS.
 */
export const ANSWERS_CHANNEL = 'folio_answers';

/** How long an answer is kept at most: what a change made outside Folio may take to show. */
const MAX_AGE_MS = 60_000;

/**
 * The routes whose anonymous answers are kept: the reads a popular article gets most, and the tags every
 * RealWorld home page asks for on each visit; answers that depend on nothing but the data (no query
 * string, no token). Paths as Fastify registers them.
 */
const KEPT_ROUTES: ReadonlySet<string> = new Set([
  '/api/articles/:slug',
  '/api/articles/:slug/comments',
  '/api/tags',
]);

const JSON_TYPE = 'application/json; charset=utf-8';

/** What the data looked like when a request began: a kept answer must be made from that state. */
interface Stamp {
  version: number;
  epoch: number;
}

/**
 * Anonymous answers kept in this process, by path, least recently read dropped first past `maxBytes`,
 * none longer than MAX_AGE_MS. Every write drops them all: a commit in this process at once (before its
 * request answers), a commit on another instance when its notification arrives (`channel`). While this
 * process does not listen, nothing is kept. An answer is kept only if nothing changed while it was made.
 */
export class AnswerCache {
  private readonly answers = new Map<string, { answer: string; keptAt: number }>();
  private bytes = 0;
  private epoch = 0;
  private version: number;

  constructor(
    private readonly channel: WatchedChannel,
    private readonly maxBytes: number,
  ) {
    this.version = channel.version;
  }

  /** The current state, or undefined when nothing may be kept. */
  stamp(): Stamp | undefined {
    if (!this.channel.live) {
      this.drop();
      return undefined;
    }
    if (this.version !== this.channel.version) {
      this.version = this.channel.version;
      this.drop();
    }
    return { version: this.version, epoch: this.epoch };
  }

  get(key: string, now = Date.now()): string | undefined {
    const kept = this.answers.get(key);
    if (kept === undefined) return undefined;
    this.remove(key);
    if (now - kept.keptAt >= MAX_AGE_MS) return undefined;
    // Read again: now the most recently read.
    this.answers.set(key, kept);
    this.bytes += kept.answer.length * 2;
    return kept.answer;
  }

  /** Keeps `answer` if the data is still as `stamp` saw it. */
  set(key: string, answer: string, stamp: Stamp, keptAt = Date.now()): void {
    const current = this.stamp();
    if (current?.version !== stamp.version || current.epoch !== stamp.epoch) return;
    const size = answer.length * 2;
    if (size > this.maxBytes) return;
    this.remove(key);
    this.answers.set(key, { answer, keptAt });
    this.bytes += size;
    for (const [oldest] of this.answers) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  /** A change committed in this process. */
  changed(): void {
    this.epoch++;
    this.drop();
  }

  private remove(key: string): void {
    const kept = this.answers.get(key);
    if (kept === undefined) return;
    this.answers.delete(key);
    this.bytes -= kept.answer.length * 2;
  }

  private drop(): void {
    this.answers.clear();
    this.bytes = 0;
  }
}

/**
 * Serves the kept anonymous answers of KEPT_ROUTES before Nest's pipeline (Fastify's preHandler: the
 * security and CORS headers, the request id and the access log are already in place; the ETag and
 * Cache-Control come after, in onSend, as for any answer), and keeps the ones Nest makes. Before
 * app.init(), like installMetrics. Off with read replicas: an answer made from a replica that has not
 * replayed the last write yet would be kept, stale, until the next one.
 */
export function installAnswerCache(
  app: NestFastifyApplication,
  config: HttpCacheConfig,
): NestFastifyApplication {
  // A replica that has not yet replayed a write would have its old answer kept until the next write.
  if (config.answerCacheBytes === 0 || app.get(ReplicaRouter).enabled) return app;
  const notifications = app.get(DatabaseNotifications);
  const cache = new AnswerCache(notifications.watch(ANSWERS_CHANNEL), config.answerCacheBytes);
  app.get(DatabaseSession).onCommit(() => {
    cache.changed();
    notifications.notify(ANSWERS_CHANNEL);
  });
  const filling = new WeakMap<FastifyRequest, Stamp>();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('preHandler', (request, reply, done) => {
    if (
      request.method !== 'GET' ||
      request.headers.authorization !== undefined ||
      !KEPT_ROUTES.has(request.routeOptions.url ?? '') ||
      request.url.includes('?')
    ) {
      done();
      return;
    }
    const stamp = cache.stamp();
    const answer = stamp && cache.get(request.url);
    if (answer === undefined) {
      if (stamp) filling.set(request, stamp);
      done();
      return;
    }
    void reply.type(JSON_TYPE).send(answer);
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const stamp = filling.get(request);
    if (stamp && reply.statusCode === 200 && typeof payload === 'string') {
      cache.set(request.url, payload, stamp);
    }
    done(null, payload);
  });
  return app;
}
