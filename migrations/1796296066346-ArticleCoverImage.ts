import { MigrationInterface, QueryRunner } from 'typeorm';

export class ArticleCoverImage1796296066346 implements MigrationInterface {
  name = 'ArticleCoverImage1796296066346';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD "cover_image" character varying(2048)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles" DROP COLUMN "cover_image"
        `);
  }
}
