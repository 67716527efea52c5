import { EntityManager } from 'typeorm';
import type { TabularRowError } from '@rep-hub/platform';
import { EnrolmentStatus, Milestone } from './workforce.model';
import type { ParticipantValues } from './workforce.store';

/** Rows per statement of a file's bulk writes: arrays of a few MB, far fewer round trips than a row each. */
const SLICE = 5_000;
function* slices<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += SLICE) yield rows.slice(i, i + SLICE);
}

/** Bytes of an upload's file per read in the job. */
const FILE_PIECE = 1024 * 1024;

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
      rowsTotal: number;
      uploadedBy: string;
    },
  ): Promise<string | null> {
    const rows = (await m.query(
      `INSERT INTO workforce_uploads (tenant_id, cohort_id, provider_id, filename, format, size_bytes, sha256, body, uploaded_by, rows_total, progress_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'Waiting to start')
       ON CONFLICT (tenant_id, cohort_id, sha256) WHERE status IN ('queued', 'checking', 'writing', 'done') DO NOTHING RETURNING id`,
      [
        tenantId,
        v.cohortId,
        v.providerId,
        v.filename,
        v.format,
        v.body.length,
        v.sha256,
        v.body,
        v.uploadedBy,
        v.rowsTotal,
      ],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  },

  /**
   * Takes a queued upload (or one a stalled run left checking) for the job, with its file. The file
   * is read a piece at a time: a 12 MB file in one result comes as 24 MB of hex text in a protocol
   * buffer grown by doubling, about 80 MB of the worker's memory at once for a moment.
   */
  async claim(m: EntityManager, tenantId: string, id: string): Promise<{ body: Buffer; filename: string } | undefined> {
    const rows = (await m.query(
      `WITH claimed AS (
         UPDATE workforce_uploads SET status = 'checking', progress = 5, progress_text = 'Reading the file'
          WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'checking', 'writing') RETURNING octet_length(body) AS size, filename
       ) SELECT size, filename FROM claimed`,
      [tenantId, id],
    )) as { size: number; filename: string }[];
    if (!rows[0]) return undefined;
    const body = Buffer.allocUnsafe(rows[0].size);
    for (let at = 0; at < body.length; at += FILE_PIECE) {
      const [{ piece }] = (await m.query(
        `SELECT substring(body FROM $3 FOR $4) AS piece FROM workforce_uploads WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id, at + 1, FILE_PIECE],
      )) as { piece: Buffer }[];
      piece.copy(body, at);
    }
    return { body, filename: rows[0].filename };
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

  /** New participants of one file, a slice at a time in one statement each, with the ids chosen by the caller. */
  async insertParticipants(
    m: EntityManager,
    tenantId: string,
    recordedByOrgId: string,
    rows: (Omit<ParticipantValues, 'recordedByOrgId'> & { id: string })[],
  ): Promise<void> {
    for (const s of slices(rows))
      await m.query(
        `INSERT INTO workforce_participants (tenant_id, id, la_id, recorded_by_org_id, full_name, work_email, role, setting_kind,
                                             setting_identifier, took_up_post_on)
         SELECT $1, r.id, r.la_id, $2, r.full_name, r.work_email, r.role, r.setting_kind, r.setting_identifier, r.took_up_post_on
           FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::date[])
                AS r (id, la_id, full_name, work_email, role, setting_kind, setting_identifier, took_up_post_on)`,
        [
          tenantId,
          recordedByOrgId,
          s.map((r) => r.id),
          s.map((r) => r.laId),
          s.map((r) => r.fullName),
          s.map((r) => r.workEmail),
          s.map((r) => r.role),
          s.map((r) => r.settingKind),
          s.map((r) => r.settingIdentifier),
          s.map((r) => r.tookUpPostOn),
        ],
      );
  },

  /**
   * New enrolments of one file in the cohort, each at its status: the history trigger writes the
   * way it came along the allowed moves from applied (a row each), the places trigger takes the
   * places of those that hold one.
   */
  async insertEnrolments(
    m: EntityManager,
    tenantId: string,
    v: { cohortId: string; providerId: string; tieInEndsOn: string | null },
    rows: {
      id: string;
      participantId: string;
      laId: string;
      status: EnrolmentStatus;
      reason: string | null;
      qualificationWindowEndsOn: string | null;
    }[],
  ): Promise<void> {
    for (const s of slices(rows))
      await m.query(
        `INSERT INTO workforce_enrolments (tenant_id, id, cohort_id, participant_id, la_id, provider_id, status, withdrawal_reason,
                                          qualification_window_ends_on, tie_in_ends_on)
         SELECT $1, r.id, $2, r.participant_id, r.la_id, $3, r.status, r.reason, r.window_ends_on, $4
           FROM unnest($5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::date[])
                AS r (id, participant_id, la_id, status, reason, window_ends_on)`,
        [
          tenantId,
          v.cohortId,
          v.providerId,
          v.tieInEndsOn,
          s.map((r) => r.id),
          s.map((r) => r.participantId),
          s.map((r) => r.laId),
          s.map((r) => r.status),
          s.map((r) => r.reason),
          s.map((r) => r.qualificationWindowEndsOn),
        ],
      );
  },

  /**
   * One move each for these enrolments, a statement per slice, as a single change makes it: the
   * row triggers take or give back the place and write the history row.
   */
  async moveEnrolments(
    m: EntityManager,
    tenantId: string,
    moves: { id: string; to: EnrolmentStatus; reason: string | null }[],
  ): Promise<void> {
    for (const s of slices(moves))
      await m.query(
        `UPDATE workforce_enrolments e SET status = r.status, withdrawal_reason = r.reason, status_changed_at = now(), version = e.version + 1
           FROM unnest($2::uuid[], $3::text[], $4::text[]) AS r (id, status, reason)
          WHERE e.tenant_id = $1 AND e.id = r.id`,
        [tenantId, s.map((x) => x.id), s.map((x) => x.to), s.map((x) => x.reason)],
      );
  },

  /** Milestones of one file (one already declared stays as it is). */
  async declareMany(
    m: EntityManager,
    tenantId: string,
    v: { providerId: string; actorId: string },
    rows: { enrolmentId: string; laId: string; milestone: Milestone; evidenceOn: string }[],
  ): Promise<void> {
    for (const s of slices(rows))
      await m.query(
        `INSERT INTO workforce_milestones (tenant_id, enrolment_id, milestone, la_id, provider_id, evidence_on, declared_by)
         SELECT $1, r.enrolment_id, r.milestone, r.la_id, $2, r.evidence_on, $3
           FROM unnest($4::uuid[], $5::text[], $6::uuid[], $7::date[]) AS r (enrolment_id, milestone, la_id, evidence_on)
         ON CONFLICT (tenant_id, enrolment_id, milestone) DO NOTHING`,
        [
          tenantId,
          v.providerId,
          v.actorId,
          s.map((r) => r.enrolmentId),
          s.map((r) => r.milestone),
          s.map((r) => r.laId),
          s.map((r) => r.evidenceOn),
        ],
      );
  },
};
