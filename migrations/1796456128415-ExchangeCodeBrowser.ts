import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An exchange code is traded only from the browser it was handed to (its `folio_oauth` cookie). Codes
 * live a minute: those issued before this change, without a browser, are dropped rather than left
 * tradable from anywhere.
 */
export class ExchangeCodeBrowser1796456128415 implements MigrationInterface {
  name = 'ExchangeCodeBrowser1796456128415';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "provider_exchange_codes"`);
    await queryRunner.query(`
            ALTER TABLE "provider_exchange_codes"
            ADD "browser_hash" character(64) NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "provider_exchange_codes" DROP COLUMN "browser_hash"
        `);
  }
}
