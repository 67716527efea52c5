import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { jobDefinition, jobDefinitions } from './job-definition';
import { JOB_HANDLER, JobHandler } from './job-handler';

export class JobRegistryError extends Error {
  constructor(problems: string[]) {
    super(`Job handlers are wrong: ${problems.join('; ')}`);
    this.name = 'JobRegistryError';
  }
}

/**
 * Every job type and its one handler. A process that runs jobs validates the registry at start:
 * a job type with no handler, a handler of an unknown job, or two handlers for one job stop it.
 */
@Injectable()
export class JobRegistry {
  private handlers?: Map<string, JobHandler>;

  constructor(private readonly discovery: DiscoveryService) {}

  validate(): void {
    this.handlers = this.collect(true);
  }

  handler(name: string): JobHandler | undefined {
    this.handlers ??= this.collect(false);
    return this.handlers.get(name);
  }

  private collect(strict: boolean): Map<string, JobHandler> {
    const found = new Map<string, JobHandler>();
    const problems: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
      if (!type || !wrapper.instance) continue;
      const name = Reflect.getMetadata(JOB_HANDLER, type) as string | undefined;
      if (!name) continue;
      if (!jobDefinition(name)) problems.push(`${type.name} handles an undefined job "${name}"`);
      if (found.has(name) && found.get(name) !== wrapper.instance) problems.push(`job "${name}" has two handlers`);
      found.set(name, wrapper.instance as JobHandler);
    }
    for (const def of jobDefinitions()) if (!found.has(def.name)) problems.push(`job "${def.name}" has no handler`);
    if (strict && problems.length) throw new JobRegistryError(problems);
    return found;
  }
}
