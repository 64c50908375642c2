import { MigrationInterface, QueryRunner } from 'typeorm';

/** The secret before a rotation, which signs beside the new one until it expires (24 h by default). */
export class WebhookSecretOverlap1796485599258 implements MigrationInterface {
  name = 'WebhookSecretOverlap1796485599258';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "webhook_endpoints"
            ADD "previous_secret" character varying(100)
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_endpoints"
            ADD "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "webhook_endpoints" DROP COLUMN "previous_secret_expires_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_endpoints" DROP COLUMN "previous_secret"
        `);
  }
}
