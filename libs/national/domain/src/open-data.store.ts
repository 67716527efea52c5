import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { OpenDataFilter, OpenDataReleaseSummary } from './open-data.model';

interface Row {
  id: string;
  partnershipId: string;
  partnershipName: string;
  periodCode: string;
  periodName: string;
  periodFrom: string;
  periodTo: string;
  version: number;
  replacesVersion: number | null;
  latest: boolean;
  correctionReason: string | null;
  publishedAt: Date;
  methodNote: string;
}

const toSummary = (r: Row): OpenDataReleaseSummary => ({
  id: r.id,
  partnershipId: r.partnershipId,
  partnershipName: r.partnershipName,
  period: { code: r.periodCode, name: r.periodName, from: r.periodFrom, to: r.periodTo },
  version: r.version,
  replacesVersion: r.replacesVersion,
  latest: r.latest,
  correctionReason: r.correctionReason,
  publishedAt: new Date(r.publishedAt).toISOString(),
});

const COLUMNS = `r.id, r.partnership_id AS "partnershipId", r.partnership_name AS "partnershipName",
  r.period_code AS "periodCode", r.period_name AS "periodName", to_char(r.period_from, 'YYYY-MM-DD') AS "periodFrom",
  to_char(r.period_to, 'YYYY-MM-DD') AS "periodTo", r.release_version AS version, r.replaces_version AS "replacesVersion",
  NOT EXISTS (SELECT 1 FROM national.releases l WHERE l.partnership_id = r.partnership_id
                 AND l.period_code = r.period_code AND l.release_version > r.release_version) AS latest,
  r.correction_reason AS "correctionReason", r.published_at AS "publishedAt", r.method_note AS "methodNote"`;

/**
 * The published releases as open data reads them: every version, through the open-data role only
 * (`UnitOfWork.forOpenData`, which may read `national.releases` and `national.release_figures`
 * and nothing else). Figures are read through `ReleasesStore.figures`, the same SQL the board reads.
 */
@Injectable()
export class OpenDataStore {
  /** Every release version, newest term first, then partnership, then newest version first. */
  async list(m: EntityManager, filter: OpenDataFilter): Promise<OpenDataReleaseSummary[]> {
    const rows: Row[] = await m.query(
      `SELECT ${COLUMNS} FROM national.releases r
        WHERE ($1::uuid IS NULL OR r.partnership_id = $1) AND ($2::text IS NULL OR r.period_code = $2)
        ORDER BY r.period_from DESC, r.partnership_name, r.partnership_id, r.release_version DESC`,
      [filter.partnershipId, filter.periodCode],
    );
    return rows.map(toSummary);
  }

  /** One release version with its method note, or null. */
  async one(m: EntityManager, id: string): Promise<(OpenDataReleaseSummary & { methodNote: string }) | null> {
    const [row]: Row[] = await m.query(`SELECT ${COLUMNS} FROM national.releases r WHERE r.id = $1`, [id]);
    return row ? { ...toSummary(row), methodNote: row.methodNote } : null;
  }

  /** Every version of a partnership's release for a term, oldest first. */
  async versions(m: EntityManager, partnershipId: string, periodCode: string): Promise<OpenDataReleaseSummary[]> {
    const rows: Row[] = await m.query(
      `SELECT ${COLUMNS} FROM national.releases r WHERE r.partnership_id = $1 AND r.period_code = $2
        ORDER BY r.release_version`,
      [partnershipId, periodCode],
    );
    return rows.map(toSummary);
  }
}
