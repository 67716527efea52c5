import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, BOARD_ROLE, OWNER_ROLE, tenantTable } from '@rep-hub/platform/schema';

const PERIOD = `'^[0-9]{4}-[0-9]{2}-(autumn|spring|summer)$'`;
const CODE = `'^[a-z][a-z0-9]*(\\.[a-z0-9_]+)+$'`;

/** What `publish_release` refuses: a count from 1 to this − 1 shown (the programme's rules suppress them). */
const LEAST_SHOWN_COUNT = 5;

/**
 * Publication of sent evidence returns to the national level (issue 22).
 *
 * - `national.releases` and `national.release_figures`: what the National Board reads, one release
 *   per partnership, period and version (a correction is a new version naming the one it replaces
 *   and why), its figures in tidy form with a GSS symbol where a value is withheld, and the note
 *   of the disclosure method. No tenant RLS (the board compares partnerships) and no child.
 *   The board role may SELECT them; the app role has no privilege on them at all.
 * - `national.publish_release(jsonb)`: the only way in. Owned by the owner role and SECURITY
 *   DEFINER; the app role may execute it and nothing else in the schema. It checks the shape of
 *   the controlled release it is given, that it carries the disclosure method note, and (defence
 *   in depth behind the disclosure-control library) refuses any count from 1 to 4 that is shown.
 * - `evaluation_publications` (tenant): what the partnership sent, so that a correction is
 *   controlled together with the versions already published (the app role cannot read those back
 *   from the national schema).
 */
export class EvaluationNational1766000400000 implements MigrationInterface {
  name = 'EvaluationNational1766000400000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE national.releases (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         partnership_id uuid NOT NULL,
         partnership_name text NOT NULL CHECK (length(partnership_name) BETWEEN 1 AND 200),
         period_code text NOT NULL CHECK (period_code ~ ${PERIOD}),
         period_name text NOT NULL CHECK (length(period_name) BETWEEN 1 AND 100),
         period_from date NOT NULL,
         period_to date NOT NULL,
         release_version integer NOT NULL CHECK (release_version >= 1),
         replaces_version integer,
         correction_reason text CHECK (length(correction_reason) BETWEEN 1 AND 2000),
         return_version integer NOT NULL CHECK (return_version >= 1),
         published_at timestamptz NOT NULL DEFAULT now(),
         -- the disclosure method: its figures (threshold, cells suppressed…) and its note in words
         disclosure_method jsonb NOT NULL,
         method_note text NOT NULL CHECK (length(method_note) BETWEEN 1 AND 20000),
         UNIQUE (partnership_id, period_code, release_version),
         FOREIGN KEY (partnership_id, period_code, replaces_version)
           REFERENCES national.releases (partnership_id, period_code, release_version),
         CHECK (period_to >= period_from),
         CHECK ((release_version = 1) = (replaces_version IS NULL)),
         CHECK ((replaces_version IS NULL) = (correction_reason IS NULL)),
         CHECK (replaces_version IS NULL OR replaces_version < release_version)
       )`,
      `CREATE INDEX releases_period_idx ON national.releases (period_code, partnership_id)`,

      `CREATE TABLE national.release_figures (
         release_id uuid NOT NULL REFERENCES national.releases (id),
         indicator_code text NOT NULL CHECK (indicator_code ~ ${CODE}),
         indicator_name text NOT NULL CHECK (length(indicator_name) BETWEEN 1 AND 300),
         unit text NOT NULL CHECK (unit IN ('count', 'percentage', 'days')),
         geography_level text NOT NULL CHECK (geography_level IN ('partnership', 'local_authority')),
         la_number char(3) CHECK (la_number ~ '^[0-9]{3}$'),
         gss_code char(9) CHECK (gss_code ~ '^E[0-9]{8}$'),
         la_name text CHECK (length(la_name) BETWEEN 1 AND 200),
         numerator numeric CHECK (numerator >= 0),
         denominator numeric CHECK (denominator >= 0),
         value numeric,
         -- GSS: c suppressed, x not available, z not applicable, low rounds to zero; null when value is shown
         symbol text CHECK (symbol IN ('c', 'x', 'z', 'low')),
         CHECK ((geography_level = 'partnership') = (la_number IS NULL)),
         CHECK ((la_number IS NULL) = (gss_code IS NULL) AND (la_number IS NULL) = (la_name IS NULL)),
         CHECK ((symbol IS NULL) = (value IS NOT NULL)),
         -- shown counts are 0 or at least the threshold (the function says why; this is the last wall)
         CHECK (numerator IS NULL OR numerator = 0 OR numerator >= ${LEAST_SHOWN_COUNT}),
         CHECK (denominator IS NULL OR denominator = 0 OR denominator >= ${LEAST_SHOWN_COUNT}),
         CHECK (unit <> 'count' OR value IS NULL OR value = 0 OR value >= ${LEAST_SHOWN_COUNT})
       )`,
      `CREATE UNIQUE INDEX release_figures_key ON national.release_figures (release_id, indicator_code, coalesce(la_number, ''))`,

      // the board reads (default privileges already grant it: said again, explicitly); the app role nothing
      `GRANT SELECT ON national.releases, national.release_figures TO ${BOARD_ROLE}`,
      `REVOKE ALL ON national.releases, national.release_figures FROM PUBLIC, ${APP_ROLE}`,

      `CREATE FUNCTION national.publish_release(release jsonb) RETURNS uuid
         LANGUAGE plpgsql SECURITY DEFINER SET search_path = national, pg_temp
       AS $fn$
       DECLARE
         method jsonb := release -> 'disclosure';
         f jsonb;
         i integer := 0;
         rid uuid;
         version integer;
         latest integer;
         part text;
         n numeric;
         la boolean;
       BEGIN
         IF release IS NULL OR jsonb_typeof(release) <> 'object' THEN
           RAISE EXCEPTION 'national.publish_release: the release must be a JSON object' USING ERRCODE = '22023';
         END IF;
         IF jsonb_typeof(method) IS DISTINCT FROM 'object'
            OR method ->> 'controlledBy' IS DISTINCT FROM 'disclosure-control'
            OR jsonb_typeof(method -> 'threshold') IS DISTINCT FROM 'number'
            OR jsonb_typeof(method -> 'lines') IS DISTINCT FROM 'array'
            OR jsonb_array_length(method -> 'lines') = 0 THEN
           RAISE EXCEPTION 'national.publish_release: refused: the release carries no disclosure method note; only a release controlled for disclosure may be published'
             USING ERRCODE = '22023';
         END IF;
         IF (method ->> 'threshold')::numeric < ${LEAST_SHOWN_COUNT} THEN
           RAISE EXCEPTION 'national.publish_release: refused: the release was controlled with a threshold of %, below ${LEAST_SHOWN_COUNT}', method ->> 'threshold'
             USING ERRCODE = '22023';
         END IF;
         IF jsonb_typeof(release -> 'partnership') IS DISTINCT FROM 'object'
            OR jsonb_typeof(release -> 'period') IS DISTINCT FROM 'object'
            OR jsonb_typeof(release -> 'version') IS DISTINCT FROM 'number'
            OR jsonb_typeof(release -> 'returnVersion') IS DISTINCT FROM 'number'
            OR jsonb_typeof(release -> 'figures') IS DISTINCT FROM 'array'
            OR jsonb_array_length(release -> 'figures') = 0 THEN
           RAISE EXCEPTION 'national.publish_release: the release needs partnership, period, version, returnVersion and figures (a non-empty array)'
             USING ERRCODE = '22023';
         END IF;

         FOR f IN SELECT value FROM jsonb_array_elements(release -> 'figures') LOOP
           i := i + 1;
           IF jsonb_typeof(f) IS DISTINCT FROM 'object'
              OR jsonb_typeof(f -> 'indicatorCode') IS DISTINCT FROM 'string'
              OR jsonb_typeof(f -> 'indicatorName') IS DISTINCT FROM 'string'
              OR f ->> 'unit' IS NULL OR NOT (f ->> 'unit' IN ('count', 'percentage', 'days'))
              OR f ->> 'level' IS NULL OR NOT (f ->> 'level' IN ('partnership', 'local_authority'))
              OR coalesce(jsonb_typeof(f -> 'numerator'), 'null') NOT IN ('number', 'null')
              OR coalesce(jsonb_typeof(f -> 'denominator'), 'null') NOT IN ('number', 'null')
              OR coalesce(jsonb_typeof(f -> 'value'), 'null') NOT IN ('number', 'null')
              OR coalesce(jsonb_typeof(f -> 'symbol'), 'null') NOT IN ('string', 'null') THEN
             RAISE EXCEPTION 'national.publish_release: figure % is not a figure (indicatorCode, indicatorName, unit, level, numerator, denominator, value, symbol)', i
               USING ERRCODE = '22023';
           END IF;
           la := f ->> 'level' = 'local_authority';
           -- defence in depth: counts (numerators, denominators, a count's value) shown from 1 to 4
           FOREACH part IN ARRAY CASE WHEN f ->> 'unit' = 'count' THEN ARRAY['numerator', 'denominator', 'value'] ELSE ARRAY['numerator', 'denominator'] END LOOP
             IF jsonb_typeof(f -> part) = 'number' THEN
               n := (f ->> part)::numeric;
               IF n > 0 AND n < ${LEAST_SHOWN_COUNT} THEN
                 RAISE EXCEPTION 'national.publish_release: refused: figure % (%, %) shows a % of %, a count that must be suppressed (1 to ${LEAST_SHOWN_COUNT - 1})',
                   i, f ->> 'indicatorCode', CASE WHEN la THEN 'LA ' || coalesce(f ->> 'laNumber', '?') ELSE 'the partnership' END, part, n
                   USING ERRCODE = '23514';
               END IF;
             END IF;
           END LOOP;
         END LOOP;

         version := (release ->> 'version')::integer;
         SELECT max(release_version) INTO latest FROM national.releases
          WHERE partnership_id = (release #>> '{partnership,id}')::uuid AND period_code = release #>> '{period,code}';
         IF version IS DISTINCT FROM coalesce(latest, 0) + 1
            OR (release -> 'replacesVersion' IS NOT NULL AND jsonb_typeof(release -> 'replacesVersion') <> 'null'
                AND (release ->> 'replacesVersion')::integer IS DISTINCT FROM latest)
            OR (latest IS NOT NULL AND (release ->> 'replacesVersion') IS NULL) THEN
           RAISE EXCEPTION 'national.publish_release: version % does not follow the published versions (latest %): a correction replaces the latest version', version, coalesce(latest::text, 'none')
             USING ERRCODE = '23505';
         END IF;

         INSERT INTO national.releases (partnership_id, partnership_name, period_code, period_name, period_from, period_to,
                                        release_version, replaces_version, correction_reason, return_version,
                                        disclosure_method, method_note)
         VALUES ((release #>> '{partnership,id}')::uuid, release #>> '{partnership,name}',
                 release #>> '{period,code}', release #>> '{period,name}',
                 (release #>> '{period,from}')::date, (release #>> '{period,to}')::date,
                 version, (release ->> 'replacesVersion')::integer, release ->> 'correctionReason',
                 (release ->> 'returnVersion')::integer,
                 method, (SELECT string_agg(l, E'\\n') FROM jsonb_array_elements_text(method -> 'lines') AS l))
         RETURNING id INTO rid;

         INSERT INTO national.release_figures (release_id, indicator_code, indicator_name, unit, geography_level,
                                               la_number, gss_code, la_name, numerator, denominator, value, symbol)
         SELECT rid, x ->> 'indicatorCode', x ->> 'indicatorName', x ->> 'unit', x ->> 'level',
                x ->> 'laNumber', x ->> 'gssCode', x ->> 'laName',
                (x ->> 'numerator')::numeric, (x ->> 'denominator')::numeric, (x ->> 'value')::numeric, x ->> 'symbol'
           FROM jsonb_array_elements(release -> 'figures') AS x;
         RETURN rid;
       END
       $fn$`,
      `ALTER FUNCTION national.publish_release(jsonb) OWNER TO ${OWNER_ROLE}`,
      `REVOKE ALL ON FUNCTION national.publish_release(jsonb) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION national.publish_release(jsonb) TO ${APP_ROLE}`,

      // ---- what the partnership sent, kept in the partnership ----
      `CREATE TABLE evaluation_publications (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         return_id uuid NOT NULL,
         period text NOT NULL CHECK (period ~ ${PERIOD}),
         release_version integer NOT NULL CHECK (release_version >= 1),
         national_release_id uuid NOT NULL,
         -- the release as given to disclosure control (the partnership's own figures) and what left
         source jsonb NOT NULL,
         published jsonb NOT NULL,
         published_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         UNIQUE (tenant_id, period, release_version),
         UNIQUE (tenant_id, return_id),
         FOREIGN KEY (tenant_id, return_id) REFERENCES evaluation_returns (tenant_id, id)
       )`,
      // written once per sent return, never changed
      ...tenantTable('evaluation_publications', 'SELECT, INSERT'),
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP TABLE evaluation_publications`,
      `DROP FUNCTION national.publish_release(jsonb)`,
      `DROP TABLE national.release_figures`,
      `DROP TABLE national.releases`,
    ]) {
      await q.query(sql);
    }
  }
}
