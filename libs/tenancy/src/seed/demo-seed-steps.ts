import { Injectable, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders } from '@rep-hub/platform';

const DEMO_SEED_STEP = 'rephub:demo-seed-step';

/** Marks a provider as a domain module's demo seed step (a DemoSeedStep), run after the core's demo partnerships. */
export const SeedsDemo = () => SetMetadata(DEMO_SEED_STEP, true);

/**
 * A module's demo data, added to the demo partnerships once they exist. It must be idempotent
 * (a second start, or `npm run db:seed` again, adds nothing twice).
 */
export interface DemoSeedStep {
  readonly module: string;
  seed(): Promise<unknown>;
}

/** The demo seed steps of the modules an app (or the seed command) is built with, in the order their modules were imported. */
@Injectable()
export class DemoSeedSteps {
  constructor(private readonly discovery: DiscoveryService) {}

  all(): DemoSeedStep[] {
    const out = discoverProviders<DemoSeedStep>(this.discovery, DEMO_SEED_STEP);
    const modules = out.map((s) => s.module);
    const twice = modules.find((m, i) => modules.indexOf(m) !== i);
    if (twice) throw new Error(`Demo seed steps are wrong: ${twice} has two`);
    return out;
  }
}
