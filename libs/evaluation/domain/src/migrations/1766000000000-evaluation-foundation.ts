import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantTable } from '@rep-hub/platform/schema';

const TEXT = (col: string, max: number, notNull = true) =>
  `${col} text ${notNull ? `NOT NULL DEFAULT ''` : ''} CHECK (length(${col}) <= ${max})`;
const PERIOD = `'^[0-9]{4}-[0-9]{2}-(autumn|spring|summer)$'`;
const CODE = `'^[a-z][a-z0-9]*(\\.[a-z0-9_]+)+$'`;

/**
 * Change Programme evaluation in each partnership (issue 22): the module's tables.
 *
 * Nothing here is about a child: reforms, tests, indicator figures and returns are the
 * partnership's aggregates (tenant RLS on every table). Who may change what inside it (the lead
 * everything, an LA's officers their LA's part) is the module's ability rules.
 *
 * - `evaluation_reform_statuses`: each LA's status of each reform under test (planned, active,
 *   paused, stopped), naming the reform list's version; `evaluation_reform_status_changes` keeps
 *   the reason and date of every change.
 * - `evaluation_tests` (test and learn): hypothesis, the reform, start and end, comparison group,
 *   findings, lessons and risks; the LAs, settings and indicators involved; a dated log of results.
 * - `evaluation_uploads` and `evaluation_submitted_values`: figures an LA submits for indicators
 *   REP Hub does not hold, one value per LA, indicator and period, each naming its definition's
 *   version and where it came from (an upload, whose file hash makes the same file twice a no-op,
 *   or an entry by hand).
 * - `evaluation_returns`: the evidence return per period, versioned (a sent return is corrected
 *   only by a new version that says why): draft → la_signed_off → lead_signed_off → sent →
 *   superseded. Its figures (`evaluation_return_figures`, assembled by a job), each LA's sign-off
 *   (`evaluation_return_la_signoffs`), RAG ratings with exceptions and owners' commentary
 *   (`evaluation_return_ratings`), and on sending the immutable snapshot with lineage
 *   (`evaluation_return_snapshots`: the app role may insert and read it, never change it).
 */
export class EvaluationFoundation1766000000000 implements MigrationInterface {
  name = 'EvaluationFoundation1766000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE evaluation_reform_statuses (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         la_id uuid NOT NULL,
         reform_code text NOT NULL CHECK (reform_code ~ '^[a-z][a-z0-9_]{1,60}$'),
         reforms_version text NOT NULL CHECK (length(reforms_version) BETWEEN 1 AND 40),
         status text NOT NULL CHECK (status IN ('planned', 'active', 'paused', 'stopped')),
         ${TEXT('reason', 2000)},
         changed_on date NOT NULL,
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, la_id, reform_code),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      ...tenantTable('evaluation_reform_statuses', 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE evaluation_reform_status_changes (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         reform_status_id uuid NOT NULL,
         from_status text CHECK (from_status IN ('planned', 'active', 'paused', 'stopped')),
         to_status text NOT NULL CHECK (to_status IN ('planned', 'active', 'paused', 'stopped')),
         ${TEXT('reason', 2000)},
         changed_on date NOT NULL,
         changed_by uuid REFERENCES users (id),
         changed_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, reform_status_id) REFERENCES evaluation_reform_statuses (tenant_id, id)
       )`,
      `CREATE INDEX evaluation_reform_status_changes_idx ON evaluation_reform_status_changes (tenant_id, reform_status_id, changed_at)`,
      ...tenantTable('evaluation_reform_status_changes', 'SELECT, INSERT'),

      `CREATE TABLE evaluation_tests (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
         reform_code text NOT NULL CHECK (reform_code ~ '^[a-z][a-z0-9_]{1,60}$'),
         reforms_version text NOT NULL,
         hypothesis text NOT NULL CHECK (length(hypothesis) BETWEEN 1 AND 5000),
         ${TEXT('comparison_group', 2000)},
         starts_on date NOT NULL,
         ends_on date NOT NULL,
         status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'running', 'finished', 'stopped')),
         ${TEXT('findings', 10000)},
         ${TEXT('lessons', 10000)},
         ${TEXT('risks', 10000)},
         created_by uuid REFERENCES users (id),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         CHECK (ends_on >= starts_on)
       )`,
      ...tenantTable('evaluation_tests', 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE evaluation_test_las (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         test_id uuid NOT NULL,
         la_id uuid NOT NULL,
         PRIMARY KEY (tenant_id, test_id, la_id),
         FOREIGN KEY (tenant_id, test_id) REFERENCES evaluation_tests (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      ...tenantTable('evaluation_test_las'),
      `CREATE TABLE evaluation_test_settings (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         test_id uuid NOT NULL,
         organisation_id uuid NOT NULL,
         PRIMARY KEY (tenant_id, test_id, organisation_id),
         FOREIGN KEY (tenant_id, test_id) REFERENCES evaluation_tests (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
       )`,
      ...tenantTable('evaluation_test_settings'),
      `CREATE TABLE evaluation_test_indicators (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         test_id uuid NOT NULL,
         indicator_code text NOT NULL CHECK (indicator_code ~ ${CODE}),
         PRIMARY KEY (tenant_id, test_id, indicator_code),
         FOREIGN KEY (tenant_id, test_id) REFERENCES evaluation_tests (tenant_id, id) ON DELETE CASCADE
       )`,
      ...tenantTable('evaluation_test_indicators'),
      `CREATE TABLE evaluation_test_results (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         test_id uuid NOT NULL,
         recorded_on date NOT NULL,
         summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 5000),
         recorded_by uuid REFERENCES users (id),
         created_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, test_id) REFERENCES evaluation_tests (tenant_id, id) ON DELETE CASCADE
       )`,
      `CREATE INDEX evaluation_test_results_idx ON evaluation_test_results (tenant_id, test_id, recorded_on DESC)`,
      ...tenantTable('evaluation_test_results', 'SELECT, INSERT'),

      `CREATE TABLE evaluation_uploads (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         la_id uuid NOT NULL,
         filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
         sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
         row_count integer NOT NULL CHECK (row_count >= 0),
         uploaded_by uuid REFERENCES users (id),
         uploaded_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, la_id, sha256),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      ...tenantTable('evaluation_uploads', 'SELECT, INSERT'),

      `CREATE TABLE evaluation_submitted_values (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         la_id uuid NOT NULL,
         indicator_code text NOT NULL CHECK (indicator_code ~ ${CODE}),
         definition_version integer NOT NULL CHECK (definition_version >= 1),
         period text NOT NULL CHECK (period ~ ${PERIOD}),
         numerator numeric NOT NULL CHECK (numerator >= 0),
         denominator numeric CHECK (denominator >= 0),
         value numeric,
         upload_id uuid,
         entered_by uuid REFERENCES users (id),
         entered_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, la_id, indicator_code, period),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id),
         FOREIGN KEY (tenant_id, upload_id) REFERENCES evaluation_uploads (tenant_id, id),
         CHECK (denominator IS NULL OR numerator <= denominator)
       )`,
      `CREATE INDEX evaluation_submitted_values_period_idx ON evaluation_submitted_values (tenant_id, period)`,
      ...tenantTable('evaluation_submitted_values', 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE evaluation_returns (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         period text NOT NULL CHECK (period ~ ${PERIOD}),
         return_version integer NOT NULL DEFAULT 1 CHECK (return_version >= 1),
         status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'la_signed_off', 'lead_signed_off', 'sent', 'superseded')),
         ${TEXT('narrative', 20000)},
         correction_reason text CHECK (length(correction_reason) BETWEEN 1 AND 2000),
         corrects_return_id uuid,
         assembled_at timestamptz,
         lead_signed_off_by uuid REFERENCES users (id),
         lead_signed_off_at timestamptz,
         sent_by uuid REFERENCES users (id),
         sent_at timestamptz,
         created_by uuid REFERENCES users (id),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, period, return_version),
         FOREIGN KEY (tenant_id, corrects_return_id) REFERENCES evaluation_returns (tenant_id, id),
         CHECK ((return_version = 1) = (corrects_return_id IS NULL)),
         CHECK ((return_version = 1) = (correction_reason IS NULL))
       )`,
      // one return of a period is open (not sent, not superseded) at a time
      `CREATE UNIQUE INDEX evaluation_returns_open_key ON evaluation_returns (tenant_id, period) WHERE status IN ('draft', 'la_signed_off', 'lead_signed_off')`,
      ...tenantTable('evaluation_returns', 'SELECT, INSERT, UPDATE'),

      `CREATE TABLE evaluation_return_figures (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         return_id uuid NOT NULL,
         indicator_code text NOT NULL CHECK (indicator_code ~ ${CODE}),
         la_key uuid NOT NULL, -- the LA, or the tenant's id for the partnership's own figure
         la_id uuid,
         source text NOT NULL CHECK (source IN ('computed', 'submitted')),
         definition_version integer NOT NULL,
         numerator numeric,
         denominator numeric,
         value numeric,
         -- where the figure came from: { module, queryVersion } or { uploadId | enteredBy, enteredAt, submittedValueId }
         lineage jsonb NOT NULL,
         submitted_at timestamptz,
         PRIMARY KEY (tenant_id, return_id, indicator_code, la_key),
         FOREIGN KEY (tenant_id, return_id) REFERENCES evaluation_returns (tenant_id, id) ON DELETE CASCADE
       )`,
      ...tenantTable('evaluation_return_figures'),

      `CREATE TABLE evaluation_return_la_signoffs (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         return_id uuid NOT NULL,
         la_id uuid NOT NULL,
         signed_off_by uuid NOT NULL REFERENCES users (id),
         signed_off_at timestamptz NOT NULL DEFAULT now(),
         ${TEXT('comment', 2000)},
         PRIMARY KEY (tenant_id, return_id, la_id),
         FOREIGN KEY (tenant_id, return_id) REFERENCES evaluation_returns (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      ...tenantTable('evaluation_return_la_signoffs'),

      `CREATE TABLE evaluation_return_ratings (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         return_id uuid NOT NULL,
         indicator_code text NOT NULL CHECK (indicator_code ~ ${CODE}),
         rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
         exception boolean NOT NULL DEFAULT false,
         owner_user_id uuid REFERENCES users (id),
         ${TEXT('commentary', 5000)},
         updated_by uuid REFERENCES users (id),
         updated_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, return_id, indicator_code),
         FOREIGN KEY (tenant_id, return_id) REFERENCES evaluation_returns (tenant_id, id) ON DELETE CASCADE,
         CHECK (NOT exception OR owner_user_id IS NOT NULL)
       )`,
      ...tenantTable('evaluation_return_ratings'),

      `CREATE TABLE evaluation_return_snapshots (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         return_id uuid NOT NULL,
         snapshot jsonb NOT NULL,
         sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
         frozen_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, return_id),
         FOREIGN KEY (tenant_id, return_id) REFERENCES evaluation_returns (tenant_id, id)
       )`,
      // immutable: the app role may write a snapshot once and read it, never change or remove it
      ...tenantTable('evaluation_return_snapshots', 'SELECT, INSERT'),
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'evaluation_return_snapshots',
      'evaluation_return_ratings',
      'evaluation_return_la_signoffs',
      'evaluation_return_figures',
      'evaluation_returns',
      'evaluation_submitted_values',
      'evaluation_uploads',
      'evaluation_test_results',
      'evaluation_test_indicators',
      'evaluation_test_settings',
      'evaluation_test_las',
      'evaluation_tests',
      'evaluation_reform_status_changes',
      'evaluation_reform_statuses',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
