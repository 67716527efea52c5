import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantTable } from '@rep-hub/platform/schema';

/**
 * Workforce training's bulk uploads (issue 25): a training provider's file of enrolment rows for
 * one of its cohorts, kept while its job checks and loads it.
 *
 * - `body` holds the file until the job has finished with it (then it is cleared: the rows that
 *   landed are the participants' and enrolments' own; a refused file is not kept).
 * - `sha256` of the bytes: the same file again for the same cohort, while an upload of it is
 *   queued, running or done, is that upload (nothing changes the second time).
 * - `problems` lists every problem by spreadsheet row and column; `result` counts what landed.
 * - Not LA-scoped (a file spans the cohort's LAs); read through the cohort's provider only.
 */
export class WorkforceUploads1766100500000 implements MigrationInterface {
  name = 'WorkforceUploads1766100500000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE workforce_uploads (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         cohort_id uuid NOT NULL,
         provider_id uuid NOT NULL,
         filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
         format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
         size_bytes integer NOT NULL CHECK (size_bytes >= 0),
         sha256 char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
         body bytea,
         status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'checking', 'writing', 'done', 'rejected', 'failed')),
         progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
         progress_text text CHECK (length(progress_text) <= 300),
         rows_total integer,
         problems jsonb NOT NULL DEFAULT '[]'::jsonb,
         result jsonb,
         uploaded_by uuid NOT NULL,
         uploaded_at timestamptz NOT NULL DEFAULT now(),
         finished_at timestamptz,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, cohort_id, provider_id) REFERENCES workforce_cohorts (tenant_id, id, provider_id),
         CHECK ((status IN ('queued', 'checking', 'writing')) = (body IS NOT NULL))
       )`,
      `CREATE UNIQUE INDEX workforce_uploads_same_file ON workforce_uploads (tenant_id, cohort_id, sha256)
         WHERE status IN ('queued', 'checking', 'writing', 'done')`,
      `CREATE INDEX workforce_uploads_cohort_idx ON workforce_uploads (tenant_id, cohort_id, uploaded_at DESC)`,
      ...tenantTable('workforce_uploads', 'SELECT, INSERT, UPDATE'),
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workforce_uploads`);
  }
}
