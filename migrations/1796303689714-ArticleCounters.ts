import { MigrationInterface, QueryRunner } from 'typeorm';

/** ARTICLE_COUNT_SHARDS when this migration was written (a migration never follows later code). */
const SHARDS = 16;

/**
 * Article counters kept by the database (see ArticleCount): how many articles of each status the site,
 * each author, tag and category hold, so that a list's count reads a few counter rows instead of
 * counting every matching article.
 *
 * Row triggers note each change in a transaction-local setting (a JSON map from "scope:key:status" to
 * the change), which a rolled-back savepoint or transaction takes back with everything else. A
 * deferred trigger applies the map at commit: one upsert in key order onto the transaction's shard.
 * A deleted article's tags are counted down before the delete (its tag links then go by cascade,
 * when the article is gone: the tag trigger leaves those alone).
 */
export class ArticleCounters1796303689714 implements MigrationInterface {
  name = 'ArticleCounters1796303689714';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "article_counts" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "scope" character varying(8) NOT NULL,
                "key" integer NOT NULL,
                "status" character varying(16) NOT NULL,
                "shard" smallint NOT NULL,
                "n" integer NOT NULL,
                CONSTRAINT "ck_article_counts_scope" CHECK ("scope" IN ('site', 'author', 'tag', 'category')),
                CONSTRAINT "pk_article_counts" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ix_article_counts_scope_status_key_shard" ON "article_counts" ("scope", "status", "key", "shard")
        `);
    await queryRunner.query(`
      CREATE FUNCTION article_counts_note(p_scope text, p_key integer, p_status text, p_n integer)
      RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        pending jsonb := COALESCE(NULLIF(current_setting('folio.article_count_changes', true), ''), '{}')::jsonb;
        k text := p_scope || ':' || p_key || ':' || p_status;
      BEGIN
        pending := jsonb_set(pending, ARRAY[k], to_jsonb(COALESCE((pending ->> k)::integer, 0) + p_n));
        PERFORM set_config('folio.article_count_changes', pending::text, true);
      END
      $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION article_counts_follow_article() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        tag integer;
        moved boolean := TG_OP = 'DELETE' OR OLD.status IS DISTINCT FROM NEW.status;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM article_counts_note('site', 0, NEW.status, 1);
          PERFORM article_counts_note('author', NEW.author_id, NEW.status, 1);
          IF NEW.category_id IS NOT NULL THEN
            PERFORM article_counts_note('category', NEW.category_id, NEW.status, 1);
          END IF;
          RETURN NULL;
        END IF;
        IF moved THEN
          PERFORM article_counts_note('site', 0, OLD.status, -1);
          FOR tag IN SELECT at.tag_id FROM article_tags at WHERE at.article_id = OLD.id FOR KEY SHARE LOOP
            PERFORM article_counts_note('tag', tag, OLD.status, -1);
            IF TG_OP = 'UPDATE' THEN PERFORM article_counts_note('tag', tag, NEW.status, 1); END IF;
          END LOOP;
          IF TG_OP = 'UPDATE' THEN PERFORM article_counts_note('site', 0, NEW.status, 1); END IF;
        END IF;
        IF moved OR OLD.author_id IS DISTINCT FROM NEW.author_id THEN
          PERFORM article_counts_note('author', OLD.author_id, OLD.status, -1);
          IF TG_OP = 'UPDATE' THEN PERFORM article_counts_note('author', NEW.author_id, NEW.status, 1); END IF;
        END IF;
        IF moved OR OLD.category_id IS DISTINCT FROM NEW.category_id THEN
          IF OLD.category_id IS NOT NULL THEN
            PERFORM article_counts_note('category', OLD.category_id, OLD.status, -1);
          END IF;
          IF TG_OP = 'UPDATE' AND NEW.category_id IS NOT NULL THEN
            PERFORM article_counts_note('category', NEW.category_id, NEW.status, 1);
          END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NULL;
      END
      $$
    `);
    // A link and a status change of its article, in concurrent transactions, must not both miss the
    // other. A removed link: the status change reads the article's links FOR KEY SHARE, so one of them
    // waits for the other and then sees its outcome. A new link is invisible to that read: its
    // article's row is locked (shared) while its status is read, so that one waits instead.
    await queryRunner.query(`
      CREATE FUNCTION article_counts_follow_tag() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        article_status text;
      BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          SELECT a.status INTO article_status FROM articles a WHERE a.id = OLD.article_id;
          IF FOUND THEN PERFORM article_counts_note('tag', OLD.tag_id, article_status, -1); END IF;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          SELECT a.status INTO article_status FROM articles a WHERE a.id = NEW.article_id FOR SHARE;
          PERFORM article_counts_note('tag', NEW.tag_id, article_status, 1);
        END IF;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION article_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        pending text := current_setting('folio.article_count_changes', true);
      BEGIN
        IF pending IS NULL OR pending IN ('', '{}') THEN RETURN NULL; END IF;
        PERFORM set_config('folio.article_count_changes', '', true);
        INSERT INTO article_counts AS c (scope, key, status, shard, n)
        SELECT split_part(e.key, ':', 1), split_part(e.key, ':', 2)::integer, split_part(e.key, ':', 3),
               (pg_current_xact_id()::text::bigint % ${SHARDS})::smallint, e.value::integer
        FROM jsonb_each_text(pending::jsonb) e
        WHERE e.value::integer <> 0
        ORDER BY 1, 3, 2
        ON CONFLICT (scope, status, key, shard)
          DO UPDATE SET n = c.n + EXCLUDED.n, updated_at = CURRENT_TIMESTAMP;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION article_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'articles' THEN
          DELETE FROM article_counts;
        ELSE
          DELETE FROM article_counts WHERE scope = 'tag';
        END IF;
        RETURN NULL;
      END
      $$
    `);
    // The truth, counted; the drift (counters that disagree with it); a rebuild from it. The rebuild
    // holds counter writers off (they wait at their commit) until it commits.
    await queryRunner.query(`
      CREATE VIEW article_counts_truth AS
        SELECT 'site'::varchar AS scope, 0 AS key, a.status, count(*)::integer AS n
          FROM articles a GROUP BY a.status
        UNION ALL
        SELECT 'author', a.author_id, a.status, count(*)::integer FROM articles a GROUP BY a.author_id, a.status
        UNION ALL
        SELECT 'category', a.category_id, a.status, count(*)::integer
          FROM articles a WHERE a.category_id IS NOT NULL GROUP BY a.category_id, a.status
        UNION ALL
        SELECT 'tag', at.tag_id, a.status, count(*)::integer
          FROM article_tags at JOIN articles a ON a.id = at.article_id GROUP BY at.tag_id, a.status
    `);
    await queryRunner.query(`
      CREATE FUNCTION article_counts_rebuild() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        drifted integer;
      BEGIN
        LOCK TABLE article_counts IN SHARE ROW EXCLUSIVE MODE;
        SELECT count(*)::integer INTO drifted
        FROM article_counts_truth t
        FULL JOIN (SELECT c.scope, c.key, c.status, sum(c.n)::integer AS n
                   FROM article_counts c GROUP BY c.scope, c.key, c.status) kept
          ON kept.scope = t.scope AND kept.key = t.key AND kept.status = t.status
        WHERE COALESCE(t.n, 0) <> COALESCE(kept.n, 0);
        DELETE FROM article_counts;
        INSERT INTO article_counts (scope, key, status, shard, n)
          SELECT t.scope, t.key, t.status, 0, t.n FROM article_counts_truth t;
        RETURN drifted;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER article_counts_follow AFTER INSERT OR UPDATE OF status, author_id, category_id
      ON articles FOR EACH ROW EXECUTE FUNCTION article_counts_follow_article()
    `);
    await queryRunner.query(`
      CREATE TRIGGER article_counts_follow_delete BEFORE DELETE
      ON articles FOR EACH ROW EXECUTE FUNCTION article_counts_follow_article()
    `);
    await queryRunner.query(`
      CREATE TRIGGER article_counts_follow AFTER INSERT OR UPDATE OR DELETE
      ON article_tags FOR EACH ROW EXECUTE FUNCTION article_counts_follow_tag()
    `);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER article_counts_apply AFTER INSERT OR DELETE OR UPDATE OF status, author_id, category_id
      ON articles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION article_counts_apply()
    `);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER article_counts_apply AFTER INSERT OR UPDATE OR DELETE
      ON article_tags DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION article_counts_apply()
    `);
    for (const table of ['articles', 'article_tags']) {
      await queryRunner.query(
        `CREATE TRIGGER article_counts_clear AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION article_counts_clear()`,
      );
    }
    await queryRunner.query('SELECT article_counts_rebuild()');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['articles', 'article_tags']) {
      await queryRunner.query(`DROP TRIGGER article_counts_clear ON ${table}`);
      await queryRunner.query(`DROP TRIGGER article_counts_apply ON ${table}`);
      await queryRunner.query(`DROP TRIGGER article_counts_follow ON ${table}`);
    }
    await queryRunner.query('DROP TRIGGER article_counts_follow_delete ON articles');
    await queryRunner.query('DROP FUNCTION article_counts_rebuild()');
    await queryRunner.query('DROP VIEW article_counts_truth');
    await queryRunner.query('DROP FUNCTION article_counts_clear()');
    await queryRunner.query('DROP FUNCTION article_counts_apply()');
    await queryRunner.query('DROP FUNCTION article_counts_follow_tag()');
    await queryRunner.query('DROP FUNCTION article_counts_follow_article()');
    await queryRunner.query('DROP FUNCTION article_counts_note(text, integer, text, integer)');
    await queryRunner.query(`
            DROP INDEX "public"."ix_article_counts_scope_status_key_shard"
        `);
    await queryRunner.query(`
            DROP TABLE "article_counts"
        `);
  }
}
