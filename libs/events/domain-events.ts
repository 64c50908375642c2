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

/**
 * Publishes domain events after the current unit of work commits (at once outside one), never for a
 * rolled-back write. Subscribers run after the response's transaction, outside it: one that writes opens
 * its own (`session.transaction()`), and its failure is logged, never seen by the publisher.
 */
@Injectable()
export class DomainEvents {
  private readonly logger = new Logger('DomainEvents');

  constructor(
    private readonly emitter: EventEmitter2,
    private readonly session: DatabaseSession,
  ) {}

  publish<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    this.session.afterCommit(() => this.dispatch(name, payload));
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
 * Subscribes a provider's method to a domain event, typed by the event map. Subscribers run
 * asynchronously (the publisher never waits for them); an error is logged in one line with the
 * event's name (no stack).
 */
export function OnDomainEvent<K extends DomainEventName>(name: K): MethodDecorator {
  return OnEvent(name, { async: true, promisify: true, suppressErrors: false });
}
