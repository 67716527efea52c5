/**
 * The minimal handler of `npm run bench:national`: node:http + `pg`, connected as the board role
 * (`rephub_board`, the role the product reads releases as, on its own connection), answering
 * - GET /api/v1/national/compare/{code}: the board's comparison of one indicator, the same JSON as
 *   the product's (the same statements, ReleasesStore's, in one READ ONLY transaction, and the same
 *   pure `buildComparisonSeries`), and
 * - GET /national/compare/{code}: what the board's comparison page reads, as JSON (the page renders
 *   it as HTML with its chart): the published indicators with their coverage (for the form's terms),
 *   the series as above, and the latest term's ranking (rankingOf over the same statements);
 * - GET /api/v1/public/open-data/indicators/{code}: the public dashboard's read of one indicator,
 *   as the open-data role (`SET LOCAL ROLE rephub_open_data` on the board's connection, as the
 *   product answers a visitor): DashboardStore's statement (prepared, as the product runs it) and
 *   the same pure `indicatorDashboardOf`, with the indicator's definition as the product's
 *   registry describes it (BASELINE_KNOWN, given by the bench), so the same JSON as the API's.
 * It checks no session and writes no audit row: what it leaves out is everything the product adds
 * around the same rows (Nest, Express, the session and CASL, the unit of work, the page's view).
 *
 * WEB_CONCURRENCY above 1 runs that many copies sharing the port (the platform's runServer), as
 * the product does. Environment: BASELINE_PORT, BOARD_DATABASE_URL, DATABASE_POOL_SIZE, WEB_CONCURRENCY.
 */
import {
  buildComparisonSeries,
  DashboardStore,
  GSS_SYMBOLS,
  indicatorDashboardOf,
  KnownDefinition,
  MAX_COMPARISON_PERIODS,
  rankingOf,
  ReleasesStore,
} from '@rep-hub/national-domain';
import { runServer } from '@rep-hub/platform';
import { parsePeriod, previousPeriod, ReturnPeriod } from '@rep-hub/reference';
import { createServer } from 'node:http';
import { Pool, PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

runServer(serve);

/** The terms from `from` to `to`, as the comparison lays them out (comparison.ts's, not exported). */
function periodsBetween(from: ReturnPeriod, to: ReturnPeriod): ReturnPeriod[] {
  const out: ReturnPeriod[] = [];
  for (let p = to; p.from >= from.from && out.length <= MAX_COMPARISON_PERIODS; p = previousPeriod(p)) out.unshift(p);
  return out;
}

/** The indicators' definitions as the product's registry describes them (IndicatorRegistry.described()). */
const KNOWN: KnownDefinition[] = JSON.parse(process.env['BASELINE_KNOWN'] ?? '[]');
/** The symbols' meanings, as the API answers them beside the figures. */
const SYMBOLS = Object.entries(GSS_SYMBOLS).map(([symbol, meaning]) => ({ symbol, meaning }));

async function serve(): Promise<void> {
  const pool = new Pool({
    connectionString: process.env['BOARD_DATABASE_URL'],
    max: Number(process.env['DATABASE_POOL_SIZE'] ?? 10),
  });
  const store = new ReleasesStore();
  const dashboard = new DashboardStore();
  // open data is read as the role the product takes for a visitor, where its migration made it
  const openDataRole = (await pool.query(`SELECT 1 FROM pg_roles WHERE rolname = 'rephub_open_data'`)).rowCount
    ? 'rephub_open_data'
    : null;
  const read = async <T>(work: (c: PoolClient) => Promise<T>, role?: string | null): Promise<T> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN READ ONLY');
      if (role) await c.query(`SET LOCAL ROLE ${role}`);
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  };
  // a manager over the client: its queryRunner's connection lets preparedQuery name its statements, as in the product
  const managerOf = (c: PoolClient) =>
    ({
      query: (sql: string, params?: unknown[]) => c.query(sql, params).then((r) => r.rows),
      queryRunner: { databaseConnection: c },
    }) as unknown as EntityManager;

  /** The public dashboard's indicator (DashboardService.indicator), as the open-data role; null when none is published. */
  const openIndicator = (code: string) =>
    read(async (c) => {
      const rows = await dashboard.indicatorRows(managerOf(c), code);
      const d = indicatorDashboardOf(
        code,
        rows,
        KNOWN.find((k) => k.definition.code === code),
      );
      return d ? { ...d, symbols: SYMBOLS } : null;
    }, openDataRole);

  /** ComparisonService.series with no from, to or partnerships: every period published, at most twelve. */
  const series = (code: string) => read((c) => seriesIn(managerOf(c), code));
  const seriesIn = async (m: EntityManager, code: string) => {
    const found = (await store.indicators(m)).find((i) => i.code === code);
    if (!found) return null;
    const published = (await store.periods(m, code)).map((p) => parsePeriod(p)!);
    const last = published[0];
    const within = published.filter((p) => p.from <= last.from);
    const first = within[Math.min(within.length, MAX_COMPARISON_PERIODS) - 1] ?? last;
    const periods = periodsBetween(first, last);
    const releases = await store.latest(
      m,
      periods.map((p) => p.code),
    );
    const figures = await store.figures(
      m,
      releases.map((r) => r.id),
      { indicatorCode: code, level: 'partnership' },
    );
    return buildComparisonSeries({ code: found.code, name: found.name, unit: found.unit }, periods, releases, figures);
  };

  /** What the page reads, each in its own transaction as the service's calls are: indicators, series, ranking. */
  const page = async (code: string) => {
    const published = await read(async (c) => {
      const m = managerOf(c);
      const names = await store.indicators(m);
      const coverage = await store.indicatorCoverage(m);
      return coverage.map((x) => ({ ...x, ...names.find((n) => n.code === x.code) }));
    });
    const s = await series(code);
    if (!s) return null;
    const last = s.periods[s.periods.length - 1];
    const ranking = await read(async (c) => {
      const m = managerOf(c);
      const found = (await store.indicators(m)).find((i) => i.code === code)!;
      const period = last ?? parsePeriod((await store.periods(m, code))[0])!;
      const releases = await store.latest(m, [period.code]);
      const figures = await store.figures(
        m,
        releases.map((r) => r.id),
        { indicatorCode: code, level: 'partnership' },
      );
      const partnerships = await store.partnerships(m);
      return rankingOf(
        { code: found.code, name: found.name, unit: found.unit },
        period,
        partnerships.map((p) => {
          const r = releases.find((x) => x.partnershipId === p.id);
          const f = r ? figures.find((x) => x.releaseId === r.id) : undefined;
          return { partnershipId: p.id, partnershipName: r?.partnershipName ?? p.name, figure: f ?? null };
        }),
      );
    });
    return { published: published.find((p) => p.code === code), series: s, ranking };
  };

  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const url = req.url ?? '';
    const compare = /^\/api\/v1\/national\/compare\/([a-z0-9._]+)$/.exec(url);
    const open = /^\/api\/v1\/public\/open-data\/indicators\/([a-z0-9._]+)$/.exec(url);
    const pageOf = /^\/national\/compare\/([a-z0-9._]+)$/.exec(url);
    const work = compare
      ? series(compare[1])
      : pageOf
        ? page(pageOf[1])
        : open
          ? openIndicator(open[1])
          : Promise.resolve(undefined);
    work.then(
      (body) => (body === undefined ? send(404, {}) : body === null ? send(404, { status: 404 }) : send(200, body)),
      (e) => send(500, { detail: String(e) }),
    );
  });
  server.listen(Number(process.env['BASELINE_PORT']), '127.0.0.1', () => process.stdout.write('baseline ready\n'));
}
