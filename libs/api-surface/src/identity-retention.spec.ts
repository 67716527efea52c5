import { JobRunner, NIL_TENANT, RETENTION_JOB, UnitOfWork } from '@rep-hub/platform';
import { TenancyService } from '@rep-hub/tenancy';
import { randomUUID } from 'node:crypto';
import { ApiWorld } from './testing/api-world';

/** The core's part of the nightly retention job deletes exactly the sessions and links that ended over 30 days ago. */
describe('identity retention', () => {
  let world: ApiWorld;
  beforeAll(async () => {
    world = await ApiWorld.start();
  });
  afterAll(() => world?.close());

  it('deletes ended sessions, their refresh tokens and old links, and keeps the rest', async () => {
    const uow = world.app.get(UnitOfWork);
    const user = await world.app
      .get(TenancyService)
      .createUser({ email: `retention.${randomUUID().slice(0, 8)}@council.example`, displayName: 'Retention test' });
    const ids = {
      expiredOld: randomUUID(),
      revokedOld: randomUUID(),
      active: randomUUID(),
      revokedRecent: randomUUID(),
    };
    const links = { usedOld: randomUUID(), live: randomUUID() };
    await uow.forPlatform(null, async (m) => {
      const s = `INSERT INTO sessions (id, user_id, kind, expires_at, revoked_at) VALUES ($1, $2, 'api', $3, $4)`;
      await m.query(s, [ids.expiredOld, user.id, new Date(Date.now() - 40 * 86400e3), null]);
      await m.query(s, [ids.revokedOld, user.id, new Date(Date.now() + 86400e3), new Date(Date.now() - 31 * 86400e3)]);
      await m.query(s, [ids.active, user.id, new Date(Date.now() + 86400e3), null]);
      await m.query(s, [
        ids.revokedRecent,
        user.id,
        new Date(Date.now() + 86400e3),
        new Date(Date.now() - 5 * 86400e3),
      ]);
      await m.query(`INSERT INTO refresh_tokens (id, session_id, token_hash, expires_at) VALUES ($1, $2, $3, now())`, [
        randomUUID(),
        ids.expiredOld,
        `h-${randomUUID()}`,
      ]);
      await m.query(`INSERT INTO refresh_tokens (id, session_id, token_hash, expires_at) VALUES ($1, $2, $3, now())`, [
        randomUUID(),
        ids.active,
        `h-${randomUUID()}`,
      ]);
      const t = `INSERT INTO user_tokens (id, user_id, purpose, token_hash, expires_at, used_at) VALUES ($1, $2, 'invite', $3, $4, $5)`;
      await m.query(t, [
        links.usedOld,
        user.id,
        `h-${randomUUID()}`,
        new Date(Date.now() - 20 * 86400e3),
        new Date(Date.now() - 35 * 86400e3),
      ]);
      await m.query(t, [links.live, user.id, `h-${randomUUID()}`, new Date(Date.now() + 86400e3), null]);
    });
    await world.app.get(JobRunner).run(
      {
        v: 1,
        name: RETENTION_JOB.name,
        tenantId: NIL_TENANT,
        actorId: null,
        correlationId: null,
        idempotencyKey: 'test',
        outboxId: 'schedule',
        payload: {},
      },
      1,
    );
    const left = await uow.forPlatform(null, async (m) => ({
      sessions: (
        (await m.query(`SELECT id FROM sessions WHERE user_id = $1 ORDER BY id`, [user.id])) as { id: string }[]
      ).map((r) => r.id),
      tokens: (
        (await m.query(`SELECT session_id FROM refresh_tokens WHERE session_id = ANY ($1::uuid[])`, [
          Object.values(ids),
        ])) as { session_id: string }[]
      ).map((r) => r.session_id),
      links: ((await m.query(`SELECT id FROM user_tokens WHERE user_id = $1`, [user.id])) as { id: string }[]).map(
        (r) => r.id,
      ),
    }));
    expect(left.sessions).toEqual([ids.active, ids.revokedRecent].sort());
    expect(left.tokens).toEqual([ids.active]);
    expect(left.links).toEqual([links.live]);
  });
});
