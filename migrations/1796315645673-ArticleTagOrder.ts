import { MigrationInterface, QueryRunner } from 'typeorm';

const INDEX = 'ix_article_tags_tag_id_article_status_article_publishe_d49f7f8f';

/**
 * Each tag link carries a copy of its article's status and publication time, kept by triggers, and
 * one index orders a tag's links by them: `?tag=` then reads a page of a tag's newest articles from
 * that index instead of sorting every article of the tag (a popular tag holds a tenth of a million).
 *
 * A new link share-locks its article while copying, and a status or date change updates the
 * article's links after the change: a link and a change in concurrent transactions therefore wait
 * for each other, and whichever comes second sees the first. The article counters' tag triggers now
 * fire only when a link's article or tag changes, not when these copies do.
 */
export class ArticleTagOrder1796315645673 implements MigrationInterface {
  name = 'ArticleTagOrder1796315645673';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_article_tags_tag_id_article_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "article_tags"
            ADD "article_status" character varying(16)
        `);
    await queryRunner.query(`
            ALTER TABLE "article_tags"
            ADD "article_published_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            UPDATE "article_tags" at SET "article_status" = a."status", "article_published_at" = a."published_at"
              FROM "articles" a WHERE a."id" = at."article_id"
        `);
    // The UPDATE queued an event of the deferred counter trigger (migration ArticleCounters) for every
    // link, and PostgreSQL refuses to ALTER a table with events pending: they run now (they change no
    // count). Added on 2026-12-07: without it, a database with tagged articles could not upgrade; the
    // schema this migration leaves is the same.
    await queryRunner.query(`SET CONSTRAINTS article_counts_apply IMMEDIATE`);
    await queryRunner.query(`
            ALTER TABLE "article_tags" ALTER COLUMN "article_status" SET NOT NULL
        `);
    await queryRunner.query(`SET CONSTRAINTS article_counts_apply DEFERRED`);
    await queryRunner.query(`
            CREATE INDEX "${INDEX}" ON "article_tags" (
                "tag_id",
                "article_status",
                "article_published_at",
                "article_id"
            )
        `);
    await queryRunner.query(`
      CREATE FUNCTION article_tags_copy_article() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT a.status, a.published_at INTO NEW.article_status, NEW.article_published_at
          FROM articles a WHERE a.id = NEW.article_id FOR SHARE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'article % does not exist', NEW.article_id
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_article_tags_article_id',
                  TABLE = 'article_tags';
        END IF;
        RETURN NEW;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER article_tags_copy_article BEFORE INSERT OR UPDATE OF article_id, article_status, article_published_at
      ON article_tags FOR EACH ROW EXECUTE FUNCTION article_tags_copy_article()
    `);
    await queryRunner.query(`
      CREATE FUNCTION article_tags_follow_article() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE article_tags SET article_status = NEW.status, article_published_at = NEW.published_at
         WHERE article_id = NEW.id;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER article_tags_follow_article AFTER UPDATE OF status, published_at ON articles FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.published_at IS DISTINCT FROM NEW.published_at)
      EXECUTE FUNCTION article_tags_follow_article()
    `);
    await this.countLinkChangesOnly(queryRunner, 'UPDATE OF article_id, tag_id');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.countLinkChangesOnly(queryRunner, 'UPDATE');
    await queryRunner.query('DROP TRIGGER article_tags_follow_article ON articles');
    await queryRunner.query('DROP FUNCTION article_tags_follow_article()');
    await queryRunner.query('DROP TRIGGER article_tags_copy_article ON article_tags');
    await queryRunner.query('DROP FUNCTION article_tags_copy_article()');
    await queryRunner.query(`
            DROP INDEX "public"."${INDEX}"
        `);
    await queryRunner.query(`
            ALTER TABLE "article_tags" DROP COLUMN "article_published_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "article_tags" DROP COLUMN "article_status"
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_article_tags_tag_id_article_id" ON "article_tags" ("tag_id", "article_id")
        `);
  }

  /** The article counters' tag triggers (migration ArticleCounters), firing on `update` updates. */
  private async countLinkChangesOnly(queryRunner: QueryRunner, update: string): Promise<void> {
    await queryRunner.query('DROP TRIGGER article_counts_follow ON article_tags');
    await queryRunner.query('DROP TRIGGER article_counts_apply ON article_tags');
    await queryRunner.query(`
      CREATE TRIGGER article_counts_follow AFTER INSERT OR ${update} OR DELETE
      ON article_tags FOR EACH ROW EXECUTE FUNCTION article_counts_follow_tag()
    `);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER article_counts_apply AFTER INSERT OR ${update} OR DELETE
      ON article_tags DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION article_counts_apply()
    `);
  }
}
