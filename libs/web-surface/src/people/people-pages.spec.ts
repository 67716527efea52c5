import type TestAgent from 'supertest/lib/agent';
import { csrfOf, formActionOf, formBody, unique, UUID, versionOf, WebWorld } from '../testing/web-world';

/**
 * The people pages over HTTP, as a browser without JavaScript uses them (issue 20): the lead
 * invites partnership-wide roles, an LA's admin the roles that open that LA's children, the
 * platform admin anything; a refusal is an error on the page (403), a stale change a 409 page.
 */
describe('people pages', () => {
  let world: WebWorld;
  let tenantId: string;
  let la1: string;
  let la2: string;
  let schoolId: string;
  let icbId: string;
  const agents = {} as Record<'lead' | 'la2Admin' | 'officer', TestAgent>;
  let admin: TestAgent;

  beforeAll(async () => {
    world = await WebWorld.start();
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `people-${unique()}`, name: `People partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    tenantId = tenant.id;
    la1 = (
      await o.createOrganisation(
        tenantId,
        { kind: 'local_authority', name: 'Bolton', laNumber: '350', isLead: true },
        world.adminId,
      )
    ).id;
    la2 = (
      await o.createOrganisation(tenantId, { kind: 'local_authority', name: 'Bury', laNumber: '351' }, world.adminId)
    ).id;
    schoolId = (
      await o.createOrganisation(
        tenantId,
        {
          kind: 'school',
          name: 'Irwell School',
          urn: String(100000 + Math.floor(Math.random() * 899999)),
          localAuthorityId: la2,
        },
        world.adminId,
      )
    ).id;
    icbId = (await o.createOrganisation(tenantId, { kind: 'icb', name: 'Greater Manchester ICB' }, world.adminId)).id;
    Object.assign(
      agents,
      await world.members(tenantId, [
        ['lead', la1, 'partnership_lead'],
        ['la2Admin', la2, 'la_admin'],
        ['officer', la1, 'la_officer'],
      ] as const),
    );
    admin = await world.signIn(world.adminEmail);
  });
  afterAll(() => world?.close());

  /** Through the invite journey from its first page; returns the last answer (the sent page, or a refusal). */
  async function invite(agent: TestAgent, base: string, who: Record<string, string>, place: Record<string, string>) {
    const first = await world.submit(agent, `${base}/invite`, who);
    expect(first.status).toBe(303);
    const second = await world.submit(agent, first.headers['location'], place);
    if (second.status !== 303) return second;
    const check = await agent.get(second.headers['location']).expect(200);
    expect(check.text).toContain('Check your answers before sending the invitation');
    return agent
      .post(formActionOf(check.text))
      .type('form')
      .send(formBody({ _csrf: csrfOf(check.text) }));
  }
  const person = (label: string) => ({
    displayName: `${label} ${unique()}`,
    email: `${label}.${unique()}@people.example`,
  });

  it('shows People to the lead and LA admins only', async () => {
    for (const who of ['lead', 'la2Admin'] as const) {
      const home = await agents[who].get('/').expect(200);
      expect([who, home.text.includes('href="/people"')]).toEqual([who, true]);
      expect((await agents[who].get('/people')).status).toBe(200);
    }
    const officer = await agents.officer.get('/');
    expect(officer.text).not.toContain('href="/people"');
    expect((await agents.officer.get('/people')).status).toBe(403);
    expect((await agents.officer.get('/people/invite')).status).toBe(403);
  });

  it('lets the lead invite an ICB member in one journey, and lists them by organisation and role', async () => {
    const p = person('icb');
    const sent = await invite(agents.lead, '/people', p, { organisationId: icbId, role: 'icb_member' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('Invitation sent');
    expect(sent.text).toContain(p.displayName);
    const listed = await agents.lead.get(`/people?organisationId=${icbId}&role=icb_member`).expect(200);
    expect(listed.text).toContain(p.displayName);
    expect(listed.text).toContain(p.email); // the lead sees emails
    const id = new RegExp(`href="/people/(${UUID})">${p.displayName}`).exec(listed.text)![1];
    const page = await agents.lead.get(`/people/${id}`).expect(200);
    expect(page.text).toContain('Integrated care board member');
    const resent = await world.submit(agents.lead, `/people/${id}`, {});
    expect(resent.status).toBe(303);
    expect((await agents.lead.get(resent.headers['location'])).text).toContain('their invitation again');
  });

  it('answers bad input with the GOV.UK error summary', async () => {
    const bad = await world.submit(agents.lead, '/people/invite', { displayName: '', email: 'not an email' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('There is a problem');
    expect(bad.text).toContain('Enter their full name');
    expect(bad.text).toContain('Enter an email address in the correct format');
    const first = await world.submit(agents.lead, '/people/invite', person('kind'));
    const wrong = await world.submit(agents.lead, first.headers['location'], {
      organisationId: icbId,
      role: 'workforce_lead',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('is not a role in an integrated care board');
  });

  it('refuses the lead a role that opens an LA’s children, on the page (403), and sends nothing', async () => {
    const p = person('refused');
    const first = await world.submit(agents.lead, '/people/invite', p);
    const rolePage = await agents.lead.get(first.headers['location']).expect(200);
    expect(rolePage.text).toContain('Only a local authority’s admins can give this role'); // said before it is chosen
    const refused = await agents.lead
      .post(formActionOf(rolePage.text))
      .type('form')
      .send(formBody({ organisationId: la2, role: 'la_officer', _csrf: csrfOf(rolePage.text) }));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('There is a problem');
    expect(refused.text).toContain(
      'only that local authority’s admins can give a role that opens its children’s records',
    );
    expect((await agents.lead.get('/people?role=la_officer')).text).not.toContain(p.displayName);
  });

  it('lets an LA admin give an officer role in their LA, change it only from the version seen, and end it', async () => {
    const p = person('officer');
    const sent = await invite(agents.la2Admin, '/people', p, { organisationId: la2, role: 'la_officer' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('Invitation sent');
    const id = new RegExp(`href="/people/(${UUID})"`).exec(sent.text)![1];
    // an officer role in the other LA is refused
    const other = await invite(agents.la2Admin, '/people', person('other-la'), {
      organisationId: la1,
      role: 'la_officer',
    });
    expect(other.status).toBe(403);
    const change = await agents.la2Admin.get(`/people/${id}/change`).expect(200);
    const version = versionOf(change.text);
    const changed = await agents.la2Admin
      .post(`/people/${id}/change`)
      .type('form')
      .send(formBody({ role: 'data_protection_officer', version, _csrf: csrfOf(change.text) }));
    expect(changed.status).toBe(303);
    expect((await agents.la2Admin.get(`/people/${id}`)).text).toContain('Data protection officer');
    const stale = await agents.la2Admin
      .post(`/people/${id}/change`)
      .type('form')
      .send(formBody({ role: 'la_officer', version, _csrf: csrfOf(change.text) }));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('was changed by someone else while you were on this page');
    expect((await agents.lead.get(`/people/${id}/change`)).text).not.toContain('value="la_officer"');
    const endPage = await agents.la2Admin.get(`/people/${id}/end`).expect(200);
    const ended = await world.submit(agents.la2Admin, `/people/${id}/end`, { version: versionOf(endPage.text) });
    expect(ended.status).toBe(303);
    expect((await agents.la2Admin.get('/people')).text).toContain('role has ended');
    expect((await agents.la2Admin.get(`/people/${id}/end`)).status).toBe(404);
    // school staff of LA two's school: LA two's admin gives it too
    const staff = await invite(agents.la2Admin, '/people', person('staff'), {
      organisationId: schoolId,
      role: 'setting_staff',
    });
    expect(staff.status).toBe(200);
  });

  it('serves the platform admin the same journey for any role of any partnership', async () => {
    const base = `/admin/partnerships/${tenantId}/people`;
    const sent = await invite(admin, base, person('by-admin'), { organisationId: la1, role: 'la_admin' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('Invitation sent');
    expect((await admin.get(base)).text).toContain('Local authority admin');
    expect((await agents.lead.get(base)).status).toBe(403);
  });
});
