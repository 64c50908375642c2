import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { prepared, sql } from '../../../libs/database/sql';
import { queryRows, rowMapper } from '../../../libs/database/sql-row';
import { WebhookEndpoint } from './webhook-endpoint.entity';

const ENDPOINT_ID = rowMapper('webhook endpoint id', (row) => row.int('id'));

@Injectable()
export class WebhookEndpointsRepository extends BaseRepository<WebhookEndpoint> {
  constructor(session: DatabaseSession) {
    // API errors name it `webhook`: {"errors":{"webhook":["not found"]}}.
    super(session, WebhookEndpoint, 'webhook');
  }

  /** The active endpoints that receive `event`: one read of a small table per event, planned once per connection. */
  subscribedTo(event: string): Promise<number[]> {
    const ids = sql`SELECT id FROM webhook_endpoints
      WHERE is_active AND ${event} = ANY(events) ORDER BY id`;
    return this.query((_repository, manager) => queryRows(manager, prepared(ids), ENDPOINT_ID));
  }

  /** The endpoint, locked until the unit of work ends: deliveries' outcomes update it one at a time. */
  findForUpdate(id: number): Promise<WebhookEndpoint | null> {
    return this.query((repository) =>
      repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }),
    );
  }
}
