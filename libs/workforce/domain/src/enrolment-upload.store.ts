import { EntityManager } from 'typeorm';
import type { TabularRowError } from '@rep-hub/platform';
import { EnrolmentStatus, Milestone } from './workforce.model';

export type UploadStatus = 'queued' | 'checking' | 'writing' | 'done' | 'rejected' | 'failed';

export interface UploadResult {
  rows: number;
  participantsAdded: number;
  enrolmentsAdded: number;
  moves: number;
  milestonesDeclared: number;
  unchanged: number;
}

export interface UploadRow {
  id: string;
  cohortId: string;
  providerId: string;
  filename: string;
  format: 'csv' | 'xlsx';
  sizeBytes: number;
  sha256: string;
  status: UploadStatus;
  progress: number;
  progressText: string | null;
  rowsTotal: number | null;
  problems: TabularRowError[];
  result: UploadResult | null;
  uploadedBy: string;
  uploadedAt: string;
  finishedAt: string | null;
}

const UPLOAD_SELECT = `SELECT id, cohort_id AS "cohortId", provider_id AS "providerId", filename, format, size_bytes AS "sizeBytes",
  sha256, status, progress, progress_text AS "progressText", rows_total AS "rowsTotal", problems, result,
  uploaded_by AS "uploadedBy", to_char(uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "uploadedAt",
  to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "finishedAt"
  FROM workforce_uploads`;

/** The SQL of bulk uploads: the upload rows, and the reads and writes of one file's load. */
export const UploadStore = {
  async get(m: EntityManager, tenantId: string, id: string): Promise<UploadRow | undefined> {
    const rows = (await m.query(`${UPLOAD_SELECT} WHERE tenant_id = $1 AND id = $2`, [tenantId, id])) as UploadRow[];
    return rows[0];
  },

  async sameFile(m: EntityManager, tenantId: string, cohortId: string, sha256: string): Promise<UploadRow | undefined> {
    const rows = (await m.query(
      `${UPLOAD_SELECT} WHERE tenant_id = $1 AND cohort_id = $2 AND sha256 = $3 AND status IN ('queued', 'checking', 'writing', 'done')`,
      [tenantId, cohortId, sha256],
    )) as UploadRow[];
    return rows[0];
  },

  forCohort(m: EntityManager, tenantId: string, cohortId: string): Promise<UploadRow[]> {
    return m.query(`${UPLOAD_SELECT} WHERE tenant_id = $1 AND cohort_id = $2 ORDER BY uploaded_at DESC, id LIMIT 20`, [
      tenantId,
      cohortId,
    ]);
  },

  async insert(
    m: EntityManager,
    tenantId: string,
    v: {
      cohortId: string;
      providerId: string;
      filename: string;
      format: string;
      body: Buffer;
      sha256: string;
      uploadedBy: string;
    },
  ): Promise<string | null> {
    const rows = (await m.query(
      `INSERT INTO workforce_uploads (tenant_id, cohort_id, provider_id, filename, format, size_bytes, sha256, body, uploaded_by, progress_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'Waiting to start')
       ON CONFLICT (tenant_id, cohort_id, sha256) WHERE status IN ('queued', 'checking', 'writing', 'done') DO NOTHING RETURNING id`,
      [tenantId, v.cohortId, v.providerId, v.filename, v.format, v.body.length, v.sha256, v.body, v.uploadedBy],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  },

  /** Takes a queued upload (or one a stalled run left checking) for the job, with its file. */
  async claim(m: EntityManager, tenantId: string, id: string): Promise<{ body: Buffer; filename: string } | undefined> {
    const rows = (await m.query(
      `WITH claimed AS (
         UPDATE workforce_uploads SET status = 'checking', progress = 5, progress_text = 'Reading the file'
          WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'checking', 'writing') RETURNING body, filename
       ) SELECT body, filename FROM claimed`,
      [tenantId, id],
    )) as { body: Buffer; filename: string }[];
    return rows[0];
  },

  async progress(
    m: EntityManager,
    tenantId: string,
    id: string,
    status: UploadStatus,
    progress: number,
    text: string,
    rowsTotal?: number,
  ) {
    await m.query(
      `UPDATE workforce_uploads SET status = $3, progress = $4, progress_text = $5, rows_total = coalesce($6, rows_total)
        WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'checking', 'writing')`,
      [tenantId, id, status, Math.max(0, Math.min(99, Math.round(progress))), text.slice(0, 300), rowsTotal ?? null],
    );
  },

  /** Ends an upload: done with its result, or rejected / failed with its problems; the file is let go. */
  async finish(
    m: EntityManager,
    tenantId: string,
    id: string,
    status: 'done' | 'rejected' | 'failed',
    v: { problems?: TabularRowError[]; result?: UploadResult; text: string },
  ) {
    await m.query(
      `UPDATE workforce_uploads SET status = $3, progress = 100, progress_text = $4, problems = $5::jsonb, result = $6::jsonb,
              body = NULL, finished_at = now()
        WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'checking', 'writing')`,
      [tenantId, id, status, v.text, JSON.stringify(v.problems ?? []), v.result ? JSON.stringify(v.result) : null],
    );
  },

  /** The cohort's allocations by LA number, locked for the load (the enrolments' trigger takes them too). */
  allocations(
    m: EntityManager,
    tenantId: string,
    cohortId: string,
  ): Promise<{ laId: string; laNumber: string; laName: string; places: number; placesFilled: number }[]> {
    return m.query(
      `SELECT a.la_id AS "laId", o.la_number AS "laNumber", o.name AS "laName", a.places, a.places_filled AS "placesFilled"
         FROM workforce_allocations a JOIN organisations o ON o.tenant_id = a.tenant_id AND o.id = a.la_id
        WHERE a.tenant_id = $1 AND a.cohort_id = $2 ORDER BY a.la_id FOR UPDATE OF a`,
      [tenantId, cohortId],
    );
  },

  /** Participants already recorded in these LAs under these work emails (lower case), with who recorded them. */
  participants(
    m: EntityManager,
    tenantId: string,
    laIds: string[],
    emails: string[],
  ): Promise<{ id: string; laId: string; email: string; recordedByOrgId: string }[]> {
    return m.query(
      `SELECT id, la_id AS "laId", lower(work_email) AS email, recorded_by_org_id AS "recordedByOrgId"
         FROM workforce_participants WHERE tenant_id = $1 AND la_id = ANY ($2::uuid[]) AND lower(work_email) = ANY ($3::text[])`,
      [tenantId, laIds, emails],
    );
  },

  /** The cohort's enrolments of these participants, locked, with their milestones. */
  enrolments(
    m: EntityManager,
    tenantId: string,
    cohortId: string,
    participantIds: string[],
  ): Promise<
    { id: string; participantId: string; laId: string; status: EnrolmentStatus; milestones: Record<string, string> }[]
  > {
    return m.query(
      `SELECT e.id, e.participant_id AS "participantId", e.la_id AS "laId", e.status,
              coalesce((SELECT json_object_agg(x.milestone, to_char(x.evidence_on, 'YYYY-MM-DD')) FROM workforce_milestones x
                         WHERE x.tenant_id = e.tenant_id AND x.enrolment_id = e.id), '{}'::json) AS milestones
         FROM workforce_enrolments e WHERE e.tenant_id = $1 AND e.cohort_id = $2 AND e.participant_id = ANY ($3::uuid[])
        FOR UPDATE OF e`,
      [tenantId, cohortId, participantIds],
    );
  },

  async declare(
    m: EntityManager,
    tenantId: string,
    e: { id: string; laId: string; providerId: string },
    milestone: Milestone,
    evidenceOn: string,
    actorId: string,
  ) {
    await m.query(
      `INSERT INTO workforce_milestones (tenant_id, enrolment_id, milestone, la_id, provider_id, evidence_on, declared_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, enrolment_id, milestone) DO NOTHING`,
      [tenantId, e.id, milestone, e.laId, e.providerId, evidenceOn, actorId],
    );
  },
};
