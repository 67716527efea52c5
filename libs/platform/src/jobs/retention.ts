import { Injectable, Logger, OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { UnitOfWork } from '../database/unit-of-work';
import { discoverProviders } from '../discovery';
import { schoolToday } from '../time/school-day';
import { defineJob, defineSchedule } from './job-definition';
import { HandlesJob, JobHandler } from './job-handler';

/** What one contributor's run removed or anonymised: a kind of record and how many. */
export interface RetentionCount {
  /** The kind of record and what was done to it, for the log ("attendance deleted"). */
  what: string;
  count: number;
}

/**
 * A module's (or the core's) retention: it purges its own expired personal data, audits what it
 * did as it always has (one event per LA and record type, say), and says how many records each
 * kind it changed. Idempotent: the job may run twice a night, and a second run changes nothing.
 * A contributor has either part or both: data of no partnership (platform tables), or one
 * partnership's, which the job calls once per partnership (each call opens its own units of work).
 */
export interface RetentionContributor {
  /** The module, for the log and messages ("the core" for the core's). */
  readonly module: string;
  purgePlatform?(today: string): Promise<RetentionCount[]>;
  purgeTenant?(tenantId: string, today: string): Promise<RetentionCount[]>;
}

const RETENTION_CONTRIBUTOR = 'rephub:retention-contributor';

/** Marks a provider as a module's retention (a RetentionContributor), run by the one nightly retention job. */
export const ContributesRetention = () => SetMetadata(RETENTION_CONTRIBUTOR, true);

export class RetentionRegistryError extends Error {
  constructor(problems: string[]) {
    super(`Retention is wrong: ${problems.join('; ')}`);
    this.name = 'RetentionRegistryError';
  }
}

/** What the nightly run did: one entry per contributor and partnership (null: platform data) that changed anything. */
export interface RetentionRun {
  module: string;
  tenantId: string | null;
  counts: RetentionCount[];
}

/**
 * Every retention contributor of the app's modules, found when the app starts and checked there
 * (a module with two, or one that purges nothing, stops the app with one line), and the run of
 * them all: platform data first, then each partnership in turn.
 */
@Injectable()
export class RetentionRegistry implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');
  private found?: RetentionContributor[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly uow: UnitOfWork,
  ) {}

  onApplicationBootstrap(): void {
    this.validate();
  }

  contributors(): readonly RetentionContributor[] {
    this.found ??= discoverProviders<RetentionContributor>(this.discovery, RETENTION_CONTRIBUTOR);
    return this.found;
  }

  validate(): void {
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const c of this.contributors()) {
      if (seen.has(c.module)) problems.push(`${c.module} has two retention contributors`);
      seen.add(c.module);
      if (typeof c.purgePlatform !== 'function' && typeof c.purgeTenant !== 'function')
        problems.push(`the retention contributor of ${c.module} purges nothing (no purgePlatform or purgeTenant)`);
    }
    if (problems.length) throw new RetentionRegistryError(problems);
  }

  /** Runs every contributor as of `today` (the school day's date in England); logs and returns what changed. */
  async run(today: string = schoolToday()): Promise<RetentionRun[]> {
    const out: RetentionRun[] = [];
    const note = (module: string, tenantId: string | null, counts: RetentionCount[]) => {
      const changed = counts.reduce((n, c) => n + c.count, 0);
      if (!changed) return;
      out.push({ module, tenantId, counts: counts.filter((c) => c.count > 0) });
      this.logger.log({ job: RETENTION_JOB.name, module, tenantId, changed }, 'Retention applied');
    };
    for (const c of this.contributors()) if (c.purgePlatform) note(c.module, null, await c.purgePlatform(today));
    const tenants = (await this.uow.forPlatform(null, (m) => m.query(`SELECT id FROM tenants ORDER BY id`))) as {
      id: string;
    }[];
    for (const { id } of tenants) {
      for (const c of this.contributors()) if (c.purgeTenant) note(c.module, id, await c.purgeTenant(id, today));
    }
    return out;
  }
}

/**
 * Nightly at 03:00 (UK time): every registered retention contributor, the core's (ended sessions,
 * used links) and each module's (AP's records past each LA's rules), as of that day.
 */
export const RETENTION_JOB = defineJob('maintenance.retention', 'maintenance', { attempts: 3 });
export const RETENTION_SCHEDULE = defineSchedule({
  id: 'retention-nightly',
  job: RETENTION_JOB,
  everyMs: 24 * 3600 * 1000,
  pattern: '0 3 * * *',
});

@Injectable()
@HandlesJob(RETENTION_JOB)
export class RetentionHandler implements JobHandler {
  constructor(private readonly registry: RetentionRegistry) {}

  async handle(): Promise<void> {
    await this.registry.run(schoolToday());
  }
}
