import { Injectable } from '@nestjs/common';
import { preparedQuery } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import type { GssSymbol, IndicatorUnit } from './comparison.model';

/** One published figure of the latest version of a release, with the release's partnership and term. */
export interface DashboardRow {
  releaseId: string;
  releaseVersion: number;
  partnershipId: string;
  partnershipName: string;
  periodCode: string;
  periodName: string;
  periodFrom: string;
  periodTo: string;
  publishedAt: string;
  indicatorCode: string;
  indicatorName: string;
  unit: IndicatorUnit;
  level: 'partnership' | 'local_authority';
  laNumber: string | null;
  gssCode: string | null;
  laName: string | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  symbol: GssSymbol | null;
}

/** An indicator as the latest releases publish it: its newest name and unit, and its coverage. */
export interface PublishedIndicatorRow {
  code: string;
  name: string;
  unit: IndicatorUnit;
  partnerships: number;
  firstPeriod: string;
  firstPeriodName: string;
  firstFrom: string;
  firstTo: string;
  lastPeriod: string;
  lastPeriodName: string;
  lastFrom: string;
  lastTo: string;
  localAuthorityFigures: boolean;
  /** Whether a latest release with a figure for it is a correction. */
  corrected: boolean;
}

/** The latest version of each partnership's release for each term: the only version the dashboard shows. */
const LATEST = `latest AS (
  SELECT DISTINCT ON (r.partnership_id, r.period_code) r.id, r.release_version, r.partnership_id, r.partnership_name,
         r.period_code, r.period_name, r.period_from, r.period_to, r.published_at
    FROM national.releases r
   ORDER BY r.partnership_id, r.period_code, r.release_version DESC)`;

const ROW_COLUMNS = `l.id AS "releaseId", l.release_version AS "releaseVersion", l.partnership_id AS "partnershipId",
  l.partnership_name AS "partnershipName", l.period_code AS "periodCode", l.period_name AS "periodName",
  to_char(l.period_from, 'YYYY-MM-DD') AS "periodFrom", to_char(l.period_to, 'YYYY-MM-DD') AS "periodTo",
  l.published_at AS "publishedAt", f.indicator_code AS "indicatorCode", f.indicator_name AS "indicatorName", f.unit,
  f.geography_level AS level, f.la_number AS "laNumber", f.gss_code AS "gssCode", f.la_name AS "laName",
  f.numerator::float8 AS numerator, f.denominator::float8 AS denominator, f.value::float8 AS value, f.symbol`;

/** One indicator's figures at every level over every term: the public API's heaviest read, one statement. */
const INDICATOR_ROWS = `WITH ${LATEST}
  SELECT ${ROW_COLUMNS}
    FROM latest l JOIN national.release_figures f ON f.release_id = l.id AND f.indicator_code = $1
   ORDER BY l.period_from, l.partnership_name, l.partnership_id, f.geography_level DESC, f.la_name`;

/** The published indicators with their coverage over the latest releases (those only superseded versions publish left out). */
const PUBLISHED_INDICATORS = `SELECT p.indicator_code AS code, p.latest_name AS name, p.latest_unit AS unit, p.partnerships,
       p.first_period_code AS "firstPeriod", p.first_period_name AS "firstPeriodName",
       to_char(p.first_from, 'YYYY-MM-DD') AS "firstFrom", to_char(p.first_to, 'YYYY-MM-DD') AS "firstTo",
       p.last_period_code AS "lastPeriod", p.last_period_name AS "lastPeriodName",
       to_char(p.last_from, 'YYYY-MM-DD') AS "lastFrom", to_char(p.last_to, 'YYYY-MM-DD') AS "lastTo",
       p.la_figures AS "localAuthorityFigures", p.corrected
  FROM national.published_indicators p WHERE p.partnerships > 0 ORDER BY p.indicator_code`;

/**
 * The published releases as the public dashboard reads them, in the caller's open-data unit of
 * work (`UnitOfWork.forOpenData`: the published releases and nothing else, read-only). Every read
 * takes the latest version of each partnership's release for a term, set-based: one statement
 * per read, never one per partnership or term.
 */
@Injectable()
export class DashboardStore {
  /** Every figure of one indicator (every partnership, LA and term). Prepared: it is the API's hot read. */
  async indicatorRows(m: EntityManager, code: string): Promise<DashboardRow[]> {
    return preparedQuery<DashboardRow>(m, INDICATOR_ROWS, [code]);
  }

  /**
   * The figures of the latest releases at partnership level (every partnership, for the national
   * figure) together with the LA-level figures asked for: one partnership's LAs, or one LA by its
   * GSS code.
   */
  async rowsWith(m: EntityManager, las: { partnershipId?: string; gssCode?: string }): Promise<DashboardRow[]> {
    return m.query(
      `WITH ${LATEST}
       SELECT ${ROW_COLUMNS}
         FROM latest l JOIN national.release_figures f ON f.release_id = l.id
        WHERE f.geography_level = 'partnership'
           OR (f.geography_level = 'local_authority'
               AND ($1::uuid IS NULL OR l.partnership_id = $1::uuid)
               AND ($2::text IS NULL OR f.gss_code = $2::text)
               AND ($1::uuid IS NOT NULL OR $2::text IS NOT NULL))
        ORDER BY l.period_from, f.indicator_code, l.partnership_name, f.geography_level DESC, f.la_name`,
      [las.partnershipId ?? null, las.gssCode ?? null],
    );
  }

  /**
   * Each indicator the latest releases publish: its newest name and unit, how many partnerships, its
   * first and last terms. Read from `national.published_indicators`, which the database keeps as
   * releases are published (one row per indicator, whatever has been published).
   */
  async indicators(m: EntityManager): Promise<PublishedIndicatorRow[]> {
    return m.query(PUBLISHED_INDICATORS);
  }

  /** Every partnership that published, named by its newest release, with the LAs its latest releases name (`national.release_local_authorities`, kept as releases are published). */
  async places(m: EntityManager): Promise<
    {
      partnershipId: string;
      partnershipName: string;
      gssCode: string | null;
      laNumber: string | null;
      laName: string | null;
    }[]
  > {
    return m.query(
      `WITH ${LATEST},
       names AS (
         SELECT DISTINCT ON (l.partnership_id) l.partnership_id, l.partnership_name
           FROM latest l ORDER BY l.partnership_id, l.period_from DESC),
       las AS (
         SELECT DISTINCT ON (l.partnership_id, f.gss_code) l.partnership_id, f.gss_code, f.la_number, f.la_name
           FROM latest l JOIN national.release_local_authorities f ON f.release_id = l.id
          ORDER BY l.partnership_id, f.gss_code, l.period_from DESC)
       SELECT n.partnership_id AS "partnershipId", n.partnership_name AS "partnershipName",
              a.gss_code AS "gssCode", a.la_number AS "laNumber", a.la_name AS "laName"
         FROM names n LEFT JOIN las a ON a.partnership_id = n.partnership_id
        ORDER BY n.partnership_name, n.partnership_id, a.la_name`,
    );
  }
}
