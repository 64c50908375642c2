import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWebhooks1796280318454 implements MigrationInterface {
  name = 'CreateWebhooks1796280318454';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "webhook_endpoints" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "url" character varying(2048) NOT NULL,
                "events" character varying(40) array NOT NULL,
                "is_active" boolean NOT NULL DEFAULT true,
                "description" character varying(500) NOT NULL DEFAULT '',
                "secret" character varying(100) NOT NULL,
                "failing_since" TIMESTAMP WITH TIME ZONE,
                "disabled_reason" text,
                CONSTRAINT "pk_webhook_endpoints" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_deliveries" (
                "id" integer GENERATED ALWAYS AS IDENTITY NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "endpoint_id" integer NOT NULL,
                "message_id" character varying(40) NOT NULL,
                "event" character varying(40) NOT NULL,
                "body" text NOT NULL,
                "status" character varying(20) NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_attempt_at" TIMESTAMP WITH TIME ZONE,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "response_status" integer,
                "response_body" text,
                "duration_ms" integer,
                "error" text,
                CONSTRAINT "uq_webhook_deliveries_message_id" UNIQUE ("message_id"),
                CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_webhook_deliveries_endpoint_id_id" ON "webhook_deliveries" ("endpoint_id", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries"
            ADD CONSTRAINT "fk_webhook_deliveries_endpoint_id" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_endpoint_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_deliveries_endpoint_id_id"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_deliveries"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_endpoints"
        `);
  }
}
