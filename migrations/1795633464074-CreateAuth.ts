import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuth1795633464074 implements MigrationInterface {
  name = 'CreateAuth1795633464074';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "email" character varying(254) NOT NULL,
                "username" character varying(64) NOT NULL,
                "password_hash" character varying(255) NOT NULL,
                "bio" text,
                "image" character varying(2048),
                "is_active" boolean NOT NULL DEFAULT true,
                "is_verified" boolean NOT NULL DEFAULT false,
                "is_superuser" boolean NOT NULL DEFAULT false,
                CONSTRAINT "uq_users_username" UNIQUE ("username"),
                CONSTRAINT "pk_users" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "access_tokens" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "user_id" integer NOT NULL,
                "token_hash" character(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "last_used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "uq_access_tokens_token_hash" UNIQUE ("token_hash"),
                CONSTRAINT "pk_access_tokens" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_access_tokens_user_id" ON "access_tokens" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "follows" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "follower_id" integer NOT NULL,
                "followee_id" integer NOT NULL,
                CONSTRAINT "uq_follows_follower_id_followee_id" UNIQUE ("follower_id", "followee_id"),
                CONSTRAINT "ck_follows_not_self" CHECK ("follower_id" <> "followee_id"),
                CONSTRAINT "pk_follows" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_follows_followee_id" ON "follows" ("followee_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "one_time_tokens" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "user_id" integer NOT NULL,
                "purpose" character varying(32) NOT NULL,
                "token_hash" character(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "uq_one_time_tokens_token_hash" UNIQUE ("token_hash"),
                CONSTRAINT "pk_one_time_tokens" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_one_time_tokens_user_id" ON "one_time_tokens" ("user_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "access_tokens"
            ADD CONSTRAINT "fk_access_tokens_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "follows"
            ADD CONSTRAINT "fk_follows_follower_id" FOREIGN KEY ("follower_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "follows"
            ADD CONSTRAINT "fk_follows_followee_id" FOREIGN KEY ("followee_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "one_time_tokens"
            ADD CONSTRAINT "fk_one_time_tokens_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // Hand-written: emails are unique whatever their case; the generator cannot express this index.
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_users_lower_email" ON "users" (lower("email"))
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ux_users_lower_email"
        `);
    await queryRunner.query(`
            ALTER TABLE "one_time_tokens" DROP CONSTRAINT "fk_one_time_tokens_user_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "follows" DROP CONSTRAINT "fk_follows_followee_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "follows" DROP CONSTRAINT "fk_follows_follower_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "access_tokens" DROP CONSTRAINT "fk_access_tokens_user_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_one_time_tokens_user_id"
        `);
    await queryRunner.query(`
            DROP TABLE "one_time_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_follows_followee_id"
        `);
    await queryRunner.query(`
            DROP TABLE "follows"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_access_tokens_user_id"
        `);
    await queryRunner.query(`
            DROP TABLE "access_tokens"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
  }
}
