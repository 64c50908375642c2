import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * favorites_count follows the favorites table in the database itself: rows that go by cascade (a
 * deleted user's favorites) move the counter too, which application code could not see.
 */
export class FavoritesCountTrigger1795636430184 implements MigrationInterface {
  name = 'FavoritesCountTrigger1795636430184';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION favorites_count_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE articles SET favorites_count = favorites_count + 1 WHERE id = NEW.article_id;
        ELSE
          UPDATE articles SET favorites_count = favorites_count - 1 WHERE id = OLD.article_id;
        END IF;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER favorites_count_follow AFTER INSERT OR DELETE ON favorites
      FOR EACH ROW EXECUTE FUNCTION favorites_count_follow()
    `);
    // Counts that drifted before (users deleted with their favorites) are right from here on.
    await queryRunner.query(`
      UPDATE articles a SET favorites_count = f.n
      FROM (SELECT a2.id, count(f2.article_id)::int AS n
              FROM articles a2 LEFT JOIN favorites f2 ON f2.article_id = a2.id GROUP BY a2.id) f
      WHERE f.id = a.id AND a.favorites_count <> f.n
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER favorites_count_follow ON favorites');
    await queryRunner.query('DROP FUNCTION favorites_count_follow()');
  }
}
