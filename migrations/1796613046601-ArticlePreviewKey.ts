import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Preview links: an article's key, with which anyone who has the link reads it before it is published.
 * The column is null (nothing is written to the table's rows); the partial index holds only shared
 * articles, and building it reads the table once (about a second for a million articles).
 */
export class ArticlePreviewKey1796613046601 implements MigrationInterface {
  name = 'ArticlePreviewKey1796613046601';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD "preview_key" character varying(64)
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_articles_preview_key" ON "articles" ("preview_key")
            WHERE "preview_key" IS NOT NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ux_articles_preview_key"
        `);
    await queryRunner.query(`
            ALTER TABLE "articles" DROP COLUMN "preview_key"
        `);
  }
}
