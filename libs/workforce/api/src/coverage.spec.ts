import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { AuthContext, PrincipalResolver } from '@rep-hub/auth';
import { schoolToday, UnitOfWork } from '@rep-hub/platform';
import { coverageCsv, CoverageResult, WorkforceCoverageIndicators } from '@rep-hub/workforce-domain';
import { Workbook } from 'exceljs';
import { ClsService } from 'nestjs-cls';
import { startWorkforceApiWorld, trainingProviderOf } from './testing';

type Who = 'lead' | 'la1' | 'la2' | 'school' | 'workforce' | 'trainer';

/**
 * Workforce coverage on real PostgreSQL, on a small partnership built through the API: funded
 * against filled places, settings with a qualified SENCO or one inside the window against the
 * settings known, educational psychologists in training and in tie-in, job coaches trained,
 * completion and withdrawal rates; each role's wall, the downloads and the indicators.
 */
describe('workforce coverage', () => {
  let world: ApiWorld;
  let p: Partnership;
  let seq = 1;
  const today = schoolToday();
  const NOW = { from: '2025-01-01', to: today };
  const q = `from=${NOW.from}&to=${NOW.to}`;

  const as = (who: Who) => {
    const auth = (r: ReturnType<typeof world.http.get>) => r.set('Authorization', `Bearer ${p.members[who].token}`);
    return {
      get: (path: string) => auth(world.http.get(path)),
      post: (path: string, body: object) => auth(world.http.post(path)).send(body),
      put: (path: string, body: object) => auth(world.http.put(path)).send(body),
    };
  };

  async function cohort(code: string, places: [number, number], dates = ['2024-09-01', '2030-06-30']) {
    const programmes = (await as('workforce').get('/api/v1/workforce/programmes')).body.items as {
      id: string;
      code: string;
    }[];
    const res = await as('workforce').post('/api/v1/workforce/cohorts', {
      programmeId: programmes.find((x) => x.code === code)!.id,
      providerId: trainingProviderOf(p),
      name: `${code} ${seq++}`,
      intakeYear: Number(dates[0].slice(0, 4)),
      intakeTerm: 'autumn',
      startsOn: dates[0],
      endsOn: dates[1],
      fundedPlaces: places[0] + places[1],
    });
    expect(res.status).toBe(201);
    for (const [i, n] of places.entries())
      if (n)
        expect(
          (await as('workforce').put(`/api/v1/workforce/cohorts/${res.body.id}/allocations/${p.las[i]}`, { places: n }))
            .status,
        ).toBe(200);
    return res.body.id as string;
  }

  /** Records a participant, enrols them and moves them through the statuses given. */
  async function enrol(
    cohortId: string,
    la: number,
    role: string,
    urn: string | null,
    moves: string[],
    settingKind = 'school',
  ) {
    const n = seq++;
    const made = await as('trainer').post('/api/v1/workforce/participants', {
      laId: p.las[la],
      fullName: `Coverage Person ${n}`,
      workEmail: `coverage${n}@setting.example`,
      role,
      ...(urn ? { settingKind, settingIdentifier: urn } : {}),
      tookUpPostOn: '2026-01-15',
    });
    expect(made.status).toBe(201);
    const e = await as('trainer').post(`/api/v1/workforce/cohorts/${cohortId}/enrolments`, {
      participantId: made.body.id,
    });
    expect(e.status).toBe(201);
    for (const status of moves) {
      const body = status === 'withdrawn' ? { status, reason: 'Left the post' } : { status };
      expect((await as('trainer').post(`/api/v1/workforce/enrolments/${e.body.id}/transitions`, body)).status).toBe(
        200,
      );
    }
  }

  const urns = [0, 1, 2].map(() => String(100000 + Math.floor(Math.random() * 800000)));
  let ey = '';

  beforeAll(async () => {
    world = await startWorkforceApiWorld();
    p = await world.partnership('wca', ['354', '355']);
    // three settings REP Hub knows in LA one (the partnership's own school is in LA two)
    for (const [i, urn] of urns.entries())
      await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, {
        kind: 'school',
        name: `Coverage school ${i + 1}`,
        urn,
        localAuthorityId: p.las[0],
      });
    const npq = await cohort('npq_senco', [4, 2]);
    ey = await cohort('ey_senco_level_3', [2, 0]);
    const ep = await cohort('educational_psychologist', [2, 1]);
    const coaches = await cohort('supported_internship_job_coach', [0, 2]);
    await cohort('npq_senco', [5, 0], ['2020-01-06', '2020-06-30']); // over before the period
    await enrol(npq, 0, 'senco', urns[0], ['enrolled', 'active', 'completed']); // school 1: qualified
    await enrol(npq, 0, 'senco', urns[1], ['enrolled', 'active']); // school 2: inside the window
    await enrol(ey, 0, 'early_years_practitioner', urns[0], ['enrolled', 'active']); // school 1 is qualified already
    await enrol(npq, 0, 'senco', urns[2], ['enrolled', 'withdrawn']); // school 3: withdrawn, nothing
    await enrol(ep, 0, 'trainee_educational_psychologist', null, ['enrolled', 'active']); // in training
    await enrol(ep, 1, 'trainee_educational_psychologist', null, ['enrolled', 'active', 'completed']); // in tie-in
    await enrol(coaches, 1, 'job_coach', null, ['enrolled', 'active', 'completed']); // trained
    await enrol(coaches, 1, 'job_coach', null, []); // applied: holds no place
  });
  afterAll(() => world?.close());

  it('counts each LA’s and the partnership’s figures for the workforce lead', async () => {
    const res = await as('workforce').get(`/api/v1/workforce/coverage?${q}`);
    expect(res.status).toBe(200);
    expect(res.body.period).toEqual(NOW);
    expect(res.body.scope).toBe('partnership');
    const [one, two] = p.las.map((id) => res.body.las.find((l: { laId: string }) => l.laId === id));
    expect(one.places).toEqual({ funded: 8, filled: 4, filledRate: 50 });
    expect(one.settings).toEqual({
      known: 3,
      withQualifiedSenco: 1,
      qualifiedSencoRate: 33.3,
      withSencoInWindow: 1,
      sencoInWindowRate: 33.3,
    });
    expect(one.educationalPsychologists).toEqual({ inTraining: 1, inTieIn: 0 });
    expect(one.jobCoaches).toEqual({ trained: 0 });
    expect(one.outcomes).toEqual({
      finished: 2,
      completed: 1,
      completionRate: 50,
      onCourse: 5,
      withdrawn: 1,
      withdrawalRate: 20,
    });
    expect(two.places).toEqual({ funded: 5, filled: 2, filledRate: 40 });
    expect(two.settings.known).toBe(1);
    expect(two.settings.withQualifiedSenco).toBe(0);
    expect(two.educationalPsychologists).toEqual({ inTraining: 0, inTieIn: 1 });
    expect(two.jobCoaches).toEqual({ trained: 1 });
    expect(two.outcomes).toMatchObject({
      finished: 2,
      completed: 2,
      completionRate: 100,
      onCourse: 2,
      withdrawalRate: 0,
    });
    expect(res.body.partnership).toEqual({
      places: { funded: 13, filled: 6, filledRate: 46.2 },
      settings: {
        known: 4,
        withQualifiedSenco: 1,
        qualifiedSencoRate: 25,
        withSencoInWindow: 1,
        sencoInWindowRate: 25,
      },
      educationalPsychologists: { inTraining: 1, inTieIn: 1 },
      jobCoaches: { trained: 1 },
      outcomes: { finished: 4, completed: 3, completionRate: 75, onCourse: 7, withdrawn: 1, withdrawalRate: 14.3 },
    });
    // no participant in any figure
    expect(JSON.stringify(res.body)).not.toMatch(/Coverage Person|@setting\.example/);
  });

  it('reads a period as at its end: an earlier period has the old cohort’s places and nothing finished', async () => {
    const res = await as('workforce').get('/api/v1/workforce/coverage?from=2020-01-01&to=2020-12-31');
    expect(res.status).toBe(200);
    expect(res.body.partnership.places).toEqual({ funded: 5, filled: 0, filledRate: 0 });
    expect(res.body.partnership.settings).toMatchObject({ known: 4, withQualifiedSenco: 0, withSencoInWindow: 0 });
    expect(res.body.partnership.outcomes).toMatchObject({ finished: 0, completionRate: null, onCourse: 0 });
  });

  it('counts a period’s places as they stood at its end, by the allocations’ and enrolments’ history, not today’s', async () => {
    // a period that ended yesterday: every enrolment here was recorded today, so none held a place by then
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const before = await as('workforce').get(`/api/v1/workforce/coverage?from=${NOW.from}&to=${yesterday}`);
    expect(before.status).toBe(200);
    const one = before.body.las.find((l: { laId: string }) => l.laId === p.las[0]);
    expect(one.places).toEqual({ funded: 8, filled: 0, filledRate: 0 });
    // a 2019 cohort: LA two had 3 places in February 2019 (its history), 6 when recorded, 2 since today
    const old = await cohort('npq_senco', [0, 6], ['2019-01-07', '2019-06-28']);
    await world.app
      .get(UnitOfWork)
      .forTenant({ tenantId: p.tenantId }, (m) =>
        m.query(
          `INSERT INTO workforce_allocation_events (tenant_id, cohort_id, la_id, places, at) VALUES ($1, $2, $3, 3, '2019-02-01T09:00:00Z')`,
          [p.tenantId, old, p.las[1]],
        ),
      );
    expect(
      (await as('workforce').put(`/api/v1/workforce/cohorts/${old}/allocations/${p.las[1]}`, { places: 2 })).status,
    ).toBe(200);
    const in2019 = await as('workforce').get('/api/v1/workforce/coverage?from=2019-01-01&to=2019-12-31');
    const two = in2019.body.las.find((l: { laId: string }) => l.laId === p.las[1]);
    expect(two.places).toEqual({ funded: 3, filled: 0, filledRate: 0 });
    // today the cohort has 2 places, which is what a period ending now would count if it ran now
    const now = await as('workforce').get(`/api/v1/workforce/cohorts/${old}`);
    expect(now.body.placesAllocated).toBe(2);
  });

  it('walls each LA officer to their LA, gives the partnership lead every LA, and training providers and settings nothing', async () => {
    const one = await as('la1').get(`/api/v1/workforce/coverage?${q}`);
    expect(one.status).toBe(200);
    expect(one.body.scope).toBe('la');
    expect(one.body.las.map((l: { laId: string }) => l.laId)).toEqual([p.las[0]]);
    expect(one.body.partnership.places).toEqual({ funded: 8, filled: 4, filledRate: 50 });
    const two = await as('la2').get(`/api/v1/workforce/coverage?${q}`);
    expect(two.body.las.map((l: { laId: string }) => l.laId)).toEqual([p.las[1]]);
    expect(two.body.partnership.jobCoaches.trained).toBe(1);
    const lead = await as('lead').get(`/api/v1/workforce/coverage?${q}`);
    expect(lead.body.scope).toBe('partnership');
    expect(lead.body.partnership.places.funded).toBe(13);
    for (const who of ['trainer', 'school'] as const)
      expect((await as(who).get(`/api/v1/workforce/coverage?${q}`)).status).toBe(403);
    // another partnership's users: the cross-tenant suite (test/e2e/src/api-cross-tenant.spec.ts)
  });

  it.each([
    ['from=2026-02-30', 'from'],
    ['to=yesterday', 'to'],
    ['from=2026-05-01&to=2026-04-01', 'to'],
  ])('refuses %s with a 400 naming %s', async (query, field) => {
    const res = await as('workforce').get(`/api/v1/workforce/coverage?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('downloads the figures as CSV and XLSX, and refuses another format naming it', async () => {
    const csv = await as('workforce').get(`/api/v1/workforce/coverage/export?format=csv&${q}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain(`workforce-coverage-${NOW.from}-to-${NOW.to}.csv`);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'period_from,period_to,scope,la_name,measure_label,value,numerator,denominator,la_id,measure',
    );
    expect(lines).toContain(
      `${NOW.from},${NOW.to},la,wca LA one,Funded training places filled,50,4,8,${p.las[0]},workforce.places_filled_rate`,
    );
    expect(lines).toContain(
      `${NOW.from},${NOW.to},partnership,Partnership,Training withdrawn from,14.3,1,7,,workforce.withdrawal_rate`,
    );
    const xlsx = await as('la1')
      .get(`/api/v1/workforce/coverage/export?format=xlsx&${q}`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['coverage', 'definitions']);
    const rows = wb.getWorksheet('coverage')!.getSheetValues().filter(Boolean) as unknown[][];
    // an LA officer's file has their LA only
    expect(rows.some((r) => r.includes(p.las[1]))).toBe(false);
    expect(rows.some((r) => r.includes('workforce.places_filled_rate') && r.includes(50))).toBe(true);
    const bad = await as('workforce').get(`/api/v1/workforce/coverage/export?format=pdf&${q}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['format']);
    expect((await as('trainer').get(`/api/v1/workforce/coverage/export?${q}`)).status).toBe(403);
  });

  it('puts every CSV cell through the formula guard', () => {
    const zero = {
      places: { funded: 0, filled: 0, filledRate: null },
      settings: {
        known: 0,
        withQualifiedSenco: 0,
        qualifiedSencoRate: null,
        withSencoInWindow: 0,
        sencoInWindowRate: null,
      },
      educationalPsychologists: { inTraining: 0, inTieIn: 0 },
      jobCoaches: { trained: 0 },
      outcomes: { finished: 0, completed: 0, completionRate: null, onCourse: 0, withdrawn: 0, withdrawalRate: null },
    };
    const r: CoverageResult = {
      period: { from: '2025-09-01', to: '2026-07-31' },
      scope: 'la',
      las: [{ laId: 'x', laName: '=HYPERLINK("http://evil.example","x")', ...zero }],
      partnership: zero,
    };
    const text = coverageCsv(r);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
  });

  it('publishes its figures as indicators for evaluation, in the caller’s scope', async () => {
    const codes = world.app
      .get(WorkforceCoverageIndicators)
      .definitions()
      .map((d) => d.code)
      .filter((c) => c.startsWith('workforce.'));
    expect(codes).toEqual([
      'workforce.places_funded',
      'workforce.places_filled_rate',
      'workforce.settings_with_qualified_senco',
      'workforce.settings_with_senco_in_window',
      'workforce.eps_in_training',
      'workforce.eps_in_tie_in',
      'workforce.job_coaches_trained',
      'workforce.completion_rate',
      'workforce.withdrawal_rate',
    ]);
    const computeAs = async (who: Who) => {
      const principal = (await world.app.get(PrincipalResolver).resolve(p.members[who].token))!;
      return world.app.get(ClsService).run(() => {
        world.app.get(AuthContext).setPrincipal(principal);
        return world.app.get(WorkforceCoverageIndicators).compute(NOW);
      });
    };
    const values = await computeAs('lead');
    const of = (code: string, laId: string | null) => values.find((v) => v.code === code && v.laId === laId);
    expect(of('workforce.settings_with_qualified_senco', p.las[0])).toEqual({
      code: 'workforce.settings_with_qualified_senco',
      laId: p.las[0],
      numerator: 1,
      denominator: 3,
      value: 33.3,
    });
    expect(of('workforce.completion_rate', null)).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    expect(of('workforce.job_coaches_trained', p.las[1])).toMatchObject({ value: 1, denominator: null });
    // an LA officer: their LA, and no partnership figure
    const mine = await computeAs('la1');
    expect([...new Set(mine.map((v) => v.laId))]).toEqual([p.las[0]]);
    // a training provider: none, without an error that would stop other modules' figures
    expect(await computeAs('trainer')).toEqual([]);
  });

  it('matches a participant’s setting by its kind: an early years Ofsted URN of six digits is not a school’s URN', async () => {
    // school 3's URN, given as an early years setting's Ofsted URN: a qualified SENCO of a nursery, not of school 3
    await enrol(ey, 0, 'early_years_practitioner', urns[2], ['enrolled', 'active', 'completed'], 'early_years');
    const res = await as('workforce').get(`/api/v1/workforce/coverage?${q}`);
    const one = res.body.las.find((l: { laId: string }) => l.laId === p.las[0]);
    expect(one.settings).toMatchObject({ known: 3, withQualifiedSenco: 1, withSencoInWindow: 1 });
    expect(one.outcomes).toMatchObject({ completed: 2 });
  });

  it('adds an early years setting with its Ofsted URN (a bad or missing one is a 400 naming the field) and counts it as a setting of its LA', async () => {
    const base = `/api/v1/admin/tenants/${p.tenantId}/organisations`;
    const ofstedUrn = `EY${String(100000 + Math.floor(Math.random() * 800000))}`;
    const post = (body: object) => world.http.post(base).set('Authorization', `Bearer ${world.adminToken}`).send(body);
    const nursery = { kind: 'early_years', name: 'Coverage nursery', localAuthorityId: p.las[1] };
    for (const [body, message] of [
      [nursery, 'Enter the early years setting’s Ofsted URN'],
      [
        { ...nursery, ofstedUrn: 'EY12345' },
        'ofstedUrn must be EY and six digits, or six or seven digits, like EY123456',
      ],
    ] as const) {
      const bad = await post(body);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(bad.body.errors).toEqual([{ field: 'ofstedUrn', message }]);
    }
    const made = await post({ ...nursery, ofstedUrn: ofstedUrn.toLowerCase() });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kind: 'early_years', ofstedUrn, urn: null, localAuthorityId: p.las[1] });
    // one organisation per Ofsted URN in a partnership
    expect((await post({ ...nursery, name: 'Twin nursery', ofstedUrn })).status).toBe(409);
    const before = (await as('workforce').get(`/api/v1/workforce/coverage?${q}`)).body;
    const twoBefore = before.las.find((l: { laId: string }) => l.laId === p.las[1]).settings;
    expect(twoBefore).toMatchObject({ known: 2, withQualifiedSenco: 0 });
    // a SENCO of the nursery qualifies: LA two now has one of its two settings with a qualified SENCO
    const eyTwo = await cohort('ey_senco_level_3', [0, 1]);
    await enrol(eyTwo, 1, 'early_years_practitioner', ofstedUrn, ['enrolled', 'active', 'completed'], 'early_years');
    const after = (await as('workforce').get(`/api/v1/workforce/coverage?${q}`)).body;
    const two = after.las.find((l: { laId: string }) => l.laId === p.las[1]).settings;
    expect(two).toEqual({
      known: 2,
      withQualifiedSenco: 1,
      qualifiedSencoRate: 50,
      withSencoInWindow: 0,
      sencoInWindowRate: 0,
    });
    expect(after.partnership.settings).toMatchObject({
      known: before.partnership.settings.known,
      withQualifiedSenco: before.partnership.settings.withQualifiedSenco + 1,
    });
  });
});
