import type { MigrationInterface } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

/** A migration's class name ends with its timestamp: `WebSessions1764330000000`. */
const TIMESTAMP = /(\d{13})$/;

export class MigrationListError extends Error {
  constructor(problems: string[]) {
    super(`Migrations are wrong: ${problems.join('; ')}`);
    this.name = 'MigrationListError';
  }
}

interface ModuleMigrations {
  dir: string;
  migrations: readonly MigrationClass[];
}

const registered = new Map<string, ModuleMigrations>();
let core: ModuleMigrations = { dir: __dirname, migrations: [] };

/** The platform's own migrations (its index calls this once). */
export function registerCoreMigrations(migrations: readonly MigrationClass[]): void {
  core = { dir: __dirname, migrations };
}

/**
 * A domain module's migrations, kept beside the module (`dir`), registered when its migrations
 * entry is imported (`@rep-hub/<module>/migrations`; the apps' roots import every module's). The
 * same module registering the same list again changes nothing; another list for it is refused.
 */
export function registerMigrations(module: string, dir: string, migrations: readonly MigrationClass[]): void {
  const before = registered.get(module);
  if (
    before &&
    (before.migrations.length !== migrations.length || before.migrations.some((m, i) => m !== migrations[i]))
  ) {
    throw new MigrationListError([`${module} registered two different lists of migrations`]);
  }
  registered.set(module, { dir, migrations });
}

/** Where every registered migration's source lives (the test template is named by a hash of them). */
export function migrationDirs(): string[] {
  return [core.dir, ...[...registered.values()].map((m) => m.dir)];
}

/** The modules whose migrations are registered, besides the platform's. */
export function migrationModules(): string[] {
  return [...registered.keys()].sort();
}

export const timestampOf = (m: { name: string }): number => Number(TIMESTAMP.exec(m.name)?.[1] ?? NaN);

/**
 * Every migration, the platform's and each registered module's, in one global order by
 * timestamp. A class not named `<Name><13-digit timestamp>`, or two with one timestamp, is refused.
 */
export function allMigrations(): MigrationClass[] {
  const problems: string[] = [];
  const all = [...core.migrations, ...[...registered.values()].flatMap((m) => m.migrations)];
  const seen = new Map<number, string>();
  for (const m of all) {
    const t = timestampOf(m);
    if (Number.isNaN(t)) problems.push(`${m.name} does not end with a 13-digit timestamp`);
    else if (seen.has(t)) problems.push(`${m.name} and ${seen.get(t)} share the timestamp ${t}`);
    else seen.set(t, m.name);
  }
  if (problems.length) throw new MigrationListError(problems);
  return [...all].sort((a, b) => timestampOf(a) - timestampOf(b));
}
