import { MigrationInterface } from 'typeorm';
import { workerDatabase } from '../../testing/test-database';
import { createDataSource } from '../data-source';
import { migrate } from '../migrate';
import { allMigrations, MigrationListError, migrationModules, registerMigrations } from './index';

class Garden1764000000123 implements MigrationInterface {
  name = 'Garden1764000000123';
  async up(): Promise<void> {
    /* nothing */
  }
  async down(): Promise<void> {
    /* nothing */
  }
}
class Shed1764290000000 implements MigrationInterface {
  name = 'Shed1764290000000';
  async up(): Promise<void> {
    /* nothing */
  }
  async down(): Promise<void> {
    /* nothing */
  }
}
class NoTimestamp implements MigrationInterface {
  name = 'NoTimestamp';
  async up(): Promise<void> {
    /* nothing */
  }
  async down(): Promise<void> {
    /* nothing */
  }
}

/** A fresh registry (its list is module state), holding what the test setup registered. */
function freshRegistry(): typeof import('./registry') {
  let registry: typeof import('./registry') | undefined;
  jest.isolateModules(() => {
    registry = jest.requireActual<typeof import('./registry')>('./registry');
    registry.registerCoreMigrations(
      jest.requireActual<{ MIGRATIONS: import('./registry').MigrationClass[] }>('./index').MIGRATIONS,
    );
  });
  return registry!;
}

describe('the migrations of the platform and the modules', () => {
  it('puts every registered module’s migrations into one order by timestamp', () => {
    // the test setup registers the modules' migrations as the apps do (jest.modules.ts)
    expect(migrationModules().length).toBeGreaterThan(0);
    const names = allMigrations().map((m) => m.name);
    expect(names.indexOf('PlatformFoundation1764288000000')).toBe(0);
    const stamps = names.map((n) => Number(n.slice(-13)));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const r = freshRegistry();
    r.registerMigrations('gardens', __dirname, [Shed1764290000000]);
    const withShed = r.allMigrations().map((m) => m.name);
    expect(withShed.indexOf('Shed1764290000000')).toBe(withShed.indexOf('IdentityAndAudit1764300000000') - 1);
    r.registerMigrations('gardens', __dirname, [Shed1764290000000]); // the same list again changes nothing
    expect(() => r.registerMigrations('gardens', __dirname, [])).toThrow(
      'gardens registered two different lists of migrations',
    );
  });

  it('refuses a migration with no timestamp, or two with one', () => {
    const r = freshRegistry();
    r.registerMigrations('bad-names', __dirname, [NoTimestamp]);
    expect(() => r.allMigrations()).toThrow('NoTimestamp does not end with a 13-digit timestamp');
    const twice = freshRegistry();
    twice.registerMigrations('twins', __dirname, [Shed1764290000000]);
    twice.registerMigrations('other-twins', __dirname, [Shed1764290000000]);
    expect(() => twice.allMigrations()).toThrow(
      'Shed1764290000000 and Shed1764290000000 share the timestamp 1764290000000',
    );
  });

  it('refuses to apply a migration older than the newest one already applied, and applies nothing', async () => {
    const db = await workerDatabase();
    registerMigrations('late', __dirname, [Garden1764000000123]);
    const ds = await createDataSource({ kind: 'postgres', url: db.adminUrl, poolSize: 1 }).initialize();
    try {
      const error = await migrate(ds).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationListError);
      const newest = allMigrations()
        .filter((m) => m.name !== 'Garden1764000000123')
        .at(-1)!.name;
      expect((error as Error).message).toBe(
        `Migrations are wrong: Garden1764000000123 is older than ${newest}, already applied: give it a newer timestamp`,
      );
      expect(
        await ds.query(`SELECT count(*)::int AS n FROM typeorm_migrations WHERE name = 'Garden1764000000123'`),
      ).toEqual([{ n: 0 }]);
    } finally {
      await ds.destroy();
    }
  });
});
