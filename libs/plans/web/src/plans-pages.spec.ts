import { UnitOfWork } from '@rep-hub/platform';
import type TestAgent from 'supertest/lib/agent';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { PlansWebModule } from './plans-web.module';

/**
 * The plan pages over HTTP, as a browser without JavaScript uses them: the home task and the
 * navigation, creating a plan (errors on the same page), editing a section (the subset's help,
 * a bad link named with its line, a stale version showing their text), the stage buttons and the
 * sign-off page with a dissent's reason, and what a member of another LA cannot do.
 */
describe('inclusion plan pages', () => {
  let world: WebWorld;
  let tenantId: string;
  let laId: string;
  let otherLaId: string;
  const agents: Record<'lead' | 'officer' | 'otherOfficer' | 'icb' | 'forum', TestAgent> = {} as never;
  const members: Record<string, string> = {};

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [PlansWebModule] });
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `plw-${unique()}`, name: `Plan pages partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    tenantId = tenant.id;
    const la = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Bolton', laNumber: '350', isLead: true },
      world.adminId,
    );
    const other = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Bury', laNumber: '351' },
      world.adminId,
    );
    laId = la.id;
    otherLaId = other.id;
    const icb = await o.createOrganisation(tenantId, { kind: 'icb', name: 'Greater ICB' }, world.adminId);
    const forum = await o.createOrganisation(
      tenantId,
      { kind: 'parent_carer_forum', name: 'Bolton forum' },
      world.adminId,
    );
    Object.assign(
      agents,
      await world.members(tenantId, [
        ['lead', laId, 'partnership_lead'],
        ['officer', laId, 'la_officer'],
        ['otherOfficer', otherLaId, 'la_officer'],
        ['icb', icb.id, 'icb_member'],
        ['forum', forum.id, 'parent_carer_forum_member'],
      ]),
    );
    await world.app.get(UnitOfWork).forTenant({ tenantId }, async (m) => {
      const [lp] = (await m.query(
        `INSERT INTO local_partnerships (tenant_id, la_id, name) VALUES ($1, $2, 'Bolton partnership') RETURNING id`,
        [tenantId, laId],
      )) as { id: string }[];
      for (const [key, kind, name, org] of [
        ['la', 'local_authority', 'Bolton Council', laId],
        ['icb', 'icb', 'Greater ICB', icb.id],
        ['forum', 'parent_carer_forum', 'Bolton forum', forum.id],
      ]) {
        const [mb] = (await m.query(
          `INSERT INTO local_partnership_members (tenant_id, local_partnership_id, kind, name, organisation_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [tenantId, lp.id, kind, name, org],
        )) as { id: string }[];
        members[key] = mb.id;
      }
    });
  });
  afterAll(() => world?.close());

  it('gives the lead the plans’ home task in place of “Coming soon”, and the navigation item to each role that uses plans', async () => {
    const home = await agents.lead.get('/').expect(200);
    expect(home.text).toContain('href="/plans"');
    expect(home.text).not.toMatch(
      /Local inclusion plans<\/span> <strong class="govuk-tag govuk-tag--grey">Coming soon/,
    );
    for (const who of ['officer', 'icb', 'forum'] as const) {
      const page = await agents[who].get('/').expect(200);
      expect([who, page.text.includes('Inclusion plans')]).toEqual([who, true]);
    }
  });

  let planUrl = '';
  let versionUrl = '';

  it('creates a plan from the form, naming each problem on the same page', async () => {
    const empty = await world.post(agents.officer, '/plans/new', '/plans/new', {});
    expect(empty.status).toBe(400);
    for (const id of ['#title', '#laIds', '#periodStart-day', '#periodEnd-day', '#reviewOn-day'])
      expect([id, empty.text.includes(`href="${id}"`)]).toEqual([id, true]);
    // the officer is offered their own LA only
    expect(empty.text).toContain('Bolton');
    expect(empty.text).not.toContain(`value="${otherLaId}"`);
    const made = await world.post(agents.officer, '/plans/new', '/plans/new', {
      title: 'Bolton plan',
      laIds: laId,
      'periodStart-day': '1',
      'periodStart-month': '4',
      'periodStart-year': '2026',
      'periodEnd-day': '31',
      'periodEnd-month': '3',
      'periodEnd-year': '2029',
      'reviewOn-day': '31',
      'reviewOn-month': '3',
      'reviewOn-year': '2030',
    });
    expect(made.status).toBe(400);
    expect(made.text).toContain('The review date must be in the plan’s period');
    const ok = await world.post(agents.officer, '/plans/new', '/plans/new', {
      title: 'Bolton plan',
      laIds: laId,
      'periodStart-day': '1',
      'periodStart-month': '4',
      'periodStart-year': '2026',
      'periodEnd-day': '31',
      'periodEnd-month': '3',
      'periodEnd-year': '2029',
      'reviewOn-day': '31',
      'reviewOn-month': '3',
      'reviewOn-year': '2027',
    });
    expect(ok.status).toBe(303);
    planUrl = ok.headers['location'];
    const plan = await agents.officer.get(planUrl).expect(200);
    expect(plan.text).toContain('Bolton plan');
    versionUrl = /href="(\/plans\/[^"]+\/versions\/[^"]+)"/.exec(plan.text)![1];
    const list = await agents.icb.get('/plans').expect(200);
    expect(list.text).toContain('Bolton plan');
    expect(list.text).not.toContain('Create a plan');
  });

  it('edits a section with the subset’s help, names a bad link’s line, and shows their text on a stale save', async () => {
    const version = await agents.officer.get(versionUrl).expect(200);
    const editUrl = /href="(\/plans\/[^"]+\/sections\/[^"]+)"/.exec(version.text)![1];
    const edit = await agents.officer.get(editUrl).expect(200);
    expect(edit.text).toContain('data-testid="format-help"');
    expect(edit.text).toContain('[the link text](https://www.example.gov.uk/page)');
    const bad = await world.post(agents.officer, editUrl, editUrl, {
      body: 'Fine\n[x](javascript:alert(1))',
      version: '1',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Line 2: the link “x” must go to an address starting https://');
    const saved = await world.post(agents.officer, editUrl, editUrl, {
      body: '## Needs\n\n- more places\n\n<script>alert(1)</script>',
      themes: ['identification_of_need', 'ap_tiers'],
      version: '1',
    });
    expect(saved.status).toBe(303);
    const shown = await agents.forum.get(versionUrl).expect(200);
    expect(shown.text).toContain('<h3 class="govuk-heading-m">Needs</h3>');
    expect(shown.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(shown.text).not.toContain('<script>alert(1)');
    expect(shown.text).toContain('Identification of need');
    // the other LA's officer may not edit it; a stale version shows their text beside yours
    expect((await agents.otherOfficer.get(editUrl)).status).toBe(403);
    const stale = await world.post(agents.lead, editUrl, editUrl, { body: 'Mine', version: '1' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('data-testid="their-text"');
    expect(stale.text).toContain('## Needs');
  });

  it('moves the version through co-production, sign-off with a dissent and its reason, and publication', async () => {
    const stage = (agent: TestAgent, action: string, version: string) =>
      world.post(agent, versionUrl, `${versionUrl}/transitions`, { action, version });
    expect((await stage(agents.otherOfficer, 'co_produce', '1')).status).toBe(403);
    expect((await stage(agents.officer, 'co_produce', '1')).status).toBe(303);
    const signOff = `${versionUrl}/sign-off`;
    const page = await agents.forum.get(signOff).expect(200);
    expect(page.text).toContain('Bolton forum');
    const noReason = await world.post(agents.forum, signOff, signOff, {
      memberId: members['forum'],
      decision: 'dissent',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Give the reason the organisation dissents');
    expect(
      (
        await world.post(agents.forum, signOff, signOff, {
          memberId: members['forum'],
          decision: 'dissent',
          reason: 'Families heard too late',
        })
      ).status,
    ).toBe(303);
    const early = await stage(agents.officer, 'sign_off', '2');
    expect(early.status).toBe(409);
    expect(early.text).toContain('Still to decide');
    for (const [who, key] of [
      ['officer', 'la'],
      ['icb', 'icb'],
    ] as const)
      expect(
        (await world.post(agents[who], signOff, signOff, { memberId: members[key], decision: 'signed_off' })).status,
      ).toBe(303);
    const decided = await agents.officer.get(versionUrl).expect(200);
    expect(decided.text).toContain('3 of 3 member organisations have decided');
    expect(decided.text).toMatch(
      /data-testid="forum-position"[\s\S]*Bolton forum: <strong>Dissented<\/strong>\. “Families heard too late”/,
    );
    expect((await stage(agents.officer, 'sign_off', '2')).status).toBe(303);
    expect((await stage(agents.officer, 'publish', '3')).status).toBe(303);
    const published = await agents.icb.get(versionUrl).expect(200);
    expect(published.text).toContain('Published');
    expect(published.text).toMatch(/PDF of this version: (Being made|Ready)/);
    const plan = await agents.officer.get(planUrl).expect(200);
    expect(plan.text).toContain('Start a new version');
  });
});
