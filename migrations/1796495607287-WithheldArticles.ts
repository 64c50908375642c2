import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deactivated author's published articles are withheld (status `withheld`): every list, count, feed
 * and page that shows published articles stops showing them, through the indexes, counters and tag
 * links that already follow an article's status. Two triggers keep the rule whoever writes:
 * - deactivating a user withholds their published articles, reactivating publishes them again (with
 *   their publication dates);
 * - an article published (or made published by the scheduler) while its author is deactivated is
 *   withheld instead. It share-locks the author's row to read it, so a publication and a deactivation in
 *   concurrent transactions wait for each other, and whichever comes second sees the first.
 */
export class WithheldArticles1796495607287 implements MigrationInterface {
  name = 'WithheldArticles1796495607287';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.allowStatuses(queryRunner, `'draft', 'scheduled', 'published', 'withheld'`);
    await queryRunner.query(`
      CREATE FUNCTION articles_author_inactive_withholds() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT (SELECT u.is_active FROM users u WHERE u.id = NEW.author_id FOR SHARE) THEN
          NEW.status := 'withheld';
        END IF;
        RETURN NEW;
      END
      $$
    `);
    // BEFORE triggers run in name order: this one comes before articles_search_recent, which reads the
    // status it leaves (a withheld article is not in search's recent tier).
    await queryRunner.query(`
      CREATE TRIGGER articles_author_inactive_withholds
      BEFORE INSERT OR UPDATE OF status, author_id ON articles FOR EACH ROW
      WHEN (NEW.status = 'published') EXECUTE FUNCTION articles_author_inactive_withholds()
    `);
    await queryRunner.query(`
      CREATE FUNCTION users_withhold_articles() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.is_active THEN
          UPDATE articles SET status = 'published' WHERE author_id = NEW.id AND status = 'withheld';
        ELSE
          UPDATE articles SET status = 'withheld' WHERE author_id = NEW.id AND status = 'published';
        END IF;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER users_withhold_articles AFTER UPDATE OF is_active ON users FOR EACH ROW
      WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active) EXECUTE FUNCTION users_withhold_articles()
    `);
    // The authors deactivated before this migration.
    await queryRunner.query(`
      UPDATE articles a SET status = 'withheld' FROM users u
       WHERE u.id = a.author_id AND NOT u.is_active AND a.status = 'published'
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER users_withhold_articles ON users');
    await queryRunner.query('DROP FUNCTION users_withhold_articles()');
    await queryRunner.query('DROP TRIGGER articles_author_inactive_withholds ON articles');
    await queryRunner.query('DROP FUNCTION articles_author_inactive_withholds()');
    // Before this migration they were published articles that only the web pages hid.
    await queryRunner.query(`UPDATE articles SET status = 'published' WHERE status = 'withheld'`);
    // The article counters' deferred trigger queued their changes for the commit; ALTER TABLE refuses
    // to run with such events pending, so they are applied now.
    await queryRunner.query('SET CONSTRAINTS ALL IMMEDIATE');
    await this.allowStatuses(queryRunner, `'draft', 'scheduled', 'published'`);
  }

  private async allowStatuses(queryRunner: QueryRunner, statuses: string): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles" DROP CONSTRAINT "ck_articles_status"
        `);
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD CONSTRAINT "ck_articles_status" CHECK ("status" IN (${statuses}))
        `);
  }
}
