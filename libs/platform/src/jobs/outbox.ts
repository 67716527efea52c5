import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NIL_TENANT } from '../database/rls';
import { UnitOfWork } from '../database/unit-of-work';
import { JobEnvelope, RETRY_UNIT_MS } from './job-definition';

/** A `job_outbox` row's job columns, as the database returns them. */
export interface OutboxRow {
  id: string;
  tenant_id: string;
  job_name: string;
  idempotency_key: string;
  actor_id: string | null;
  correlation_id: string | null;
  payload: JobEnvelope['payload'];
  attempts: number;
}

export const toEnvelope = (r: OutboxRow): JobEnvelope => ({
  v: 1,
  name: r.job_name,
  tenantId: r.tenant_id,
  actorId: r.actor_id,
  correlationId: r.correlation_id,
  idempotencyKey: r.idempotency_key,
  outboxId: r.id,
  payload: r.payload,
});

/**
 * How long an in-process job waits before its next attempt after `attempts` failed ones: 2, 4,
 * 8... units (RETRY_UNIT_MS each), at most an hour's worth.
 */
export const retryDelayMs = (attempts: number, unitMs = RETRY_UNIT_MS): number =>
  Math.min(2 ** attempts, 3600) * unitMs;

/**
 * Reads and updates the outbox, one tenant per unit of work (work that crosses tenants iterates
 * them). The platform index `job_outbox_pending` says which tenants have pending rows.
 */
@Injectable()
export class OutboxStore {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Tenants with pending jobs, from the index; with `sweep`, every tenant (a safety net). `since`
   * is the index row's mark as text, exact to the microsecond: a JavaScript Date keeps
   * milliseconds only and would never match it again in `settle`.
   */
  async tenants(sweep = false): Promise<{ tenantId: string; since: string | null }[]> {
    return this.uow.forPlatform(null, async (m) => {
      if (sweep) {
        const rows = (await m.query(`SELECT id FROM tenants`)) as { id: string }[];
        return [{ tenantId: NIL_TENANT, since: null }, ...rows.map((r) => ({ tenantId: r.id, since: null }))];
      }
      const rows = (await m.query(
        `SELECT tenant_id, since::text AS since FROM job_outbox_pending ORDER BY job_outbox_pending.since`,
      )) as { tenant_id: string; since: string }[];
      return rows.map((r) => ({ tenantId: r.tenant_id, since: r.since }));
    });
  }

  /** In one unit of work of the tenant: locks due pending rows (skipping rows another relay holds). */
  withDue<T>(
    tenantId: string,
    limit: number,
    fn: (rows: JobEnvelope[], m: EntityManager, attempts: Map<string, number>) => Promise<T>,
  ): Promise<T> {
    return this.uow.forTenant({ tenantId }, async (m) => {
      const rows = (await m.query(
        `SELECT id, tenant_id, job_name, idempotency_key, actor_id, correlation_id, payload, attempts FROM job_outbox
          WHERE tenant_id = $1 AND status = 'pending' AND next_attempt_at <= clock_timestamp()
          ORDER BY created_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [tenantId, limit],
      )) as OutboxRow[];
      return fn(rows.map(toEnvelope), m, new Map(rows.map((r) => [r.id, r.attempts])));
    });
  }

  /** Drops the tenant from the index when nothing is pending, unless a newer row marked it meanwhile. */
  async settle(tenantId: string, since: string | null): Promise<void> {
    const left = await this.uow.forTenant({ tenantId }, async (m) => {
      const [{ n }] = (await m.query(
        `SELECT count(*)::int AS n FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`,
        [tenantId],
      )) as { n: number }[];
      return Number(n);
    });
    if (left === 0 && since) {
      await this.uow.forPlatform(null, (m) =>
        m.query(`DELETE FROM job_outbox_pending WHERE tenant_id = $1 AND since = $2::timestamptz`, [tenantId, since]),
      );
    }
  }

  /**
   * Puts a failed in-process job back with exponential back-off (`retryDelayMs`, in units of
   * `unitMs`), or keeps it as failed.
   */
  async retryOrFail(
    envelope: JobEnvelope,
    attempts: number,
    maxAttempts: number,
    error: string,
    unitMs: number,
  ): Promise<'retry' | 'failed'> {
    const failed = attempts >= maxAttempts;
    await this.uow.forTenant({ tenantId: envelope.tenantId }, (m) =>
      m.query(
        `UPDATE job_outbox SET status = $3, last_error = $4, finished_at = CASE WHEN $3 = 'failed' THEN clock_timestamp() END,
                next_attempt_at = clock_timestamp() + make_interval(secs => $5)
          WHERE tenant_id = $1 AND id = $2`,
        [
          envelope.tenantId,
          envelope.outboxId,
          failed ? 'failed' : 'pending',
          error,
          retryDelayMs(attempts, unitMs) / 1000,
        ],
      ),
    );
    return failed ? 'failed' : 'retry';
  }

  /**
   * Rows relayed more than `afterMs` ago and still not done go back to pending, so the relay adds
   * them to BullMQ again: the outbox, not Redis, is the record of work to do. Redis that came back
   * empty has lost them; a job still waiting or running keeps its BullMQ id, so adding it again is
   * one job. Returns how many rows went back.
   */
  async relayAgainStuck(afterMs: number): Promise<number> {
    let n = 0;
    for (const { tenantId } of await this.tenants(true)) {
      const res = (await this.uow.forTenant({ tenantId }, (m) =>
        m.query(
          `UPDATE job_outbox SET status = 'pending', next_attempt_at = clock_timestamp(), last_error = 'RelayedAgain'
            WHERE tenant_id = $1 AND status = 'relayed' AND relayed_at < clock_timestamp() - make_interval(secs => $2)`,
          [tenantId, afterMs / 1000],
        ),
      )) as [unknown, number];
      n += Number(res?.[1] ?? 0);
    }
    return n;
  }

  /** Rows relayed more than `afterMs` ago and not done, per queue: what Redis may have lost. */
  async stuck(afterMs: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const { tenantId } of await this.tenants(true)) {
      const rows = (await this.uow.forTenant({ tenantId }, (m) =>
        m.query(
          `SELECT queue, count(*)::int AS n FROM job_outbox
            WHERE tenant_id = $1 AND status = 'relayed' AND relayed_at < clock_timestamp() - make_interval(secs => $2) GROUP BY queue`,
          [tenantId, afterMs / 1000],
        ),
      )) as { queue: string; n: number }[];
      for (const r of rows) out.set(r.queue, (out.get(r.queue) ?? 0) + Number(r.n));
    }
    return out;
  }

  /** At start of the in-process runner: jobs that were running when the process died run again. */
  async recoverInterrupted(): Promise<void> {
    for (const { tenantId } of await this.tenants(true)) {
      await this.uow.forTenant({ tenantId }, (m) =>
        m.query(
          `UPDATE job_outbox SET status = 'pending' WHERE tenant_id = $1 AND status = 'relayed' AND relayed_at IS NOT NULL`,
          [tenantId],
        ),
      );
    }
  }
}
