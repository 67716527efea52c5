import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { JOB_QUEUES, JobDefinition, JobEnvelope, QueueName, RETRY_UNIT_MS } from './job-definition';

/** Jobs that completed are kept a day (so the same job id is not run twice); failed ones are kept. */
export const KEEP_COMPLETED_SECONDS = 24 * 3600;

/**
 * The BullMQ queues of this deployment (prefix QUEUE_PREFIX), on a connection that fails fast
 * when Redis is down: the relay then leaves the outbox rows pending and tries again later.
 */
@Injectable()
export class BullQueues implements OnApplicationShutdown {
  private readonly connection?: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.redisUrl) {
      this.connection = new Redis(config.redisUrl, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        connectTimeout: 2_000,
        lazyConnect: false,
      });
      this.connection.on('error', () => undefined);
    }
  }

  get enabled(): boolean {
    return this.connection !== undefined;
  }

  queue(name: QueueName): Queue {
    if (!this.connection) throw new Error('No Redis: jobs run in process');
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.config.queuePrefix });
      q.on('error', () => undefined);
      this.queues.set(name, q);
    }
    return q;
  }

  all(): { name: QueueName; queue: Queue }[] {
    return JOB_QUEUES.map((name) => ({ name, queue: this.queue(name) }));
  }

  /** Adds a job; its id is derived from the business key, so adding it twice is one job. */
  async add(def: JobDefinition, envelope: JobEnvelope): Promise<void> {
    const jobId = `${envelope.tenantId}:${envelope.idempotencyKey}`.replace(/:/g, '_');
    await withTimeout(
      this.queue(def.queue).add(def.name, envelope, {
        jobId,
        attempts: def.attempts,
        backoff: { type: 'exponential', delay: RETRY_UNIT_MS },
        removeOnComplete: { age: KEEP_COMPLETED_SECONDS },
        removeOnFail: false,
      }),
      5_000,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.connection?.disconnect();
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('Redis did not answer in time')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
