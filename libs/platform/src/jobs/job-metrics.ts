import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of job processing (served by the worker at /metrics). */
@Injectable()
export class JobMetrics {
  readonly registry = new Registry();
  private readonly processed = new Counter({
    name: 'rephub_jobs_processed_total',
    help: 'Jobs processed, by queue, job and outcome',
    labelNames: ['queue', 'job', 'outcome'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'rephub_job_duration_seconds',
    help: 'Time a job took',
    labelNames: ['queue', 'job'],
    buckets: [0.05, 0.1, 0.5, 1, 5, 30, 120],
    registers: [this.registry],
  });
  readonly depth = new Gauge({
    name: 'rephub_queue_jobs',
    help: 'Jobs in each queue by state',
    labelNames: ['queue', 'state'],
    registers: [this.registry],
  });

  readonly stuck = new Gauge({
    name: 'rephub_outbox_stuck_jobs',
    help: 'Outbox rows relayed longer than OUTBOX_RELAY_AGAIN_AFTER_MS ago and not done, by queue (they are relayed again)',
    labelNames: ['queue'],
    registers: [this.registry],
  });

  readonly redisUp = new Gauge({
    name: 'rephub_redis_up',
    help: '1 when Redis answers PING, 0 when not',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'rephub_worker_' });
  }

  done(queue: string, job: string, ms: number): void {
    this.processed.inc({ queue, job, outcome: 'done' });
    this.duration.observe({ queue, job }, ms / 1000);
  }

  failed(queue: string, job: string): void {
    this.processed.inc({ queue, job, outcome: 'failed' });
  }
}
