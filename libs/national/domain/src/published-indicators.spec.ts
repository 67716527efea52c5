import { Module } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PlatformModule, UnitOfWork } from '@rep-hub/platform';
import { testConfig, workerDatabase } from '@rep-hub/platform/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { EntityManager } from 'typeorm';
import { DashboardStore } from './dashboard.store';
import { ReleasesStore } from './releases.store';
import { publishTestRelease, TEST_PERIODS, TestFigure } from './testing';
import './migrations';

/**
 * `national.published_indicators`, which the database keeps as releases are published, against the
 * scans over every figure it replaced (the statements the board and the dashboard ran before):
 * the same indicators, names, units and coverage, and the same partnerships and LAs, after a first publication, after a correction
 * that renames one indicator and drops another, and after a release is removed by the owner. The
 * worker's database is shared with other suites: only this file's indicator codes are compared.
 */

const tag = randomUUID().replace(/-/g, '').slice(0, 8);
const RATE = `pubind${tag}.rate`;
const VISITS = `pubind${tag}.visits`;
const DROPPED = `pubind${tag}.dropped`;
const SPRING = TEST_PERIODS['2025-26-spring'];
const SUMMER = TEST_PERIODS['2025-26-summer'];
const AUTUMN = TEST_PERIODS['2026-27-autumn'];
const A = { id: randomUUID(), name: `Ashdown ${tag}` };
const B = { id: randomUUID(), name: `Brockley ${tag}` };
const LA = { level: 'local_authority', laNumber: '931', gssCode: 'E06000931', laName: 'Ashby' } as const;

const rate = (name: string, la = false): TestFigure => ({
  indicatorCode: RATE,
  indicatorName: name,
  unit: 'percentage',
  numerator: 30,
  denominator: 60,
  value: 50,
  ...(la ? LA : {}),
});
const visits = (la = false): TestFigure => ({
  indicatorCode: VISITS,
  indicatorName: 'Visits',
  value: 20,
  ...(la ? LA : {}),
});
const dropped = (): TestFigure => ({ indicatorCode: DROPPED, indicatorName: 'Dropped', value: 10 });

/** What the board's and the dashboard's scans gave (the statements before the summary), for this file's codes. */
async function scans(m: EntityManager) {
  const mine = <T extends { code: string }>(rows: T[]) => rows.filter((r) => r.code.startsWith(`pubind${tag}.`));
  const names = await m.query(
    `SELECT DISTINCT ON (f.indicator_code) f.indicator_code AS code, f.indicator_name AS name, f.unit
       FROM national.release_figures f JOIN national.releases r ON r.id = f.release_id
      ORDER BY f.indicator_code, r.published_at DESC, r.release_version DESC`,
  );
  const latest = `latest AS (
    SELECT DISTINCT ON (r.partnership_id, r.period_code) r.id, r.release_version, r.partnership_id, r.period_code,
           r.period_name, r.period_from, r.period_to, r.published_at
      FROM national.releases r ORDER BY r.partnership_id, r.period_code, r.release_version DESC)`;
  const coverage = await m.query(
    `WITH ${latest}
     SELECT f.indicator_code AS code, count(DISTINCT l.partnership_id)::int AS partnerships,
            (array_agg(l.period_code ORDER BY l.period_from))[1] AS "firstPeriod",
            (array_agg(l.period_code ORDER BY l.period_from DESC))[1] AS "lastPeriod",
            bool_or(f.geography_level = 'local_authority') AS "localAuthorityFigures"
       FROM latest l JOIN national.release_figures f ON f.release_id = l.id
      GROUP BY f.indicator_code ORDER BY f.indicator_code`,
  );
  const dashboard = await m.query(
    `WITH ${latest}
     SELECT f.indicator_code AS code,
            (array_agg(f.indicator_name ORDER BY l.published_at DESC, l.release_version DESC))[1] AS name,
            (array_agg(f.unit ORDER BY l.published_at DESC, l.release_version DESC))[1] AS unit,
            count(DISTINCT l.partnership_id)::int AS partnerships,
            (array_agg(l.period_code ORDER BY l.period_from))[1] AS "firstPeriod",
            (array_agg(l.period_name ORDER BY l.period_from))[1] AS "firstPeriodName",
            to_char(min(l.period_from), 'YYYY-MM-DD') AS "firstFrom",
            to_char((array_agg(l.period_to ORDER BY l.period_from))[1], 'YYYY-MM-DD') AS "firstTo",
            (array_agg(l.period_code ORDER BY l.period_from DESC))[1] AS "lastPeriod",
            (array_agg(l.period_name ORDER BY l.period_from DESC))[1] AS "lastPeriodName",
            to_char(max(l.period_from), 'YYYY-MM-DD') AS "lastFrom",
            to_char((array_agg(l.period_to ORDER BY l.period_from DESC))[1], 'YYYY-MM-DD') AS "lastTo",
            bool_or(f.geography_level = 'local_authority') AS "localAuthorityFigures",
            bool_or(l.release_version > 1) AS corrected
       FROM latest l JOIN national.release_figures f ON f.release_id = l.id
      GROUP BY f.indicator_code ORDER BY f.indicator_code`,
  );
  const places = await m.query(
    `WITH ${latest},
     names AS (
       SELECT DISTINCT ON (l.partnership_id) l.partnership_id, r.partnership_name
         FROM latest l JOIN national.releases r ON r.id = l.id ORDER BY l.partnership_id, l.period_from DESC),
     las AS (
       SELECT DISTINCT ON (l.partnership_id, f.gss_code) l.partnership_id, f.gss_code, f.la_number, f.la_name
         FROM latest l JOIN national.release_figures f ON f.release_id = l.id AND f.geography_level = 'local_authority'
        ORDER BY l.partnership_id, f.gss_code, l.period_from DESC)
     SELECT n.partnership_id AS "partnershipId", n.partnership_name AS "partnershipName",
            a.gss_code AS "gssCode", a.la_number AS "laNumber", a.la_name AS "laName"
       FROM names n LEFT JOIN las a ON a.partnership_id = n.partnership_id
      ORDER BY n.partnership_name, n.partnership_id, a.la_name`,
  );
  return {
    names: mine(names),
    coverage: mine(coverage),
    dashboard: mine(dashboard),
    places: ourPlaces(places),
  };
}

/** This file's partnerships' places. */
const ourPlaces = <T extends { partnershipId: string }>(rows: T[]) =>
  rows.filter((r) => r.partnershipId === A.id || r.partnershipId === B.id);

describe('the published indicators the database keeps, against the scans they replace', () => {
  let app: INestApplicationContext;
  let uow: UnitOfWork;
  const releases = new ReleasesStore();
  const dashboard = new DashboardStore();

  const summary = async () => {
    const mine = <T extends { code: string }>(rows: T[]) => rows.filter((r) => r.code.startsWith(`pubind${tag}.`));
    const board = await uow.forBoard(async (m) => ({
      names: mine(await releases.indicators(m)),
      coverage: mine(await releases.indicatorCoverage(m)),
    }));
    const open = await uow.forOpenData(async (m) => ({
      dashboard: mine(await dashboard.indicators(m)),
      places: ourPlaces(await dashboard.places(m)),
    }));
    return { ...board, ...open };
  };
  const expectSummaryToMatchScans = async () => {
    const [got, want] = [await summary(), await uow.forBoard((m) => scans(m))];
    expect(got).toEqual(want);
    return got;
  };
  const publish = (
    p: typeof A,
    period: (typeof TEST_PERIODS)[keyof typeof TEST_PERIODS],
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

  beforeAll(async () => {
    @Module({ imports: [PlatformModule.forRoot(await testConfig(), 'test')] })
    class M {}
    app = await (await Test.createTestingModule({ imports: [M] }).compile()).init();
    uow = app.get(UnitOfWork);
  });
  afterAll(() => app?.close());

  it('matches the scans after releases are published, and after a correction renames one indicator and drops another', async () => {
    await publish(A, SPRING, [rate('Rate', true), rate('Rate'), visits(true), visits()]);
    await publish(B, SUMMER, [rate('Rate'), visits()]);
    await publish(A, AUTUMN, [rate('Rate'), dropped()]);
    const first = await expectSummaryToMatchScans();
    expect(first.coverage).toEqual([
      {
        code: DROPPED,
        partnerships: 1,
        firstPeriod: AUTUMN.code,
        lastPeriod: AUTUMN.code,
        localAuthorityFigures: false,
      },
      { code: RATE, partnerships: 2, firstPeriod: SPRING.code, lastPeriod: AUTUMN.code, localAuthorityFigures: true },
      { code: VISITS, partnerships: 2, firstPeriod: SPRING.code, lastPeriod: SUMMER.code, localAuthorityFigures: true },
    ]);
    expect(first.dashboard.every((d) => d.corrected === false)).toBe(true);
    expect(first.places.map((p) => [p.partnershipName, p.gssCode])).toEqual([
      [A.name, LA.gssCode],
      [B.name, null],
    ]);

    // A's autumn corrected: the rate renamed, the dropped indicator gone from the latest version
    await publish(A, AUTUMN, [rate('Rate, renamed'), visits()], 2);
    const corrected = await expectSummaryToMatchScans();
    // the board still names an indicator any version published; the dashboard and coverage only the latest versions'
    expect(corrected.names.map((n) => [n.code, n.name])).toEqual([
      [DROPPED, 'Dropped'],
      [RATE, 'Rate, renamed'],
      [VISITS, 'Visits'],
    ]);
    expect(corrected.coverage.map((c) => c.code)).toEqual([RATE, VISITS]);
    expect(corrected.dashboard.map((d) => [d.code, d.name, d.partnerships, d.lastPeriod, d.corrected])).toEqual([
      [RATE, 'Rate, renamed', 2, AUTUMN.code, true],
      [VISITS, 'Visits', 2, AUTUMN.code, true],
    ]);
  });

  it('matches the scans again when the owner removes a release (the correction: its earlier version is the latest again)', async () => {
    // only the owner can (the bench removes a term's releases between its rounds): the server's admin, as the owner
    const c = new Client({ connectionString: (await workerDatabase()).adminUrl });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL ROLE rephub_owner');
      await c.query(
        `DELETE FROM national.release_figures WHERE release_id IN (
           SELECT id FROM national.releases WHERE partnership_id = $1 AND period_code = $2 AND release_version = 2)`,
        [A.id, AUTUMN.code],
      );
      await c.query(
        `DELETE FROM national.releases WHERE partnership_id = $1 AND period_code = $2 AND release_version = 2`,
        [A.id, AUTUMN.code],
      );
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
    const after = await expectSummaryToMatchScans();
    expect(after.coverage.map((x) => [x.code, x.partnerships])).toEqual([
      [DROPPED, 1],
      [RATE, 2],
      [VISITS, 2],
    ]);
    expect(after.names.find((n) => n.code === RATE)?.name).toBe('Rate');
  });
});
