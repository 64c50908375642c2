import { MigrationInterface, QueryRunner } from 'typeorm';

export class CoverImageAltAndCaption1796533367384 implements MigrationInterface {
  name = 'CoverImageAltAndCaption1796533367384';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD "cover_image_alt" character varying(300)
        `);
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD "cover_image_caption" character varying(500)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles" DROP COLUMN "cover_image_caption"
        `);
    await queryRunner.query(`
            ALTER TABLE "articles" DROP COLUMN "cover_image_alt"
        `);
  }
}
