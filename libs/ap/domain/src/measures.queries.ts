import { EntityManager } from 'typeorm';
import { add, emptySections, FigureQuery, groupOf, MeasureSections, REINTEGRATION } from './measures.model';

// The AP measures read from the summaries the database keeps as records change (migration
// 1766000500000-ap-measure-summaries): a row per LA and day, a row per placement, instead of every
// case, event and session of the period (two years at bench:ap size: 1 s to about 0.1 s). Each
// gives exactly what its on-demand definition in measures.reference.queries.ts gives (the test
// ap-measure-summaries.spec.ts holds them equal). They select counts, medians and means only.

/** The summary rows of the tenant's LAs on the period's days ($1 to $4). */
const DAYS = `tenant_id = $1 AND la_id = ANY ($2::uuid[]) AND day BETWEEN $3::date AND $4::date`;

interface DurationRow {
  la_id: string | null;
  n: number;
  median: number | null;
  mean: number | null;
}

export const referralFigures: FigureQuery = async (m, params, by, all) => {
  const rows = (await m.query(
    `SELECT la_id, requested_tier, reason, route, sum(n)::int AS n FROM ap_measure_referrals
      WHERE ${DAYS} GROUP BY la_id, requested_tier, reason, route HAVING sum(n) > 0`,
    params,
  )) as { la_id: string; requested_tier: string; reason: string; route: string; n: number }[];
  for (const r of rows) {
    for (const s of [by.get(r.la_id)!, all]) {
      s.referrals.total += r.n;
      add(s.referrals.byRequestedTier, r.requested_tier, r.n);
      add(s.referrals.byReason, r.reason, r.n);
      add(s.referrals.byRoute, r.route, r.n);
    }
  }
};

export const commissionFigures: FigureQuery = async (m, params, by, all) => {
  const rows = (await m.query(
    `SELECT la_id, tier, reason, sum(n)::int AS n FROM ap_measure_commissions
      WHERE ${DAYS} GROUP BY la_id, tier, reason HAVING sum(n) > 0`,
    params,
  )) as { la_id: string; tier: string; reason: string; n: number }[];
  for (const r of rows) {
    for (const s of [by.get(r.la_id)!, all]) {
      s.commissions.total += r.n;
      add(s.commissions.byTier, r.tier, r.n);
      add(s.commissions.byReason, r.reason, r.n);
    }
  }
};

/**
 * Count, median and mean of a histogram (how many per number of days), for each LA and for them
 * all (la_id null): the median is the mean of the values at the two middle positions, as
 * percentile_cont(0.5) gives it, and the mean is rounded from the same exact quotient as avg().
 */
const histogramStats = (histogram: string) => `
  WITH h AS (${histogram}),
  g AS (SELECT la_id, days, n FROM h UNION ALL SELECT NULL::uuid, days, sum(n) FROM h GROUP BY days),
  c AS (SELECT la_id, days, n, sum(n) OVER (PARTITION BY la_id ORDER BY days) AS upto, sum(n) OVER (PARTITION BY la_id) AS total FROM g)
  SELECT la_id, total::int AS n,
         round(((min(days) FILTER (WHERE upto > floor((total - 1) / 2.0)) + min(days) FILTER (WHERE upto > ceil((total - 1) / 2.0)))::float8 / 2)::numeric, 1)::float8 AS median,
         round(sum(days * n)::numeric / total, 1)::float8 AS mean
    FROM c GROUP BY la_id, total`;

/** Medians do not add up: computed from histograms of days, each LA's and the partnership's. */
export const durationFigures: FigureQuery = async (m, params, by, all) => {
  // a decision counts on its day; a first offer before the decision only while the period ends before the decision
  const decisions = (await m.query(
    histogramStats(
      `SELECT la_id, days, sum(n) AS n FROM ap_measure_decisions WHERE ${DAYS} AND until_day > $4::date GROUP BY la_id, days HAVING sum(n) > 0`,
    ),
    params,
  )) as DurationRow[];
  const placements = (await m.query(
    histogramStats(
      `SELECT la_id, days, sum(n) AS n FROM ap_measure_starts WHERE ${DAYS} GROUP BY la_id, days HAVING sum(n) > 0`,
    ),
    params,
  )) as DurationRow[];
  const put = (rows: DurationRow[], key: 'timeToDecision' | 'timeToPlacement') => {
    for (const r of rows) {
      const s = r.la_id ? by.get(r.la_id)! : all;
      s[key] = { count: r.n, medianDays: r.median, meanDays: r.mean };
    }
  };
  put(decisions, 'timeToDecision');
  put(placements, 'timeToPlacement');
};

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const monthOf = (day: string) => `${day.slice(0, 8)}01`;
const nextMonth = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  return isoDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
};

/** Sessions from `from` up to (not including) `to`, added (1) or taken away (-1). */
export interface SessionRange {
  from: string;
  to: string;
  sign: 1 | -1;
}

/**
 * How a period's attendance is read: the calendar months [first, end) from the summaries, and the
 * sessions between those months and the period's own days from the records, added where the
 * months stop short of the period and taken away where they reach past it. A partial month is
 * read as the whole month less its days outside the period when those are the fewer (a period
 * ending today: the days after today, which have no sessions yet).
 */
export function monthSplit(
  from: string,
  to: string,
): { first: string; end: string; start: SessionRange; finish: SessionRange } {
  const after = isoDay(Date.parse(`${to}T00:00:00Z`) + DAY_MS);
  const day = (d: string) => Number(d.slice(8, 10));
  let first = from === monthOf(from) ? from : day(from) <= 15 ? monthOf(from) : nextMonth(from);
  let end = after === monthOf(after) ? after : day(to) >= 15 ? nextMonth(to) : monthOf(to);
  if (first > end) first = end = monthOf(from);
  return {
    first,
    end,
    start: first < from ? { from: first, to: from, sign: -1 } : { from, to: first, sign: 1 },
    finish: end > after ? { from: after, to: end, sign: -1 } : { from: end, to: after, sign: 1 },
  };
}

export const attendanceFigures: FigureQuery = async (m, params, by, all) => {
  const [, , from, to] = params as [string, string[], string, string];
  const split = monthSplit(from, to);
  const rows = (await m.query(
    `WITH t AS (
       -- the placements with sessions in the period's whole months, with their bounds and totals
       SELECT la_id, placement_id, first_month >= $3::date AND last_month < $4::date AS inside,
              possible, attended, authorised, unauthorised
         FROM ap_measure_attendance_totals
        WHERE tenant_id = $1 AND la_id = ANY ($2::uuid[]) AND last_month >= $3::date AND first_month < $4::date
     ), per AS (
       SELECT la_id, placement_id, sum(possible) AS possible, sum(attended) AS attended,
              sum(authorised) AS authorised, sum(unauthorised) AS unauthorised
         FROM (
           -- every session of these is in the whole months: their totals
           SELECT la_id, placement_id, possible, attended, authorised, unauthorised FROM t WHERE inside
           UNION ALL
           -- the others (across the edges of the whole months): their whole months one by one
           SELECT a.la_id, a.placement_id, a.possible, a.attended, a.authorised, a.unauthorised
             FROM t CROSS JOIN LATERAL (
               SELECT la_id, placement_id, possible, attended, authorised, unauthorised FROM ap_measure_attendance
                WHERE tenant_id = $1 AND la_id = t.la_id AND placement_id = t.placement_id AND month >= $3::date AND month < $4::date
               OFFSET 0
             ) a
            WHERE NOT t.inside
           UNION ALL
           -- the days between the months and the period, from the records
           SELECT a.la_id, a.placement_id, r.sign * (a.category <> 'not_possible')::int,
                  r.sign * (a.category IN ('present', 'approved_educational_activity'))::int,
                  r.sign * (a.category = 'authorised_absence')::int, r.sign * (a.category = 'unauthorised_absence')::int
             FROM (VALUES ($5::date, $6::date, $7::int), ($8::date, $9::date, $10::int)) r (lo, hi, sign)
             JOIN ap_attendance a
               ON a.tenant_id = $1 AND a.la_id = ANY ($2::uuid[]) AND a.session_date >= r.lo AND a.session_date < r.hi
         ) x
        GROUP BY la_id, placement_id
     )
     SELECT la_id, sum(possible)::int AS possible, sum(attended)::int AS attended, sum(authorised)::int AS authorised, sum(unauthorised)::int AS unauthorised,
            count(*) FILTER (WHERE possible >= 10)::int AS counted,
            count(*) FILTER (WHERE possible >= 10 AND (possible - attended) * 10 >= possible)::int AS persistent,
            count(*) FILTER (WHERE possible >= 10 AND (possible - attended) * 2 >= possible)::int AS severe
       FROM per GROUP BY la_id`,
    [
      params[0],
      params[1],
      split.first,
      split.end,
      split.start.from,
      split.start.to,
      split.start.sign,
      split.finish.from,
      split.finish.to,
      split.finish.sign,
    ],
  )) as {
    la_id: string;
    possible: number;
    attended: number;
    authorised: number;
    unauthorised: number;
    counted: number;
    persistent: number;
    severe: number;
  }[];
  for (const r of rows) {
    for (const s of [by.get(r.la_id)!, all]) {
      const a = s.attendance;
      a.possibleSessions += r.possible;
      a.attendedSessions += r.attended;
      a.authorisedAbsenceSessions += r.authorised;
      a.unauthorisedAbsenceSessions += r.unauthorised;
      a.placementsCounted += r.counted;
      a.persistentlyAbsent += r.persistent;
      a.severelyAbsent += r.severe;
    }
  }
};

/**
 * Placements ended in the period: tier 2 on time, reintegration and destinations, and of the
 * returns to school, those whose last follow-up is due by the period's end and all held (one read).
 */
export const endingFigures: FigureQuery = async (m, params, by, all) => {
  const rows = (await m.query(
    `SELECT la_id, tier, destination, on_time, sum(n)::int AS n,
            coalesce(sum(n) FILTER (WHERE last_due <= $4::date), 0)::int AS due,
            coalesce(sum(n) FILTER (WHERE last_due <= $4::date AND all_held), 0)::int AS held,
            coalesce(sum(n) FILTER (WHERE last_due > $4::date), 0)::int AS waiting
       FROM ap_measure_endings
      WHERE ${DAYS} GROUP BY la_id, tier, destination, on_time HAVING sum(n) > 0`,
    params,
  )) as {
    la_id: string;
    tier: string;
    destination: string;
    on_time: boolean;
    n: number;
    due: number;
    held: number;
    waiting: number;
  }[];
  for (const r of rows) {
    const reintegrated = REINTEGRATION.includes(r.destination);
    for (const s of [by.get(r.la_id)!, all]) {
      if (r.tier === 'tier_2') {
        s.tier2Completion.ended += r.n;
        if (r.on_time) s.tier2Completion.withinPlannedTime += r.n;
      }
      s.reintegration.ended += r.n;
      if (reintegrated) {
        s.reintegration.reintegrated += r.n;
        s.reintegration.sustained.due += r.due;
        s.reintegration.sustained.held += r.held;
        s.reintegration.sustained.waiting += r.waiting;
      }
      s.destinations.ended += r.n;
      add(s.destinations.byDestination, r.destination, r.n);
      add(s.destinations.byOutcomeGroup, groupOf(r.destination), r.n);
    }
  }
};

/** Every measure from the summaries. */
export const SUMMARY_FIGURES: FigureQuery[] = [
  referralFigures,
  commissionFigures,
  durationFigures,
  attendanceFigures,
  endingFigures,
];

/**
 * The sections of each LA and of them all together over a period, by the queries given (the
 * summaries', or the on-demand reference's), in one unit of work that sees those LAs.
 */
export async function measureSections(
  m: EntityManager,
  tenantId: string,
  laIds: readonly string[],
  period: { from: string; to: string },
  queries: readonly FigureQuery[] = SUMMARY_FIGURES,
): Promise<{ by: Map<string, MeasureSections>; all: MeasureSections }> {
  const by = new Map<string, MeasureSections>(laIds.map((id) => [id, emptySections()]));
  const all = emptySections();
  const params = [tenantId, laIds, period.from, period.to];
  if (!laIds.length) return { by, all };
  // the summaries are read by index ranges, one request at a time per user: no parallel workers
  // (on a 2-core server they slow every other request down) and the planner told the pages are in memory
  await m.query(`SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL random_page_cost = 1.1`);
  for (const q of queries) await q(m, params, by, all);
  return { by, all };
}
