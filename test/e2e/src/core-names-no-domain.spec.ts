import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * A domain module's names: its tables (`ap_…`), types (`Ap…`), routes and templates (`/ap/`,
 * `'ap/…'`), its package and the principal's AP field, its organisation kind and role
 * (`ap_provider`, `ap_provider_staff`, which AP declares).
 */
const DOMAIN = /\bap_[a-z]|\bAp[A-Z][a-zA-Z]+|\/ap\/|apProvider|alternative-provision|'ap\//;

/** The core: libs that know no domain, the web and API kits among them (their specs and testing helpers too). */
const CORE = [
  'libs/platform/src',
  'libs/tenancy/src',
  'libs/auth/src',
  'libs/audit/src',
  'libs/contracts/src',
  'libs/disclosure/src',
  'libs/web-surface/src',
  'libs/api-surface/src',
];

/**
 * Applied migrations are history and never change: the first one's CHECK listed every
 * organisation kind, the AP provider's among them, until the kinds became registrations (the
 * migration that replaced it names the kind it drops from the CHECK).
 */
const HISTORY = [
  'libs/platform/src/database/migrations/1764288000000-platform-foundation.ts',
  'libs/platform/src/database/migrations/1764410000000-registered-organisation-kinds.ts',
];

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => files(join(path, name)));
}

describe('the core names no domain', () => {
  const scanned = CORE.flatMap(files).filter((f) => /\.(ts|njk)$/.test(f) && !HISTORY.includes(f));
  const naming = scanned.filter((f) => DOMAIN.test(readFileSync(join(ROOT, f), 'utf8'))).map((f) => relative('.', f));

  it('finds no domain name in the core', () => {
    expect(scanned.length).toBeGreaterThan(100);
    expect(naming).toEqual([]);
  });
});
