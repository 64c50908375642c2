import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Static pages (Ghost's pages: About, Contact): a new table; nothing else is read or written.
 */
export class StaticPages1796635930447 implements MigrationInterface {
  name = 'StaticPages1796635930447';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "static_pages" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "slug" character varying(200) NOT NULL,
                "title" character varying(255) NOT NULL,
                "body" text NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'draft',
                "menu_position" integer,
                "published_at" TIMESTAMP WITH TIME ZONE,
                "author_id" integer,
                CONSTRAINT "uq_static_pages_slug" UNIQUE ("slug"),
                CONSTRAINT "ck_static_pages_menu_position" CHECK (
                    "menu_position" BETWEEN 1 AND 1000
                ),
                CONSTRAINT "ck_static_pages_published_at" CHECK (
                    "status" = 'draft'
                    OR "published_at" IS NOT NULL
                ),
                CONSTRAINT "ck_static_pages_status" CHECK ("status" IN ('draft', 'published')),
                CONSTRAINT "pk_static_pages" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_static_pages_author_id" ON "static_pages" ("author_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "static_pages"
            ADD CONSTRAINT "fk_static_pages_author_id" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "static_pages" DROP CONSTRAINT "fk_static_pages_author_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_static_pages_author_id"
        `);
    await queryRunner.query(`
            DROP TABLE "static_pages"
        `);
  }
}
