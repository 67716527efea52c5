import { academicYearOf } from '@rep-hub/ap-domain';
import { UnitOfWork } from '@rep-hub/platform';
import type TestAgent from 'supertest/lib/agent';
import { JOURNEYS } from '@rep-hub/web-surface';
import { csrfOf, formActionOf, formBody, unique, WebWorld } from '@rep-hub/web-surface/testing';
import { startWebWorld } from './testing/ap-web-world';

type Who = 'school' | 'officer' | 'admin' | 'lead';
type Fields = Record<string, string | string[]>;

/** Text typed only about subject A: it must never be seen again once A's journey is left. */
const marker = () => `only-about-subject-A-${unique()}`;

/**
 * A journey, as the isolation test drives it. Every journey of the web app (journeys.ts lists them
 * as they are declared) must have one here: a new journey joins the test by being listed.
 */
interface JourneyScenario {
  who: Who;
  /** The ways a user starts it: the pages visited in turn (a link's or a button's page first, then its target), or the address typed. */
  starts: { how: string; visit: string[] }[];
  /** Answers the questions about a new subject A, with `text` in them, and leaves: abandoned at check answers, or refused for good. */
  leaveA(text: string): Promise<void>;
  /** Goes through the journey about a new subject B from its first page (already visited); returns every page seen, the record made last. */
  completeB(firstUrl: string): Promise<string[]>;
}

/**
 * Journey instances over HTTP (issue 14): for every journey, a journey about subject A is left
 * (abandoned at check answers, or refused for good), then a journey about subject B is started each
 * way a user starts one (a link, a button, the address typed) and completed. Nothing typed about A
 * appears on any page of B's journey or in B's record.
 */
describe('journey answers belong to one subject', () => {
  let world: WebWorld;
  let uow: UnitOfWork;
  let tenantId: string;
  let laId: string;
  let otherLaId: string;
  let schoolId: string;
  let providerId: string;
  let icbId: string;
  let otherTenantId: string;
  const agents = {} as Record<Who, TestAgent>;

  /** A pupil of the school (as the school recorded it), new each time. */
  async function pupil(label: string): Promise<{ id: string; name: string }> {
    const given = `${label}${unique()}`;
    const [row] = (await uow.forTenant({ tenantId, laIds: [laId] }, (m) =>
      m.query(
        `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth, setting_id, current_school_id)
         VALUES ($1, $2, 'UN2', $3, 'Journeytest', '2012-10-01', $4, $4) RETURNING id`,
        [tenantId, laId, given, schoolId],
      ),
    )) as { id: string }[];
    return { id: row.id, name: `${given} Journeytest` };
  }

  /**
   * Follows a journey as a browser: at each step sends the fields to the page's own form and goes
   * where the answer leads. Returns each page seen, and the last page reached.
   */
  async function follow(agent: TestAgent, firstUrl: string, steps: Fields[]): Promise<string[]> {
    const pages: string[] = [];
    let url = firstUrl;
    for (const fields of steps) {
      const page = await agent.get(url);
      expect([url, page.status]).toEqual([url, 200]);
      pages.push(page.text);
      const res = await agent
        .post(formActionOf(page.text))
        .type('form')
        .send(formBody({ ...fields, _csrf: csrfOf(page.text) }));
      if (res.status !== 303) {
        pages.push(res.text);
        return pages;
      }
      url = res.headers['location'];
    }
    const last = await agent.get(url);
    expect([url, last.status]).toEqual([url, 200]);
    pages.push(last.text);
    return pages;
  }

  const caseAnswers = (text = ''): Fields => ({
    reason: 'at_risk_of_exclusion',
    reasonDetail: text,
    requestedTier: 'tier_2',
    exclusionType: 'none',
    familyViews: text ? `The family: ${text}` : 'The family agrees.',
    childViews: text ? `The child: ${text}` : 'Would like a smaller group.',
  });

  /** A case journey's scenario: `refuse` leaves A's journey refused (A's case opened meanwhile), else abandoned. */
  function caseScenario(
    route: string,
    who: 'school' | 'officer',
    starts: JourneyScenario['starts'],
    leave: 'refused' | 'abandoned',
  ): JourneyScenario {
    const first = `/ap/cases/new?route=${route}`;
    const extra: Fields = route === 'school_commission' ? { providerId } : {};
    // one question a page: the provider (a school's commission), reason, tier, exclusion, the two views
    const questions = (text = ''): Fields[] =>
      Array<Fields>(route === 'school_commission' ? 6 : 5).fill({ ...caseAnswers(text), ...extra });
    return {
      who,
      starts,
      async leaveA(text) {
        const a = await pupil('SubjectA');
        const pages = await follow(agents[who], first, [{ pupilId: a.id }, ...questions(text)]);
        expect(pages[pages.length - 1]).toContain(text); // A's check answers
        if (leave === 'abandoned') return;
        // A's case is opened in another instance (another tab) meanwhile: sending this one is refused for good
        const other = await follow(agents[who], first, [{ pupilId: a.id }, ...questions(), {}]);
        expect(other[other.length - 1]).toMatch(/AP-\d{6}/);
        const sent = await world.submit(agents[who], formActionOf(pages[pages.length - 1]), {});
        expect(sent.status).toBe(409);
        expect(sent.text).toContain('already has an open case');
        expect(sent.text).not.toContain(text);
        // the refused instance has ended: its check answers page no longer opens
        expect((await agents[who].get(formActionOf(pages[pages.length - 1]))).status).toBe(303);
      },
      async completeB(firstUrl) {
        const b = await pupil('SubjectB');
        const pages = await follow(agents[who], firstUrl, [{ pupilId: b.id }, ...questions(), {}]);
        expect(pages[pages.length - 1]).toContain(b.name); // the case page
        expect(pages[pages.length - 1]).toMatch(/AP-\d{6}/);
        return pages;
      },
    };
  }

  const pupilAnswers = (familyName: string, text = ''): Fields[] => [
    { givenName: 'Robin', familyName, 'dateOfBirth-day': '12', 'dateOfBirth-month': '4', 'dateOfBirth-year': '2013' },
    { upnChoice: 'UN2' },
    { senProvision: 'N' },
    { currentSchoolId: '', lookedAfter: 'no', freeSchoolMeals: 'no' },
    {
      contactName: text ? `Contact ${text}` : 'Alex Parent',
      contactRelationship: 'Parent',
      contactPhone: '',
      contactEmail: '',
      contactParentalResponsibility: 'yes',
    },
  ];

  /** A case of a new pupil of the LA, screened and waiting for the panel's decision: its page's path. */
  async function screenedCase(label: string): Promise<string> {
    const p = await pupil(label);
    const [c] = (await uow.forTenant({ tenantId, laIds: [laId] }, (m) =>
      m.query(
        `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, reason, requested_tier, family_views, child_views, status, urgency, setting_id)
         VALUES ($1, $2, $3, 'school_referral', 'at_risk_of_exclusion', 'tier_2', 'Agree', 'Agree', 'screened', 'standard', $4) RETURNING id`,
        [tenantId, laId, p.id, schoolId],
      ),
    )) as { id: string }[];
    return `/ap/cases/${c.id}`;
  }
  /** Cases for B of the panel decision's scenario, one per way of starting it (made before the test, since starts are listed first). */
  const decisionCases: string[] = [];

  const SCENARIOS: Record<string, () => JourneyScenario> = {
    'ap-panel-decision': () => {
      const [byButton, byAddress] = decisionCases;
      return {
        who: 'officer',
        starts: [
          { how: 'the button on the case page', visit: [byButton, `${byButton}/decide`] },
          { how: 'the address typed', visit: [`${byAddress}/decide`] },
        ],
        async leaveA(text) {
          const a = await screenedCase('DecisionA');
          const pages = await follow(agents.officer, `${a}/decide`, [
            { decision: 'decline' },
            { note: `Declined: ${text}` },
          ]);
          expect(pages[pages.length - 1]).toContain(`Declined: ${text}`); // A's check answers
        },
        async completeB(firstUrl) {
          const pages = await follow(agents.officer, firstUrl, [
            { decision: 'offer' },
            { providerId, tier: 'tier_2', note: '' },
            {},
          ]);
          expect(pages[pages.length - 1]).toContain('Panel decision recorded');
          return pages;
        },
      };
    },
    'ap-case-school_referral': () =>
      caseScenario(
        'school_referral',
        'school',
        [
          { how: 'the link on the home page', visit: ['/', '/ap/cases/new?route=school_referral'] },
          {
            how: 'the button on the AP cases page, then the route',
            visit: ['/ap/cases', '/ap/cases/new', '/ap/cases/new?route=school_referral&chosen=1'],
          },
          { how: 'the address typed', visit: ['/ap/cases/new?route=school_referral'] },
        ],
        'refused',
      ),
    'ap-case-school_commission': () =>
      caseScenario(
        'school_commission',
        'school',
        [
          { how: 'the link on the home page', visit: ['/', '/ap/cases/new?route=school_commission'] },
          { how: 'the address typed', visit: ['/ap/cases/new?route=school_commission'] },
        ],
        'abandoned',
      ),
    'ap-case-la_commission': () =>
      caseScenario(
        'la_commission',
        'officer',
        [
          { how: 'the link on the panel’s page', visit: ['/ap/panel', '/ap/cases/new?route=la_commission'] },
          { how: 'the address typed', visit: ['/ap/cases/new?route=la_commission'] },
        ],
        'abandoned',
      ),
    'new-pupil': () => ({
      who: 'officer',
      starts: [
        { how: 'the button on the pupils page', visit: ['/ap/pupils', '/ap/pupils/new'] },
        { how: 'the address typed', visit: ['/ap/pupils/new'] },
      ],
      async leaveA(text) {
        const pages = await follow(agents.officer, '/ap/pupils/new', pupilAnswers(`A-${text}`, text));
        expect(pages[pages.length - 1]).toContain(`Contact ${text}`);
      },
      async completeB(firstUrl) {
        const family = `B-${unique()}`;
        const pages = await follow(agents.officer, firstUrl, [...pupilAnswers(family), {}]);
        expect(pages[pages.length - 1]).toContain(`Robin ${family} has been recorded`);
        return pages;
      },
    }),
    'new-partnership': () => ({
      who: 'admin',
      starts: [
        { how: 'the button on the partnerships page', visit: ['/admin/partnerships', '/admin/partnerships/new'] },
        { how: 'the address typed', visit: ['/admin/partnerships/new'] },
      ],
      async leaveA(text) {
        const pages = await follow(agents.admin, '/admin/partnerships/new', [
          { name: `Partnership ${text}`, slug: `a-${unique()}`, region: 'London' },
        ]);
        expect(pages[pages.length - 1]).toContain(text);
      },
      async completeB(firstUrl) {
        const name = `Partnership B ${unique()}`;
        const pages = await follow(agents.admin, firstUrl, [{ name, slug: `b-${unique()}`, region: 'London' }, {}]);
        expect(pages[pages.length - 1]).toContain(`${name} has been added`);
        return pages;
      },
    }),
    'new-data-sharing-agreement': () => {
      const answers = (text: string): Fields => ({
        localAuthorityIds: [laId, otherLaId],
        title: text ? `Agreement ${text}` : `Agreement B ${unique()}`,
        purpose: text ? `Purpose ${text}` : 'The AP panel of both LAs',
        grants: ['partnership_view'],
        'startsOn-day': '1',
        'startsOn-month': '9',
        'startsOn-year': '2026',
      });
      return {
        who: 'lead',
        starts: [
          { how: 'the button on the agreements page', visit: ['/data-sharing', '/data-sharing/new'] },
          { how: 'the address typed', visit: ['/data-sharing/new'] },
        ],
        async leaveA(text) {
          const pages = await follow(agents.lead, '/data-sharing/new', [answers(text)]);
          expect(pages[pages.length - 1]).toContain(`Purpose ${text}`);
        },
        async completeB(firstUrl) {
          const pages = await follow(agents.lead, firstUrl, [answers(''), {}]);
          expect(pages[pages.length - 1]).toContain('The agreement has been proposed');
          return pages;
        },
      };
    },
    'new-user': () => ({
      who: 'admin',
      starts: [
        { how: 'the button on the users page', visit: ['/admin/users', '/admin/users/new'] },
        { how: 'the address typed', visit: ['/admin/users/new'] },
      ],
      async leaveA(text) {
        const pages = await follow(agents.admin, '/admin/users/new', [
          { displayName: `User ${text}`, email: `a.${unique()}@council.example`, platformRole: 'none' },
        ]);
        expect(pages[pages.length - 1]).toContain(text);
      },
      async completeB(firstUrl) {
        const email = `b.${unique()}@council.example`;
        const pages = await follow(agents.admin, firstUrl, [{ displayName: 'Sam B', email, platformRole: 'none' }, {}]);
        expect(pages[pages.length - 1]).toContain('Invitation sent');
        return pages;
      },
    }),
    'invite-person': () =>
      inviteScenario('lead', '/people', () => [
        {
          how: 'the link on the home page, then the button on the people page',
          visit: ['/', '/people', '/people/invite'],
        },
        { how: 'the address typed', visit: ['/people/invite'] },
      ]),
    'admin-invite-person': () =>
      inviteScenario('admin', `/admin/partnerships/${tenantId}/people`, (base) => [
        {
          how: 'the button on the partnership’s page',
          visit: [`/admin/partnerships/${tenantId}`, `${base}/invite`],
        },
        { how: 'the button on the people page', visit: [base, `${base}/invite`] },
        { how: 'the address typed', visit: [`${base}/invite`] },
      ]),
  };

  /** Inviting a person: A's name, email, organisation and role are typed and left at check answers; B is invited. */
  function inviteScenario(
    who: Who,
    base: string,
    starts: (base: string) => JourneyScenario['starts'],
  ): JourneyScenario {
    return {
      who,
      starts: starts(base),
      async leaveA(text) {
        const pages = await follow(agents[who], `${base}/invite`, [
          { displayName: `Person ${text}`, email: `a.${unique()}@people.example` },
          { organisationId: icbId, role: 'icb_member' },
        ]);
        expect(pages[pages.length - 1]).toContain(text); // A's check answers
      },
      async completeB(firstUrl) {
        const name = `Person B ${unique()}`;
        const pages = await follow(agents[who], firstUrl, [
          { displayName: name, email: `b.${unique()}@people.example` },
          { organisationId: icbId, role: 'icb_member' },
          {},
        ]);
        expect(pages[pages.length - 1]).toContain('Invitation sent');
        expect(pages[pages.length - 1]).toContain(name);
        return pages;
      },
    };
  }

  beforeAll(async () => {
    world = await startWebWorld();
    uow = world.app.get(UnitOfWork);
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `journeys-${unique()}`, name: `Journeys partnership ${unique()}`, region: 'East Midlands' },
      world.adminId,
    );
    tenantId = tenant.id;
    const la = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Derby City Council', laNumber: '831', isLead: true },
      world.adminId,
    );
    laId = la.id;
    otherLaId = (
      await o.createOrganisation(
        tenantId,
        { kind: 'local_authority', name: 'Derbyshire County Council', laNumber: '830' },
        world.adminId,
      )
    ).id;
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
    Object.assign(
      agents,
      await world.members(tenantId, [
        ['school', schoolId, 'setting_staff'],
        ['officer', laId, 'la_officer'],
        ['lead', laId, 'partnership_lead'],
      ] as const),
    );
    agents.admin = await world.signIn(world.adminEmail);
    icbId = (await o.createOrganisation(tenantId, { kind: 'icb', name: 'Derbyshire ICB' }, world.adminId)).id;
    Object.assign(agents, await world.members(tenantId, [['lead', laId, 'partnership_lead']] as const));
    otherTenantId = (
      await o.createTenant({ slug: `journeys-other-${unique()}`, name: `Other partnership ${unique()}` }, world.adminId)
    ).id;
    // a provider the school may commission from: checks in date, tier 2 places this year
    providerId = await uow.forTenant({ tenantId }, async (m) => {
      const [p] = (await m.query(
        `INSERT INTO ap_providers (tenant_id, name, provider_type, ukprn, tiers) VALUES ($1, $2, 'pru', $3, ARRAY['tier_2']) RETURNING id`,
        [tenantId, `Derwent ${unique()}`, String(10000000 + Math.floor(Math.random() * 9999999))],
      )) as { id: string }[];
      for (const kind of ['due_diligence', 'safeguarding', 'insurance']) {
        await m.query(
          `INSERT INTO ap_quality_checks (tenant_id, provider_id, kind, checked_on, expires_on) VALUES ($1, $2, $3, current_date - 30, current_date + 300)`,
          [tenantId, p.id, kind],
        );
      }
      await m.query(
        `INSERT INTO ap_commissioned_places (tenant_id, provider_id, la_id, tier, academic_year, places) VALUES ($1, $2, $3, 'tier_2', $4, 50)`,
        [tenantId, p.id, laId, academicYearOf(new Date())],
      );
      return p.id;
    });
    for (const label of ['DecisionB1', 'DecisionB2']) decisionCases.push(await screenedCase(label));
  });
  afterAll(() => world?.close());

  it('has a scenario for every journey of the web app', () => {
    expect([...JOURNEYS.keys()].sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  for (const [kind, make] of Object.entries(SCENARIOS)) {
    describe(kind, () => {
      it('never offers subject A’s answers to a journey about subject B, however B’s is started', async () => {
        const scenario = make();
        for (const start of scenario.starts) {
          const text = marker();
          await scenario.leaveA(text);
          const agent = agents[scenario.who];
          for (const [i, url] of start.visit.entries()) {
            const page = await agent.get(url);
            expect([start.how, url, page.status]).toEqual([start.how, url, 200]);
            expect([start.how, url, page.text.includes(text)]).toEqual([start.how, url, false]);
            // a link or button on one page leads to the next page visited
            const next = start.visit[i + 1];
            if (next && !next.includes('chosen=1'))
              expect([start.how, page.text.includes(`href="${next.replace(/&/g, '&amp;')}"`)]).toEqual([
                start.how,
                true,
              ]);
          }
          const pages = await scenario.completeB(start.visit[start.visit.length - 1]);
          for (const [i, html] of pages.entries())
            expect([start.how, i, html.includes(text)]).toEqual([start.how, i, false]);
        }
      });
    });
  }

  it('never offers the admin’s invite answers for one partnership in another’s pages', async () => {
    const text = marker();
    const base = `/admin/partnerships/${tenantId}/people`;
    const pages = await follow(agents.admin, `${base}/invite`, [
      { displayName: `Person ${text}`, email: `a.${unique()}@people.example` },
      { organisationId: icbId, role: 'icb_member' },
    ]);
    const journey = /journey=([A-Za-z0-9_-]{22})/.exec(formActionOf(pages[pages.length - 1]))![1];
    const other = `/admin/partnerships/${otherTenantId}/people`;
    for (const path of ['/invite', '/invite/role', '/invite/check']) {
      const res = await agents.admin.get(`${other}${path}?journey=${journey}`);
      expect([path, res.text.includes(text)]).toEqual([path, false]);
    }
    // and sending it there sends nothing about A
    const check = await agents.admin.get(`${base}/invite/check?journey=${journey}`).expect(200);
    const sent = await agents.admin
      .post(`${other}/invite/check?journey=${journey}`)
      .type('form')
      .send(formBody({ _csrf: csrfOf(check.text) }));
    expect(sent.status).toBe(303);
    expect(sent.headers['location']).toBe(`${other}/invite`);
  });

  /** Ends every session of the user (another browser's "Sign out everywhere"), as a timeout would end this one. */
  async function endSessions(email: string): Promise<void> {
    const other = await world.signIn(email);
    const res = await world.submit(other, '/account', {});
    expect(res.status).toBe(303);
  }

  /** The school, part-way through a referral for pupil A: its questions page's URL and the fields it was sending. */
  async function referralInProgress(
    agent: TestAgent,
  ): Promise<{ url: string; fields: Fields; text: string; pupilId: string }> {
    const a = await pupil('KeptA');
    const chosen = await world.submit(agent, '/ap/cases/new?route=school_referral', { pupilId: a.id });
    const text = marker();
    return { url: chosen.headers['location'], fields: caseAnswers(text), text, pupilId: a.id };
  }

  /** Posts a page's form after its session has ended: the user is sent to sign in, the form kept. */
  async function postAfterEnd(agent: TestAgent, url: string, fields: Fields, email: string): Promise<void> {
    const page = await agent.get(url);
    expect(page.status).toBe(200);
    await endSessions(email);
    const res = await agent
      .post(formActionOf(page.text))
      .type('form')
      .send(formBody({ ...fields, _csrf: csrfOf(page.text) }));
    expect(res.status).toBe(303);
    expect(res.headers['location']).toBe('/sign-in');
  }

  describe('a form kept across sign-in', () => {
    let schoolEmail: string;
    let school: TestAgent;

    beforeAll(async () => {
      const u = await world.user('kept.school');
      await world.onboarding.addMembership(
        tenantId,
        { userId: u.id, organisationId: schoolId, role: 'setting_staff' },
        world.adminId,
      );
      schoolEmail = u.email;
    });

    beforeEach(async () => {
      school = await world.signIn(schoolEmail);
    });

    it('is given back to the same user, on the same page of the same instance, once', async () => {
      const kept = await referralInProgress(school);
      await postAfterEnd(school, kept.url, kept.fields, schoolEmail);
      const signedIn = await world.signInWith(school, schoolEmail);
      expect(signedIn.headers['location']).toBe(kept.url);
      const back = await school.get(kept.url).expect(200);
      expect(back.text).toContain(kept.text);
      expect(back.text).toContain('We kept what you entered');
      // once only
      expect((await school.get(kept.url).expect(200)).text).not.toContain(kept.text);
    });

    it('is not given to another page, another subject or another instance of the same journey', async () => {
      const kept = await referralInProgress(school);
      await postAfterEnd(school, kept.url, kept.fields, schoolEmail);
      await world.signInWith(school, schoolEmail);
      // a new referral for pupil B (a new instance): nothing of A's
      const b = await pupil('KeptB');
      const chosen = await world.submit(school, '/ap/cases/new?route=school_referral', { pupilId: b.id });
      const questions = await school.get(chosen.headers['location']).expect(200);
      expect(questions.text).not.toContain(kept.text);
      // the same page with the instance id changed by hand: nothing either
      const forged = kept.url.replace(/journey=[\w-]{22}/, 'journey=AAAAAAAAAAAAAAAAAAAAAA');
      expect((await school.get(forged)).text ?? '').not.toContain(kept.text);
      expect((await school.get('/ap/cases/new?route=school_referral')).text).not.toContain(kept.text);
    });

    it('is not given to another user signing in on the same browser', async () => {
      const kept = await referralInProgress(school);
      await postAfterEnd(school, kept.url, kept.fields, schoolEmail);
      const colleague = await world.user('kept.colleague');
      await world.onboarding.addMembership(
        tenantId,
        { userId: colleague.id, organisationId: schoolId, role: 'setting_staff' },
        world.adminId,
      );
      await world.signInWith(school, colleague.email);
      // the instance is not theirs: its page starts them on a new referral, with nothing of A's
      const page = await school.get(kept.url);
      expect(page.status).toBe(303);
      expect(page.headers['location']).toBe('/ap/cases/new?route=school_referral');
      expect((await school.get('/ap/cases/new?route=school_referral')).text).not.toContain(kept.text);
    });

    it('is not given back in another partnership, and a switch of partnership ends every journey', async () => {
      // the same user also works in a second partnership
      const second = await world.onboarding.createTenant(
        { slug: `second-${unique()}`, name: `Second partnership ${unique()}` },
        world.adminId,
      );
      const la2 = await world.onboarding.createOrganisation(
        second.id,
        { kind: 'local_authority', name: 'Leicester City Council', laNumber: '856', isLead: true },
        world.adminId,
      );
      const school2 = await world.onboarding.createOrganisation(
        second.id,
        {
          kind: 'school',
          name: 'Vale School',
          urn: String(100000 + Math.floor(Math.random() * 899999)),
          localAuthorityId: la2.id,
        },
        world.adminId,
      );
      const u = await world.user('kept.two');
      await world.onboarding.addMembership(
        tenantId,
        { userId: u.id, organisationId: schoolId, role: 'setting_staff' },
        world.adminId,
      );
      await world.onboarding.addMembership(
        second.id,
        { userId: u.id, organisationId: school2.id, role: 'setting_staff' },
        world.adminId,
      );
      const agent = await world.signIn(u.email);
      await world.submit(agent, '/choose-partnership', { tenantId });
      const kept = await referralInProgress(agent);
      // a journey in progress, then a switch to the other partnership and back: the instance has ended
      await world.submit(agent, kept.url, kept.fields);
      await world.submit(agent, '/choose-partnership', { tenantId: second.id });
      await world.submit(agent, '/choose-partnership', { tenantId });
      const ended = await agent.get(kept.url);
      expect(ended.status).toBe(303);
      expect(ended.headers['location']).toBe('/ap/cases/new?route=school_referral');
      // a form kept from the first partnership, signing in to the second: not given back
      const again = await referralInProgress(agent);
      await postAfterEnd(agent, again.url, again.fields, u.email);
      const signedIn = await world.signInWith(agent, u.email);
      expect(signedIn.headers['location']).toBe('/choose-partnership');
      const chose = await world.submit(agent, '/choose-partnership', { tenantId: second.id });
      expect(chose.headers['location']).toBe('/');
      expect((await agent.get(again.url)).text ?? '').not.toContain(again.text);
    });

    it('ends every journey instance at sign-out', async () => {
      const kept = await referralInProgress(school);
      const { to: checkUrl } = await world.submitPages(school, kept.url, kept.fields, '/ap/cases/new/questions/');
      expect((await school.get(checkUrl).expect(200)).text).toContain(kept.text);
      const home = await school.get('/');
      expect(
        (
          await school
            .post('/sign-out')
            .type('form')
            .send({ _csrf: csrfOf(home.text) })
        ).status,
      ).toBe(303);
      await world.signInWith(school, schoolEmail);
      const reopened = await school.get(checkUrl);
      expect(reopened.status).toBe(303);
      expect(reopened.headers['location']).toBe('/ap/cases/new?route=school_referral');
    });
  });
});
