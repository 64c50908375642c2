import { MigrationInterface, QueryRunner } from 'typeorm';

export class KeptPublishedAt1796531242929 implements MigrationInterface {
  name = 'KeptPublishedAt1796531242929';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD "kept_published_at" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "articles" DROP COLUMN "kept_published_at"
        `);
  }
}
