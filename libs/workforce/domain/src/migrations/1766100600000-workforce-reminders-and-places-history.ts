import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantTable } from '@rep-hub/platform/schema';

/**
 * Workforce training's reminders and the history of funded places (issue 25).
 *
 * - `workforce_enrolments.reminded_window_ends_on` and `reminded_tie_in_ends_on`: the end date
 *   a reminder was last sent for. The daily reminders job sets each to the end date in the same
 *   UPDATE that picks the enrolment (`… IS DISTINCT FROM …`), so a second run or a second worker
 *   picks nothing, and a changed end date reminds again. Not the record's own change: `version`
 *   and `updated_at` stay as they were (an open form does not go stale).
 * - `workforce_allocation_events`: each LA's funded places of a cohort every time they are set
 *   (written by a trigger on `workforce_allocations`, so no path forgets it), append-only like
 *   the enrolments' history, so coverage reads a period's places as they stood at its end. The
 *   allocations already there get one row each, dated when the allocation was last changed.
 */
export class WorkforceRemindersAndPlacesHistory1766100600000 implements MigrationInterface {
  name = 'WorkforceRemindersAndPlacesHistory1766100600000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `ALTER TABLE workforce_enrolments ADD COLUMN reminded_window_ends_on date, ADD COLUMN reminded_tie_in_ends_on date`,
      // the reminders' pick (reminders.jobs.ts): the enrolments whose end still matters, by end date
      `CREATE INDEX workforce_enrolments_window_ends_idx ON workforce_enrolments (tenant_id, qualification_window_ends_on)
         WHERE qualification_window_ends_on IS NOT NULL AND status IN ('applied', 'enrolled', 'active', 'deferred')`,
      `CREATE INDEX workforce_enrolments_tie_in_ends_idx ON workforce_enrolments (tenant_id, tie_in_ends_on)
         WHERE tie_in_ends_on IS NOT NULL AND status IN ('completed', 'accredited')`,

      `CREATE TABLE workforce_allocation_events (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         cohort_id uuid NOT NULL,
         la_id uuid NOT NULL,
         places integer NOT NULL CHECK (places BETWEEN 0 AND 100000),
         actor_id uuid,
         at timestamptz NOT NULL DEFAULT clock_timestamp(),
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, cohort_id) REFERENCES workforce_cohorts (tenant_id, id) ON DELETE CASCADE,
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id)
       )`,
      `CREATE INDEX workforce_allocation_events_idx ON workforce_allocation_events (tenant_id, cohort_id, la_id, at)`,
      // the owner copies every tenant's allocations once (before the new table's RLS): forced RLS
      // on the allocations is lifted for this statement only, in this transaction
      `ALTER TABLE workforce_allocations NO FORCE ROW LEVEL SECURITY`,
      `INSERT INTO workforce_allocation_events (tenant_id, cohort_id, la_id, places, at)
         SELECT tenant_id, cohort_id, la_id, places, updated_at FROM workforce_allocations`,
      `ALTER TABLE workforce_allocations FORCE ROW LEVEL SECURITY`,
      // append-only: the app may add history, never change or remove it
      ...tenantTable('workforce_allocation_events', 'SELECT, INSERT'),
      `CREATE FUNCTION workforce_allocations_history() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
       BEGIN
         IF TG_OP = 'INSERT' OR OLD.places IS DISTINCT FROM NEW.places THEN
           INSERT INTO workforce_allocation_events (tenant_id, cohort_id, la_id, places, actor_id)
           VALUES (NEW.tenant_id, NEW.cohort_id, NEW.la_id, NEW.places, nullif(current_setting('app.actor_id', true), '')::uuid);
         END IF;
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER workforce_allocations_history AFTER INSERT OR UPDATE OF places ON workforce_allocations
         FOR EACH ROW EXECUTE FUNCTION workforce_allocations_history()`,
    ])
      await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER workforce_allocations_history ON workforce_allocations`);
    await q.query(`DROP FUNCTION workforce_allocations_history()`);
    await q.query(`DROP TABLE workforce_allocation_events`);
    await q.query(`DROP INDEX workforce_enrolments_tie_in_ends_idx`);
    await q.query(`DROP INDEX workforce_enrolments_window_ends_idx`);
    await q.query(
      `ALTER TABLE workforce_enrolments DROP COLUMN reminded_tie_in_ends_on, DROP COLUMN reminded_window_ends_on`,
    );
  }
}
