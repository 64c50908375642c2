import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An article titled "Feed" got the slug `feed`, which `GET /api/articles/feed` (the followed authors'
 * feed) answers in its place: its address never led to it through the API. Such an article gets a
 * suffixed slug, as a taken one would, and `feed` is kept as its old slug, so the site's page at
 * `/article/feed` (which the server did answer) redirects to the new one. Its first slug (its feed id)
 * stays. New ones never get it (RESERVED_ARTICLE_SLUGS).
 */
export class ReservedFeedSlug1796519099314 implements MigrationInterface {
  name = 'ReservedFeedSlug1796519099314';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      WITH renamed AS (
        UPDATE "articles"
        SET "slug" = 'feed-' || substr(md5("id"::text || clock_timestamp()::text), 1, 6)
        WHERE "slug" = 'feed' RETURNING "id")
      INSERT INTO "article_slugs" ("slug", "article_id") SELECT 'feed', "id" FROM renamed
      ON CONFLICT ("slug") DO UPDATE SET "article_id" = EXCLUDED."article_id"
    `);
  }

  public async down(): Promise<void> {
    // The renamed articles keep their new slugs: `feed` never led to them.
  }
}
