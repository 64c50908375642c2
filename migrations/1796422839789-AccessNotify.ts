import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every instance keeps the tokens it has read in memory (AccessCache): a change that may revoke one (a
 * token deleted or its expiry changed; a user deleted, deactivated, given another role, verified,
 * renamed) notifies the channel `folio_access` at commit, whatever wrote it (another instance, the CLI,
 * plain SQL). A write that changes none of these (a token's last use, a bio) notifies nothing; pg_notify
 * sends one notification per transaction however many rows notify.
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
    // Statement triggers for deletes (a sign-out, a user's tokens, a cascade); row triggers with a WHEN
    // for updates, so that a write that changes none of these columns notifies nothing.
    await queryRunner.query(`
            CREATE TRIGGER access_tokens_deleted_notify
            AFTER DELETE OR TRUNCATE ON "access_tokens"
            FOR EACH STATEMENT EXECUTE FUNCTION access_notify()
        `);
    await queryRunner.query(`
            CREATE TRIGGER access_tokens_updated_notify
            AFTER UPDATE ON "access_tokens" FOR EACH ROW
            WHEN (OLD.token_hash IS DISTINCT FROM NEW.token_hash
                  OR OLD.user_id IS DISTINCT FROM NEW.user_id
                  OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
            EXECUTE FUNCTION access_notify()
        `);
    await queryRunner.query(`
            CREATE TRIGGER users_deleted_notify
            AFTER DELETE OR TRUNCATE ON "users"
            FOR EACH STATEMENT EXECUTE FUNCTION access_notify()
        `);
    await queryRunner.query(`
            CREATE TRIGGER users_updated_notify
            AFTER UPDATE ON "users" FOR EACH ROW
            WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active
                  OR OLD.role IS DISTINCT FROM NEW.role
                  OR OLD.is_verified IS DISTINCT FROM NEW.is_verified
                  OR OLD.username IS DISTINCT FROM NEW.username
                  OR OLD.email IS DISTINCT FROM NEW.email)
            EXECUTE FUNCTION access_notify()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_updated_notify ON "users"`);
    await queryRunner.query(`DROP TRIGGER users_deleted_notify ON "users"`);
    await queryRunner.query(`DROP TRIGGER access_tokens_updated_notify ON "access_tokens"`);
    await queryRunner.query(`DROP TRIGGER access_tokens_deleted_notify ON "access_tokens"`);
    await queryRunner.query(`DROP FUNCTION access_notify()`);
  }
}
