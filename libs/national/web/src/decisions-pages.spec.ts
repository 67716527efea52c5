import { UnitOfWork } from '@rep-hub/platform';
import { publishTestRelease, TEST_PERIODS } from '@rep-hub/national-domain/testing';
import { dateBoxes, isoDay, unique, versionOf, WebWorld } from '@rep-hub/web-surface/testing';
import type TestAgent from 'supertest/lib/agent';
import { NationalWebModule } from './national-web.module';

/**
 * The board's decisions pages and the lead's page, as a browser without JavaScript: a National
 * Board member records a meeting and an action for one partnership through the forms (an error
 * summary naming each field for a bad one); the lead of that partnership sees it on
 * /board-decisions, with its owner, due date and the overdue tag; another partnership's lead does
 * not; a stale change of status is answered 409 with the form again; partnership users get the
 * board's pages refused.
 */
describe('National Board decisions pages', () => {
  let world: WebWorld;
  let board: TestAgent;
  const a = {
    tenantId: '',
    name: '',
    lead: undefined as unknown as TestAgent,
    officer: undefined as unknown as TestAgent,
  };
  const b = { tenantId: '', name: '', lead: undefined as unknown as TestAgent };

  async function partnership(label: string, laNumber: string) {
    const o = world.onboarding;
    const name = `Decisions ${label} ${unique()}`;
    const tenant = await o.createTenant(
      { slug: `nbd-${label}-${unique()}`, name, region: 'North West' },
      world.adminId,
    );
    const la = await o.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: `LA ${label}`, laNumber, isLead: true },
      world.adminId,
    );
    const agents = await world.members(tenant.id, [
      ['lead', la.id, 'partnership_lead'],
      ['officer', la.id, 'la_officer'],
    ]);
    await world.app.get(UnitOfWork).forTenant({ tenantId: tenant.id }, (m) =>
      publishTestRelease(m, {
        partnershipId: tenant.id,
        partnershipName: name,
        period: TEST_PERIODS['2025-26-spring'],
        figures: [{ indicatorCode: 'ap.referrals', value: 12 }],
      }),
    );
    return { tenantId: tenant.id, name, ...agents };
  }

  beforeAll(async () => {
    world = await WebWorld.start({
      modules: [NationalWebModule],
    });
    Object.assign(a, await partnership('a', '354'));
    Object.assign(b, await partnership('b', '355'));
    board = (await world.ensureBoardMember('nbweb')).agent;
  });
  afterAll(() => world?.close());

  let meetingUrl = '';
  const heldOn = isoDay(-30);

  it('records a meeting through the form, after naming each missing field in the error summary', async () => {
    const home = await board.get('/').expect(200);
    expect(home.text).toContain('href="/national/decisions"');
    const bad = await world.post(board, '/national/meetings/new', '/national/meetings/new', {
      'heldOn-day': '31',
      'heldOn-month': '2',
      'heldOn-year': '2026',
      title: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('href="#heldOn-day"');
    expect(bad.text).toContain('href="#title"');
    const made = await world.post(board, '/national/meetings/new', '/national/meetings/new', {
      ...dateBoxes('heldOn', heldOn),
      title: 'Board pages meeting',
    });
    expect(made.status).toBe(303);
    meetingUrl = made.headers['location'] as string;
    expect(meetingUrl).toMatch(/^\/national\/meetings\/[0-9a-f-]{36}$/);
    const page = await board.get(meetingUrl).expect(200);
    expect(page.text).toContain('Meeting recorded');
    // the partnerships that published are the checkboxes
    expect(page.text).toContain(`value="${a.tenantId}"`);
    expect(page.text).toContain(`value="${b.tenantId}"`);
  });

  it('records an overdue action for one partnership, whose lead sees it with owner, due date and the overdue tag; another lead does not', async () => {
    const action = meetingUrl + '/decisions';
    const bad = await world.post(board, meetingUrl, action, { kind: 'action', owner: '', text: '' });
    expect(bad.status).toBe(400);
    for (const f of ['text', 'owner', 'dueOn-day']) expect(bad.text).toContain(`href="#${f}"`);
    const due = isoDay(-2);
    const made = await world.post(board, meetingUrl, action, {
      text: 'Explain the fall in reintegration',
      kind: 'action',
      owner: 'Partnership A lead',
      ...dateBoxes('dueOn', due),
      partnershipIds: [a.tenantId],
    });
    expect(made.status).toBe(303);
    const page = await board.get(meetingUrl).expect(200);
    expect(page.text).toMatch(/Action NB-\d{4}-\d{2}-\d{2} recorded/);
    expect(page.text).toContain('Explain the fall in reintegration');

    const log = await board.get('/national/decisions?show=overdue').expect(200);
    expect(log.text).toContain('Explain the fall in reintegration');
    expect(log.text).toContain('Overdue');

    const mine = await a.lead.get('/board-decisions').expect(200);
    expect(mine.text).toContain('Explain the fall in reintegration');
    expect(mine.text).toContain('Partnership A lead');
    expect(mine.text).toContain('govuk-tag--red');
    expect(mine.text).toContain('<caption class="govuk-table__caption govuk-table__caption--m">Actions</caption>');
    const home = await a.lead.get('/').expect(200);
    expect(home.text).toContain('National Board decisions');
    expect(home.text).toContain('1 open action');
    const theirs = await b.lead.get('/board-decisions').expect(200);
    expect(theirs.text).not.toContain('Explain the fall in reintegration');
    expect(theirs.text).toContain('has sent no decisions or actions');
  });

  it('changes the action’s status with its version; a stale form is answered 409 with the form again', async () => {
    // the meeting's own action (the log holds other suites' actions too, on this worker's database)
    const meeting = await board.get(meetingUrl).expect(200);
    const change = /href="(\/national\/decisions\/[0-9a-f-]{36}\/change)"/.exec(meeting.text)![1];
    const form = await board.get(change).expect(200);
    const version = versionOf(form.text);
    const done = await world.post(board, change, change, {
      status: 'done',
      version,
      ...dateBoxes('dueOn', isoDay(-2)),
    });
    expect(done.status).toBe(303);
    const stale = await world.post(board, change, change, {
      status: 'dropped',
      version,
      ...dateBoxes('dueOn', isoDay(-2)),
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('govuk-error-summary');
    expect(stale.text).toContain('has changed since you opened it');
    const mine = await a.lead.get('/board-decisions').expect(200);
    expect(mine.text).toContain('Done');
    expect(mine.text).not.toContain('govuk-tag--red');
  });

  it('refuses the board’s pages to a partnership’s users, and the lead’s page to an officer and to the board', async () => {
    for (const agent of [a.lead, a.officer])
      for (const path of ['/national/decisions', '/national/meetings/new', meetingUrl])
        await agent.get(path).expect(403);
    await a.officer.get('/board-decisions').expect(403);
    const refused = await board.get('/board-decisions').expect(403);
    expect(refused.text).toContain('National Board members see only published, disclosure-controlled figures');
    expect(refused.text).not.toContain('ask your partnership lead');
    const missing = await board.get(`/national/meetings/${a.tenantId}`).expect(404);
    expect(missing.text).toContain('a partnership’s own records are never found for you');
  });
});
