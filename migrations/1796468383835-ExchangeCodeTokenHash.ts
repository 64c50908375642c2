import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An exchange code is a single-use secret like the emailed tokens (SingleUseSecretEntity): its hash
 * column takes their name. A rename: codes issued before it still trade.
 */
export class ExchangeCodeTokenHash1796468383835 implements MigrationInterface {
  name = 'ExchangeCodeTokenHash1796468383835';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "provider_exchange_codes"
                RENAME COLUMN "code_hash" TO "token_hash"
        `);
    await queryRunner.query(`
            ALTER TABLE "provider_exchange_codes"
                RENAME CONSTRAINT "uq_provider_exchange_codes_code_hash" TO "uq_provider_exchange_codes_token_hash"
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "provider_exchange_codes"
                RENAME CONSTRAINT "uq_provider_exchange_codes_token_hash" TO "uq_provider_exchange_codes_code_hash"
        `);
    await queryRunner.query(`
            ALTER TABLE "provider_exchange_codes"
                RENAME COLUMN "token_hash" TO "code_hash"
        `);
  }
}
