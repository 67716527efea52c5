import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '@rep-hub/platform/schema';

/**
 * Alternative provision's part of the principal: the AP directory entries of the user's provider
 * organisations, each with the LAs that commission places from it (an AP provider's staff see
 * those LAs' pupil rows: wall 2). Registered as a principal extension, so it joins the one
 * statement that resolves the principal.
 */
export class ApPrincipalExtension1764400000001 implements MigrationInterface {
  name = 'ApPrincipalExtension1764400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION ap_principal_extension(p_tenant uuid, p_memberships json) RETURNS json
      LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
      SELECT json_build_object('providers', coalesce(json_agg(json_build_object('id', pr.id, 'la_ids', pr.la_ids)), '[]'::json)) FROM (
        SELECT p.id, coalesce(array_agg(DISTINCT c.la_id::text) FILTER (WHERE c.la_id IS NOT NULL), '{}'::text[]) AS la_ids
          FROM ap_providers p LEFT JOIN ap_commissioned_places c ON c.tenant_id = p.tenant_id AND c.provider_id = p.id
         WHERE p.tenant_id = p_tenant
           AND p.organisation_id IN (SELECT (m->>'organisation_id')::uuid FROM json_array_elements(p_memberships) m WHERE m->>'role' = 'ap_provider_staff')
         GROUP BY p.id) pr
    $$`);
    await q.query(`REVOKE ALL ON FUNCTION ap_principal_extension(uuid, json) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION ap_principal_extension(uuid, json) TO ${APP_ROLE}`);
    await q.query(
      `INSERT INTO principal_extension_functions (module, function_name) VALUES ('alternative-provision', 'ap_principal_extension')`,
    );
    await q.query(`SELECT compose_principal_extensions()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM principal_extension_functions WHERE module = 'alternative-provision'`);
    await q.query(`SELECT compose_principal_extensions()`);
    await q.query(`DROP FUNCTION ap_principal_extension(uuid, json)`);
  }
}
