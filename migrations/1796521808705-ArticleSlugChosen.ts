import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * articles.slug_chosen: whether the author chose the slug (a chosen one stays when the title changes,
 * a slug made from the title follows it). Told apart by a flag, not by the slug's shape: a chosen
 * `release-notes-202412` looks like a suffixed title slug, and slugs made by an older rule would look
 * chosen. Every existing article's followed its title: false.
 */
export class ArticleSlugChosen1796521808705 implements MigrationInterface {
  name = 'ArticleSlugChosen1796521808705';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD "slug_chosen" boolean NOT NULL DEFAULT false
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles" DROP COLUMN "slug_chosen"
        `);
  }
}
