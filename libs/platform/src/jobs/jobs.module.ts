import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullQueues } from './bull-queues';
import { JobKicker } from './job-kicker';
import { JobMetrics } from './job-metrics';
import {
  DEFAULT_IN_PROCESS_TIMING,
  IN_PROCESS_TIMING,
  InProcessJobRunner,
  InProcessTiming,
  QueueWorkerHost,
} from './job-processing';
import { JobQueue } from './job-queue.service';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';
import { OutboxRetentionHandler, ProbeJobHandler } from './maintenance.jobs';
import { OutboxStore } from './outbox';
import { QueueHealth } from './queue-health.service';
import { RetentionHandler, RetentionRegistry } from './retention';

/**
 * - `producer` (api, web): enqueue through the outbox; queue health.
 * - `worker` (worker, or the server with REDIS_URL): relay to BullMQ, process, keep schedules.
 * - `embedded` (no REDIS_URL): process in this process from the outbox, one at a time.
 */
export type JobsRole = 'producer' | 'worker' | 'embedded';

const SHARED: Provider[] = [
  JobQueue,
  JobKicker,
  JobRegistry,
  JobRunner,
  OutboxStore,
  BullQueues,
  QueueHealth,
  JobMetrics,
  ProbeJobHandler,
  OutboxRetentionHandler,
  RetentionRegistry,
  RetentionHandler,
];

@Global()
@Module({})
export class JobsModule {
  /** `timing`: the in-process runner's (embedded), for its own tests only; the apps keep the defaults. */
  static forRoot(role: JobsRole, timing: Partial<InProcessTiming> = {}): DynamicModule {
    const runners: Provider[] = role === 'worker' ? [QueueWorkerHost] : role === 'embedded' ? [InProcessJobRunner] : [];
    const settings: Provider[] =
      role === 'embedded'
        ? [{ provide: IN_PROCESS_TIMING, useValue: { ...DEFAULT_IN_PROCESS_TIMING, ...timing } }]
        : [];
    return {
      module: JobsModule,
      imports: [DiscoveryModule],
      providers: [...SHARED, ...runners, ...settings],
      exports: [
        JobQueue,
        JobKicker,
        JobRegistry,
        JobRunner,
        OutboxStore,
        BullQueues,
        QueueHealth,
        JobMetrics,
        RetentionRegistry,
        ...runners,
      ],
    };
  }
}
