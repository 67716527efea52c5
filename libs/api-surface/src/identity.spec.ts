import { ApiWorld, nextAddress, Partnership, PASSWORD } from './testing/api-world';
import { SingleUseLinks } from '@rep-hub/auth';

/** Identity and onboarding through the HTTP API, on PostgreSQL as the app role. */
describe('identity, onboarding and sessions', () => {
  let world: ApiWorld;
  let a: Partnership;
  let b: Partnership;

  beforeAll(async () => {
    world = await ApiWorld.start();
    a = await world.partnership('alpha', ['352', '358']);
    b = await world.partnership('beta', ['851', '938']);
  });
  afterAll(() => world?.close());

  const get = (path: string, token: string) => world.http.get(path).set('Authorization', `Bearer ${token}`);

  it('onboards a partnership end to end: the invited user signs in and sees only that tenant', async () => {
    const me = await get('/api/v1/auth/me', a.members.la1.token);
    expect(me.status).toBe(200);
    expect(me.body.tenant.id).toBe(a.tenantId);
    expect(me.body.roles).toEqual([{ role: 'la_officer', organisationId: a.las[0] }]);
    const orgs = await get('/api/v1/organisations', a.members.la1.token);
    expect(orgs.status).toBe(200);
    const ids = orgs.body.items.map((o: { id: string }) => o.id);
    expect(ids).toEqual(expect.arrayContaining([...a.las, a.schoolId]));
    expect(ids).not.toEqual(expect.arrayContaining([b.las[0]]));
    expect(ids.some((id: string) => [...b.las, b.schoolId].includes(id))).toBe(false);
  });

  it('pages organisations and people by keyset cursors without overlap or loss', async () => {
    for (const path of ['/api/v1/organisations', '/api/v1/people']) {
      const all = (await get(`${path}?limit=100`, a.members.lead.token)).body.items.map((x: { id: string }) => x.id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await get(`${path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`, a.members.lead.token);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((x: { id: string }) => x.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
      expect(all.length).toBeGreaterThan(3);
    }
    expect((await get('/api/v1/organisations?cursor=not-a-cursor', a.members.lead.token)).status).toBe(400);
  });

  it('answers an unknown email and a wrong password with byte-identical bodies', async () => {
    const unknown = await world.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', nextAddress())
      .send({ email: 'nobody.here@council.example', password: 'whatever password 1' });
    const wrong = await world.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', nextAddress())
      .send({ email: a.members.la1.email, password: 'whatever password 1' });
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(unknown.text).toBe(wrong.text);
    expect(unknown.headers['content-type']).toBe(wrong.headers['content-type']);
  });

  it('answers 429 to the sixth wrong password in a minute, while the right password from another address works', async () => {
    const attacker = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await world.http
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', attacker)
        .send({ email: a.members.school.email, password: `wrong password ${i}` });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const blocked = await world.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', attacker)
      .send({ email: a.members.school.email, password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const fromElsewhere = await world.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', nextAddress())
      .send({ email: a.members.school.email, password: PASSWORD });
    expect(fromElsewhere.status).toBe(200);
  });

  it('stops a signed-out session at the very next request', async () => {
    const s = await world.signIn(a.members.workforce.email);
    expect((await get('/api/v1/auth/me', s.accessToken)).status).toBe(200);
    expect((await world.http.post('/api/v1/auth/logout').set('Authorization', `Bearer ${s.accessToken}`)).status).toBe(
      204,
    );
    expect((await get('/api/v1/auth/me', s.accessToken)).status).toBe(401);
    expect((await world.http.post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
  });

  it('stops a removed membership at the very next request', async () => {
    const m = await world.member(a.tenantId, a.las[1], 'la_officer', 'removed');
    expect((await get('/api/v1/organisations', m.token)).status).toBe(200);
    expect(
      (await world.admin('delete', `/api/v1/admin/tenants/${a.tenantId}/memberships/${m.membershipId}`)).status,
    ).toBe(204);
    expect((await get('/api/v1/organisations', m.token)).status).toBe(401);
  });

  it('rotates refresh tokens and revokes the whole session when one is reused', async () => {
    const s = await world.signIn(a.members.workforce.email);
    const first = await world.http.post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(s.refreshToken);
    expect((await get('/api/v1/auth/me', first.body.accessToken)).status).toBe(200);
    // the old token again: reuse, so the family (session) is revoked
    expect((await world.http.post('/api/v1/auth/refresh').send({ refreshToken: s.refreshToken })).status).toBe(401);
    expect((await world.http.post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken })).status).toBe(
      401,
    );
    expect((await get('/api/v1/auth/me', first.body.accessToken)).status).toBe(401);
  });

  it('switches partnership with new tokens; the old ones stop', async () => {
    const both = await world.member(a.tenantId, a.las[0], 'la_officer', 'both');
    await world.created('post', `/api/v1/admin/tenants/${b.tenantId}/memberships`, {
      userId: both.userId,
      organisationId: b.las[0],
      role: 'la_officer',
    });
    const s = await world.signIn(both.email);
    expect(s.tenantId).toBeNull(); // two partnerships: the user chooses
    expect((await get('/api/v1/organisations', s.accessToken)).status).toBe(403);
    const toB = await world.http
      .post('/api/v1/auth/switch-tenant')
      .set('Authorization', `Bearer ${s.accessToken}`)
      .send({ tenantId: b.tenantId });
    expect(toB.status).toBe(200);
    const orgs = await get('/api/v1/organisations', toB.body.accessToken);
    expect(orgs.body.items.map((o: { id: string }) => o.id)).toContain(b.las[0]);
    expect(orgs.body.items.map((o: { id: string }) => o.id)).not.toContain(a.las[0]);
    expect((await get('/api/v1/auth/me', s.accessToken)).status).toBe(401);
    const stranger = await world.http
      .post('/api/v1/auth/switch-tenant')
      .set('Authorization', `Bearer ${a.members.la1.token}`)
      .send({ tenantId: b.tenantId });
    expect(stranger.status).toBe(403);
  });

  it('refuses a weak password on an invite, and uses each link once', async () => {
    const user = await world.created('post', '/api/v1/admin/users', {
      email: `weak.${Date.now()}@council.example`,
      displayName: 'Weak test',
    });
    const token = (user['invite'] as { token: string }).token;
    const weak = await world.http.post('/api/v1/auth/invites/accept').send({ token, password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0].field).toBe('password');
    expect(
      (await world.http.post('/api/v1/auth/invites/accept').send({ token, password: 'password1234' })).status,
    ).toBe(400);
    // the same user's other invite link (as the invite email carries one of its own)
    const emailed = await world.app.get(SingleUseLinks).createInvite(user['id'] as string, null);
    expect((await world.http.post('/api/v1/auth/invites/accept').send({ token, password: PASSWORD })).status).toBe(200);
    expect((await world.http.post('/api/v1/auth/invites/accept').send({ token, password: PASSWORD })).status).toBe(400);
    // once the user has a password, no other invite link can set a new one
    expect(
      (
        await world.http
          .post('/api/v1/auth/invites/accept')
          .send({ token: emailed.token, password: 'a takeover passphrase 9' })
      ).status,
    ).toBe(400);
    expect((await world.signIn(user['email'] as string, PASSWORD)).accessToken).toBeTruthy();
  });

  it('resets a password with a single-use link and ends every session', async () => {
    const m = await world.member(a.tenantId, a.schoolId, 'setting_staff', 'reset');
    const earlier = await world.created('post', `/api/v1/admin/users/${m.userId}/password-reset`, {});
    const link = await world.created('post', `/api/v1/admin/users/${m.userId}/password-reset`, {});
    const done = await world.http
      .post('/api/v1/auth/password-resets/complete')
      .send({ token: link['token'], password: 'a brand new passphrase 7' });
    expect(done.status).toBe(200);
    // an earlier reset link stops working with the one used
    expect(
      (
        await world.http
          .post('/api/v1/auth/password-resets/complete')
          .send({ token: earlier['token'], password: 'another new passphrase 8' })
      ).status,
    ).toBe(400);
    expect((await get('/api/v1/auth/me', m.token)).status).toBe(401);
    expect((await world.signIn(m.email, 'a brand new passphrase 7')).accessToken).toBeTruthy();
  });

  it('keeps the platform admin to platform scope and the audit trail to the DPO', async () => {
    expect((await get('/api/v1/organisations', world.adminToken)).status).toBe(403);
    expect((await get(`/api/v1/audit/access?subjectId=${a.las[0]}`, world.adminToken)).status).toBe(403);
    expect((await get(`/api/v1/audit/access?subjectId=${a.las[0]}`, a.members.la1.token)).status).toBe(403);
    expect((await get('/api/v1/admin/tenants', a.members.lead.token)).status).toBe(403);
    const log = await get(`/api/v1/audit/access?subjectId=${a.las[0]}`, a.members.dpo.token);
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: { action: string }) => e.action)).toContain('organisation.create');
  });

  it('widens an LA officer’s LAs only once every party LA has confirmed an agreement granting named pupils', async () => {
    const before = await get('/api/v1/auth/me', a.members.la1.token);
    expect(before.body.localAuthorityIds).toEqual([a.las[0]]);
    const body = {
      title: 'Alpha AP data sharing',
      purpose: 'AP panel',
      grants: ['named_pupils'],
      startsOn: '2026-01-01',
    };
    const denied = await world.http
      .post('/api/v1/data-sharing-agreements')
      .set('Authorization', `Bearer ${a.members.la1.token}`)
      .send({ ...body, localAuthorityIds: a.las });
    expect(denied.status).toBe(403);
    const foreign = await world.http
      .post('/api/v1/data-sharing-agreements')
      .set('Authorization', `Bearer ${a.members.lead.token}`)
      .send({ ...body, localAuthorityIds: [a.las[0], b.las[0]] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('localAuthorityIds');
    const made = await world.http
      .post('/api/v1/data-sharing-agreements')
      .set('Authorization', `Bearer ${a.members.lead.token}`)
      .send({ ...body, localAuthorityIds: a.las });
    expect(made.status).toBe(201);
    expect(made.body).toEqual(expect.objectContaining({ status: 'proposed', state: 'proposed', version: 1 }));
    // proposed: it grants nothing
    expect((await get('/api/v1/auth/me', a.members.la1.token)).body.localAuthorityIds).toEqual([a.las[0]]);
    await world.agreementInForce(a, ['named_pupils']);
    const after = await get('/api/v1/auth/me', a.members.la1.token);
    expect(after.body.localAuthorityIds).toEqual([...a.las].sort());
    // the DPO acts for their own LA only, and so does school staff
    expect((await get('/api/v1/auth/me', a.members.dpo.token)).body.localAuthorityIds).toEqual([a.las[0]]);
    const otherTenant = await get('/api/v1/auth/me', b.members.la1.token);
    expect(otherTenant.body.localAuthorityIds).toEqual([b.las[0]]);
  });

  it('projects fields by permission: emails for the lead, not for an LA officer; and audits the list it showed', async () => {
    const asLead = await get('/api/v1/people?limit=100', a.members.lead.token);
    const asOfficer = await get('/api/v1/people?limit=100', a.members.la1.token);
    expect([asLead.status, asOfficer.status]).toEqual([200, 200]);
    const leadRow = asLead.body.items.find((p: { userId: string }) => p.userId === a.members.school.userId);
    const officerRow = asOfficer.body.items.find((p: { userId: string }) => p.userId === a.members.school.userId);
    expect(leadRow.email).toBe(a.members.school.email);
    expect(officerRow).toMatchObject({ role: 'setting_staff', organisationId: a.schoolId });
    expect(Object.keys(officerRow)).not.toContain('email');
    const log = await get(`/api/v1/audit/access?subjectId=${a.members.school.userId}`, a.members.dpo.token);
    const lists = log.body.items.filter((e: { action: string }) => e.action === 'membership.list');
    expect(lists.map((e: { actorId: string }) => e.actorId)).toEqual(
      expect.arrayContaining([a.members.lead.userId, a.members.la1.userId]),
    );
  });

  it("lets the platform admin list users and a partnership's memberships, auditing what was shown", async () => {
    const users = await world.admin('get', '/api/v1/admin/users');
    expect(users.status).toBe(200);
    expect(users.body.items.length).toBeGreaterThan(5);
    const ms = await world.admin('get', `/api/v1/admin/tenants/${a.tenantId}/memberships`);
    expect(ms.body.items.map((x: { userId: string }) => x.userId)).toContain(a.members.la1.userId);
    expect(ms.body.items.map((x: { userId: string }) => x.userId)).not.toContain(b.members.la1.userId);
  });

  it('rejects unknown fields, bad ids and a client-sent tenant with problem details naming the field', async () => {
    const r = await world.admin('post', '/api/v1/admin/tenants', { slug: 'Bad Slug', name: 'x', tenantId: a.tenantId });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['slug', 'tenantId']);
    expect((await get('/api/v1/organisations/not-a-uuid', a.members.la1.token)).status).toBe(400);
    const la = await world.admin('post', `/api/v1/admin/tenants/${a.tenantId}/organisations`, {
      kind: 'local_authority',
      name: 'Nowhere',
      laNumber: '999',
    });
    expect(la.status).toBe(400);
    expect(la.body.errors[0].field).toBe('laNumber');
  });
});
