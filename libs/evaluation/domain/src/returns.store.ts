import type { EntityManager } from 'typeorm';
import type { FigureLineage } from './return-snapshot.model';
import type { Rag, ReturnStatus } from './returns.model';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

export interface ReturnRow {
  id: string;
  period: string;
  returnVersion: number;
  status: ReturnStatus;
  narrative: string;
  correctionReason: string | null;
  correctsReturnId: string | null;
  assembledAt: string | null;
  leadSignedOffBy: { id: string; name: string } | null;
  leadSignedOffAt: string | null;
  sentBy: { id: string; name: string } | null;
  sentAt: string | null;
  createdAt: string;
  version: number;
}

export interface FigureRow {
  indicatorCode: string;
  laKey: string;
  laId: string | null;
  source: 'computed' | 'submitted';
  definitionVersion: number;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lineage: FigureLineage;
  submittedAt: string | null;
  /** The figure's date of entry (UK) for timeliness, or null. */
  submittedOn: string | null;
}

export interface LaRow {
  id: string;
  name: string;
  laNumber: string | null;
  gssCode: string | null;
}

export interface SubmittedRow {
  id: string;
  laId: string;
  indicatorCode: string;
  definitionVersion: number;
  numerator: number;
  denominator: number | null;
  value: number | null;
  uploadId: string | null;
  uploadSha256: string | null;
  enteredBy: string | null;
  enteredAt: string;
}

const RETURN_COLUMNS = `r.id, r.period, r.return_version, r.status, r.narrative, r.correction_reason, r.corrects_return_id,
  r.assembled_at, r.lead_signed_off_by, ul.display_name AS lead_name, r.lead_signed_off_at, r.sent_by,
  us.display_name AS sent_name, r.sent_at, r.created_at, r.version`;
const RETURN_FROM = `evaluation_returns r
  LEFT JOIN users ul ON ul.id = r.lead_signed_off_by
  LEFT JOIN users us ON us.id = r.sent_by`;

function toReturn(r: Record<string, unknown>): ReturnRow {
  return {
    id: r['id'] as string,
    period: r['period'] as string,
    returnVersion: Number(r['return_version']),
    status: r['status'] as ReturnStatus,
    narrative: r['narrative'] as string,
    correctionReason: (r['correction_reason'] as string | null) ?? null,
    correctsReturnId: (r['corrects_return_id'] as string | null) ?? null,
    assembledAt: iso(r['assembled_at']),
    leadSignedOffBy: r['lead_signed_off_by']
      ? { id: r['lead_signed_off_by'] as string, name: (r['lead_name'] as string) ?? '' }
      : null,
    leadSignedOffAt: iso(r['lead_signed_off_at']),
    sentBy: r['sent_by'] ? { id: r['sent_by'] as string, name: (r['sent_name'] as string) ?? '' } : null,
    sentAt: iso(r['sent_at']),
    createdAt: iso(r['created_at']) as string,
    version: Number(r['version']),
  };
}

/** The SQL of evidence returns (evaluation_returns and the tables beside it). */
export const ReturnsStore = {
  async list(m: EntityManager, tenantId: string): Promise<ReturnRow[]> {
    const rows = (await m.query(
      `SELECT ${RETURN_COLUMNS} FROM ${RETURN_FROM} WHERE r.tenant_id = $1 ORDER BY r.period DESC, r.return_version DESC`,
      [tenantId],
    )) as Record<string, unknown>[];
    return rows.map(toReturn);
  },

  /** One return; `lock` takes its row for update (every state move does). */
  async get(m: EntityManager, tenantId: string, id: string, lock = false): Promise<ReturnRow | null> {
    if (lock)
      await m.query(`SELECT 1 FROM evaluation_returns WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, id]);
    const [row] = (await m.query(`SELECT ${RETURN_COLUMNS} FROM ${RETURN_FROM} WHERE r.tenant_id = $1 AND r.id = $2`, [
      tenantId,
      id,
    ])) as Record<string, unknown>[];
    return row ? toReturn(row) : null;
  },

  async ofPeriod(m: EntityManager, tenantId: string, period: string): Promise<ReturnRow[]> {
    const rows = (await m.query(
      `SELECT ${RETURN_COLUMNS} FROM ${RETURN_FROM} WHERE r.tenant_id = $1 AND r.period = $2 ORDER BY r.return_version DESC`,
      [tenantId, period],
    )) as Record<string, unknown>[];
    return rows.map(toReturn);
  },

  async insert(
    m: EntityManager,
    tenantId: string,
    r: {
      period: string;
      returnVersion: number;
      correctsReturnId: string | null;
      reason: string | null;
      by: string | null;
    },
  ): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO evaluation_returns (tenant_id, period, return_version, corrects_return_id, correction_reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [tenantId, r.period, r.returnVersion, r.correctsReturnId, r.reason, r.by],
    )) as { id: string }[];
    return row.id;
  },

  /** Moves a return on (status and whatever else), raising its version. */
  async update(m: EntityManager, tenantId: string, id: string, set: string, params: unknown[] = []): Promise<void> {
    await m.query(
      `UPDATE evaluation_returns SET ${set}, updated_at = now(), version = version + 1 WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, ...params],
    );
  },

  async las(m: EntityManager, tenantId: string): Promise<LaRow[]> {
    const rows = (await m.query(
      `SELECT id, name, la_number, gss_code FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY name, id`,
      [tenantId],
    )) as { id: string; name: string; la_number: string | null; gss_code: string | null }[];
    return rows.map((r) => ({ id: r.id, name: r.name, laNumber: r.la_number, gssCode: r.gss_code }));
  },

  /** The LAs a return is for: those it was assembled for (every LA of the partnership before its first assembly). */
  async returnLas(m: EntityManager, tenantId: string, returnId: string): Promise<LaRow[]> {
    const rows = (await m.query(
      `SELECT o.id, o.name, o.la_number, o.gss_code FROM organisations o
        WHERE o.tenant_id = $1 AND o.kind = 'local_authority'
          AND (NOT EXISTS (SELECT 1 FROM evaluation_return_figures f WHERE f.tenant_id = $1 AND f.return_id = $2)
               OR EXISTS (SELECT 1 FROM evaluation_return_figures f WHERE f.tenant_id = $1 AND f.return_id = $2 AND f.la_id = o.id))
        ORDER BY o.name, o.id`,
      [tenantId, returnId],
    )) as { id: string; name: string; la_number: string | null; gss_code: string | null }[];
    return rows.map((r) => ({ id: r.id, name: r.name, laNumber: r.la_number, gssCode: r.gss_code }));
  },

  async partnershipName(m: EntityManager, tenantId: string): Promise<string> {
    const [t] = (await m.query(`SELECT name FROM tenants WHERE id = $1`, [tenantId])) as { name: string }[];
    return t?.name ?? '';
  },

  /** The LAs' submitted figures of a period, with the upload each came from (read directly, not through the library service). */
  async submitted(m: EntityManager, tenantId: string, period: string): Promise<SubmittedRow[]> {
    const rows = (await m.query(
      `SELECT v.id, v.la_id, v.indicator_code, v.definition_version, v.numerator, v.denominator, v.value,
              v.upload_id, u.sha256 AS upload_sha256, v.entered_by, v.entered_at
         FROM evaluation_submitted_values v
         LEFT JOIN evaluation_uploads u ON u.tenant_id = v.tenant_id AND u.id = v.upload_id
        WHERE v.tenant_id = $1 AND v.period = $2`,
      [tenantId, period],
    )) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r['id'] as string,
      laId: r['la_id'] as string,
      indicatorCode: r['indicator_code'] as string,
      definitionVersion: Number(r['definition_version']),
      numerator: Number(r['numerator']),
      denominator: num(r['denominator']),
      value: num(r['value']),
      uploadId: (r['upload_id'] as string | null) ?? null,
      uploadSha256: (r['upload_sha256'] as string | null) ?? null,
      enteredBy: (r['entered_by'] as string | null) ?? null,
      enteredAt: iso(r['entered_at']) as string,
    }));
  },

  async replaceFigures(
    m: EntityManager,
    tenantId: string,
    returnId: string,
    figures: Omit<FigureRow, 'submittedOn'>[],
  ) {
    await m.query(`DELETE FROM evaluation_return_figures WHERE tenant_id = $1 AND return_id = $2`, [
      tenantId,
      returnId,
    ]);
    if (!figures.length) return;
    await m.query(
      `INSERT INTO evaluation_return_figures
         (tenant_id, return_id, indicator_code, la_key, la_id, source, definition_version, numerator, denominator, value, lineage, submitted_at)
       SELECT $1, $2, f.code, f.la_key, f.la_id, f.source, f.dv, f.num, f.den, f.val, f.lineage, f.at
         FROM unnest($3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::int[], $8::numeric[], $9::numeric[], $10::numeric[], $11::jsonb[], $12::timestamptz[])
           AS f(code, la_key, la_id, source, dv, num, den, val, lineage, at)`,
      [
        tenantId,
        returnId,
        figures.map((f) => f.indicatorCode),
        figures.map((f) => f.laKey),
        figures.map((f) => f.laId),
        figures.map((f) => f.source),
        figures.map((f) => f.definitionVersion),
        figures.map((f) => f.numerator),
        figures.map((f) => f.denominator),
        figures.map((f) => f.value),
        figures.map((f) => JSON.stringify(f.lineage)),
        figures.map((f) => f.submittedAt),
      ],
    );
  },

  async figures(m: EntityManager, tenantId: string, returnId: string): Promise<FigureRow[]> {
    const rows = (await m.query(
      `SELECT indicator_code, la_key, la_id, source, definition_version, numerator, denominator, value, lineage, submitted_at,
              to_char((submitted_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS submitted_on
         FROM evaluation_return_figures WHERE tenant_id = $1 AND return_id = $2 ORDER BY indicator_code, la_id NULLS LAST`,
      [tenantId, returnId],
    )) as Record<string, unknown>[];
    return rows.map((r) => ({
      indicatorCode: r['indicator_code'] as string,
      laKey: r['la_key'] as string,
      laId: (r['la_id'] as string | null) ?? null,
      source: r['source'] as 'computed' | 'submitted',
      definitionVersion: Number(r['definition_version']),
      numerator: num(r['numerator']),
      denominator: num(r['denominator']),
      value: num(r['value']),
      lineage: r['lineage'] as FigureLineage,
      submittedAt: iso(r['submitted_at']),
      submittedOn: (r['submitted_on'] as string | null) ?? null,
    }));
  },

  async signOffs(m: EntityManager, tenantId: string, returnId: string) {
    const rows = (await m.query(
      `SELECT s.la_id, s.signed_off_by, u.display_name, s.signed_off_at, s.comment
         FROM evaluation_return_la_signoffs s LEFT JOIN users u ON u.id = s.signed_off_by
        WHERE s.tenant_id = $1 AND s.return_id = $2`,
      [tenantId, returnId],
    )) as Record<string, unknown>[];
    return rows.map((r) => ({
      laId: r['la_id'] as string,
      signedOffBy: { id: r['signed_off_by'] as string, name: (r['display_name'] as string) ?? '' },
      signedOffAt: iso(r['signed_off_at']) as string,
      comment: r['comment'] as string,
    }));
  },

  async clearSignOffs(m: EntityManager, tenantId: string, returnId: string): Promise<number> {
    const rows = (await m.query(
      `DELETE FROM evaluation_return_la_signoffs WHERE tenant_id = $1 AND return_id = $2 RETURNING la_id`,
      [tenantId, returnId],
    )) as unknown[];
    const list = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows;
    return list.length;
  },

  async signOff(m: EntityManager, tenantId: string, returnId: string, laId: string, by: string, comment: string) {
    await m.query(
      `INSERT INTO evaluation_return_la_signoffs (tenant_id, return_id, la_id, signed_off_by, comment) VALUES ($1, $2, $3, $4, $5)`,
      [tenantId, returnId, laId, by, comment],
    );
  },

  async ratings(m: EntityManager, tenantId: string, returnId: string) {
    const rows = (await m.query(
      `SELECT r.indicator_code, r.rag, r.exception, r.owner_user_id, u.display_name AS owner_name, r.commentary
         FROM evaluation_return_ratings r LEFT JOIN users u ON u.id = r.owner_user_id
        WHERE r.tenant_id = $1 AND r.return_id = $2 ORDER BY r.indicator_code`,
      [tenantId, returnId],
    )) as Record<string, unknown>[];
    return rows.map((r) => ({
      indicatorCode: r['indicator_code'] as string,
      rag: r['rag'] as Rag,
      exception: r['exception'] as boolean,
      ownerUserId: (r['owner_user_id'] as string | null) ?? null,
      ownerName: (r['owner_name'] as string | null) ?? null,
      commentary: r['commentary'] as string,
    }));
  },

  async replaceRatings(
    m: EntityManager,
    tenantId: string,
    returnId: string,
    by: string | null,
    ratings: { indicatorCode: string; rag: Rag; exception: boolean; ownerUserId: string | null; commentary: string }[],
  ): Promise<void> {
    await m.query(`DELETE FROM evaluation_return_ratings WHERE tenant_id = $1 AND return_id = $2`, [
      tenantId,
      returnId,
    ]);
    if (!ratings.length) return;
    await m.query(
      `INSERT INTO evaluation_return_ratings (tenant_id, return_id, indicator_code, rag, exception, owner_user_id, commentary, updated_by)
       SELECT $1, $2, x.code, x.rag, x.exc, x.owner, x.commentary, $3
         FROM unnest($4::text[], $5::text[], $6::boolean[], $7::uuid[], $8::text[]) AS x(code, rag, exc, owner, commentary)`,
      [
        tenantId,
        returnId,
        by,
        ratings.map((r) => r.indicatorCode),
        ratings.map((r) => r.rag),
        ratings.map((r) => r.exception),
        ratings.map((r) => r.ownerUserId),
        ratings.map((r) => r.commentary),
      ],
    );
  },

  /** The partnership's active members (the owners an exception may name). */
  async members(m: EntityManager, tenantId: string): Promise<{ id: string; name: string }[]> {
    return (await m.query(
      `SELECT DISTINCT u.id, u.display_name AS name FROM memberships ms JOIN users u ON u.id = ms.user_id
        WHERE ms.tenant_id = $1 AND ms.status = 'active' ORDER BY name, id`,
      [tenantId],
    )) as { id: string; name: string }[];
  },

  async snapshot(m: EntityManager, tenantId: string, returnId: string) {
    const [row] = (await m.query(
      `SELECT snapshot, sha256, frozen_at FROM evaluation_return_snapshots WHERE tenant_id = $1 AND return_id = $2`,
      [tenantId, returnId],
    )) as { snapshot: unknown; sha256: string; frozen_at: string }[];
    return row ? { snapshot: row.snapshot, sha256: row.sha256, frozenAt: iso(row.frozen_at) as string } : null;
  },

  async insertSnapshot(m: EntityManager, tenantId: string, returnId: string, snapshot: string, sha256: string) {
    await m.query(
      `INSERT INTO evaluation_return_snapshots (tenant_id, return_id, snapshot, sha256) VALUES ($1, $2, $3::jsonb, $4)`,
      [tenantId, returnId, snapshot, sha256],
    );
  },

  /** The actor's memberships in the partnership (for the principal a job computes figures as). */
  async memberships(m: EntityManager, tenantId: string, userId: string) {
    return (await m.query(
      `SELECT ms.id, ms.role, ms.organisation_id, o.kind,
              CASE WHEN o.kind = 'local_authority' THEN o.id ELSE o.local_authority_id END AS la_id
         FROM memberships ms LEFT JOIN organisations o ON o.tenant_id = ms.tenant_id AND o.id = ms.organisation_id
        WHERE ms.tenant_id = $1 AND ms.user_id = $2 AND ms.status = 'active' ORDER BY ms.created_at, ms.id`,
      [tenantId, userId],
    )) as { id: string; role: string; organisation_id: string; kind: string | null; la_id: string | null }[];
  },
};
