import { MigrationInterface, QueryRunner } from 'typeorm';

const HOLDS_PLACE = `ARRAY['enrolled', 'active', 'deferred', 'completed', 'accredited']`;

/**
 * Workforce training at the size of a bulk upload (issue 25: a file of 100,000 enrolments).
 *
 * - The funded places and the history of enrolments are kept per statement, not per row: the two
 *   row triggers become statement triggers over the rows the statement inserted or changed (its
 *   transition tables). One UPDATE of each allocation per statement (in a fixed order, under its
 *   row lock) adds the places taken less those given back, and the allocation's CHECK refuses the
 *   one too many as before (23514, workforce_allocations_within_places); one INSERT writes a
 *   history row for each enrolment inserted and each change of status (who, when, from, to,
 *   reason). A single change is one row and works as before; a file's statement of 5,000 moves no
 *   longer runs 10,000 trigger bodies. Places taken and given back in one statement net out.
 * - The provider's index of enrolments gains the enrolment's id. A milestone's foreign key to its
 *   enrolment (tenant, id, LA, provider) is checked with a plan made once per connection; while the
 *   enrolments table was new or its statistics stale, the planner rated the provider's index
 *   (tenant, provider) as good as the unique key and chose it, so each check read every enrolment
 *   of the provider. With the id in it, either index finds the one row.
 */
export class WorkforceBulkLoad1766100900000 implements MigrationInterface {
  name = 'WorkforceBulkLoad1766100900000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP TRIGGER workforce_enrolments_places ON workforce_enrolments`,
      `DROP TRIGGER workforce_enrolments_history ON workforce_enrolments`,
      `DROP FUNCTION workforce_enrolments_places()`,
      `DROP FUNCTION workforce_enrolments_history()`,
      `CREATE FUNCTION workforce_enrolments_added() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       DECLARE
         a record;
       BEGIN
         FOR a IN SELECT tenant_id, cohort_id, la_id, count(*)::int AS n FROM added WHERE status = ANY (${HOLDS_PLACE})
                   GROUP BY tenant_id, cohort_id, la_id ORDER BY tenant_id, cohort_id, la_id LOOP
           UPDATE workforce_allocations SET places_filled = places_filled + a.n
            WHERE tenant_id = a.tenant_id AND cohort_id = a.cohort_id AND la_id = a.la_id;
         END LOOP;
         INSERT INTO workforce_enrolment_events (tenant_id, enrolment_id, la_id, from_status, to_status, reason, actor_id)
         SELECT tenant_id, id, la_id, NULL, status, withdrawal_reason, nullif(current_setting('app.actor_id', true), '')::uuid
           FROM added;
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER workforce_enrolments_added AFTER INSERT ON workforce_enrolments
         REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION workforce_enrolments_added()`,
      `CREATE FUNCTION workforce_enrolments_changed() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       DECLARE
         a record;
       BEGIN
         FOR a IN SELECT n.tenant_id, n.cohort_id, n.la_id,
                         sum(CASE WHEN n.status = ANY (${HOLDS_PLACE}) THEN 1 ELSE 0 END
                             - CASE WHEN o.status = ANY (${HOLDS_PLACE}) THEN 1 ELSE 0 END)::int AS n
                    FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
                   WHERE o.status IS DISTINCT FROM n.status
                   GROUP BY n.tenant_id, n.cohort_id, n.la_id ORDER BY n.tenant_id, n.cohort_id, n.la_id LOOP
           CONTINUE WHEN a.n = 0;
           UPDATE workforce_allocations SET places_filled = places_filled + a.n
            WHERE tenant_id = a.tenant_id AND cohort_id = a.cohort_id AND la_id = a.la_id;
         END LOOP;
         INSERT INTO workforce_enrolment_events (tenant_id, enrolment_id, la_id, from_status, to_status, reason, actor_id)
         SELECT n.tenant_id, n.id, n.la_id, o.status, n.status, n.withdrawal_reason, nullif(current_setting('app.actor_id', true), '')::uuid
           FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
          WHERE o.status IS DISTINCT FROM n.status;
         RETURN NULL;
       END $$`,
      // transition tables need a trigger of one event with no column list: it runs for any update, and acts on a change of status
      `CREATE TRIGGER workforce_enrolments_changed AFTER UPDATE ON workforce_enrolments
         REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION workforce_enrolments_changed()`,
      `DROP INDEX workforce_enrolments_provider_idx`,
      `CREATE INDEX workforce_enrolments_provider_idx ON workforce_enrolments (tenant_id, provider_id, id)`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP INDEX workforce_enrolments_provider_idx`,
      `CREATE INDEX workforce_enrolments_provider_idx ON workforce_enrolments (tenant_id, provider_id)`,
      `DROP TRIGGER workforce_enrolments_added ON workforce_enrolments`,
      `DROP TRIGGER workforce_enrolments_changed ON workforce_enrolments`,
      `DROP FUNCTION workforce_enrolments_added()`,
      `DROP FUNCTION workforce_enrolments_changed()`,
      `CREATE FUNCTION workforce_enrolments_places() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       DECLARE
         was boolean := TG_OP = 'UPDATE' AND OLD.status = ANY (${HOLDS_PLACE});
         now_holds boolean := NEW.status = ANY (${HOLDS_PLACE});
       BEGIN
         IF was <> now_holds THEN
           UPDATE workforce_allocations SET places_filled = places_filled + CASE WHEN now_holds THEN 1 ELSE -1 END
            WHERE tenant_id = NEW.tenant_id AND cohort_id = NEW.cohort_id AND la_id = NEW.la_id;
         END IF;
         RETURN NEW;
       END $$`,
      `CREATE TRIGGER workforce_enrolments_places BEFORE INSERT OR UPDATE OF status ON workforce_enrolments
         FOR EACH ROW EXECUTE FUNCTION workforce_enrolments_places()`,
      `CREATE FUNCTION workforce_enrolments_history() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       BEGIN
         IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status THEN
           INSERT INTO workforce_enrolment_events (tenant_id, enrolment_id, la_id, from_status, to_status, reason, actor_id)
           VALUES (NEW.tenant_id, NEW.id, NEW.la_id, CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.status,
                   NEW.withdrawal_reason, nullif(current_setting('app.actor_id', true), '')::uuid);
         END IF;
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER workforce_enrolments_history AFTER INSERT OR UPDATE OF status ON workforce_enrolments
         FOR EACH ROW EXECUTE FUNCTION workforce_enrolments_history()`,
    ])
      await q.query(sql);
  }
}
