import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { publishTestRelease, TestFigure } from '@rep-hub/national-domain/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { parsePeriod } from '@rep-hub/reference';
import { randomUUID } from 'node:crypto';
import { NationalApiModule } from './national-api.module';

// terms and indicators of this suite's own, so releases other suites publish on this worker's database do not meet them
const P1 = parsePeriod('2010-11-spring')!;
const P2 = parsePeriod('2010-11-summer')!;
const P3 = parsePeriod('2011-12-autumn')!;
const tag = `ncmp${randomUUID().slice(0, 6).replace(/-/g, '')}`;
const PCT = `${tag}.within_20_weeks`;
const COUNT = `${tag}.requests`;

/**
 * Compare partnerships through the API on real PostgreSQL, the releases published through
 * `national.publish_release` as the app role and read as the board role: the series per
 * partnership with the national figure, only a release's latest version counting, suppressed
 * figures as symbols only, the ranking's bands, the LA drill-down, the returns' completeness and
 * timeliness, and nobody but the board.
 */
describe('National Board: compare partnerships API', () => {
  let world: ApiWorld;
  let lead: Partnership;
  let board: string;
  const A: string = randomUUID();
  const B: string = randomUUID();
  const C: string = randomUUID();

  const publish = (partnershipId: string, name: string, period: typeof P1, figures: TestFigure[], version = 1) =>
    world.app.get(UnitOfWork).forPlatform(null, (m) =>
      publishTestRelease(m, {
        partnershipId,
        partnershipName: name,
        period,
        version,
        replacesVersion: version > 1 ? version - 1 : null,
        correctionReason: version > 1 ? 'A late upload of Oldham’s figures' : null,
        figures,
      }),
    );
  const pct = (numerator: number | null, denominator: number | null, value: number | null): TestFigure => ({
    indicatorCode: PCT,
    indicatorName: 'EHC plans within 20 weeks',
    unit: 'percentage',
    numerator,
    denominator,
    value,
  });
  const count = (value: number | null): TestFigure => ({
    indicatorCode: COUNT,
    indicatorName: 'Requests',
    unit: 'count',
    value,
  });
  const la = (laNumber: string, gssCode: string, laName: string, f: TestFigure): TestFigure => ({
    ...f,
    level: 'local_authority',
    laNumber,
    gssCode,
    laName,
  });

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: [NationalApiModule] });
    lead = await world.partnership('ncmp', ['880', '881']);
    board = (await world.ensureBoardMember('ncmp-board')).token;

    // A: P1 published, then corrected (only version 2 counts), with LA figures (one suppressed); P2 published
    await publish(A, 'Alpha partnership', P1, [pct(40, 100, 40), count(120)]);
    await publish(
      A,
      'Alpha partnership',
      P1,
      [
        pct(160, 200, 80),
        la('352', 'E08000003', 'Manchester', pct(150, 180, 83.3)),
        la('353', 'E08000004', 'Oldham', pct(null, null, null)),
        count(130),
      ],
      2,
    );
    await publish(A, 'Alpha partnership', P2, [pct(90, 300, 30), count(100)]);
    // B: P1 with a percentage over a large denominator; its P2 figure suppressed (c) and its count too
    await publish(B, 'Beta partnership', P1, [pct(500, 1000, 50), count(70)]);
    await publish(B, 'Beta partnership', P2, [pct(null, null, null), count(null)]);
    // C: published P2 only, so it is expected in P1 and missing
    await publish(C, 'Gamma partnership', P2, [count(55)]);
  });
  afterAll(() => world?.close());

  const get = (token: string, url: string) => world.http.get(url).set('Authorization', `Bearer ${token}`);
  const asBoard = (url: string) => get(board, url);
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  it('lists what the releases publish, with how many partnerships and which terms', async () => {
    const res = await asBoard('/api/v1/national/indicators');
    expect(res.status).toBe(200);
    const mine = (res.body.items as { code: string }[]).filter((i) => i.code.startsWith(tag));
    expect(mine).toEqual([
      {
        code: PCT,
        name: 'EHC plans within 20 weeks',
        unit: 'percentage',
        partnerships: 2,
        firstPeriod: P1.code,
        lastPeriod: P2.code,
        localAuthorityFigures: true,
      },
      {
        code: COUNT,
        name: 'Requests',
        unit: 'count',
        partnerships: 3,
        firstPeriod: P1.code,
        lastPeriod: P2.code,
        localAuthorityFigures: false,
      },
    ]);
  });

  it('gives each partnership’s series and the national figure, only the latest version counting, suppressed figures as symbols', async () => {
    const res = await asBoard(`/api/v1/national/compare/${PCT}?from=${P1.code}&to=${P3.code}`);
    expect(res.status).toBe(200);
    expect(res.body.periods.map((p: { code: string }) => p.code)).toEqual([P1.code, P2.code, P3.code]);
    const [alpha, beta] = res.body.partnerships;
    expect([alpha.partnershipName, beta.partnershipName]).toEqual(['Alpha partnership', 'Beta partnership']);
    // the correction (80%, version 2) replaces version 1 (40%)
    expect(alpha.points[0]).toMatchObject({ value: 80, numerator: 160, denominator: 200, releaseVersion: 2 });
    expect(alpha.points[2]).toMatchObject({ published: false, value: null, symbol: null });
    expect(beta.points[1]).toEqual(
      expect.objectContaining({ published: true, value: null, symbol: 'c', numerator: null, denominator: null }),
    );
    // national: (160 + 500) / (200 + 1000) = 55%; then Alpha's 30% alone, Beta left out
    expect(
      res.body.national.map((n: { value: number | null; partnershipsLeftOut: number }) => [
        n.value,
        n.partnershipsLeftOut,
      ]),
    ).toEqual([
      [55, 0],
      [30, 1],
      [null, 0],
    ]);
    expect(res.body.national[0].method).toBe('ratio_of_sums');

    // the default: every term published; a count sums what is shown and says what it left out
    const counts = await asBoard(`/api/v1/national/compare/${COUNT}`);
    expect(counts.status).toBe(200);
    expect(counts.body.periods.map((p: { code: string }) => p.code)).toEqual([P1.code, P2.code]);
    expect(counts.body.national.map((n: { value: number }) => n.value)).toEqual([200, 155]);
    expect(counts.body.national[1]).toMatchObject({ method: 'sum', partnershipsLeftOut: 1 });
    expect(counts.body.national[1].note).toContain('lower bound');
  });

  it('ranks a term’s percentages in bands against the national figure, and lists counts unranked', async () => {
    const res = await asBoard(`/api/v1/national/compare/${PCT}/ranking?period=${P1.code}`);
    expect(res.status).toBe(200);
    expect(res.body.national.value).toBe(55);
    const mine = (
      res.body.entries as { partnershipId: string; band: string; interval: { low: number; high: number } | null }[]
    ).filter((e) => [A, B, C].includes(e.partnershipId));
    expect(mine.map((e) => [e.partnershipId, e.band])).toEqual([
      [A, 'above'],
      [B, 'below'],
      [C, 'not_published'],
    ]);
    expect(mine[0].interval!.low).toBeGreaterThan(55);
    expect(res.body.caveats.join(' ')).toContain('Wilson');

    const suppressed = await asBoard(`/api/v1/national/compare/${PCT}/ranking?period=${P2.code}`);
    expect(suppressed.body.entries.find((e: { partnershipId: string }) => e.partnershipId === B)).toMatchObject({
      band: 'suppressed',
      value: null,
      symbol: 'c',
    });

    const counts = await asBoard(`/api/v1/national/compare/${COUNT}/ranking?period=${P1.code}`);
    expect(counts.body.ranked).toBe(false);
    expect(counts.body.caveats[0]).toContain('not ranked by size');
  });

  it('drills down to the local authorities a release published, a symbol with its meaning and no number', async () => {
    const res = await asBoard(`/api/v1/national/compare/${PCT}/local-authorities?period=${P1.code}&partnershipId=${A}`);
    expect(res.status).toBe(200);
    expect(res.body.release.version).toBe(2);
    expect(res.body.partnershipFigure).toMatchObject({ value: 80, symbol: null });
    expect(res.body.localAuthorities).toEqual([
      {
        laNumber: '352',
        gssCode: 'E08000003',
        laName: 'Manchester',
        value: 83.3,
        symbol: null,
        symbolMeaning: null,
        numerator: 150,
        denominator: 180,
      },
      {
        laNumber: '353',
        gssCode: 'E08000004',
        laName: 'Oldham',
        value: null,
        symbol: 'c',
        symbolMeaning: 'Suppressed (confidential)',
        numerator: null,
        denominator: null,
      },
    ]);
    // the default term is the partnership's latest with the indicator; Beta published no LA figures
    const beta = await asBoard(`/api/v1/national/compare/${PCT}/local-authorities?partnershipId=${B}`);
    expect(beta.status).toBe(200);
    expect(beta.body.period.code).toBe(P2.code);
    expect(beta.body).toMatchObject({ localAuthorityFiguresPublished: false, localAuthorities: [] });
    expect(
      (await asBoard(`/api/v1/national/compare/${PCT}/local-authorities?partnershipId=${randomUUID()}`)).status,
    ).toBe(404);
    expect(
      (await asBoard(`/api/v1/national/compare/${PCT}/local-authorities?partnershipId=${C}&period=${P1.code}`)).status,
    ).toBe(404);
  });

  it('shows each term’s returns: who published, when against the due date, values against symbols', async () => {
    const res = await asBoard(`/api/v1/national/returns?period=${P2.code}`);
    expect(res.status).toBe(200);
    expect(res.body.dueOn).toBe('2011-10-12');
    const mine = (res.body.partnerships as { partnershipId: string }[]).filter((p) =>
      [A, B, C].includes(p.partnershipId),
    );
    expect(mine).toHaveLength(3);
    expect(mine.find((p) => p.partnershipId === B)).toMatchObject({
      published: true,
      onTime: false,
      indicatorsWithValue: 0,
      indicatorsWithSymbol: 2,
      symbols: { c: 2, x: 0, z: 0, low: 0 },
    });
    const p1 = await asBoard(`/api/v1/national/returns?period=${P1.code}`);
    const alpha = p1.body.partnerships.find((p: { partnershipId: string }) => p.partnershipId === A);
    expect(alpha).toMatchObject({
      published: true,
      version: 2,
      onTime: false,
      indicatorsWithValue: 2,
      indicatorsWithSymbol: 0,
    });
    expect(alpha.daysLate).toBeGreaterThan(5000);
    expect(alpha.correctedOn).toBe(alpha.firstPublishedOn);
    expect(p1.body.partnerships.find((p: { partnershipId: string }) => p.partnershipId === C)).toMatchObject({
      published: false,
      overdue: true,
    });
    expect(p1.body.summary.expected).toBeGreaterThanOrEqual(3);
    expect(p1.body.periods.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining([P1.code, P2.code]));
  });

  it('names the field of a bad indicator code or term (400), and answers 404 for an indicator nobody publishes', async () => {
    const badCode = await asBoard('/api/v1/national/compare/Not%20a%20code');
    expect(badCode.status).toBe(400);
    expect(badCode.headers['content-type']).toContain('application/problem+json');
    expect(fields(badCode.body)).toEqual(['indicatorCode']);
    expect(fields((await asBoard(`/api/v1/national/compare/${PCT}?from=spring`)).body)).toEqual(['from']);
    expect(fields((await asBoard(`/api/v1/national/compare/${PCT}?from=${P3.code}&to=${P1.code}`)).body)).toEqual([
      'from',
    ]);
    expect(fields((await asBoard(`/api/v1/national/compare/${PCT}?from=2000-01-autumn&to=${P3.code}`)).body)).toEqual([
      'from',
    ]);
    expect(fields((await asBoard(`/api/v1/national/compare/${PCT}/ranking?period=2010-12-spring`)).body)).toEqual([
      'period',
    ]);
    expect(
      fields((await asBoard(`/api/v1/national/compare/${PCT}/local-authorities?partnershipId=nope`)).body),
    ).toEqual(['partnershipId']);
    expect(fields((await asBoard('/api/v1/national/returns?period=autumn')).body)).toEqual(['period']);
    expect((await asBoard(`/api/v1/national/compare/${tag}.nothing`)).status).toBe(404);
    expect((await asBoard(`/api/v1/national/compare/${tag}.nothing/ranking`)).status).toBe(404);
  });

  it('refuses a partnership’s lead and officer (403) and anyone not signed in (401)', async () => {
    for (const url of [
      '/api/v1/national/indicators',
      `/api/v1/national/compare/${PCT}`,
      `/api/v1/national/compare/${PCT}/ranking`,
      `/api/v1/national/compare/${PCT}/local-authorities?partnershipId=${A}`,
      '/api/v1/national/returns',
    ]) {
      expect((await get(lead.members.lead.token, url)).status).toBe(403);
      expect((await get(lead.members.la1.token, url)).status).toBe(403);
      expect((await world.http.get(url)).status).toBe(401);
    }
  });
});
