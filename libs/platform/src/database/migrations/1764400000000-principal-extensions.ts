import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../roles';

/**
 * What a domain module adds to the principal joins the one statement that resolves it (issue 15):
 * a module registers a SQL function `(p_tenant uuid, p_memberships json) RETURNS json` in
 * `principal_extension_functions` and calls `compose_principal_extensions()`, which writes
 * `principal_extensions()` afresh as one static SELECT of every registered function (static, so
 * PostgreSQL plans it like any other; no dynamic SQL per request). `principal_context()` returns
 * its answer as `extensions`, by module, and names no module's table itself.
 */
export class PrincipalExtensions1764400000000 implements MigrationInterface {
  name = 'PrincipalExtensions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE principal_extension_functions (
      module text PRIMARY KEY CHECK (module ~ '^[a-z][a-z0-9-]*$'),
      function_name text NOT NULL UNIQUE CHECK (function_name ~ '^[a-z_][a-z0-9_]*$')
    )`);
    await q.query(`GRANT SELECT ON principal_extension_functions TO ${APP_ROLE}`);
    await q.query(`CREATE FUNCTION compose_principal_extensions() RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      DECLARE
        parts text;
      BEGIN
        SELECT string_agg(format('%L, %I(p_tenant, p_memberships)', module, function_name), ', ' ORDER BY module) INTO parts FROM principal_extension_functions;
        EXECUTE format('CREATE OR REPLACE FUNCTION principal_extensions(p_tenant uuid, p_memberships json) RETURNS json LANGUAGE sql STABLE SET search_path = public, pg_temp AS %L',
                       'SELECT ' || CASE WHEN parts IS NULL THEN '''{}''::json' ELSE 'json_build_object(' || parts || ')' END);
        EXECUTE format('GRANT EXECUTE ON FUNCTION principal_extensions(uuid, json) TO %I', '${APP_ROLE}');
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION compose_principal_extensions() FROM PUBLIC`);
    await q.query(`SELECT compose_principal_extensions()`);
    await q.query(`CREATE OR REPLACE FUNCTION principal_context(p_session uuid, p_user uuid, p_tenant uuid) RETURNS json
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
         mj.memberships,
         ARRAY(SELECT DISTINCT p2.la_id::text FROM data_sharing_agreements a
                 JOIN data_sharing_agreement_parties p1 ON p1.tenant_id = a.tenant_id AND p1.agreement_id = a.id
                 JOIN data_sharing_agreement_parties p2 ON p2.tenant_id = a.tenant_id AND p2.agreement_id = a.id
                WHERE a.tenant_id = p_tenant AND a.status = 'active' AND a.starts_on <= current_date
                  AND (a.ends_on IS NULL OR a.ends_on >= current_date) AND p1.la_id IN (SELECT la_id FROM ms WHERE la_id IS NOT NULL)) AS shared_la_ids,
         principal_extensions(p_tenant, mj.memberships) AS extensions
    FROM sessions s JOIN users u ON u.id = s.user_id CROSS JOIN mj
   WHERE s.id = p_session AND s.user_id = p_user) x;
        IF result IS NOT NULL AND (result->>'last_seen_at')::timestamptz < now() - interval '60 seconds' THEN
          UPDATE sessions SET last_seen_at = now() WHERE id = p_session;
        END IF;
        PERFORM set_config('app.tenant_id', coalesce(saved_tenant, ''), true);
        PERFORM set_config('app.la_ids', coalesce(saved_las, ''), true);
        RETURN result;
      END $$`);
    // it stands on its own (a database without the module that first defined it gets it here)
    await q.query(`REVOKE ALL ON FUNCTION principal_context(uuid, uuid, uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION principal_context(uuid, uuid, uuid) TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION principal_extensions(uuid, json)`);
    await q.query(`DROP FUNCTION compose_principal_extensions()`);
    await q.query(`DROP TABLE principal_extension_functions`);
  }
}
