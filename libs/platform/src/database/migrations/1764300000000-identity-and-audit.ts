import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../roles';
import { NIL_TENANT, TENANT_PREDICATE, tenantTable } from '../rls';

/**
 * Identity (sessions, refresh tokens, single-use links, MFA), data-sharing agreements between a
 * partnership's LAs (wall 2), and the append-only audit trail with its sealed hash chain.
 */
export class IdentityAndAudit1764300000000 implements MigrationInterface {
  name = 'IdentityAndAudit1764300000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // ---- identity: platform tables ----
      `ALTER TABLE users ADD COLUMN mfa_secret text, ADD COLUMN mfa_enabled_at timestamptz`,
      // the app role never reads credentials directly: only through auth_credentials()
      `REVOKE SELECT ON users FROM ${APP_ROLE}`,
      `GRANT SELECT (id, email, display_name, platform_role, status, mfa_enabled_at, created_at, updated_at, version) ON users TO ${APP_ROLE}`,
      `CREATE FUNCTION auth_credentials(p_email text)
         RETURNS TABLE (user_id uuid, password_hash text, status text, mfa_secret text)
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
         AS $$ SELECT id, password_hash, status, mfa_secret FROM users WHERE email = lower(p_email) $$`,
      `CREATE FUNCTION auth_user_secrets(p_user_id uuid)
         RETURNS TABLE (password_hash text, mfa_secret text)
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
         AS $$ SELECT password_hash, mfa_secret FROM users WHERE id = p_user_id $$`,
      `REVOKE ALL ON FUNCTION auth_credentials(text), auth_user_secrets(uuid) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION auth_credentials(text), auth_user_secrets(uuid) TO ${APP_ROLE}`,
      `CREATE TABLE sessions (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         user_id uuid NOT NULL REFERENCES users (id),
         tenant_id uuid REFERENCES tenants (id),
         kind text NOT NULL CHECK (kind IN ('api', 'web')),
         created_at timestamptz NOT NULL DEFAULT now(),
         last_seen_at timestamptz NOT NULL DEFAULT now(),
         expires_at timestamptz NOT NULL,
         mfa_verified_at timestamptz,
         revoked_at timestamptz,
         revoked_reason text,
         version integer NOT NULL DEFAULT 1
       )`,
      `CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL`,
      `CREATE TABLE refresh_tokens (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         session_id uuid NOT NULL REFERENCES sessions (id),
         token_hash text NOT NULL UNIQUE,
         created_at timestamptz NOT NULL DEFAULT now(),
         expires_at timestamptz NOT NULL,
         used_at timestamptz
       )`,
      `CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id)`,
      `CREATE TABLE user_tokens (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         user_id uuid NOT NULL REFERENCES users (id),
         purpose text NOT NULL CHECK (purpose IN ('invite', 'password_reset')),
         token_hash text NOT NULL UNIQUE,
         created_by uuid REFERENCES users (id),
         created_at timestamptz NOT NULL DEFAULT now(),
         expires_at timestamptz NOT NULL,
         used_at timestamptz
       )`,
      `CREATE INDEX user_tokens_user_idx ON user_tokens (user_id)`,
      `GRANT SELECT, INSERT, UPDATE ON sessions, refresh_tokens, user_tokens TO ${APP_ROLE}`,
      // ---- wall 2: data-sharing agreements between a partnership's LAs ----
      `CREATE TABLE data_sharing_agreements (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
         starts_on date NOT NULL,
         ends_on date,
         status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
         recorded_by uuid,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         CHECK (ends_on IS NULL OR ends_on >= starts_on)
       )`,
      ...tenantTable('data_sharing_agreements'),
      `CREATE TABLE data_sharing_agreement_parties (
         tenant_id uuid NOT NULL,
         agreement_id uuid NOT NULL,
         la_id uuid NOT NULL,
         PRIMARY KEY (tenant_id, agreement_id, la_id),
         FOREIGN KEY (tenant_id, agreement_id) REFERENCES data_sharing_agreements (tenant_id, id),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      ...tenantTable('data_sharing_agreement_parties', 'SELECT, INSERT, DELETE'),
      // ---- audit: append-only events, sealed into a hash chain per tenant ----
      `CREATE TABLE audit_events (
         tenant_id uuid NOT NULL,
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
         actor_id uuid,
         action text NOT NULL CHECK (action ~ '^[a-z_]+(\\.[a-z_]+)+$'),
         subject_type text NOT NULL,
         subject_ids uuid[] NOT NULL DEFAULT '{}',
         la_id uuid,
         request_id text,
         details jsonb NOT NULL DEFAULT '{}'::jsonb,
         PRIMARY KEY (tenant_id, id)
       )`,
      `CREATE INDEX audit_events_time_idx ON audit_events (tenant_id, occurred_at, id)`,
      `CREATE INDEX audit_events_subject_idx ON audit_events USING gin (subject_ids)`,
      `ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE audit_events FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY tenant_isolation ON audit_events FOR SELECT USING (${TENANT_PREDICATE})`,
      // platform work (no tenant) writes its events under the nil tenant
      `CREATE POLICY audit_append ON audit_events FOR INSERT WITH CHECK (
         tenant_id = coalesce(nullif(current_setting('app.tenant_id', true), '')::uuid, '${NIL_TENANT}'::uuid))`,
      `GRANT SELECT, INSERT ON audit_events TO ${APP_ROLE}`,
      `CREATE TABLE audit_seals (
         tenant_id uuid NOT NULL,
         seq bigint NOT NULL CHECK (seq > 0),
         event_id uuid NOT NULL,
         hash text NOT NULL,
         sealed_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, seq),
         UNIQUE (tenant_id, event_id),
         FOREIGN KEY (tenant_id, event_id) REFERENCES audit_events (tenant_id, id)
       )`,
      ...tenantTable('audit_seals', 'SELECT, INSERT'),
      `CREATE TABLE audit_chain_heads (
         tenant_id uuid NOT NULL PRIMARY KEY,
         seq bigint NOT NULL,
         hash text NOT NULL,
         signature text NOT NULL,
         key_id text NOT NULL,
         signed_at timestamptz NOT NULL DEFAULT now()
       )`,
      ...tenantTable('audit_chain_heads', 'SELECT, INSERT, UPDATE'),
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP TABLE audit_chain_heads`,
      `DROP TABLE audit_seals`,
      `DROP TABLE audit_events`,
      `DROP TABLE data_sharing_agreement_parties`,
      `DROP TABLE data_sharing_agreements`,
      `DROP TABLE user_tokens`,
      `DROP TABLE refresh_tokens`,
      `DROP TABLE sessions`,
      `DROP FUNCTION auth_user_secrets(uuid)`,
      `DROP FUNCTION auth_credentials(text)`,
      `GRANT SELECT ON users TO ${APP_ROLE}`,
      `ALTER TABLE users DROP COLUMN mfa_enabled_at, DROP COLUMN mfa_secret`,
    ]) {
      await q.query(sql);
    }
  }
}
