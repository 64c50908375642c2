import { Injectable } from '@nestjs/common';
import { DatabaseNotifications } from '../../../libs/database/database-notifications';
import { KeptCopy } from '../../../libs/database/kept-copy';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';

/** Notified at commit by the trigger of migration WebhookEndpointsNotify. */
export const WEBHOOK_ENDPOINTS_CHANNEL = 'folio_webhook_endpoints';

/**
 * Which endpoints receive an event, kept in memory: every write that publishes an event asks, and
 * endpoints change seldom. The kept copy is read again after any change to the endpoints on any
 * instance (LISTEN/NOTIFY, KeptCopy); while this process is not listening it asks the database every
 * time. An event committed in the moment between another instance's change and its notification may
 * still go by the old subscriptions (a disabled endpoint's delivery is dropped when it is sent).
 */
@Injectable()
export class WebhookSubscriptions {
  private readonly byEvent: KeptCopy<Map<string, number[]>>;

  constructor(
    notifications: DatabaseNotifications,
    private readonly endpoints: WebhookEndpointsRepository,
  ) {
    this.byEvent = new KeptCopy(notifications, WEBHOOK_ENDPOINTS_CHANNEL, () =>
      endpoints.subscriptions(),
    );
  }

  /** The active endpoints that receive `event`, in order. */
  async endpointsFor(event: string): Promise<readonly number[]> {
    if (!this.byEvent.live) return this.endpoints.subscribedTo(event);
    return (await this.byEvent.value()).get(event) ?? [];
  }

  /** Whether `endpointsFor(event)` would answer none from memory now, without a statement. */
  knownNone(event: string): boolean {
    const byEvent = this.byEvent.current();
    return byEvent !== undefined && !byEvent.get(event)?.length;
  }
}
