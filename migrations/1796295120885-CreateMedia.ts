import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMedia1796295120885 implements MigrationInterface {
  name = 'CreateMedia1796295120885';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "media" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "public_id" uuid NOT NULL,
                "uploader_id" integer,
                "format" character varying(8) NOT NULL,
                "bytes" integer NOT NULL,
                "width" integer NOT NULL,
                "height" integer NOT NULL,
                "variants" jsonb NOT NULL,
                "original_kept" boolean NOT NULL DEFAULT false,
                CONSTRAINT "uq_media_public_id" UNIQUE ("public_id"),
                CONSTRAINT "pk_media" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_media_created_at" ON "media" ("created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_media_uploader_id_id" ON "media" ("uploader_id", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "media"
            ADD CONSTRAINT "fk_media_uploader_id" FOREIGN KEY ("uploader_id") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "media" DROP CONSTRAINT "fk_media_uploader_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_media_uploader_id_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_media_created_at"
        `);
    await queryRunner.query(`
            DROP TABLE "media"
        `);
  }
}
