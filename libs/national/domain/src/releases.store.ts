import { Injectable } from '@nestjs/common';
import type { PublishedFigure } from '@rep-hub/contracts';
import { EntityManager } from 'typeorm';

/** One release as the board reads it: the latest version of a partnership's period unless asked otherwise. */
export interface ReleaseRow {
  id: string;
  partnershipId: string;
  partnershipName: string;
  periodCode: string;
  periodName: string;
  periodFrom: string;
  periodTo: string;
  version: number;
  replacesVersion: number | null;
  correctionReason: string | null;
  returnVersion: number;
  publishedAt: Date;
  methodNote: string;
}

/** One published figure of a release: a value, or the GSS symbol that stands in its place. */
export type ReleaseFigureRow = PublishedFigure & { releaseId: string };

const RELEASE_COLUMNS = `r.id, r.partnership_id AS "partnershipId", r.partnership_name AS "partnershipName",
  r.period_code AS "periodCode", r.period_name AS "periodName", to_char(r.period_from, 'YYYY-MM-DD') AS "periodFrom",
  to_char(r.period_to, 'YYYY-MM-DD') AS "periodTo", r.release_version AS version, r.replaces_version AS "replacesVersion",
  r.correction_reason AS "correctionReason", r.return_version AS "returnVersion", r.published_at AS "publishedAt",
  r.method_note AS "methodNote"`;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The published releases in the national schema, read as the board role (`UnitOfWork.forBoard`):
 * the only figures the National Board ever sees, each already controlled for disclosure. Every
 * reader of the national module (comparison, board packs, the decisions' context) starts here.
 */
@Injectable()
export class ReleasesStore {
  /** The latest version of each partnership's release for each period (optionally only these periods). */
  async latest(m: EntityManager, periods?: readonly string[]): Promise<ReleaseRow[]> {
    const rows: ReleaseRow[] = await m.query(
      `SELECT DISTINCT ON (r.partnership_id, r.period_code) ${RELEASE_COLUMNS}
         FROM national.releases r
        WHERE $1::text[] IS NULL OR r.period_code = ANY ($1::text[])
        ORDER BY r.partnership_id, r.period_code, r.release_version DESC`,
      [periods ? [...periods] : null],
    );
    return rows.sort(
      (a, b) => a.periodFrom.localeCompare(b.periodFrom) || a.partnershipName.localeCompare(b.partnershipName),
    );
  }

  /** Releases by id (any version: a board pack names the exact versions it was built from). */
  async byIds(m: EntityManager, ids: readonly string[]): Promise<ReleaseRow[]> {
    if (ids.length === 0) return [];
    return m.query(
      `SELECT ${RELEASE_COLUMNS} FROM national.releases r WHERE r.id = ANY ($1::uuid[])
        ORDER BY r.period_from, r.partnership_name, r.release_version`,
      [[...ids]],
    );
  }

  /** Every version of one partnership's release for a period, oldest first. */
  async versions(m: EntityManager, partnershipId: string, periodCode: string): Promise<ReleaseRow[]> {
    return m.query(
      `SELECT ${RELEASE_COLUMNS} FROM national.releases r
        WHERE r.partnership_id = $1 AND r.period_code = $2 ORDER BY r.release_version`,
      [partnershipId, periodCode],
    );
  }

  /** The figures of these releases, optionally of one indicator and one geography level. */
  async figures(
    m: EntityManager,
    releaseIds: readonly string[],
    filter: { indicatorCode?: string; level?: ReleaseFigureRow['level'] } = {},
  ): Promise<ReleaseFigureRow[]> {
    if (releaseIds.length === 0) return [];
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT f.release_id AS "releaseId", f.indicator_code AS "indicatorCode", f.indicator_name AS "indicatorName",
              f.unit, f.geography_level AS level, f.la_number AS "laNumber", f.gss_code AS "gssCode", f.la_name AS "laName",
              f.numerator, f.denominator, f.value, f.symbol
         FROM national.release_figures f
        WHERE f.release_id = ANY ($1::uuid[])
          AND ($2::text IS NULL OR f.indicator_code = $2)
          AND ($3::text IS NULL OR f.geography_level = $3)
        ORDER BY f.indicator_code, f.geography_level DESC, f.la_name NULLS FIRST`,
      [[...releaseIds], filter.indicatorCode ?? null, filter.level ?? null],
    );
    return rows.map((r) => ({
      ...(r as unknown as ReleaseFigureRow),
      numerator: num(r['numerator']),
      denominator: num(r['denominator']),
      value: num(r['value']),
    }));
  }

  /**
   * The indicators any release publishes: code, name and unit (the newest release's name wins).
   * Read from `national.published_indicators`, which the database keeps as releases are published:
   * one row per indicator, not a scan of every figure.
   */
  async indicators(m: EntityManager): Promise<{ code: string; name: string; unit: ReleaseFigureRow['unit'] }[]> {
    return m.query(
      `SELECT p.indicator_code AS code, p.name, p.unit FROM national.published_indicators p ORDER BY p.indicator_code`,
    );
  }

  /** Every partnership that ever published a release (those the board expects returns from), named as its newest release names it. */
  async partnerships(m: EntityManager): Promise<{ id: string; name: string }[]> {
    return m.query(
      `SELECT p.id, p.name FROM (
         SELECT DISTINCT ON (r.partnership_id) r.partnership_id AS id, r.partnership_name AS name
           FROM national.releases r ORDER BY r.partnership_id, r.period_from DESC, r.release_version DESC) p
        ORDER BY p.name, p.id`,
    );
  }

  /** The periods releases cover (only those with a figure for an indicator, when given), newest first. */
  async periods(m: EntityManager, indicatorCode?: string): Promise<string[]> {
    const rows: { code: string }[] = await m.query(
      `SELECT r.period_code AS code FROM national.releases r
        WHERE $1::text IS NULL OR EXISTS (
          SELECT 1 FROM national.release_figures f WHERE f.release_id = r.id AND f.indicator_code = $1)
        GROUP BY r.period_code, r.period_from ORDER BY r.period_from DESC`,
      [indicatorCode ?? null],
    );
    return rows.map((r) => r.code);
  }

  /** The day in England each partnership first published a release for the period (its version 1): what timeliness is judged on. */
  async firstPublished(
    m: EntityManager,
    periodCode: string,
  ): Promise<{ partnershipId: string; publishedOn: string }[]> {
    return m.query(
      `SELECT r.partnership_id AS "partnershipId",
              to_char(min(r.published_at) AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS "publishedOn"
         FROM national.releases r WHERE r.period_code = $1 GROUP BY r.partnership_id`,
      [periodCode],
    );
  }

  /** Per indicator, over the latest versions: how many partnerships publish it, its first and last periods, and whether any release has it per LA. */
  async indicatorCoverage(
    m: EntityManager,
  ): Promise<
    { code: string; partnerships: number; firstPeriod: string; lastPeriod: string; localAuthorityFigures: boolean }[]
  > {
    return m.query(
      `SELECT p.indicator_code AS code, p.partnerships, p.first_period_code AS "firstPeriod",
              p.last_period_code AS "lastPeriod", p.la_figures AS "localAuthorityFigures"
         FROM national.published_indicators p WHERE p.partnerships > 0 ORDER BY p.indicator_code`,
    );
  }
}
