import { Injectable, OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { discoverProviders } from '@rep-hub/platform';
import { POLICY, PolicyMetadata } from '../http/decorators';
import { AbilityContribution, CORE_SUBJECTS } from './abilities';

const ABILITY_RULES = 'rephub:ability-rules';

/** Marks a provider as a domain module's ability rules (an AbilityContribution), found at boot. */
export const AbilityRules = () => SetMetadata(ABILITY_RULES, true);

export class AbilityRegistryError extends Error {
  constructor(problems: string[]) {
    super(`Ability rules are wrong: ${problems.join('; ')}`);
    this.name = 'AbilityRegistryError';
  }
}

/**
 * The ability rules every domain module brings, collected from the providers of the modules an app
 * imports. Checked at start: a subject claimed twice (by two modules, or by a module and the core)
 * or a route whose policy names a subject nobody registered stops the app with one line.
 */
@Injectable()
export class AbilityRegistry implements OnApplicationBootstrap {
  private found?: AbilityContribution[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  contributions(): readonly AbilityContribution[] {
    this.found ??= this.collect();
    return this.found;
  }

  /** Every subject: the core's and each module's. */
  subjects(): Set<string> {
    return new Set<string>([...CORE_SUBJECTS, ...this.contributions().flatMap((c) => c.subjects)]);
  }

  onApplicationBootstrap(): void {
    this.validate();
  }

  validate(): void {
    const problems: string[] = [];
    const owner = new Map<string, string>(CORE_SUBJECTS.map((s) => [s, 'the core']));
    for (const c of this.contributions()) {
      for (const s of c.subjects) {
        const other = owner.get(s);
        if (other) problems.push(`subject "${s}" of ${c.module} is already ${other}'s`);
        else owner.set(s, c.module);
      }
    }
    for (const { route, subject } of this.policies()) {
      if (subject !== 'Session' && !owner.has(subject))
        problems.push(`${route} needs "${subject}", a subject no module registers`);
    }
    if (problems.length) throw new AbilityRegistryError(problems);
  }

  private collect(): AbilityContribution[] {
    return discoverProviders<AbilityContribution>(this.discovery, ABILITY_RULES);
  }

  /** The policy of every route handler of the app's controllers. */
  private policies(): { route: string; subject: string }[] {
    const out: { route: string; subject: string }[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance) continue;
      const proto = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const policy = Reflect.getMetadata(POLICY, proto[name] as object) as PolicyMetadata | undefined;
        if (policy) out.push({ route: `${wrapper.name}.${name}`, subject: policy.subject });
      }
    }
    return out;
  }
}
