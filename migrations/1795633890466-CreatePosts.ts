import { MigrationInterface, QueryRunner } from 'typeorm';

const SEARCH_VECTOR_EXPRESSION =
  "setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('russian'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, description), 'B') || setweight(to_tsvector('russian'::regconfig, description), 'B') || setweight(to_tsvector('english'::regconfig, body), 'C') || setweight(to_tsvector('russian'::regconfig, body), 'C')";

export class CreatePosts1795633890466 implements MigrationInterface {
  name = 'CreatePosts1795633890466';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "tags" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "name" character varying(64) NOT NULL,
                CONSTRAINT "uq_tags_name" UNIQUE ("name"),
                CONSTRAINT "pk_tags" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "categories" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "name" character varying(64) NOT NULL,
                "slug" character varying(80) NOT NULL,
                "description" text,
                CONSTRAINT "uq_categories_name" UNIQUE ("name"),
                CONSTRAINT "uq_categories_slug" UNIQUE ("slug"),
                CONSTRAINT "pk_categories" PRIMARY KEY ("id")
            )
        `);
    // Hand-edited: TypeORM wrote the generating database's name here; current_database() makes the
    // record (which migration:check compares the generated column against) right in every database.
    await queryRunner.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value")
       VALUES (current_database(), current_schema(), 'articles', 'GENERATED_COLUMN', 'search_vector', $1)`,
      [SEARCH_VECTOR_EXPRESSION],
    );
    await queryRunner.query(`
            CREATE TABLE "articles" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "slug" character varying(255) NOT NULL,
                "title" character varying(255) NOT NULL,
                "description" text NOT NULL,
                "body" text NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'published',
                "published_at" TIMESTAMP WITH TIME ZONE,
                "favorites_count" integer NOT NULL DEFAULT '0',
                "author_id" integer NOT NULL,
                "category_id" integer,
                "search_vector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('russian'::regconfig, title), 'A') || setweight(
                        to_tsvector('english'::regconfig, description),
                        'B'
                    ) || setweight(
                        to_tsvector('russian'::regconfig, description),
                        'B'
                    ) || setweight(to_tsvector('english'::regconfig, body), 'C') || setweight(to_tsvector('russian'::regconfig, body), 'C')
                ) STORED NOT NULL,
                CONSTRAINT "uq_articles_slug" UNIQUE ("slug"),
                CONSTRAINT "ck_articles_favorites_count" CHECK ("favorites_count" >= 0),
                CONSTRAINT "ck_articles_status" CHECK ("status" IN ('draft', 'published')),
                CONSTRAINT "pk_articles" PRIMARY KEY ("id")
            )
        `);
    // Hand-added: full-text search; GIN is beyond TypeORM's index options (the entity marks it synchronize: false).
    await queryRunner.query(`
            CREATE INDEX "ix_articles_search_vector" ON "articles" USING GIN ("search_vector")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_articles_category_id_id" ON "articles" ("category_id", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_articles_author_id_id" ON "articles" ("author_id", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_articles_status_id" ON "articles" ("status", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "comments" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "body" text NOT NULL,
                "article_id" integer NOT NULL,
                "author_id" integer NOT NULL,
                CONSTRAINT "pk_comments" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_comments_author_id" ON "comments" ("author_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_comments_article_id_id" ON "comments" ("article_id", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "article_tags" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "article_id" integer NOT NULL,
                "tag_id" integer NOT NULL,
                CONSTRAINT "pk_article_tags" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_article_tags_tag_id_article_id" ON "article_tags" ("tag_id", "article_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ix_article_tags_article_id_tag_id" ON "article_tags" ("article_id", "tag_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "favorites" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "user_id" integer NOT NULL,
                "article_id" integer NOT NULL,
                CONSTRAINT "pk_favorites" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_favorites_article_id" ON "favorites" ("article_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ix_favorites_user_id_article_id" ON "favorites" ("user_id", "article_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD CONSTRAINT "fk_articles_author_id" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "articles"
            ADD CONSTRAINT "fk_articles_category_id" FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "comments"
            ADD CONSTRAINT "fk_comments_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "comments"
            ADD CONSTRAINT "fk_comments_author_id" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "article_tags"
            ADD CONSTRAINT "fk_article_tags_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "article_tags"
            ADD CONSTRAINT "fk_article_tags_tag_id" FOREIGN KEY ("tag_id") REFERENCES "tags"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "favorites"
            ADD CONSTRAINT "fk_favorites_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "favorites"
            ADD CONSTRAINT "fk_favorites_article_id" FOREIGN KEY ("article_id") REFERENCES "articles"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "favorites" DROP CONSTRAINT "fk_favorites_article_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "favorites" DROP CONSTRAINT "fk_favorites_user_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "article_tags" DROP CONSTRAINT "fk_article_tags_tag_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "article_tags" DROP CONSTRAINT "fk_article_tags_article_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "comments" DROP CONSTRAINT "fk_comments_author_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "comments" DROP CONSTRAINT "fk_comments_article_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "articles" DROP CONSTRAINT "fk_articles_category_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "articles" DROP CONSTRAINT "fk_articles_author_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_favorites_user_id_article_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_favorites_article_id"
        `);
    await queryRunner.query(`
            DROP TABLE "favorites"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_article_tags_article_id_tag_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_article_tags_tag_id_article_id"
        `);
    await queryRunner.query(`
            DROP TABLE "article_tags"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_comments_article_id_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_comments_author_id"
        `);
    await queryRunner.query(`
            DROP TABLE "comments"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_search_vector"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_status_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_author_id_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_articles_category_id_id"
        `);
    await queryRunner.query(`
            DROP TABLE "articles"
        `);
    await queryRunner.query(
      `DELETE FROM "typeorm_metadata"
       WHERE "type" = 'GENERATED_COLUMN' AND "name" = 'search_vector' AND "table" = 'articles'
         AND "database" = current_database() AND "schema" = current_schema()`,
    );
    await queryRunner.query(`
            DROP TABLE "categories"
        `);
    await queryRunner.query(`
            DROP TABLE "tags"
        `);
  }
}
