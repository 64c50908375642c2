import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import { DatabaseSession } from '../database/database-session';

/**
 * What happened, by event name. Empty here: each publishing module adds its own events by declaration
 * merging (`declare module '.../libs/events/domain-events' { interface DomainEventMap { ... } }`) in its
 * `*.events.ts` file, so subscribers get typed payloads and this library knows no feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DomainEventMap {}

export type DomainEventName = Extract<keyof DomainEventMap, string>;

/** In-transaction subscribers listen under this prefix, apart from the after-commit ones. */
const IN_TRANSACTION = 'in-transaction:';

/**
 * Publishes domain events after the current unit of work commits (at once outside one), never for a
 * rolled-back write. Subscribers run after the response's transaction, outside it: one that writes opens
 * its own (`session.transaction()`), and its failure is logged, never seen by the publisher.
 *
 * A subscriber marked `inTransaction` runs instead inside the publisher's unit of work, before the
 * publisher goes on: what it writes (a job, through JobQueue) commits or rolls back with the change, and
 * its failure fails the publisher's request. For work that must never be lost nor sent for a write that
 * did not happen (webhook deliveries).
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');

  constructor(
    private readonly emitter: EventEmitter2,
    private readonly session: DatabaseSession,
  ) {}

  /** Per event, in-transaction subscribers that can tell when they would run no statement (`idle`). */
  private readonly idle = new Map<string, WeakMap<object, () => boolean>>();

  async publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): Promise<void> {
    if (!this.session.ranAlone) {
      await this.emitter.emitAsync(`${IN_TRANSACTION}${name}`, payload);
    } else if (!this.quiet(name)) {
      // The write ran alone (writeThenPublish found every in-transaction subscriber idle as its
      // connection was taken) and is committed: nothing may run in its unit any more. A subscriber
      // that woke since (an endpoint subscribed meanwhile on another instance) misses this event, as
      // it would had the write committed a moment earlier; one that never said it would be idle is a
      // misuse of `last`, told here.
      this.logger.error(
        `In-transaction subscribers of ${name} were skipped: its write had already committed alone`,
      );
    }
    this.session.afterCommit(() => this.dispatch(name, payload));
  }

  /**
   * Runs `write`, one statement, as its unit of work's last when no in-transaction subscriber of
   * `name` would add one (asked once the unit's connection is taken): a request whose only statement
   * it is then makes one round trip, COMMIT included (DatabaseSession.last). The caller publishes
   * `name` after it and must not fail after it.
   */
  writeThenPublish<T>(name: DomainEventName, write: () => Promise<T>): Promise<T> {
    return this.session.last(write, () => this.quiet(name));
  }

  /** Whether every in-transaction subscriber of `name` says it would run no statement now. */
  private quiet(name: string): boolean {
    const idle = this.idle.get(name);
    return this.emitter
      .listeners(`${IN_TRANSACTION}${name}`)
      .every((listener) => idle?.get(listener)?.() === true);
  }

  /**
   * Subscribes `handler` to the event inside the publisher's unit of work, as
   * `@OnDomainEvent(name, { inTransaction: true })` does: for a subscriber that handles many events alike.
   * `idle`, when given, tells synchronously that the handler would run no statement now.
   */
  subscribeInTransaction<K extends DomainEventName>(
    name: K,
    handler: (payload: DomainEventMap[K]) => Promise<void>,
    idle?: () => boolean,
  ): void {
    if (idle) {
      const forEvent = this.idle.get(name) ?? new WeakMap<object, () => boolean>();
      forEvent.set(handler, idle);
      this.idle.set(name, forEvent);
    }
    // publish() calls emitAsync, which awaits the promise each listener returns.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    this.emitter.on(`${IN_TRANSACTION}${name}`, handler);
  }

  private dispatch(name: string, payload: unknown): void {
    // Outside the finished unit of work: a subscriber's queries go to the pool or a transaction of its own.
    void this.session.outsideTransaction(async () => {
      try {
        await this.emitter.emitAsync(name, payload);
      } catch (error) {
        this.logger.error(`A subscriber of ${name} failed: ${(error as Error).message}`);
      }
    });
  }
}

/**
 * Subscribes a provider's method to a domain event, typed by the event map. By default subscribers run
 * after commit and asynchronously (the publisher never waits for them); an error is logged in one line
 * with the event's name (no stack). With `inTransaction`, the subscriber runs inside the publisher's unit
 * of work and the publisher waits for it (see DomainEvents).
 */
export function OnDomainEvent<K extends DomainEventName>(
  name: K,
  options: { inTransaction?: boolean } = {},
): MethodDecorator {
  return options.inTransaction
    ? OnEvent(`${IN_TRANSACTION}${name}`, { promisify: true, suppressErrors: false })
    : OnEvent(name, { async: true, promisify: true, suppressErrors: false });
}
