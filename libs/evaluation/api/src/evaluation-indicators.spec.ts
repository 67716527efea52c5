import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { periodOf, previousPeriod, seedSubmittedFigures, SUBMITTED_INDICATORS } from '@rep-hub/evaluation-domain';
import { schoolToday, UnitOfWork } from '@rep-hub/platform';
import { startIndicatorsApiWorld } from './testing/indicators-fixtures';

const today = schoolToday();
const current = periodOf(today);
const last = previousPeriod(current);
const before = previousPeriod(last);

/**
 * The indicator library and submitted figures through the API on real PostgreSQL as the app
 * role: the library's two sources, each check of a figure naming its field, the LA wall, entries
 * replaced under their version, uploads landing whole or not at all and the same file twice a
 * no-op, and the wall between partnerships.
 */
describe('evaluation indicator library and submitted figures API', () => {
  let world: ApiWorld;
  let p: Partnership;
  let q: Partnership;

  beforeAll(async () => {
    world = await startIndicatorsApiWorld();
    p = await world.partnership('evi', ['870', '871']);
    q = await world.partnership('evj', ['872', '873']);
  });
  afterAll(() => world?.close());

  const as = (x: Partnership, who: string) => ({
    get: (url: string) => world.http.get(url).set('Authorization', `Bearer ${x.members[who].token}`),
    post: (url: string, body: object) =>
      world.http.post(url).set('Authorization', `Bearer ${x.members[who].token}`).send(body),
    put: (url: string, body: object) =>
      world.http.put(url).set('Authorization', `Bearer ${x.members[who].token}`).send(body),
    upload: (csv: string, name = 'figures.csv') =>
      world.http
        .post('/api/v1/evaluation/submitted-uploads')
        .set('Authorization', `Bearer ${x.members[who].token}`)
        .attach('file', Buffer.from(csv, 'utf8'), { filename: name, contentType: 'text/csv' }),
  });
  const count = (x: Partnership) =>
    world.app
      .get(UnitOfWork)
      .forTenant({ tenantId: x.tenantId }, (m) =>
        m.query(`SELECT count(*)::int AS n FROM evaluation_submitted_values`),
      ) as Promise<{ n: number }[]>;

  it('lists computed definitions from the registry and the submitted ones, each with source and version', async () => {
    const res = await as(p, 'lead').get('/api/v1/evaluation/indicators');
    expect(res.status).toBe(200);
    const items = res.body.items as { code: string; kind: string; source: string; version: number }[];
    expect(items.find((d) => d.code === 'testing.months')).toMatchObject({
      kind: 'computed',
      source: 'computed by testing',
      version: 3,
    });
    expect(items.find((d) => d.code === 'evaluation.ehcp_20_weeks')).toMatchObject({
      kind: 'submitted',
      source: 'The LA’s SEN2 return',
      version: 1,
    });
    expect((await as(p, 'school').get('/api/v1/evaluation/indicators')).status).toBe(403);
  });

  it('computes a computed indicator for each period through the registry', async () => {
    const res = await as(p, 'la1').get(
      `/api/v1/evaluation/indicators/testing.months/values?from=${before.code}&to=${current.code}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.periods.map((x: { period: { code: string } }) => x.period.code)).toEqual([
      before.code,
      last.code,
      current.code,
    ]);
    const month = Number(current.from.slice(5, 7));
    expect(res.body.periods[2].las).toHaveLength(2);
    expect(res.body.periods[2].partnership.value).toBe(month * 2);
    expect((await as(p, 'la1').get('/api/v1/evaluation/indicators/testing.nothing/values')).status).toBe(404);
    const bad = await as(p, 'la1').get('/api/v1/evaluation/indicators/testing.months/values?from=2025-summer');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
  });

  it('enters a figure, works out its value, and replaces it when entered again or under its version', async () => {
    const body = { indicatorCode: 'evaluation.ehcp_20_weeks', period: last.code, numerator: 112, denominator: 180 };
    const made = await as(p, 'la1').post('/api/v1/evaluation/submitted-values', body);
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ laId: p.las[0], value: 62.2, version: 1, definitionVersion: 1, uploadId: null });
    const again = await as(p, 'la1').post('/api/v1/evaluation/submitted-values', { ...body, numerator: 118 });
    expect(again.body).toMatchObject({ id: made.body.id, value: 65.6, version: 2 });
    const stale = await as(p, 'la1').put(`/api/v1/evaluation/submitted-values/${made.body.id}`, {
      numerator: 100,
      denominator: 180,
      version: 1,
    });
    expect(stale.status).toBe(409);
    const ok = await as(p, 'la1').put(`/api/v1/evaluation/submitted-values/${made.body.id}`, {
      numerator: 90,
      denominator: 180,
      version: 2,
    });
    expect(ok.body).toMatchObject({ value: 50, version: 3 });
    const list = await as(p, 'la2').get(`/api/v1/evaluation/submitted-values?period=${last.code}`);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([made.body.id]);
    // the partnership's figure over the LAs that reported
    await as(p, 'la2').post('/api/v1/evaluation/submitted-values', { ...body, numerator: 30, denominator: 20 + 100 });
    const values = await as(p, 'lead').get(
      `/api/v1/evaluation/indicators/evaluation.ehcp_20_weeks/values?from=${last.code}&to=${last.code}`,
    );
    expect(values.body.periods[0].partnership).toEqual({
      numerator: 120,
      denominator: 300,
      value: 40,
      lasReporting: 2,
    });
  });

  it.each([
    [{ indicatorCode: 'evaluation.nothing' }, 'indicatorCode'],
    [{ period: '2099-00-autumn' }, 'period'],
    [
      {
        period: `${Number(current.code.slice(0, 4)) + 1}-${String((Number(current.code.slice(2, 4)) + 2) % 100).padStart(2, '0')}-autumn`,
      },
      'period',
    ],
    [{ numerator: 2.5 }, 'numerator'],
    [{ numerator: -1 }, 'numerator'],
    [{ denominator: 0, numerator: 0 }, 'denominator'],
    [{ denominator: 10, numerator: 11 }, 'denominator'],
    [{ value: 99 }, 'value'],
    [{ indicatorCode: 'evaluation.mediation_cases', denominator: 5 }, 'denominator'],
  ])('refuses %j naming %s, writing nothing', async (change, field) => {
    const n = (await count(p))[0].n;
    const res = await as(p, 'la1').post('/api/v1/evaluation/submitted-values', {
      indicatorCode: 'evaluation.ehcp_20_weeks',
      period: before.code,
      numerator: 5,
      denominator: 10,
      ...change,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    expect((await count(p))[0].n).toBe(n);
  });

  it('keeps each LA to its own figures, and the lead and other roles to reading', async () => {
    const body = { laId: p.las[1], indicatorCode: 'evaluation.mediation_cases', period: last.code, numerator: 4 };
    expect((await as(p, 'la1').post('/api/v1/evaluation/submitted-values', body)).status).toBe(403);
    expect((await as(p, 'lead').post('/api/v1/evaluation/submitted-values', body)).status).toBe(403);
    const theirs = await as(p, 'la2').post('/api/v1/evaluation/submitted-values', body);
    expect(theirs.status).toBe(200);
    expect(
      (
        await as(p, 'la1').put(`/api/v1/evaluation/submitted-values/${theirs.body.id}`, {
          numerator: 1,
          version: 1,
        })
      ).status,
    ).toBe(403);
  });

  it('lands an upload whole or not at all, and the same file twice changes nothing', async () => {
    const header = 'la_number,indicator_code,period,numerator,denominator';
    const good = [
      header,
      `870,evaluation.suspensions_sen,${before.code},400,`,
      `,evaluation.ks2_expected_sen,${before.code},150,800`,
      `870,evaluation.permanent_exclusions_sen,${before.code},7,`,
    ].join('\n');
    const n = (await count(p))[0].n;
    const bad = await as(p, 'la1').upload(
      [
        header,
        `870,evaluation.suspensions_sen,${before.code},400,`,
        `871,evaluation.ks2_expected_sen,${before.code},900,800`,
      ].join('\n'),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'la_number', field: 'rows[3].la_number' }),
      expect.objectContaining({ row: 3, column: 'denominator' }),
    ]);
    expect((await count(p))[0].n).toBe(n);

    const landed = await as(p, 'la1').upload(good);
    expect(landed.status).toBe(201);
    expect(landed.body).toMatchObject({ received: 3, changed: 3, alreadyLoaded: false, laId: p.las[0] });
    expect((await count(p))[0].n).toBe(n + 3);
    const twice = await as(p, 'la1').upload(good);
    expect(twice.status).toBe(200);
    expect(twice.body).toMatchObject({ alreadyLoaded: true, changed: 0, uploadId: landed.body.uploadId });
    expect((await count(p))[0].n).toBe(n + 3);

    const changed = await as(p, 'la1').upload(`${good.replace(',400,', ',410,')}\n`);
    expect(changed.status).toBe(201);
    expect(changed.body).toMatchObject({ received: 3, changed: 1 });
    const rows = await as(p, 'la1').get(`/api/v1/evaluation/submitted-values?period=${before.code}&laId=${p.las[0]}`);
    expect(rows.body.items.find((i: { code: string }) => i.code === 'evaluation.suspensions_sen')).toMatchObject({
      numerator: 410,
      uploadId: changed.body.uploadId,
      enteredBy: null,
    });
    const audited = (await world.app
      .get(UnitOfWork)
      .forTenant({ tenantId: p.tenantId }, (m) =>
        m.query(`SELECT action, subject_ids FROM audit_events WHERE tenant_id = $1 AND action LIKE 'evaluation.%'`, [
          p.tenantId,
        ]),
      )) as { action: string; subject_ids: string[] }[];
    expect(
      audited
        .filter((a) => a.action === 'evaluation.submitted_upload')
        .map((a) => a.subject_ids[0])
        .sort(),
    ).toEqual([landed.body.uploadId, changed.body.uploadId].sort());
    expect(audited.some((a) => a.action === 'evaluation.submitted_value.enter')).toBe(true);
    expect(audited.some((a) => a.action === 'evaluation.submitted_value.replace')).toBe(true);
    const template = await as(p, 'la1').get('/api/v1/evaluation/submitted-uploads/template');
    expect(template.status).toBe(200);
    expect(template.text.split('\r\n')[0]).toBe(header);
  });

  it('seeds the demo figures once: four terms for each LA, the oldest uploaded, this term missing for one LA', async () => {
    const uow = world.app.get(UnitOfWork);
    const r = await world.partnership('evk', ['876', '877']);
    const seed = () => uow.forTenant({ tenantId: r.tenantId }, (m) => seedSubmittedFigures(m, r.tenantId, today));
    const n = SUBMITTED_INDICATORS.length;
    expect(await seed()).toBe(2 * 4 * n - n);
    expect(await seed()).toBe(0);
    const [counts] = (await uow.forTenant({ tenantId: r.tenantId }, (m) =>
      m.query(
        `SELECT (SELECT count(*)::int FROM evaluation_uploads) AS uploads,
                (SELECT count(*)::int FROM evaluation_submitted_values WHERE upload_id IS NOT NULL) AS uploaded,
                (SELECT count(DISTINCT la_id)::int FROM evaluation_submitted_values WHERE period = $1) AS current_las`,
        [current.code],
      ),
    )) as { uploads: number; uploaded: number; current_las: number }[];
    expect(counts).toEqual({ uploads: 2, uploaded: 2 * n, current_las: 1 });
  });

  it('keeps partnerships apart', async () => {
    const [mine] = (await as(p, 'la1').get(`/api/v1/evaluation/submitted-values?period=${last.code}`)).body.items;
    expect(
      (await as(q, 'la1').put(`/api/v1/evaluation/submitted-values/${mine.id}`, { numerator: 1, version: 1 })).status,
    ).toBe(404);
    expect((await as(q, 'lead').get(`/api/v1/evaluation/submitted-values?period=${last.code}`)).body.items).toEqual([]);
    const foreign = await as(q, 'la1').post('/api/v1/evaluation/submitted-values', {
      laId: p.las[0],
      indicatorCode: 'evaluation.mediation_cases',
      period: last.code,
      numerator: 3,
    });
    expect(foreign.status).toBe(404);
    expect((await as(q, 'la1').get(`/api/v1/evaluation/submitted-uploads/template?laId=${p.las[0]}`)).status).toBe(404);
  });
});
