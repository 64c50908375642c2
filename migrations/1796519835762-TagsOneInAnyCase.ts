import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tags become one whatever their case, as Ghost's are: `JavaScript` and `javascript` were two tags,
 * two pages and two feeds. Tags that differ only by case are merged into the one on the most articles
 * (the older on a tie), whose spelling stays: its articles gain it in place of the others, which go.
 * The kept counts follow by their triggers. Then the unique index on lower(name) replaces the one on
 * the name; it is made before the old one goes, so uniqueness never lapses.
 */
export class TagsOneInAnyCase1796519835762 implements MigrationInterface {
  name = 'TagsOneInAnyCase1796519835762';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TEMPORARY TABLE "tag_merges" AS
      SELECT "id" AS "merged_id", "kept_id" FROM (
        SELECT t."id", first_value(t."id") OVER (
                 PARTITION BY lower(t."name")
                 ORDER BY (SELECT count(*) FROM "article_tags" at WHERE at."tag_id" = t."id") DESC, t."id"
               ) AS "kept_id"
        FROM "tags" t
      ) ranked
      WHERE "id" <> "kept_id"
    `);
    await queryRunner.query(`
      INSERT INTO "article_tags" ("article_id", "tag_id")
      SELECT at."article_id", m."kept_id" FROM "article_tags" at
      JOIN "tag_merges" m ON m."merged_id" = at."tag_id"
      ON CONFLICT ("article_id", "tag_id") DO NOTHING
    `);
    // The links first, while their tags exist: the counting trigger takes them off the merged tags.
    await queryRunner.query(`
      DELETE FROM "article_tags" WHERE "tag_id" IN (SELECT "merged_id" FROM "tag_merges")
    `);
    await queryRunner.query(`
      DELETE FROM "tags" WHERE "id" IN (SELECT "merged_id" FROM "tag_merges")
    `);
    await queryRunner.query('DROP TABLE "tag_merges"');
    // Hand-written: the generator cannot express an index on an expression.
    await queryRunner.query(`
      CREATE UNIQUE INDEX "ux_tags_lower_name" ON "tags" (lower("name"))
    `);
    await queryRunner.query(`
      ALTER TABLE "tags" DROP CONSTRAINT "uq_tags_name"
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Merged tags stay merged.
    await queryRunner.query(`
      ALTER TABLE "tags" ADD CONSTRAINT "uq_tags_name" UNIQUE ("name")
    `);
    await queryRunner.query(`
      DROP INDEX "public"."ux_tags_lower_name"
    `);
  }
}
