import { Global, Injectable, Module } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import {
  IndicatorDefinition,
  IndicatorPeriod,
  IndicatorPublisher,
  IndicatorValue,
  PublishesIndicators,
} from '@rep-hub/contracts';
import { JobContext, UnitOfWork } from '@rep-hub/platform';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AssembleReturnHandler } from '../return-assembly.service';
import { RETURN_PUBLISHER, ReturnPublisher } from '../return-publisher';
import { canonicalJson } from '../return-signoff.service';
import type { ReturnSnapshot } from '../return-snapshot.model';

/**
 * A module's indicator for the returns' suites: one count per LA the caller can see, and the
 * partnership's, read in the caller's own unit of work (so it fails without a principal, as the
 * modules' own do). The figure is the number of days in the period (checkable).
 */
@Injectable()
@PublishesIndicators()
export class FakeIndicators implements IndicatorPublisher {
  readonly module = 'testmod';
  constructor(private readonly auth: AuthContext) {}

  definitions(): readonly IndicatorDefinition[] {
    return [
      {
        code: 'testmod.widgets',
        name: 'Widgets issued',
        unit: 'count',
        numerator: 'Widgets issued in the period',
        denominator: null,
        direction: 'neither',
        levels: ['la', 'partnership'],
        queryVersion: 3,
      },
    ];
  }

  async compute(period: IndicatorPeriod): Promise<IndicatorValue[]> {
    const las = (await this.auth.inTenant((m) =>
      m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`, [this.auth.tenantId]),
    )) as { id: string }[];
    const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1;
    return [
      ...las.map((l) => ({ code: 'testmod.widgets', laId: l.id, numerator: days, denominator: null, value: days })),
      {
        code: 'testmod.widgets',
        laId: null,
        numerator: days * las.length,
        denominator: null,
        value: days * las.length,
      },
    ];
  }
}

/** A publisher that records what it was given, or fails when told to (to check the send rolls back). */
export class RecordingPublisher implements ReturnPublisher {
  calls: ReturnSnapshot[] = [];
  fail = false;
  async publish(m: EntityManager, snapshot: ReturnSnapshot): Promise<void> {
    await m.query(`SELECT 1`);
    if (this.fail) throw new Error('national schema unavailable');
    this.calls.push(snapshot);
  }
}

export const recordingPublisher = new RecordingPublisher();

/** What the returns' suites add to the app: the fake indicator and the recording publisher. */
@Global()
@Module({
  providers: [FakeIndicators, { provide: RETURN_PUBLISHER, useValue: recordingPublisher }],
  exports: [RETURN_PUBLISHER],
})
export class ReturnsTestingModule {}

/**
 * Runs the assembly jobs queued for a return (as the in-process runner or a worker would, with the
 * envelope's tenant and actor); how many ran.
 */
export async function runAssemblyJobs(app: INestApplication, tenantId: string, returnId: string): Promise<number> {
  const uow = app.get(UnitOfWork);
  const jobs = (await uow.forTenant({ tenantId }, (m) =>
    m.query(
      `SELECT id, job_name, actor_id, payload, idempotency_key FROM job_outbox
        WHERE tenant_id = $1 AND job_name = 'evaluation.assemble_return' AND status = 'pending' AND payload->>'returnId' = $2
        ORDER BY created_at`,
      [tenantId, returnId],
    ),
  )) as {
    id: string;
    job_name: string;
    actor_id: string | null;
    payload: { returnId: string };
    idempotency_key: string;
  }[];
  for (const job of jobs) {
    const ctx = {
      envelope: {
        tenantId,
        actorId: job.actor_id,
        name: job.job_name,
        outboxId: job.id,
        idempotencyKey: job.idempotency_key,
        payload: job.payload,
      },
      attempt: 1,
      work: <T>(fn: (m: EntityManager) => Promise<T>) => uow.forTenant({ tenantId, actorId: job.actor_id }, fn),
    } as unknown as JobContext;
    await app.get(AssembleReturnHandler).handle(ctx, job.payload);
    await uow.forTenant({ tenantId }, (m) =>
      m.query(`UPDATE job_outbox SET status = 'done', finished_at = now() WHERE tenant_id = $1 AND id = $2`, [
        tenantId,
        job.id,
      ]),
    );
  }
  return jobs.length;
}

/**
 * A sent return of the period written straight into the tables, with a snapshot of no figures
 * (the whole-product suites' fixture: its routes answer for it without the assembly and sign-offs).
 */
export async function insertSentReturn(app: INestApplication, tenantId: string, period: string): Promise<string> {
  return app.get(UnitOfWork).forTenant({ tenantId }, async (m) => {
    const [r] = (await m.query(
      `INSERT INTO evaluation_returns (tenant_id, period, status, narrative, assembled_at, lead_signed_off_at, sent_at)
       VALUES ($1, $2, 'sent', 'Fixture', now(), now(), now()) RETURNING id`,
      [tenantId, period],
    )) as { id: string }[];
    const snapshot = canonicalJson({ schema: 1, tenantId, returnId: r.id, period: { code: period }, figures: [] });
    await m.query(
      `INSERT INTO evaluation_return_snapshots (tenant_id, return_id, snapshot, sha256) VALUES ($1, $2, $3::jsonb, $4)`,
      [tenantId, r.id, snapshot, createHash('sha256').update(snapshot).digest('hex')],
    );
    return r.id;
  });
}

/**
 * Records (or fails, when told to) what the app's registered publisher is handed, whichever it is
 * (this module's recording one, or the national publication once registered): its `publish` is
 * replaced, as the send resolves it, until `restore()`.
 */
export function recordPublications(app: INestApplication): RecordingPublisher & { restore(): void } {
  const target = app.get<ReturnPublisher>(RETURN_PUBLISHER, { strict: false });
  const saved = target.publish;
  const recorder = Object.assign(new RecordingPublisher(), { restore: () => void (target.publish = saved) });
  target.publish = (m, snapshot) => recorder.publish(m, snapshot);
  return recorder;
}
