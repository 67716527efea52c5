import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, OWNER_ROLE } from '../roles';
import { NIL_TENANT } from '../rls';

/**
 * The transactional outbox (a job's intent, written in the same transaction as the change that
 * causes it), the relay's index of tenants with pending jobs, and the record of notifications sent
 * (which doubles as the development email outbox).
 */
export class JobsAndNotifications1764320000000 implements MigrationInterface {
  name = 'JobsAndNotifications1764320000000';

  async up(q: QueryRunner): Promise<void> {
    // the unit of work's tenant, or the nil tenant for platform work
    const current = `coalesce(nullif(current_setting('app.tenant_id', true), '')::uuid, '${NIL_TENANT}'::uuid)`;
    const statements = [
      `CREATE TABLE job_outbox (
         tenant_id uuid NOT NULL,
         id uuid NOT NULL,
         job_name text NOT NULL CHECK (job_name ~ '^[a-z_]+(\\.[a-z_]+)+$'),
         queue text NOT NULL,
         idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
         actor_id uuid,
         correlation_id text,
         payload jsonb NOT NULL DEFAULT '{}'::jsonb,
         status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'relayed', 'done', 'failed')),
         attempts integer NOT NULL DEFAULT 0,
         next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
         last_error text,
         created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
         relayed_at timestamptz,
         finished_at timestamptz,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, idempotency_key)
       )`,
      `CREATE INDEX job_outbox_pending_idx ON job_outbox (tenant_id, next_attempt_at) WHERE status = 'pending'`,
      `ALTER TABLE job_outbox ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE job_outbox FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY tenant_isolation ON job_outbox USING (tenant_id = ${current}) WITH CHECK (tenant_id = ${current})`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON job_outbox TO ${APP_ROLE}`,
      // the relay's index: which tenants have pending jobs (ids only), kept by a trigger
      `CREATE TABLE job_outbox_pending (
         tenant_id uuid PRIMARY KEY,
         since timestamptz NOT NULL
       )`,
      `GRANT SELECT, DELETE ON job_outbox_pending TO ${APP_ROLE}`,
      `CREATE FUNCTION job_outbox_mark_pending() RETURNS trigger
         LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
       BEGIN
         INSERT INTO job_outbox_pending (tenant_id, since) VALUES (NEW.tenant_id, clock_timestamp())
           ON CONFLICT (tenant_id) DO UPDATE SET since = excluded.since;
         RETURN NEW;
       END $$`,
      `ALTER FUNCTION job_outbox_mark_pending() OWNER TO ${OWNER_ROLE}`,
      `CREATE TRIGGER job_outbox_pending_mark AFTER INSERT OR UPDATE OF status, next_attempt_at ON job_outbox
         FOR EACH ROW WHEN (NEW.status = 'pending') EXECUTE FUNCTION job_outbox_mark_pending()`,
      // notifications: one row per message; the personalisation is kept only for the development outbox
      `CREATE TABLE notifications (
         id uuid PRIMARY KEY,
         idempotency_key text NOT NULL UNIQUE,
         template text NOT NULL,
         recipient_user_id uuid REFERENCES users (id),
         email text NOT NULL,
         provider text NOT NULL CHECK (provider IN ('notify', 'outbox')),
         personalisation jsonb,
         status text NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'failed')),
         provider_ref text,
         created_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE INDEX notifications_created_idx ON notifications (created_at DESC)`,
      `GRANT SELECT, INSERT, UPDATE ON notifications TO ${APP_ROLE}`,
      // end-to-end probes of the job pipeline (an operator's check; also what the kill test counts)
      `CREATE TABLE job_probes (
         id uuid PRIMARY KEY,
         requested_at timestamptz NOT NULL DEFAULT now(),
         completed_at timestamptz,
         completed_attempt integer
       )`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON job_probes TO ${APP_ROLE}`,
      // retention: expired sessions and single-use links are deleted after 30 days
      `GRANT DELETE ON sessions, refresh_tokens, user_tokens TO ${APP_ROLE}`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `REVOKE DELETE ON sessions, refresh_tokens, user_tokens FROM ${APP_ROLE}`,
      `DROP TABLE job_probes`,
      `DROP TABLE notifications`,
      `DROP TRIGGER job_outbox_pending_mark ON job_outbox`,
      `DROP FUNCTION job_outbox_mark_pending()`,
      `DROP TABLE job_outbox_pending`,
      `DROP TABLE job_outbox`,
    ]) {
      await q.query(sql);
    }
  }
}
