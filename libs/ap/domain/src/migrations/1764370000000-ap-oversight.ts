import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, laScopedTable, tenantTable } from '@rep-hub/platform/schema';

const EMAIL = `'^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$'`;

/**
 * AP oversight (issue 7): what turns placement records into oversight.
 *
 * - Each LA's clocks: when the first review falls and how often reviews follow, how many school
 *   days a provider has to send a day's attendance, how many unexplained sessions raise an alert,
 *   the safeguarding contact, and the reintegration follow-up points (weeks after the return).
 * - `ap_attendance`: one row per placement, day and session (AM/PM), with the DfE code, the code
 *   list's version and the code's statistical category (so measures need no code table). A file
 *   uploaded twice writes the same rows again and changes nothing; `ap_attendance_uploads` keeps
 *   each file's digest and what it changed.
 * - `ap_reviews`: scheduled, then held (attendees, progress, next steps) or cancelled.
 * - `ap_followups`: after a return to mainstream, one check-in per follow-up point.
 * - `ap_alerts`: one row per condition and subject (`dedupe_key`), so a nightly run raises each
 *   alert once; closing one records a human decision (a children-missing-education referral is
 *   never automatic).
 * - `ap_retention_rules`: each LA's retention period and action per record type (defaults in
 *   reference data); the nightly job deletes or anonymises what has expired.
 */
export class ApOversight1764370000000 implements MigrationInterface {
  name = 'ApOversight1764370000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE ap_la_settings
         ADD COLUMN first_review_weeks integer NOT NULL DEFAULT 2 CHECK (first_review_weeks BETWEEN 1 AND 26),
         ADD COLUMN review_cadence_weeks integer NOT NULL DEFAULT 6 CHECK (review_cadence_weeks BETWEEN 1 AND 26),
         ADD COLUMN attendance_due_days integer NOT NULL DEFAULT 2 CHECK (attendance_due_days BETWEEN 1 AND 10),
         ADD COLUMN unexplained_absence_sessions integer NOT NULL DEFAULT 4 CHECK (unexplained_absence_sessions BETWEEN 1 AND 40),
         ADD COLUMN safeguarding_email text CHECK (safeguarding_email ~ ${EMAIL}),
         ADD COLUMN followup_weeks integer[] NOT NULL DEFAULT '{6,13,26}'
           CHECK (cardinality(followup_weeks) BETWEEN 1 AND 6 AND 1 <= ALL (followup_weeks) AND 104 >= ALL (followup_weeks))`,

      `ALTER TABLE pupils ADD COLUMN anonymised_at timestamptz`,
      `ALTER TABLE ap_cases ADD COLUMN anonymised_at timestamptz`,
      // the case list's default and "waiting longest" orders over every LA a user sees (an officer
      // under an agreement sees several): an ordered index scan stops at the page instead of
      // sorting every case (50 ms to 1 ms on 8,000 cases; npm run bench:ap)
      `CREATE INDEX ap_cases_recent_idx ON ap_cases (tenant_id, updated_at DESC, id DESC)`,
      `CREATE INDEX ap_cases_oldest_idx ON ap_cases (tenant_id, created_at, id)`,
      `ALTER TABLE ap_cases ADD COLUMN closed_at timestamptz` /* set when a case ends, is withdrawn or declined; older closed cases fall back to updated_at */,

      `CREATE TABLE ap_attendance_uploads (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         provider_id uuid NOT NULL,
         sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
         filename text CHECK (length(filename) <= 255),
         format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
         row_count integer NOT NULL CHECK (row_count >= 0),
         changed_count integer NOT NULL CHECK (changed_count >= 0),
         uploaded_by uuid,
         uploaded_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, provider_id) REFERENCES ap_providers (tenant_id, id)
       )`,
      `CREATE INDEX ap_attendance_uploads_provider_idx ON ap_attendance_uploads (tenant_id, provider_id, uploaded_at DESC)`,
      ...tenantTable('ap_attendance_uploads', 'SELECT, INSERT, DELETE'),

      `CREATE TABLE ap_attendance (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         placement_id uuid NOT NULL,
         session_date date NOT NULL,
         session text NOT NULL CHECK (session IN ('AM', 'PM')),
         la_id uuid NOT NULL,
         provider_id uuid NOT NULL,
         code text NOT NULL CHECK (code ~ '^[A-Z0-9/\\\\#]{1,3}$'),
         code_version text NOT NULL CHECK (code_version ~ '^[0-9]{4}-[0-9]{2}$'),
         category text NOT NULL CHECK (category IN ('present', 'approved_educational_activity', 'authorised_absence', 'unauthorised_absence', 'not_possible')),
         note text CHECK (length(note) <= 500),
         recorded_at timestamptz NOT NULL DEFAULT now(),
         recorded_by uuid,
         upload_id uuid,
         PRIMARY KEY (tenant_id, placement_id, session_date, session),
         FOREIGN KEY (tenant_id, placement_id) REFERENCES ap_placements (tenant_id, id),
         FOREIGN KEY (tenant_id, provider_id) REFERENCES ap_providers (tenant_id, id),
         FOREIGN KEY (tenant_id, upload_id) REFERENCES ap_attendance_uploads (tenant_id, id) ON DELETE SET NULL (upload_id)
       )`,
      `CREATE INDEX ap_attendance_provider_idx ON ap_attendance (tenant_id, provider_id, session_date)`,
      `CREATE INDEX ap_attendance_la_idx ON ap_attendance (tenant_id, la_id, session_date)`,
      ...tenantTable('ap_attendance', 'SELECT, INSERT, UPDATE, DELETE'),
      ...laScopedTable('ap_attendance'),

      `CREATE TABLE ap_reviews (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         case_id uuid NOT NULL,
         placement_id uuid NOT NULL,
         la_id uuid NOT NULL,
         provider_id uuid NOT NULL,
         due_on date NOT NULL,
         status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
         held_on date,
         attendees text[] NOT NULL DEFAULT '{}' CHECK (cardinality(attendees) <= 30),
         progress text CHECK (length(progress) <= 4000),
         next_steps text CHECK (length(next_steps) <= 4000),
         cancel_reason text CHECK (length(cancel_reason) <= 2000),
         created_at timestamptz NOT NULL DEFAULT now(),
         created_by uuid,
         updated_at timestamptz NOT NULL DEFAULT now(),
         updated_by uuid,
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, case_id) REFERENCES ap_cases (tenant_id, id),
         FOREIGN KEY (tenant_id, placement_id) REFERENCES ap_placements (tenant_id, id),
         CONSTRAINT ap_reviews_held CHECK ((status = 'held') = (held_on IS NOT NULL)
           AND (status <> 'held' OR (progress IS NOT NULL AND next_steps IS NOT NULL AND cardinality(attendees) >= 1)))
       )`,
      `CREATE INDEX ap_reviews_placement_idx ON ap_reviews (tenant_id, placement_id, due_on)`,
      `CREATE INDEX ap_reviews_due_idx ON ap_reviews (tenant_id, due_on) WHERE status = 'scheduled'`,
      ...tenantTable('ap_reviews', 'SELECT, INSERT, UPDATE, DELETE'),
      ...laScopedTable('ap_reviews'),

      `CREATE TABLE ap_followups (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         case_id uuid NOT NULL,
         placement_id uuid NOT NULL,
         la_id uuid NOT NULL,
         weeks integer NOT NULL CHECK (weeks BETWEEN 1 AND 104),
         due_on date NOT NULL,
         outcome text CHECK (outcome IN ('held', 'not_held')),
         recorded_on date,
         note text CHECK (length(note) <= 4000),
         recorded_by uuid,
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, placement_id, weeks),
         FOREIGN KEY (tenant_id, case_id) REFERENCES ap_cases (tenant_id, id),
         FOREIGN KEY (tenant_id, placement_id) REFERENCES ap_placements (tenant_id, id),
         CONSTRAINT ap_followups_recorded CHECK ((outcome IS NULL) = (recorded_on IS NULL))
       )`,
      `CREATE INDEX ap_followups_due_idx ON ap_followups (tenant_id, due_on) WHERE outcome IS NULL`,
      ...tenantTable('ap_followups', 'SELECT, INSERT, UPDATE, DELETE'),
      ...laScopedTable('ap_followups'),

      `CREATE TABLE ap_alerts (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         la_id uuid NOT NULL,
         case_id uuid NOT NULL,
         placement_id uuid,
         provider_id uuid,
         kind text NOT NULL CHECK (kind IN ('tier2_overrun', 'review_due', 'review_overdue', 'attendance_missing',
           'persistent_absence', 'severe_absence', 'unexplained_absence', 'followup_due')),
         dedupe_key text NOT NULL CHECK (length(dedupe_key) <= 200),
         raised_at timestamptz NOT NULL DEFAULT now(),
         details jsonb NOT NULL DEFAULT '{}',
         status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
         closed_at timestamptz,
         closed_by uuid,
         decision text CHECK (decision IN ('noted', 'action_taken', 'cme_referral_made', 'cme_referral_not_needed')),
         decision_note text CHECK (length(decision_note) <= 2000),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, kind, dedupe_key),
         FOREIGN KEY (tenant_id, case_id) REFERENCES ap_cases (tenant_id, id),
         FOREIGN KEY (tenant_id, placement_id) REFERENCES ap_placements (tenant_id, id),
         CONSTRAINT ap_alerts_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL AND decision IS NOT NULL))
       )`,
      `CREATE INDEX ap_alerts_open_idx ON ap_alerts (tenant_id, la_id, raised_at DESC) WHERE status = 'open'`,
      `CREATE INDEX ap_alerts_case_idx ON ap_alerts (tenant_id, case_id)`,
      ...tenantTable('ap_alerts', 'SELECT, INSERT, UPDATE, DELETE'),
      ...laScopedTable('ap_alerts'),

      `CREATE TABLE ap_retention_rules (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         la_id uuid NOT NULL,
         record_type text NOT NULL CHECK (record_type IN ('attendance', 'alerts', 'closed_cases', 'pupils')),
         retain_months integer NOT NULL CHECK (retain_months BETWEEN 1 AND 1200),
         action text NOT NULL CHECK (action IN ('delete', 'anonymise')),
         updated_at timestamptz NOT NULL DEFAULT now(),
         updated_by uuid,
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, la_id, record_type),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      ...tenantTable('ap_retention_rules', 'SELECT, INSERT, UPDATE'),

      // retention: a timeline keeps its steps but loses its notes; an LA may choose to delete
      // closed cases (with their placements and timelines) and pupils with no case
      `GRANT DELETE ON ap_case_events TO ${APP_ROLE}`,
      `GRANT UPDATE (note, details) ON ap_case_events TO ${APP_ROLE}`,
      `GRANT DELETE ON ap_cases, ap_placements, pupils, pupil_upn_matches TO ${APP_ROLE}`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE ON ap_cases, ap_placements, pupils, pupil_upn_matches FROM ${APP_ROLE}`);
    await q.query(`REVOKE UPDATE (note, details) ON ap_case_events FROM ${APP_ROLE}`);
    await q.query(`REVOKE DELETE ON ap_case_events FROM ${APP_ROLE}`);
    for (const t of [
      'ap_retention_rules',
      'ap_alerts',
      'ap_followups',
      'ap_reviews',
      'ap_attendance',
      'ap_attendance_uploads',
    ])
      await q.query(`DROP TABLE ${t}`);
    await q.query(`ALTER TABLE ap_cases DROP COLUMN closed_at, DROP COLUMN anonymised_at`);
    await q.query(`DROP INDEX ap_cases_oldest_idx`);
    await q.query(`DROP INDEX ap_cases_recent_idx`);
    await q.query(`ALTER TABLE pupils DROP COLUMN anonymised_at`);
    await q.query(`ALTER TABLE ap_la_settings DROP COLUMN first_review_weeks, DROP COLUMN review_cadence_weeks, DROP COLUMN attendance_due_days,
      DROP COLUMN unexplained_absence_sessions, DROP COLUMN safeguarding_email, DROP COLUMN followup_weeks`);
  }
}
