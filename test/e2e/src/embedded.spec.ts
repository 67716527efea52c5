import { PGlite } from '@electric-sql/pglite';
import { verifyPassword } from '@rep-hub/platform';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startApp, Started, waitForHttp } from '@rep-hub/platform/testing';

/** `npm start` with no PostgreSQL or Redis: PGlite in a data folder, demo seed, one port. */
describe('the embedded default', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rephub-embedded-'));
  const dataDir = join(dir, 'data');
  let port: number;
  let base: string;
  let app: Started;
  const admin = { ADMIN_EMAIL: 'first.admin@council.example', ADMIN_PASSWORD: 'first admin password' };

  beforeAll(async () => {
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = startApp('apps/server/src/main.ts', { PORT: String(port), DATA_DIR: dataDir, ...admin });
    // a first start creates the database (PGlite's initdb, about 6.5 s of CPU), migrates it (about
    // 2 s) and seeds the demo: on a loaded 2-core runner that has taken more than the helper’s
    // default minute, and more than 150 s at a load of 20 (the hook's own limit is above the wait's:
    // the e2e project's 90 s for a hook cut the wait short)
    await waitForHttp(`${base}/api/health`, app, 240_000);
  }, 270_000);
  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints where to go and the demo sign-ins', () => {
    expect(app.output()).toContain(`REP Hub is running at http://localhost:${port}`);
    expect(app.output()).toContain('Demo sign-ins (password for all: rephub-demo-2026)');
    expect(app.output()).toContain('nw.lead@demo.rephub.example');
    expect(app.output()).toContain('Demo data was created on this first start.');
  });

  it('serves the web app at / with the demo warning, without the GDS Transport font', async () => {
    const r = await fetch(`${base}/`);
    const html = await r.text();
    expect(r.status).toBe(200);
    expect(html).toContain('<h1 class="govuk-heading-xl">REP Hub</h1>');
    expect(html).toContain('do not enter real data');
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-/);
    const css = await (await fetch(`${base}/assets/application.css`)).text();
    expect(css).toContain('.govuk-header');
    expect(css).not.toContain('GDS Transport');
  });

  it('serves the API at /api with readiness and its OpenAPI document', async () => {
    const ready = await (await fetch(`${base}/api/health/ready`)).json();
    expect(ready).toEqual({
      status: 'ok',
      checks: { database: { status: 'up' }, redis: { status: 'not_configured' } },
    });
    const doc = (await (await fetch(`${base}/api/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/health/ready', '/api/v1/reference/upn-checks']),
    );
  });

  it('answers bad input with problem details naming the field', async () => {
    const r = await fetch(`${base}/api/v1/reference/upn-checks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ upn: 42, tenantId: 'x' }),
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    const body = (await r.json()) as { errors: { field: string }[] };
    expect([...new Set(body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['tenantId', 'upn']);
  });

  it('stops cleanly on SIGTERM, then keeps its data and never overwrites the admin across a restart', async () => {
    expect([0, 'SIGTERM']).toContain(await app.stop()); // graceful: shutdown hooks ran, then the signal
    const again = startApp('apps/server/src/main.ts', {
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_EMAIL: admin.ADMIN_EMAIL,
      ADMIN_PASSWORD: 'a different password now',
    });
    await waitForHttp(`${base}/api/health`, again, 150_000); // a restart passed 60 s at a load of 35
    expect(again.output()).toContain('Demo data was already there.');
    expect([0, 'SIGTERM']).toContain(await again.stop());

    const db = await PGlite.create({ dataDir });
    try {
      const tenants = await db.query<{ slug: string }>(`SELECT slug FROM tenants ORDER BY slug`);
      expect(tenants.rows.map((t) => t.slug)).toEqual(['demo-north-west', 'demo-south-east']);
      const admins = await db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE email = $1`, [
        admin.ADMIN_EMAIL,
      ]);
      expect(admins.rows).toHaveLength(1);
      expect(await verifyPassword(admins.rows[0].password_hash, admin.ADMIN_PASSWORD)).toBe(true);
      const las = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM organisations WHERE kind = 'local_authority'`,
      );
      expect(las.rows[0].n).toBe(4);
    } finally {
      await db.close();
    }
  }, 240_000);
});
