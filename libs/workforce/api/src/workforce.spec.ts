import {
  JobRegistry,
  JobRunner,
  jobSchedules,
  NotificationRow,
  OutboxRow,
  schoolToday,
  toEnvelope,
  UnitOfWork,
} from '@rep-hub/platform';
import {
  WORKFORCE_REMINDERS_JOB,
  WorkforceReminderNoticeHandler,
  WorkforceRemindersHandler,
  WorkforceRetention,
} from '@rep-hub/workforce-domain';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { startWorkforceApiWorld, trainingProviderOf } from './testing';

type Who = 'lead' | 'la1' | 'la2' | 'school' | 'workforce' | 'trainer';

/**
 * Workforce training through the API on real PostgreSQL: programmes, cohorts and funded places,
 * participants, the enrolment lifecycle and its history, milestones, each role's walls, and the
 * funded-places cap under concurrency, and the reminders of windows to qualify and tie-ins ending.
 */
describe('workforce training', () => {
  let world: ApiWorld;
  let p: Partnership;
  let other: Partnership;
  let npq: string;
  let seq = 1;

  beforeAll(async () => {
    world = await startWorkforceApiWorld();
    p = await world.partnership('wfa', ['354', '355']);
    other = await world.partnership('wfb', ['356', '357']);
  });
  afterAll(async () => {
    for (const t of [p, other])
      if (t)
        await world?.app
          .get(UnitOfWork)
          .forTenant({ tenantId: t.tenantId }, (m) =>
            m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [t.tenantId]),
          );
    await world?.close();
  });

  const as = (who: Who, q: Partnership = p) => {
    const auth = (r: ReturnType<typeof world.http.get>) => r.set('Authorization', `Bearer ${q.members[who].token}`);
    return {
      get: (path: string) => auth(world.http.get(path)),
      post: (path: string, body: object) => auth(world.http.post(path)).send(body),
      put: (path: string, body: object) => auth(world.http.put(path)).send(body),
    };
  };
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

  async function cohort(fundedPlaces: number, places: [number, number]): Promise<string> {
    const res = await as('workforce').post('/api/v1/workforce/cohorts', {
      programmeId: npq,
      providerId: trainingProviderOf(p),
      name: `NPQ cohort ${seq++}`,
      intakeYear: 2026,
      intakeTerm: 'autumn',
      startsOn: '2026-10-05',
      endsOn: '2028-06-30',
      fundedPlaces,
    });
    expect(res.status).toBe(201);
    for (const [i, n] of places.entries())
      expect(
        (await as('workforce').put(`/api/v1/workforce/cohorts/${res.body.id}/allocations/${p.las[i]}`, { places: n }))
          .status,
      ).toBe(200);
    return res.body.id as string;
  }

  async function participant(la: number, extra: object = {}): Promise<string> {
    const n = seq++;
    const res = await as('trainer').post('/api/v1/workforce/participants', {
      laId: p.las[la],
      fullName: `Participant ${n}`,
      workEmail: `participant${n}@school.example`,
      role: 'senco',
      settingKind: 'school',
      settingIdentifier: '123456',
      tookUpPostOn: '2026-09-01',
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  it('lists the four national programmes with their version, and adds a local one for the lead only', async () => {
    const res = await as('workforce').get('/api/v1/workforce/programmes');
    expect(res.status).toBe(200);
    const national = res.body.items.filter((x: { national: boolean }) => x.national);
    expect(national.map((x: { code: string }) => x.code).sort()).toEqual([
      'educational_psychologist',
      'ey_senco_level_3',
      'npq_senco',
      'supported_internship_job_coach',
    ]);
    expect(national.every((x: { referenceVersion: string }) => x.referenceVersion === '2024-09')).toBe(true);
    const ep = national.find((x: { code: string }) => x.code === 'educational_psychologist');
    expect(ep).toMatchObject({ tieInMonths: 36, tieInFromIntakeYear: 2024 });
    npq = national.find((x: { code: string }) => x.code === 'npq_senco').id;
    expect(national.find((x: { code: string }) => x.code === 'npq_senco')).toMatchObject({
      qualificationWindowMonths: 36,
    });

    const local = { name: 'Autism awareness for assistants', milestones: ['started', 'completed'] };
    expect((await as('trainer').post('/api/v1/workforce/programmes', local)).status).toBe(403);
    const created = await as('workforce').post('/api/v1/workforce/programmes', local);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      national: false,
      referenceVersion: null,
      milestones: ['started', 'completed'],
    });
    const bad = await as('workforce').post('/api/v1/workforce/programmes', { name: '', milestones: ['graduated'] });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['milestones', 'name']);
    // settings' staff have nothing here
    expect((await as('school').get('/api/v1/workforce/programmes')).status).toBe(403);
  });

  it('keeps the LAs’ places within the cohort’s funded places', async () => {
    const id = await cohort(3, [2, 1]);
    const over = await as('workforce').put(`/api/v1/workforce/cohorts/${id}/allocations/${p.las[1]}`, { places: 2 });
    expect(over.status).toBe(409);
    expect(over.body.reason).toBe('cohort_places_full');
    const got = await as('workforce').get(`/api/v1/workforce/cohorts/${id}`);
    expect(got.body).toMatchObject({ fundedPlaces: 3, placesAllocated: 3 });
    // an LA officer reads the cohort and only their own LA's places
    const la2 = await as('la2').get(`/api/v1/workforce/cohorts/${id}`);
    expect(la2.body.allocations.map((a: { laId: string }) => a.laId)).toEqual([p.las[1]]);
    // its training provider reads every LA's places in its own cohort (whom it may enrol), but may not change them
    const trainer = await as('trainer').get(`/api/v1/workforce/cohorts/${id}`);
    expect(trainer.body.allocations.map((a: { laId: string; places: number }) => [a.laId, a.places]).sort()).toEqual(
      [
        [p.las[0], 2],
        [p.las[1], 1],
      ].sort(),
    );
    expect(
      (await as('trainer').put(`/api/v1/workforce/cohorts/${id}/allocations/${p.las[1]}`, { places: 0 })).status,
    ).toBe(403);
    // a provider reads only its own cohorts; another partnership's lead sees none of them
    expect((await as('trainer', other).get(`/api/v1/workforce/cohorts/${id}`)).status).toBe(404);
    expect((await as('workforce', other).get(`/api/v1/workforce/cohorts/${id}`)).status).toBe(404);
    const bad = await as('workforce').post('/api/v1/workforce/cohorts', {
      programmeId: npq,
      providerId: p.las[0],
      name: 'x',
      intakeYear: 2026,
      intakeTerm: 'winter',
      startsOn: '2026-10-05',
      endsOn: '2026-10-01',
      fundedPlaces: -1,
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['endsOn', 'fundedPlaces', 'intakeTerm']);
    const notProvider = await as('workforce').post('/api/v1/workforce/cohorts', {
      programmeId: npq,
      providerId: p.las[0],
      name: 'x',
      intakeYear: 2026,
      intakeTerm: 'autumn',
      startsOn: '2026-10-05',
      endsOn: '2027-10-01',
      fundedPlaces: 1,
    });
    expect(fields(notProvider.body)).toEqual(['providerId']);
  });

  it('checks a participant’s setting with the reference validators', async () => {
    await cohort(2, [1, 1]);
    const bad = await as('trainer').post('/api/v1/workforce/participants', {
      laId: p.las[0],
      fullName: 'A',
      workEmail: 'not-an-email',
      role: 'senco',
      settingKind: 'school',
      settingIdentifier: '012345',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['settingIdentifier', 'workEmail']);
    const ey = await as('trainer').post('/api/v1/workforce/participants', {
      laId: p.las[1],
      fullName: 'B',
      workEmail: 'b@nursery.example',
      role: 'early_years_practitioner',
      settingKind: 'early_years',
      settingIdentifier: 'ey123456',
    });
    expect(ey.status).toBe(201);
    expect(ey.body.settingIdentifier).toBe('EY123456');
    // the employing LA's officers read their own LA's participants; the other LA's do not
    expect((await as('la2').get(`/api/v1/workforce/participants/${ey.body.id}`)).status).toBe(200);
    expect((await as('la1').get(`/api/v1/workforce/participants/${ey.body.id}`)).status).toBe(404);
    expect((await as('la1').post('/api/v1/workforce/participants', {})).status).toBe(403);
  });

  it('moves an enrolment through its lifecycle with history, and names the allowed moves on a 409', async () => {
    const id = await cohort(4, [2, 2]);
    const who = await participant(0);
    const enrolled = await as('trainer').post(`/api/v1/workforce/cohorts/${id}/enrolments`, { participantId: who });
    expect(enrolled.status).toBe(201);
    expect(enrolled.body).toMatchObject({
      status: 'applied',
      allowedMoves: ['enrolled', 'withdrawn'],
      qualificationWindowEndsOn: '2029-09-01',
    });
    const e = enrolled.body.id as string;
    expect(
      (await as('trainer').post(`/api/v1/workforce/cohorts/${id}/enrolments`, { participantId: who })).status,
    ).toBe(409);

    const impossible = await as('trainer').post(`/api/v1/workforce/enrolments/${e}/transitions`, {
      status: 'completed',
    });
    expect(impossible.status).toBe(409);
    expect(impossible.body).toMatchObject({ currentStatus: 'applied', allowed: ['enrolled', 'withdrawn'] });
    for (const status of ['enrolled', 'active', 'deferred', 'active'])
      expect((await as('trainer').post(`/api/v1/workforce/enrolments/${e}/transitions`, { status })).status).toBe(200);
    const milestone = await as('trainer').post(`/api/v1/workforce/enrolments/${e}/milestones`, {
      milestone: 'started',
      evidenceOn: '2026-10-05',
    });
    expect(milestone.status).toBe(201);
    expect(milestone.body.milestones).toEqual([
      expect.objectContaining({ milestone: 'started', evidenceOn: '2026-10-05' }),
    ]);
    expect(
      (
        await as('trainer').post(`/api/v1/workforce/enrolments/${e}/milestones`, {
          milestone: 'started',
          evidenceOn: '2026-10-05',
        })
      ).status,
    ).toBe(409);
    const noReason = await as('trainer').post(`/api/v1/workforce/enrolments/${e}/transitions`, { status: 'withdrawn' });
    expect(noReason.status).toBe(400);
    expect(fields(noReason.body)).toEqual(['reason']);
    const gone = await as('trainer').post(`/api/v1/workforce/enrolments/${e}/transitions`, {
      status: 'withdrawn',
      reason: 'Left the post',
    });
    expect(gone.body).toMatchObject({ status: 'withdrawn', withdrawalReason: 'Left the post', allowedMoves: [] });
    expect(gone.body.history.map((h: { toStatus: string }) => h.toStatus)).toEqual([
      'applied',
      'enrolled',
      'active',
      'deferred',
      'active',
      'withdrawn',
    ]);
    expect(gone.body.history.every((h: { actorName: string }) => h.actorName === 'wfa-trainer test user')).toBe(true);
    // the withdrawal gave the place back
    expect((await as('workforce').get(`/api/v1/workforce/cohorts/${id}`)).body.placesFilled).toBe(0);

    // the lead and the LA read it and may not move it; the other LA and settings' staff see nothing
    const lead = await as('workforce').get(`/api/v1/workforce/enrolments/${e}`);
    expect(lead.status).toBe(200);
    expect(lead.body.allowedMoves).toEqual([]);
    expect(
      (await as('workforce').post(`/api/v1/workforce/enrolments/${e}/transitions`, { status: 'active' })).status,
    ).toBe(403);
    expect((await as('la1').get(`/api/v1/workforce/enrolments/${e}`)).status).toBe(200);
    expect((await as('la2').get(`/api/v1/workforce/enrolments/${e}`)).status).toBe(404);
    expect((await as('school').get(`/api/v1/workforce/enrolments/${e}`)).status).toBe(403);
    expect((await as('trainer', other).get(`/api/v1/workforce/enrolments/${e}`)).status).toBe(404);
  });

  it('refuses the enrolment past an LA’s funded places, and holds the cap under concurrency', async () => {
    const id = await cohort(3, [2, 1]);
    const people: string[] = [];
    for (let i = 0; i < 12; i++) people.push(await participant(0));
    const enrolments: string[] = [];
    for (const who of people)
      enrolments.push(
        (await as('trainer').post(`/api/v1/workforce/cohorts/${id}/enrolments`, { participantId: who })).body.id,
      );
    const results = await Promise.all(
      enrolments.map((e) =>
        as('trainer').post(`/api/v1/workforce/enrolments/${e}/transitions`, { status: 'enrolled' }),
      ),
    );
    const codes = results.map((r) => r.status);
    expect(codes.filter((c) => c === 200)).toHaveLength(2);
    expect(codes.filter((c) => c === 409)).toHaveLength(10);
    expect(results.find((r) => r.status === 409)?.body.reason).toBe('la_places_full');
    const [{ filled, held }] = (await world.app.get(UnitOfWork).forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
      m.query(
        `SELECT (SELECT places_filled FROM workforce_allocations WHERE tenant_id = $1 AND cohort_id = $2 AND la_id = $3) AS filled,
                (SELECT count(*)::int FROM workforce_enrolments WHERE tenant_id = $1 AND cohort_id = $2 AND status = 'enrolled') AS held`,
        [p.tenantId, id, p.las[0]],
      ),
    )) as { filled: number; held: number }[];
    expect([filled, held]).toEqual([2, 2]);
  });

  it('de-identifies a participant never enrolled a year after they were recorded, once, and keeps an enrolled one', async () => {
    await cohort(2, [1, 1]);
    const idle = await participant(1);
    const enrolledId = await participant(1);
    const c = await cohort(2, [1, 1]);
    expect(
      (await as('trainer').post(`/api/v1/workforce/cohorts/${c}/enrolments`, { participantId: enrolledId })).status,
    ).toBe(201);
    const retention = world.app.get(WorkforceRetention);
    const [y, m, d] = schoolToday().split('-').map(Number);
    const later = `${y + 2}-${String(m).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;
    const first = await retention.purgeTenant(p.tenantId, later);
    expect(first[0].count).toBeGreaterThanOrEqual(1);
    expect(await retention.purgeTenant(p.tenantId, later)).toEqual([]);
    const gone = await as('la2').get(`/api/v1/workforce/participants/${idle}`);
    expect(gone.body).toMatchObject({
      fullName: 'Removed under retention',
      workEmail: `removed-${idle}@retention.invalid`,
      tookUpPostOn: null,
    });
    // an open enrolment keeps its participant
    expect((await as('la2').get(`/api/v1/workforce/participants/${enrolledId}`)).body.fullName).not.toBe(
      'Removed under retention',
    );
  });

  it('reminds of windows to qualify and tie-ins ending within 90 days, once per end date, through the outbox', async () => {
    const programmes = (await as('workforce').get('/api/v1/workforce/programmes')).body.items as {
      id: string;
      code: string;
    }[];
    const enrolIn = async (cohortId: string, who: string, moves: string[]) => {
      const e = await as('trainer').post(`/api/v1/workforce/cohorts/${cohortId}/enrolments`, { participantId: who });
      expect(e.status).toBe(201);
      for (const status of moves)
        expect(
          (await as('trainer').post(`/api/v1/workforce/enrolments/${e.body.id}/transitions`, { status })).status,
        ).toBe(200);
      return e.body.id as string;
    };
    // NPQ: took up the post on 1 March 2025, so the window to qualify ends on 1 March 2028
    const npqCohort = await cohort(4, [2, 2]);
    const open = await enrolIn(npqCohort, await participant(0, { tookUpPostOn: '2025-03-01' }), ['enrolled', 'active']);
    await enrolIn(npqCohort, await participant(0, { tookUpPostOn: '2025-03-01' }), ['enrolled', 'active', 'completed']);
    // an educational psychologist of the 2024 intake, trained by June 2027: tied to LA two until 30 June 2030
    const epCohort = await as('workforce').post('/api/v1/workforce/cohorts', {
      programmeId: programmes.find((x) => x.code === 'educational_psychologist')!.id,
      providerId: trainingProviderOf(p),
      name: `EP cohort ${seq++}`,
      intakeYear: 2024,
      intakeTerm: 'autumn',
      startsOn: '2024-09-02',
      endsOn: '2027-06-30',
      fundedPlaces: 1,
    });
    expect(
      (
        await as('workforce').put(`/api/v1/workforce/cohorts/${epCohort.body.id}/allocations/${p.las[1]}`, {
          places: 1,
        })
      ).status,
    ).toBe(200);
    const ep = await participant(1, {
      role: 'trainee_educational_psychologist',
      settingKind: undefined,
      settingIdentifier: undefined,
    });
    const tied = await enrolIn(epCohort.body.id, ep, ['enrolled', 'active', 'completed']);

    const reminders = world.app.get(WorkforceRemindersHandler);
    // 91 days before: nothing yet; 90 days before: the open window (the completed one is qualified)
    expect(await reminders.runTenant(p.tenantId, '2027-12-01')).toEqual({ windows: [], tieIns: [] });
    expect(await reminders.runTenant(p.tenantId, '2027-12-02')).toEqual({ windows: [open], tieIns: [] });
    expect(await reminders.runTenant(p.tenantId, '2028-01-15')).toEqual({ windows: [], tieIns: [] });
    // two workers on the same day: the tie-in is picked by one of them only
    const both = await Promise.all([
      reminders.runTenant(p.tenantId, '2030-05-01'),
      reminders.runTenant(p.tenantId, '2030-05-01'),
    ]);
    expect(both.flatMap((r) => r.tieIns)).toEqual([tied]);
    expect(both.flatMap((r) => r.windows)).toEqual([]);
    // another partnership's run sees none of these
    expect(await reminders.runTenant(other.tenantId, '2028-01-15')).toEqual({ windows: [], tieIns: [] });

    const uow = world.app.get(UnitOfWork);
    const rows = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT id, tenant_id, job_name, idempotency_key, actor_id, correlation_id, payload, attempts FROM job_outbox
          WHERE tenant_id = $1 AND job_name = 'workforce.reminder_notice' ORDER BY idempotency_key`,
        [p.tenantId],
      ),
    )) as OutboxRow[];
    expect(rows.map((r) => r.idempotency_key)).toEqual([
      `workforce-tie-in-ends:${tied}:2030-06-30`,
      `workforce-window-ends:${open}:2028-03-01`,
    ]);
    expect(rows.map((r) => r.payload)).toEqual([
      { kind: 'tie_in_ends', enrolmentId: tied, laId: p.las[1] },
      { kind: 'window_ends', enrolmentId: open, laId: p.las[0] },
    ]);
    for (const row of rows) {
      await world.app.get(JobRunner).run(toEnvelope(row), 1);
      await world.app.get(JobRunner).run(toEnvelope(row), 2); // a retry sends nothing twice
    }
    const sent = (await uow.forPlatform(null, (m) =>
      m.query(`SELECT * FROM notifications WHERE idempotency_key LIKE ANY ($1) ORDER BY template, email`, [
        [`workforce-%:${open}:%`, `workforce-%:${tied}:%`],
      ]),
    )) as NotificationRow[];
    // the window: the workforce lead, LA one's officer and the provider; the tie-in: the lead and LA two's officer
    expect(sent.map((n) => [n.template, n.email])).toEqual(
      [
        ['workforce_tie_in_ending', p.members.la2.email],
        ['workforce_tie_in_ending', p.members.workforce.email],
        ['workforce_window_ending', p.members.la1.email],
        ['workforce_window_ending', p.members.trainer.email],
        ['workforce_window_ending', p.members.workforce.email],
      ].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1])),
    );
    const audit = (await uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
      m.query(
        `SELECT action, subject_ids FROM audit_events WHERE tenant_id = $1 AND action LIKE 'workforce.enrolment.remind_%' ORDER BY action`,
        [p.tenantId],
      ),
    )) as { action: string; subject_ids: string[] }[];
    expect(audit).toEqual([
      { action: 'workforce.enrolment.remind_tie_in_ends', subject_ids: [tied] },
      { action: 'workforce.enrolment.remind_window_ends', subject_ids: [open] },
    ]);

    // the schedule and the handlers are registered through the module
    expect(jobSchedules().filter((s) => s.id === 'workforce-reminders-daily')).toEqual([
      expect.objectContaining({ job: WORKFORCE_REMINDERS_JOB, pattern: '30 7 * * *', everyMs: 86_400_000 }),
    ]);
    const registry = world.app.get(JobRegistry);
    expect(registry.handler('workforce.reminders')).toBe(reminders);
    expect(registry.handler('workforce.reminder_notice')).toBe(world.app.get(WorkforceReminderNoticeHandler));
  });
});
