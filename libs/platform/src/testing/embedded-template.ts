import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openEmbeddedDatabase } from '../database/embedded';
import { ROOT } from './processes';
import { migrationsHash, testServerUrl } from './test-database';

/**
 * Embedded (PGlite) data folders for tests, as the PostgreSQL template database is for server
 * mode: applying every migration to a new PGlite costs about 10 s of CPU, so it is done once per
 * migration set (and PGlite version) into a template folder under the system's temporary
 * directory, and each test gets a copy. Opening a copy runs the same code as any later start of
 * the embedded app (openEmbeddedDatabase: the migrations, all applied already, and the roles'
 * grants). The first start of an empty folder keeps its own test (test/e2e/src/embedded.spec.ts).
 */
export function embeddedTemplateKey(): string {
  const hash = createHash('sha256').update(migrationsHash());
  hash.update(readFileSync(join(__dirname, '..', 'database', 'embedded.ts')));
  hash.update(readFileSync(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  return hash.digest('hex').slice(0, 12);
}

/** The template folder, built on first use (one builder at a time across workers: a PostgreSQL advisory lock). */
export async function ensureEmbeddedTemplate(): Promise<string> {
  const template = join(tmpdir(), `rephub-pglite-tpl-${embeddedTemplateKey()}`);
  if (existsSync(join(template, 'data'))) return template;
  const client = new Client({ connectionString: testServerUrl().toString() });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('rephub_test_pglite_template'))`);
    try {
      if (existsSync(join(template, 'data'))) return template;
      const building = mkdtempSync(`${template}-building-`);
      try {
        const { db } = await openEmbeddedDatabase(join(building, 'data'));
        await db.close();
        // whole or not at all: a folder named as the template is always complete
        renameSync(building, template);
      } finally {
        rmSync(building, { recursive: true, force: true });
      }
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('rephub_test_pglite_template'))`);
    }
  } finally {
    await client.end();
  }
  return template;
}

/**
 * A new embedded data folder with every migration applied (a copy of the template), for DATA_DIR
 * or openEmbeddedDatabase(). `remove()` deletes it and the folder made for it.
 */
export async function embeddedDataDir(prefix = 'rephub-pglite-'): Promise<{ dataDir: string; remove: () => void }> {
  const template = await ensureEmbeddedTemplate();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dataDir = join(dir, 'data');
  cpSync(join(template, 'data'), dataDir, { recursive: true });
  return { dataDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
