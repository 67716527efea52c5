import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, laScopedTable, tenantTable } from '@rep-hub/platform/schema';

/**
 * Pupils (issue 6): special-category data about children, behind all three walls. `la_id` is the
 * home LA (the data controller); rows are visible only to units of work of that LA or of an LA
 * with a data-sharing agreement with it.
 *
 * A UPN is unique within an LA. The same UPN recorded by another LA is not refused (a refusal
 * would tell the caller that another LA holds the child): `pupil_upn_check()` instead records a
 * match request for the other LA's officers, visible only to them.
 */
export class ApPupils1764350000000 implements MigrationInterface {
  name = 'ApPupils1764350000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE pupils (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         la_id uuid NOT NULL,
         upn text CHECK (upn ~ '^[A-Z][0-9]{11}[0-9A-Z]$'),
         upn_unknown_reason text CHECK (upn_unknown_reason ~ '^UN[1-5]$'),
         given_name text NOT NULL CHECK (length(btrim(given_name)) BETWEEN 1 AND 100),
         family_name text NOT NULL CHECK (length(btrim(family_name)) BETWEEN 1 AND 100),
         date_of_birth date NOT NULL CHECK (date_of_birth > DATE '1995-01-01'),
         current_school_id uuid,
         sen_provision text NOT NULL DEFAULT 'N' CHECK (sen_provision IN ('E', 'K', 'N')),
         needs text[] NOT NULL DEFAULT '{}' CHECK (cardinality(needs) <= 2),
         ehc_caseworker text CHECK (length(ehc_caseworker) <= 200),
         ehc_next_annual_review date,
         looked_after boolean NOT NULL DEFAULT false,
         free_school_meals boolean NOT NULL DEFAULT false,
         safeguarding_flags text[] NOT NULL DEFAULT '{}',
         contacts jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(contacts) = 'array'),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         created_by uuid,
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id),
         FOREIGN KEY (tenant_id, current_school_id) REFERENCES organisations (tenant_id, id),
         CONSTRAINT pupils_upn_or_reason CHECK ((upn IS NULL) <> (upn_unknown_reason IS NULL))
       )`,
      `CREATE UNIQUE INDEX pupils_upn_key ON pupils (tenant_id, la_id, upn) WHERE upn IS NOT NULL`,
      `CREATE INDEX pupils_name_idx ON pupils (tenant_id, la_id, family_name, id)`,
      ...tenantTable('pupils', 'SELECT, INSERT, UPDATE'),
      ...laScopedTable('pupils'),
      `CREATE TABLE pupil_upn_matches (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         la_id uuid NOT NULL,
         pupil_id uuid NOT NULL,
         other_la_id uuid NOT NULL,
         other_pupil_id uuid NOT NULL,
         status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'same_child', 'different_children')),
         created_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, pupil_id) REFERENCES pupils (tenant_id, id),
         UNIQUE (tenant_id, pupil_id, other_pupil_id)
       )`,
      ...tenantTable('pupil_upn_matches', 'SELECT, UPDATE'),
      ...laScopedTable('pupil_upn_matches'),
      // Runs as the owner (bound by the same forced policies): it widens app.la_ids to the
      // tenant's LAs for its own two statements only, and answers nothing about what it found.
      `CREATE FUNCTION pupil_upn_check(p_pupil_id uuid) RETURNS void
         LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
       DECLARE
         saved text := current_setting('app.la_ids');
         tid uuid := current_setting('app.tenant_id')::uuid;
       BEGIN
         PERFORM set_config('app.la_ids',
           (SELECT coalesce(string_agg(id::text, ','), '') FROM organisations WHERE tenant_id = tid AND kind = 'local_authority'), true);
         INSERT INTO pupil_upn_matches (tenant_id, la_id, pupil_id, other_la_id, other_pupil_id)
           SELECT tid, held.la_id, held.id, new.la_id, new.id
             FROM pupils new
             JOIN pupils held ON held.tenant_id = new.tenant_id AND held.upn = new.upn AND held.la_id <> new.la_id
            WHERE new.tenant_id = tid AND new.id = p_pupil_id
               AND new.la_id = ANY (string_to_array(saved, ',')::uuid[])
               AND NOT (held.la_id = ANY (string_to_array(saved, ',')::uuid[]))
           ON CONFLICT DO NOTHING;
         PERFORM set_config('app.la_ids', saved, true);
       END $$`,
      `REVOKE ALL ON FUNCTION pupil_upn_check(uuid) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION pupil_upn_check(uuid) TO ${APP_ROLE}`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION pupil_upn_check(uuid)`);
    await q.query(`DROP TABLE pupil_upn_matches`);
    await q.query(`DROP TABLE pupils`);
  }
}
