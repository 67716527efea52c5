import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * A domain module's names: its tables (`ap_…`), types (`Ap…`), routes and templates (`/ap/`,
 * `'ap/…'`), its package and the principal's AP field. The organisation kind `ap_provider` and
 * the role `ap_provider_staff` are core vocabulary (every module may use them).
 */
const DOMAIN = /\bap_(?!provider\b|provider_staff\b)[a-z]|\bAp[A-Z][a-zA-Z]+|\/ap\/|apProvider|alternative-provision|'ap\//;

/** The core: libs that know no domain, the web and API kits among them (their specs and testing helpers too). */
const CORE = ['libs/platform/src', 'libs/tenancy/src', 'libs/auth/src', 'libs/audit/src', 'libs/contracts/src', 'libs/disclosure/src', 'libs/web-surface/src', 'libs/api-surface/src'];

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => files(join(path, name)));
}

describe('the core names no domain', () => {
  const scanned = CORE.flatMap(files).filter((f) => /\.(ts|njk)$/.test(f));
  const naming = scanned.filter((f) => DOMAIN.test(readFileSync(join(ROOT, f), 'utf8'))).map((f) => relative('.', f));

  it('finds no domain name in the core', () => {
    expect(scanned.length).toBeGreaterThan(100);
    expect(naming).toEqual([]);
  });
});
