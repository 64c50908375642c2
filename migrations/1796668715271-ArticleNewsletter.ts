import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether an article is mailed to the newsletter's subscribers when it is first published. Every article
 * here keeps what it had (all were mailed or are to be). A constant default: PostgreSQL adds the column
 * without rewriting the table, so this is instant at any size.
 */
export class ArticleNewsletter1796668715271 implements MigrationInterface {
  name = 'ArticleNewsletter1796668715271';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD "newsletter" boolean NOT NULL DEFAULT true
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles" DROP COLUMN "newsletter"
        `);
  }
}
