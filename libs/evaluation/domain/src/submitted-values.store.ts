import type { EntityManager } from 'typeorm';
import type { CheckedFigure } from './submitted-checks';
import type { SubmittedValueRow } from './indicator-library.model';

const SELECT = `
  SELECT v.id, v.la_id, la.name AS la_name, v.indicator_code, v.period, v.definition_version,
         v.numerator::float8 AS numerator, v.denominator::float8 AS denominator, v.value::float8 AS value,
         v.upload_id, u.sha256 AS upload_sha256, v.entered_by,
         to_char(v.entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS entered_at, v.version
    FROM evaluation_submitted_values v
    JOIN organisations la ON la.tenant_id = v.tenant_id AND la.id = v.la_id
    LEFT JOIN evaluation_uploads u ON u.tenant_id = v.tenant_id AND u.id = v.upload_id`;

interface Row {
  id: string;
  la_id: string;
  la_name: string;
  indicator_code: string;
  period: string;
  definition_version: number;
  numerator: number;
  denominator: number | null;
  value: number | null;
  upload_id: string | null;
  upload_sha256: string | null;
  entered_by: string | null;
  entered_at: string;
  version: number;
}

const view = (r: Row): SubmittedValueRow => ({
  id: r.id,
  laId: r.la_id,
  laName: r.la_name,
  code: r.indicator_code,
  period: r.period,
  definitionVersion: r.definition_version,
  numerator: r.numerator,
  denominator: r.denominator,
  value: r.value,
  uploadId: r.upload_id,
  uploadSha256: r.upload_sha256,
  enteredBy: r.entered_by,
  enteredAt: r.entered_at,
  version: r.version,
});

/**
 * The SQL of submitted figures, in the caller's unit of work (the tenant's RLS decides the rows).
 * `forPeriod` is what the evidence return reads: every LA's figures of one period.
 */
export class SubmittedValuesStore {
  /** Every submitted figure of the partnership for one period, by LA name and indicator. */
  static async forPeriod(m: EntityManager, period: string): Promise<SubmittedValueRow[]> {
    const rows = (await m.query(`${SELECT} WHERE v.period = $1 ORDER BY la.name, v.la_id, v.indicator_code`, [
      period,
    ])) as Row[];
    return rows.map(view);
  }

  /** The figures of some periods, optionally of one indicator and of one LA. */
  static async list(
    m: EntityManager,
    q: { periods: readonly string[]; code?: string; laId?: string },
  ): Promise<SubmittedValueRow[]> {
    const rows = (await m.query(
      `${SELECT} WHERE v.period = ANY($1::text[]) AND ($2::text IS NULL OR v.indicator_code = $2)
         AND ($3::uuid IS NULL OR v.la_id = $3) ORDER BY v.period, la.name, v.la_id, v.indicator_code`,
      [q.periods, q.code ?? null, q.laId ?? null],
    )) as Row[];
    return rows.map(view);
  }

  static async byId(m: EntityManager, id: string, lock = false): Promise<SubmittedValueRow | null> {
    const rows = (await m.query(`${SELECT} WHERE v.id = $1${lock ? ' FOR UPDATE OF v' : ''}`, [id])) as Row[];
    return rows[0] ? view(rows[0]) : null;
  }

  static async byKey(
    m: EntityManager,
    laId: string,
    code: string,
    period: string,
    lock = false,
  ): Promise<SubmittedValueRow | null> {
    const rows = (await m.query(
      `${SELECT} WHERE v.la_id = $1 AND v.indicator_code = $2 AND v.period = $3${lock ? ' FOR UPDATE OF v' : ''}`,
      [laId, code, period],
    )) as Row[];
    return rows[0] ? view(rows[0]) : null;
  }

  /** A new figure entered by hand; null when one was entered for the same LA, indicator and period meanwhile. */
  static async insertEntry(
    m: EntityManager,
    tenantId: string,
    laId: string,
    f: CheckedFigure,
    userId: string,
  ): Promise<string | null> {
    const rows = (await m.query(
      `INSERT INTO evaluation_submitted_values
         (tenant_id, la_id, indicator_code, definition_version, period, numerator, denominator, value, entered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (tenant_id, la_id, indicator_code, period) DO NOTHING RETURNING id`,
      [tenantId, laId, f.indicatorCode, f.definitionVersion, f.period, f.numerator, f.denominator, f.value, userId],
    )) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  /** Replaces a figure by hand (the row is locked and its version checked by the caller). */
  static async replaceEntry(
    m: EntityManager,
    tenantId: string,
    id: string,
    f: CheckedFigure,
    userId: string,
  ): Promise<void> {
    await m.query(
      `UPDATE evaluation_submitted_values
          SET definition_version = $3, numerator = $4, denominator = $5, value = $6, upload_id = NULL,
              entered_by = $7, entered_at = now(), version = version + 1
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, f.definitionVersion, f.numerator, f.denominator, f.value, userId],
    );
  }

  /** The upload of this file for this LA before, if any. */
  static async uploadBySha(
    m: EntityManager,
    tenantId: string,
    laId: string,
    sha256: string,
  ): Promise<{ id: string; filename: string; row_count: number } | null> {
    const rows = (await m.query(
      `SELECT id, filename, row_count FROM evaluation_uploads WHERE tenant_id = $1 AND la_id = $2 AND sha256 = $3`,
      [tenantId, laId, sha256],
    )) as { id: string; filename: string; row_count: number }[];
    return rows[0] ?? null;
  }

  /**
   * Records the upload and lands every figure in one statement: new ones inserted, different ones
   * replaced (their version raised), equal ones untouched. Null when the same file was recorded
   * meanwhile (its hash is unique per LA). Returns how many rows changed.
   */
  static async landUpload(
    m: EntityManager,
    tenantId: string,
    upload: { id: string; laId: string; filename: string; sha256: string; userId: string },
    figures: readonly CheckedFigure[],
  ): Promise<number | null> {
    const made = (await m.query(
      `INSERT INTO evaluation_uploads (tenant_id, id, la_id, filename, sha256, row_count, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, la_id, sha256) DO NOTHING RETURNING id`,
      [tenantId, upload.id, upload.laId, upload.filename, upload.sha256, figures.length, upload.userId],
    )) as { id: string }[];
    if (!made.length) return null;
    const changed = (await m.query(
      `INSERT INTO evaluation_submitted_values
         (tenant_id, la_id, indicator_code, definition_version, period, numerator, denominator, value, upload_id)
       SELECT $1, $2, f.code, f.version, f.period, f.numerator, f.denominator, f.value, $3
         FROM unnest($4::text[], $5::int[], $6::text[], $7::numeric[], $8::numeric[], $9::numeric[])
              AS f (code, version, period, numerator, denominator, value)
       ON CONFLICT (tenant_id, la_id, indicator_code, period) DO UPDATE
          SET definition_version = EXCLUDED.definition_version, numerator = EXCLUDED.numerator,
              denominator = EXCLUDED.denominator, value = EXCLUDED.value, upload_id = EXCLUDED.upload_id,
              entered_by = NULL, entered_at = now(), version = evaluation_submitted_values.version + 1
        WHERE (evaluation_submitted_values.definition_version, evaluation_submitted_values.numerator,
               evaluation_submitted_values.denominator, evaluation_submitted_values.value)
              IS DISTINCT FROM (EXCLUDED.definition_version, EXCLUDED.numerator, EXCLUDED.denominator, EXCLUDED.value)
       RETURNING id`,
      [
        tenantId,
        upload.laId,
        upload.id,
        figures.map((f) => f.indicatorCode),
        figures.map((f) => f.definitionVersion),
        figures.map((f) => f.period),
        figures.map((f) => f.numerator),
        figures.map((f) => f.denominator),
        figures.map((f) => f.value),
      ],
    )) as { id: string }[];
    return changed.length;
  }

  /** The partnership's active LAs, by name, with their numbers. */
  static async localAuthorities(
    m: EntityManager,
    tenantId: string,
  ): Promise<{ id: string; name: string; laNumber: string }[]> {
    return (await m.query(
      `SELECT id, name, la_number AS "laNumber" FROM organisations
        WHERE tenant_id = $1 AND kind = 'local_authority' AND status = 'active' ORDER BY name, id`,
      [tenantId],
    )) as { id: string; name: string; laNumber: string }[];
  }
}
