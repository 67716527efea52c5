import { MigrationInterface, QueryRunner } from 'typeorm';
import { laScopedTable, tenantTable } from '@rep-hub/platform/schema';

const LONDON_DAY = (col: string) => `(${col} AT TIME ZONE 'Europe/London')::date`;

/** The summary tables: each keyed tenant-first, with the LA wall, and `n` (or sums) added to by deltas. */
const SUMMARIES: { table: string; columns: string; key: string }[] = [
  {
    table: 'ap_measure_referrals',
    columns: `day date NOT NULL, requested_tier text NOT NULL, reason text NOT NULL, route text NOT NULL`,
    key: 'day, requested_tier, reason, route',
  },
  {
    table: 'ap_measure_commissions',
    columns: `day date NOT NULL, tier text NOT NULL, reason text NOT NULL`,
    key: 'day, tier, reason',
  },
  {
    table: 'ap_measure_decisions',
    columns: `day date NOT NULL, until_day date NOT NULL, days integer NOT NULL`,
    key: 'day, until_day, days',
  },
  { table: 'ap_measure_starts', columns: `day date NOT NULL, days integer NOT NULL`, key: 'day, days' },
  {
    table: 'ap_measure_endings',
    columns: `day date NOT NULL, tier text NOT NULL, destination text NOT NULL, on_time boolean NOT NULL,
              last_due date NOT NULL, all_held boolean NOT NULL`,
    key: 'day, tier, destination, on_time, last_due, all_held',
  },
];

/** The rows whose change moves a case's contribution, and how each names its case. */
const SOURCES: { table: string; tenant: string; caseId: string }[] = [
  { table: 'ap_cases', tenant: 'x.tenant_id', caseId: 'x.id' },
  { table: 'ap_case_events', tenant: 'x.tenant_id', caseId: 'x.case_id' },
  { table: 'ap_placements', tenant: 'x.tenant_id', caseId: 'x.case_id' },
  {
    table: 'ap_followups',
    tenant: 'x.tenant_id',
    caseId: `(SELECT p.case_id FROM ap_placements p WHERE p.tenant_id = x.tenant_id AND p.id = x.placement_id)`,
  },
];

const upsert = (table: string, key: string, values: string) =>
  `INSERT INTO ${table} AS t (tenant_id, la_id, ${key}, n) VALUES (${values})
     ON CONFLICT (tenant_id, la_id, ${key}) DO UPDATE SET n = t.n + EXCLUDED.n`;

/**
 * Summaries of what the AP measures aggregate (issue 22: "computed indicators at the speed of a
 * page"), kept up to date in the same transaction as each change by triggers, so a measure reads
 * summary rows (a row per LA and day, a row per placement) instead of every case, event, placement
 * and session of the period.
 *
 * What is kept, at the grain the measures need (every day in England's time zone, as the
 * measures count events):
 * - `ap_measure_case_facts`: one row per case, its contribution to every measure but attendance
 *   (the day it was opened, its tier, reason and route; its decision day and days to decision;
 *   its placement's commission day, start, end, destination and follow-ups). Derived from the
 *   case, its events, its placement and the placement's follow-ups.
 * - `ap_measure_referrals`, `_commissions`, `_decisions`, `_starts`, `_endings`: counts per
 *   tenant, LA, day and the breakdowns the measures show. Medians do not add up, so durations are
 *   kept as histograms (how many cases per number of days), from which medians and means are
 *   computed exactly. A decision's day depends on the period's end (the first decision before the
 *   end of the period, else the first offer before it): a case offered before it was decided adds
 *   a second row that counts only while the period ends before the decision day (`until_day`).
 * - `ap_measure_attendance`: sessions per placement and calendar month (possible, attended,
 *   authorised, unauthorised). Persistent absence is per placement over the whole period, so a
 *   period reads its whole months from here and its partial months from `ap_attendance` itself.
 *   `ap_measure_attendance_totals` has each placement's sessions in all and the first and last
 *   month it has sessions in (bounds that only widen, so they may be wider than the sessions
 *   left after a deletion, never narrower): a placement whose months all lie within the period's
 *   whole months is read as one row, and only the placements across its edges month by month.
 *
 * Concurrency (exact under concurrent writers):
 * - Every summary row is changed only by `INSERT … ON CONFLICT DO UPDATE SET n = n + delta`:
 *   adding is commutative, the upsert locks the row it changes, and two transactions inserting the
 *   same new key are serialised by the unique index, so no delta is lost whatever the order.
 *   Deltas within a statement are applied in key order, so two writers never wait on each other
 *   in opposite orders over the same rows.
 * - A case's contribution is recomputed from its rows under a transaction-level advisory lock on
 *   the case (`ap_measures_refresh_case`): the old contribution is read from its facts row, the
 *   new one computed, the difference applied. A second transaction touching the same case waits
 *   for the lock until the first commits; under READ COMMITTED its next statements see the first's
 *   rows and facts, so it subtracts exactly what the first added. Cases of one statement are
 *   refreshed in (tenant, case) order. The product's units of work run at READ COMMITTED.
 * - Attendance is summed from the statement's transition tables (old rows −1, new rows +1),
 *   so bulk uploads cost one upsert per placement and month touched.
 *
 * Walls: the summary tables are tenant tables with RLS forced and the LA wall, like their sources.
 * The trigger functions run as the writer, inside its own unit of work: the row written passed
 * its table's LA wall, and every summary row it moves carries that row's tenant and LA.
 *
 * The existing records are summarised here (backfill), tenant by tenant within its walls.
 */
export class ApMeasureSummaries1766000500000 implements MigrationInterface {
  name = 'ApMeasureSummaries1766000500000';

  async up(q: QueryRunner): Promise<void> {
    const statements: string[] = [
      `CREATE TABLE ap_measure_case_facts (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         case_id uuid NOT NULL,
         la_id uuid NOT NULL,
         ref_day date NOT NULL,
         requested_tier text NOT NULL,
         reason text NOT NULL,
         route text NOT NULL,
         dec_day date,
         dec_days integer,
         early_day date,
         early_until date,
         early_days integer,
         pl_la_id uuid,
         com_day date,
         com_tier text,
         start_day date,
         start_days integer,
         end_day date,
         end_tier text,
         destination text,
         on_time boolean,
         last_due date,
         all_held boolean,
         PRIMARY KEY (tenant_id, case_id)
       )`,
      ...tenantTable('ap_measure_case_facts'),
      ...laScopedTable('ap_measure_case_facts'),
    ];
    for (const s of SUMMARIES) {
      statements.push(
        `CREATE TABLE ${s.table} (
           tenant_id uuid NOT NULL REFERENCES tenants (id),
           la_id uuid NOT NULL,
           ${s.columns},
           n integer NOT NULL,
           PRIMARY KEY (tenant_id, la_id, ${s.key})
         )`,
        ...tenantTable(s.table, 'SELECT, INSERT, UPDATE'),
        ...laScopedTable(s.table),
      );
    }
    statements.push(
      `CREATE TABLE ap_measure_attendance (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         la_id uuid NOT NULL,
         month date NOT NULL,
         placement_id uuid NOT NULL,
         possible integer NOT NULL,
         attended integer NOT NULL,
         authorised integer NOT NULL,
         unauthorised integer NOT NULL,
         PRIMARY KEY (tenant_id, la_id, month, placement_id)
       )`,
      ...tenantTable('ap_measure_attendance', 'SELECT, INSERT, UPDATE'),
      ...laScopedTable('ap_measure_attendance'),
      `CREATE INDEX ap_measure_attendance_placement_idx ON ap_measure_attendance (tenant_id, la_id, placement_id, month)`,
      `CREATE TABLE ap_measure_attendance_totals (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         la_id uuid NOT NULL,
         placement_id uuid NOT NULL,
         first_month date NOT NULL,
         last_month date NOT NULL,
         possible integer NOT NULL,
         attended integer NOT NULL,
         authorised integer NOT NULL,
         unauthorised integer NOT NULL,
         PRIMARY KEY (tenant_id, la_id, placement_id)
       )`,
      `CREATE INDEX ap_measure_attendance_totals_last_idx ON ap_measure_attendance_totals (tenant_id, la_id, last_month)`,
      ...tenantTable('ap_measure_attendance_totals', 'SELECT, INSERT, UPDATE'),
      ...laScopedTable('ap_measure_attendance_totals'),

      // one case's contribution, added (d = 1) or taken away (d = -1)
      `CREATE FUNCTION ap_measures_apply(f ap_measure_case_facts, d integer) RETURNS void
       LANGUAGE plpgsql AS $$
       BEGIN
         ${upsert('ap_measure_referrals', 'day, requested_tier, reason, route', 'f.tenant_id, f.la_id, f.ref_day, f.requested_tier, f.reason, f.route, d')};
         IF f.dec_day IS NOT NULL THEN
           ${upsert('ap_measure_decisions', 'day, until_day, days', `f.tenant_id, f.la_id, f.dec_day, 'infinity', f.dec_days, d`)};
         END IF;
         IF f.early_day IS NOT NULL THEN
           ${upsert('ap_measure_decisions', 'day, until_day, days', 'f.tenant_id, f.la_id, f.early_day, f.early_until, f.early_days, d')};
         END IF;
         IF f.com_day IS NOT NULL THEN
           ${upsert('ap_measure_commissions', 'day, tier, reason', 'f.tenant_id, f.pl_la_id, f.com_day, f.com_tier, f.reason, d')};
         END IF;
         IF f.start_day IS NOT NULL THEN
           ${upsert('ap_measure_starts', 'day, days', 'f.tenant_id, f.pl_la_id, f.start_day, f.start_days, d')};
         END IF;
         IF f.end_day IS NOT NULL THEN
           ${upsert(
             'ap_measure_endings',
             'day, tier, destination, on_time, last_due, all_held',
             `f.tenant_id, f.pl_la_id, f.end_day, f.end_tier, f.destination, f.on_time, coalesce(f.last_due, 'infinity'), f.all_held, d`,
           )};
         END IF;
       END $$`,

      // recompute one case's contribution under its own lock and apply the difference
      `CREATE FUNCTION ap_measures_refresh_case(p_tenant uuid, p_case uuid) RETURNS void
       LANGUAGE plpgsql AS $$
       DECLARE
         old_f ap_measure_case_facts;
         new_f ap_measure_case_facts;
         had boolean;
         has boolean;
       BEGIN
         IF p_tenant IS NULL OR p_case IS NULL THEN RETURN; END IF;
         PERFORM pg_advisory_xact_lock(hashtextextended('ap_measures:' || p_tenant::text || ':' || p_case::text, 0));
         SELECT * INTO old_f FROM ap_measure_case_facts WHERE tenant_id = p_tenant AND case_id = p_case;
         had := FOUND;
         SELECT c.tenant_id, c.id, c.la_id, k.created, c.requested_tier, c.reason, c.route,
                coalesce(e.decided, e.offered), coalesce(e.decided, e.offered) - k.created,
                CASE WHEN e.offered < e.decided THEN e.offered END,
                CASE WHEN e.offered < e.decided THEN e.decided END,
                CASE WHEN e.offered < e.decided THEN e.offered - k.created END,
                p.la_id, ${LONDON_DAY('p.created_at')}, p.tier,
                p.started_on, p.started_on - k.created,
                CASE WHEN p.status = 'ended' THEN p.ended_on END, p.tier, p.destination,
                (p.planned_end IS NOT NULL AND p.ended_on <= p.planned_end),
                fu.last_due, fu.all_held
           INTO new_f
           FROM ap_cases c
           CROSS JOIN LATERAL (SELECT ${LONDON_DAY('c.created_at')} AS created) k
           LEFT JOIN LATERAL (
             SELECT ${LONDON_DAY(`min(x.at) FILTER (WHERE x.action IN ('decide_offer', 'decide_decline', 'decide_more_information'))`)} AS decided,
                    ${LONDON_DAY(`min(x.at) FILTER (WHERE x.action IN ('commission', 'offer'))`)} AS offered
               FROM ap_case_events x WHERE x.tenant_id = c.tenant_id AND x.case_id = c.id
           ) e ON true
           LEFT JOIN ap_placements p ON p.tenant_id = c.tenant_id AND p.case_id = c.id
           LEFT JOIN LATERAL (
             SELECT max(x.due_on) AS last_due, count(*) FILTER (WHERE x.outcome = 'held') = count(*) AS all_held
               FROM ap_followups x WHERE x.tenant_id = p.tenant_id AND x.placement_id = p.id
           ) fu ON true
          WHERE c.tenant_id = p_tenant AND c.id = p_case;
         has := FOUND;
         IF had AND has AND old_f IS NOT DISTINCT FROM new_f THEN RETURN; END IF;
         IF had THEN
           PERFORM ap_measures_apply(old_f, -1);
           DELETE FROM ap_measure_case_facts WHERE tenant_id = p_tenant AND case_id = p_case;
         END IF;
         IF has THEN
           PERFORM ap_measures_apply(new_f, 1);
           INSERT INTO ap_measure_case_facts SELECT (new_f).*;
         END IF;
       END $$`,
    );
    await q.query(statements.join(';\n'));
    await this.triggers(q);
    // the records already there, tenant by tenant inside the tenant's walls (the owner is bound by them too)
    await q.query(
      `DO $$
       DECLARE t uuid;
       BEGIN
         FOR t IN SELECT id FROM tenants ORDER BY id LOOP
           PERFORM set_config('app.tenant_id', t::text, true);
           PERFORM set_config('app.la_ids', coalesce((SELECT string_agg(o.id::text, ',') FROM organisations o WHERE o.tenant_id = t), ''), true);
           PERFORM count(ap_measures_refresh_case(c.tenant_id, c.id))
              FROM (SELECT tenant_id, id FROM ap_cases WHERE tenant_id = t ORDER BY id) c;
           INSERT INTO ap_measure_attendance (tenant_id, la_id, month, placement_id, possible, attended, authorised, unauthorised)
           SELECT tenant_id, la_id, date_trunc('month', session_date)::date, placement_id,
                  count(*) FILTER (WHERE category <> 'not_possible'),
                  count(*) FILTER (WHERE category IN ('present', 'approved_educational_activity')),
                  count(*) FILTER (WHERE category = 'authorised_absence'),
                  count(*) FILTER (WHERE category = 'unauthorised_absence')
             FROM ap_attendance WHERE tenant_id = t GROUP BY 1, 2, 3, 4;
           INSERT INTO ap_measure_attendance_totals (tenant_id, la_id, placement_id, first_month, last_month, possible, attended, authorised, unauthorised)
           SELECT tenant_id, la_id, placement_id, min(month), max(month), sum(possible), sum(attended), sum(authorised), sum(unauthorised)
             FROM ap_measure_attendance WHERE tenant_id = t GROUP BY 1, 2, 3;
         END LOOP;
         PERFORM set_config('app.tenant_id', '', true);
         PERFORM set_config('app.la_ids', '', true);
       END $$`,
    );
  }

  /** Statement-level triggers (one per event, as transition tables require) on every source table. */
  private async triggers(q: QueryRunner): Promise<void> {
    for (const s of SOURCES) {
      const key = (rows: string) => `SELECT ${s.tenant} AS t, ${s.caseId} AS c FROM ${rows} x`;
      await q.query(
        `CREATE FUNCTION ${s.table}_measures_changed() RETURNS trigger
         LANGUAGE plpgsql AS $$
         BEGIN
           IF TG_OP = 'INSERT' THEN
             PERFORM count(ap_measures_refresh_case(k.t, k.c)) FROM (SELECT DISTINCT * FROM (${key('new_rows')}) y ORDER BY 1, 2) k;
           ELSIF TG_OP = 'DELETE' THEN
             PERFORM count(ap_measures_refresh_case(k.t, k.c)) FROM (SELECT DISTINCT * FROM (${key('old_rows')}) y ORDER BY 1, 2) k;
           ELSE
             PERFORM count(ap_measures_refresh_case(k.t, k.c)) FROM (SELECT * FROM (${key('new_rows')} UNION ${key('old_rows')}) y ORDER BY 1, 2) k;
           END IF;
           RETURN NULL;
         END $$`,
      );
      await q.query(
        `CREATE TRIGGER ${s.table}_measures_ins AFTER INSERT ON ${s.table} REFERENCING NEW TABLE AS new_rows
           FOR EACH STATEMENT EXECUTE FUNCTION ${s.table}_measures_changed()`,
      );
      await q.query(
        `CREATE TRIGGER ${s.table}_measures_upd AFTER UPDATE ON ${s.table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
           FOR EACH STATEMENT EXECUTE FUNCTION ${s.table}_measures_changed()`,
      );
      await q.query(
        `CREATE TRIGGER ${s.table}_measures_del AFTER DELETE ON ${s.table} REFERENCING OLD TABLE AS old_rows
           FOR EACH STATEMENT EXECUTE FUNCTION ${s.table}_measures_changed()`,
      );
    }
    // attendance: the statement's old rows taken away and new rows added, per placement and month
    const delta = (rows: string) =>
      `INSERT INTO ap_measure_attendance AS t (tenant_id, la_id, month, placement_id, possible, attended, authorised, unauthorised)
       SELECT r.tenant_id, r.la_id, date_trunc('month', r.session_date)::date, r.placement_id,
              sum(r.s * (r.category <> 'not_possible')::int),
              sum(r.s * (r.category IN ('present', 'approved_educational_activity'))::int),
              sum(r.s * (r.category = 'authorised_absence')::int),
              sum(r.s * (r.category = 'unauthorised_absence')::int)
         FROM (${rows}) r
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
       ON CONFLICT (tenant_id, la_id, month, placement_id) DO UPDATE SET
         possible = t.possible + EXCLUDED.possible,
         attended = t.attended + EXCLUDED.attended,
         authorised = t.authorised + EXCLUDED.authorised,
         unauthorised = t.unauthorised + EXCLUDED.unauthorised;
       INSERT INTO ap_measure_attendance_totals AS t (tenant_id, la_id, placement_id, first_month, last_month, possible, attended, authorised, unauthorised)
       SELECT r.tenant_id, r.la_id, r.placement_id,
              min(date_trunc('month', r.session_date)::date), max(date_trunc('month', r.session_date)::date),
              sum(r.s * (r.category <> 'not_possible')::int),
              sum(r.s * (r.category IN ('present', 'approved_educational_activity'))::int),
              sum(r.s * (r.category = 'authorised_absence')::int),
              sum(r.s * (r.category = 'unauthorised_absence')::int)
         FROM (${rows}) r
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
       ON CONFLICT (tenant_id, la_id, placement_id) DO UPDATE SET
         first_month = least(t.first_month, EXCLUDED.first_month),
         last_month = greatest(t.last_month, EXCLUDED.last_month),
         possible = t.possible + EXCLUDED.possible,
         attended = t.attended + EXCLUDED.attended,
         authorised = t.authorised + EXCLUDED.authorised,
         unauthorised = t.unauthorised + EXCLUDED.unauthorised`;
    const rows = (from: string, s: number) =>
      `SELECT tenant_id, la_id, placement_id, session_date, category, ${s} AS s FROM ${from}`;
    await q.query(
      `CREATE FUNCTION ap_attendance_measures_changed() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           ${delta(rows('new_rows', 1))};
         ELSIF TG_OP = 'DELETE' THEN
           ${delta(rows('old_rows', -1))};
         ELSE
           ${delta(`${rows('new_rows', 1)} UNION ALL ${rows('old_rows', -1)}`)};
         END IF;
         RETURN NULL;
       END $$`,
    );
    for (const [op, referencing] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
    ]) {
      await q.query(
        `CREATE TRIGGER ap_attendance_measures_${op.slice(0, 3).toLowerCase()} AFTER ${op} ON ap_attendance REFERENCING ${referencing}
           FOR EACH STATEMENT EXECUTE FUNCTION ap_attendance_measures_changed()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const s of SOURCES) {
      for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER ${s.table}_measures_${op} ON ${s.table}`);
      await q.query(`DROP FUNCTION ${s.table}_measures_changed()`);
    }
    for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER ap_attendance_measures_${op} ON ap_attendance`);
    await q.query(`DROP FUNCTION ap_attendance_measures_changed()`);
    await q.query(`DROP FUNCTION ap_measures_refresh_case(uuid, uuid)`);
    await q.query(`DROP FUNCTION ap_measures_apply(ap_measure_case_facts, integer)`);
    for (const s of [
      ...SUMMARIES.map((x) => x.table),
      'ap_measure_attendance_totals',
      'ap_measure_attendance',
      'ap_measure_case_facts',
    ])
      await q.query(`DROP TABLE ${s}`);
  }
}
