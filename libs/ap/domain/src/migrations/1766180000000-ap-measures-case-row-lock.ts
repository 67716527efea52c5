import { MigrationInterface, QueryRunner } from 'typeorm';
import { rewriteFunction } from '@rep-hub/platform/schema';

/** How `ap_measures_refresh_case` began under migration 1766000500000: an advisory lock per case. */
const ADVISORY = `PERFORM pg_advisory_xact_lock(hashtextextended('ap_measures:' || p_tenant::text || ':' || p_case::text, 0));
         SELECT * INTO old_f FROM ap_measure_case_facts WHERE tenant_id = p_tenant AND case_id = p_case;`;

/** How it begins now: the case's own row as its lock; a case not there has its facts taken away. */
const ROW_LOCK = `PERFORM 1 FROM ap_cases WHERE tenant_id = p_tenant AND id = p_case FOR NO KEY UPDATE;
         IF NOT FOUND THEN
           DELETE FROM ap_measure_case_facts WHERE tenant_id = p_tenant AND case_id = p_case RETURNING * INTO old_f;
           IF FOUND THEN PERFORM ap_measures_apply(old_f, -1); END IF;
           RETURN;
         END IF;
         SELECT * INTO old_f FROM ap_measure_case_facts WHERE tenant_id = p_tenant AND case_id = p_case;`;

/** Replaces `from` (whitespace as it may be) with `to` in a function's definition, once. */
const swap = (from: string, to: string) => (definition: string) => {
  const pattern = new RegExp(
    from
      .trim()
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s+'),
    'g',
  );
  const found = definition.match(pattern)?.length ?? 0;
  if (found !== 1) throw new Error(`ap_measures_refresh_case: expected its opening once, found it ${found} times`);
  return definition.replace(pattern, () => to);
};

const REFRESH = 'ap_measures_refresh_case(uuid, uuid)';

/**
 * `ap_measures_refresh_case` serialises on the case's row in `ap_cases` instead of a
 * transaction-level advisory lock on the case (7 December 2026). Advisory locks live in the
 * server's shared lock table (`max_locks_per_transaction` × `max_connections` entries, about 6,400
 * with PostgreSQL's defaults, for every transaction at once), so one transaction that refreshed
 * more cases than that (a bulk seed, a bulk update, retention anonymising a large LA's closed
 * cases) failed with "out of shared memory", and a smaller one took slots other transactions
 * needed. A row lock is kept in the row itself (its `xmax`), not in the lock table: a transaction
 * may hold any number; only a transaction waiting for one takes a lock-table entry while it waits.
 *
 * The guarantee is the one migration 1766000500000 gives: a second transaction touching the same
 * case waits until the first commits, then (READ COMMITTED: each statement of the function sees
 * what committed before it) reads the first's rows and facts, so it takes away exactly what the
 * first added and no delta is lost or counted twice; refreshers take cases in (tenant, case)
 * order, so they never wait on each other in opposite orders.
 *
 * - **The case is there**: `SELECT … FOR NO KEY UPDATE` on its row. Two refreshers of a case
 *   conflict (the second waits for the first to end), and so do the writers of the case row: an
 *   UPDATE takes the same lock (FOR UPDATE for a key change) and a DELETE takes FOR UPDATE. The
 *   product's writers of a case lock it first (`case-transitions.service.ts`: `FOR UPDATE`;
 *   retention: `ORDER BY id FOR UPDATE`, the refreshers' order), so their refreshes take no lock
 *   they do not hold. The foreign-key checks of rows inserted under the case (events,
 *   placements) take FOR KEY SHARE, which does not conflict with FOR NO KEY UPDATE: those inserts
 *   go ahead and their statements wait at their refresh, as they did. The lock needs UPDATE on
 *   `ap_cases` (the app role has it) and passes the same RLS policies as reading the case; a case
 *   behind the caller's walls is as if not there, and so are its facts (the same tenant and LA).
 * - **The case is not there** (deleted by this transaction, or by one that committed while this
 *   one waited for the row: after the wait READ COMMITTED finds no row): no lock on `ap_cases` is
 *   taken, so the facts row is the lock. `DELETE … RETURNING` takes its row lock and answers the
 *   contribution to take away; a second transaction doing the same waits for it, then finds the
 *   row gone and takes away nothing. A case deleted by this transaction is also held by that
 *   deletion (FOR UPDATE strength, until commit), so no other refresher of it runs meanwhile; one
 *   deleted by a committed transaction had its facts taken away by that transaction's refresh.
 *   Cascaded deletes (none of the AP foreign keys cascade today) would refresh through their own
 *   statements' triggers, the case row already gone: this path. It returns at once: a case not
 *   there has no contribution to add.
 *
 * One lock now serves both the case row and its refresh. A transaction that updated the case row
 * and then waited for the refresh lock held by another that went on to update the case deadlocked
 * under the advisory lock; it now waits for the row alone. The other way round, a statement that
 * locks several case rows in the order it finds them (an UPDATE or DELETE of several cases, a
 * DELETE's foreign-key checks) can now meet a refresher of the same cases in the opposite order,
 * where before it waited at its own refresh: PostgreSQL ends one with a deadlock error (40P01,
 * answered 409 "try again"). Lock such cases first in id order, as retention does; the product
 * deletes no case.
 */
export class ApMeasuresCaseRowLock1766180000000 implements MigrationInterface {
  name = 'ApMeasuresCaseRowLock1766180000000';

  async up(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, REFRESH, swap(ADVISORY, ROW_LOCK));
  }

  async down(q: QueryRunner): Promise<void> {
    await rewriteFunction(q, REFRESH, swap(ROW_LOCK, ADVISORY));
  }
}
