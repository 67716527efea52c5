import { NestExpressApplication } from '@nestjs/platform-express';
import { appCoreModules } from '@rep-hub/auth';
import { UnitOfWork } from '@rep-hub/platform';
import { createTestApp, testConfig } from '@rep-hub/platform/testing';
import type { SessionData } from 'express-session';
import { randomBytes } from 'node:crypto';
import { PgSessionStore } from './pg-session-store';

/** The web session store on real PostgreSQL, as the app role under RLS. */
describe('PgSessionStore', () => {
  let app: NestExpressApplication;
  let uow: UnitOfWork;
  let store: PgSessionStore;

  beforeAll(async () => {
    const config = await testConfig();
    app = await createTestApp((c) => appCoreModules(c, 'web', { jobs: 'producer' }), config);
    uow = app.get(UnitOfWork);
    store = new PgSessionStore(uow);
  });
  afterAll(() => app.close());

  const call = <T>(fn: (cb: (err?: unknown, value?: T) => void) => void) =>
    new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
  const sid = () => randomBytes(24).toString('base64url');
  const data = (csrf: string) => ({ cookie: { originalMaxAge: null }, csrf }) as unknown as SessionData;

  it('stores, reads back, replaces and destroys a session', async () => {
    const id = sid();
    expect(await call<SessionData | null>((cb) => store.get(id, cb))).toBeNull();
    await call((cb) => store.set(id, data('first'), cb));
    expect((await call<SessionData | null>((cb) => store.get(id, cb)))?.csrf).toBe('first');
    await call((cb) => store.set(id, data('second'), cb));
    expect((await call<SessionData | null>((cb) => store.get(id, cb)))?.csrf).toBe('second');
    await call((cb) => store.destroy(id, cb));
    expect(await call<SessionData | null>((cb) => store.get(id, cb))).toBeNull();
  });

  it('does not return an expired row, and touch extends a live one', async () => {
    const [expired, live] = [sid(), sid()];
    await call((cb) => store.set(expired, data('old'), cb));
    await call((cb) => store.set(live, data('live'), cb));
    await uow.forPlatform(null, (m) =>
      m.query(`UPDATE web_sessions SET expires_at = now() - interval '1 second' WHERE sid = $1`, [expired]),
    );
    await uow.forPlatform(null, (m) =>
      m.query(`UPDATE web_sessions SET expires_at = now() + interval '1 minute' WHERE sid = $1`, [live]),
    );
    expect(await call<SessionData | null>((cb) => store.get(expired, cb))).toBeNull();
    await call((cb) => store.touch(live, data('live'), cb));
    const [row] = (await uow.forPlatform(null, (m) =>
      m.query(`SELECT expires_at > now() + interval '11 hours' AS extended FROM web_sessions WHERE sid = $1`, [live]),
    )) as { extended: boolean }[];
    expect(row.extended).toBe(true);
  });

  it('refuses a session id that is too short to be one of ours', async () => {
    await expect(call((cb) => store.set('short', data('x'), cb))).rejects.toBeDefined();
  });
});
