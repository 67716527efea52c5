import type TestAgent from 'supertest/lib/agent';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { EvaluationWebModule } from './evaluation-web.module';

/**
 * The reform register and test and learn pages over HTTP, as a browser without JavaScript uses
 * them: the home tasks and the overview, the grid of reforms by LA, changing a status through the
 * form (each problem named on the same page, then saved and in the history), an officer kept to
 * their own LA, and a test recorded and given a result.
 */
describe('evaluation register pages', () => {
  let world: WebWorld;
  let laId: string;
  let otherLaId: string;
  const agents: Record<'lead' | 'officer' | 'otherOfficer', TestAgent> = {} as never;

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [EvaluationWebModule] });
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `evw-${unique()}`, name: `Evaluation pages partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    const la = await o.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Bolton', laNumber: '350', isLead: true },
      world.adminId,
    );
    const other = await o.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Bury', laNumber: '351' },
      world.adminId,
    );
    laId = la.id;
    otherLaId = other.id;
    Object.assign(
      agents,
      await world.members(tenant.id, [
        ['lead', laId, 'partnership_lead'],
        ['officer', laId, 'la_officer'],
        ['otherOfficer', otherLaId, 'la_officer'],
      ]),
    );
  });
  afterAll(() => world?.close());

  it('gives the lead “Evaluation evidence” in place of “Coming soon”, the officers their task, and the overview’s links', async () => {
    const home = await agents.lead.get('/').expect(200);
    expect(home.text).toContain('href="/evaluation"');
    expect(home.text).not.toMatch(/Evaluation evidence<\/span> <strong class="govuk-tag govuk-tag--grey">Coming soon/);
    const officerHome = await agents.officer.get('/').expect(200);
    expect(officerHome.text).toContain('Change Programme evaluation');
    const overview = await agents.officer.get('/evaluation').expect(200);
    expect(overview.text.match(/<h1/g)).toHaveLength(1);
    expect(overview.text).toContain('Change Programme evaluation</h1>');
    for (const href of ['/evaluation/reforms', '/evaluation/tests', '/evaluation/indicators', '/evaluation/returns'])
      expect([href, overview.text.includes(`href="${href}"`)]).toEqual([href, true]);
  });

  it('shows the grid of reforms by LA in a scroll region, every status not recorded at first', async () => {
    const grid = await agents.lead.get('/evaluation/reforms').expect(200);
    expect(grid.text).toContain('data-scroll-region');
    expect(grid.text).toContain('National banding and price tariffs');
    expect(grid.text.match(/>Not recorded</g)).toHaveLength(22);
    expect(grid.text).toContain(`href="/evaluation/reforms/banding_tariffs/${otherLaId}"`);
  });

  it('changes a status through the form: problems named on the same page, then saved with its history', async () => {
    const url = `/evaluation/reforms/banding_tariffs/${otherLaId}/change`;
    const bad = await world.post(agents.lead, url, url, {
      status: 'paused',
      reason: '',
      'changedOn-day': '31',
      'changedOn-month': '2',
      'changedOn-year': '2026',
      version: '0',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('There is a problem');
    for (const id of ['#reason', '#changedOn-day']) expect([id, bad.text.includes(`href="${id}"`)]).toEqual([id, true]);
    const saved = await world.post(agents.lead, url, url, {
      status: 'paused',
      reason: 'Over funding',
      'changedOn-day': '3',
      'changedOn-month': '11',
      'changedOn-year': '2026',
      version: '0',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers['location']).toBe(`/evaluation/reforms/banding_tariffs/${otherLaId}`);
    const history = await agents.lead.get(saved.headers['location']).expect(200);
    expect(history.text).toContain('Status changed');
    expect(history.text).toContain('Over funding');
    expect(history.text).toContain('3 November 2026');
    const grid = await agents.officer.get('/evaluation/reforms').expect(200);
    expect(grid.text.match(/>Paused</g)).toHaveLength(1);
    // the same form sent again with the version it was read at is stale
    const stale = await world.post(agents.lead, url, url, {
      status: 'active',
      'changedOn-day': '4',
      'changedOn-month': '11',
      'changedOn-year': '2026',
      version: '0',
    });
    expect(stale.status).toBe(409);
  });

  it('keeps an LA officer to their own LA', async () => {
    await agents.officer.get(`/evaluation/reforms/banding_tariffs/${otherLaId}/change`).expect(403);
    const own = await agents.officer.get(`/evaluation/reforms/banding_tariffs/${laId}`).expect(200);
    expect(own.text).toContain('Change the status');
    const other = await agents.officer.get(`/evaluation/reforms/banding_tariffs/${otherLaId}`).expect(200);
    expect(other.text).not.toContain('Change the status');
  });

  it('records a test from the form and adds a result to it', async () => {
    await agents.officer.get('/evaluation/tests/new').expect(403);
    const empty = await world.post(agents.lead, '/evaluation/tests/new', '/evaluation/tests/new', {
      status: 'planned',
    });
    expect(empty.status).toBe(400);
    for (const id of ['#title', '#reformCode', '#hypothesis', '#laIds', '#startsOn-day', '#endsOn-day'])
      expect([id, empty.text.includes(`href="${id}"`)]).toEqual([id, true]);
    const made = await world.post(agents.lead, '/evaluation/tests/new', '/evaluation/tests/new', {
      title: 'Panels decide within six weeks',
      reformCode: 'multi_agency_panels',
      hypothesis: 'A weekly panel decides within six weeks.',
      laIds: [laId],
      'startsOn-day': '1',
      'startsOn-month': '9',
      'startsOn-year': '2026',
      'endsOn-day': '31',
      'endsOn-month': '7',
      'endsOn-year': '2027',
      indicatorCodes: ['evaluation.ehcp_20_weeks'],
      status: 'running',
    });
    expect(made.status).toBe(303);
    const testUrl = made.headers['location'] as string;
    expect(testUrl).toMatch(/^\/evaluation\/tests\/[0-9a-f-]{36}$/);
    const list = await agents.otherOfficer.get('/evaluation/tests').expect(200);
    expect(list.text).toContain('Panels decide within six weeks');
    // the other LA's officer reads it but is not offered the result form
    expect((await agents.otherOfficer.get(testUrl).expect(200)).text).not.toContain('Add a result');
    const results = `${testUrl}/results`;
    const bad = await world.post(agents.officer, testUrl, results, { summary: '' });
    expect(bad.status).toBe(400);
    for (const id of ['#recordedOn-day', '#summary'])
      expect([id, bad.text.includes(`href="${id}"`)]).toEqual([id, true]);
    const added = await world.post(agents.officer, testUrl, results, {
      'recordedOn-day': '1',
      'recordedOn-month': '10',
      'recordedOn-year': '2026',
      summary: 'First month: 12 of 15 on time.',
    });
    expect(added.status).toBe(303);
    const page = await agents.lead.get(testUrl).expect(200);
    expect(page.text).toContain('First month: 12 of 15 on time.');
    expect(page.text).toContain('1 October 2026');
    expect(page.text).toContain('New EHC plans issued within 20 weeks');
  });
});
