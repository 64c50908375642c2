import { Injectable } from '@nestjs/common';
import { BaseRepository, Page } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { DeliveryStatus, WebhookDelivery } from './webhook-delivery.entity';
import type { SendOutcome } from './webhook-sender';

@Injectable()
export class WebhookDeliveriesRepository extends BaseRepository<WebhookDelivery> {
  constructor(session: DatabaseSession) {
    // API errors name it `delivery`: {"errors":{"delivery":["not found"]}}.
    super(session, WebhookDelivery, 'delivery');
  }

  /** An endpoint's deliveries, newest first, and how many it has in all. */
  listForEndpoint(endpointId: number, page: Page): Promise<[WebhookDelivery[], number]> {
    return this.query((repository) =>
      repository.findAndCount({
        where: { endpointId },
        order: { id: 'DESC' },
        take: page.limit,
        skip: page.offset,
      }),
    );
  }

  /** Deletes finished (delivered or failed) deliveries created before `before`; how many went. */
  deleteFinishedBefore(before: Date): Promise<number> {
    return this.query(async (repository) => {
      const result = await repository
        .createQueryBuilder()
        .delete()
        .where("status <> 'pending' AND created_at < :before", { before })
        .execute();
      return result.affected ?? 0;
    });
  }

  /** Writes one try's outcome into the log. */
  recordAttempt(
    id: number,
    outcome: SendOutcome,
    status: DeliveryStatus,
  ): Promise<WebhookDelivery> {
    return this.update(id, {
      attempts: () => 'attempts + 1',
      lastAttemptAt: () => 'CURRENT_TIMESTAMP',
      deliveredAt: status === 'delivered' ? () => 'CURRENT_TIMESTAMP' : null,
      status,
      responseStatus: outcome.status,
      responseBody: outcome.body,
      durationMs: outcome.durationMs,
      error: outcome.error,
    });
  }
}
