import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search's recent tier: `articles.search_recent` marks the newest published articles, and a GIN index
 * holds only their search vectors. A search ranks the matches among them when there are enough (a
 * word in one article of a hundred has ~500 among the newest 50,000, against ~10,000 heap visits in the
 * whole index at a million articles), and the whole index otherwise.
 *
 * A trigger marks an article as it becomes published and unmarks it as it stops being published; the
 * `article-search-trim` job unmarks those older than the newest SEARCH_RECENT_ARTICLES. This migration
 * marks the newest 50,000 (the setting's default) so existing sites start with the tier filled.
 */
export class RecentSearch1796343688912 implements MigrationInterface {
  name = 'RecentSearch1796343688912';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD "search_recent" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            UPDATE "articles" SET "search_recent" = true
             WHERE "id" IN (SELECT "id" FROM "articles" WHERE "status" = 'published'
                             ORDER BY "published_at" DESC, "id" DESC LIMIT 50000)
        `);
    // Hand-added: a partial GIN index (beyond TypeORM's index options; the entity marks it synchronize: false).
    await queryRunner.query(`
            CREATE INDEX "ix_articles_search_recent" ON "articles" USING GIN ("search_vector")
             WHERE "search_recent"
        `);
    // The trim job's way to the tier's oldest rows, without reading the untiered ones.
    await queryRunner.query(`
            CREATE INDEX "ix_articles_search_recent_order" ON "articles" ("published_at", "id")
             WHERE "search_recent"
        `);
    await queryRunner.query(`
      CREATE FUNCTION articles_search_recent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status <> 'published' THEN
          NEW.search_recent := false;
        ELSIF TG_OP = 'INSERT' OR OLD.status <> 'published' THEN
          NEW.search_recent := true;
        END IF;
        RETURN NEW;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER articles_search_recent BEFORE INSERT OR UPDATE OF status ON articles
        FOR EACH ROW EXECUTE FUNCTION articles_search_recent()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER articles_search_recent ON articles`);
    await queryRunner.query(`DROP FUNCTION articles_search_recent()`);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_search_recent_order"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_search_recent"
        `);
    await queryRunner.query(`
            ALTER TABLE "articles" DROP COLUMN "search_recent"
        `);
  }
}
