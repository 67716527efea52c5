import type { INestApplicationContext } from '@nestjs/common';
import { JobContext, NIL_TENANT, UnitOfWork } from '@rep-hub/platform';
import type { EntityManager } from 'typeorm';
import { BUILD_BOARD_PACK_JOB, BuildBoardPackHandler } from '../board-pack.job';

/**
 * Runs the pack builds queued in the platform outbox (as the in-process runner or a worker would:
 * a platform job, no tenant), marks them done, and says which packs they built. For suites whose
 * app runs no jobs (the API's producer app).
 */
export async function runBoardPackJobs(app: INestApplicationContext): Promise<string[]> {
  const uow = app.get(UnitOfWork);
  const jobs = (await uow.forPlatform(null, (m) =>
    m.query(
      `SELECT id, job_name, idempotency_key, payload FROM job_outbox
        WHERE tenant_id = $1 AND job_name = $2 AND status = 'pending' ORDER BY created_at`,
      [NIL_TENANT, BUILD_BOARD_PACK_JOB.name],
    ),
  )) as { id: string; job_name: string; idempotency_key: string; payload: { packId: string } }[];
  for (const job of jobs) {
    const ctx = {
      envelope: {
        v: 1,
        tenantId: NIL_TENANT,
        actorId: null,
        correlationId: null,
        name: job.job_name,
        outboxId: job.id,
        idempotencyKey: job.idempotency_key,
        payload: job.payload,
      },
      attempt: 1,
      work: <T>(fn: (m: EntityManager) => Promise<T>) => uow.forPlatform(null, fn),
    } as JobContext;
    await app.get(BuildBoardPackHandler).handle(ctx, job.payload);
    await uow.forPlatform(null, (m) =>
      m.query(`UPDATE job_outbox SET status = 'done', finished_at = now() WHERE tenant_id = $1 AND id = $2`, [
        NIL_TENANT,
        job.id,
      ]),
    );
  }
  return jobs.map((j) => j.payload.packId);
}
