import { academicYearOf } from '@rep-hub/ap-domain';
import { TenantRoleCode } from '@rep-hub/auth';
import { UnitOfWork } from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { dateBoxes, isoDay, unique, UUID, versionOf, WebWorld } from '@rep-hub/web-surface/testing';
import { decideThroughPages, startWebWorld } from './testing/ap-web-world';

/** A date as the three boxes of a GOV.UK date input. */

/**
 * The AP case pages over HTTP, as a browser without JavaScript uses them: each role's list, the
 * panel's tray, the provider's offers, the lead's pseudonymised picture, an LA's practice, the
 * referral journey with check answers, and every step of a case through its question pages.
 */
describe('AP case pages', () => {
  let world: WebWorld;
  let uow: UnitOfWork;
  let tenantId: string;
  let laId: string;
  let otherLaId: string;
  let sharingLaId: string;
  let schoolId: string;
  let providerId: string;
  let providerName: string;
  const agents: Record<'officer' | 'otherOfficer' | 'school' | 'provider' | 'lead' | 'workforce', TestAgent> =
    {} as never;
  const post = (agent: TestAgent, from: string, to: string, fields: Record<string, string | string[]>) =>
    world.post(agent, from, to, fields);

  /** A pupil the school recorded (the pupil pages have their own suite). */
  async function schoolPupil(givenName: string): Promise<string> {
    const [row] = (await uow.forTenant({ tenantId, laIds: [laId] }, (m) =>
      m.query(
        `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth, setting_id, current_school_id)
         VALUES ($1, $2, 'UN2', $3, 'Pagetest', '2013-05-02', $4, $4) RETURNING id`,
        [tenantId, laId, givenName, schoolId],
      ),
    )) as { id: string }[];
    return row.id;
  }

  const referralAnswers = (pupilId: string, extra: Record<string, string> = {}) => ({
    pupilId,
    reason: 'suspension',
    reasonDetail: 'Three suspensions this term.',
    requestedTier: 'tier_2',
    exclusionType: 'suspension',
    ...dateBoxes('exclusionStart', '2026-11-16'),
    exclusionDays: '7',
    familyViews: 'Parents support a short placement.',
    childViews: 'Would like smaller classes.',
    ...extra,
  });

  /** Answers a case's question pages from `url` on; returns where they lead (check answers) and the pages' names. */
  async function answerQuestions(agent: TestAgent, url: string, answers: Record<string, string>) {
    const { to, pages } = await world.submitPages(agent, url, answers, '/ap/cases/new/questions/');
    return { to, steps: pages.map((p) => p.split('/').pop()!) };
  }

  /** A referral through the journey (the pupil, the questions, check answers, send); returns the case's path. */
  async function refer(pupilId: string, extra: Record<string, string> = {}): Promise<string> {
    const chosen = await world.submit(agents.school, '/ap/cases/new?route=school_referral', { pupilId });
    expect(chosen.status).toBe(303);
    expect(chosen.headers['location']).toMatch(
      /^\/ap\/cases\/new\/questions\/reason\?route=school_referral&journey=[\w-]{22}$/,
    );
    const answered = await answerQuestions(agents.school, chosen.headers['location'], referralAnswers(pupilId, extra));
    expect(answered.to).toMatch(/^\/ap\/cases\/new\/check\?route=school_referral&journey=[\w-]{22}$/);
    const sent = await world.submit(agents.school, answered.to, {});
    expect(sent.status).toBe(303);
    expect(sent.headers['location']).toMatch(new RegExp(`^/ap/cases/${UUID}$`));
    return sent.headers['location'];
  }

  /** Takes an action through its page (with the version the page shows). */
  async function act(agent: TestAgent, path: string, action: string, fields: Record<string, string>) {
    const page = await agent.get(`${path}/${action}`).expect(200);
    return post(agent, `${path}/${action}`, `${path}/${action}`, { version: versionOf(page.text), ...fields });
  }

  beforeAll(async () => {
    world = await startWebWorld();
    uow = world.app.get(UnitOfWork);
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `apc-${unique()}`, name: `AP case partnership ${unique()}`, region: 'East Midlands' },
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
    // Derby shares with Leicester (for the lead's picture), never with Nottingham
    const sharing = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Leicester City Council', laNumber: '856' },
      world.adminId,
    );
    laId = la.id;
    otherLaId = other.id;
    sharingLaId = sharing.id;
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
    schoolId = school.id;
    const providerOrg = await o.createOrganisation(
      tenantId,
      {
        kind: 'ap_provider',
        name: 'Derwent Learning Centre',
        ukprn: String(10000000 + Math.floor(Math.random() * 9999999)),
      },
      world.adminId,
    );
    const training = await o.createOrganisation(
      tenantId,
      { kind: 'training_provider', name: 'Peak Training' },
      world.adminId,
    );
    const members: [keyof typeof agents, string, TenantRoleCode][] = [
      ['officer', laId, 'la_officer'],
      ['otherOfficer', otherLaId, 'la_officer'],
      ['school', schoolId, 'setting_staff'],
      ['provider', providerOrg.id, 'ap_provider_staff'],
      ['lead', laId, 'partnership_lead'],
      ['workforce', training.id, 'workforce_lead'],
    ];
    Object.assign(agents, await world.members(tenantId, members));
    // the provider's directory entry: checks in date, tier 2 places commissioned by Derby this year
    providerName = `Derwent Learning Centre ${unique()}`;
    providerId = await uow.forTenant({ tenantId }, async (m) => {
      const [p] = (await m.query(
        `INSERT INTO ap_providers (tenant_id, name, provider_type, ukprn, tiers, organisation_id) VALUES ($1, $2, 'pru', $3, ARRAY['tier_2', 'tier_3'], $4) RETURNING id`,
        [tenantId, providerName, providerOrg.ukprn, providerOrg.id],
      )) as { id: string }[];
      for (const kind of ['due_diligence', 'safeguarding', 'insurance']) {
        await m.query(
          `INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on) VALUES ($1, $2, $3, current_date - 30, current_date + 300)`,
          [tenantId, p.id, kind],
        );
      }
      await m.query(
        `INSERT INTO ap_commissioned_places (tenant_id, provider_id, la_id, tier, academic_year, places) VALUES ($1, $2, $3, 'tier_2', $4, 5)`,
        [tenantId, p.id, laId, academicYearOf(new Date())],
      );
      return p.id;
    });
  });
  afterAll(() => world?.close());

  it('links each role’s home to its AP case pages', async () => {
    const links: [keyof typeof agents, string[]][] = [
      ['officer', ['/ap/panel', '/ap/cases', '/ap/la-settings']],
      ['school', ['/ap/cases/new?route=school_referral', '/ap/cases/new?route=school_commission', '/ap/cases']],
      ['provider', ['/ap/placements#offers', '/ap/placements#placements']],
      ['lead', ['/ap/case-summaries', '/ap/la-settings']],
    ];
    for (const [who, hrefs] of links) {
      const home = await agents[who].get('/').expect(200);
      for (const href of hrefs) expect([who, home.text.includes(`href="${href}"`)]).toEqual([who, true]);
    }
    const home = await agents.officer.get('/').expect(200);
    expect(home.text).toMatch(/<a class="govuk-service-navigation__link" href="\/ap\/cases"/);
    // the panel, pupils, reviews and measures are in the officer's navigation, each marked current on its own pages only
    for (const href of ['/ap/panel', '/ap/pupils', '/ap/reviews', '/ap/alerts', '/ap/measures'])
      expect([href, home.text.includes(`<a class="govuk-service-navigation__link" href="${href}"`)]).toEqual([
        href,
        true,
      ]);
    expect(home.text).not.toMatch(/href="\/ap\/cases" aria-current/);
    const panel = (await agents.officer.get('/ap/panel').expect(200)).text;
    expect(panel).toMatch(/href="\/ap\/panel" aria-current="(true|page)"/);
    expect(panel).not.toMatch(/href="\/ap\/cases" aria-current/);
    expect((await agents.officer.get('/ap/cases').expect(200)).text).toMatch(
      /href="\/ap\/cases" aria-current="(true|page)"/,
    );
    // a school has its pupils but not the panel; a provider its reviews but not the pupils
    const schoolHome = (await agents.school.get('/').expect(200)).text;
    expect(schoolHome).toContain('<a class="govuk-service-navigation__link" href="/ap/pupils"');
    expect(schoolHome).not.toContain('href="/ap/panel"');
    const providerHome = (await agents.provider.get('/').expect(200)).text;
    expect(providerHome).toContain('<a class="govuk-service-navigation__link" href="/ap/reviews"');
    expect(providerHome).not.toContain('<a class="govuk-service-navigation__link" href="/ap/pupils"');
    // the lead has the pseudonymised picture instead
    const lead = (await agents.lead.get('/').expect(200)).text;
    expect(lead).toMatch(/<a class="govuk-service-navigation__link" href="\/ap\/case-summaries"/);
    expect(lead).not.toMatch(/<a class="govuk-service-navigation__link" href="\/ap\/cases"/);
  });

  it('answers 403 to the roles that cannot use a page', async () => {
    const refused: [keyof typeof agents, string][] = [
      ['lead', '/ap/cases'],
      ['workforce', '/ap/cases'],
      ['workforce', '/ap/panel'],
      ['school', '/ap/panel'],
      ['provider', '/ap/panel'],
      ['officer', '/ap/placements'],
      ['school', '/ap/placements'],
      ['officer', '/ap/case-summaries'],
      ['provider', '/ap/cases/new'],
      ['lead', '/ap/cases/new'],
      ['officer', '/ap/cases/new?route=school_referral'],
      ['officer', `/ap/la-settings/${otherLaId}`],
      ['school', `/ap/la-settings/${laId}`],
    ];
    for (const [who, path] of refused) {
      const res = await agents[who].get(path);
      expect([who, path, res.status]).toEqual([who, path, 403]);
      expect(res.text).toContain('You cannot see this page');
    }
  });

  it('tells the lead when there is no data-sharing agreement, and shows pseudonyms only when there is one', async () => {
    const name = `Pseudo${unique()}`;
    await refer(await schoolPupil(name));
    const none = await agents.lead.get('/ap/case-summaries').expect(200);
    expect(none.text).toContain('data-testid="no-agreement"');
    expect(none.text).toContain('There is no data-sharing agreement in force');

    await uow.forTenant({ tenantId }, async (m) => {
      const [a] = (await m.query(
        `INSERT INTO data_sharing_agreements (tenant_id, title, purpose, grants_partnership_view, starts_on, status, confirmed_at)
         VALUES ($1, 'Derby and Leicester AP', 'The partnership picture', true, current_date - 1, 'confirmed', now()) RETURNING id`,
        [tenantId],
      )) as { id: string }[];
      for (const la of [laId, sharingLaId])
        await m.query(
          `INSERT INTO data_sharing_agreement_parties (tenant_id, agreement_id, la_id, confirmed_at, confirmed_by) VALUES ($1, $2, $3, now(), $2)`,
          [tenantId, a.id, la],
        );
    });
    const shared = await agents.lead.get('/ap/case-summaries').expect(200);
    expect(shared.text).not.toContain('no-agreement');
    expect(shared.text).toMatch(/AP-\d{6}/);
    expect(shared.text).toMatch(/[0-9a-f]{16}/);
    expect(shared.text).not.toContain(name);
    expect(shared.text).not.toContain('Pagetest');
  });

  it('counts on each role’s home page what waits for them, as far as they may see, with links to act', async () => {
    /** The count a home page shows in words ("No cases at panel", "1 case at panel", "3 cases at panel"). */
    const counted = async (who: keyof typeof agents, words: string) => {
      const text = (await agents[who].get('/').expect(200)).text;
      const m = new RegExp(`(No|\\d+) ${words}`).exec(text);
      expect([who, words, !!m]).toEqual([who, words, true]);
      return m![1] === 'No' ? 0 : Number(m![1]);
    };
    const before = {
      panel: await counted('officer', 'cases? at panel'),
      other: await counted('otherOfficer', 'cases? at panel'),
      school: await counted('school', 'referrals? waiting for the panel'),
      offers: await counted('provider', 'offers? waiting'),
    };
    await refer(await schoolPupil(`Counted${unique()}`));
    expect(await counted('officer', 'cases? at panel')).toBe(before.panel + 1);
    expect(await counted('school', 'referrals? waiting for the panel')).toBe(before.school + 1);
    // another LA's officer and the provider (offered nothing) count none of it
    expect(await counted('otherOfficer', 'cases? at panel')).toBe(before.other);
    expect(await counted('provider', 'offers? waiting')).toBe(before.offers);
    // what waits is listed first, each a link to where it is done
    const home = (await agents.officer.get('/').expect(200)).text;
    expect(home).toMatch(
      /data-testid="waiting">\s*<li><a class="govuk-link" href="\/ap\/panel">\d+ cases? at panel<\/a>/,
    );
    expect(home).toMatch(/(No|\d+) reviews? overdue/);
    expect(home).toMatch(/(No|\d+) alerts? open/);
    expect((await agents.provider.get('/').expect(200)).text).toMatch(
      /(No|\d+) placements? with attendance not received/,
    );
    // the lead sees no child's case: no counts of them
    expect((await agents.lead.get('/').expect(200)).text).not.toContain('data-testid="task-count"');
  });

  it('takes a referral from the school’s journey through triage, screening, the panel’s offer, acceptance and start', async () => {
    const name = `Referral${unique()}`;
    const pupilId = await schoolPupil(name);

    // the journey: the pupil, the questions, then check answers with the sixth-day duty and Change links
    const first = await agents.school.get('/ap/cases/new?route=school_referral').expect(200);
    expect(first.text).toContain('<h1 class="govuk-heading-l">Refer a pupil</h1>');
    expect(first.text).toContain(`${'Pagetest'}, ${name}`);
    expect(first.text).toContain('id="pupilId"');
    const chosen = await world.submit(agents.school, '/ap/cases/new?route=school_referral', { pupilId });
    expect(chosen.status).toBe(303);
    // one question a page, the question its heading; the reason's page asks nothing else
    const form = await agents.school.get(chosen.headers['location']).expect(200);
    expect(form.text).toContain(
      '<h1 class="govuk-fieldset__heading">Why does the pupil need alternative provision?</h1>',
    );
    expect(form.text).toContain(`For <strong>${name} Pagetest</strong>`);
    for (const id of ['requestedTier', 'exclusionType', 'exclusionStart-day', 'familyViews', 'childViews'])
      expect([id, form.text.includes(`id="${id}"`)]).toEqual([id, false]);
    // the suspension's details are asked on their own page, only after "Yes, suspended"
    const detailsUrl = (chosen.headers['location'] as string).replace('/reason?', '/exclusion-details?');
    expect((await agents.school.get(detailsUrl)).headers['location']).toBe(chosen.headers['location']);
    const answered = await answerQuestions(agents.school, chosen.headers['location'], referralAnswers(pupilId));
    expect(answered.steps).toEqual(['reason', 'tier', 'exclusion', 'exclusion-details', 'family-views', 'child-views']);
    const details = await agents.school.get(detailsUrl).expect(200);
    expect(details.text).toContain('<h1 class="govuk-heading-l">About the suspension</h1>');
    for (const id of ['exclusionStart-day', 'exclusionDays'])
      expect([id, details.text.includes(`id="${id}"`)]).toEqual([id, true]);
    expect(details.text).not.toContain('aria-expanded');
    const views = await agents.school.get(detailsUrl.replace('/exclusion-details?', '/family-views?')).expect(200);
    expect(views.text).toContain('public task');
    const checkUrl = answered.to;
    const journey = /journey=([\w-]{22})/.exec(checkUrl)![1];
    const check = await agents.school.get(checkUrl).expect(200);
    expect(check.text).toContain('Check your answers before sending the referral');
    expect(check.text).toContain(`${name} Pagetest, born 2 May 2013`);
    expect(check.text).toContain('7 school days from 16 November 2026');
    expect(check.text).toContain('The school must provide full-time education from 23 November 2026.');
    expect(check.text).toContain(
      `href="/ap/cases/new/questions/family-views?route=school_referral&amp;journey=${journey}#familyViews"`,
    );
    // a Change link back to check answers; "No" there drops the details, which are then not shown
    const exclusionUrl = detailsUrl.replace('/exclusion-details?', '/exclusion?');
    const changed = await world.submit(agents.school, exclusionUrl, { exclusionType: 'none' });
    expect(changed.headers['location']).toBe(checkUrl);
    expect((await agents.school.get(checkUrl).expect(200)).text).not.toContain('16 November 2026');
    expect((await agents.school.get(detailsUrl)).status).toBe(303);
    // "Yes" again asks the details again before check answers
    const yes = await world.submit(agents.school, exclusionUrl, { exclusionType: 'suspension' });
    expect(yes.headers['location']).toBe(detailsUrl);
    const redone = await world.submit(agents.school, detailsUrl, referralAnswers(pupilId));
    expect(redone.headers['location']).toBe(checkUrl);
    const sent = await world.submit(agents.school, checkUrl, {});
    expect(sent.status).toBe(303);
    const path = sent.headers['location'] as string;
    const opened = await agents.school.get(path).expect(200);
    expect(opened.text).toContain('govuk-notification-banner--success');
    expect(opened.text).toMatch(/Referral AP-\d{6} sent/);
    expect(opened.text).toContain('Public task');
    expect(opened.text).toContain('Parents support a short placement.');
    expect(opened.text).toContain('data-testid="sixth-day-duty"');
    // a contents list to the page's sections
    const contents = opened.text.slice(opened.text.indexOf('data-testid="case-contents"'));
    for (const section of ['pupil', 'referral', 'exclusion', 'panel', 'timeline']) {
      expect([section, contents.includes(`href="#${section}"`), opened.text.includes(`id="${section}"`)]).toEqual([
        section,
        true,
        true,
      ]);
    }
    expect(opened.text).toContain('class="moj-timeline"');
    expect(opened.text).toContain('Referred to the LA by the school');
    expect(opened.text).toContain(`href="${path}/withdraw"`);
    // the journey has ended: its check page starts again
    const again = await agents.school.get(checkUrl);
    expect(again.status).toBe(303);
    expect(again.headers['location']).toBe('/ap/cases/new?route=school_referral');

    // the officer's list, filters and the panel's tray
    const list = await agents.officer.get('/ap/cases?stage=panel').expect(200);
    expect(list.text).toContain(`${name} Pagetest`);
    expect(list.text).toContain(`href="${path}"`);
    expect((await agents.officer.get('/ap/cases?stage=placements').expect(200)).text).not.toContain(`${name} Pagetest`);
    const tray = await agents.officer.get('/ap/panel').expect(200);
    expect(tray.text).toContain('Not triaged yet: no panel date');
    expect(tray.text).toContain(`${name} Pagetest`);
    // how long each case has waited, and the sixth school day of its exclusion (7 days from 16 November 2026)
    expect(tray.text).toMatch(/<th[^>]*>Waiting<\/th>[\s\S]*<th[^>]*>Sixth school day<\/th>/);
    const trayRow = tray.text.slice(
      tray.text.indexOf(`${name} Pagetest`),
      tray.text.indexOf('</tr>', tray.text.indexOf(`${name} Pagetest`)),
    );
    expect(trayRow).toContain('Since today');
    expect(trayRow).toContain('23 November 2026');
    expect(tray.text).toContain(`href="/ap/la-settings/${laId}"`);

    // triage: a bad form first, with the error linked to its field
    const triage = await agents.officer.get(`${path}/triage`).expect(200);
    expect(triage.text).toContain('name="version" value="1"');
    const empty = await post(agents.officer, `${path}/triage`, `${path}/triage`, {
      version: '1',
      'panelDate-day': '',
      'panelDate-month': '',
      'panelDate-year': '',
    });
    expect(empty.status).toBe(400);
    expect(empty.text).toMatch(
      /<a href="#urgency">Choose the urgency<\/a>[\s\S]*<a href="#panelDate-day">Enter the panel date<\/a>/,
    );
    const bad = await post(agents.officer, `${path}/triage`, `${path}/triage`, {
      version: '1',
      urgency: '',
      ...dateBoxes('panelDate', isoDay(7)),
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/<title>Error: Triage the case/);
    expect(bad.text).toContain('<a href="#urgency">Choose the urgency</a>');
    const notReal = await post(agents.officer, `${path}/triage`, `${path}/triage`, {
      version: '1',
      urgency: 'high',
      'panelDate-day': '31',
      'panelDate-month': '2',
      'panelDate-year': '2030',
    });
    expect(notReal.status).toBe(400);
    expect(notReal.text).toContain('<a href="#panelDate-day">The panel date must be a real date</a>');
    const triaged = await post(agents.officer, `${path}/triage`, `${path}/triage`, {
      version: '1',
      urgency: 'high',
      ...dateBoxes('panelDate', isoDay(7)),
      note: 'Out of school since the suspension',
    });
    expect(triaged.status).toBe(303);
    expect(triaged.headers['location']).toBe(path);
    const afterTriage = await agents.officer.get(path).expect(200);
    expect(afterTriage.text).toContain('Case triaged');
    expect(afterTriage.text).toContain('Out of school since the suspension');

    // screen (the note is needed), then the panel's decision: an offer to the provider
    const noNote = await act(agents.officer, path, 'screen', { note: '' });
    expect(noNote.status).toBe(400);
    expect(noNote.text).toContain('<a href="#note">');
    expect((await act(agents.officer, path, 'screen', { note: 'Ready for panel' })).status).toBe(303);
    // the panel's decision: the decision, then only what it needs, then check answers before the provider is told
    const decide = await agents.officer.get(`${path}/decide`).expect(200);
    expect(decide.text).toContain('What did the panel decide?');
    expect(decide.text).not.toContain('id="providerId"');
    const noDecision = await world.submit(agents.officer, `${path}/decide`, {});
    expect(noDecision.status).toBe(400);
    expect(noDecision.text).toContain('<a href="#decision">Choose the decision</a>');
    // a decline asks only why
    const declining = await world.submit(agents.officer, `${path}/decide`, { decision: 'decline' });
    expect(declining.status).toBe(303);
    const why = await agents.officer.get(declining.headers['location']).expect(200);
    expect(why.text).toContain('Why did the panel decline?');
    expect(why.text).not.toContain('id="providerId"');
    expect(why.text).not.toContain('id="tier"');
    // the same instance, changed to an offer: the provider and the tier, and the note for the provider
    const instance = /journey=([\w-]{22})/.exec(declining.headers['location'])![1];
    const offering = await world.submit(agents.officer, `${path}/decide?journey=${instance}`, { decision: 'offer' });
    expect(offering.headers['location']).toBe(`${path}/decide/details?journey=${instance}`);
    const offerDetails = await agents.officer.get(offering.headers['location']).expect(200);
    expect(offerDetails.text).toContain(providerName);
    expect(offerDetails.text).toContain('Notes for the provider (optional)');
    const noProvider = await world.submit(agents.officer, offering.headers['location'], {
      providerId: '',
      tier: 'tier_2',
    });
    expect(noProvider.status).toBe(400);
    expect(noProvider.text).toContain('<a href="#providerId">Choose the provider to offer the place to</a>');
    const detailed = await world.submit(agents.officer, offering.headers['location'], {
      providerId,
      tier: 'tier_2',
      note: 'Tier 2 for a term',
    });
    expect(detailed.headers['location']).toBe(`${path}/decide/check?journey=${instance}`);
    const checkDecision = await agents.officer.get(detailed.headers['location']).expect(200);
    expect(checkDecision.text).toContain('Check the panel’s decision before it is recorded');
    const answersList = checkDecision.text.slice(checkDecision.text.indexOf('data-testid="decision-answers"'));
    expect(answersList).toContain('Offer a place');
    expect(answersList).toContain(providerName);
    expect(answersList).toContain('Tier 2 for a term');
    expect(answersList).toContain(`href="${path}/decide/details?journey=${instance}#providerId"`);
    // nothing is decided, and the provider is told nothing, before check answers is confirmed
    expect((await agents.provider.get('/ap/placements').expect(200)).text).not.toContain(`${name} Pagetest`);
    expect((await agents.officer.get(path).expect(200)).text).not.toContain('Panel decision: offer');
    const confirmed = await world.submit(agents.officer, detailed.headers['location'], {});
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers['location']).toBe(path);
    // decided: the journey's pages answer 409 (the case takes no panel decision now)
    expect((await agents.officer.get(detailed.headers['location'])).status).toBe(409);

    // the provider: the offer is waiting; accept (a date that is not real first), then start
    const waiting = await agents.provider.get('/ap/placements').expect(200);
    expect(waiting.text).toContain(`${name} Pagetest`);
    const badDate = await act(agents.provider, path, 'accept', {
      'plannedStart-day': '40',
      'plannedStart-month': '1',
      'plannedStart-year': '2030',
    });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('<a href="#plannedStart-day">The planned start date must be a real date</a>');
    expect((await act(agents.provider, path, 'accept', dateBoxes('plannedStart', isoDay(0)))).status).toBe(303);
    expect((await act(agents.provider, path, 'start', dateBoxes('startedOn', isoDay(0)))).status).toBe(303);
    const active = await agents.provider.get(path).expect(200);
    expect(active.text).toContain('Placement started');
    expect(active.text).toContain('In placement');
    expect(active.text).toContain(`href="${path}/end"`);
    // warnings that no longer apply go: the sixth-day duty once placed, and the panel date still to come
    expect(active.text).not.toContain('data-testid="sixth-day-duty"');
    expect(active.text).not.toMatch(/summary-list__key">\s*Panel date/);
    expect(opened.text).toMatch(/summary-list__key">\s*Panel date/);
    for (const label of [
      'Triaged',
      'Screened for panel',
      'Panel decision: offer',
      'Offer accepted by the provider',
      'Placement started',
    ])
      expect([label, active.text.includes(label)]).toEqual([label, true]);
    const placements = await agents.provider.get('/ap/placements').expect(200);
    expect(placements.text).toMatch(new RegExp(`id="placements"[\\s\\S]*${name} Pagetest`));

    // the end, with a destination
    const end = await agents.provider.get(`${path}/end`).expect(200);
    expect(end.text).toContain('Returned to home school');
    const noDestination = await act(agents.provider, path, 'end', {
      ...dateBoxes('endedOn', isoDay(0)),
      note: 'Planned end',
    });
    expect(noDestination.status).toBe(400);
    expect(noDestination.text).toContain('<a href="#destination">Choose the destination</a>');
    expect(
      (
        await act(agents.provider, path, 'end', {
          ...dateBoxes('endedOn', isoDay(0)),
          destination: 'returned_to_home_school',
          note: 'Planned end',
        })
      ).status,
    ).toBe(303);
    const ended = await agents.school.get(path).expect(200);
    expect(ended.text).toContain('Returned to home school');
    expect(ended.text).toContain('There is nothing for you to do on this case now.');
  });

  it('marks on the next offer’s page the provider that declined this case, and when', async () => {
    const path = await refer(await schoolPupil(`Declined${unique()}`));
    const triage = await agents.officer.get(`${path}/triage`).expect(200);
    expect(
      (
        await post(agents.officer, `${path}/triage`, `${path}/triage`, {
          version: versionOf(triage.text),
          urgency: 'standard',
          ...dateBoxes('panelDate', isoDay(7)),
        })
      ).status,
    ).toBe(303);
    expect((await act(agents.officer, path, 'screen', { note: 'Ready for panel' })).status).toBe(303);
    const before = await agents.officer.get(`${path}/decide`).expect(200);
    expect(before.text).not.toContain('declined this case’s offer');
    expect(
      (
        await decideThroughPages(world, agents.officer, path, {
          decision: 'offer',
          providerId,
          tier: 'tier_2',
          note: 'Tier 2',
        })
      ).confirmed?.status,
    ).toBe(303);
    expect((await act(agents.provider, path, 'decline_offer', { note: 'No place this term' })).status).toBe(303);
    const offer = await agents.officer.get(`${path}/offer`).expect(200);
    // still offered (a place may free up), and marked
    expect(offer.text).toMatch(
      new RegExp(
        `value="${providerId}"[^>]*>\\s*${providerName} \\([^)]*\\), declined this case’s offer on \\d{1,2} \\w+ \\d{4} at \\d{1,2}:\\d{2}(am|pm)`,
      ),
    );
  });

  it('shows a 409 on the case page for a stale version, and for an action the case cannot take now', async () => {
    const path = await refer(await schoolPupil(`Stale${unique()}`));
    const triage = await agents.officer.get(`${path}/triage`).expect(200);
    expect(
      (
        await post(agents.officer, `${path}/triage`, `${path}/triage`, {
          version: versionOf(triage.text),
          urgency: 'standard',
          ...dateBoxes('panelDate', isoDay(14)),
        })
      ).status,
    ).toBe(303);
    // a second tab still showing version 1: a form shown again with errors keeps that version
    const shownAgain = await post(agents.officer, path, `${path}/request_information`, { version: '1', note: '' });
    expect(shownAgain.status).toBe(400);
    expect(shownAgain.text).toContain('name="version" value="1"');
    const stale = await post(agents.officer, path, `${path}/request_information`, {
      version: '1',
      note: 'Attendance record, please',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('data-testid="case-conflict"');
    expect(stale.text).toContain('This case has changed since you opened it');
    // triage again: the case is triaged already
    const twice = await agents.officer.get(`${path}/triage`);
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('You can: screen for panel, ask for more information, withdraw the case.');
  });

  it('answers 403 for an action the role never takes, and 404 for a case or action that is not there', async () => {
    const path = await refer(await schoolPupil(`Walls${unique()}`));
    expect((await agents.school.get(`${path}/triage`)).status).toBe(403);
    expect((await agents.otherOfficer.get(path)).status).toBe(404);
    expect((await agents.provider.get(path)).status).toBe(404);
    expect((await agents.officer.get(`/ap/cases/${randomUUID()}`)).status).toBe(404);
    expect((await agents.officer.get(`${path}/fly`)).status).toBe(404);
    // the other LA's officer lists none of Derby's cases
    expect((await agents.otherOfficer.get('/ap/cases').expect(200)).text).not.toContain(path);
  });

  it('lets an officer set their LA’s panel dates, then triage offers those dates', async () => {
    const page = await agents.officer.get(`/ap/la-settings/${laId}`).expect(200);
    const bad = await post(agents.officer, `/ap/la-settings/${laId}`, `/ap/la-settings/${laId}`, {
      version: versionOf(page.text),
      ...dateBoxes('panelFirstDate', isoDay(3)),
      panelCadenceDays: '0',
      tier2Weeks: '12',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain(
      '<a href="#panelCadenceDays">Enter how often the panel meets, in days, from 1 to 92</a>',
    );
    const saved = await post(agents.officer, `/ap/la-settings/${laId}`, `/ap/la-settings/${laId}`, {
      version: versionOf(page.text),
      ...dateBoxes('panelFirstDate', isoDay(3)),
      panelCadenceDays: '14',
      tier2Weeks: '10',
      virtualSchoolEmail: 'virtual.school@derby.example',
    });
    expect(saved.status).toBe(303);
    const list = await agents.officer.get('/ap/la-settings').expect(200);
    expect(list.text).toContain('Derby City Council’s AP practice saved');
    expect(list.text).toContain('virtual.school@derby.example');
    const tray = await agents.officer.get('/ap/panel').expect(200);
    expect(tray.text).toContain(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
        new Date(`${isoDay(3)}T00:00:00Z`),
      ),
    );

    const path = await refer(await schoolPupil(`Dates${unique()}`));
    const triage = await agents.officer.get(`${path}/triage`).expect(200);
    expect(triage.text).toContain(`<option value="${isoDay(3)}">`);
    expect(triage.text).not.toContain('id="panelDate-day"');
    const off = await post(agents.officer, `${path}/triage`, `${path}/triage`, {
      version: versionOf(triage.text),
      urgency: 'urgent',
      panelDate: isoDay(4),
    });
    expect(off.status).toBe(400);
    expect(off.text).toContain('<a href="#panelDate">Choose one of the LA’s panel dates');
    expect(
      (
        await post(agents.officer, `${path}/triage`, `${path}/triage`, {
          version: versionOf(triage.text),
          urgency: 'urgent',
          panelDate: isoDay(3),
        })
      ).status,
    ).toBe(303);
  });

  it('asks a school with two routes which one, and checks the commission’s provider and tier', async () => {
    const choose = await agents.school.get('/ap/cases/new').expect(200);
    expect(choose.text).toContain('Refer a pupil to the local authority');
    expect(choose.text).toContain('Commission a placement yourself');
    const none = await agents.school.get('/ap/cases/new?chosen=1');
    expect(none.status).toBe(400);
    expect(none.text).toContain('<a href="#route">Choose what you want to do</a>');
    const pupilId = await schoolPupil(`Commission${unique()}`);
    const chosen = await world.submit(agents.school, '/ap/cases/new?route=school_commission', { pupilId });
    const form = chosen.headers['location'] as string;
    expect(form).toContain('/ap/cases/new/questions/provider?');
    const page = await agents.school.get(form).expect(200);
    expect(page.text).toContain(providerName);
    // each page checks its own question, one error at a time
    const bad = await world.submit(agents.school, form, { providerId: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#providerId">');
    expect(bad.text.match(/<a href="#(?!main-content)/g)).toHaveLength(1);
    const reasonUrl = (await world.submit(agents.school, form, { providerId })).headers['location'] as string;
    const tierUrl = (await world.submit(agents.school, reasonUrl, referralAnswers(pupilId))).headers['location'];
    const tiers = await agents.school.get(tierUrl).expect(200);
    expect(tiers.text).not.toContain('value="tier_3"');
    const tier3 = await world.submit(agents.school, tierUrl, { requestedTier: 'tier_3' });
    expect(tier3.status).toBe(400);
    expect(tier3.text).toContain('<a href="#requestedTier">');
    const exclusionUrl = (await world.submit(agents.school, tierUrl, { requestedTier: 'tier_2' })).headers['location'];
    const unanswered = await world.submit(agents.school, exclusionUrl, { exclusionType: '' });
    expect(unanswered.status).toBe(400);
    expect(unanswered.text).toContain('<a href="#exclusionType">');
  });

  it('refuses a case form posted without the CSRF token', async () => {
    const path = await refer(await schoolPupil(`Csrf${unique()}`));
    const res = await agents.officer.post(`${path}/withdraw`).type('form').send({ note: 'No token' });
    expect(res.status).toBe(403);
  });
});
