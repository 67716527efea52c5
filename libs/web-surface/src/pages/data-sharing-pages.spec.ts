import type TestAgent from 'supertest/lib/agent';
import { csrfOf, dateBoxes, formBody, isoDay, unique, UUID, versionOf, WebWorld } from '../testing/web-world';

/**
 * The data-sharing agreement pages over HTTP, as a browser without JavaScript uses them (issue
 * 20): the lead proposes through the form and check answers, each party LA confirms, a stale
 * confirmation is a 409 page, a party ends it; another partnership's users never find it.
 */
describe('data-sharing agreement pages', () => {
  let world: WebWorld;
  let tenantId: string;
  let las: { id: string; name: string }[];
  let agents: Record<'lead' | 'officer1' | 'dpo2' | 'school', TestAgent>;
  let stranger: TestAgent;

  async function partnership(label: string) {
    const tenant = await world.onboarding.createTenant(
      { slug: `${label}-${unique()}`, name: `${label} partnership ${unique()}`, region: 'East Midlands' },
      world.adminId,
    );
    const one = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: `Derby ${unique()}`, laNumber: '831', isLead: true },
      world.adminId,
    );
    const two = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: `Nottingham ${unique()}`, laNumber: '892' },
      world.adminId,
    );
    return { tenant, las: [one, two] };
  }

  beforeAll(async () => {
    world = await WebWorld.start();
    const p = await partnership('dsa');
    tenantId = p.tenant.id;
    las = p.las;
    const school = await world.onboarding.createOrganisation(
      tenantId,
      {
        kind: 'school',
        name: 'Hill Top',
        urn: String(100000 + Math.floor(Math.random() * 899999)),
        localAuthorityId: las[0].id,
      },
      world.adminId,
    );
    agents = await world.members(tenantId, [
      ['lead', las[0].id, 'partnership_lead'],
      ['officer1', las[0].id, 'la_officer'],
      ['dpo2', las[1].id, 'data_protection_officer'],
      ['school', school.id, 'setting_staff'],
    ] as const);
    const other = await partnership('dsa-other');
    stranger = (await world.members(other.tenant.id, [['stranger', other.las[0].id, 'la_officer']] as const)).stranger;
  });
  afterAll(() => world?.close());

  const send = async (agent: TestAgent, pageUrl: string, action: string, fields: Record<string, string | string[]>) => {
    const page = await agent.get(pageUrl).expect(200);
    return agent
      .post(action)
      .type('form')
      .send(formBody({ ...fields, _csrf: csrfOf(page.text) }));
  };

  async function propose(title: string): Promise<string> {
    const first = await world.submit(agents.lead, '/data-sharing/new', {
      localAuthorityIds: las.map((l) => l.id),
      title,
      purpose: 'Both LAs follow the AP placements they make',
      grants: ['partnership_view', 'named_pupils'],
      ...dateBoxes('startsOn', isoDay(-1)),
    });
    expect(first.status).toBe(303);
    const check = await agents.lead.get(first.headers['location']).expect(200);
    expect(check.text).toContain('Check your answers before proposing the agreement');
    expect(check.text).toContain(las[1].name);
    expect(check.text).toContain('No end date');
    const made = await world.submit(agents.lead, first.headers['location'], {});
    expect(made.status).toBe(303);
    expect(made.headers['location']).toMatch(new RegExp(`^/data-sharing/${UUID}$`));
    return made.headers['location'];
  }

  it('names each wrong answer of a proposal', async () => {
    const res = await world.submit(agents.lead, '/data-sharing/new', {
      localAuthorityIds: [las[0].id],
      title: '',
      purpose: '',
      'startsOn-day': '31',
      'startsOn-month': '2',
      'startsOn-year': '2027',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    for (const href of ['#localAuthorityIds', '#title', '#purpose', '#grants', '#startsOn-day'])
      expect(res.text).toContain(`href="${href}"`);
    expect(res.text).toContain('must be a real date');
  });

  it('lets only the lead propose, and shows another partnership nothing', async () => {
    expect((await agents.officer1.get('/data-sharing/new')).status).toBe(403);
    expect((await agents.school.get('/data-sharing/new')).status).toBe(403);
    const url = await propose(`Hidden ${unique()}`);
    expect((await stranger.get(url)).status).toBe(404);
    const bad = await agents.lead.get('/data-sharing/not-an-id');
    expect([400, 404]).toContain(bad.status);
    expect(bad.headers['content-type']).toContain('text/html');
    expect((await stranger.get('/data-sharing')).text).not.toContain(url);
    // school staff act for no party LA
    expect((await agents.school.get(`${url}/end`)).status).toBe(403);
  });

  it('is in force once each party LA confirms it; a stale confirmation is a 409; a party ends it at once', async () => {
    const title = `Derby and Nottingham ${unique()}`;
    const url = await propose(title);
    const proposed = await agents.lead.get(url).expect(200);
    expect(proposed.text).toContain('Waiting for confirmation');
    expect(proposed.text.match(/Not confirmed yet/g)).toHaveLength(2);
    expect(proposed.text).not.toContain('Confirm for');

    // the DPO of the second LA reads the page, then the first LA confirms meanwhile
    const dpoPage = await agents.dpo2.get(url).expect(200);
    expect(dpoPage.text).toContain(`Confirm for ${las[1].name}`);
    const mine = await send(agents.officer1, url, `${url}/confirm`, {
      version: versionOf((await agents.officer1.get(url)).text),
    });
    expect(mine.status).toBe(303);
    const stale = await agents.dpo2
      .post(`${url}/confirm`)
      .type('form')
      .send(formBody({ version: versionOf(dpoPage.text), localAuthorityId: las[1].id, _csrf: csrfOf(dpoPage.text) }));
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('The agreement has changed');
    expect(stale.text.match(/Not confirmed yet/g)).toHaveLength(1);

    const confirmed = await send(agents.dpo2, url, `${url}/confirm`, {
      version: versionOf(stale.text),
      localAuthorityId: las[1].id,
    });
    expect(confirmed.status).toBe(303);
    const inForce = await agents.dpo2.get(url).expect(200);
    expect(inForce.text).toContain('In force');
    expect(inForce.text).not.toContain('Not confirmed yet');
    const list = await agents.lead.get('/data-sharing').expect(200);
    expect(list.text).toContain(title);

    const endPage = await agents.officer1.get(`${url}/end`).expect(200);
    const dpoEndPage = await agents.dpo2.get(`${url}/end`).expect(200);
    const ended = await agents.officer1
      .post(`${url}/end`)
      .type('form')
      .send(formBody({ version: versionOf(endPage.text), reason: 'The pilot is over', _csrf: csrfOf(endPage.text) }));
    expect(ended.status).toBe(303);
    const after = await agents.lead.get(url).expect(200);
    expect(after.text).toContain('Ended');
    expect(after.text).toContain('The pilot is over');
    // ending again from the page read before: the agreement has changed
    const again = await agents.dpo2
      .post(`${url}/end`)
      .type('form')
      .send(formBody({ version: versionOf(dpoEndPage.text), _csrf: csrfOf(dpoEndPage.text) }));
    expect(again.status).toBe(409);
    expect(again.text).toContain('already ended');
  });
});
