import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Greek words end in ς, the final sigma, where their capitals have Σ; `lower()` makes Σ into σ, so
 * `ΣΊΣΥΦΟΣ` and `σίσυφος` were two tags. Tags are now told apart by `lower(translate(name, 'ς', 'σ'))`
 * (the key in tag.query.ts). Tags that meet under the new key are merged as TagsOneInAnyCase merged
 * them: into the one on the most articles (the older on a tie), whose spelling stays. The new unique
 * index is made before the old one goes, so uniqueness never lapses.
 */
export class TagsOneWithFinalSigma1796554336842 implements MigrationInterface {
  name = 'TagsOneWithFinalSigma1796554336842';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TEMPORARY TABLE "tag_merges" AS
      SELECT "id" AS "merged_id", "kept_id" FROM (
        SELECT t."id", first_value(t."id") OVER (
                 PARTITION BY lower(translate(t."name", 'ς', 'σ'))
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
      CREATE UNIQUE INDEX "ux_tags_name_key" ON "tags" (lower(translate("name", 'ς', 'σ')))
    `);
    await queryRunner.query(`
      DROP INDEX "public"."ux_tags_lower_name"
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Merged tags stay merged; the old index is the looser one, so every tag fits it.
    await queryRunner.query(`
      CREATE UNIQUE INDEX "ux_tags_lower_name" ON "tags" (lower("name"))
    `);
    await queryRunner.query(`
      DROP INDEX "public"."ux_tags_name_key"
    `);
  }
}
