import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  CellInput,
  ControlledRelease,
  controlRelease,
  GSS,
  ReleaseInput,
  releaseRows,
  SumInput,
  toPublishedVersion,
  UnprotectableReleaseError,
} from '@rep-hub/disclosure';
import { attack } from '@rep-hub/disclosure/testing';
import { PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { testConfig } from '@rep-hub/platform/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { OpenDataRelease } from './open-data.model';
import { OpenDataService } from './open-data.service';
import { OpenDataStore } from './open-data.store';
import { ReleasesStore } from './releases.store';
import { parsePeriod } from '@rep-hub/reference';
import { publishTestRelease, TestFigure } from './testing';
import './migrations';

const RULES = { threshold: 5 };
// a term of this suite's own, so the board's suites on this worker's database do not meet its releases
const PERIOD = parsePeriod('2009-10-autumn')!;
const TABLE = 'return';
const COUNT = 'odprop.requests';
const PCT = 'odprop.within_20_weeks';
const LAS = [
  { laNumber: '301', gssCode: 'E09000001', laName: 'First borough' },
  { laNumber: '302', gssCode: 'E09000002', laName: 'Second borough' },
  { laNumber: '303', gssCode: 'E09000003', laName: 'Third borough' },
];

/** A partnership's return: per LA a count, and a percentage's numerator over its denominator. */
interface Return {
  las: { count: number; numerator: number; denominator: number }[];
}

const small = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 4 }) },
  { weight: 2, arbitrary: fc.integer({ min: 5, max: 30 }) },
  { weight: 1, arbitrary: fc.constant(0) },
);
const laFigures = fc
  .tuple(small, small, small)
  .map(([count, a, b]) => ({ count, numerator: Math.min(a, b), denominator: Math.max(a, b) }));
const returnOf = fc.array(laFigures, { minLength: 2, maxLength: 3 }).map((las): Return => ({ las }));
const corrections = fc.array(
  fc.tuple(fc.nat(), fc.constantFrom('count', 'numerator', 'denominator'), fc.integer({ min: -3, max: 6 })),
  {
    minLength: 1,
    maxLength: 3,
  },
);

function corrected(r: Return, fixes: [number, string, number][]): Return {
  const las = r.las.map((l) => ({ ...l }));
  for (const [i, part, by] of fixes) {
    const l = las[i % las.length];
    if (part === 'count') l.count = Math.max(0, l.count + by);
    else if (part === 'numerator') l.numerator = Math.min(l.denominator, Math.max(0, l.numerator + by));
    else l.denominator = Math.max(l.numerator, l.denominator + by);
  }
  return { las };
}

const at = (geography: string, indicator: string, part: string) => ({ geography, indicator, part });
const ref = (g: string, i: string, p: string) => ({ table: TABLE, at: at(g, i, p) });

/** The return as a release for disclosure control, in the shape a sent return takes (partnership = Σ its LAs). */
function releaseOf(r: Return, version: number): ReleaseInput {
  const geos = r.las.map((_, i) => LAS[i].laNumber);
  const cells: CellInput[] = [];
  const sum = (k: 'count' | 'numerator' | 'denominator') => r.las.reduce((a, l) => a + l[k], 0);
  for (const [g, l] of [
    ...geos.map((g, i) => [g, r.las[i]] as const),
    ['partnership', { count: sum('count'), numerator: sum('numerator'), denominator: sum('denominator') }] as const,
  ]) {
    cells.push({ at: at(g, COUNT, 'count'), count: l.count });
    cells.push({ at: at(g, PCT, 'numerator'), count: l.numerator });
    cells.push({ at: at(g, PCT, 'denominator'), count: l.denominator });
    cells.push({
      at: at(g, PCT, 'value'),
      rate: { numerator: ref(g, PCT, 'numerator'), denominator: ref(g, PCT, 'denominator') },
    });
  }
  const sums: SumInput[] = [
    [COUNT, 'count'],
    [PCT, 'numerator'],
    [PCT, 'denominator'],
  ].map(([i, p]) => ({ total: ref('partnership', i, p), parts: geos.map((g) => ref(g, i, p)) }));
  return {
    kind: 'evaluation-return',
    version,
    tables: [{ name: TABLE, dimensions: [{ name: 'geography' }, { name: 'indicator' }, { name: 'part' }], cells }],
    sums,
  };
}

/** The controlled release as `national.publish_release` takes its figures. */
function figuresOf(c: ControlledRelease): TestFigure[] {
  const shown = new Map(
    releaseRows(c).map((row) => [`${row.at['geography']}|${row.at['indicator']}|${row.at['part']}`, row.value]),
  );
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  const sym = (v: unknown) => (typeof v === 'number' ? null : (v as TestFigure['symbol']));
  const geos = [...new Set(releaseRows(c).map((row) => row.at['geography']))];
  return geos.flatMap((g) => {
    const where =
      g === 'partnership'
        ? { level: 'partnership' as const }
        : { level: 'local_authority' as const, ...LAS.find((l) => l.laNumber === g)! };
    const count = shown.get(`${g}|${COUNT}|count`);
    const value = shown.get(`${g}|${PCT}|value`);
    return [
      {
        indicatorCode: COUNT,
        indicatorName: 'Requests',
        unit: 'count' as const,
        numerator: num(count),
        denominator: null,
        value: num(count),
        symbol: sym(count),
        ...where,
      },
      {
        indicatorCode: PCT,
        indicatorName: 'Within 20 weeks',
        unit: 'percentage' as const,
        numerator: num(shown.get(`${g}|${PCT}|numerator`)),
        denominator: num(shown.get(`${g}|${PCT}|denominator`)),
        value: num(value),
        symbol: sym(value),
        ...where,
      },
    ];
  });
}

/**
 * What the open-data API serves of a release version, as the attacker reads a release: every cell
 * back from the tidy figures (a count not shown is suppressed, its figure's symbol otherwise).
 */
function asServed(r: OpenDataRelease, src: ReleaseInput): ControlledRelease {
  const fig = new Map(r.figures.map((f) => [`${f.laNumber ?? 'partnership'}|${f.indicatorCode}`, f]));
  const cells = src.tables[0].cells.map((cell) => {
    const f = fig.get(`${cell.at['geography']}|${cell.at['indicator']}`)!;
    const part = cell.at['part'];
    const shown =
      part === 'value'
        ? (f.value ?? f.symbol)
        : part === 'denominator'
          ? f.denominator
          : part === 'numerator'
            ? f.numerator
            : f.value;
    return {
      table: TABLE,
      at: cell.at,
      type: part === 'value' ? ('rate' as const) : ('count' as const),
      value: shown ?? (part === 'count' ? (f.symbol ?? GSS.suppressed) : GSS.suppressed),
    };
  });
  return {
    kind: src.kind,
    version: r.version,
    tables: [{ name: TABLE, dimensions: src.tables[0].dimensions, cells }],
    note: { roundTotalsTo: null },
  } as unknown as ControlledRelease;
}

/**
 * The disclosure-control property over open data as published: generated partnerships' returns,
 * controlled as a sent return is (a correction with its earlier versions) and published through
 * `national.publish_release`, then read back through the open-data service, every version it
 * serves. The attacker recovers no suppressed count from any version, nor by differencing a
 * correction against the versions before it; and what is served is exactly what control let out.
 */
describe('open data as published: no suppressed count is recoverable, earlier versions included', () => {
  let close: () => Promise<void>;
  let uow: UnitOfWork;
  let service: OpenDataService;

  beforeAll(async () => {
    @Module({ imports: [PlatformModule.forRoot(await testConfig(), 'test')] })
    class M {}
    const app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    close = () => app.close();
    uow = app.get(UnitOfWork);
    service = new OpenDataService(uow, new OpenDataStore(), new ReleasesStore());
  });
  afterAll(() => close?.());

  it('would catch a leak: showing the cells secondary suppression hid recovers the small count', () => {
    const src = releaseOf(
      {
        las: [
          { count: 3, numerator: 10, denominator: 20 },
          { count: 20, numerator: 10, denominator: 20 },
        ],
      },
      1,
    );
    const controlled = controlRelease(src, { rules: RULES });
    const truth = new Map(src.tables[0].cells.map((c) => [JSON.stringify(c.at), 'count' in c ? c.count : null]));
    const leaky = {
      ...controlled,
      tables: controlled.tables.map((t) => ({
        ...t,
        cells: t.cells.map((c) =>
          c.reason === 'secondary' ? { ...c, value: truth.get(JSON.stringify(c.at)) as number } : c,
        ),
      })),
    };
    expect(attack([[src, controlled]]).recovered).toEqual([]);
    expect(attack([[src, leaky]]).recovered.length).toBeGreaterThan(0);
  });

  it('holds over every version the open-data service serves', async () => {
    let versionsChecked = 0;
    let suppressedSeen = 0;
    await fc.assert(
      fc.asyncProperty(returnOf, corrections, corrections, async (first, fix2, fix3) => {
        const partnershipId = randomUUID();
        const sources: ReleaseInput[] = [];
        const published: ControlledRelease[] = [];
        for (const r of [first, corrected(first, fix2), corrected(corrected(first, fix2), fix3)]) {
          const version = sources.length + 1;
          const src = releaseOf(r, version);
          let controlled: ControlledRelease;
          try {
            controlled = controlRelease(src, {
              rules: RULES,
              previous: sources.map((s, i) => toPublishedVersion(s, published[i])),
            });
          } catch (error) {
            // a correction no suppression can publish beside what is out already is refused, never leaked
            if (error instanceof UnprotectableReleaseError) break;
            throw error;
          }
          await uow.forPlatform(null, (m) =>
            publishTestRelease(m, {
              partnershipId,
              partnershipName: 'Generated partnership',
              period: PERIOD,
              version,
              replacesVersion: version > 1 ? version - 1 : null,
              correctionReason: version > 1 ? 'A correction' : null,
              figures: figuresOf(controlled),
            }),
          );
          sources.push(src);
          published.push(controlled);
        }
        const listed = (await service.list({ partnershipId, periodCode: null })).reverse();
        expect(listed.map((r) => r.version)).toEqual(sources.map((_, i) => i + 1));
        const served: ControlledRelease[] = [];
        for (const [i, summary] of listed.entries()) {
          const r = await service.release(summary.id);
          const mine = asServed(r, sources[i]);
          // exactly what control let out, cell by cell
          expect(mine.tables[0].cells.map((c) => c.value)).toEqual(published[i].tables[0].cells.map((c) => c.value));
          served.push(mine);
          suppressedSeen += mine.tables[0].cells.filter((c) => c.value === GSS.suppressed).length;
          // this version alone, and differenced against every earlier version
          expect(attack([[sources[i], mine]]).recovered).toEqual([]);
          expect(
            attack(sources.slice(0, i + 1).map((s, j) => [s, served[j]] as [ReleaseInput, ControlledRelease]))
              .recovered,
          ).toEqual([]);
          versionsChecked += 1;
        }
      }),
      { numRuns: 25 },
    );
    // the property met suppressed cells and corrections, not only releases with nothing withheld
    expect(suppressedSeen).toBeGreaterThan(10);
    expect(versionsChecked).toBeGreaterThan(40);
  });
});
