import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The newsletter: its subscribers and the record of each article's mail to each of them. New tables;
 * nothing else is read or written. Hand-written: the unique index on lower(email) (an address is one
 * subscriber whatever its case), and the trigger that tells every instance at commit that the
 * subscribers changed (NewsletterAudience keeps whether there are any).
 */
export class Newsletter1796647093553 implements MigrationInterface {
  name = 'Newsletter1796647093553';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "newsletter_subscribers" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "email" character varying(254) NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'pending',
                "confirm_token_hash" character varying(64),
                "confirm_expires_at" TIMESTAMP WITH TIME ZONE,
                "unsubscribe_token" character varying(64) NOT NULL,
                "confirmed_at" TIMESTAMP WITH TIME ZONE,
                "unsubscribed_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "uq_newsletter_subscribers_confirm_token_hash" UNIQUE ("confirm_token_hash"),
                CONSTRAINT "uq_newsletter_subscribers_unsubscribe_token" UNIQUE ("unsubscribe_token"),
                CONSTRAINT "ck_newsletter_subscribers_pending_token" CHECK (
                    "status" <> 'pending'
                    OR (
                        "confirm_token_hash" IS NOT NULL
                        AND "confirm_expires_at" IS NOT NULL
                    )
                ),
                CONSTRAINT "ck_newsletter_subscribers_status" CHECK (
                    "status" IN ('pending', 'active', 'unsubscribed')
                ),
                CONSTRAINT "pk_newsletter_subscribers" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_newsletter_subscribers_status_id" ON "newsletter_subscribers" ("status", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_newsletter_subscribers_lower_email" ON "newsletter_subscribers" (lower("email"))
        `);
    await queryRunner.query(`
            CREATE FUNCTION newsletter_subscribers_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM pg_notify('folio_newsletter_subscribers', '');
              RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER newsletter_subscribers_notify
            AFTER INSERT OR DELETE OR UPDATE OF status OR TRUNCATE ON "newsletter_subscribers"
            FOR EACH STATEMENT EXECUTE FUNCTION newsletter_subscribers_notify()
        `);
    await queryRunner.query(`
            CREATE TABLE "newsletter_sends" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "article_id" integer NOT NULL,
                "subscriber_id" integer NOT NULL,
                "sent_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "pk_newsletter_sends" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_newsletter_sends_subscriber_id" ON "newsletter_sends" ("subscriber_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ix_newsletter_sends_article_id_subscriber_id" ON "newsletter_sends" ("article_id", "subscriber_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "newsletter_sends"
            ADD CONSTRAINT "fk_newsletter_sends_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "newsletter_sends"
            ADD CONSTRAINT "fk_newsletter_sends_subscriber_id" FOREIGN KEY ("subscriber_id") REFERENCES "newsletter_subscribers"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "newsletter_sends" DROP CONSTRAINT "fk_newsletter_sends_subscriber_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "newsletter_sends" DROP CONSTRAINT "fk_newsletter_sends_article_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_newsletter_sends_article_id_subscriber_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_newsletter_sends_subscriber_id"
        `);
    await queryRunner.query(`
            DROP TABLE "newsletter_sends"
        `);
    await queryRunner.query(`
            DROP TRIGGER newsletter_subscribers_notify ON "newsletter_subscribers"
        `);
    await queryRunner.query(`
            DROP FUNCTION newsletter_subscribers_notify()
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_newsletter_subscribers_lower_email"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_newsletter_subscribers_status_id"
        `);
    await queryRunner.query(`
            DROP TABLE "newsletter_subscribers"
        `);
  }
}
