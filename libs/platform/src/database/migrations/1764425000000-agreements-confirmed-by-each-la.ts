import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../roles';

const SCHOOL_TODAY = `(now() AT TIME ZONE 'Europe/London')::date`;

/**
 * Data-sharing agreements as the law expects them (issue 20). Each local authority is the
 * controller of its pupils' records, so an agreement now says what it is for and exactly what it
 * grants (the lead's pseudonymised partnership view, named pupils for officers of the other party
 * LAs, or both), and takes effect only once every party LA has confirmed it; any party ending it
 * ends it at once.
 *
 * - `status`: proposed → confirmed (every party confirmed) → ended. Whether a confirmed agreement
 *   is in force also depends on its dates (`data_sharing_in_force()`).
 * - Agreements recorded before this migration took effect in one step; they become proposals that
 *   each party LA must confirm (granting what they granted before: both), so none goes on sharing
 *   records that no controller agreed to.
 * - `data_sharing_in_force(tenant, grant)` is the one definition of "in force" (the seam): the
 *   principal's shared LAs read it for named pupils, and a module's partnership-wide view reads it
 *   for the partnership view, without naming the tables.
 * - `principal_context()` gives the LAs of an in-force agreement granting named pupils to LA
 *   officers of a party LA only (not to a DPO, who acts for their own LA, nor to school staff).
 */
export class AgreementsConfirmedByEachLa1764425000000 implements MigrationInterface {
  name = 'AgreementsConfirmedByEachLa1764425000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE data_sharing_agreements DROP CONSTRAINT data_sharing_agreements_status_check`,
      `ALTER TABLE data_sharing_agreements
         ADD COLUMN purpose text,
         ADD COLUMN grants_partnership_view boolean NOT NULL DEFAULT false,
         ADD COLUMN grants_named_pupils boolean NOT NULL DEFAULT false,
         ADD COLUMN confirmed_at timestamptz,
         ADD COLUMN ended_at timestamptz,
         ADD COLUMN ended_by uuid,
         ADD COLUMN ended_for_la_id uuid,
         ADD COLUMN end_reason text CHECK (end_reason IS NULL OR length(end_reason) BETWEEN 1 AND 1000)`,
      // the owner rewrites every tenant's rows once: forced RLS is lifted for this statement only, in this transaction
      `ALTER TABLE data_sharing_agreements NO FORCE ROW LEVEL SECURITY`,
      `UPDATE data_sharing_agreements
          SET purpose = title, grants_partnership_view = true, grants_named_pupils = true,
              status = CASE WHEN status = 'ended' THEN 'ended' ELSE 'proposed' END,
              ended_at = CASE WHEN status = 'ended' THEN updated_at END`,
      `ALTER TABLE data_sharing_agreements FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE data_sharing_agreements
         ALTER COLUMN purpose SET NOT NULL,
         ALTER COLUMN status SET DEFAULT 'proposed',
         ADD CONSTRAINT data_sharing_agreements_status_check CHECK (status IN ('proposed', 'confirmed', 'ended')),
         ADD CONSTRAINT data_sharing_agreements_purpose_check CHECK (length(purpose) BETWEEN 1 AND 2000),
         ADD CONSTRAINT data_sharing_agreements_grants_check CHECK (grants_partnership_view OR grants_named_pupils),
         ADD CONSTRAINT data_sharing_agreements_ended_check CHECK ((status = 'ended') = (ended_at IS NOT NULL))`,
      `ALTER TABLE data_sharing_agreement_parties
         ADD COLUMN confirmed_at timestamptz,
         ADD COLUMN confirmed_by uuid,
         ADD CONSTRAINT data_sharing_agreement_parties_confirmed_check CHECK ((confirmed_at IS NULL) = (confirmed_by IS NULL))`,
      `GRANT UPDATE ON data_sharing_agreement_parties TO ${APP_ROLE}`,
      // the one definition of "in force": confirmed by every party, not ended, within its dates (in England)
      `CREATE FUNCTION data_sharing_in_force(p_tenant uuid, p_grant text) RETURNS TABLE (agreement_id uuid, la_id uuid)
         LANGUAGE sql STABLE SECURITY INVOKER SET search_path = public, pg_temp AS $$
         SELECT a.id, p.la_id
           FROM data_sharing_agreements a
           JOIN data_sharing_agreement_parties p ON p.tenant_id = a.tenant_id AND p.agreement_id = a.id
          WHERE a.tenant_id = p_tenant AND a.status = 'confirmed'
            AND a.starts_on <= ${SCHOOL_TODAY} AND (a.ends_on IS NULL OR a.ends_on >= ${SCHOOL_TODAY})
            AND CASE p_grant WHEN 'partnership_view' THEN a.grants_partnership_view
                             WHEN 'named_pupils' THEN a.grants_named_pupils ELSE false END
            AND NOT EXISTS (SELECT 1 FROM data_sharing_agreement_parties u
                             WHERE u.tenant_id = a.tenant_id AND u.agreement_id = a.id AND u.confirmed_at IS NULL)
       $$`,
      `REVOKE ALL ON FUNCTION data_sharing_in_force(uuid, text) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION data_sharing_in_force(uuid, text) TO ${APP_ROLE}`,
    ]) {
      await q.query(sql);
    }
    await q.query(
      principalContext(`
         ARRAY(SELECT DISTINCT f2.la_id::text FROM data_sharing_in_force(p_tenant, 'named_pupils') f1
                 JOIN data_sharing_in_force(p_tenant, 'named_pupils') f2 ON f2.agreement_id = f1.agreement_id
                WHERE f1.la_id IN (SELECT la_id FROM ms WHERE role = 'la_officer' AND kind = 'local_authority')) AS shared_la_ids,`),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      principalContext(`
         ARRAY(SELECT DISTINCT p2.la_id::text FROM data_sharing_agreements a
                 JOIN data_sharing_agreement_parties p1 ON p1.tenant_id = a.tenant_id AND p1.agreement_id = a.id
                 JOIN data_sharing_agreement_parties p2 ON p2.tenant_id = a.tenant_id AND p2.agreement_id = a.id
                WHERE a.tenant_id = p_tenant AND a.status = 'active' AND a.starts_on <= current_date
                  AND (a.ends_on IS NULL OR a.ends_on >= current_date) AND p1.la_id IN (SELECT la_id FROM ms WHERE la_id IS NOT NULL)) AS shared_la_ids,`),
    );
    for (const sql of [
      `DROP FUNCTION data_sharing_in_force(uuid, text)`,
      `REVOKE UPDATE ON data_sharing_agreement_parties FROM ${APP_ROLE}`,
      `ALTER TABLE data_sharing_agreement_parties DROP COLUMN confirmed_at, DROP COLUMN confirmed_by`,
      `ALTER TABLE data_sharing_agreements DROP CONSTRAINT data_sharing_agreements_status_check,
         DROP CONSTRAINT data_sharing_agreements_purpose_check, DROP CONSTRAINT data_sharing_agreements_grants_check,
         DROP CONSTRAINT data_sharing_agreements_ended_check`,
      `ALTER TABLE data_sharing_agreements NO FORCE ROW LEVEL SECURITY`,
      `UPDATE data_sharing_agreements SET status = CASE WHEN status = 'ended' THEN 'ended' ELSE 'active' END`,
      `ALTER TABLE data_sharing_agreements FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE data_sharing_agreements ALTER COLUMN status SET DEFAULT 'active',
         ADD CONSTRAINT data_sharing_agreements_status_check CHECK (status IN ('active', 'ended')),
         DROP COLUMN purpose, DROP COLUMN grants_partnership_view, DROP COLUMN grants_named_pupils,
         DROP COLUMN confirmed_at, DROP COLUMN ended_at, DROP COLUMN ended_by, DROP COLUMN ended_for_la_id, DROP COLUMN end_reason`,
    ]) {
      await q.query(sql);
    }
  }
}

/** principal_context() as 1764400000000 wrote it, with `sharedLas` as its shared_la_ids column. */
function principalContext(sharedLas: string): string {
  return `CREATE OR REPLACE FUNCTION principal_context(p_session uuid, p_user uuid, p_tenant uuid) RETURNS json
      LANGUAGE plpgsql SECURITY INVOKER SET search_path = public, pg_temp AS $$
      DECLARE
        saved_tenant text := current_setting('app.tenant_id', true);
        saved_las text := current_setting('app.la_ids', true);
        result json;
      BEGIN
        PERFORM set_config('app.tenant_id', p_tenant::text, true);
        PERFORM set_config('app.la_ids', '', true);
        SELECT row_to_json(x) INTO result FROM (  WITH ms AS (
    SELECT m.id, m.role, m.organisation_id, o.kind, o.local_authority_id, m.created_at,
           CASE WHEN o.kind = 'local_authority' THEN o.id ELSE o.local_authority_id END AS la_id
      FROM memberships m LEFT JOIN organisations o ON o.tenant_id = m.tenant_id AND o.id = m.organisation_id
     WHERE m.tenant_id = p_tenant AND m.user_id = p_user AND m.status = 'active'
  ), mj AS (
    SELECT coalesce(json_agg(json_build_object('id', ms.id, 'role', ms.role, 'organisation_id', ms.organisation_id, 'kind', ms.kind,
           'local_authority_id', ms.local_authority_id) ORDER BY ms.created_at, ms.id), '[]'::json) AS memberships FROM ms
  )
  SELECT s.id, s.kind, s.tenant_id, s.revoked_at, s.expires_at, s.last_seen_at, s.mfa_verified_at, u.status AS user_status, u.platform_role,
         mj.memberships,${sharedLas}
         principal_extensions(p_tenant, mj.memberships) AS extensions
    FROM sessions s JOIN users u ON u.id = s.user_id CROSS JOIN mj
   WHERE s.id = p_session AND s.user_id = p_user) x;
        IF result IS NOT NULL AND (result->>'last_seen_at')::timestamptz < now() - interval '60 seconds' THEN
          UPDATE sessions SET last_seen_at = now() WHERE id = p_session;
        END IF;
        PERFORM set_config('app.tenant_id', coalesce(saved_tenant, ''), true);
        PERFORM set_config('app.la_ids', coalesce(saved_las, ''), true);
        RETURN result;
      END $$`;
}
