import { DemoSeeder } from '@rep-hub/tenancy';
import { workerDatabase } from '@rep-hub/platform/testing';
import { freePort, startApp, Started, waitForHttp } from '@rep-hub/platform/testing';

/**
 * Production topology from source: api, web and worker as separate processes on PostgreSQL and
 * Redis, the demo asked for with the seed command; then a scan of everything they logged.
 */
describe('api, web and worker as separate processes', () => {
  const started: Started[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    // a copy of the run's demo database: the migrated template with `npm run db:seed`
    // (apps/server/src/seed.ts) run on it as a process of its own, once per run (the browser
    // tests' servers start from it too), rather than another seed process for this file
    const db = await workerDatabase('servermode', { demo: true });
    env = { APP_DATABASE_URL: db.appUrl, REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379' };
  }, 180_000); // the first file of a run to ask for the demo makes it: a seed process, or waits for another worker's
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
  });

  const start = async (entry: string, extra: Record<string, string> = {}) => {
    const port = await freePort();
    const s = startApp(entry, { ...env, PORT: String(port), ...extra });
    started.push(s);
    return { s, base: `http://127.0.0.1:${port}` };
  };

  /** The api on the database and Redis: started once, for the first check and as one of the two sharing a limit. */
  let api: Promise<{ s: Started; base: string }> | undefined;
  const readyApi = () =>
    (api ??= start('apps/api/src/main.ts').then(async (a) => {
      await waitForHttp(`${a.base}/api/health`, a.s);
      return a;
    }));

  it('runs the api with the database and Redis ready', async () => {
    const { base } = await readyApi();
    const r = await fetch(`${base}/api/health/ready`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { checks: unknown }).checks).toEqual({
      database: { status: 'up' },
      redis: { status: 'up' },
    });
    // requests that carry personal data in a body and a query string
    await fetch(`${base}/api/v1/reference/upn-checks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"upn":"H801200001001"}',
    });
    await fetch(`${base}/api/v1/reference/code-lists/roles?email=nw.lead@demo.rephub.example`);
    await fetch(`${base}/api/v1/reference/code-lists/nope`);
  });

  it('holds the sign-in limit across two API processes through Redis', async () => {
    // the api above and a second one, on the same Redis
    const second = start('apps/api/src/main.ts');
    const one = await readyApi();
    const two = await second;
    await waitForHttp(`${two.base}/api/health`, two.s);
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    const email = `limit.${Date.now()}@council.example`;
    const attempt = (base: string) =>
      fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ email, password: 'not the password 1' }),
      }).then((r) => r.status);
    const statuses = [];
    for (const base of [one.base, two.base, one.base, two.base, one.base]) statuses.push(await attempt(base));
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(await attempt(two.base)).toBe(429);
  });

  it('stays ready with Redis unreachable (naming it in the checks), and never rate-limits health checks', async () => {
    const dead = await freePort();
    const { s, base } = await start('apps/api/src/main.ts', {
      REDIS_URL: `redis://127.0.0.1:${dead}`,
      API_REQUESTS_PER_MINUTE: '10',
    });
    await waitForHttp(`${base}/api/health`, s);
    const r = await fetch(`${base}/api/health/ready`);
    expect(r.status).toBe(200); // requests need the database only: work goes through the outbox
    expect(await r.json()).toEqual({
      status: 'degraded',
      checks: { database: { status: 'up' }, redis: { status: 'down' } },
    });
    const health = [];
    for (let i = 0; i < 30; i++) health.push((await fetch(`${base}/api/health${i % 2 ? '/ready' : ''}`)).status);
    expect(health).toEqual(Array(30).fill(200));
    const api = [];
    for (let i = 0; i < 12; i++) api.push((await fetch(`${base}/api/v1/reference/code-lists/roles`)).status);
    expect(api.slice(-2)).toEqual([429, 429]); // the API's own limit still holds (in process while Redis is down)
  });

  it('runs the web app', async () => {
    const { s, base } = await start('apps/web/src/main.ts');
    await waitForHttp(`${base}/`, s);
    expect(await (await fetch(`${base}/`)).text()).toContain('REP Hub');
  });

  it('runs the worker, ready on its health port, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { s } = await start('apps/worker/src/main.ts', { WORKER_PORT: String(port) });
    await waitForHttp(`http://127.0.0.1:${port}/ready`, s);
    expect([0, 'SIGTERM']).toContain(await s.stop());
    expect(s.output()).not.toMatch(/"level":50/); // no error logged on the way down
  });

  it('logged structured JSON with no seeded name, email or UPN in it', async () => {
    const logs = started.map((s) => s.output()).join('\n');
    const lines = logs.split('\n').filter((l) => l.trim());
    const json = lines.filter((l) => l.startsWith('{'));
    expect(json.length).toBeGreaterThan(10);
    expect(lines.filter((l) => !l.startsWith('{'))).toEqual([]); // everything is structured
    expect(logs).toContain('"path":"/api/v1/reference/upn-checks"'); // the requests were logged...
    const secrets = [
      ...DemoSeeder.signIns().map((s) => s.email),
      'partnership lead (demo)',
      'LA officer (demo)',
      'SENCO',
      'H801200001001',
      'email=',
    ];
    expect(secrets.filter((s) => logs.includes(s))).toEqual([]); // ...and nothing personal with them
  });
});
