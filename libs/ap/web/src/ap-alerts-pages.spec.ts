import { academicYearOf, AlertsService, RaisedAlert } from '@rep-hub/ap-domain';
import { TenantRoleCode } from '@rep-hub/auth';
import { UnitOfWork } from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { isoDay, unique, versionOf, WebWorld } from '@rep-hub/web-surface/testing';
import { startWebWorld } from './testing/ap-web-world';

/**
 * The AP alert pages over HTTP, as a browser without JavaScript uses them: each role's list and
 * links, the case page's open alerts, and closing an alert with a recorded decision (a
 * children-missing-education decision by the LA's officer, with a note, errors on the same page).
 */
describe('AP alert pages', () => {
  let world: WebWorld;
  let uow: UnitOfWork;
  let tenantId: string;
  let laId: string;
  let caseId: string;
  let pupilName: string;
  let raised: RaisedAlert[] = [];
  const agents: Record<'officer' | 'otherOfficer' | 'school' | 'provider' | 'lead', TestAgent> = {} as never;
  const post = (agent: TestAgent, from: string, to: string, fields: Record<string, string>) =>
    world.post(agent, from, to, fields);
  const alert = (kind: string) => raised.find((a) => a.kind === kind)!;

  beforeAll(async () => {
    world = await startWebWorld();
    uow = world.app.get(UnitOfWork);
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `apal-${unique()}`, name: `AP alert partnership ${unique()}`, region: 'East Midlands' },
      world.adminId,
    );
    tenantId = tenant.id;
    const la = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Derby City Council', laNumber: '831', isLead: true },
      world.adminId,
    );
    const other = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Nottingham City Council', laNumber: '892' },
      world.adminId,
    );
    laId = la.id;
    const school = await o.createOrganisation(
      tenantId,
      {
        kind: 'school',
        name: 'Hill Top Academy',
        urn: String(100000 + Math.floor(Math.random() * 899999)),
        localAuthorityId: laId,
      },
      world.adminId,
    );
    const providerOrg = await o.createOrganisation(
      tenantId,
      {
        kind: 'ap_provider',
        name: 'Derwent Learning Centre',
        ukprn: String(10000000 + Math.floor(Math.random() * 9999999)),
      },
      world.adminId,
    );
    const members: [keyof typeof agents, string, TenantRoleCode][] = [
      ['officer', laId, 'la_officer'],
      ['otherOfficer', other.id, 'la_officer'],
      ['school', school.id, 'setting_staff'],
      ['provider', providerOrg.id, 'ap_provider_staff'],
      ['lead', laId, 'partnership_lead'],
    ];
    Object.assign(agents, await world.members(tenantId, members));
    // a school's referral to Derby, placed at the provider 14 days ago, with a tier 2 planned end of
    // yesterday and no attendance: the clocks raise a tier 2 overrun and an attendance alert
    pupilName = `Alerted${unique()}`;
    caseId = await uow.forTenant({ tenantId, laIds: [laId] }, async (m) => {
      const [provider] = (await m.query(
        `INSERT INTO ap_providers (tenant_id, name, provider_type, ukprn, tiers, organisation_id) VALUES ($1, $2, 'pru', $3, ARRAY['tier_2'], $4) RETURNING id`,
        [tenantId, `Derwent ${unique()}`, providerOrg.ukprn, providerOrg.id],
      )) as { id: string }[];
      // Derby commissions places there: the provider's staff see Derby's rows (wall 2)
      await m.query(
        `INSERT INTO ap_commissioned_places (tenant_id, provider_id, la_id, tier, academic_year, places) VALUES ($1, $2, $3, 'tier_2', $4, 5)`,
        [tenantId, provider.id, laId, academicYearOf(new Date())],
      );
      const [pupil] = (await m.query(
        `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth, setting_id, current_school_id) VALUES ($1, $2, 'UN2', $3, 'Pagetest', '2013-05-02', $4, $4) RETURNING id`,
        [tenantId, laId, pupilName, school.id],
      )) as { id: string }[];
      const [c] = (await m.query(
        `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, setting_id, reason, requested_tier, family_views, child_views, status, tier, provider_id)
         VALUES ($1, $2, $3, 'school_referral', $4, 'suspension', 'tier_2', 'Agree', 'Agree', 'placement_active', 'tier_2', $5) RETURNING id`,
        [tenantId, laId, pupil.id, school.id, provider.id],
      )) as { id: string }[];
      await m.query(
        `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end, started_on)
         VALUES ($1, $2, $3, $4, 'tier_2', '2026/27', 'active', $5, $6, $5)`,
        [tenantId, c.id, laId, provider.id, isoDay(-14), isoDay(-1)],
      );
      return c.id;
    });
    raised = await uow.forTenant({ tenantId, laIds: [laId, other.id] }, (m) =>
      world.app.get(AlertsService).raiseAlerts(m, tenantId, isoDay(0)),
    );
  });
  afterAll(() => world?.close());

  it('links each role’s home and the navigation to the alerts, and refuses the roles that see none', async () => {
    for (const who of ['officer', 'school', 'provider'] as const) {
      const home = await agents[who].get('/').expect(200);
      expect([who, home.text.includes('href="/ap/alerts"')]).toEqual([who, true]);
    }
    expect((await agents.officer.get('/').expect(200)).text).toMatch(
      /<a class="govuk-service-navigation__link" href="\/ap\/alerts"/,
    );
    const refused = await agents.lead.get('/ap/alerts');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('You cannot see this page');
  });

  it('lists the open alerts newest first with links to the case, filters by kind, and shows a provider only its kinds', async () => {
    expect(raised.map((a) => a.kind).sort()).toEqual(['attendance_missing', 'tier2_overrun']);
    const list = await agents.officer.get('/ap/alerts').expect(200);
    expect(list.text).toContain('data-testid="alerts"');
    for (const a of raised) expect(list.text).toContain(`href="/ap/alerts/${a.id}"`);
    expect(list.text).toContain(`href="/ap/cases/${caseId}"`);
    expect(list.text).toContain('Tier 2 placement past its planned end');
    expect(list.text).not.toContain(pupilName);
    const filtered = await agents.officer.get('/ap/alerts?kind=tier2_overrun').expect(200);
    expect(filtered.text).toContain(`href="/ap/alerts/${alert('tier2_overrun').id}"`);
    expect(filtered.text).not.toContain(`href="/ap/alerts/${alert('attendance_missing').id}"`);
    expect((await agents.officer.get('/ap/alerts?kind=severe_absence').expect(200)).text).toContain(
      'No open alerts of this kind.',
    );
    // the other LA's officer sees none of Derby's alerts, and cannot open one
    expect((await agents.otherOfficer.get('/ap/alerts').expect(200)).text).toContain(
      'There are no open alerts for you.',
    );
    expect((await agents.otherOfficer.get(`/ap/alerts/${alert('tier2_overrun').id}`)).status).toBe(404);
    expect((await agents.officer.get(`/ap/alerts/${randomUUID()}`)).status).toBe(404);
    // the provider sees both (they are its kinds) but records no decision
    const provider = await agents.provider.get(`/ap/alerts/${alert('attendance_missing').id}`).expect(200);
    expect(provider.text).toContain('Attendance not received');
    expect(provider.text).not.toContain('name="decision"');
  });

  it('shows the case’s open alerts on the case page', async () => {
    const page = await agents.officer.get(`/ap/cases/${caseId}`).expect(200);
    expect(page.text).toContain('data-testid="case-alerts"');
    expect(page.text).toContain('2 open alerts on this case');
    for (const a of raised) expect(page.text).toContain(`href="/ap/alerts/${a.id}"`);
  });

  it('records a children-missing-education decision with a note, with errors on the page, and puts it in the case timeline', async () => {
    const path = `/ap/alerts/${alert('attendance_missing').id}`;
    const page = await agents.officer.get(path).expect(200);
    expect(page.text).toContain('value="cme_referral_made"');
    expect(page.text).toContain('REP Hub never makes one');
    const version = versionOf(page.text);
    const none = await post(agents.officer, path, path, { version, note: '' });
    expect(none.status).toBe(400);
    expect(none.text).toMatch(/<title>Error: Attendance not received/);
    expect(none.text).toContain('<a href="#decision">Choose the decision</a>');
    const noNote = await post(agents.officer, path, path, { version, decision: 'cme_referral_made', note: '' });
    expect(noNote.status).toBe(400);
    expect(noNote.text).toContain('<a href="#note">Say why: a children-missing-education decision needs a note</a>');
    // the school may close it, but never with a children-missing-education decision
    const schoolPage = await agents.school.get(path).expect(200);
    expect(schoolPage.text).toContain('value="noted"');
    expect(schoolPage.text).not.toContain('value="cme_referral_made"');

    const done = await post(agents.officer, path, path, {
      version,
      decision: 'cme_referral_made',
      note: 'Referred to the CME team on the phone.',
    });
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe(path);
    const closed = await agents.officer.get(path).expect(200);
    expect(closed.text).toContain('Alert closed');
    expect(closed.text).toContain('data-testid="alert-decision"');
    expect(closed.text).toContain('Children missing education: referral made');
    expect(closed.text).toContain('Referred to the CME team on the phone.');
    // a second tab still showing the old version
    const stale = await post(agents.officer, `/ap/alerts/${alert('tier2_overrun').id}`, path, {
      version,
      decision: 'noted',
      note: '',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('data-testid="alert-conflict"');

    const c = await agents.officer.get(`/ap/cases/${caseId}`).expect(200);
    expect(c.text).toContain('Children missing education: decision recorded');
    expect(c.text).toContain('1 open alert on this case');
    expect(c.text).not.toContain(`href="${path}"`);
    expect((await agents.officer.get('/ap/alerts').expect(200)).text).not.toContain(`href="${path}"`);
  });

  it('refuses a close posted without the CSRF token, and a provider’s close', async () => {
    const path = `/ap/alerts/${alert('tier2_overrun').id}`;
    expect((await agents.officer.post(path).type('form').send({ decision: 'noted', version: '1' })).status).toBe(403);
    expect((await post(agents.provider, path, path, { decision: 'noted', version: '1' })).status).toBe(403);
    expect((await agents.officer.get(path).expect(200)).text).toContain('name="decision"');
  });
});
