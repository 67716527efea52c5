import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantTable } from '@rep-hub/platform/schema';

const URL_CHECK = `'^https://[^[:space:]<>"]{1,2000}$'`;

/**
 * Local SEND & AP partnerships and local inclusion plans (issue 21): the module's tables.
 *
 * Nothing here is about a child. Every row is the partnership's (tenant RLS); who may change what
 * inside it (an LA's officers their LA's plan, owners their own actions) is the module's ability
 * rules, checked by its services. Representatives are adults' personal data (names, roles, work
 * emails), kept while they serve and for the retention the module contributes.
 *
 * - `local_partnerships`: one per LA, with its terms of reference (a document in the safe
 *   formatting subset) and its member organisations (`local_partnership_members`: in REP Hub or
 *   not, by kind) and their representatives.
 * - `local_partnership_meetings`: held or planned, with attendance per representative, papers
 *   (a link or a note) and decisions (with an owner member and a due date).
 * - `inclusion_plans`: one per LA, or one for several LAs of the partnership (`inclusion_plan_las`;
 *   an LA is in one plan at most). Each plan has numbered versions moving draft → co_production →
 *   signed_off → published → superseded, one open version (draft to signed off) and one published
 *   at a time; `version` on each row is its optimistic-concurrency counter.
 * - `inclusion_plan_sections`: a version's sections by key, the plan-wide part (la_id NULL) or an
 *   LA's own part, each tagged with National Standards themes (codes of a versioned, provisional
 *   reference list held in code, `themes_version` naming the list).
 * - `inclusion_plan_signoffs`: each member organisation's sign-off of a version, or its dissent
 *   with a reason.
 * - `inclusion_plan_actions` (and their dated updates): owner organisation, due date, status, RAG,
 *   linked to a section key, a theme and, where one exists, an indicator code.
 * - `inclusion_plan_sufficiency`: places by type, LA and academic year: current (typed for
 *   special schools and resourced provision; AP's commissioned places are read from the AP
 *   module's COMMISSIONED_PLACES contract, never stored here), forecast demand, and the action
 *   that closes the gap.
 */
export class PlansFoundation1765000000000 implements MigrationInterface {
  name = 'PlansFoundation1765000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE local_partnerships (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         la_id uuid NOT NULL,
         name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
         terms_of_reference text NOT NULL DEFAULT '' CHECK (length(terms_of_reference) <= 50000),
         terms_updated_at timestamptz,
         terms_updated_by uuid,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, la_id),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      ...tenantTable('local_partnerships'),

      `CREATE TABLE local_partnership_members (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         local_partnership_id uuid NOT NULL,
         kind text NOT NULL CHECK (kind IN ('local_authority', 'icb', 'school_college', 'alternative_provision', 'early_years', 'social_care', 'parent_carer_forum')),
         name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
         organisation_id uuid,
         joined_on date,
         left_on date,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, local_partnership_id) REFERENCES local_partnerships (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id),
         CHECK (left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on)
       )`,
      `CREATE UNIQUE INDEX local_partnership_members_org_key ON local_partnership_members (tenant_id, local_partnership_id, organisation_id) WHERE organisation_id IS NOT NULL`,
      `CREATE INDEX local_partnership_members_org_idx ON local_partnership_members (tenant_id, organisation_id)`,
      ...tenantTable('local_partnership_members'),

      `CREATE TABLE local_partnership_representatives (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         member_id uuid NOT NULL,
         full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
         role_title text CHECK (length(role_title) <= 200),
         email text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$' AND length(email) <= 254),
         user_id uuid REFERENCES users (id),
         from_on date,
         to_on date,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, member_id) REFERENCES local_partnership_members (tenant_id, id) ON DELETE CASCADE,
         CHECK (to_on IS NULL OR from_on IS NULL OR to_on >= from_on)
       )`,
      `CREATE INDEX local_partnership_representatives_member_idx ON local_partnership_representatives (tenant_id, member_id)`,
      ...tenantTable('local_partnership_representatives'),

      `CREATE TABLE local_partnership_meetings (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         local_partnership_id uuid NOT NULL,
         title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
         held_on date NOT NULL,
         status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),
         notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 50000),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, local_partnership_id) REFERENCES local_partnerships (tenant_id, id) ON DELETE CASCADE
       )`,
      `CREATE INDEX local_partnership_meetings_idx ON local_partnership_meetings (tenant_id, local_partnership_id, held_on DESC)`,
      ...tenantTable('local_partnership_meetings'),

      `CREATE TABLE local_partnership_attendance (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         meeting_id uuid NOT NULL,
         representative_id uuid NOT NULL,
         attendance text NOT NULL CHECK (attendance IN ('attended', 'apologies', 'absent')),
         PRIMARY KEY (tenant_id, meeting_id, representative_id),
         FOREIGN KEY (tenant_id, meeting_id) REFERENCES local_partnership_meetings (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, representative_id) REFERENCES local_partnership_representatives (tenant_id, id) ON DELETE CASCADE
       )`,
      ...tenantTable('local_partnership_attendance'),

      `CREATE TABLE local_partnership_papers (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         meeting_id uuid NOT NULL,
         title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
         url text CHECK (url ~ ${URL_CHECK}),
         summary text NOT NULL DEFAULT '' CHECK (length(summary) <= 5000),
         created_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, meeting_id) REFERENCES local_partnership_meetings (tenant_id, id) ON DELETE CASCADE
       )`,
      ...tenantTable('local_partnership_papers'),

      `CREATE TABLE local_partnership_decisions (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         meeting_id uuid NOT NULL,
         decision text NOT NULL CHECK (length(decision) BETWEEN 1 AND 5000),
         owner_member_id uuid,
         due_on date,
         created_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, meeting_id) REFERENCES local_partnership_meetings (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, owner_member_id) REFERENCES local_partnership_members (tenant_id, id)
       )`,
      ...tenantTable('local_partnership_decisions'),

      `CREATE TABLE inclusion_plans (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
         period_start date NOT NULL,
         period_end date NOT NULL,
         review_on date NOT NULL,
         created_by uuid,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         CHECK (period_end > period_start)
       )`,
      ...tenantTable('inclusion_plans'),

      `CREATE TABLE inclusion_plan_las (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         plan_id uuid NOT NULL,
         la_id uuid NOT NULL,
         PRIMARY KEY (tenant_id, plan_id, la_id),
         UNIQUE (tenant_id, la_id),
         FOREIGN KEY (tenant_id, plan_id) REFERENCES inclusion_plans (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      ...tenantTable('inclusion_plan_las'),

      `CREATE TABLE inclusion_plan_versions (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         plan_id uuid NOT NULL,
         number integer NOT NULL CHECK (number >= 1),
         status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'co_production', 'signed_off', 'published', 'superseded')),
         change_summary text NOT NULL DEFAULT '' CHECK (length(change_summary) <= 2000),
         created_by uuid,
         created_at timestamptz NOT NULL DEFAULT now(),
         co_production_at timestamptz,
         signed_off_at timestamptz,
         published_at timestamptz,
         published_by uuid,
         superseded_at timestamptz,
         pdf_status text NOT NULL DEFAULT 'none' CHECK (pdf_status IN ('none', 'queued', 'ready', 'failed')),
         pdf bytea,
         pdf_sha256 text CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, plan_id, number),
         FOREIGN KEY (tenant_id, plan_id) REFERENCES inclusion_plans (tenant_id, id) ON DELETE CASCADE
       )`,
      // one version being written (draft to signed off) and one published at a time, per plan
      `CREATE UNIQUE INDEX inclusion_plan_versions_open_key ON inclusion_plan_versions (tenant_id, plan_id) WHERE status IN ('draft', 'co_production', 'signed_off')`,
      `CREATE UNIQUE INDEX inclusion_plan_versions_published_key ON inclusion_plan_versions (tenant_id, plan_id) WHERE status = 'published'`,
      ...tenantTable('inclusion_plan_versions'),

      `CREATE TABLE inclusion_plan_sections (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         version_id uuid NOT NULL,
         section_key text NOT NULL CHECK (section_key IN ('needs_analysis', 'ordinarily_available_provision', 'sufficiency', 'joint_commissioning', 'co_production', 'transitions_adulthood', 'outcomes')),
         la_id uuid,
         body text NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
         themes text[] NOT NULL DEFAULT '{}' CHECK (cardinality(themes) <= 20),
         themes_version text NOT NULL CHECK (length(themes_version) BETWEEN 1 AND 40),
         updated_by uuid,
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, version_id) REFERENCES inclusion_plan_versions (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      `CREATE UNIQUE INDEX inclusion_plan_sections_key ON inclusion_plan_sections (tenant_id, version_id, section_key, coalesce(la_id, '00000000-0000-0000-0000-000000000000'::uuid))`,
      ...tenantTable('inclusion_plan_sections'),

      `CREATE TABLE inclusion_plan_signoffs (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         version_id uuid NOT NULL,
         member_id uuid NOT NULL,
         decision text NOT NULL CHECK (decision IN ('signed_off', 'dissent')),
         reason text CHECK (length(reason) <= 5000),
         recorded_by uuid,
         recorded_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, version_id, member_id),
         FOREIGN KEY (tenant_id, version_id) REFERENCES inclusion_plan_versions (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, member_id) REFERENCES local_partnership_members (tenant_id, id),
         CHECK (decision <> 'dissent' OR length(btrim(reason)) > 0)
       )`,
      ...tenantTable('inclusion_plan_signoffs'),

      `CREATE TABLE inclusion_plan_actions (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         plan_id uuid NOT NULL,
         title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
         section_key text NOT NULL CHECK (section_key IN ('needs_analysis', 'ordinarily_available_provision', 'sufficiency', 'joint_commissioning', 'co_production', 'transitions_adulthood', 'outcomes')),
         theme_code text CHECK (length(theme_code) <= 60),
         indicator_code text CHECK (length(indicator_code) <= 120),
         la_id uuid,
         owner_organisation_id uuid NOT NULL,
         due_on date NOT NULL,
         status text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'done', 'cancelled')),
         rag text NOT NULL DEFAULT 'green' CHECK (rag IN ('red', 'amber', 'green')),
         progress_note text NOT NULL DEFAULT '' CHECK (length(progress_note) <= 5000),
         completed_on date,
         reminded_on date,
         created_by uuid,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, plan_id) REFERENCES inclusion_plans (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, owner_organisation_id) REFERENCES organisations (tenant_id, id),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      `CREATE INDEX inclusion_plan_actions_plan_idx ON inclusion_plan_actions (tenant_id, plan_id, due_on)`,
      `CREATE INDEX inclusion_plan_actions_owner_idx ON inclusion_plan_actions (tenant_id, owner_organisation_id, due_on)`,
      ...tenantTable('inclusion_plan_actions'),

      `CREATE TABLE inclusion_plan_action_updates (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         action_id uuid NOT NULL,
         status text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'cancelled')),
         rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
         note text NOT NULL DEFAULT '' CHECK (length(note) <= 5000),
         recorded_by uuid,
         recorded_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, action_id) REFERENCES inclusion_plan_actions (tenant_id, id) ON DELETE CASCADE
       )`,
      `CREATE INDEX inclusion_plan_action_updates_idx ON inclusion_plan_action_updates (tenant_id, action_id, recorded_at DESC)`,
      ...tenantTable('inclusion_plan_action_updates', 'SELECT, INSERT, DELETE'),

      `CREATE TABLE inclusion_plan_sufficiency (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         plan_id uuid NOT NULL,
         la_id uuid NOT NULL,
         place_type text NOT NULL CHECK (place_type IN ('special_school', 'resourced_provision', 'ap_tier_1', 'ap_tier_2', 'ap_tier_3')),
         academic_year text NOT NULL CHECK (academic_year ~ '^[0-9]{4}/[0-9]{2}$'),
         current_places integer CHECK (current_places BETWEEN 0 AND 1000000),
         forecast_demand integer NOT NULL CHECK (forecast_demand BETWEEN 0 AND 1000000),
         action_id uuid,
         updated_by uuid,
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, plan_id, la_id, place_type, academic_year),
         FOREIGN KEY (tenant_id, plan_id) REFERENCES inclusion_plans (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id),
         FOREIGN KEY (tenant_id, action_id) REFERENCES inclusion_plan_actions (tenant_id, id) ON DELETE SET NULL (action_id),
         -- AP places come from the AP module's commissioned places, never typed here
         CHECK (place_type NOT LIKE 'ap_%' OR current_places IS NULL)
       )`,
      ...tenantTable('inclusion_plan_sufficiency'),
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'inclusion_plan_sufficiency',
      'inclusion_plan_action_updates',
      'inclusion_plan_actions',
      'inclusion_plan_signoffs',
      'inclusion_plan_sections',
      'inclusion_plan_versions',
      'inclusion_plan_las',
      'inclusion_plans',
      'local_partnership_decisions',
      'local_partnership_papers',
      'local_partnership_attendance',
      'local_partnership_meetings',
      'local_partnership_representatives',
      'local_partnership_members',
      'local_partnerships',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
