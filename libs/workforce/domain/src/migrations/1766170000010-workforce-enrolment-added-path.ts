import { MigrationInterface, QueryRunner } from 'typeorm';

const HOLDS_PLACE = `ARRAY['enrolled', 'active', 'deferred', 'completed', 'accredited']`;

/**
 * The way from applied to each status, along the allowed moves (the shortest, as the upload takes
 * it: `movesBetween('applied', status)`), applied first.
 */
const PATH = `CASE n.status
  WHEN 'applied' THEN ARRAY['applied']
  WHEN 'enrolled' THEN ARRAY['applied', 'enrolled']
  WHEN 'withdrawn' THEN ARRAY['applied', 'withdrawn']
  WHEN 'active' THEN ARRAY['applied', 'enrolled', 'active']
  WHEN 'deferred' THEN ARRAY['applied', 'enrolled', 'deferred']
  WHEN 'completed' THEN ARRAY['applied', 'enrolled', 'active', 'completed']
  WHEN 'accredited' THEN ARRAY['applied', 'enrolled', 'active', 'completed', 'accredited']
END`;

const placesLoop = `FOR a IN SELECT tenant_id, cohort_id, la_id, count(*)::int AS n FROM added WHERE status = ANY (${HOLDS_PLACE})
                   GROUP BY tenant_id, cohort_id, la_id ORDER BY tenant_id, cohort_id, la_id LOOP
           UPDATE workforce_allocations SET places_filled = places_filled + a.n
            WHERE tenant_id = a.tenant_id AND cohort_id = a.cohort_id AND la_id = a.la_id;
         END LOOP;`;

/**
 * An enrolment inserted at a later status than applied (a bulk upload's new enrolments) gets the
 * history of the way it came, as if it had been inserted applied and moved along the allowed moves
 * one by one: a row for the insert (applied) and one for each move, the withdrawal reason on the
 * move to withdrawn, each a microsecond after the one before so their order is kept. Until now the
 * upload inserted each enrolment applied and moved it with an UPDATE per step: each UPDATE of a
 * row inserted in the same transaction checks its four foreign keys again (PostgreSQL skips that
 * only for rows of earlier transactions), 185,000 moves of a 100,000-row file costing 740,000 key
 * checks and a new version of the row each. An enrolment inserted applied (every one-by-one
 * enrolment) gets the one row it had. The funded places are counted as before, by final status.
 */
export class WorkforceEnrolmentAddedPath1766170000010 implements MigrationInterface {
  name = 'WorkforceEnrolmentAddedPath1766170000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION workforce_enrolments_added() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       DECLARE
         a record;
       BEGIN
         ${placesLoop}
         INSERT INTO workforce_enrolment_events (tenant_id, enrolment_id, la_id, from_status, to_status, reason, actor_id, at)
         SELECT n.tenant_id, n.id, n.la_id, w.path[s.i - 1], w.path[s.i],
                CASE WHEN s.i = cardinality(w.path) THEN n.withdrawal_reason END,
                nullif(current_setting('app.actor_id', true), '')::uuid, clock_timestamp() + (s.i - 1) * interval '1 microsecond'
           FROM added n
          CROSS JOIN LATERAL (SELECT ${PATH} AS path) w
          CROSS JOIN LATERAL generate_series(1, cardinality(w.path)) AS s (i);
         RETURN NULL;
       END $$`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE OR REPLACE FUNCTION workforce_enrolments_added() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       DECLARE
         a record;
       BEGIN
         ${placesLoop}
         INSERT INTO workforce_enrolment_events (tenant_id, enrolment_id, la_id, from_status, to_status, reason, actor_id)
         SELECT tenant_id, id, la_id, NULL, status, withdrawal_reason, nullif(current_setting('app.actor_id', true), '')::uuid
           FROM added;
         RETURN NULL;
       END $$`,
    );
  }
}
