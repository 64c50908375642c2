import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The superuser flag becomes a staff role (issue 17): users.role is contributor, author, editor,
 * administrator, or NULL for a reader; today's superusers become administrators.
 *
 * A varchar with a CHECK rather than a PostgreSQL enum: adding a role later is one constraint swapped
 * inside a migration's transaction, where ALTER TYPE ... ADD VALUE cannot be used in the transaction
 * that adds it, and TypeORM's generator recreates an enum type on any change of its values.
 *
 * A partial index on the active administrators serves the lock that keeps the last one
 * (UsersRepository.lockActiveAdministratorIds: SELECT ... WHERE role = 'administrator' AND is_active
 * FOR UPDATE) without a scan of every user.
 *
 * Generated, then edited by hand: the generator dropped is_superuser before adding role (losing who
 * the superusers were), and it also picked up a change of another feature (password_hash), removed here.
 */
export class StaffRoles1796330276515 implements MigrationInterface {
  name = 'StaffRoles1796330276515';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "role" character varying(16)
        `);
    await queryRunner.query(`
            UPDATE "users" SET "role" = 'administrator' WHERE "is_superuser"
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "ck_users_role" CHECK (
                    "role" IN (
                        'contributor',
                        'author',
                        'editor',
                        'administrator'
                    )
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "is_superuser"
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_users_active_administrators" ON "users" ("id")
            WHERE "role" = 'administrator' AND "is_active"
        `);
  }

  /** Administrators become superusers again; the other roles have no equivalent and are dropped. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_users_active_administrators"
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "is_superuser" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            UPDATE "users" SET "is_superuser" = true WHERE "role" = 'administrator'
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "ck_users_role"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "role"
        `);
  }
}
