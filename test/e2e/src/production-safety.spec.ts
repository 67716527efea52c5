import { ROOT, startApp, workerDatabase } from '@rep-hub/platform/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * What production refuses: the demo seed (16 accounts with the published password), running
 * without GOV.UK Notify unless ALLOW_NO_EMAIL=true says so; and docker-compose.yml ships no
 * secret or password of its own and serves api and web on one origin.
 */
describe('production safety', () => {
  const secrets = { APP_SECRET: 'a'.repeat(40), AUDIT_SIGNING_KEY: 'b'.repeat(40) };

  it('refuses npm run db:seed with NODE_ENV=production, creating nobody', async () => {
    const db = await workerDatabase();
    const c = new Client({ connectionString: db.adminUrl });
    await c.connect();
    try {
      // this Jest worker's database is shared with other files (one may have seeded it): count, then compare
      const users = async () => (await c.query(`SELECT count(*)::int AS n FROM users`)).rows[0].n as number;
      const before = await users();
      const seed = startApp('apps/server/src/seed.ts', {
        NODE_ENV: 'production',
        APP_DATABASE_URL: db.appUrl,
        ALLOW_NO_EMAIL: 'true',
        ...secrets,
      });
      expect(await seed.exited).toBe(78);
      expect(seed.output().trim()).toBe(
        'Configuration error: NODE_ENV is production: npm run db:seed creates demo accounts with a published password, and refuses to run there',
      );
      expect(await users()).toBe(before);
    } finally {
      await c.end();
    }
  });

  it('refuses to start in production without NOTIFY_API_KEY, in one line', async () => {
    const db = await workerDatabase();
    const api = startApp('apps/api/src/main.ts', { NODE_ENV: 'production', APP_DATABASE_URL: db.appUrl, ...secrets });
    expect(await api.exited).toBe(78);
    expect(api.output().trim()).toBe(
      'Configuration error: NOTIFY_API_KEY is required with NODE_ENV=production (or set ALLOW_NO_EMAIL=true to run without sending email)',
    );
  });

  it('ships docker-compose.yml with no fallback secret or password, and one origin for api and web', () => {
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    for (const name of [
      'APP_SECRET',
      'AUDIT_SIGNING_KEY',
      'POSTGRES_PASSWORD',
      'APP_DATABASE_PASSWORD',
      'BOARD_DATABASE_PASSWORD',
    ]) {
      expect(compose).toContain(`\${${name}:?`); // Compose refuses to start without it
      expect(compose).not.toContain(`\${${name}:-`); // never a public fallback
    }
    expect(compose).not.toMatch(/change-me|POSTGRES_PASSWORD: postgres|:postgres@/);
    // api and web publish no port of their own: the proxy is the one origin
    const service = (name: string) => compose.split(/\n {2}(?=[a-z]+:\n)/).find((b) => b.startsWith(`${name}:`)) ?? '';
    expect(service('api')).not.toMatch(/\n {4}ports:/);
    expect(service('web')).not.toMatch(/\n {4}ports:/);
    expect(service('proxy')).toContain('deploy/nginx.conf');
    const nginx = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8');
    expect(nginx).toMatch(/location \/api\/ \{\s*proxy_pass http:\/\/api:3000;/);
    expect(nginx).toMatch(/location \/ \{\s*proxy_pass http:\/\/web:3000;/);
    expect(nginx).toContain('proxy_set_header X-Forwarded-For $remote_addr;'); // overwritten, never appended
    expect(readFileSync(join(ROOT, '.env.example'), 'utf8')).toMatch(/^APP_SECRET=$/m);
  });
});
