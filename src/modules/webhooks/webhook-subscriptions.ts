import { Injectable } from '@nestjs/common';
import {
  DatabaseNotifications,
  WatchedChannel,
} from '../../../libs/database/database-notifications';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';

/** Notified at commit by the trigger of migration WebhookEndpointsNotify. */
export const WEBHOOK_ENDPOINTS_CHANNEL = 'folio_webhook_endpoints';

/**
 * Which endpoints receive an event, kept in memory: every write that publishes an event asks, and
 * endpoints change seldom. The kept copy is read again after any change to the endpoints on any
 * instance (LISTEN/NOTIFY, DatabaseNotifications); while this process is not listening it asks the
 * database every time. An event committed in the moment between another instance's change and its
 * notification may still go by the old subscriptions (a disabled endpoint's delivery is dropped when
 * it is sent).
 */
@Injectable()
export class WebhookSubscriptions {
  private channel?: WatchedChannel;
  private kept?: { version: number; byEvent: Map<string, number[]> };

  constructor(
    private readonly notifications: DatabaseNotifications,
    private readonly endpoints: WebhookEndpointsRepository,
  ) {}

  /** The active endpoints that receive `event`, in order. */
  async endpointsFor(event: string): Promise<readonly number[]> {
    // Watched from the first event on: a process that publishes none (the CLI) opens no connection.
    const channel = (this.channel ??= this.notifications.watch(WEBHOOK_ENDPOINTS_CHANNEL));
    if (!channel.live) return this.endpoints.subscribedTo(event);
    let byEvent = this.current();
    if (!byEvent) {
      const version = channel.version;
      byEvent = await this.endpoints.subscriptions();
      // Kept only when nothing changed while it was read.
      if (channel.live && channel.version === version) this.kept = { version, byEvent };
    }
    return byEvent.get(event) ?? [];
  }

  /** Whether `endpointsFor(event)` would answer none from memory now, without a statement. */
  knownNone(event: string): boolean {
    const byEvent = this.current();
    return byEvent !== undefined && !byEvent.get(event)?.length;
  }

  /** The kept subscriptions, while they are current (listening, and nothing changed since read). */
  private current(): Map<string, number[]> | undefined {
    const { channel, kept } = this;
    return channel?.live && kept?.version === channel.version ? kept.byEvent : undefined;
  }
}
