import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScheduledArticlesAndOldSlugs1796292885974 implements MigrationInterface {
  name = 'ScheduledArticlesAndOldSlugs1796292885974';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Hand-written: the generator does not see a changed CHECK expression, and every published article
    // needs its date (drafts lose theirs) before the new check holds.
    await queryRunner.query(`
            ALTER TABLE "articles" DROP CONSTRAINT "ck_articles_status"
        `);
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD CONSTRAINT "ck_articles_status" CHECK ("status" IN ('draft', 'scheduled', 'published'))
        `);
    await queryRunner.query(`
            UPDATE "articles" SET "published_at" = "created_at"
             WHERE "status" = 'published' AND "published_at" IS NULL
        `);
    await queryRunner.query(`
            UPDATE "articles" SET "published_at" = NULL
             WHERE "status" = 'draft' AND "published_at" IS NOT NULL
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_author_id_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_status_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_category_id_status_id"
        `);
    await queryRunner.query(`
            CREATE TABLE "article_slugs" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "slug" character varying(255) NOT NULL,
                "article_id" integer NOT NULL,
                CONSTRAINT "pk_article_slugs" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_article_slugs_article_id" ON "article_slugs" ("article_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ix_article_slugs_slug" ON "article_slugs" ("slug")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_articles_category_id_status_published_at_id" ON "articles" ("category_id", "status", "published_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_articles_author_id_status_published_at_id" ON "articles" ("author_id", "status", "published_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_articles_status_published_at_id" ON "articles" ("status", "published_at", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD CONSTRAINT "ck_articles_published_at" CHECK (("status" = 'draft') = ("published_at" IS NULL))
        `);
    await queryRunner.query(`
            ALTER TABLE "article_slugs"
            ADD CONSTRAINT "fk_article_slugs_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "article_slugs" DROP CONSTRAINT "fk_article_slugs_article_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "articles" DROP CONSTRAINT "ck_articles_published_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_status_published_at_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_author_id_status_published_at_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_category_id_status_published_at_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_article_slugs_slug"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_article_slugs_article_id"
        `);
    await queryRunner.query(`
            DROP TABLE "article_slugs"
        `);
    // Hand-written: the generator listed these columns out of order.
    await queryRunner.query(`
            CREATE INDEX "ix_articles_category_id_status_id" ON "articles" ("category_id", "status", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_articles_status_id" ON "articles" ("status", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_articles_author_id_id" ON "articles" ("author_id", "id")
        `);
    // Scheduled articles were not published yet: they go back to drafts.
    await queryRunner.query(`
            UPDATE "articles" SET "status" = 'draft', "published_at" = NULL WHERE "status" = 'scheduled'
        `);
    await queryRunner.query(`
            ALTER TABLE "articles" DROP CONSTRAINT "ck_articles_status"
        `);
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD CONSTRAINT "ck_articles_status" CHECK ("status" IN ('draft', 'published'))
        `);
  }
}
