import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revision history: the versions of each article's text, one an editing session. A new table; nothing
 * else is read or written. An article's history starts at its first edit after this migration, with
 * the text it had before that edit.
 */
export class ArticleRevisions1796623704542 implements MigrationInterface {
  name = 'ArticleRevisions1796623704542';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "article_revisions" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "article_id" integer NOT NULL,
                "editor_id" integer,
                "title" character varying(255) NOT NULL,
                "description" text NOT NULL,
                "body" text NOT NULL,
                CONSTRAINT "pk_article_revisions" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_article_revisions_editor_id" ON "article_revisions" ("editor_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_article_revisions_article_id_updated_at" ON "article_revisions" ("article_id", "updated_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "article_revisions"
            ADD CONSTRAINT "fk_article_revisions_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "article_revisions"
            ADD CONSTRAINT "fk_article_revisions_editor_id" FOREIGN KEY ("editor_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "article_revisions" DROP CONSTRAINT "fk_article_revisions_editor_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "article_revisions" DROP CONSTRAINT "fk_article_revisions_article_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_article_revisions_article_id_updated_at"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_article_revisions_editor_id"
        `);
    await queryRunner.query(`
            DROP TABLE "article_revisions"
        `);
  }
}
