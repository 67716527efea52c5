import { ApiWorld, Member, Partnership, PASSWORD } from './testing/api-world';
import { UnitOfWork } from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';

/**
 * People and roles run by the partnership itself (issue 20), through the API on PostgreSQL as the
 * app role: the lead invites partnership-wide roles; an LA's admins give the roles that open that
 * LA's children; nobody else gives them; a stale change is a 409; bad input names its fields.
 */
describe('people and roles of a partnership', () => {
  let world: ApiWorld;
  let a: Partnership;
  let b: Partnership;
  let icbId: string;
  let forumId: string;
  /** An admin of A's LA two (and an officer there), and nothing of LA one. */
  let la2Admin: Member;

  beforeAll(async () => {
    world = await ApiWorld.start();
    a = await world.partnership('people', ['352', '358']);
    b = await world.partnership('others', ['851', '938']);
    const base = `/api/v1/admin/tenants/${a.tenantId}/organisations`;
    icbId = (await world.created('post', base, { kind: 'icb', name: 'People ICB' })).id;
    forumId = (await world.created('post', base, { kind: 'parent_carer_forum', name: 'People parent carer forum' })).id;
    la2Admin = await world.member(a.tenantId, a.las[1], 'la_admin', 'people-la2-admin');
  });
  afterAll(() => world?.close());

  const as = (token: string) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object = {}) => world.http.post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) => world.http.patch(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const email = (label: string) => `${label}.${randomUUID().slice(0, 8)}@people.example`;
  const invite = (token: string, organisationId: string, role: string, label = role) =>
    as(token).post('/api/v1/people', { displayName: `${label} person`, email: email(label), organisationId, role });

  it('lets the partnership lead invite a workforce lead, an ICB member and a parent carer forum member', async () => {
    const training = (await as(a.members.lead.token).get('/api/v1/organisations?kind=training_provider')).body.items[0];
    for (const [org, role] of [
      [training.id, 'workforce_lead'],
      [icbId, 'icb_member'],
      [forumId, 'parent_carer_forum_member'],
    ]) {
      const r = await invite(a.members.lead.token, org, role);
      expect([role, r.status]).toEqual([role, 201]);
      expect(r.body).toMatchObject({ role, organisationId: org, userStatus: 'invited', status: 'active', version: 1 });
      expect(r.body.email).toMatch(/@people\.example$/);
    }
    const listed = await as(a.members.lead.token).get(`/api/v1/people?role=icb_member&organisationId=${icbId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((p: { role: string }) => p.role)).toEqual(['icb_member']);
  });

  it('refuses the lead a role that opens an LA’s children, with a 403 problem, and writes nothing', async () => {
    const before = (await as(a.members.lead.token).get('/api/v1/people?role=la_officer&limit=100')).body.items.length;
    for (const [org, role] of [
      [a.las[1], 'la_officer'],
      [a.las[0], 'data_protection_officer'],
      [a.schoolId, 'setting_staff'],
      [a.las[1], 'la_admin'],
    ]) {
      const r = await invite(a.members.lead.token, org, role);
      expect([role, r.status]).toEqual([role, 403]);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.body.detail).toMatch(/local authority’s admins/);
    }
    expect((await as(a.members.lead.token).get('/api/v1/people?role=la_officer&limit=100')).body.items.length).toBe(
      before,
    );
  });

  it('lets an LA admin give the roles that open their own LA’s children, and nothing else', async () => {
    const officer = await invite(la2Admin.token, a.las[1], 'la_officer');
    expect(officer.status).toBe(201);
    const staff = await invite(la2Admin.token, a.schoolId, 'setting_staff'); // the school is LA two's
    expect(staff.status).toBe(201);
    expect((await invite(la2Admin.token, a.las[0], 'la_officer')).status).toBe(403);
    const wide = await invite(la2Admin.token, icbId, 'icb_member');
    expect(wide.status).toBe(403);
    expect(wide.body.detail).toMatch(/partnership lead/);
    // an officer without the LA admin right gives nothing
    expect((await invite(a.members.la2.token, a.las[1], 'la_officer')).status).toBe(403);
    expect((await invite(a.members.la1.token, a.las[0], 'la_officer')).status).toBe(403);
  });

  it('answers bad input with a 400 naming each field', async () => {
    const r = await as(a.members.lead.token).post('/api/v1/people', {
      displayName: '',
      email: 'not-an-email',
      organisationId: 'x',
      role: 'ruler',
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['displayName', 'email', 'organisationId', 'role'].sort(),
    );
    const kind = await invite(a.members.lead.token, icbId, 'workforce_lead');
    expect(kind.status).toBe(400);
    expect(kind.body.errors[0].field).toBe('role');
    const theirs = await invite(a.members.lead.token, b.las[0], 'workforce_lead');
    expect(theirs.status).toBe(400);
    expect(theirs.body.errors[0].field).toBe('organisationId');
  });

  it('changes a role only from the version seen: a stale change is a 409', async () => {
    const officer = (await invite(la2Admin.token, a.las[1], 'la_officer', 'changing')).body;
    const path = `/api/v1/people/${officer.id}`;
    const changed = await as(la2Admin.token).patch(path, { role: 'data_protection_officer', version: 1 });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ role: 'data_protection_officer', version: 2 });
    const stale = await as(la2Admin.token).patch(path, { role: 'la_officer', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
    // the lead may not change it (it opens LA two's children), nor may they give it to a partnership-wide role
    expect((await as(a.members.lead.token).patch(path, { role: 'workforce_lead', version: 2 })).status).toBe(403);
    const bad = await as(la2Admin.token).patch(path, { role: 'nobody', version: 'two' });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['role', 'version']);
    expect((await as(la2Admin.token).get(path)).body).toMatchObject({ role: 'data_protection_officer', version: 2 });
    // the lead changes the partnership-wide roles
    const wf = (await invite(a.members.lead.token, a.las[0], 'workforce_lead', 'wf-in-la')).body;
    const lead = await as(a.members.lead.token).patch(`/api/v1/people/${wf.id}`, {
      role: 'partnership_lead',
      version: 1,
    });
    expect(lead.status).toBe(200);
    expect(lead.body.role).toBe('partnership_lead');
  });

  it('ends a role from the version seen; the ended role stops working at the next request', async () => {
    const u = email('ending');
    const created = await world.created('post', '/api/v1/admin/users', { email: u, displayName: 'Ending person' });
    await world.http
      .post('/api/v1/auth/invites/accept')
      .send({ token: (created['invite'] as { token: string }).token, password: PASSWORD });
    const given = await invite(la2Admin.token, a.las[1], 'la_officer', 'ending');
    expect(given.status).toBe(201);
    const member = await as(la2Admin.token).post('/api/v1/people', {
      displayName: 'Ending person',
      email: u,
      organisationId: a.las[1],
      role: 'data_protection_officer',
    });
    expect(member.status).toBe(201);
    expect(member.body.userStatus).toBe('active');
    const token = (await world.signIn(u, PASSWORD, { tenantId: a.tenantId })).accessToken;
    expect((await as(token).get('/api/v1/people')).status).toBe(200);
    const end = `/api/v1/people/${member.body.id}/end`;
    expect((await as(a.members.lead.token).post(end, { version: 1 })).status).toBe(403);
    expect((await as(la2Admin.token).post(end, { version: 7 })).status).toBe(409);
    expect((await as(la2Admin.token).post(end, {})).status).toBe(400);
    expect((await as(la2Admin.token).post(end, { version: 1 })).status).toBe(204);
    expect((await as(la2Admin.token).post(end, { version: 2 })).status).toBe(404);
    expect((await as(la2Admin.token).get(`/api/v1/people/${member.body.id}`)).body.status).toBe('revoked');
    expect((await as(token).get('/api/v1/people')).status).toBe(401);
  });

  it('sends an invitation again only to someone who has not accepted it', async () => {
    const invited = (await invite(a.members.lead.token, icbId, 'icb_member', 'resend')).body;
    expect((await as(a.members.lead.token).post(`/api/v1/people/${invited.id}/invite`)).status).toBe(204);
    expect((await as(la2Admin.token).post(`/api/v1/people/${invited.id}/invite`)).status).toBe(403);
    const accepted = await as(a.members.lead.token).post(`/api/v1/people/${a.members.workforce.membershipId}/invite`);
    expect(accepted.status).toBe(409);
    const jobs = (await world.app
      .get(UnitOfWork)
      .forTenant({ tenantId: a.tenantId }, (m) =>
        m.query(
          `SELECT count(*)::int AS n FROM job_outbox WHERE tenant_id = $1 AND payload->>'userId' = $2 AND job_name = 'notifications.invite'`,
          [a.tenantId, invited.userId],
        ),
      )) as { n: number }[];
    expect(jobs[0].n).toBe(2);
  });

  it('keeps every route to the partnership: B’s lead gets 404 for A’s roles and cannot give roles in A’s organisations', async () => {
    const id = a.members.workforce.membershipId;
    const other = as(b.members.lead.token);
    expect((await other.get(`/api/v1/people/${id}`)).status).toBe(404);
    expect((await other.patch(`/api/v1/people/${id}`, { role: 'workforce_lead', version: 1 })).status).toBe(404);
    expect((await other.post(`/api/v1/people/${id}/end`, { version: 1 })).status).toBe(404);
    expect((await other.post(`/api/v1/people/${id}/invite`)).status).toBe(404);
    expect((await invite(b.members.lead.token, icbId, 'icb_member')).status).toBe(400);
    expect((await as(a.members.lead.token).get(`/api/v1/people/${id}`)).status).toBe(200);
  });

  it('refuses in the database a membership written by someone who manages no people there', async () => {
    const uow = world.app.get(UnitOfWork);
    const insert = (actorId: string, organisationId: string, role: string) =>
      uow.forTenant({ tenantId: a.tenantId, actorId }, (m) =>
        m.query(`INSERT INTO memberships (tenant_id, user_id, organisation_id, role) VALUES ($1, $2, $3, $4)`, [
          a.tenantId,
          a.members.school.userId,
          organisationId,
          role,
        ]),
      );
    // an officer without the LA admin right, a lead giving the LA admin right, an LA admin in another LA
    await expect(insert(a.members.la1.userId, a.las[0], 'la_officer')).rejects.toThrow(/manages no people/);
    await expect(insert(a.members.lead.userId, a.las[1], 'la_admin')).rejects.toThrow(/LA admin right/);
    await expect(insert(la2Admin.userId, a.las[0], 'la_officer')).rejects.toThrow(/manages no people/);
    await expect(
      uow.forTenant({ tenantId: a.tenantId, actorId: a.members.la1.userId }, (m) =>
        m.query(`UPDATE memberships SET status = 'revoked' WHERE tenant_id = $1 AND id = $2`, [
          a.tenantId,
          a.members.la2.membershipId,
        ]),
      ),
    ).rejects.toThrow(/manages no people/);
    const still = await as(a.members.lead.token).get(`/api/v1/people/${a.members.la2.membershipId}`);
    expect(still.body.status).toBe('active');
  });

  it('lets the platform admin invite, change and resend for any role of any partnership', async () => {
    const admin = (method: 'post' | 'patch', path: string, body: object = {}) =>
      world.http[method](path).set('Authorization', `Bearer ${world.adminToken}`).send(body);
    const invited = await admin('post', `/api/v1/admin/tenants/${a.tenantId}/people`, {
      displayName: 'By the admin',
      email: email('by-admin'),
      organisationId: a.las[0],
      role: 'la_admin',
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ role: 'la_admin', userStatus: 'invited', version: 1 });
    const path = `/api/v1/admin/tenants/${a.tenantId}/memberships/${invited.body.id}`;
    expect((await admin('patch', path, { role: 'la_officer', version: 1 })).body.role).toBe('la_officer');
    expect((await admin('patch', path, { role: 'la_admin', version: 1 })).status).toBe(409);
    expect((await admin('post', `${path}/invite`)).status).toBe(204);
    expect((await as(a.members.lead.token).post(`/api/v1/admin/tenants/${a.tenantId}/people`, {})).status).toBe(403);
  });

  it('keeps the list’s projection: emails for the lead and DPO only; invite status for people managers', async () => {
    const row = (token: string) =>
      as(token)
        .get('/api/v1/people?limit=100')
        .then((r) => r.body.items.find((p: { id: string }) => p.id === a.members.la1.membershipId));
    expect(await row(a.members.lead.token)).toHaveProperty('email');
    expect(await row(a.members.dpo.token)).toHaveProperty('email');
    expect(await row(la2Admin.token)).not.toHaveProperty('email');
    expect(await row(la2Admin.token)).toHaveProperty('userStatus');
    expect(await row(a.members.la1.token)).not.toHaveProperty('email');
    expect(await row(a.members.la1.token)).not.toHaveProperty('userStatus');
  });
});
