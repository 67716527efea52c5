import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ContractsModule, DescribesIndicators, IndicatorDescriber } from '@rep-hub/contracts';
import { InvalidFieldsException, PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { testConfig } from '@rep-hub/platform/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DashboardService } from './dashboard.service';
import { DashboardStore } from './dashboard.store';
import { publishTestRelease, TEST_PERIODS, TestFigure } from './testing';
import './migrations';

/**
 * The public dashboard on PostgreSQL, read as the open-data role: each indicator over time per
 * partnership and LA with the national figure, the latest version of a corrected release, GSS
 * symbols kept, and what each indicator means (REP Hub's definition, or the published name).
 * The worker's database is shared with other suites: every code, id and GSS code here is this
 * file's own.
 */

const tag = randomUUID().replace(/-/g, '').slice(0, 8);
const RATE = `dash${tag}.ehcp_rate`; // defined by the describer below
const COUNT = `dash${tag}.visits`; // defined nowhere
const SPRING = TEST_PERIODS['2025-26-spring'];
const SUMMER = TEST_PERIODS['2025-26-summer'];
const gss = () => `E${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const A = { id: randomUUID(), name: `Ashdown ${tag}`, la1: { gss: gss(), n: '901', name: 'Ashby' } };
const B = { id: randomUUID(), name: `Brockley ${tag}`, la1: { gss: gss(), n: '902', name: 'Bramley' } };

@Injectable()
@DescribesIndicators()
class TestDescriber implements IndicatorDescriber {
  readonly module = 'dashtest';
  definitions() {
    return [
      {
        code: RATE,
        name: 'Plans on time',
        unit: 'percentage' as const,
        numerator: 'Plans issued within 20 weeks',
        denominator: 'Plans issued',
        direction: 'higher_is_better' as const,
        levels: ['la', 'partnership'] as const,
        source: 'The LA’s SEN2 return',
      },
    ];
  }
}

const rate = (numerator: number | null, denominator: number, value: number | null, la?: typeof A.la1): TestFigure => ({
  indicatorCode: RATE,
  indicatorName: 'Published rate name',
  unit: 'percentage',
  numerator,
  denominator,
  value,
  ...(la ? { level: 'local_authority', laNumber: la.n, gssCode: la.gss, laName: la.name } : {}),
});
const visits = (value: number | null, la?: typeof A.la1): TestFigure => ({
  indicatorCode: COUNT,
  indicatorName: 'Visits to the hub',
  unit: 'count',
  value,
  ...(la ? { level: 'local_authority', laNumber: la.n, gssCode: la.gss, laName: la.name } : {}),
});

describe('the public inclusion dashboard, read as the open-data role', () => {
  let app: INestApplicationContext;
  let uow: UnitOfWork;
  let dashboard: DashboardService;

  beforeAll(async () => {
    @Module({
      imports: [PlatformModule.forRoot(await testConfig(), 'test'), ContractsModule],
      providers: [DashboardStore, DashboardService, TestDescriber],
    })
    class M {}
    app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    uow = app.get(UnitOfWork);
    dashboard = app.get(DashboardService);
    const publish = (
      p: typeof A,
      period: { code: string; name: string; from: string; to: string },
      figures: TestFigure[],
      version = 1,
    ) =>
      uow.forPlatform(null, (m) =>
        publishTestRelease(m, {
          partnershipId: p.id,
          partnershipName: p.name,
          period,
          figures,
          version,
          replacesVersion: version > 1 ? version - 1 : null,
          correctionReason: version > 1 ? 'A figure was keyed wrongly' : null,
        }),
      );
    await publish(A, SPRING, [rate(40, 80, 50), rate(40, 80, 50, A.la1), visits(20), visits(20, A.la1)]);
    await publish(A, SUMMER, [rate(30, 60, 50), rate(30, 60, 50, A.la1)]);
    // the correction: summer's rate was 45 of 60, not 30 of 60
    await publish(A, SUMMER, [rate(45, 60, 75), rate(45, 60, 75, A.la1), visits(12)], 2);
    await publish(B, SPRING, [rate(10, 20, 50), rate(null, 20, null, B.la1)]);
  });
  afterAll(() => app?.close());

  it('gives an indicator over every term: each partnership and its LAs, the latest version, symbols kept, the national figure', async () => {
    const open = jest.spyOn(uow, 'forOpenData');
    const board = jest.spyOn(uow, 'forBoard');
    const d = await dashboard.indicator(RATE);
    expect(open).toHaveBeenCalledTimes(1);
    expect(board).not.toHaveBeenCalled();
    expect(d.periods.map((p) => [p.code, p.name])).toEqual([
      [SPRING.code, SPRING.name],
      [SUMMER.code, SUMMER.name],
    ]);
    expect(d.partnerships.map((p) => p.name)).toEqual([A.name, B.name]);
    const [a, b] = d.partnerships;
    // the corrected summer figure (version 2), never version 1's 30 of 60
    expect(a.figures.map((f) => [f.periodCode, f.value, f.numerator, f.releaseVersion])).toEqual([
      [SPRING.code, 50, 40, 1],
      [SUMMER.code, 75, 45, 2],
    ]);
    expect(a.localAuthorities).toEqual([
      {
        gssCode: A.la1.gss,
        laNumber: '901',
        name: 'Ashby',
        figures: [
          { periodCode: SPRING.code, value: 50, symbol: null, numerator: 40, denominator: 80 },
          { periodCode: SUMMER.code, value: 75, symbol: null, numerator: 45, denominator: 60 },
        ],
      },
    ]);
    // B's LA figure is withheld: its symbol, never a number
    expect(b.localAuthorities[0].figures).toEqual([
      { periodCode: SPRING.code, value: null, symbol: 'c', numerator: null, denominator: 20 },
    ]);
    // the national figure: Σ numerators over Σ denominators (40 + 10 of 80 + 20), then A's alone
    expect(d.national.map((n) => [n.value, n.numerator, n.denominator, n.partnershipsIncluded])).toEqual([
      [50, 50, 100, 2],
      [75, 45, 60, 1],
    ]);
    expect(d.nationalMethod).toMatch(/sum of the numerators/);
    open.mockRestore();
    board.mockRestore();
  });

  it('says what an indicator means, with its caveats and coverage, from REP Hub’s definition', async () => {
    const { indicator } = await dashboard.indicator(RATE);
    expect(indicator).toMatchObject({
      code: RATE,
      name: 'Plans on time',
      unit: 'percentage',
      defined: true,
      numerator: 'Plans issued within 20 weeks',
      denominator: 'Plans issued',
      direction: 'higher_is_better',
      source: 'The LA’s SEN2 return, entered in REP Hub by each local authority.',
      coverage: {
        partnerships: 2,
        firstPeriod: { code: SPRING.code, name: SPRING.name },
        lastPeriod: { code: SUMMER.code },
        localAuthorityFigures: true,
      },
    });
    const caveats = indicator.caveats.join(' ');
    expect(caveats).toContain('not official statistics');
    expect(caveats).toContain('shown as c (suppressed)');
    expect(caveats).toContain(`Published by 2 partnerships from ${SPRING.name} to ${SUMMER.name}`);
    expect(caveats).toContain('only the latest version of each release is shown');
    // the list says the same of it
    const listed = (await dashboard.indicators()).find((i) => i.code === RATE);
    expect(listed).toEqual(indicator);
  });

  it('shows an indicator REP Hub has no definition of under its published name', async () => {
    const d = await dashboard.indicator(COUNT);
    expect(d.indicator).toMatchObject({
      name: 'Visits to the hub',
      defined: false,
      numerator: null,
      direction: 'unknown',
    });
    expect(d.indicator.caveats.join(' ')).toContain('REP Hub has no description of this indicator');
    // A's summer v2 carries visits, v1 did not: the latest version's figure counts
    expect(d.partnerships[0].figures.map((f) => [f.periodCode, f.value])).toEqual([
      [SPRING.code, 20],
      [SUMMER.code, 12],
    ]);
    expect(d.national.map((n) => [n.value, n.method])).toEqual([
      [20, 'sum'],
      [12, 'sum'],
    ]);
  });

  it('gives a partnership’s indicators over time with its LAs and the national figure beside them', async () => {
    const p = await dashboard.partnership(A.id.toUpperCase());
    expect(p.partnership).toEqual({ id: A.id, name: A.name });
    expect(p.localAuthorities).toEqual([{ gssCode: A.la1.gss, laNumber: '901', name: 'Ashby' }]);
    expect(p.indicators.map((i) => i.indicator.name)).toEqual(['Plans on time', 'Visits to the hub']);
    const [rates] = p.indicators;
    expect(rates.figures.map((f) => f.value)).toEqual([50, 75]);
    expect(rates.localAuthorities[0].figures.map((f) => f.value)).toEqual([50, 75]);
    expect(rates.national.map((n) => n.value)).toEqual([50, 75]);
    // B's LA is not A's
    expect(JSON.stringify(p)).not.toContain(B.la1.gss);
  });

  it('gives an LA’s indicators over time with its partnership’s and the national figure beside them', async () => {
    const la = await dashboard.localAuthority(B.la1.gss.toLowerCase());
    expect(la.localAuthority).toEqual({ gssCode: B.la1.gss, laNumber: '902', name: 'Bramley' });
    expect(la.partnerships).toEqual([{ id: B.id, name: B.name }]);
    expect(la.indicators).toHaveLength(1);
    const [r] = la.indicators;
    expect(r.figures).toEqual([
      { periodCode: SPRING.code, value: null, symbol: 'c', numerator: null, denominator: 20 },
    ]);
    expect(r.partnership.map((f) => [f.partnershipName, f.periodCode, f.value])).toEqual([[B.name, SPRING.code, 50]]);
    expect(r.national.map((n) => n.value)).toEqual([50]);
  });

  it('refuses malformed input naming the field (400) and answers 404 for what no one published', async () => {
    const field = async (p: Promise<unknown>) => {
      const e = await p.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InvalidFieldsException);
      return (e as InvalidFieldsException).fieldErrors.map((x) => x.field);
    };
    await expect(field(dashboard.indicator('DROP TABLE'))).resolves.toEqual(['indicatorCode']);
    await expect(field(dashboard.partnership('not-an-id'))).resolves.toEqual(['partnershipId']);
    await expect(field(dashboard.localAuthority('W06000001x'))).resolves.toEqual(['gssCode']);
    await expect(dashboard.indicator(`dash${tag}.nothing`)).rejects.toBeInstanceOf(NotFoundException);
    await expect(dashboard.partnership(randomUUID())).rejects.toBeInstanceOf(NotFoundException);
    await expect(dashboard.localAuthority('E99999999')).rejects.toBeInstanceOf(NotFoundException);
  });
});
