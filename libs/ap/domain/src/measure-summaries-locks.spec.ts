import { workerDatabase } from '@rep-hub/platform/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { seedPartnership, Seeded } from './case-list-cost.fixture';

/** The tables the AP measures' case refresh keeps (migration 1766000500000), each in a fixed order. */
const KEPT: [string, string][] = [
  ['ap_measure_case_facts', 'case_id'],
  ['ap_measure_referrals', 'la_id, day, requested_tier, reason, route'],
  ['ap_measure_commissions', 'la_id, day, tier, reason'],
  ['ap_measure_decisions', 'la_id, day, until_day, days'],
  ['ap_measure_starts', 'la_id, day, days'],
  ['ap_measure_endings', 'la_id, day, tier, destination, on_time, last_due, all_held'],
];

/**
 * `ap_measures_refresh_case` serialises on the case's row, not an advisory lock per case
 * (migration 1766180000000): one transaction may refresh more cases than the server's lock table
 * holds, and a second transaction touching a case still waits for the first and sees its facts.
 * On PostgreSQL as the app role under RLS, through the real triggers; the kept tables compared with
 * every case refreshed afresh. The lock table also grows into spare shared memory, so the advisory
 * lock of before may survive a size just above its entries (it held 8,200 here, failing at 20,000
 * in bench:growth): what fails under it is the count of lock-table entries held (one per case).
 * Filling the server's lock table on purpose would fail other transactions on it.
 */
describe('AP measure summaries: the case refresh locks', () => {
  let admin: Client;
  let app: Client;
  let other: Client;
  /** A partnership of more cases than the server's lock table holds, and a small one. */
  let big: Seeded;
  let small: Seeded;
  let n: number;

  const begin = async (c: Client, t: Seeded) => {
    await c.query('BEGIN');
    await c.query(
      `SELECT set_config('app.tenant_id', $1, true), set_config('app.actor_id', $2, true), set_config('app.la_ids', $3, true)`,
      [t.tenantId, randomUUID(), t.las.join(',')],
    );
  };

  /** Each kept table's rows for the tenant (with a count other than zero: a delta may leave a zero), as a count and a digest. */
  const kept = async (c: Client, t: Seeded) => {
    const out: Record<string, { rows: number; digest: string }> = {};
    for (const [table, order] of KEPT)
      out[table] = (
        await c.query(
          `SELECT count(*)::int AS rows, md5(coalesce(string_agg(x::text, '|' ORDER BY ${order}), '')) AS digest
             FROM ${table} x WHERE tenant_id = $1 ${table === 'ap_measure_case_facts' ? '' : 'AND n <> 0'}`,
          [t.tenantId],
        )
      ).rows[0];
    return out;
  };

  /** The same computed afresh from the records (every case refreshed from nothing, as the owner), then put back. */
  const recomputed = async (t: Seeded) => {
    await admin.query('BEGIN');
    try {
      await admin.query(`SELECT set_config('app.tenant_id', $1, true), set_config('app.la_ids', $2, true)`, [
        t.tenantId,
        t.las.join(','),
      ]);
      for (const [table] of KEPT) await admin.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [t.tenantId]);
      await admin.query(
        `SELECT count(ap_measures_refresh_case(c.tenant_id, c.id)) FROM (SELECT tenant_id, id FROM ap_cases WHERE tenant_id = $1 ORDER BY id) c`,
        [t.tenantId],
      );
      return await kept(admin, t);
    } finally {
      await admin.query('ROLLBACK');
    }
  };

  /** `count` pupils (not the measures': as the owner), and a case for each as the app role, in one statement. */
  const withCases = async (t: Seeded, count: number) => {
    await admin.query(
      `INSERT INTO pupils (tenant_id, la_id, given_name, family_name, date_of_birth, sen_provision, looked_after, free_school_meals, upn_unknown_reason)
       SELECT $1, ($2::uuid[])[1 + i % 4], 'Given' || i, 'Bulk', DATE '2012-09-01' + (i % 365), 'N', false, false, 'UN1'
         FROM generate_series(1, $3::int) i`,
      [t.tenantId, t.las, count],
    );
    // opened over a year, either side of midnight in England
    return app.query(
      `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, requested_tier, family_views, child_views, status, created_at)
       SELECT tenant_id, la_id, id, 'la_commission', NULL, (ARRAY['suspension', 'medical_needs', 'other'])[1 + k % 3],
              (ARRAY['tier_1', 'tier_2', 'tier_3'])[1 + k % 3], 'Agree', 'Agree', 'referred',
              TIMESTAMPTZ '2024-09-01 09:00Z' + interval '1 day' * (k % 365) + interval '1 minute' * (k % 2) * 870
         FROM (SELECT row_number() OVER (ORDER BY id) AS k, * FROM pupils WHERE tenant_id = $1) p`,
      [t.tenantId],
    );
  };

  beforeAll(async () => {
    const db = await workerDatabase();
    admin = new Client({ connectionString: db.adminUrl });
    app = new Client({ connectionString: db.appUrl });
    other = new Client({ connectionString: db.appUrl });
    await Promise.all([admin.connect(), app.connect(), other.connect()]);
    // the lock table's entries: max_locks_per_transaction × (connections, prepared transactions, other backends)
    const {
      rows: [s],
    } = await admin.query(
      `SELECT current_setting('max_locks_per_transaction')::int * (current_setting('max_connections')::int
                + current_setting('max_prepared_transactions')::int + current_setting('autovacuum_max_workers')::int + 1
                + current_setting('max_worker_processes')::int + current_setting('max_wal_senders')::int) AS slots`,
    );
    n = Math.ceil((s.slots * 1.05) / 4) * 4;
    big = await seedPartnership(admin, 0);
    small = await seedPartnership(admin, 0);
  });
  afterAll(async () => {
    await Promise.all([admin?.end(), app?.end(), other?.end()]);
  });

  it('refreshes more cases in one transaction than the lock table holds, holding a lock-table entry for none of them', async () => {
    await begin(app, big);
    try {
      expect((await withCases(big, n)).rowCount).toBe(n);
      // a decision for a third, some after an offer; a placement for a quarter, half of them ended
      await app.query(
        `INSERT INTO ap_case_events (tenant_id, case_id, la_id, action, to_status, at)
         SELECT tenant_id, id, la_id, 'decide_offer', 'offered', created_at + interval '1 day' * (k % 30)
           FROM (SELECT row_number() OVER (ORDER BY id) AS k, * FROM ap_cases WHERE tenant_id = $1) c WHERE k % 3 = 0
         UNION ALL
         SELECT tenant_id, id, la_id, 'offer', 'offered', created_at + interval '1 hour'
           FROM (SELECT row_number() OVER (ORDER BY id) AS k, * FROM ap_cases WHERE tenant_id = $1) c WHERE k % 9 = 0`,
        [big.tenantId],
      );
      await app.query(
        `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end,
                                    started_on, ended_on, end_reason, destination, created_at)
         SELECT tenant_id, id, la_id, $2, 'tier_2', '2024/25', CASE WHEN k % 8 = 0 THEN 'ended' ELSE 'active' END,
                created_at::date + 10, created_at::date + 70, created_at::date + 10,
                CASE WHEN k % 8 = 0 THEN created_at::date + 40 + (k % 60)::int END, CASE WHEN k % 8 = 0 THEN 'Ended' END,
                CASE WHEN k % 8 = 0 THEN 'returned_to_home_school' END, created_at + interval '5 days'
           FROM (SELECT row_number() OVER (ORDER BY id) AS k, * FROM ap_cases WHERE tenant_id = $1) c WHERE k % 4 = 0`,
        [big.tenantId, big.providers[0]],
      );
      // every case changed again in one statement, as retention anonymises them; some under a new reason
      const updated = await app.query(
        `UPDATE ap_cases SET family_views = 'Removed', child_views = 'Removed',
                reason = CASE WHEN id::text < '4' THEN 'ehc_plan' ELSE reason END WHERE tenant_id = $1`,
        [big.tenantId],
      );
      expect(updated.rowCount).toBe(n);
      // the statements' relation locks and the transaction's own, none per case (no advisory lock, no tuple lock held)
      const { rows: held } = await app.query(
        `SELECT locktype, count(*)::int AS n FROM pg_locks WHERE pid = pg_backend_pid() GROUP BY 1 ORDER BY 1`,
      );
      expect(held.filter((l) => !['relation', 'transactionid', 'virtualxid'].includes(l.locktype))).toEqual([]);
      expect(held.reduce((a, l) => a + l.n, 0)).toBeLessThan(500);
      await app.query('COMMIT');
    } catch (e) {
      await app.query('ROLLBACK');
      throw e;
    }

    const now = await kept(admin, big);
    expect(now).toEqual(await recomputed(big));
    // and not equal because both are empty: every case counted once, under its reason now
    expect(now.ap_measure_case_facts.rows).toBe(n);
    const {
      rows: [sums],
    } = await admin.query(
      `SELECT (SELECT sum(n)::int FROM ap_measure_referrals WHERE tenant_id = $1) AS referrals,
              (SELECT sum(n)::int FROM ap_measure_referrals WHERE tenant_id = $1 AND reason = 'ehc_plan') AS ehc,
              (SELECT count(*)::int FROM ap_cases WHERE tenant_id = $1 AND reason = 'ehc_plan') AS ehc_cases,
              (SELECT sum(n)::int FROM ap_measure_commissions WHERE tenant_id = $1) AS commissions,
              (SELECT sum(n)::int FROM ap_measure_endings WHERE tenant_id = $1) AS endings,
              (SELECT sum(n)::int FROM ap_measure_decisions WHERE tenant_id = $1 AND until_day = 'infinity') AS decisions`,
      [big.tenantId],
    );
    expect(sums).toEqual({
      referrals: n,
      ehc: sums.ehc_cases,
      ehc_cases: expect.any(Number),
      commissions: Math.floor(n / 4),
      endings: Math.floor(n / 8),
      decisions: Math.floor(n / 3),
    });
    expect(sums.ehc_cases).toBeGreaterThan(n / 8);
  }, 60_000);

  it('makes a second transaction touching the same case wait for the first, then count on its facts', async () => {
    await begin(app, small);
    await withCases(small, 12);
    await app.query('COMMIT');
    const {
      rows: [c],
    } = await admin.query(`SELECT id, la_id, created_at FROM ap_cases WHERE tenant_id = $1 ORDER BY id LIMIT 1`, [
      small.tenantId,
    ]);
    const event = (client: Client, action: string, days: number) =>
      client.query(
        `INSERT INTO ap_case_events (tenant_id, case_id, la_id, action, to_status, at) VALUES ($1, $2, $3, $4, 'offered', $5)`,
        [small.tenantId, c.id, c.la_id, action, new Date(c.created_at.getTime() + days * 86_400_000)],
      );
    await begin(app, small);
    await begin(other, small);
    try {
      await event(app, 'decide_offer', 12);
      const {
        rows: [{ pid }],
      } = await other.query('SELECT pg_backend_pid() AS pid');
      // an earlier offer: the case's decision row moves, and a second (offered before decided) is added
      const second = event(other, 'offer', 3);
      let waiting = false;
      for (let i = 0; i < 100 && !waiting; i++) {
        const { rows } = await admin.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
        waiting = rows[0]?.wait_event_type === 'Lock';
        if (!waiting) await new Promise((r) => setTimeout(r, 20));
      }
      expect(waiting).toBe(true);
      await app.query('COMMIT');
      await second;
      await other.query('COMMIT');
    } catch (e) {
      await Promise.all([app.query('ROLLBACK'), other.query('ROLLBACK')]);
      throw e;
    }
    expect(await kept(admin, small)).toEqual(await recomputed(small));
    const {
      rows: [facts],
    } = await admin.query(
      `SELECT dec_days, early_days FROM ap_measure_case_facts WHERE tenant_id = $1 AND case_id = $2`,
      [small.tenantId, c.id],
    );
    expect(facts).toEqual({ dec_days: expect.any(Number), early_days: expect.any(Number) });
  }, 30_000);
});
