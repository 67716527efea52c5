import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { testConfig } from '@rep-hub/platform/testing';
import { randomUUID } from 'node:crypto';
import { DATA_COLUMNS, METADATA_COLUMNS, openDataFile, timePeriod } from './open-data-files';
import { OpenDataService, readOpenDataFilter } from './open-data.service';
import { OpenDataStore } from './open-data.store';
import { ReleasesStore } from './releases.store';
import { parsePeriod } from '@rep-hub/reference';
import { publishTestRelease, TestFigure } from './testing';
import './migrations';

// terms of this suite's own, so the board's suites on this worker's database do not meet these releases
const PERIODS = { spring: parsePeriod('2008-09-spring')!, summer: parsePeriod('2008-09-summer')! };
const PCT = 'odata.within_20_weeks';
const COUNT = 'odata.requests';
const pct = (numerator: number | null, denominator: number | null, value: number | null): TestFigure => ({
  indicatorCode: PCT,
  indicatorName: 'EHC plans within 20 weeks',
  unit: 'percentage',
  numerator,
  denominator,
  value,
});
const count = (value: number | null, symbol: 'c' | 'x' | null = value === null ? 'c' : null): TestFigure => ({
  indicatorCode: COUNT,
  indicatorName: 'Requests for assessment',
  unit: 'count',
  value,
  symbol,
});
const la = (laNumber: string, gssCode: string, laName: string, f: TestFigure): TestFigure => ({
  ...f,
  level: 'local_authority',
  laNumber,
  gssCode,
  laName,
});

/**
 * Open data on real PostgreSQL, read as the open-data role: every version listed newest first with
 * the latest marked, what a correction changed, and the tidy CSV (columns, symbols in the value
 * column, formula guard, the same bytes each time).
 */
describe('open data: the published releases, every version, as files', () => {
  let close: () => Promise<void>;
  let uow: UnitOfWork;
  let service: OpenDataService;
  const A: string = randomUUID();
  const B: string = randomUUID();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    @Module({ imports: [PlatformModule.forRoot(await testConfig(), 'test')] })
    class M {}
    const app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    close = () => app.close();
    uow = app.get(UnitOfWork);
    service = new OpenDataService(uow, new OpenDataStore(), new ReleasesStore());
    const publish = (
      partnershipId: string,
      name: string,
      period: keyof typeof PERIODS,
      figures: TestFigure[],
      version = 1,
    ) =>
      uow.forPlatform(null, (m) =>
        publishTestRelease(m, {
          partnershipId,
          partnershipName: name,
          period: PERIODS[period],
          version,
          replacesVersion: version > 1 ? version - 1 : null,
          correctionReason: version > 1 ? 'Oldham’s figures arrived late' : null,
          figures,
        }),
      );
    ids['a1'] = await publish(A, '=Alpha, "the first"', 'spring', [
      pct(40, 100, 40),
      la('352', 'E08000003', 'Manchester', pct(40, 100, 40)),
      la('353', 'E08000004', 'Oldham', pct(null, null, null)),
      count(120),
    ]);
    ids['a2'] = await publish(
      A,
      '=Alpha, "the first"',
      'spring',
      [
        pct(160, 200, 80),
        la('352', 'E08000003', 'Manchester', pct(40, 100, 40)),
        la('354', 'E08000005', 'Rochdale', pct(120, 100, 120)),
        count(null, 'x'),
      ],
      2,
    );
    ids['b1'] = await publish(B, 'Beta partnership', 'summer', [count(55)]);
  });
  afterAll(() => close?.());

  it('lists every version, newest term first, the latest marked, read as the open-data role', async () => {
    const mine = (await service.list({ partnershipId: null, periodCode: null })).filter((r) =>
      [A, B].includes(r.partnershipId),
    );
    expect(mine.map((r) => [r.partnershipId, r.period.code, r.version, r.latest, r.correctionReason])).toEqual([
      [B, '2008-09-summer', 1, true, null],
      [A, '2008-09-spring', 2, true, 'Oldham’s figures arrived late'],
      [A, '2008-09-spring', 1, false, null],
    ]);
    expect(await service.list({ partnershipId: A, periodCode: '2008-09-summer' })).toEqual([]);
    expect((await service.list(readOpenDataFilter({ partnership: B }))).map((r) => r.id)).toEqual([ids['b1']]);
    const spy = jest.spyOn(uow, 'forOpenData');
    await service.release(ids['b1']);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('says what a correction changed, per indicator and geography, with its reason', async () => {
    const r = await service.release(ids['a2']);
    expect(r.versions.map((v) => [v.id, v.version, v.latest])).toEqual([
      [ids['a1'], 1, false],
      [ids['a2'], 2, true],
    ]);
    expect(r.changes?.replacesReleaseId).toBe(ids['a1']);
    expect(r.changes?.reason).toBe('Oldham’s figures arrived late');
    expect(r.changes?.items.map((c) => [c.indicatorCode, c.laNumber, c.change, c.before, c.after])).toEqual([
      [
        COUNT,
        null,
        'changed',
        { numerator: 120, denominator: null, value: 120, symbol: null },
        { numerator: null, denominator: null, value: null, symbol: 'x' },
      ],
      [
        PCT,
        null,
        'changed',
        { numerator: 40, denominator: 100, value: 40, symbol: null },
        { numerator: 160, denominator: 200, value: 80, symbol: null },
      ],
      [PCT, '353', 'removed', { numerator: null, denominator: null, value: null, symbol: 'c' }, null],
      [PCT, '354', 'added', null, { numerator: 120, denominator: 100, value: 120, symbol: null }],
    ]);
    expect((await service.release(ids['a1'])).changes).toBeNull();
  });

  it('writes the tidy data file in EES columns, a symbol in the value column, guarded against formulas, the same bytes each time', async () => {
    const r = await service.release(ids['a1']);
    const file = openDataFile(r, 'data.csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.filename).toBe(`rep-hub-open-data-2008-09-spring-${A.slice(0, 8)}-v1-data.csv`);
    const lines = file.body.split('\r\n');
    expect(lines[0]).toBe(DATA_COLUMNS.join(','));
    expect(lines.slice(1)).toEqual([
      `200809,Spring term,Partnership,E92000001,England,${A},"'=Alpha, ""the first""",,,,${COUNT},Requests for assessment,count,120,,120,1`,
      `200809,Spring term,Partnership,E92000001,England,${A},"'=Alpha, ""the first""",,,,${PCT},EHC plans within 20 weeks,percentage,40,100,40,1`,
      `200809,Spring term,Local authority,E92000001,England,${A},"'=Alpha, ""the first""",E08000003,352,Manchester,${PCT},EHC plans within 20 weeks,percentage,40,100,40,1`,
      `200809,Spring term,Local authority,E92000001,England,${A},"'=Alpha, ""the first""",E08000004,353,Oldham,${PCT},EHC plans within 20 weeks,percentage,,,c,1`,
      '',
    ]);
    expect(openDataFile(await service.release(ids['a1']), 'data.csv').body).toBe(file.body);
    const v2 = openDataFile(await service.release(ids['a2']), 'data.csv').body;
    expect(v2).toContain(`,${COUNT},Requests for assessment,count,,,x,2\r\n`);
  });

  it('writes the metadata file in EES meta.csv columns, and the method note with the symbol key', async () => {
    const r = await service.release(ids['a2']);
    const meta = openDataFile(r, 'metadata.csv').body.split('\r\n');
    expect(meta[0]).toBe(METADATA_COLUMNS.join(','));
    expect(meta.slice(1, -1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'indicator,Filter',
      'indicator_name,Filter',
      'unit,Filter',
      'release_version,Filter',
      'numerator,Indicator',
      'denominator,Indicator',
      'value,Indicator',
    ]);
    const text = openDataFile(r, 'method.txt').body;
    expect(text).toContain('Corrects version 1: Oldham’s figures arrived late');
    expect(text).toContain('Counts from 1 to 4 are suppressed (c)');
    for (const s of ['c: suppressed', 'x: not available', 'z: not applicable', 'low: rounds to zero'])
      expect(text).toContain(s);
  });

  it('answers 404 for an unknown release and 400 naming the field for a malformed id or filter', async () => {
    await expect(service.release(randomUUID())).rejects.toMatchObject({ status: 404 });
    await expect(service.release('1; DROP TABLE x')).rejects.toMatchObject({
      status: 400,
      response: { errors: [{ field: 'releaseId' }] },
    });
    expect(() => readOpenDataFilter({ partnership: 'nope', period: '2025-26-winter' })).toThrow(
      expect.objectContaining({
        response: expect.objectContaining({
          errors: [expect.objectContaining({ field: 'partnership' }), expect.objectContaining({ field: 'period' })],
        }),
      }),
    );
    expect(timePeriod('2026-27-summer')).toEqual({ timePeriod: '202627', timeIdentifier: 'Summer term' });
  });
});
