import { academicYearOf } from '@rep-hub/ap-domain';
import { TenantRoleCode } from '@rep-hub/auth';
import { UnitOfWork } from '@rep-hub/platform';
import type TestAgent from 'supertest/lib/agent';
import { dateBoxes, isoDay, longDate, unique, UUID, versionOf, WebWorld } from '@rep-hub/web-surface/testing';
import { decideThroughPages, startWebWorld } from './testing/ap-web-world';

/**
 * The review and reintegration follow-up pages over HTTP, as a browser without JavaScript uses
 * them: the case page's reviews (with the EHC annual review beside them) and follow-ups, the
 * user's reviews due, scheduling, recording, rescheduling and cancelling a review, recording a follow-up, and
 * the LA's clocks on its AP practice page.
 */
describe('AP review and follow-up pages', () => {
  let world: WebWorld;
  let uow: UnitOfWork;
  let tenantId: string;
  let laId: string;
  let schoolId: string;
  let providerId: string;
  const agents: Record<'officer' | 'school' | 'provider' | 'lead' | 'workforce', TestAgent> = {} as never;
  const post = (agent: TestAgent, from: string, to: string, fields: Record<string, string>) =>
    world.post(agent, from, to, fields);

  async function act(agent: TestAgent, path: string, action: string, fields: Record<string, string>) {
    const page = await agent.get(`${path}/${action}`).expect(200);
    const r = await post(agent, `${path}/${action}`, `${path}/${action}`, { version: versionOf(page.text), ...fields });
    expect([action, r.status]).toEqual([action, 303]);
  }

  /** A pupil with an EHC plan, referred by the school and placed by the panel: the placement started 10 days ago. Returns the case's path. */
  async function placed(givenName: string): Promise<string> {
    const [pupil] = (await uow.forTenant({ tenantId, laIds: [laId] }, (m) =>
      m.query(
        `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth, setting_id, current_school_id, sen_provision, needs, ehc_next_annual_review)
         VALUES ($1, $2, 'UN2', $3, 'Reviewtest', '2013-05-02', $4, $4, 'E', ARRAY['SEMH'], $5) RETURNING id`,
        [tenantId, laId, givenName, schoolId, isoDay(60)],
      ),
    )) as { id: string }[];
    const chosen = await world.submit(agents.school, '/ap/cases/new?route=school_referral', { pupilId: pupil.id });
    const answered = await world.submitPages(
      agents.school,
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
    expect(answered.to).toMatch(/^\/ap\/cases\/new\/check\?/);
    const sent = await world.submit(agents.school, answered.to, {});
    expect(sent.headers['location']).toMatch(new RegExp(`^/ap/cases/${UUID}$`));
    const path = sent.headers['location'] as string;
    await act(agents.officer, path, 'triage', { urgency: 'high', ...dateBoxes('panelDate', isoDay(7)) });
    await act(agents.officer, path, 'screen', { note: 'Ready for panel' });
    const decided = await decideThroughPages(world, agents.officer, path, {
      decision: 'offer',
      providerId,
      tier: 'tier_2',
      note: 'Tier 2',
    });
    expect(decided.confirmed?.status).toBe(303);
    await act(agents.provider, path, 'accept', dateBoxes('plannedStart', isoDay(-10)));
    await act(agents.provider, path, 'start', dateBoxes('startedOn', isoDay(-10)));
    return path;
  }

  beforeAll(async () => {
    world = await startWebWorld();
    uow = world.app.get(UnitOfWork);
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `apr-${unique()}`, name: `AP review partnership ${unique()}`, region: 'East Midlands' },
      world.adminId,
    );
    tenantId = tenant.id;
    const la = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Derby City Council', laNumber: '831', isLead: true },
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
      ['school', schoolId, 'setting_staff'],
      ['provider', providerOrg.id, 'ap_provider_staff'],
      ['lead', laId, 'partnership_lead'],
      ['workforce', training.id, 'workforce_lead'],
    ];
    Object.assign(agents, await world.members(tenantId, members));
    providerId = await uow.forTenant({ tenantId }, async (m) => {
      const [p] = (await m.query(
        `INSERT INTO ap_providers (tenant_id, name, provider_type, ukprn, tiers, organisation_id) VALUES ($1, $2, 'pru', $3, ARRAY['tier_2'], $4) RETURNING id`,
        [tenantId, `Derwent Learning Centre ${unique()}`, providerOrg.ukprn, providerOrg.id],
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

  it('links the officer’s and the provider’s home to the reviews due, and refuses it to roles without reviews', async () => {
    for (const who of ['officer', 'provider'] as const)
      expect([who, (await agents[who].get('/').expect(200)).text.includes('href="/ap/reviews"')]).toEqual([who, true]);
    for (const who of ['lead', 'workforce'] as const) {
      const res = await agents[who].get('/ap/reviews');
      expect([who, res.status]).toEqual([who, 403]);
    }
  });

  it('shows the reviews on the case page with the EHC annual review beside them, and schedules, records, reschedules and cancels reviews through their pages', async () => {
    const name = `Reviewed${unique()}`;
    const path = await placed(name);
    const caseId = path.split('/').pop()!;
    const page = await agents.provider.get(path).expect(200);
    expect(page.text).toContain('id="reviews"');
    expect(page.text).toContain('data-testid="ehc-annual-review"');
    expect(page.text).toContain(`EHC plan annual review: next due ${longDate(isoDay(60))}`);
    expect(page.text).toContain(longDate(isoDay(4)));
    expect(page.text).toContain(`href="${path}/reviews/new"`);
    const first = new RegExp(`/ap/reviews/(${UUID})/record`).exec(page.text)![1];

    // the reviews due: the provider's and the officer's lists
    for (const who of ['provider', 'officer'] as const) {
      const due = await agents[who].get('/ap/reviews').expect(200);
      expect([
        who,
        due.text.includes(`${name} Reviewtest`),
        due.text.includes(`href="/ap/reviews/${first}/record"`),
      ]).toEqual([who, true, true]);
    }

    // schedule: nothing entered, a date in the past, then a good one
    const form = `${path}/reviews/new`;
    const empty = await post(agents.officer, form, form, { 'dueOn-day': '', 'dueOn-month': '', 'dueOn-year': '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('<a href="#dueOn-day">Enter the date the review is due</a>');
    const past = await post(agents.officer, form, form, dateBoxes('dueOn', isoDay(-3)));
    expect(past.status).toBe(400);
    expect(past.text).toContain('<a href="#dueOn-day">The review must be due today or later</a>');
    const scheduled = await post(agents.officer, form, form, dateBoxes('dueOn', isoDay(20)));
    expect(scheduled.status).toBe(303);
    expect(scheduled.headers['location']).toBe(path);
    const withTwo = await agents.officer.get(path).expect(200);
    expect(withTwo.text).toContain('Review scheduled');
    expect(withTwo.text).toContain(longDate(isoDay(20)));
    const second = [...withTwo.text.matchAll(new RegExp(`/ap/reviews/(${UUID})/cancel`, 'g'))]
      .map((m) => m[1])
      .find((id) => id !== first)!;

    // record the first: every missing answer listed in page order, then recorded
    const recordPath = `/ap/reviews/${first}/record`;
    const recordPage = await agents.provider.get(recordPath).expect(200);
    expect(recordPage.text).toContain('name="version" value="1"');
    const missing = await post(agents.provider, recordPath, recordPath, {
      version: '1',
      'heldOn-day': '',
      'heldOn-month': '',
      'heldOn-year': '',
      attendees: '',
      progress: '',
      nextSteps: '',
    });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(
      /<a href="#heldOn-day">Enter the date the review was held<\/a>[\s\S]*<a href="#attendees">[\s\S]*<a href="#progress">[\s\S]*<a href="#nextSteps">/,
    );
    const future = await post(agents.provider, recordPath, recordPath, {
      version: '1',
      ...dateBoxes('heldOn', isoDay(2)),
      attendees: 'Jo Officer (LA)',
      progress: 'Good',
      nextSteps: 'More',
    });
    expect(future.status).toBe(400);
    expect(future.text).toContain(
      '<a href="#heldOn-day">The date the review was held must be today or in the past</a>',
    );
    const recorded = await post(agents.provider, recordPath, recordPath, {
      version: '1',
      ...dateBoxes('heldOn', isoDay(-1)),
      attendees: 'Jo Officer (LA commissioner)\r\n\r\nSam Mentor (key worker)',
      progress: 'Attending every session.',
      nextSteps: 'Two mornings at the home school.',
    });
    expect(recorded.status).toBe(303);
    // the success banner for the one who recorded it; the review for everyone who follows the case
    expect((await agents.provider.get(path).expect(200)).text).toContain('Review recorded');
    const after = await agents.school.get(path).expect(200);
    expect(after.text).toContain('Jo Officer (LA commissioner); Sam Mentor (key worker)');
    expect(after.text).toContain('Attending every session.');
    expect(after.text).toContain('Review held');
    // a held review cannot be recorded again
    expect((await agents.provider.get(recordPath)).status).toBe(409);

    // change the second's date: a past date is refused, a stale version is a conflict, then moved
    const movePath = `/ap/reviews/${second}/reschedule`;
    expect(withTwo.text).toContain(`href="${movePath}"`);
    const movePage = await agents.officer.get(movePath).expect(200);
    expect(movePage.text).toContain('When is the review due now?');
    expect(movePage.text).toContain(`It is due on ${longDate(isoDay(20))}.`);
    expect(versionOf(movePage.text)).toBe('1');
    const movedPast = await post(agents.officer, movePath, movePath, {
      version: '1',
      ...dateBoxes('dueOn', isoDay(-2)),
    });
    expect(movedPast.status).toBe(400);
    expect(movedPast.text).toContain('<a href="#dueOn-day">The review must be due today or later</a>');
    expect(
      (await post(agents.officer, movePath, movePath, { version: '7', ...dateBoxes('dueOn', isoDay(25)) })).status,
    ).toBe(409);
    const moved = await post(agents.officer, movePath, movePath, { version: '1', ...dateBoxes('dueOn', isoDay(25)) });
    expect([moved.status, moved.headers['location']]).toEqual([303, path]);
    const afterMove = await agents.officer.get(path).expect(200);
    expect(afterMove.text).toContain('Review date changed');
    expect(afterMove.text).toContain(longDate(isoDay(25)));
    expect((await agents.workforce.get(movePath)).status).toBe(403);

    // cancel the second: a reason is needed; a stale version is shown as a conflict
    const cancelPath = `/ap/reviews/${second}/cancel`;
    const noReason = await post(agents.officer, cancelPath, cancelPath, { version: '2', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('<a href="#reason">Enter why the review is cancelled</a>');
    const stale = await post(agents.officer, cancelPath, cancelPath, {
      version: '9',
      reason: 'Held with the annual review',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('data-testid="review-conflict"');
    expect(
      (await post(agents.officer, cancelPath, cancelPath, { version: '2', reason: 'Held with the annual review' }))
        .status,
    ).toBe(303);
    const cancelled = await agents.officer.get(path).expect(200);
    expect(cancelled.text).toContain('Held with the annual review');
    expect(cancelled.text).toContain('Cancelled');

    // the walls: another role's or an unknown review
    expect((await agents.workforce.get(recordPath)).status).toBe(403);
    expect((await agents.officer.get(`/ap/cases/${caseId}/reviews/new`)).status).toBe(200);
    expect((await agents.lead.get(`/ap/cases/${caseId}/reviews/new`)).status).toBe(403);
    expect((await agents.officer.get(`/ap/reviews/${'0'.repeat(8)}-0000-4000-8000-000000000000/record`)).status).toBe(
      404,
    );
  });

  it('lists the reintegration follow-ups after a return to school, and records one through its page, once', async () => {
    const name = `Returned${unique()}`;
    const path = await placed(name);
    await act(agents.provider, path, 'end', {
      ...dateBoxes('endedOn', isoDay(0)),
      destination: 'returned_to_home_school',
      note: 'Planned return',
    });
    const page = await agents.school.get(path).expect(200);
    expect(page.text).toContain('id="follow-ups"');
    for (const label of ['6 weeks', 'One term (13 weeks)', 'Two terms (26 weeks)'])
      expect([label, page.text.includes(label)]).toEqual([label, true]);
    expect(page.text).toContain(longDate(isoDay(42)));
    // the provider is not part of the follow-up: the case page shows it none
    const provider = await agents.provider.get(path).expect(200);
    expect(provider.text).not.toContain('id="follow-ups"');

    const recordPath = new RegExp(`/ap/follow-ups/${UUID}/record`).exec(page.text)![0];
    const form = await agents.school.get(recordPath).expect(200);
    expect(form.text).toContain('Has the return to school held?');
    const none = await post(agents.school, recordPath, recordPath, {
      version: versionOf(form.text),
      ...dateBoxes('recordedOn', isoDay(0)),
    });
    expect(none.status).toBe(400);
    expect(none.text).toContain('<a href="#outcome">Choose whether the return to school has held</a>');
    const noNote = await post(agents.school, recordPath, recordPath, {
      version: versionOf(form.text),
      outcome: 'not_held',
      ...dateBoxes('recordedOn', isoDay(0)),
    });
    expect(noNote.status).toBe(400);
    expect(noNote.text).toContain('<a href="#note">Say what happened: why the return has not held</a>');
    const done = await post(agents.school, recordPath, recordPath, {
      version: versionOf(form.text),
      outcome: 'held',
      ...dateBoxes('recordedOn', isoDay(0)),
      note: 'Full-time and settled.',
    });
    expect(done.status).toBe(303);
    expect((await agents.school.get(path).expect(200)).text).toContain('Follow-up recorded');
    const after = await agents.officer.get(path).expect(200);
    expect(after.text).toContain('Return has held');
    expect(after.text).toContain('Full-time and settled.');
    expect(after.text).toContain('Reintegration follow-up recorded');
    expect((await agents.school.get(recordPath)).status).toBe(409);
    expect((await agents.provider.get(recordPath)).status).toBe(403);
  });

  it('sets the LA’s review, follow-up and attendance clocks on its AP practice page', async () => {
    const path = `/ap/la-settings/${laId}`;
    const page = await agents.officer.get(path).expect(200);
    for (const id of [
      'firstReviewWeeks',
      'reviewCadenceWeeks',
      'followUpWeeks',
      'attendanceDueDays',
      'unexplainedAbsenceSessions',
      'safeguardingEmail',
    ])
      expect([id, page.text.includes(`id="${id}"`)]).toEqual([id, true]);
    expect(page.text).toContain('value="6, 13, 26"');
    const base = {
      version: versionOf(page.text),
      panelCadenceDays: '14',
      tier2Weeks: '12',
      firstReviewWeeks: '3',
      reviewCadenceWeeks: '5',
      attendanceDueDays: '2',
      unexplainedAbsenceSessions: '4',
    };
    const bad = await post(agents.officer, path, path, {
      ...base,
      followUpWeeks: '6, 6',
      firstReviewWeeks: '30',
      safeguardingEmail: 'nope',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(
      /<a href="#firstReviewWeeks">[\s\S]*<a href="#followUpWeeks">[\s\S]*<a href="#safeguardingEmail">/,
    );
    const saved = await post(agents.officer, path, path, {
      ...base,
      followUpWeeks: '13, 4',
      safeguardingEmail: 'safeguarding@derby.example',
    });
    expect(saved.status).toBe(303);
    const list = await agents.officer.get('/ap/la-settings').expect(200);
    expect(list.text).toContain('4, 13 weeks after the return');
    expect(list.text).toContain('3 weeks after the start');
    expect(list.text).toContain('safeguarding@derby.example');
  });
});
