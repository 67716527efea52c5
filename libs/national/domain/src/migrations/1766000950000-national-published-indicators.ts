import { MigrationInterface, QueryRunner } from 'typeorm';
import { BOARD_ROLE, OPEN_DATA_ROLE, OWNER_ROLE } from '@rep-hub/platform/schema';

/**
 * The summary's columns for the codes in `codes` (null: every code), each from a few index lookups
 * (the newest name, the first and last terms) and one pass over the indicator's latest rows (how
 * many partnerships): a publication costs the same whatever has been published before it.
 */
const SUMMARISE = `
  SELECT c.code, n.indicator_name, n.unit, coalesce(a.partnerships, 0), ln.indicator_name, ln.unit,
         fp.period_code, fp.period_name, fp.period_from, fp.period_to,
         lp.period_code, lp.period_name, lp.period_from, lp.period_to,
         coalesce(a.la, false), coalesce(a.corrected, false)
    FROM (SELECT DISTINCT x AS code FROM unnest(codes) AS x
          UNION SELECT DISTINCT d.indicator_code FROM national.release_indicators d WHERE codes IS NULL) c
   CROSS JOIN LATERAL (
         SELECT d.indicator_name, d.unit FROM national.release_indicators d WHERE d.indicator_code = c.code
          ORDER BY d.published_at DESC, d.release_version DESC LIMIT 1) n
    LEFT JOIN LATERAL (
         SELECT d.indicator_name, d.unit FROM national.release_indicators d WHERE d.indicator_code = c.code AND d.latest
          ORDER BY d.published_at DESC, d.release_version DESC LIMIT 1) ln ON true
    LEFT JOIN LATERAL (
         SELECT d.period_code, d.period_name, d.period_from, d.period_to FROM national.release_indicators d
          WHERE d.indicator_code = c.code AND d.latest ORDER BY d.period_from LIMIT 1) fp ON true
    LEFT JOIN LATERAL (
         SELECT d.period_code, d.period_name, d.period_from, d.period_to FROM national.release_indicators d
          WHERE d.indicator_code = c.code AND d.latest ORDER BY d.period_from DESC LIMIT 1) lp ON true
    LEFT JOIN LATERAL (
         SELECT count(DISTINCT d.partnership_id)::int AS partnerships, bool_or(d.la_figures) AS la,
                bool_or(d.release_version > 1) AS corrected
           FROM national.release_indicators d WHERE d.indicator_code = c.code AND d.latest) a ON true`;

const SUMMARY_COLUMNS = `indicator_code, name, unit, partnerships, latest_name, latest_unit,
  first_period_code, first_period_name, first_from, first_to, last_period_code, last_period_name, last_from, last_to,
  la_figures, corrected`;

/**
 * The published indicators, kept by the database as releases are published (issue 24): the board's
 * comparison and the public dashboard read which indicators exist, under which name and unit, and
 * their coverage (how many partnerships, first and last term, whether any has LA figures), on
 * every request. Worked out from the figures, that read scanned every figure ever published
 * (40,000 at 9 terms × 40 partnerships) several times a request; read here it is one row per
 * indicator, whatever has been published.
 *
 * - `national.release_indicators`: one row per release and indicator (its name, unit, whether it
 *   has LA figures, the release's partnership, term, version and time, and whether it is the latest
 *   version of that partnership's release for the term), written by a trigger as figures arrive.
 * - `national.release_local_authorities`: the LAs each release has figures for (number, GSS code,
 *   name), for the dashboard's list of places, rather than every LA figure of every release.
 * - `national.published_indicators`: one row per indicator ever published. `name`/`unit` are the
 *   newest over every version (the board's); the rest is over the latest versions only (the
 *   dashboard's and the board's coverage): `partnerships` is 0 for an indicator only superseded
 *   versions publish.
 *
 * Publishing (`publish_release` inserting figures) updates the rows of the release's indicators
 * and of those its previous version published; a delete, an update or a truncate of either
 * published table (which only the owner can do, never the product) rebuilds both. The functions
 * are the owner's, SECURITY DEFINER with a pinned search path, and nobody may call them: only the
 * triggers run them. The board and the open-data roles may read the summary and the releases' LAs
 * (no more than the figures they may read); the per-release indicators are the board's only.
 */
export class NationalPublishedIndicators1766000950000 implements MigrationInterface {
  name = 'NationalPublishedIndicators1766000950000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE national.release_indicators (
         release_id uuid NOT NULL,
         indicator_code text NOT NULL,
         indicator_name text NOT NULL,
         unit text NOT NULL,
         la_figures boolean NOT NULL,
         partnership_id uuid NOT NULL,
         period_code text NOT NULL,
         period_name text NOT NULL,
         period_from date NOT NULL,
         period_to date NOT NULL,
         release_version integer NOT NULL,
         published_at timestamptz NOT NULL,
         latest boolean NOT NULL,
         PRIMARY KEY (release_id, indicator_code)
       )`,
      // the summary's lookups: the newest name (over every version, and over the latest), the first and last terms, the partnerships
      `CREATE INDEX release_indicators_named_idx ON national.release_indicators (indicator_code, published_at DESC, release_version DESC)`,
      `CREATE INDEX release_indicators_latest_named_idx ON national.release_indicators (indicator_code, published_at DESC, release_version DESC) WHERE latest`,
      `CREATE INDEX release_indicators_latest_period_idx ON national.release_indicators (indicator_code, period_from) WHERE latest`,
      `CREATE INDEX release_indicators_latest_idx ON national.release_indicators (indicator_code, partnership_id) INCLUDE (la_figures, release_version) WHERE latest`,
      `CREATE INDEX release_indicators_pair_idx ON national.release_indicators (partnership_id, period_code)`,
      `CREATE TABLE national.release_local_authorities (
         release_id uuid NOT NULL,
         la_number char(3) NOT NULL,
         gss_code char(9) NOT NULL,
         la_name text NOT NULL,
         PRIMARY KEY (release_id, la_number)
       )`,
      `CREATE TABLE national.published_indicators (
         indicator_code text PRIMARY KEY,
         name text NOT NULL,
         unit text NOT NULL,
         partnerships integer NOT NULL,
         latest_name text,
         latest_unit text,
         first_period_code text,
         first_period_name text,
         first_from date,
         first_to date,
         last_period_code text,
         last_period_name text,
         last_from date,
         last_to date,
         la_figures boolean NOT NULL,
         corrected boolean NOT NULL
       )`,
      // one indicator's figures over the releases (the dashboard's hot read and the periods of one indicator)
      `CREATE INDEX release_figures_indicator_idx ON national.release_figures (indicator_code, release_id)`,

      `CREATE FUNCTION national.summarise_indicators(codes text[]) RETURNS void
         LANGUAGE plpgsql SECURITY DEFINER SET search_path = national, pg_temp
       AS $fn$
       BEGIN
         DELETE FROM national.published_indicators p
          WHERE (codes IS NULL OR p.indicator_code = ANY (codes))
            AND NOT EXISTS (SELECT 1 FROM national.release_indicators d WHERE d.indicator_code = p.indicator_code);
         INSERT INTO national.published_indicators (${SUMMARY_COLUMNS})
         ${SUMMARISE}
         ON CONFLICT (indicator_code) DO UPDATE SET
           name = EXCLUDED.name, unit = EXCLUDED.unit, partnerships = EXCLUDED.partnerships,
           latest_name = EXCLUDED.latest_name, latest_unit = EXCLUDED.latest_unit,
           first_period_code = EXCLUDED.first_period_code, first_period_name = EXCLUDED.first_period_name,
           first_from = EXCLUDED.first_from, first_to = EXCLUDED.first_to,
           last_period_code = EXCLUDED.last_period_code, last_period_name = EXCLUDED.last_period_name,
           last_from = EXCLUDED.last_from, last_to = EXCLUDED.last_to,
           la_figures = EXCLUDED.la_figures, corrected = EXCLUDED.corrected;
       END
       $fn$`,

      `CREATE FUNCTION national.rebuild_published_indicators() RETURNS trigger
         LANGUAGE plpgsql SECURITY DEFINER SET search_path = national, pg_temp
       AS $fn$
       BEGIN
         DELETE FROM national.release_indicators;
         INSERT INTO national.release_indicators
           (release_id, indicator_code, indicator_name, unit, la_figures, partnership_id, period_code, period_name,
            period_from, period_to, release_version, published_at, latest)
         SELECT r.id, f.indicator_code, min(f.indicator_name), min(f.unit), bool_or(f.geography_level = 'local_authority'),
                r.partnership_id, r.period_code, r.period_name, r.period_from, r.period_to, r.release_version, r.published_at,
                NOT EXISTS (SELECT 1 FROM national.releases n WHERE n.partnership_id = r.partnership_id
                               AND n.period_code = r.period_code AND n.release_version > r.release_version)
           FROM national.release_figures f JOIN national.releases r ON r.id = f.release_id
          GROUP BY r.id, f.indicator_code;
         DELETE FROM national.release_local_authorities;
         INSERT INTO national.release_local_authorities (release_id, la_number, gss_code, la_name)
         SELECT DISTINCT ON (f.release_id, f.la_number) f.release_id, f.la_number, f.gss_code, f.la_name
           FROM national.release_figures f WHERE f.geography_level = 'local_authority'
          ORDER BY f.release_id, f.la_number;
         PERFORM national.summarise_indicators(NULL);
         RETURN NULL;
       END
       $fn$`,

      `CREATE FUNCTION national.figures_published() RETURNS trigger
         LANGUAGE plpgsql SECURITY DEFINER SET search_path = national, pg_temp
       AS $fn$
       DECLARE
         codes text[];
       BEGIN
         -- the versions these releases replace are no longer the latest: their indicators' coverage changes too
         WITH replaced AS (
           UPDATE national.release_indicators d SET latest = false
             FROM national.releases r
            WHERE r.id IN (SELECT DISTINCT release_id FROM added)
              AND d.partnership_id = r.partnership_id AND d.period_code = r.period_code
              AND d.release_version < r.release_version AND d.latest
           RETURNING d.indicator_code)
         SELECT array_agg(DISTINCT c) INTO codes
           FROM (SELECT indicator_code AS c FROM replaced UNION SELECT indicator_code FROM added) x;
         INSERT INTO national.release_indicators
           (release_id, indicator_code, indicator_name, unit, la_figures, partnership_id, period_code, period_name,
            period_from, period_to, release_version, published_at, latest)
         SELECT r.id, f.indicator_code, min(f.indicator_name), min(f.unit), bool_or(f.geography_level = 'local_authority'),
                r.partnership_id, r.period_code, r.period_name, r.period_from, r.period_to, r.release_version, r.published_at,
                NOT EXISTS (SELECT 1 FROM national.releases n WHERE n.partnership_id = r.partnership_id
                               AND n.period_code = r.period_code AND n.release_version > r.release_version)
           FROM added f JOIN national.releases r ON r.id = f.release_id
          GROUP BY r.id, f.indicator_code
         ON CONFLICT (release_id, indicator_code) DO UPDATE
           SET la_figures = national.release_indicators.la_figures OR EXCLUDED.la_figures;
         INSERT INTO national.release_local_authorities (release_id, la_number, gss_code, la_name)
         SELECT DISTINCT ON (f.release_id, f.la_number) f.release_id, f.la_number, f.gss_code, f.la_name
           FROM added f WHERE f.geography_level = 'local_authority'
          ORDER BY f.release_id, f.la_number
         ON CONFLICT (release_id, la_number) DO NOTHING;
         PERFORM national.summarise_indicators(codes);
         RETURN NULL;
       END
       $fn$`,

      `CREATE TRIGGER release_figures_published AFTER INSERT ON national.release_figures
         REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION national.figures_published()`,
      `CREATE TRIGGER release_figures_changed AFTER UPDATE OR DELETE OR TRUNCATE ON national.release_figures
         FOR EACH STATEMENT EXECUTE FUNCTION national.rebuild_published_indicators()`,
      `CREATE TRIGGER releases_changed AFTER UPDATE OR DELETE OR TRUNCATE ON national.releases
         FOR EACH STATEMENT EXECUTE FUNCTION national.rebuild_published_indicators()`,

      ...['summarise_indicators(text[])', 'rebuild_published_indicators()', 'figures_published()'].flatMap((fn) => [
        `ALTER FUNCTION national.${fn} OWNER TO ${OWNER_ROLE}`,
        `REVOKE ALL ON FUNCTION national.${fn} FROM PUBLIC`,
      ]),

      `REVOKE ALL ON national.release_indicators, national.release_local_authorities, national.published_indicators FROM PUBLIC`,
      `GRANT SELECT ON national.release_indicators, national.release_local_authorities, national.published_indicators TO ${BOARD_ROLE}`,
      `GRANT SELECT ON national.release_local_authorities, national.published_indicators TO ${OPEN_DATA_ROLE}`,

      // what is already published
      `INSERT INTO national.release_indicators
         (release_id, indicator_code, indicator_name, unit, la_figures, partnership_id, period_code, period_name,
          period_from, period_to, release_version, published_at, latest)
       SELECT r.id, f.indicator_code, min(f.indicator_name), min(f.unit), bool_or(f.geography_level = 'local_authority'),
              r.partnership_id, r.period_code, r.period_name, r.period_from, r.period_to, r.release_version, r.published_at,
              NOT EXISTS (SELECT 1 FROM national.releases n WHERE n.partnership_id = r.partnership_id
                             AND n.period_code = r.period_code AND n.release_version > r.release_version)
         FROM national.release_figures f JOIN national.releases r ON r.id = f.release_id
        GROUP BY r.id, f.indicator_code`,
      `INSERT INTO national.release_local_authorities (release_id, la_number, gss_code, la_name)
       SELECT DISTINCT ON (f.release_id, f.la_number) f.release_id, f.la_number, f.gss_code, f.la_name
         FROM national.release_figures f WHERE f.geography_level = 'local_authority'
        ORDER BY f.release_id, f.la_number`,
      `SELECT national.summarise_indicators(NULL)`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP TRIGGER releases_changed ON national.releases`,
      `DROP TRIGGER release_figures_changed ON national.release_figures`,
      `DROP TRIGGER release_figures_published ON national.release_figures`,
      `DROP FUNCTION national.figures_published()`,
      `DROP FUNCTION national.rebuild_published_indicators()`,
      `DROP FUNCTION national.summarise_indicators(text[])`,
      `DROP INDEX national.release_figures_indicator_idx`,
      `DROP TABLE national.published_indicators`,
      `DROP TABLE national.release_local_authorities`,
      `DROP TABLE national.release_indicators`,
    ]) {
      await q.query(sql);
    }
  }
}
