import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * articles.first_slug: the slug an article was created with, its id in feeds from here on (a renamed
 * article kept its feed id, so readers showed it again as new). An existing article's is its current
 * slug, which its feed id already was: nothing a reader holds changes. A trigger fills it on insert,
 * whoever inserts; the unique constraint keeps any other article from taking it.
 */
export class ArticleFirstSlug1796508730767 implements MigrationInterface {
  name = 'ArticleFirstSlug1796508730767';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "articles"
      ADD "first_slug" character varying(255)
    `);
    await queryRunner.query(`UPDATE "articles" SET "first_slug" = "slug"`);
    await queryRunner.query(`
      ALTER TABLE "articles" ALTER COLUMN "first_slug" SET NOT NULL
    `);
    await queryRunner.query(`
      ALTER TABLE "articles"
      ADD CONSTRAINT "uq_articles_first_slug" UNIQUE ("first_slug")
    `);
    await queryRunner.query(`
      CREATE FUNCTION articles_first_slug() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.first_slug := NEW.slug;
        RETURN NEW;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER articles_first_slug BEFORE INSERT ON articles
        FOR EACH ROW EXECUTE FUNCTION articles_first_slug()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER articles_first_slug ON articles');
    await queryRunner.query('DROP FUNCTION articles_first_slug()');
    await queryRunner.query(`
      ALTER TABLE "articles" DROP CONSTRAINT "uq_articles_first_slug"
    `);
    await queryRunner.query(`
      ALTER TABLE "articles" DROP COLUMN "first_slug"
    `);
  }
}
