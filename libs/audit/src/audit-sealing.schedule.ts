import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import { AuditSealer, AuditSealError, errorClass } from './audit-sealer';

export const AUDIT_SEAL_INTERVAL_DEFAULT_MS = 5_000;

/** AUDIT_SEAL_INTERVAL_MS from the environment: a whole number of ms, 0 disables, 5000 by default. */
export function auditSealIntervalMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env['AUDIT_SEAL_INTERVAL_MS']?.trim();
  if (!raw) return AUDIT_SEAL_INTERVAL_DEFAULT_MS;
  if (!/^\d{1,9}$/.test(raw)) return AUDIT_SEAL_INTERVAL_DEFAULT_MS;
  return Number(raw);
}

/**
 * The in-process sealing schedule (embedded server and worker, until the background-jobs work
 * replaces it with a BullMQ repeatable job): sealAll() every AUDIT_SEAL_INTERVAL_MS, the next run
 * timed only after the previous one ends (never overlapping), on unref()ed timers so it never
 * keeps a process alive. Failures are logged by error class only, never by message.
 */
@Injectable()
export class AuditSealingSchedule implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealing');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;
  private intervalMs = 0;

  constructor(private readonly sealer: AuditSealer) {}

  get enabled(): boolean {
    return !this.stopped;
  }

  onApplicationBootstrap(): void {
    this.intervalMs = auditSealIntervalMs();
    if (this.intervalMs === 0) return;
    this.stopped = false;
    this.scheduleNext();
  }

  /** Stops before the database goes (module destroy runs before any shutdown hook). */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped || this.running) return;
    this.running = this.sealOnce().finally(() => {
      this.running = undefined;
      this.scheduleNext();
    });
  }

  private async sealOnce(): Promise<void> {
    try {
      const sealed = await this.sealer.sealAll();
      if (sealed > 0) this.logger.debug(`Sealed ${sealed} audit event(s)`);
    } catch (error) {
      const causes =
        error instanceof AuditSealError ? ` (${[...new Set(error.failures.map((f) => f.errorClass))].join(', ')})` : '';
      this.logger.error(`Audit sealing failed: ${errorClass(error)}${causes}`);
    }
  }
}
