import { Injectable, OnApplicationBootstrap, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders, UnitOfWork } from '@rep-hub/platform';

const PRINCIPAL_EXTENSION = 'rephub:principal-extension';

/** Marks a provider as a domain module's part of the principal (a PrincipalExtension), found at boot. */
export const ExtendsPrincipal = () => SetMetadata(PRINCIPAL_EXTENSION, true);

/**
 * A module's part of the principal. Its data comes from the SQL function the module registered in
 * `principal_extension_functions` (its migration), inside the one statement that resolves the
 * principal (`principal_context()`), and reaches the module as `principal.extensions[module]`.
 */
export interface PrincipalExtension {
  /** The module, as registered in `principal_extension_functions`. */
  readonly module: string;
  /** The LAs whose pupil rows the principal may see through this module (wall 2), from its part. */
  laIds(part: unknown): string[];
}

export class PrincipalExtensionError extends Error {
  constructor(problems: string[]) {
    super(`Principal extensions are wrong: ${problems.join('; ')}`);
    this.name = 'PrincipalExtensionError';
  }
}

/**
 * The principal extensions of the app's modules, checked at start against the database's
 * registered functions: a module extending the principal without its function (a migration not
 * run) stops the app with one line. A function whose module this app does not have adds only data
 * nobody reads (and no LA): an app with fewer modules sees less, never more.
 */
@Injectable()
export class PrincipalExtensions implements OnApplicationBootstrap {
  private found?: PrincipalExtension[];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly uow: UnitOfWork,
  ) {}

  all(): readonly PrincipalExtension[] {
    this.found ??= this.collect();
    return this.found;
  }

  async onApplicationBootstrap(): Promise<void> {
    const rows = await this.uow.statement<{ module: string }>(
      `SELECT module FROM principal_extension_functions ORDER BY module`,
      [],
    );
    this.validate(rows.map((r) => r.module));
  }

  validate(registeredInDatabase: readonly string[]): void {
    const problems: string[] = [];
    const modules = this.all().map((e) => e.module);
    for (const m of modules)
      if (!registeredInDatabase.includes(m))
        problems.push(`${m} extends the principal but the database has no function for it (run npm run db:migrate)`);
    if (new Set(modules).size !== modules.length) problems.push(`a module extends the principal twice`);
    if (problems.length) throw new PrincipalExtensionError(problems);
  }

  private collect(): PrincipalExtension[] {
    return discoverProviders<PrincipalExtension>(this.discovery, PRINCIPAL_EXTENSION);
  }
}
