import { academicYearOf } from '@rep-hub/ap-domain';
import { JobRunner, NotificationRow, OutboxRow, toEnvelope, UnitOfWork } from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { startApiWorld } from './testing';

const ROLES = ['lead', 'la1', 'la2', 'school', 'provider', 'workforce', 'dpo'] as const;
type Who = (typeof ROLES)[number];
const YEAR = academicYearOf(new Date());
const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * AP cases through the API on real PostgreSQL: the state machine for each role, capacity under
 * concurrency, the LA wall, the lead's pseudonymised view, and the sixth-day duty.
 */
describe('AP cases', () => {
  let world: ApiWorld;
  let p: Partnership;
  let uow: UnitOfWork;
  let providerId: string;
  let seq = 1;

  beforeAll(async () => {
    world = await startApiWorld();
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('apc', ['354', '355']);
    providerId = await newProvider(p.providerId, { tier_1: 3, tier_2: 5, tier_3: 2 });
  });
  afterAll(async () => {
    // this producer app runs no jobs: the notices it enqueued are not left for the next suite's worker
    await uow?.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [p.tenantId]),
    );
    await world?.close();
  });

  const as = (who: Who) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${p.members[who].token}`),
    post: (path: string, body: object) =>
      world.http.post(path).set('Authorization', `Bearer ${p.members[who].token}`).send(body),
    put: (path: string, body: object) =>
      world.http.put(path).set('Authorization', `Bearer ${p.members[who].token}`).send(body),
  });
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
  /** Runs the case notices enqueued for a case (this producer app runs no jobs by itself) and returns the emails sent. */
  async function runNotices(caseId: string): Promise<NotificationRow[]> {
    const rows = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT id, tenant_id, job_name, idempotency_key, actor_id, correlation_id, payload, attempts FROM job_outbox WHERE tenant_id = $1 AND job_name = 'ap.case_notice' AND payload->>'caseId' = $2`,
        [p.tenantId, caseId],
      ),
    )) as OutboxRow[];
    for (const row of rows) {
      await world.app.get(JobRunner).run(toEnvelope(row), 1);
      await world.app.get(JobRunner).run(toEnvelope(row), 2); // a retry sends nothing twice
    }
    return uow.forPlatform(null, (m) =>
      m.query(`SELECT * FROM notifications WHERE idempotency_key LIKE $1 ORDER BY email`, [
        `ap-case-notice:%:${caseId}:%`,
      ]),
    ) as Promise<NotificationRow[]>;
  }

  /** A directory entry with in-date checks and places for both LAs; linked to an organisation when given. */
  async function newProvider(
    organisationId: string | null,
    places: Record<string, number>,
    checks = ['due_diligence', 'safeguarding', 'insurance'],
  ): Promise<string> {
    const r = await as('lead').post('/api/v1/ap/providers', {
      name: `Provider ${randomUUID().slice(0, 6)}`,
      providerType: 'pru',
      ukprn: String(10000000 + Math.floor(Math.random() * 9999999)),
      tiers: ['tier_1', 'tier_2', 'tier_3'],
      ...(organisationId ? { organisationId } : {}),
    });
    expect(r.status).toBe(201);
    for (const kind of checks) {
      expect(
        (
          await as('lead').post(`/api/v1/ap/providers/${r.body.id}/quality-checks`, {
            kind,
            checkedOn: daysFromNow(-30),
            expiresOn: daysFromNow(335),
          })
        ).status,
      ).toBe(201);
    }
    for (const laId of p.las) {
      for (const [tier, n] of Object.entries(places)) {
        expect(
          (
            await as('lead').put(`/api/v1/ap/providers/${r.body.id}/places`, {
              laId,
              tier,
              academicYear: YEAR,
              places: n,
            })
          ).status,
        ).toBe(200);
      }
    }
    return r.body.id as string;
  }

  /** A pupil recorded straight into the database (the pupils API has its own suite): by the school, or by the LA. */
  async function pupil(laId: string, opts: { school?: boolean; lookedAfter?: boolean } = {}): Promise<string> {
    const [row] = (await uow.forTenant({ tenantId: p.tenantId, laIds: [laId] }, (m) =>
      m.query(
        `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth, setting_id, current_school_id, looked_after)
         VALUES ($1, $2, 'UN2', $3, 'Casefile', '2013-05-02', $4, $4, $5) RETURNING id`,
        [p.tenantId, laId, `Child${seq++}`, opts.school ? p.schoolId : null, opts.lookedAfter ?? false],
      ),
    )) as { id: string }[];
    return row.id;
  }

  const referral = (pupilId: string, extra: object = {}) => ({
    route: 'school_referral',
    pupilId,
    reason: 'at_risk_of_exclusion',
    requestedTier: 'tier_2',
    familyViews: 'Parents want a short placement and a plan to return.',
    childViews: 'Would like smaller classes.',
    ...extra,
  });
  const move = (who: Who, id: string, action: string, input: object = {}) =>
    as(who).post(`/api/v1/ap/cases/${id}/transitions`, { action, ...input });
  const caseOf = async (id: string) =>
    (await as('la2').get(`/api/v1/ap/cases/${id}`)).body as {
      status: string;
      version: number;
      timeline: { action: string }[];
    };

  it('takes a school referral through triage, screening, the panel’s offer, acceptance, start and end; every other role gets 403 or 404 at each step', async () => {
    const [, la2] = p.las;
    const created = await as('school').post('/api/v1/ap/cases', referral(await pupil(la2, { school: true })));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'referred',
      route: 'school_referral',
      lawfulBasis: 'public_task',
      laId: la2,
      allowedActions: ['withdraw'],
      version: 1,
    });
    expect(created.body.reference).toMatch(/^AP-\d{6}$/);
    const id = created.body.id as string;

    // [who takes it, action, input, resulting status, who else may (left out of the refusals)]
    const steps: [Who, string, object, string, Who[]][] = [
      [
        'la2',
        'triage',
        { urgency: 'high', panelDate: daysFromNow(7), note: 'Suspended twice this term' },
        'triaged',
        [],
      ],
      ['la2', 'screen', { note: 'Ready for panel: school has tried a part-time timetable' }, 'screened', []],
      ['la2', 'decide', { decision: 'offer', providerId, tier: 'tier_2', note: 'Tier 2 for 12 weeks' }, 'offered', []],
      ['provider', 'accept', { plannedStart: daysFromNow(3) }, 'placement_planned', []],
      ['provider', 'start', { startedOn: daysFromNow(0) }, 'placement_active', []],
      // the commissioner (the LA) may end a placement too
      [
        'provider',
        'end',
        { destination: 'returned_to_home_school', note: 'Return went well', endedOn: daysFromNow(0) },
        'ended',
        ['la2'],
      ],
    ];
    for (const [actor, action, input, to, also] of steps) {
      const before = await caseOf(id);
      for (const other of ROLES.filter((r) => r !== actor && !also.includes(r))) {
        const r = await move(other, id, action, input);
        expect([other, action, r.status]).toEqual([other, action, expect.any(Number)]);
        expect([403, 404]).toContain(r.status);
      }
      expect((await caseOf(id)).version).toBe(before.version);
      const r = await move(actor, id, action, { ...input, version: before.version });
      expect([action, r.status, r.body.status]).toEqual([action, 200, to]);
    }
    const done = (await as('la2').get(`/api/v1/ap/cases/${id}`)).body;
    expect(done.placement).toMatchObject({
      providerId,
      tier: 'tier_2',
      academicYear: academicYearOf(new Date(`${daysFromNow(3)}T00:00:00Z`)),
      status: 'ended',
      destination: 'returned_to_home_school',
      endReason: 'Return went well',
    });
    // tier 2 planned end from the LA's default length (12 weeks)
    expect(done.placement.plannedEnd).toBe(
      new Date(Date.parse(`${daysFromNow(3)}T00:00:00Z`) + 84 * 86_400_000).toISOString().slice(0, 10),
    );
    expect(done.timeline.map((e: { action: string }) => e.action)).toEqual([
      'end',
      'start',
      'accept',
      'decide_offer',
      'screen',
      'triage',
      'refer',
    ]);
    expect(done.timeline[5]).toMatchObject({
      fromStatus: 'referred',
      toStatus: 'triaged',
      note: 'Suspended twice this term',
      by: { userId: p.members.la2.userId, role: 'la_officer' },
    });
    expect(done.timeline[5].by.name).toBeTruthy();
    expect(done.allowedActions).toEqual([]);
    // each transition is in the audit trail too
    const audit = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT action FROM audit_events WHERE tenant_id = $1 AND $2 = ANY (subject_ids) AND action LIKE 'ap_case.%' ORDER BY occurred_at`,
        [p.tenantId, id],
      ),
    )) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'ap_case.create',
        'ap_case.triage',
        'ap_case.screen',
        'ap_case.decide',
        'ap_case.accept',
        'ap_case.start',
        'ap_case.end',
      ]),
    );
  });

  it('answers 409 naming the allowed transitions for a step out of order, and 409 for a stale version', async () => {
    const id = (await as('school').post('/api/v1/ap/cases', referral(await pupil(p.las[1], { school: true })))).body
      .id as string;
    const early = await move('la2', id, 'decide', { decision: 'decline', note: 'x' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ caseStatus: 'referred', allowedTransitions: ['triage', 'withdraw'] });
    expect(early.body.detail).toContain('You can: triage, withdraw');
    const ended = await move('la2', id, 'end', { destination: 'not_known', note: 'x' });
    expect(ended.status).toBe(409);
    // the school that referred may withdraw but never triage (403), and 409 names only what it may do
    expect((await move('school', id, 'triage', { urgency: 'high', panelDate: daysFromNow(1) })).status).toBe(403);
    const stale = await move('la2', id, 'triage', { urgency: 'standard', panelDate: daysFromNow(1), version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(1);
    const bad = await move('la2', id, 'triage', { urgency: 'soon', panelDate: '2026-02-30' });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['panelDate', 'urgency']);
    // an action the case machine does not have is a bad field of the body
    const fly = await move('la2', id, 'fly', {});
    expect(fly.status).toBe(400);
    expect(fields(fly.body)).toEqual(['action']);
    expect((await caseOf(id)).status).toBe('referred');
  });

  it('runs the other branches: more information and back, a declined offer and a new offer, a panel decline, a withdrawal', async () => {
    const id = (await as('school').post('/api/v1/ap/cases', referral(await pupil(p.las[1], { school: true })))).body
      .id as string;
    expect((await move('la2', id, 'triage', { urgency: 'urgent', panelDate: daysFromNow(2) })).status).toBe(200);
    expect((await move('la2', id, 'request_information', {})).body.errors[0].field).toBe('note');
    expect((await move('la2', id, 'request_information', { note: 'Send the attendance record' })).body.status).toBe(
      'more_information_needed',
    );
    // the referring school gives the information, and the case goes back to triage
    expect((await move('school', id, 'provide_information', { note: 'Attendance 71% this term' })).body.status).toBe(
      'referred',
    );
    await move('la2', id, 'triage', { urgency: 'urgent', panelDate: daysFromNow(2) });
    await move('la2', id, 'screen', { note: 'Ready' });
    expect((await move('la2', id, 'decide', { decision: 'offer', providerId, tier: 'tier_2' })).body.status).toBe(
      'offered',
    );
    expect((await move('provider', id, 'decline_offer', {})).status).toBe(400);
    const declined = await move('provider', id, 'decline_offer', { note: 'No transport to our site' });
    expect(declined.body.status).toBe('offer_declined');
    // a second provider, offered again by the LA (the commissioner)
    const second = await newProvider(null, { tier_2: 1 });
    expect((await move('school', id, 'offer', { providerId: second, tier: 'tier_2' })).status).toBe(403);
    const again = await move('la2', id, 'offer', { providerId: second, tier: 'tier_2' });
    expect(again.body).toMatchObject({ status: 'offered', providerId: second });
    // the first provider no longer sees the case
    expect((await as('provider').get(`/api/v1/ap/cases/${id}`)).status).toBe(404);
    expect((await move('school', id, 'withdraw', { note: 'Family moved away' })).body.status).toBe('withdrawn');

    const other = (await as('school').post('/api/v1/ap/cases', referral(await pupil(p.las[1], { school: true })))).body
      .id as string;
    await move('la2', other, 'triage', { urgency: 'standard', panelDate: daysFromNow(2) });
    await move('la2', other, 'screen', { note: 'Ready' });
    expect(fields((await move('la2', other, 'decide', { decision: 'decline' })).body)).toEqual(['note']);
    const no = await move('la2', other, 'decide', { decision: 'decline', note: 'Needs met by tier 1 in school' });
    expect(no.body).toMatchObject({
      status: 'declined',
      decisionReason: 'Needs met by tier 1 in school',
      allowedActions: [],
    });
  });

  it('lets a school commission tier 1 or 2 itself without a panel, tells its LA, and refuses tier 3', async () => {
    const [, la2] = p.las;
    const tier3 = await as('school').post('/api/v1/ap/cases', {
      ...referral(await pupil(la2, { school: true })),
      route: 'school_commission',
      requestedTier: 'tier_3',
      providerId,
    });
    expect(fields(tier3.body)).toEqual(['requestedTier']);
    const noProvider = await as('school').post('/api/v1/ap/cases', {
      ...referral(await pupil(la2, { school: true })),
      route: 'school_commission',
    });
    expect(fields(noProvider.body)).toEqual(['providerId']);
    const r = await as('school').post('/api/v1/ap/cases', {
      ...referral(await pupil(la2, { school: true })),
      route: 'school_commission',
      requestedTier: 'tier_1',
      providerId,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'offered', tier: 'tier_1', providerId, allowedActions: ['withdraw'] });
    // the LA reads it but takes no action on it; the provider sees the offer
    expect((await as('la2').get(`/api/v1/ap/cases/${r.body.id}`)).body.allowedActions).toEqual([]);
    expect((await as('provider').get(`/api/v1/ap/cases/${r.body.id}`)).body.allowedActions).toEqual([
      'accept',
      'decline_offer',
    ]);
    const jobs = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(`SELECT payload FROM job_outbox WHERE tenant_id = $1 AND job_name = 'ap.case_notice'`, [p.tenantId]),
    )) as {
      payload: { caseId: string; kind: string };
    }[];
    expect(jobs.map((j) => j.payload)).toContainEqual(
      expect.objectContaining({ caseId: r.body.id, kind: 'school_commission', laId: la2 }),
    );
    // the LA's officers are emailed the reference and the school, never the child
    const sent = await runNotices(r.body.id);
    expect(sent.map((n) => [n.template, n.email])).toEqual([['ap_school_commission', p.members.la2.email]]);
    expect(sent[0].personalisation).toMatchObject({
      reference: r.body.reference,
      referring_school: 'apc school',
      local_authority: 'apc LA two',
      link: expect.stringContaining(`/ap/cases/${r.body.id}`),
    });
    expect(JSON.stringify(sent[0].personalisation)).not.toContain(r.body.pupil.givenName);
    // an LA officer may not open a school route; a school may not commission for the panel
    expect((await as('la2').post('/api/v1/ap/cases', referral(await pupil(la2)))).status).toBe(403);
    expect(
      (
        await as('school').post('/api/v1/ap/cases', {
          ...referral(await pupil(la2, { school: true })),
          route: 'la_commission',
        })
      ).status,
    ).toBe(403);
    // one open case per pupil
    const twice = await as('school').post('/api/v1/ap/cases', { ...referral(await pupil(la2, { school: true })) });
    expect((await as('school').post('/api/v1/ap/cases', { ...referral(twice.body.pupil.id) })).status).toBe(409);
  });

  it('blocks an offer to a provider whose safeguarding check has expired, and to one the LA commissions no places from', async () => {
    const [la1] = p.las;
    const lapsed = await newProvider(null, { tier_3: 1 }, ['due_diligence', 'insurance']);
    await as('lead').post(`/api/v1/ap/providers/${lapsed}/quality-checks`, {
      kind: 'safeguarding',
      checkedOn: '2024-01-01',
      expiresOn: daysFromNow(-1),
    });
    const id = (
      await as('la1').post('/api/v1/ap/cases', {
        ...referral(await pupil(la1)),
        route: 'la_commission',
        reason: 'permanent_exclusion',
        exclusionType: 'permanent_exclusion',
        exclusionStart: '2026-11-20',
        requestedTier: 'tier_3',
      })
    ).body.id as string;
    await move('la1', id, 'triage', { urgency: 'urgent', panelDate: daysFromNow(1) });
    await move('la1', id, 'screen', { note: 'Ready' });
    const blocked = await move('la1', id, 'decide', { decision: 'offer', providerId: lapsed, tier: 'tier_3' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.blockedBy).toEqual([expect.objectContaining({ kind: 'safeguarding', reason: 'expired' })]);
    const elsewhere = await newProvider(null, { tier_2: 1 });
    const unplaced = await move('la1', id, 'decide', { decision: 'offer', providerId: elsewhere, tier: 'tier_3' });
    expect(unplaced.status).toBe(400);
    expect(fields(unplaced.body)).toEqual(['providerId']);
    expect((await as('la1').get(`/api/v1/ap/cases/${id}`)).body).toMatchObject({
      status: 'screened',
      sixthDayDuty: { who: 'local_authority', from: '2026-11-27' },
      exclusion: { type: 'permanent_exclusion', start: '2026-11-20', days: null },
    });
  });

  it('gives the last place once: 20 concurrent acceptances with one place left make exactly one placement', async () => {
    const [la1] = p.las;
    const orgBody = await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, {
      kind: 'ap_provider',
      name: `Race provider ${seq}`,
      ukprn: String(10000000 + Math.floor(Math.random() * 9999999)),
    });
    const racer = await newProvider(orgBody.id, { tier_3: 2 });
    const staff = await world.member(p.tenantId, orgBody.id, 'ap_provider_staff', 'racer');
    // one place already taken
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) {
      const id = (
        await as('la1').post('/api/v1/ap/cases', {
          ...referral(await pupil(la1)),
          route: 'la_commission',
          requestedTier: 'tier_3',
        })
      ).body.id as string;
      await move('la1', id, 'triage', { urgency: 'standard', panelDate: daysFromNow(1) });
      await move('la1', id, 'screen', { note: 'Ready' });
      expect((await move('la1', id, 'decide', { decision: 'offer', providerId: racer, tier: 'tier_3' })).status).toBe(
        200,
      );
      ids.push(id);
    }
    const accept = (id: string) =>
      world.http
        .post(`/api/v1/ap/cases/${id}/transitions`)
        .set('Authorization', `Bearer ${staff.token}`)
        .send({ action: 'accept', plannedStart: daysFromNow(1) });
    expect((await accept(ids[0])).status).toBe(200);
    const results = await Promise.all(ids.slice(1).map(accept));
    const codes = results.map((r) => r.status).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    expect(results.find((r) => r.status === 409)?.body).toMatchObject({ places: 2, taken: 2 });
    const [{ n }] = (await uow.forTenant({ tenantId: p.tenantId, laIds: [la1] }, (m) =>
      m.query(
        `SELECT count(*)::int AS n FROM ap_placements WHERE tenant_id = $1 AND provider_id = $2 AND status <> 'ended'`,
        [p.tenantId, racer],
      ),
    )) as { n: number }[];
    expect(n).toBe(2);
  });

  it('tells the virtual school of a placement of a looked-after child', async () => {
    const [la1] = p.las;
    expect(
      (await as('la1').put(`/api/v1/ap/la-settings/${la1}`, { virtualSchoolEmail: 'virtual.school@council.example' }))
        .status,
    ).toBe(200);
    const id = (
      await as('la1').post('/api/v1/ap/cases', {
        ...referral(await pupil(la1, { lookedAfter: true })),
        route: 'la_commission',
        reason: 'medical_needs',
      })
    ).body.id as string;
    await move('la1', id, 'triage', { urgency: 'urgent', panelDate: daysFromNow(1) });
    await move('la1', id, 'screen', { note: 'Ready' });
    await move('la1', id, 'decide', { decision: 'offer', providerId, tier: 'tier_2' });
    const accepted = await move('provider', id, 'accept', { plannedStart: daysFromNow(2) });
    expect(accepted.body.timeline[0].details).toMatchObject({ virtualSchoolNotified: true });
    const jobs = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(`SELECT payload FROM job_outbox WHERE tenant_id = $1 AND job_name = 'ap.case_notice'`, [p.tenantId]),
    )) as { payload: object }[];
    expect(jobs.map((j) => j.payload)).toContainEqual(
      expect.objectContaining({ caseId: id, kind: 'virtual_school', laId: la1 }),
    );
    const sent = await runNotices(id);
    expect(sent.map((n) => [n.template, n.email])).toEqual([
      ['ap_virtual_school_placement', 'virtual.school@council.example'],
    ]);
    expect(sent[0].personalisation).toMatchObject({
      reference: accepted.body.reference,
      local_authority: 'apc LA one',
    });
  });

  it('keeps each LA to its cases until a data-sharing agreement, and then lets the other LA read but not act', async () => {
    const [la1, la2] = p.las;
    const theirs = (await as('school').post('/api/v1/ap/cases', referral(await pupil(la2, { school: true })))).body
      .id as string;
    expect((await as('la1').get(`/api/v1/ap/cases/${theirs}`)).status).toBe(404);
    expect(
      ((await as('la1').get('/api/v1/ap/cases?limit=100')).body.items as { laId: string }[]).every(
        (c) => c.laId === la1,
      ),
    ).toBe(true);
    expect((await move('la1', theirs, 'triage', { urgency: 'high', panelDate: daysFromNow(1) })).status).toBe(404);
    // a school sees only its own; a provider only what is offered to it
    expect(
      ((await as('school').get('/api/v1/ap/cases?limit=100')).body.items as { settingName: string }[]).every(
        (c) => c.settingName === 'apc school',
      ),
    ).toBe(true);
    expect(
      ((await as('provider').get('/api/v1/ap/cases?limit=100')).body.items as { providerId: string }[]).every(
        (c) => c.providerId === providerId,
      ),
    ).toBe(true);
    for (const who of ['lead', 'workforce', 'dpo'] as const)
      expect((await as(who).get('/api/v1/ap/cases')).status).toBe(403);

    // the lead's picture is empty of pupils until an agreement
    const before = await as('lead').get('/api/v1/ap/case-summaries');
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ items: [], sharingLaIds: [], nextCursor: null });
    expect((await as('la1').get('/api/v1/ap/case-summaries')).status).toBe(403);
    const agreement = await as('lead').post('/api/v1/data-sharing-agreements', {
      title: 'AP cases',
      purpose: 'The partnership picture and both LAs’ AP panel',
      grants: ['partnership_view', 'named_pupils'],
      startsOn: '2026-01-01',
      localAuthorityIds: [la1, la2],
    });
    expect(agreement.status).toBe(201);
    const agreementId = (agreement.body as { id: string }).id;
    // proposed and confirmed by one LA: the picture is still empty
    expect(
      (await as('la1').post(`/api/v1/data-sharing-agreements/${agreementId}/confirmations`, { version: 1 })).status,
    ).toBe(200);
    expect((await as('lead').get('/api/v1/ap/case-summaries')).body.items).toEqual([]);
    expect(
      (await as('la2').post(`/api/v1/data-sharing-agreements/${agreementId}/confirmations`, { version: 2 })).status,
    ).toBe(200);
    const after = await as('lead').get('/api/v1/ap/case-summaries?limit=100');
    expect(after.body.items.length).toBeGreaterThan(3);
    expect(after.body.sharingLaIds).toEqual([la1, la2].sort());
    const json = JSON.stringify(after.body);
    for (const banned of ['givenName', 'familyName', 'dateOfBirth', 'upn', 'Casefile', '2013-05-02', 'Child1'])
      expect(json).not.toContain(banned);
    expect(after.body.items[0]).toEqual(
      expect.objectContaining({ pupilPseudonym: expect.stringMatching(/^[0-9a-f]{16}$/) }),
    );
    // the same child, the same pseudonym; two children, two
    const pseudonyms = new Map<string, string>();
    for (const it of after.body.items as { id: string; pupilPseudonym: string }[])
      pseudonyms.set(it.id, it.pupilPseudonym);
    expect(new Set(pseudonyms.values()).size).toBe(pseudonyms.size);

    // with the agreement the other LA reads the case, and still cannot act on it
    expect((await as('la1').get(`/api/v1/ap/cases/${theirs}`)).status).toBe(200);
    expect((await move('la1', theirs, 'triage', { urgency: 'high', panelDate: daysFromNow(1) })).status).toBe(403);
  });

  it('filters, sorts and pages the case list without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await as('la2').get(`/api/v1/ap/cases?limit=2&sort=oldest${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      // children's records: kept by no browser or proxy, and no validator for one to keep
      expect([r.headers['cache-control'], r.headers['etag']]).toEqual(['no-store', undefined]);
      // the timestamps PostgreSQL formats read as JavaScript's own
      for (const i of r.body.items as { createdAt: string; updatedAt: string }[]) {
        expect([new Date(i.createdAt).toISOString(), new Date(i.updatedAt).toISOString()]).toEqual([
          i.createdAt,
          i.updatedAt,
        ]);
      }
      seen.push(...(r.body.items as { id: string; createdAt: string }[]).map((i) => `${i.createdAt}|${i.id}`));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(4);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(seen.length);
    const panel = (await as('la2').get('/api/v1/ap/cases?stage=panel&sort=panel&limit=100')).body.items as {
      status: string;
    }[];
    expect(panel.every((c) => ['referred', 'triaged', 'screened', 'more_information_needed'].includes(c.status))).toBe(
      true,
    );
    const tier1 = (await as('la2').get('/api/v1/ap/cases?tier=tier_1&limit=100')).body.items as { tier: string }[];
    expect(tier1.length).toBeGreaterThan(0);
    expect(tier1.every((c) => c.tier === 'tier_1')).toBe(true);
    const bad = await as('la2').get('/api/v1/ap/cases?stage=soon&sort=random&tier=tier_9');
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['sort', 'stage', 'tier']);
  });

  it('keeps each LA’s panel dates and tier 2 length, set by its own officers or the lead, and holds triage to those dates', async () => {
    const [la1, la2] = p.las;
    const first = daysFromNow(3);
    const set = await as('la2').put(`/api/v1/ap/la-settings/${la2}`, {
      panelFirstDate: first,
      panelCadenceDays: 14,
      tier2Weeks: 8,
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      laId: la2,
      panelFirstDate: first,
      panelCadenceDays: 14,
      tier2Weeks: 8,
      version: 1,
    });
    expect(set.body.nextPanelDates.slice(0, 2)).toEqual([first, daysFromNow(17)]);
    expect((await as('la1').put(`/api/v1/ap/la-settings/${la2}`, { tier2Weeks: 6 })).status).toBe(403);
    expect((await as('school').put(`/api/v1/ap/la-settings/${la2}`, { tier2Weeks: 6 })).status).toBe(403);
    expect(
      (await as('lead').put(`/api/v1/ap/la-settings/${la2}`, { panelFirstDate: first, tier2Weeks: 8, version: 9 }))
        .status,
    ).toBe(409);
    expect(
      fields(
        (
          await as('la1').put(`/api/v1/ap/la-settings/${la1}`, {
            panelCadenceDays: 0,
            tier2Weeks: 'x',
            virtualSchoolEmail: 'nope',
          })
        ).body,
      ),
    ).toEqual(['panelCadenceDays', 'tier2Weeks', 'virtualSchoolEmail']);
    expect(
      ((await as('school').get('/api/v1/ap/la-settings')).body.items as { laId: string }[]).map((s) => s.laId).sort(),
    ).toEqual([la1, la2].sort());
    const id = (await as('school').post('/api/v1/ap/cases', referral(await pupil(la2, { school: true })))).body
      .id as string;
    const off = await move('la2', id, 'triage', { urgency: 'high', panelDate: daysFromNow(4) });
    expect(fields(off.body)).toEqual(['panelDate']);
    expect((await move('la2', id, 'triage', { urgency: 'high', panelDate: first })).body).toMatchObject({
      status: 'triaged',
      panelDate: first,
    });
    await move('la2', id, 'screen', { note: 'Ready' });
    await move('la2', id, 'decide', { decision: 'offer', providerId, tier: 'tier_2' });
    const accepted = await move('provider', id, 'accept', { plannedStart: first });
    expect(accepted.body.placement.plannedEnd).toBe(
      new Date(Date.parse(`${first}T00:00:00Z`) + 56 * 86_400_000).toISOString().slice(0, 10),
    );
  });

  it('names each bad field of a new case, and records the sixth-day duty of a long suspension with the school', async () => {
    const bad = await as('school').post('/api/v1/ap/cases', {
      route: 'by_post',
      pupilId: 'x',
      reason: 'bored',
      requestedTier: 'tier_4',
      familyViews: ' ',
      exclusionStart: '2026-11-16',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual([
      'childViews',
      'exclusionType',
      'familyViews',
      'pupilId',
      'reason',
      'requestedTier',
      'route',
    ]);
    // a month no calendar has is a field error, never a 500
    const month13 = await as('school').post(
      '/api/v1/ap/cases',
      referral(await pupil(p.las[1], { school: true }), {
        exclusionType: 'suspension',
        exclusionStart: '2026-13-45',
        exclusionDays: 6,
      }),
    );
    expect([month13.status, fields(month13.body)]).toEqual([400, ['exclusionStart']]);
    const pupilMonth13 = await as('la1').post('/api/v1/ap/pupils', {
      laId: p.las[0],
      upnUnknownReason: 'UN2',
      givenName: 'Thirteen',
      familyName: 'Month',
      dateOfBirth: '2013-13-01',
    });
    expect([pupilMonth13.status, fields(pupilMonth13.body)]).toEqual([400, ['dateOfBirth']]);
    const notMine = await as('school').post('/api/v1/ap/cases', referral(await pupil(p.las[1])));
    expect(fields(notMine.body)).toEqual(['pupilId']);
    const r = await as('school').post(
      '/api/v1/ap/cases',
      referral(await pupil(p.las[1], { school: true }), {
        reason: 'suspension',
        exclusionType: 'suspension',
        exclusionStart: '2026-11-16',
        exclusionDays: 7,
      }),
    );
    expect(r.body.sixthDayDuty).toEqual({
      who: 'school',
      from: '2026-11-23',
      explanation: expect.stringContaining('7-day suspension'),
    });
    const short = await as('school').post(
      '/api/v1/ap/cases',
      referral(await pupil(p.las[1], { school: true }), {
        reason: 'suspension',
        exclusionType: 'suspension',
        exclusionStart: '2026-11-16',
        exclusionDays: 5,
      }),
    );
    expect(short.body.sixthDayDuty).toBeNull();
  });

  it('keeps what a settings PUT leaves out, and sets back to its default (or clears) what it sends as null or empty', async () => {
    const [la1] = p.las;
    const first = await as('la1').put(`/api/v1/ap/la-settings/${la1}`, {
      firstReviewWeeks: 3,
      safeguardingEmail: 'safe@la1.example',
      tier2Weeks: 10,
      followUpWeeks: [4, 8],
    });
    expect(first.status).toBe(200);
    // a client that sends only part 1's fields changes those and keeps the clocks
    const second = await as('la1').put(`/api/v1/ap/la-settings/${la1}`, { tier2Weeks: 9, version: first.body.version });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      tier2Weeks: 9,
      firstReviewWeeks: 3,
      safeguardingEmail: 'safe@la1.example',
      followUpWeeks: [4, 8],
      version: first.body.version + 1,
    });
    const third = await as('la1').put(`/api/v1/ap/la-settings/${la1}`, {
      firstReviewWeeks: null,
      safeguardingEmail: '',
      followUpWeeks: null,
    });
    expect(third.body).toMatchObject({
      tier2Weeks: 9,
      firstReviewWeeks: 2,
      safeguardingEmail: null,
      followUpWeeks: [6, 13, 26],
    });
    expect((await as('la1').get(`/api/v1/ap/la-settings/${la1}`)).body).toEqual(third.body);
  });
});
