import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityProviders1796329343097 implements MigrationInterface {
  name = 'IdentityProviders1796329343097';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "provider_exchange_codes" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "user_id" integer NOT NULL,
                "code_hash" character(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "uq_provider_exchange_codes_code_hash" UNIQUE ("code_hash"),
                CONSTRAINT "pk_provider_exchange_codes" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_provider_exchange_codes_user_id" ON "provider_exchange_codes" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "provider_logins" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "state_hash" character(64) NOT NULL,
                "browser_hash" character(64) NOT NULL,
                "provider" character varying(64) NOT NULL,
                "nonce" character varying(128),
                "code_verifier" character varying(128) NOT NULL,
                "return_to" character varying(2048) NOT NULL,
                "user_id" integer,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "uq_provider_logins_state_hash" UNIQUE ("state_hash"),
                CONSTRAINT "pk_provider_logins" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_provider_logins_user_id" ON "provider_logins" ("user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_provider_logins_expires_at" ON "provider_logins" ("expires_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "user_identities" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "user_id" integer NOT NULL,
                "provider" character varying(64) NOT NULL,
                "subject" character varying(255) NOT NULL,
                "email" character varying(254),
                CONSTRAINT "pk_user_identities" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ix_user_identities_user_id_provider" ON "user_identities" ("user_id", "provider")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ix_user_identities_provider_subject" ON "user_identities" ("provider", "subject")
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ALTER COLUMN "password_hash" DROP NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "provider_exchange_codes"
            ADD CONSTRAINT "fk_provider_exchange_codes_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "provider_logins"
            ADD CONSTRAINT "fk_provider_logins_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "user_identities"
            ADD CONSTRAINT "fk_user_identities_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "user_identities" DROP CONSTRAINT "fk_user_identities_user_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "provider_logins" DROP CONSTRAINT "fk_provider_logins_user_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "provider_exchange_codes" DROP CONSTRAINT "fk_provider_exchange_codes_user_id"
        `);
    // Accounts made by a provider have no password: a string that is no argon2 hash matches none.
    await queryRunner.query(`
            UPDATE "users" SET "password_hash" = '!no-password' WHERE "password_hash" IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ALTER COLUMN "password_hash"
            SET NOT NULL
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_user_identities_provider_subject"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_user_identities_user_id_provider"
        `);
    await queryRunner.query(`
            DROP TABLE "user_identities"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_provider_logins_expires_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_provider_logins_user_id"
        `);
    await queryRunner.query(`
            DROP TABLE "provider_logins"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_provider_exchange_codes_user_id"
        `);
    await queryRunner.query(`
            DROP TABLE "provider_exchange_codes"
        `);
  }
}
