import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../roles';

/** Remembers the last TOTP time step each user used, so a code cannot be replayed. */
export class MfaReplayGuard1764310000000 implements MigrationInterface {
  name = 'MfaReplayGuard1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN mfa_last_step bigint`);
    await q.query(`DROP FUNCTION auth_user_secrets(uuid)`);
    await q.query(`CREATE FUNCTION auth_user_secrets(p_user_id uuid)
      RETURNS TABLE (password_hash text, mfa_secret text, mfa_last_step bigint)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT password_hash, mfa_secret, mfa_last_step FROM users WHERE id = p_user_id $$`);
    await q.query(`REVOKE ALL ON FUNCTION auth_user_secrets(uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION auth_user_secrets(uuid) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION auth_user_secrets(uuid)`);
    await q.query(`CREATE FUNCTION auth_user_secrets(p_user_id uuid) RETURNS TABLE (password_hash text, mfa_secret text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$ SELECT password_hash, mfa_secret FROM users WHERE id = p_user_id $$`);
    await q.query(`GRANT EXECUTE ON FUNCTION auth_user_secrets(uuid) TO ${APP_ROLE}`);
    await q.query(`ALTER TABLE users DROP COLUMN mfa_last_step`);
  }
}
