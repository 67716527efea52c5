import { computeUpnCheckLetter } from '@rep-hub/reference';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { formBody as form, unique, UUID, WebWorld } from '@rep-hub/web-surface/testing';
import { startWebWorld } from './testing/ap-web-world';

const urn = () => String(100000 + Math.floor(Math.random() * 899999));
let serial = Math.floor(Math.random() * 500);
/** A valid UPN of LA 831, a new one each time (each run has its own partnership). */
const newUpn = () => {
  const body = `831700012${String(serial++ % 1000).padStart(3, '0')}`;
  return `${computeUpnCheckLetter(body)}${body}`;
};

type Answers = Record<string, Record<string, string | string[]>>;

/** Answers for each question page of "record a pupil" (by page path), overridable per page. */
const answers = (upn: string, over: Answers = {}): Answers => ({
  '/ap/pupils/new': {
    givenName: 'Robin',
    familyName: `Testcase-${unique()}`,
    'dateOfBirth-day': '12',
    'dateOfBirth-month': '4',
    'dateOfBirth-year': '2013',
    ...over['/ap/pupils/new'],
  },
  '/ap/pupils/new/upn': { upnChoice: 'upn', upn, ...over['/ap/pupils/new/upn'] },
  '/ap/pupils/new/needs': {
    senProvision: 'E',
    primaryNeed: 'SEMH',
    secondaryNeed: 'SLCN',
    ehcCaseworker: 'J. Caseworker',
    'ehcNextAnnualReview-day': '1',
    'ehcNextAnnualReview-month': '3',
    'ehcNextAnnualReview-year': '2027',
    ...over['/ap/pupils/new/needs'],
  },
  '/ap/pupils/new/circumstances': {
    currentSchoolId: '',
    lookedAfter: 'yes',
    freeSchoolMeals: 'no',
    safeguardingFlags: ['early_help', 'child_in_need'],
    ...over['/ap/pupils/new/circumstances'],
  },
  '/ap/pupils/new/contact': {
    contactName: 'Alex Parent',
    contactRelationship: 'Parent',
    contactPhone: '0161 496 0000',
    contactEmail: '',
    contactParentalResponsibility: 'yes',
    ...over['/ap/pupils/new/contact'],
  },
});

/**
 * The pupil pages over HTTP, as a browser without JavaScript uses them: recording a pupil through
 * the question pages and check answers, the record, the list, duplicates and UPN match requests.
 */
describe('AP pupil pages', () => {
  let world: WebWorld;
  let officer: TestAgent;
  let schoolStaff: TestAgent;
  let schoolId: string;
  const post = (agent: TestAgent, from: string, to: string, fields: Record<string, string | string[]>) =>
    world.post(agent, from, to, fields);

  /**
   * One instance of the recording journey, as a browser follows it: the first page answered starts
   * it, and every later page, link and form carries its id (`?journey=`).
   */
  function journeyOf(agent: TestAgent) {
    let id = '';
    const at = (path: string) => (id ? `${path}${path.includes('?') ? '&' : '?'}journey=${id}` : path);
    return {
      at,
      get id() {
        return id;
      },
      get: (path: string) => agent.get(at(path)),
      async post(path: string, fields: Record<string, string | string[]>) {
        const res = await post(agent, at(path), at(path), fields);
        id = /[?&]journey=([\w-]{22})/.exec(res.headers['location'] ?? '')?.[1] ?? id;
        return res;
      },
    };
  }
  type PupilJourney = ReturnType<typeof journeyOf>;

  /** Answers every question page in turn; returns the check answers page. */
  async function toCheck(j: PupilJourney, a: Answers) {
    for (const [path, fields] of Object.entries(a)) {
      const res = await j.post(path, fields);
      expect([path, res.status]).toEqual([path, 303]);
    }
    const check = await j.get('/ap/pupils/new/check');
    expect(check.status).toBe(200);
    return check;
  }

  /** Records a pupil through the pages (a new journey instance); returns the pupil page's path. */
  async function record(agent: TestAgent, a: Answers): Promise<string> {
    const j = journeyOf(agent);
    await toCheck(j, a);
    const res = await j.post('/ap/pupils/new/check', {});
    expect(res.status).toBe(303);
    expect(res.headers['location']).toMatch(new RegExp(`^/ap/pupils/${UUID}$`));
    return res.headers['location'];
  }

  beforeAll(async () => {
    world = await startWebWorld();
    const tenant = await world.onboarding.createTenant(
      { slug: `pupils-${unique()}`, name: `Pupils partnership ${unique()}`, region: 'East Midlands' },
      world.adminId,
    );
    const la = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Derby City Council', laNumber: '831', isLead: true },
      world.adminId,
    );
    const school = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'school', name: 'Hill Top Primary', urn: urn(), localAuthorityId: la.id },
      world.adminId,
    );
    schoolId = school.id;
    const o = await world.user('officer');
    await world.onboarding.addMembership(
      tenant.id,
      { userId: o.id, organisationId: la.id, role: 'la_officer' },
      world.adminId,
    );
    const s = await world.user('teacher');
    await world.onboarding.addMembership(
      tenant.id,
      { userId: s.id, organisationId: school.id, role: 'setting_staff' },
      world.adminId,
    );
    officer = await world.signIn(o.email);
    schoolStaff = await world.signIn(s.email);
  });
  afterAll(() => world?.close());

  it('links pupils from the LA officer’s and the school staff’s home pages', async () => {
    for (const agent of [officer, schoolStaff]) {
      const home = await agent.get('/').expect(200);
      expect(home.text).toContain('href="/ap/pupils"');
    }
  });

  it('records a pupil through the question pages and check answers, then shows the record', async () => {
    const first = await officer.get('/ap/pupils/new').expect(200);
    for (const id of ['givenName', 'familyName', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year'])
      expect(first.text).toContain(`id="${id}"`);
    expect(first.text).not.toContain('id="laId"'); // an officer of one LA is not asked which
    const upn = newUpn();
    const a = answers(upn);
    const j = journeyOf(officer);
    const check = await toCheck(j, a);
    expect(check.text).toContain('Check your answers before recording the pupil');
    for (const text of [
      'Robin',
      '12 April 2013',
      'Derby City Council',
      upn,
      'Education, health and care plan',
      'Social, emotional and mental health',
      'J. Caseworker',
      '1 March 2027',
      'Early help, Child in need',
      'Alex Parent',
    ]) {
      expect([text, check.text.includes(text)]).toEqual([text, true]);
    }
    expect(check.text).toContain(`href="/ap/pupils/new/upn?journey=${j.id}#upnChoice"`);

    const res = await j.post('/ap/pupils/new/check', {});
    expect(res.status).toBe(303);
    const page = await officer.get(res.headers['location']).expect(200);
    const family = a['/ap/pupils/new']['familyName'] as string;
    expect(page.text).toContain(`Robin ${family} has been recorded`);
    expect(page.text).toContain('govuk-summary-list');
    for (const text of [
      upn,
      '12 April 2013',
      'Speech, language and communication needs',
      'Derby City Council (local authority)',
      'Alex Parent (Parent)',
      '0161 496 0000',
    ])
      expect([text, page.text.includes(text)]).toEqual([text, true]);

    // the journey has ended: its check answers starts again at the first question
    const again = await j.get('/ap/pupils/new/check');
    expect(again.status).toBe(303);
    expect(again.headers['location']).toBe('/ap/pupils/new');

    // in the list, and found by name
    const list = await officer.get(`/ap/pupils?q=${encodeURIComponent(family)}`).expect(200);
    expect(list.text).toContain(`href="${res.headers['location']}">${family}, Robin</a>`);
    const none = await officer.get('/ap/pupils?q=nobody-by-this-name').expect(200);
    expect(none.text).toContain('No pupil matches your search.');
  });

  it('names the fields in error, with GOV.UK date messages and DfE’s UPN messages', async () => {
    const j = journeyOf(officer);
    const details = await j.post('/ap/pupils/new', {
      givenName: '',
      familyName: 'Smith',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '',
      'dateOfBirth-year': '2013',
    });
    expect(details.status).toBe(400);
    expect(details.text).toMatch(/<title>Error: The pupil’s name and date of birth/);
    expect(details.text).toContain('<a href="#givenName">Enter the pupil’s first name</a>');
    expect(details.text).toContain('<a href="#dateOfBirth-day">Date of birth must include a month</a>');
    const unreal = await j.post('/ap/pupils/new', {
      givenName: 'A',
      familyName: 'B',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '2013',
    });
    expect(unreal.text).toContain('<a href="#dateOfBirth-day">Date of birth must be a real date</a>');
    const future = await j.post('/ap/pupils/new', {
      givenName: 'A',
      familyName: 'B',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '1',
      'dateOfBirth-year': '2099',
    });
    expect(future.text).toContain('<a href="#dateOfBirth-day">Date of birth must be in the past');
    expect((await j.post('/ap/pupils/new', answers(newUpn())['/ap/pupils/new'])).status).toBe(303);

    const noChoice = await j.post('/ap/pupils/new/upn', {});
    expect(noChoice.text).toContain('<a href="#upnChoice">Select whether you know the pupil’s UPN</a>');
    const badUpn = await j.post('/ap/pupils/new/upn', { upnChoice: 'upn', upn: 'A801200005001' });
    expect(badUpn.status).toBe(400);
    expect(badUpn.text).toContain('<a href="#upn">The UPN is not valid: wrong check letter at character 1</a>');
    expect((await j.post('/ap/pupils/new/upn', { upnChoice: 'UN2' })).status).toBe(303);

    const needs = await j.post('/ap/pupils/new/needs', { senProvision: 'K', primaryNeed: '', secondaryNeed: 'ASD' });
    expect(needs.status).toBe(400);
    expect(needs.text).toContain('<a href="#primaryNeed">');
    const none = await j.post('/ap/pupils/new/needs', { senProvision: 'N', primaryNeed: 'ASD' });
    expect(none.text).toContain('<a href="#primaryNeed">A pupil with no special educational needs has no type of need');
    // answers that break several rules at once get one clear error, never contradicting ones
    const tangled = await j.post('/ap/pupils/new/needs', { senProvision: 'N', primaryNeed: '', secondaryNeed: 'ASD' });
    expect(tangled.status).toBe(400);
    expect(tangled.text.match(/<a href="#(?!main-content)/g)).toHaveLength(1);
    expect(tangled.text).toContain(
      '<a href="#secondaryNeed">A pupil with no special educational needs has no type of need',
    );
    expect(tangled.text).not.toContain('before a secondary one');
    const nothing = await j.post('/ap/pupils/new/needs', {
      senProvision: '',
      primaryNeed: 'ASD',
      secondaryNeed: 'ASD',
    });
    expect(nothing.text.match(/<a href="#(?!main-content)/g)).toHaveLength(1);
    expect(nothing.text).toContain('<a href="#senProvision">');
    expect((await j.post('/ap/pupils/new/needs', { senProvision: 'N' })).status).toBe(303);

    const circumstances = await j.post('/ap/pupils/new/circumstances', { freeSchoolMeals: 'no' });
    expect(circumstances.text).toContain('<a href="#lookedAfter">Select yes if the pupil is looked after</a>');
    expect((await j.post('/ap/pupils/new/circumstances', { lookedAfter: 'no', freeSchoolMeals: 'no' })).status).toBe(
      303,
    );
    const contact = await j.post('/ap/pupils/new/contact', {
      contactName: 'Pat',
      contactRelationship: '',
      contactEmail: 'not-an-email',
    });
    expect(contact.text).toContain('<a href="#contactRelationship">');
    expect(contact.text).toContain('<a href="#contactEmail">');
    const done = await j.post('/ap/pupils/new/contact', {});
    expect(done.headers['location']).toBe(`/ap/pupils/new/check?journey=${j.id}`);

    // a Change link's page goes back to check answers
    const check = await j.get('/ap/pupils/new/check').expect(200);
    expect(check.text).toContain('Not known: Child has never attended a school in England');
    const changed = await j.post('/ap/pupils/new/upn', { upnChoice: 'UN3' });
    expect(changed.headers['location']).toBe(`/ap/pupils/new/check?journey=${j.id}`);
    expect((await j.get('/ap/pupils/new/check')).text).toContain('Child is educated outside England');
  });

  it('starts a referral from the pupil’s page, then shows the open case there with a link', async () => {
    const path = await record(schoolStaff, answers(newUpn()));
    const pupilId = path.split('/').pop()!;
    const page = (await schoolStaff.get(path).expect(200)).text;
    const start = `/ap/cases/new?route=school_referral&amp;pupilId=${pupilId}`;
    expect(page).toContain(`href="${start}"`);
    expect(page).toContain('Refer this pupil');
    // the link opens the referral with this pupil chosen
    const first = (await schoolStaff.get(start.replace('&amp;', '&')).expect(200)).text;
    expect(first).toContain(`<option value="${pupilId}" selected>`);
    const chosen = await world.submit(schoolStaff, start.replace('&amp;', '&'), { pupilId });
    const answered = await world.submitPages(
      schoolStaff,
      chosen.headers['location'],
      {
        reason: 'at_risk_of_exclusion',
        requestedTier: 'tier_2',
        exclusionType: 'none',
        familyViews: 'Parents agree.',
        childViews: 'Would like a smaller group.',
      },
      '/ap/cases/new/questions/',
    );
    const sent = await world.submit(schoolStaff, answered.to, {});
    expect(sent.status).toBe(303);
    const casePath = sent.headers['location'] as string;
    const after = (await schoolStaff.get(path).expect(200)).text;
    expect(after).toMatch(new RegExp(`<a class="govuk-link" href="${casePath}">View case AP-\\d{6}</a>`));
    expect(after).not.toContain('Refer this pupil');
    // the LA's officer sees the same open case; their own action is to open one, which waits for it to close
    expect((await officer.get(path).expect(200)).text).toContain(`href="${casePath}"`);
  });

  it('shows a page linking the pupil already recorded for a duplicate UPN', async () => {
    const upn = newUpn();
    const path = await record(officer, answers(upn));
    const j = journeyOf(officer);
    await toCheck(j, answers(upn));
    const dup = await j.post('/ap/pupils/new/check', {});
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('A pupil with this UPN is already recorded');
    expect(dup.text).toContain(`href="${path}"`);
    expect(dup.text).toContain(`href="/ap/pupils/new/upn?journey=${j.id}"`);
  });

  it('lets school staff record their own pupil; a UPN the LA holds becomes a match request the officer decides once', async () => {
    const upn = newUpn();
    const held = await record(
      officer,
      answers(upn, { '/ap/pupils/new': { givenName: 'Morgan', familyName: `Held-${unique()}` } }),
    );

    // the school records the same UPN: the same journey and the same answer as any new pupil
    const first = await schoolStaff.get('/ap/pupils/new').expect(200);
    expect(first.text).not.toContain('id="laId"');
    const schoolFamily = `Schooled-${unique()}`;
    const a = answers(upn, { '/ap/pupils/new': { givenName: 'Morgen', familyName: schoolFamily } });
    const j = journeyOf(schoolStaff);
    await j.post('/ap/pupils/new', a['/ap/pupils/new']);
    await j.post('/ap/pupils/new/upn', a['/ap/pupils/new/upn']);
    await j.post('/ap/pupils/new/needs', a['/ap/pupils/new/needs']);
    const circumstances = await j.get('/ap/pupils/new/circumstances').expect(200);
    expect(circumstances.text).toMatch(new RegExp(`<option value="${schoolId}" selected>Hill Top Primary</option>`)); // their school, unless they say otherwise
    await j.post('/ap/pupils/new/circumstances', { ...a['/ap/pupils/new/circumstances'], currentSchoolId: schoolId });
    await j.post('/ap/pupils/new/contact', {});
    const check = await j.get('/ap/pupils/new/check').expect(200);
    expect(check.text).toContain('Derby City Council');
    expect(check.text).toContain('The record is your school’s.');
    const res = await j.post('/ap/pupils/new/check', {});
    expect(res.status).toBe(303);
    const mine = await schoolStaff.get(res.headers['location']).expect(200);
    expect(mine.text).toContain('Hill Top Primary');

    // the school sees its own pupils only, and no match requests
    expect((await schoolStaff.get(held)).status).toBe(404);
    const list = await schoolStaff.get('/ap/pupils').expect(200);
    expect(list.text).toContain(schoolFamily);
    expect(list.text).not.toContain('Held-');
    expect(list.text).not.toContain('href="/ap/pupil-matches"');
    expect((await schoolStaff.get('/ap/pupil-matches')).status).toBe(403);

    // the officer compares the two records side by side
    const matches = await officer.get('/ap/pupil-matches').expect(200);
    expect(matches.text).toContain(`UPN ${upn}`);
    expect(matches.text).toContain('Hill Top Primary recorded a pupil with a UPN your local authority holds');
    expect(matches.text).toContain(`Morgen ${schoolFamily}`);
    const matchPath = new RegExp(
      `href="(/ap/pupil-matches/${UUID})"[^>]*>\\s*Decide<span class="govuk-visually-hidden"> on the records with UPN ${upn}`,
    ).exec(matches.text)![1];
    const page = await officer.get(matchPath).expect(200);
    expect(page.text).toContain('Are these records of the same child?');
    expect(page.text).toContain(`href="${held}"`);

    const none = await post(officer, matchPath, matchPath, {});
    expect(none.status).toBe(400);
    expect(none.text).toContain('<a href="#outcome">Select whether the two records are of the same child</a>');
    const decided = await post(officer, matchPath, matchPath, { outcome: 'same_child' });
    expect(decided.status).toBe(303);
    expect(decided.headers['location']).toBe('/ap/pupil-matches');
    const after = await officer.get('/ap/pupil-matches').expect(200);
    expect(after.text).toContain('The two records are marked as the same child');
    expect(after.text).not.toContain(matchPath);
    const twice = await post(officer, matchPath, matchPath, { outcome: 'different_children' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('This request has already been decided: the records are of the same child.');
  });

  it('answers 404 for an unknown pupil or match request, and refuses a form without the CSRF token', async () => {
    expect((await officer.get(`/ap/pupils/${randomUUID()}`)).status).toBe(404);
    expect((await officer.get(`/ap/pupil-matches/${randomUUID()}`)).status).toBe(404);
    expect((await officer.get('/ap/pupils/not-an-id')).status).toBe(404);
    const res = await officer
      .post('/ap/pupils/new')
      .type('form')
      .send(form({ givenName: 'No', familyName: 'Token' }));
    expect(res.status).toBe(403);
  });

  it('changes a record through the Change links of the pupil’s page, one question page at a time, with its version', async () => {
    const path = await record(officer, answers(newUpn()));
    const page = await officer.get(path);
    expect(page.text).toContain(`href="${path}/change/details#givenName"`);
    expect(page.text).toContain(`href="${path}/change/needs#senProvision"`);
    expect(page.text).toContain(`href="${path}/change/contact#contactName"`);
    const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';
    const details = await officer.get(`${path}/change/details`);
    expect(details.status).toBe(200);
    expect(details.text).toContain('value="Robin"');
    expect(details.text).toContain('Save changes');
    const v1 = versionOf(details.text);
    expect(v1).toBe('1');

    // one clear error, on the page, and nothing written
    const blank = await world.submit(officer, `${path}/change/details`, {
      version: v1,
      givenName: '',
      familyName: 'Changed',
      'dateOfBirth-day': '12',
      'dateOfBirth-month': '4',
      'dateOfBirth-year': '2013',
    });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('Enter the pupil’s first name');
    const saved = await world.submit(officer, `${path}/change/details`, {
      version: v1,
      givenName: 'Robyn',
      familyName: 'Changed',
      'dateOfBirth-day': '12',
      'dateOfBirth-month': '4',
      'dateOfBirth-year': '2013',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers['location']).toBe(path);
    const after = await officer.get(path);
    expect(after.text).toContain('Robyn Changed');
    expect(after.text).toContain('record has been changed');

    // a page opened before that change is refused with the record as it now is
    const stale = await world.submit(officer, `${path}/change/circumstances`, {
      version: v1,
      lookedAfter: 'no',
      freeSchoolMeals: 'no',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('changed since you opened it');
    expect(versionOf(stale.text)).toBe('2');

    // the needs page: from an EHC plan to SEN support, the plan's details go
    const needs = await world.submit(officer, `${path}/change/needs`, {
      version: '2',
      senProvision: 'K',
      primaryNeed: 'SEMH',
      secondaryNeed: '',
    });
    expect(needs.status).toBe(303);
    const now = await officer.get(path);
    expect(now.text).toContain('SEN support');
    expect(now.text).not.toContain('J. Caseworker');
    expect((await officer.get(`${path}/change/nothing`)).status).toBe(404);
  });

  it('shows no Change links to those who may not change the record, and refuses their change pages', async () => {
    const path = await record(
      schoolStaff,
      answers(newUpn(), { '/ap/pupils/new/circumstances': { currentSchoolId: schoolId } }),
    );
    // the school changes its own record; the LA's officer too
    expect((await schoolStaff.get(path)).text).toContain(`${path}/change/details`);
    expect((await officer.get(path)).text).toContain(`${path}/change/details`);
    const stranger = await world.user('stranger');
    const strangerAgent = await world.signIn(stranger.email);
    expect((await strangerAgent.get(`${path}/change/details`)).status).not.toBe(200);
  });
});
