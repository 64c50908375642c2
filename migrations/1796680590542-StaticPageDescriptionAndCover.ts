import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A static page's description (Ghost's custom excerpt) and cover with its alt text and caption, as an
 * article's. Existing pages get none: '' and nulls, constant defaults, so no table rewrite.
 */
export class StaticPageDescriptionAndCover1796680590542 implements MigrationInterface {
  name = 'StaticPageDescriptionAndCover1796680590542';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "static_pages"
            ADD "description" text NOT NULL DEFAULT ''
        `);
    await queryRunner.query(`
            ALTER TABLE "static_pages"
            ADD "cover_image" character varying(2048)
        `);
    await queryRunner.query(`
            ALTER TABLE "static_pages"
            ADD "cover_image_alt" character varying(300)
        `);
    await queryRunner.query(`
            ALTER TABLE "static_pages"
            ADD "cover_image_caption" character varying(500)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "static_pages" DROP COLUMN "cover_image_caption"
        `);
    await queryRunner.query(`
            ALTER TABLE "static_pages" DROP COLUMN "cover_image_alt"
        `);
    await queryRunner.query(`
            ALTER TABLE "static_pages" DROP COLUMN "cover_image"
        `);
    await queryRunner.query(`
            ALTER TABLE "static_pages" DROP COLUMN "description"
        `);
  }
}
