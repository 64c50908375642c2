import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { prepared, sql } from '../../../libs/database/sql';
import { queryRows, rowMapper } from '../../../libs/database/sql-row';
import { WebhookEndpoint } from './webhook-endpoint.entity';

const ENDPOINT_ID = rowMapper('webhook endpoint id', (row) => row.int('id'));
const ENDPOINT_EVENTS = rowMapper('webhook endpoint events', (row) => ({
  id: row.int('id'),
  events: row.strings('events'),
}));

@Injectable()
export class WebhookEndpointsRepository extends BaseRepository<WebhookEndpoint> {
  constructor(session: DatabaseSession) {
    // API errors name it `webhook`: {"errors":{"webhook":["not found"]}}.
    super(session, WebhookEndpoint, 'webhook');
  }

  /** The active endpoints that receive `event`, in order. */
  subscribedTo(event: string): Promise<number[]> {
    const ids = sql`SELECT id FROM webhook_endpoints
      WHERE is_active AND ${event} = ANY(events) ORDER BY id`;
    return this.query((_repository, manager) => queryRows(manager, prepared(ids), ENDPOINT_ID));
  }

  /** Every active endpoint's events: event name → the endpoints that receive it, in order. */
  async subscriptions(): Promise<Map<string, number[]>> {
    const query = prepared(
      sql`SELECT id, events FROM webhook_endpoints WHERE is_active ORDER BY id`,
    );
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, query, ENDPOINT_EVENTS),
    );
    const byEvent = new Map<string, number[]>();
    for (const { id, events } of rows) {
      for (const event of events) {
        const ids = byEvent.get(event);
        if (ids) ids.push(id);
        else byEvent.set(event, [id]);
      }
    }
    return byEvent;
  }

  /** The endpoint, locked until the unit of work ends: deliveries' outcomes update it one at a time. */
  findForUpdate(id: number): Promise<WebhookEndpoint | null> {
    return this.query((repository) =>
      repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }),
    );
  }
}
