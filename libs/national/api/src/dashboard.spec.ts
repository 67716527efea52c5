import { ApiWorld } from '@rep-hub/api-surface/testing';
import { publishTestRelease, TestFigure } from '@rep-hub/national-domain/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { parsePeriod } from '@rep-hub/reference';
import { randomUUID } from 'node:crypto';
import { NationalApiModule } from './national-api.module';

// an indicator and terms of this suite's own: other suites publish on this worker's database too
const P1 = parsePeriod('2012-13-spring')!;
const P2 = parsePeriod('2012-13-summer')!;
const tag = `ndash${randomUUID().slice(0, 6).replace(/-/g, '')}`;
const PCT = `${tag}.within_20_weeks`;
const GSS = `E0${String(Date.now()).slice(-7)}`;

/**
 * The public dashboard's API on real PostgreSQL, signed out: each published indicator with its
 * meaning and coverage, one indicator over time per partnership and LA with the national figure
 * (the latest version of a corrected release), cacheable for five minutes, and bad or unknown
 * codes answered 400 naming the field or 404, as problem details.
 */
describe('the public inclusion dashboard API (no sign-in)', () => {
  let world: ApiWorld;
  const A = randomUUID();
  const B = randomUUID();

  const publish = (id: string, name: string, period: typeof P1, figures: TestFigure[], version = 1) =>
    world.app.get(UnitOfWork).forPlatform(null, (m) =>
      publishTestRelease(m, {
        partnershipId: id,
        partnershipName: name,
        period,
        version,
        replacesVersion: version > 1 ? version - 1 : null,
        correctionReason: version > 1 ? 'Corrected' : null,
        figures,
      }),
    );
  const pct = (numerator: number | null, denominator: number, value: number | null, la = false): TestFigure => ({
    indicatorCode: PCT,
    indicatorName: 'Plans within 20 weeks',
    unit: 'percentage',
    numerator,
    denominator,
    value,
    ...(la ? { level: 'local_authority' as const, laNumber: '870', gssCode: GSS, laName: 'Eastbrook' } : {}),
  });

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: [NationalApiModule] });
    await publish(A, `Alder ${tag}`, P1, [pct(20, 40, 50), pct(null, 40, null, true)]);
    await publish(A, `Alder ${tag}`, P1, [pct(30, 40, 75), pct(30, 40, 75, true)], 2);
    await publish(A, `Alder ${tag}`, P2, [pct(10, 20, 50)]);
    await publish(B, `Birch ${tag}`, P1, [pct(25, 50, 50)]);
  });
  afterAll(() => world?.close());

  it('lists each indicator with its meaning, caveats and coverage, signed out and cacheable', async () => {
    const res = await world.http.get('/api/v1/public/open-data/indicators');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const mine = (res.body.items as { code: string }[]).find((i) => i.code === PCT);
    expect(mine).toMatchObject({
      name: 'Plans within 20 weeks',
      defined: false,
      unit: 'percentage',
      coverage: { partnerships: 2, firstPeriod: { code: P1.code }, lastPeriod: { code: P2.code } },
    });
    expect(res.body.symbols).toContainEqual({ symbol: 'c', meaning: 'Suppressed (confidential)' });
  });

  it('gives one indicator over every term: the corrected version’s figures, LA figures, the national figure', async () => {
    const res = await world.http.get(`/api/v1/public/open-data/indicators/${PCT}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const body = res.body;
    expect(body.periods.map((p: { code: string }) => p.code)).toEqual([P1.code, P2.code]);
    const [a, b] = body.partnerships;
    expect([a.name, b.name]).toEqual([`Alder ${tag}`, `Birch ${tag}`]);
    expect(a.figures.map((f: { value: number; releaseVersion: number }) => [f.value, f.releaseVersion])).toEqual([
      [75, 2],
      [50, 1],
    ]);
    // version 1's withheld LA figure is gone: version 2 shows it
    expect(a.localAuthorities).toEqual([
      {
        gssCode: GSS,
        laNumber: '870',
        name: 'Eastbrook',
        figures: [{ periodCode: P1.code, value: 75, symbol: null, numerator: 30, denominator: 40 }],
      },
    ]);
    // (30 + 25) of (40 + 50), then A's alone
    expect(body.national.map((n: { value: number }) => n.value)).toEqual([61.1, 50]);
  });

  it('answers 400 naming indicatorCode for a malformed code and 404 for one nobody published, as problem details', async () => {
    const bad = await world.http.get('/api/v1/public/open-data/indicators/NOT%20A%20CODE');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors).toEqual([{ field: 'indicatorCode', message: expect.any(String) }]);
    expect(bad.headers['cache-control']).not.toMatch(/public/);
    const unknown = await world.http.get(`/api/v1/public/open-data/indicators/${tag}.nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body.detail).toBe('No partnership has published that indicator.');
  });
});
