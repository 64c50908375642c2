import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every instance keeps the webhook subscriptions in memory (WebhookSubscriptions): a change to which
 * endpoints are active or to the events they take notifies the channel `folio_webhook_endpoints` at
 * commit, whatever wrote it (the API, a failing endpoint switched off by its deliveries, plain SQL).
 */
export class WebhookEndpointsNotify1796386904583 implements MigrationInterface {
  name = 'WebhookEndpointsNotify1796386904583';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE FUNCTION webhook_endpoints_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM pg_notify('folio_webhook_endpoints', '');
              RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER webhook_endpoints_notify
            AFTER INSERT OR DELETE OR UPDATE OF is_active, events OR TRUNCATE ON "webhook_endpoints"
            FOR EACH STATEMENT EXECUTE FUNCTION webhook_endpoints_notify()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER webhook_endpoints_notify ON "webhook_endpoints"`);
    await queryRunner.query(`DROP FUNCTION webhook_endpoints_notify()`);
  }
}
