import { Injectable, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

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
    const out: DemoSeedStep[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (!type || !wrapper.instance || !Reflect.getMetadata(DEMO_SEED_STEP, type)) continue;
      if (!out.includes(wrapper.instance as DemoSeedStep)) out.push(wrapper.instance as DemoSeedStep);
    }
    const modules = out.map((s) => s.module);
    const twice = modules.find((m, i) => modules.indexOf(m) !== i);
    if (twice) throw new Error(`Demo seed steps are wrong: ${twice} has two`);
    return out;
  }
}
