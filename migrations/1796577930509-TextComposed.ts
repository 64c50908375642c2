import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API now takes every string in Unicode's composed form (NFC): `Zoë` typed as `Zoe` and a combining
 * diaeresis is the `Zoë` of other keyboards. Stored tags and emails are brought to that form.
 *
 * Tags that meet once composed are merged as TagsOneWithFinalSigma merged them: into the one on the most
 * articles (the older on a tie), whose spelling, composed, stays. An email is composed unless another
 * account already has the composed address (the two accounts stay apart; only one of two accounts whose
 * addresses meet is changed): accounts are never merged.
 */
export class TextComposed1796577930509 implements MigrationInterface {
  name = 'TextComposed1796577930509';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TEMPORARY TABLE "tag_merges" AS
      SELECT "id" AS "merged_id", "kept_id" FROM (
        SELECT t."id", first_value(t."id") OVER (
                 PARTITION BY lower(translate(normalize(t."name", NFC), 'ς', 'σ'))
                 ORDER BY (SELECT count(*) FROM "article_tags" at WHERE at."tag_id" = t."id") DESC, t."id"
               ) AS "kept_id"
        FROM "tags" t
        -- Nothing can meet unless some name is not composed: most blogs pay one scan, not the sort.
        WHERE EXISTS (SELECT 1 FROM "tags" d WHERE d."name" <> normalize(d."name", NFC))
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
    await queryRunner.query(`
      UPDATE "tags" SET "name" = normalize("name", NFC) WHERE "name" <> normalize("name", NFC)
    `);
    await queryRunner.query(`
      UPDATE "users" u SET "email" = normalize(u."email", NFC)
      FROM (
        SELECT DISTINCT ON (lower(normalize("email", NFC))) "id" FROM "users"
        WHERE "email" <> normalize("email", NFC)
        ORDER BY lower(normalize("email", NFC)), "id"
      ) first
      WHERE u."id" = first."id"
        AND NOT EXISTS (
          SELECT 1 FROM "users" o WHERE lower(o."email") = lower(normalize(u."email", NFC))
        )
    `);
  }

  public async down(): Promise<void> {
    // Composed text is what the API takes either way; merged tags stay merged.
  }
}
