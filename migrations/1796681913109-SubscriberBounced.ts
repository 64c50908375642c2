import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A subscriber whose mailbox the receiving server refused for good is `bounced`, with the time in
 * `bounced_at` (generated). TypeORM does not compare a check's expression, so the status check's new
 * value is written here by hand.
 */
export class SubscriberBounced1796681913109 implements MigrationInterface {
  name = 'SubscriberBounced1796681913109';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "newsletter_subscribers"
            ADD "bounced_at" TIMESTAMP WITH TIME ZONE
        `);
    await this.allowStatuses(queryRunner, `'pending', 'active', 'unsubscribed', 'bounced'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Before this migration an address was mailed or it had left: a bounced one is mailed nothing.
    await queryRunner.query(`
            UPDATE "newsletter_subscribers"
               SET "status" = 'unsubscribed', "unsubscribed_at" = COALESCE("unsubscribed_at", "bounced_at")
             WHERE "status" = 'bounced'
        `);
    await this.allowStatuses(queryRunner, `'pending', 'active', 'unsubscribed'`);
    await queryRunner.query(`
            ALTER TABLE "newsletter_subscribers" DROP COLUMN "bounced_at"
        `);
  }

  private async allowStatuses(queryRunner: QueryRunner, statuses: string): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "newsletter_subscribers" DROP CONSTRAINT "ck_newsletter_subscribers_status"
        `);
    await queryRunner.query(`
            ALTER TABLE "newsletter_subscribers"
            ADD CONSTRAINT "ck_newsletter_subscribers_status" CHECK ("status" IN (${statuses}))
        `);
  }
}
