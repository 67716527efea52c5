import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, BOARD_ROLE, OWNER_ROLE } from '@rep-hub/platform/schema';
import { EvaluationNational1766000400000 } from './1766000400000-evaluation-national';

const CODE = `'^[a-z][a-z0-9]*(\\.[a-z0-9_]+)+$'`;
const REFORM = `'^[a-z][a-z0-9_]*$'`;

/** What `publish_release` refuses: a count from 1 to this − 1 shown (the programme's rules suppress them). */
const LEAST_SHOWN_COUNT = 5;

/** The tables this migration adds, each read by the board and by nobody else. */
const TABLES = ['national.release_ratings', 'national.release_reforms', 'national.release_findings'];

/**
 * What a sent return tells the National Board besides its figures (issue 23), nothing about a child:
 *
 * - `national.release_ratings`: the lead's RAG rating of each indicator, the exception flag, the
 *   exception's owner (by name) and their commentary;
 * - `national.release_reforms`: the partnership's reform register as it stood when the return was
 *   sent: each reform's status in each LA, since when and why;
 * - `national.release_findings`: the partnership's test and learn records (title, reform, the LAs
 *   taking part, status, findings and lessons, the dated result summaries), text only;
 * - `national.releases.due_on`: the period's due date (evaluation's rule: six weeks after the
 *   period ends); older releases get that rule's date.
 *
 * Each hangs off a release (a correction publishes them again with its new version). The board
 * role may SELECT them; the app role nothing. `national.publish_release(jsonb)` is replaced with
 * one that also takes the optional arrays `ratings`, `reforms` and `findings` and `period.dueOn`,
 * checking their shape as it checks the figures' (same signature, owner, SECURITY DEFINER and grants).
 */
export class EvaluationNationalContext1766000600000 implements MigrationInterface {
  name = 'EvaluationNationalContext1766000600000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE national.releases ADD COLUMN due_on date`,
      `UPDATE national.releases SET due_on = period_to + 42 WHERE due_on IS NULL`,
      `ALTER TABLE national.releases ADD CONSTRAINT releases_due_on_check CHECK (due_on IS NULL OR due_on >= period_to)`,

      `CREATE TABLE national.release_ratings (
         release_id uuid NOT NULL REFERENCES national.releases (id),
         indicator_code text NOT NULL CHECK (indicator_code ~ ${CODE}),
         indicator_name text NOT NULL CHECK (length(indicator_name) BETWEEN 1 AND 300),
         rag text NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
         exception boolean NOT NULL,
         owner_name text CHECK (length(owner_name) BETWEEN 1 AND 200),
         commentary text NOT NULL CHECK (length(commentary) <= 5000),
         PRIMARY KEY (release_id, indicator_code)
       )`,

      `CREATE TABLE national.release_reforms (
         release_id uuid NOT NULL REFERENCES national.releases (id),
         reform_code text NOT NULL CHECK (reform_code ~ ${REFORM}),
         reform_name text NOT NULL CHECK (length(reform_name) BETWEEN 1 AND 300),
         reforms_version text NOT NULL CHECK (length(reforms_version) BETWEEN 1 AND 20),
         la_number char(3) CHECK (la_number ~ '^[0-9]{3}$'),
         gss_code char(9) CHECK (gss_code ~ '^E[0-9]{8}$'),
         la_name text NOT NULL CHECK (length(la_name) BETWEEN 1 AND 200),
         status text NOT NULL CHECK (status IN ('planned', 'active', 'paused', 'stopped')),
         since date NOT NULL,
         reason text NOT NULL CHECK (length(reason) <= 2000)
       )`,
      `CREATE UNIQUE INDEX release_reforms_key ON national.release_reforms (release_id, reform_code, la_name)`,
      `CREATE INDEX release_reforms_reform_idx ON national.release_reforms (reform_code)`,

      `CREATE TABLE national.release_findings (
         release_id uuid NOT NULL REFERENCES national.releases (id),
         position integer NOT NULL CHECK (position >= 1),
         title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
         reform_code text NOT NULL CHECK (reform_code ~ ${REFORM}),
         reform_name text NOT NULL CHECK (length(reform_name) BETWEEN 1 AND 300),
         status text NOT NULL CHECK (status IN ('planned', 'running', 'finished', 'stopped')),
         starts_on date NOT NULL,
         ends_on date NOT NULL,
         -- the LAs taking part, by name (a test is the partnership's, never a setting's or a child's)
         la_names text[] NOT NULL,
         findings text NOT NULL CHECK (length(findings) <= 5000),
         lessons text NOT NULL CHECK (length(lessons) <= 5000),
         -- the dated result summaries, newest first: [{ "recordedOn": "YYYY-MM-DD", "summary": "…" }]
         results jsonb NOT NULL CHECK (jsonb_typeof(results) = 'array'),
         PRIMARY KEY (release_id, position),
         CHECK (ends_on >= starts_on)
       )`,
      `CREATE INDEX release_findings_reform_idx ON national.release_findings (reform_code)`,

      `GRANT SELECT ON ${TABLES.join(', ')} TO ${BOARD_ROLE}`,
      `REVOKE ALL ON ${TABLES.join(', ')} FROM PUBLIC, ${APP_ROLE}`,

      PUBLISH_RELEASE,
      `ALTER FUNCTION national.publish_release(jsonb) OWNER TO ${OWNER_ROLE}`,
      `REVOKE ALL ON FUNCTION national.publish_release(jsonb) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION national.publish_release(jsonb) TO ${APP_ROLE}`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // the function as the earlier migration made it: its statement, taken from that migration
    const previous = await previousFunction();
    for (const sql of [
      previous.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'),
      `DROP TABLE national.release_findings`,
      `DROP TABLE national.release_reforms`,
      `DROP TABLE national.release_ratings`,
      `ALTER TABLE national.releases DROP COLUMN due_on`,
    ]) {
      await q.query(sql);
    }
  }
}

/** The `CREATE FUNCTION national.publish_release` statement of the migration before this one. */
async function previousFunction(): Promise<string> {
  const statements: string[] = [];
  const recorder = { query: async (sql: string) => void statements.push(sql) } as unknown as QueryRunner;
  await new EvaluationNational1766000400000().up(recorder);
  const found = statements.find((s) => s.startsWith('CREATE FUNCTION national.publish_release'));
  if (!found) throw new Error('The earlier publish_release function was not found');
  return found;
}

const PUBLISH_RELEASE = `CREATE OR REPLACE FUNCTION national.publish_release(release jsonb) RETURNS uuid
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
  arr text;
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
  IF coalesce(jsonb_typeof(release #> '{period,dueOn}'), 'null') NOT IN ('string', 'null')
     OR (jsonb_typeof(release #> '{period,dueOn}') = 'string' AND release #>> '{period,dueOn}' !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') THEN
    RAISE EXCEPTION 'national.publish_release: period.dueOn must be a date (YYYY-MM-DD) when given' USING ERRCODE = '22023';
  END IF;
  FOREACH arr IN ARRAY ARRAY['ratings', 'reforms', 'findings'] LOOP
    IF coalesce(jsonb_typeof(release -> arr), 'null') NOT IN ('array', 'null') THEN
      RAISE EXCEPTION 'national.publish_release: % must be an array when given', arr USING ERRCODE = '22023';
    END IF;
  END LOOP;

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

  i := 0;
  FOR f IN SELECT value FROM jsonb_array_elements(coalesce(release -> 'ratings', '[]'::jsonb)) LOOP
    i := i + 1;
    IF jsonb_typeof(f) IS DISTINCT FROM 'object'
       OR jsonb_typeof(f -> 'indicatorCode') IS DISTINCT FROM 'string'
       OR jsonb_typeof(f -> 'indicatorName') IS DISTINCT FROM 'string'
       OR f ->> 'rag' IS NULL OR NOT (f ->> 'rag' IN ('red', 'amber', 'green'))
       OR jsonb_typeof(f -> 'exception') IS DISTINCT FROM 'boolean'
       OR coalesce(jsonb_typeof(f -> 'ownerName'), 'null') NOT IN ('string', 'null')
       OR jsonb_typeof(f -> 'commentary') IS DISTINCT FROM 'string' THEN
      RAISE EXCEPTION 'national.publish_release: rating % is not a rating (indicatorCode, indicatorName, rag red/amber/green, exception, ownerName, commentary)', i
        USING ERRCODE = '22023';
    END IF;
  END LOOP;

  i := 0;
  FOR f IN SELECT value FROM jsonb_array_elements(coalesce(release -> 'reforms', '[]'::jsonb)) LOOP
    i := i + 1;
    IF jsonb_typeof(f) IS DISTINCT FROM 'object'
       OR jsonb_typeof(f -> 'reformCode') IS DISTINCT FROM 'string'
       OR jsonb_typeof(f -> 'reformName') IS DISTINCT FROM 'string'
       OR jsonb_typeof(f -> 'reformsVersion') IS DISTINCT FROM 'string'
       OR coalesce(jsonb_typeof(f -> 'laNumber'), 'null') NOT IN ('string', 'null')
       OR coalesce(jsonb_typeof(f -> 'gssCode'), 'null') NOT IN ('string', 'null')
       OR jsonb_typeof(f -> 'laName') IS DISTINCT FROM 'string'
       OR f ->> 'status' IS NULL OR NOT (f ->> 'status' IN ('planned', 'active', 'paused', 'stopped'))
       OR jsonb_typeof(f -> 'since') IS DISTINCT FROM 'string'
       OR jsonb_typeof(f -> 'reason') IS DISTINCT FROM 'string' THEN
      RAISE EXCEPTION 'national.publish_release: reform % is not a reform status (reformCode, reformName, reformsVersion, laNumber, gssCode, laName, status planned/active/paused/stopped, since, reason)', i
        USING ERRCODE = '22023';
    END IF;
  END LOOP;

  i := 0;
  FOR f IN SELECT value FROM jsonb_array_elements(coalesce(release -> 'findings', '[]'::jsonb)) LOOP
    i := i + 1;
    IF jsonb_typeof(f) IS DISTINCT FROM 'object'
       OR jsonb_typeof(f -> 'title') IS DISTINCT FROM 'string'
       OR jsonb_typeof(f -> 'reformCode') IS DISTINCT FROM 'string'
       OR jsonb_typeof(f -> 'reformName') IS DISTINCT FROM 'string'
       OR f ->> 'status' IS NULL OR NOT (f ->> 'status' IN ('planned', 'running', 'finished', 'stopped'))
       OR jsonb_typeof(f -> 'startsOn') IS DISTINCT FROM 'string'
       OR jsonb_typeof(f -> 'endsOn') IS DISTINCT FROM 'string'
       OR jsonb_typeof(f -> 'laNames') IS DISTINCT FROM 'array'
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(f -> 'laNames') AS x WHERE jsonb_typeof(x) <> 'string')
       OR jsonb_typeof(f -> 'findings') IS DISTINCT FROM 'string'
       OR jsonb_typeof(f -> 'lessons') IS DISTINCT FROM 'string'
       OR jsonb_typeof(f -> 'results') IS DISTINCT FROM 'array'
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(f -> 'results') AS x
                   WHERE jsonb_typeof(x) <> 'object' OR jsonb_typeof(x -> 'recordedOn') IS DISTINCT FROM 'string'
                      OR jsonb_typeof(x -> 'summary') IS DISTINCT FROM 'string') THEN
      RAISE EXCEPTION 'national.publish_release: finding % is not a finding (title, reformCode, reformName, status planned/running/finished/stopped, startsOn, endsOn, laNames, findings, lessons, results of recordedOn and summary)', i
        USING ERRCODE = '22023';
    END IF;
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

  INSERT INTO national.releases (partnership_id, partnership_name, period_code, period_name, period_from, period_to, due_on,
                                 release_version, replaces_version, correction_reason, return_version,
                                 disclosure_method, method_note)
  VALUES ((release #>> '{partnership,id}')::uuid, release #>> '{partnership,name}',
          release #>> '{period,code}', release #>> '{period,name}',
          (release #>> '{period,from}')::date, (release #>> '{period,to}')::date,
          coalesce((release #>> '{period,dueOn}')::date, (release #>> '{period,to}')::date + 42),
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

  INSERT INTO national.release_ratings (release_id, indicator_code, indicator_name, rag, exception, owner_name, commentary)
  SELECT rid, x ->> 'indicatorCode', x ->> 'indicatorName', x ->> 'rag', (x ->> 'exception')::boolean,
         nullif(x ->> 'ownerName', ''), x ->> 'commentary'
    FROM jsonb_array_elements(coalesce(release -> 'ratings', '[]'::jsonb)) AS x;

  INSERT INTO national.release_reforms (release_id, reform_code, reform_name, reforms_version, la_number, gss_code, la_name,
                                        status, since, reason)
  SELECT rid, x ->> 'reformCode', x ->> 'reformName', x ->> 'reformsVersion', x ->> 'laNumber', x ->> 'gssCode',
         x ->> 'laName', x ->> 'status', (x ->> 'since')::date, x ->> 'reason'
    FROM jsonb_array_elements(coalesce(release -> 'reforms', '[]'::jsonb)) AS x;

  INSERT INTO national.release_findings (release_id, position, title, reform_code, reform_name, status, starts_on, ends_on,
                                         la_names, findings, lessons, results)
  SELECT rid, x.n::integer, x.v ->> 'title', x.v ->> 'reformCode', x.v ->> 'reformName', x.v ->> 'status',
         (x.v ->> 'startsOn')::date, (x.v ->> 'endsOn')::date,
         ARRAY(SELECT jsonb_array_elements_text(x.v -> 'laNames')), x.v ->> 'findings', x.v ->> 'lessons', x.v -> 'results'
    FROM jsonb_array_elements(coalesce(release -> 'findings', '[]'::jsonb)) WITH ORDINALITY AS x (v, n);
  RETURN rid;
END
$fn$`;
