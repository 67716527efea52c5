import { SetMetadata } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobDefinition, JobEnvelope, JobPayload } from './job-definition';

export const JOB_HANDLER = 'rephub:job-handler';

/** What a handler gets besides its payload. */
export interface JobContext {
  envelope: JobEnvelope;
  /** 1 on the first run; a retried or stalled job runs again, so handlers are idempotent. */
  attempt: number;
  /** One unit of work as the job's tenant and actor (platform work for the nil tenant). */
  work<T>(fn: (m: EntityManager) => Promise<T>): Promise<T>;
}

export interface JobHandler<P extends JobPayload = JobPayload> {
  handle(ctx: JobContext, payload: P): Promise<void>;
}

/** Marks a provider as the one handler of a job type; the registry finds it at start. */
export const HandlesJob = (job: JobDefinition) => SetMetadata(JOB_HANDLER, job.name);
