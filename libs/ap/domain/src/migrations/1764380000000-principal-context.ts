import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@rep-hub/platform/schema';

/**
 * (History: this first version read AP's providers itself, so it stands with AP's migrations; the
 * platform's 1764400000000 redefines it without naming any module.)
 *
 * Who a partnership's session speaks for, in one statement (issue 7, `npm run bench:ap`): the
 * session and its user, the active memberships with their organisations, the LAs sharing by
 * agreement with the user's, and the user's AP providers with the LAs commissioning them; and the
 * session marked seen (at most once a minute).
 *
 * Every API request resolves its principal, and each round trip to the database cost the API more
 * CPU than its query: one call, outside a transaction, replaces a unit of work of four. The
 * function runs as its caller (the app role, under RLS): it sets the tenant for its own statement
 * (`set_config(..., true)`: the statement's transaction only) and puts back what was set before,
 * so called inside a unit of work it changes nothing there.
 */
export class PrincipalContext1764380000000 implements MigrationInterface {
  name = 'PrincipalContext1764380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION principal_context(p_session uuid, p_user uuid, p_tenant uuid) RETURNS json
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
  )
  SELECT s.id, s.kind, s.tenant_id, s.revoked_at, s.expires_at, s.last_seen_at, s.mfa_verified_at, u.status AS user_status, u.platform_role,
         (SELECT coalesce(json_agg(json_build_object('id', ms.id, 'role', ms.role, 'organisation_id', ms.organisation_id, 'kind', ms.kind,
                 'local_authority_id', ms.local_authority_id) ORDER BY ms.created_at, ms.id), '[]'::json) FROM ms) AS memberships,
         ARRAY(SELECT DISTINCT p2.la_id::text FROM data_sharing_agreements a
                 JOIN data_sharing_agreement_parties p1 ON p1.tenant_id = a.tenant_id AND p1.agreement_id = a.id
                 JOIN data_sharing_agreement_parties p2 ON p2.tenant_id = a.tenant_id AND p2.agreement_id = a.id
                WHERE a.tenant_id = p_tenant AND a.status = 'active' AND a.starts_on <= current_date
                  AND (a.ends_on IS NULL OR a.ends_on >= current_date) AND p1.la_id IN (SELECT la_id FROM ms WHERE la_id IS NOT NULL)) AS shared_la_ids,
         (SELECT coalesce(json_agg(json_build_object('id', pr.id, 'la_ids', pr.la_ids)), '[]'::json) FROM (
            SELECT p.id, coalesce(array_agg(DISTINCT c.la_id::text) FILTER (WHERE c.la_id IS NOT NULL), '{}'::text[]) AS la_ids
              FROM ap_providers p LEFT JOIN ap_commissioned_places c ON c.tenant_id = p.tenant_id AND c.provider_id = p.id
             WHERE p.tenant_id = p_tenant AND p.organisation_id IN (SELECT organisation_id FROM ms WHERE role = 'ap_provider_staff') GROUP BY p.id) pr) AS providers
    FROM sessions s JOIN users u ON u.id = s.user_id
   WHERE s.id = p_session AND s.user_id = p_user) x;
        IF result IS NOT NULL AND (result->>'last_seen_at')::timestamptz < now() - interval '60 seconds' THEN
          UPDATE sessions SET last_seen_at = now() WHERE id = p_session;
        END IF;
        PERFORM set_config('app.tenant_id', coalesce(saved_tenant, ''), true);
        PERFORM set_config('app.la_ids', coalesce(saved_las, ''), true);
        RETURN result;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION principal_context(uuid, uuid, uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION principal_context(uuid, uuid, uuid) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION principal_context(uuid, uuid, uuid)`);
  }
}
