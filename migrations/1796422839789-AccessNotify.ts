import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every instance keeps the tokens it has read in memory (AccessCache): a change that may revoke one (a
 * token deleted or its expiry changed; a user deleted, deactivated, given another role, verified,
 * renamed) notifies the channel `folio_access` at commit, whatever wrote it (another instance, the CLI,
 * plain SQL). A token's last use, written on every sign-in's requests, notifies nothing.
 */
export class AccessNotify1796422839789 implements MigrationInterface {
  name = 'AccessNotify1796422839789';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE FUNCTION access_notify() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM pg_notify('folio_access', '');
              RETURN NULL;
            END
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER access_tokens_notify
            AFTER DELETE OR UPDATE OF token_hash, user_id, expires_at OR TRUNCATE ON "access_tokens"
            FOR EACH STATEMENT EXECUTE FUNCTION access_notify()
        `);
    await queryRunner.query(`
            CREATE TRIGGER users_access_notify
            AFTER DELETE OR UPDATE OF is_active, role, is_verified, username, email OR TRUNCATE
            ON "users" FOR EACH STATEMENT EXECUTE FUNCTION access_notify()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_access_notify ON "users"`);
    await queryRunner.query(`DROP TRIGGER access_tokens_notify ON "access_tokens"`);
    await queryRunner.query(`DROP FUNCTION access_notify()`);
  }
}
