import { EntityManager } from 'typeorm';
import { add, FigureQuery, groupOf, MeasureSections, REINTEGRATION } from './measures.model';

// The AP measures computed on demand from the records: set-based aggregates grouped by LA, each
// added into its LA's sections and the partnership's. They select counts, medians and means only,
// never a row about a child. The product reads the summaries (measures.queries.ts); these stay as
// the definition the summaries must equal, for the test that checks they do and for the bench.

// Each takes the tenant, the LAs and the period ($1 to $4) and adds its rows into the sections of
// each LA (`by`) and of them all together (`all`).

/** A timestamp column inside the period's days in England (sargable: the bounds are computed once). */
const inPeriod = (col: string) =>
  `${col} >= ($3::date::timestamp AT TIME ZONE 'Europe/London') AND ${col} < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/London')`;
const londonDay = (col: string) => `(${col} AT TIME ZONE 'Europe/London')::date`;

interface DurationRow {
  la_id: string | null;
  n: number;
  median: number | null;
  mean: number | null;
}

export async function referralFigures(
  m: EntityManager,
  params: unknown[],
  by: Map<string, MeasureSections>,
  all: MeasureSections,
) {
  const rows = (await m.query(
    `SELECT c.la_id, c.requested_tier, c.reason, c.route, count(*)::int AS n
       FROM ap_cases c
      WHERE c.tenant_id = $1 AND c.la_id = ANY ($2::uuid[]) AND ${inPeriod('c.created_at')}
      GROUP BY c.la_id, c.requested_tier, c.reason, c.route`,
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
}

export async function commissionFigures(
  m: EntityManager,
  params: unknown[],
  by: Map<string, MeasureSections>,
  all: MeasureSections,
) {
  const rows = (await m.query(
    `SELECT p.la_id, p.tier, c.reason, count(*)::int AS n
       FROM ap_placements p
       JOIN ap_cases c ON c.tenant_id = p.tenant_id AND c.id = p.case_id
      WHERE p.tenant_id = $1 AND p.la_id = ANY ($2::uuid[]) AND ${inPeriod('p.created_at')}
      GROUP BY p.la_id, p.tier, c.reason`,
    params,
  )) as { la_id: string; tier: string; reason: string; n: number }[];
  for (const r of rows) {
    for (const s of [by.get(r.la_id)!, all]) {
      s.commissions.total += r.n;
      add(s.commissions.byTier, r.tier, r.n);
      add(s.commissions.byReason, r.reason, r.n);
    }
  }
}

/** Medians do not add up: each LA's and the partnership's in one query (GROUPING SETS). */
export async function durationFigures(
  m: EntityManager,
  params: unknown[],
  by: Map<string, MeasureSections>,
  all: MeasureSections,
) {
  const stats = `count(*)::int AS n, round(percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::numeric, 1)::float8 AS median, round(avg(days), 1)::float8 AS mean`;
  const decisions = (await m.query(
    `WITH firsts AS (
       SELECT e.case_id,
              min(e.at) FILTER (WHERE e.action IN ('decide_offer', 'decide_decline', 'decide_more_information')) AS decided,
              min(e.at) FILTER (WHERE e.action IN ('commission', 'offer')) AS offered
         FROM ap_case_events e
        WHERE e.tenant_id = $1 AND e.la_id = ANY ($2::uuid[])
          AND e.action IN ('decide_offer', 'decide_decline', 'decide_more_information', 'commission', 'offer')
          AND e.at < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/London')
        GROUP BY e.case_id
     ), decided AS (
       -- a panel route's first decision; a school's own commission (no panel) is decided when it is offered
       SELECT c.la_id, c.created_at, coalesce(f.decided, f.offered) AS at
         FROM firsts f JOIN ap_cases c ON c.tenant_id = $1 AND c.id = f.case_id
     )
     SELECT la_id, ${stats}
       FROM (SELECT la_id, ${londonDay('at')} - ${londonDay('created_at')} AS days FROM decided WHERE ${inPeriod('at')}) d
      GROUP BY GROUPING SETS ((la_id), ())`,
    params,
  )) as DurationRow[];
  const placements = (await m.query(
    `SELECT la_id, ${stats}
       FROM (SELECT p.la_id, p.started_on - ${londonDay('c.created_at')} AS days
               FROM ap_placements p JOIN ap_cases c ON c.tenant_id = p.tenant_id AND c.id = p.case_id
              WHERE p.tenant_id = $1 AND p.la_id = ANY ($2::uuid[]) AND p.started_on BETWEEN $3::date AND $4::date) d
      GROUP BY GROUPING SETS ((la_id), ())`,
    params,
  )) as DurationRow[];
  const put = (rows: DurationRow[], key: 'timeToDecision' | 'timeToPlacement') => {
    for (const r of rows) {
      const s = r.la_id ? by.get(r.la_id)! : all;
      s[key] = r.n
        ? { count: r.n, medianDays: r.median, meanDays: r.mean }
        : { count: 0, medianDays: null, meanDays: null };
    }
  };
  put(decisions, 'timeToDecision');
  put(placements, 'timeToPlacement');
}

export async function attendanceFigures(
  m: EntityManager,
  params: unknown[],
  by: Map<string, MeasureSections>,
  all: MeasureSections,
) {
  const rows = (await m.query(
    `WITH per AS (
       SELECT a.la_id, a.placement_id,
              count(*) FILTER (WHERE a.category <> 'not_possible') AS possible,
              count(*) FILTER (WHERE a.category IN ('present', 'approved_educational_activity')) AS attended,
              count(*) FILTER (WHERE a.category = 'authorised_absence') AS authorised,
              count(*) FILTER (WHERE a.category = 'unauthorised_absence') AS unauthorised
         FROM ap_attendance a
        WHERE a.tenant_id = $1 AND a.la_id = ANY ($2::uuid[]) AND a.session_date BETWEEN $3::date AND $4::date
        GROUP BY a.la_id, a.placement_id
     )
     SELECT la_id, sum(possible)::int AS possible, sum(attended)::int AS attended, sum(authorised)::int AS authorised, sum(unauthorised)::int AS unauthorised,
            count(*) FILTER (WHERE possible >= 10)::int AS counted,
            count(*) FILTER (WHERE possible >= 10 AND (possible - attended) * 10 >= possible)::int AS persistent,
            count(*) FILTER (WHERE possible >= 10 AND (possible - attended) * 2 >= possible)::int AS severe
       FROM per GROUP BY la_id`,
    params,
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
}

/** Placements ended in the period: tier 2 on time, reintegration and destinations. */
export async function endingFigures(
  m: EntityManager,
  params: unknown[],
  by: Map<string, MeasureSections>,
  all: MeasureSections,
) {
  const rows = (await m.query(
    `SELECT p.la_id, p.tier, p.destination, (p.planned_end IS NOT NULL AND p.ended_on <= p.planned_end) AS on_time, count(*)::int AS n
       FROM ap_placements p
      WHERE p.tenant_id = $1 AND p.la_id = ANY ($2::uuid[]) AND p.status = 'ended' AND p.ended_on BETWEEN $3::date AND $4::date
      GROUP BY p.la_id, p.tier, p.destination, on_time`,
    params,
  )) as { la_id: string; tier: string; destination: string; on_time: boolean; n: number }[];
  for (const r of rows) {
    for (const s of [by.get(r.la_id)!, all]) {
      if (r.tier === 'tier_2') {
        s.tier2Completion.ended += r.n;
        if (r.on_time) s.tier2Completion.withinPlannedTime += r.n;
      }
      s.reintegration.ended += r.n;
      if (REINTEGRATION.includes(r.destination)) s.reintegration.reintegrated += r.n;
      s.destinations.ended += r.n;
      add(s.destinations.byDestination, r.destination, r.n);
      add(s.destinations.byOutcomeGroup, groupOf(r.destination), r.n);
    }
  }
}

export async function sustainedFigures(
  m: EntityManager,
  params: unknown[],
  by: Map<string, MeasureSections>,
  all: MeasureSections,
) {
  const rows = (await m.query(
    `SELECT p.la_id,
            count(*) FILTER (WHERE f.last_due <= $4::date)::int AS due,
            count(*) FILTER (WHERE f.last_due <= $4::date AND f.held = f.points)::int AS held,
            count(*) FILTER (WHERE f.last_due IS NULL OR f.last_due > $4::date)::int AS waiting
       FROM ap_placements p
       LEFT JOIN LATERAL (
         SELECT max(x.due_on) AS last_due, count(*) AS points, count(*) FILTER (WHERE x.outcome = 'held') AS held
           FROM ap_followups x WHERE x.tenant_id = p.tenant_id AND x.placement_id = p.id
       ) f ON true
      WHERE p.tenant_id = $1 AND p.la_id = ANY ($2::uuid[]) AND p.status = 'ended' AND p.ended_on BETWEEN $3::date AND $4::date
        AND p.destination = ANY ($5::text[])
      GROUP BY p.la_id`,
    [...params, REINTEGRATION],
  )) as { la_id: string; due: number; held: number; waiting: number }[];
  for (const r of rows) {
    for (const s of [by.get(r.la_id)!, all]) {
      s.reintegration.sustained.due += r.due;
      s.reintegration.sustained.held += r.held;
      s.reintegration.sustained.waiting += r.waiting;
    }
  }
}

/** Every measure on demand, in the order the summaries' are read. */
export const REFERENCE_FIGURES: FigureQuery[] = [
  referralFigures,
  commissionFigures,
  durationFigures,
  attendanceFigures,
  endingFigures,
  sustainedFigures,
];
