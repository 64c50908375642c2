import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Usernames become unique whatever their case, as emails are: `ALICE_x` beside `alice_x` would show as
 * one person, and lookups by username now ignore case. The index is made before the old constraint
 * goes, so uniqueness never lapses; on a database that already holds names differing only by case the
 * CREATE fails naming the duplicate, and the migration (one transaction) changes nothing: rename one of
 * them, then run it again.
 */
export class UsernamesUniqueInAnyCase1796162501186 implements MigrationInterface {
  name = 'UsernamesUniqueInAnyCase1796162501186';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Hand-written: the generator cannot express an index on an expression.
    await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_users_lower_username" ON "users" (lower("username"))
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP CONSTRAINT "uq_users_username"
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD CONSTRAINT "uq_users_username" UNIQUE ("username")
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ux_users_lower_username"
        `);
  }
}
