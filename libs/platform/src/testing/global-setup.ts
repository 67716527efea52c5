import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

/**
 * Jest global setup: names this run, and hashes the sources once for it (what the apps' OpenAPI
 * document cache is keyed by, see openapi-cache.ts). The template database is built by the first
 * worker that needs one (`workerDatabase()`, under an advisory lock), where every module's
 * migrations are registered (jest.modules.ts); this setup runs outside the test environment,
 * without them.
 */
export default async function globalSetup(): Promise<void> {
  process.env['REPHUB_TEST_RUN'] ??= randomUUID();
  // OPENAPI_CACHE_ENV of openapi-cache.ts (not imported: that would load Nest into Jest's own process)
  process.env['REPHUB_TEST_SOURCE_HASH'] = sourceHash();
}

/** A hash of every TypeScript file under apps/, libs/ and test/ (specs too: they may serve controllers of their own) and of the lockfile. */
function sourceHash(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (entry.name.endsWith('.ts')) files.push(path);
    }
  };
  for (const top of ['apps', 'libs', 'test']) walk(join(ROOT, top));
  const hash = createHash('sha256');
  for (const file of [...files.sort(), join(ROOT, 'package-lock.json')])
    hash.update(`\0${file.slice(ROOT.length)}\0`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 24);
}
