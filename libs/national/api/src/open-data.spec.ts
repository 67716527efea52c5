import { ApiWorld } from '@rep-hub/api-surface/testing';
import { publishTestRelease, TestFigure } from '@rep-hub/national-domain/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { parsePeriod } from '@rep-hub/reference';
import { randomUUID } from 'node:crypto';
import { NationalApiModule } from './national-api.module';

const P1 = parsePeriod('2013-14-autumn')!;
const P2 = parsePeriod('2013-14-spring')!;
const tag = `odapi${randomUUID().slice(0, 6).replace(/-/g, '')}`;
const PCT = `${tag}.within_20_weeks`;
const BASE = '/api/v1/public/open-data/releases';

/**
 * Open data through the API, signed out, on real PostgreSQL: every version listed, a correction
 * with what it changed, the tidy files with their ETag, cacheable answers, and 400 naming the field
 * or 404 for anything else.
 */
describe('open data API (no sign-in)', () => {
  let world: ApiWorld;
  const A: string = randomUUID();
  const ids: string[] = [];
  const pct = (
    numerator: number | null,
    denominator: number | null,
    value: number | null,
    la?: string,
  ): TestFigure => ({
    indicatorCode: PCT,
    indicatorName: 'EHC plans within 20 weeks',
    unit: 'percentage',
    numerator,
    denominator,
    value,
    ...(la ? { level: 'local_authority', laNumber: la, gssCode: 'E08000004', laName: 'Oldham' } : {}),
  });

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: [NationalApiModule] });
    const uow = world.app.get(UnitOfWork);
    ids.push(
      await uow.forPlatform(null, (m) =>
        publishTestRelease(m, {
          partnershipId: A,
          partnershipName: 'Open API partnership',
          period: P1,
          figures: [pct(40, 100, 40), pct(null, null, null, '353')],
        }),
      ),
    );
    ids.push(
      await uow.forPlatform(null, (m) =>
        publishTestRelease(m, {
          partnershipId: A,
          partnershipName: 'Open API partnership',
          period: P1,
          version: 2,
          replacesVersion: 1,
          correctionReason: 'Oldham’s figures arrived late',
          figures: [pct(50, 100, 50), pct(10, 20, 50, '353')],
        }),
      ),
    );
    ids.push(
      await uow.forPlatform(null, (m) =>
        publishTestRelease(m, {
          partnershipId: A,
          partnershipName: 'Open API partnership',
          period: P2,
          figures: [pct(5, 10, 50)],
        }),
      ),
    );
  });
  afterAll(() => world?.close());

  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  it('lists every version to anyone signed out, cacheable for five minutes', async () => {
    const res = await world.http.get(`${BASE}?partnership=${A}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(
      res.body.items.map((r: { id: string; version: number; latest: boolean }) => [r.id, r.version, r.latest]),
    ).toEqual([
      [ids[2], 1, true],
      [ids[1], 2, true],
      [ids[0], 1, false],
    ]);
    const one = await world.http.get(`${BASE}?partnership=${A}&period=${P2.code}`);
    expect(one.body.items.map((r: { id: string }) => r.id)).toEqual([ids[2]]);
  });

  it('answers a correction with what changed, its reason, its versions and its files', async () => {
    const res = await world.http.get(`${BASE}/${ids[1]}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.body.changes).toMatchObject({
      replacesReleaseId: ids[0],
      replacesVersion: 1,
      reason: 'Oldham’s figures arrived late',
    });
    expect(
      res.body.changes.items.map((c: { laNumber: string | null; change: string }) => [c.laNumber, c.change]),
    ).toEqual([
      [null, 'changed'],
      ['353', 'changed'],
    ]);
    expect(res.body.changes.items[1].before).toEqual({ numerator: null, denominator: null, value: null, symbol: 'c' });
    expect(res.body.versions.map((v: { id: string }) => v.id)).toEqual([ids[0], ids[1]]);
    expect(res.body.files.data).toBe(`${BASE}/${ids[1]}/data.csv`);
    expect(res.body.methodNote.join(' ')).toContain('suppressed');
    expect((await world.http.get(`${BASE}/${ids[0]}`)).body.changes).toBeNull();
  });

  it('sends the tidy data as text/csv with a strong ETag, 304 for a copy already held', async () => {
    const res = await world.http.get(`${BASE}/${ids[0]}/data.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="rep-hub-open-data-${P1.code}-${A.slice(0, 8)}-v1-data.csv"`,
    );
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.text.split('\r\n')[0]).toMatch(/^time_period,time_identifier,geographic_level,/);
    expect(res.text).toContain(
      `Local authority,E92000001,England,${A},Open API partnership,E08000004,353,Oldham,${PCT},EHC plans within 20 weeks,percentage,,,c,1`,
    );
    const again = await world.http.get(`${BASE}/${ids[0]}/data.csv`).set('If-None-Match', res.headers['etag']);
    expect(again.status).toBe(304);
    const meta = await world.http.get(`${BASE}/${ids[0]}/metadata.csv`);
    expect(meta.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(meta.text.split('\r\n')[0]).toBe(
      'col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column',
    );
    const method = await world.http.get(`${BASE}/${ids[1]}/method.txt`);
    expect(method.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(method.text).toContain('c: suppressed (confidential)');
  });

  it('answers 404 for an unknown release and 400 naming the field for a bad id or filter, never 500', async () => {
    const unknown = await world.http.get(`${BASE}/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await world.http.get(`${BASE}/${randomUUID()}/data.csv`)).status).toBe(404);
    const badId = await world.http.get(`${BASE}/not-a-release/metadata.csv`);
    expect([badId.status, fields(badId.body)]).toEqual([400, ['releaseId']]);
    const badPeriod = await world.http.get(`${BASE}?period=2013-14-winter&partnership=${A}`);
    expect([badPeriod.status, fields(badPeriod.body)]).toEqual([400, ['period']]);
    const badPartnership = await world.http.get(`${BASE}?partnership=${A}&partnership=${randomUUID()}`);
    expect([badPartnership.status, fields(badPartnership.body)]).toEqual([400, ['partnership']]);
    // an error is never kept by a cache
    expect(badPeriod.headers['cache-control']).toBe('no-store');
  });
});
