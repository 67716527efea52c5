import { MigrationInterface, QueryRunner } from 'typeorm';
import { laScopedTable, tenantTable } from '@rep-hub/platform/schema';

/**
 * AP cases (issue 6): a referral or a commission, the panel's staged decisions, the offer, the
 * placement and its end. Cases, their timeline and placements carry `la_id` (the pupil's home LA)
 * under wall 2, and the columns wall 3's rules need: `setting_id` (the school that referred or
 * commissioned) and `provider_id` (the provider offered).
 *
 * Schools record pupils too (`pupils.setting_id`): a school's record of a child is its own, so a
 * UPN is unique per LA and recorder. When a school records a UPN its LA already holds, nothing is
 * revealed to the school and the LA's officers are asked to match the two records, as they are
 * when another LA holds it.
 */
export class ApCases1764360000000 implements MigrationInterface {
  name = 'ApCases1764360000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE pupils ADD COLUMN setting_id uuid`,
      // NOT VALID: the column is new and empty, and validating would read pupils under their forced
      // policies with no LA set; every row written from now on is checked
      `ALTER TABLE pupils ADD CONSTRAINT pupils_setting_fk FOREIGN KEY (tenant_id, setting_id) REFERENCES organisations (tenant_id, id) NOT VALID`,
      `DROP INDEX pupils_upn_key`,
      `CREATE UNIQUE INDEX pupils_upn_key ON pupils (tenant_id, la_id, (coalesce(setting_id, la_id)), upn) WHERE upn IS NOT NULL`,
      `CREATE INDEX pupils_setting_idx ON pupils (tenant_id, setting_id, family_name, id) WHERE setting_id IS NOT NULL`,
      `CREATE OR REPLACE FUNCTION pupil_upn_check(p_pupil_id uuid) RETURNS void
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
             JOIN pupils held ON held.tenant_id = new.tenant_id AND held.upn = new.upn AND held.id <> new.id
            WHERE new.tenant_id = tid AND new.id = p_pupil_id
              AND new.la_id = ANY (string_to_array(saved, ',')::uuid[])
              AND (
                -- another LA holds it, unseen by the caller (a school sees no other LA's records,
                -- even where its LA shares with that one by agreement)
                (held.la_id <> new.la_id AND (new.setting_id IS NOT NULL OR NOT (held.la_id = ANY (string_to_array(saved, ',')::uuid[]))))
                -- a school recorded a child its own LA (or another school there) already holds
                OR (held.la_id = new.la_id AND new.setting_id IS NOT NULL AND coalesce(held.setting_id, held.la_id) <> new.setting_id)
              )
           ON CONFLICT DO NOTHING;
         PERFORM set_config('app.la_ids', saved, true);
       END $$`,

      `CREATE TABLE ap_la_settings (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         la_id uuid NOT NULL,
         panel_first_date date,
         panel_cadence_days integer NOT NULL DEFAULT 14 CHECK (panel_cadence_days BETWEEN 1 AND 92),
         tier2_weeks integer NOT NULL DEFAULT 12 CHECK (tier2_weeks BETWEEN 1 AND 52),
         virtual_school_email text CHECK (virtual_school_email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'),
         updated_at timestamptz NOT NULL DEFAULT now(),
         updated_by uuid,
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, la_id),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      ...tenantTable('ap_la_settings', 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE ap_cases (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         reference bigint GENERATED ALWAYS AS IDENTITY,
         la_id uuid NOT NULL,
         pupil_id uuid NOT NULL,
         route text NOT NULL CHECK (route IN ('school_referral', 'school_commission', 'la_commission')),
         setting_id uuid,
         reason text NOT NULL CHECK (reason ~ '^[a-z_]{2,40}$'),
         reason_detail text CHECK (length(reason_detail) <= 2000),
         requested_tier text NOT NULL CHECK (requested_tier IN ('tier_1', 'tier_2', 'tier_3')),
         lawful_basis text NOT NULL DEFAULT 'public_task' CHECK (lawful_basis = 'public_task'),
         family_views text NOT NULL CHECK (length(btrim(family_views)) BETWEEN 1 AND 4000),
         child_views text NOT NULL CHECK (length(btrim(child_views)) BETWEEN 1 AND 4000),
         exclusion_type text CHECK (exclusion_type IN ('suspension', 'permanent_exclusion')),
         exclusion_start date,
         exclusion_days integer CHECK (exclusion_days BETWEEN 1 AND 45),
         status text NOT NULL CHECK (status ~ '^[a-z_]{2,40}$'),
         urgency text CHECK (urgency IN ('urgent', 'high', 'standard')),
         panel_date date,
         decision_reason text CHECK (length(decision_reason) <= 2000),
         tier text CHECK (tier IN ('tier_1', 'tier_2', 'tier_3')),
         provider_id uuid,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         created_by uuid,
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, reference),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id),
         FOREIGN KEY (tenant_id, pupil_id) REFERENCES pupils (tenant_id, id),
         FOREIGN KEY (tenant_id, setting_id) REFERENCES organisations (tenant_id, id),
         FOREIGN KEY (tenant_id, provider_id) REFERENCES ap_providers (tenant_id, id),
         CONSTRAINT ap_cases_school_route CHECK ((route = 'la_commission') = (setting_id IS NULL)),
         CONSTRAINT ap_cases_exclusion CHECK ((exclusion_type IS NULL) = (exclusion_start IS NULL)
           AND (exclusion_type = 'suspension') = (exclusion_days IS NOT NULL))
       )`,
      `CREATE INDEX ap_cases_la_idx ON ap_cases (tenant_id, la_id, status, updated_at DESC, id)`,
      `CREATE INDEX ap_cases_setting_idx ON ap_cases (tenant_id, setting_id, updated_at DESC, id) WHERE setting_id IS NOT NULL`,
      `CREATE INDEX ap_cases_provider_idx ON ap_cases (tenant_id, provider_id, updated_at DESC, id) WHERE provider_id IS NOT NULL`,
      `CREATE INDEX ap_cases_pupil_idx ON ap_cases (tenant_id, pupil_id)`,
      ...tenantTable('ap_cases', 'SELECT, INSERT, UPDATE'),
      ...laScopedTable('ap_cases'),

      `CREATE TABLE ap_case_events (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         case_id uuid NOT NULL,
         la_id uuid NOT NULL,
         at timestamptz NOT NULL DEFAULT clock_timestamp(),
         actor_id uuid,
         actor_role text,
         action text NOT NULL,
         from_status text,
         to_status text NOT NULL,
         note text CHECK (length(note) <= 4000),
         details jsonb NOT NULL DEFAULT '{}',
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, case_id) REFERENCES ap_cases (tenant_id, id)
       )`,
      `CREATE INDEX ap_case_events_case_idx ON ap_case_events (tenant_id, case_id, at)`,
      ...tenantTable('ap_case_events', 'SELECT, INSERT'),
      ...laScopedTable('ap_case_events'),

      `CREATE TABLE ap_placements (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         case_id uuid NOT NULL,
         la_id uuid NOT NULL,
         provider_id uuid NOT NULL,
         tier text NOT NULL CHECK (tier IN ('tier_1', 'tier_2', 'tier_3')),
         academic_year text NOT NULL CHECK (academic_year ~ '^[0-9]{4}/[0-9]{2}$'),
         status text NOT NULL CHECK (status IN ('planned', 'active', 'ended')),
         planned_start date NOT NULL,
         planned_end date,
         started_on date,
         ended_on date,
         end_reason text CHECK (length(end_reason) <= 2000),
         destination text,
         created_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, case_id),
         FOREIGN KEY (tenant_id, case_id) REFERENCES ap_cases (tenant_id, id),
         FOREIGN KEY (tenant_id, provider_id) REFERENCES ap_providers (tenant_id, id),
         CONSTRAINT ap_placements_ended CHECK ((status = 'ended') = (ended_on IS NOT NULL AND destination IS NOT NULL)),
         CONSTRAINT ap_placements_started CHECK (status = 'planned' OR status = 'ended' OR started_on IS NOT NULL)
       )`,
      `CREATE INDEX ap_placements_capacity_idx ON ap_placements (tenant_id, provider_id, la_id, tier, academic_year) WHERE status <> 'ended'`,
      ...tenantTable('ap_placements', 'SELECT, INSERT, UPDATE'),
      ...laScopedTable('ap_placements'),
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['ap_placements', 'ap_case_events', 'ap_cases', 'ap_la_settings']) await q.query(`DROP TABLE ${t}`);
    await q.query(`DROP INDEX pupils_setting_idx`);
    await q.query(`DROP INDEX pupils_upn_key`);
    await q.query(`CREATE UNIQUE INDEX pupils_upn_key ON pupils (tenant_id, la_id, upn) WHERE upn IS NOT NULL`);
    await q.query(`ALTER TABLE pupils DROP COLUMN setting_id`);
  }
}
