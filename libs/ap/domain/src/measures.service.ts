import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, schoolToday } from '@rep-hub/platform';
import { AP_TIERS, PLACEMENT_END_DESTINATIONS, PlacementOutcomeGroup } from '@rep-hub/reference';
import { EntityManager } from 'typeorm';
import { CASE_ROUTES } from './case-machine';
import { CASE_REASONS } from './cases.model';
import { realDate, text, UUID } from './input';

export interface MeasuresQuery {
  from?: unknown;
  to?: unknown;
  laId?: unknown;
}

/** A number of days between two events: how many, their median and mean (one decimal); null when none. */
export interface DurationMeasure {
  count: number;
  medianDays: number | null;
  meanDays: number | null;
}

/** Every figure of one LA, or of the LAs in scope together. Rates are percentages to one decimal, null when the denominator is 0. */
export interface MeasureSections {
  referrals: {
    total: number;
    byRequestedTier: Record<string, number>;
    byReason: Record<string, number>;
    byRoute: Record<string, number>;
  };
  commissions: { total: number; byTier: Record<string, number>; byReason: Record<string, number> };
  timeToDecision: DurationMeasure;
  timeToPlacement: DurationMeasure;
  attendance: {
    possibleSessions: number;
    attendedSessions: number;
    authorisedAbsenceSessions: number;
    unauthorisedAbsenceSessions: number;
    attendanceRate: number | null;
    authorisedAbsenceRate: number | null;
    unauthorisedAbsenceRate: number | null;
    /** Placements with 10 or more possible sessions in the period: the denominator of the absence counts. */
    placementsCounted: number;
    persistentlyAbsent: number;
    persistentAbsenceRate: number | null;
    severelyAbsent: number;
    severeAbsenceRate: number | null;
  };
  tier2Completion: { ended: number; withinPlannedTime: number; rate: number | null };
  reintegration: {
    ended: number;
    reintegrated: number;
    rate: number | null;
    sustained: { due: number; held: number; rate: number | null; waiting: number };
  };
  destinations: {
    ended: number;
    byDestination: Record<string, number>;
    byOutcomeGroup: Record<string, number>;
    post16: number;
    neet: number;
  };
}

export interface LaMeasures extends MeasureSections {
  laId: string;
  laName: string;
}

export interface MeasuresResult {
  period: { from: string; to: string };
  /** `partnership`: the lead's view of every LA; `la`: one LA, or an officer's LAs. */
  scope: 'partnership' | 'la';
  las: LaMeasures[];
  /** The same sections over every LA in `las` together (medians and rates recomputed, not averaged). */
  partnership: MeasureSections;
}

/** What each measure means, in plain words: for the API documentation, the page and the XLSX. */
export const MEASURE_DEFINITIONS: { measure: string; title: string; definition: string }[] = [
  {
    measure: 'period',
    title: 'Period',
    definition:
      'From and to dates, both included (default: 1 September of the current academic year to today). Each event is counted by the date it happened, in England’s time zone.',
  },
  {
    measure: 'referrals',
    title: 'Referrals',
    definition:
      'Cases opened in the period (school referrals, school commissions and LA commissions), by requested tier, by reason and by route.',
  },
  {
    measure: 'commissions',
    title: 'Commissions',
    definition:
      'Placements accepted by a provider in the period (the placement record is created on acceptance), by tier and by the case’s reason.',
  },
  {
    measure: 'time_to_decision',
    title: 'Time from referral to decision',
    definition:
      'Days from the day a case was opened to the day of its first panel decision (offer, decline or more information needed); for a school’s own commission, which needs no panel, to its first offer (the commission itself). Counted over cases whose decision fell in the period: how many, the median and the mean (one decimal).',
  },
  {
    measure: 'time_to_placement',
    title: 'Time from referral to placement',
    definition:
      'Days from the day a case was opened to the first day of its placement, over placements that started in the period: how many, the median and the mean.',
  },
  {
    measure: 'attendance',
    title: 'Attendance',
    definition:
      'Over AM and PM sessions dated in the period: possible sessions (every session except those where attendance was not possible), sessions attended (present or an approved educational activity), and the attendance, authorised absence and unauthorised absence rates as a percentage of possible sessions. Persistently absent: placements that missed 10% or more of their possible sessions; severely absent: 50% or more (severely absent placements are also persistently absent). Both only among placements with 10 or more possible sessions in the period.',
  },
  {
    measure: 'tier2_completion',
    title: 'Tier 2 completed within the planned time',
    definition:
      'Tier 2 placements that ended in the period, and how many ended on or before their planned end date (a placement with no planned end does not count as within it).',
  },
  {
    measure: 'reintegration',
    title: 'Reintegration',
    definition:
      'Placements that ended in the period, and how many ended with a return to mainstream school (to the home school or another mainstream school).',
  },
  {
    measure: 'sustained_reintegration',
    title: 'Sustained reintegration',
    definition:
      'Of the reintegrations above whose last follow-up check-in was due on or before the end of the period, how many have every follow-up recorded as held. Waiting: reintegrations whose last follow-up is not due yet, or not yet scheduled.',
  },
  {
    measure: 'destinations',
    title: 'Destinations',
    definition:
      'Placements that ended in the period by destination and by destination group, with the post-16 (education, employment or training) and NEET counts.',
  },
];

const TIERS = AP_TIERS.map((t) => t.code);
const REASONS = CASE_REASONS.map((r) => r.code);
const DESTINATIONS = PLACEMENT_END_DESTINATIONS.map((d) => d.code);
const OUTCOME_GROUPS: PlacementOutcomeGroup[] = ['reintegration', 'specialist', 'ap', 'post16', 'neet', 'unknown'];
const REINTEGRATION = PLACEMENT_END_DESTINATIONS.filter((d) => d.outcomeGroup === 'reintegration').map((d) => d.code);
const groupOf = (destination: string): string =>
  PLACEMENT_END_DESTINATIONS.find((d) => d.code === destination)?.outcomeGroup ?? 'unknown';

/** A percentage to one decimal; null when there is nothing to divide by. */
export const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n * 1000) / d) / 10);

const zeros = (codes: readonly string[]): Record<string, number> => Object.fromEntries(codes.map((c) => [c, 0]));
const add = (map: Record<string, number>, key: string, n: number) => {
  map[key] = (map[key] ?? 0) + n;
};

/** The default period: 1 September of the academic year containing today, to today (in England). */
export function defaultPeriod(now = new Date()): { from: string; to: string } {
  const to = schoolToday(now);
  const [y, m] = to.split('-').map(Number);
  return { from: `${m >= 9 ? y : y - 1}-09-01`, to };
}

/** A timestamp column inside the period's days in England (sargable: the bounds are computed once). */
const inPeriod = (col: string) =>
  `${col} >= ($3::date::timestamp AT TIME ZONE 'Europe/London') AND ${col} < (($4::date + 1)::timestamp AT TIME ZONE 'Europe/London')`;
const londonDay = (col: string) => `(${col} AT TIME ZONE 'Europe/London')::date`;

function emptySections(): MeasureSections {
  return {
    referrals: { total: 0, byRequestedTier: zeros(TIERS), byReason: zeros(REASONS), byRoute: zeros(CASE_ROUTES) },
    commissions: { total: 0, byTier: zeros(TIERS), byReason: zeros(REASONS) },
    timeToDecision: { count: 0, medianDays: null, meanDays: null },
    timeToPlacement: { count: 0, medianDays: null, meanDays: null },
    attendance: {
      possibleSessions: 0,
      attendedSessions: 0,
      authorisedAbsenceSessions: 0,
      unauthorisedAbsenceSessions: 0,
      attendanceRate: null,
      authorisedAbsenceRate: null,
      unauthorisedAbsenceRate: null,
      placementsCounted: 0,
      persistentlyAbsent: 0,
      persistentAbsenceRate: null,
      severelyAbsent: 0,
      severeAbsenceRate: null,
    },
    tier2Completion: { ended: 0, withinPlannedTime: 0, rate: null },
    reintegration: { ended: 0, reintegrated: 0, rate: null, sustained: { due: 0, held: 0, rate: null, waiting: 0 } },
    destinations: {
      ended: 0,
      byDestination: zeros(DESTINATIONS),
      byOutcomeGroup: zeros(OUTCOME_GROUPS),
      post16: 0,
      neet: 0,
    },
  };
}

/** Fills in the rates from the counts. */
function finish(s: MeasureSections): MeasureSections {
  const a = s.attendance;
  a.attendanceRate = rate(a.attendedSessions, a.possibleSessions);
  a.authorisedAbsenceRate = rate(a.authorisedAbsenceSessions, a.possibleSessions);
  a.unauthorisedAbsenceRate = rate(a.unauthorisedAbsenceSessions, a.possibleSessions);
  a.persistentAbsenceRate = rate(a.persistentlyAbsent, a.placementsCounted);
  a.severeAbsenceRate = rate(a.severelyAbsent, a.placementsCounted);
  s.tier2Completion.rate = rate(s.tier2Completion.withinPlannedTime, s.tier2Completion.ended);
  s.reintegration.rate = rate(s.reintegration.reintegrated, s.reintegration.ended);
  s.reintegration.sustained.rate = rate(s.reintegration.sustained.held, s.reintegration.sustained.due);
  s.destinations.post16 = s.destinations.byOutcomeGroup['post16'] ?? 0;
  s.destinations.neet = s.destinations.byOutcomeGroup['neet'] ?? 0;
  return s;
}

interface DurationRow {
  la_id: string | null;
  n: number;
  median: number | null;
  mean: number | null;
}

/**
 * AP measures per LA and for the partnership, over a period, computed from the records in a few
 * set-based queries (GROUP BY la_id). LA officers see the LAs they may see; the partnership lead
 * sees every LA of the partnership, as counts and rates only: these queries select aggregates,
 * never a row about a child.
 */
@Injectable()
export class ApMeasuresService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /** Checks the period and the LA: 400 naming the field, 404 for an LA outside the caller's scope. */
  async measures(
    query: MeasuresQuery,
    opts: { export?: 'csv' | 'xlsx'; forSharing?: boolean } = {},
  ): Promise<MeasuresResult> {
    if (!this.auth.ability.can('read', 'ApMeasures'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    const period = this.period(query);
    const laId = text(query.laId);
    if (laId && !UUID.test(laId))
      throw new InvalidFieldsException([{ field: 'laId', message: 'laId must be a local authority id' }]);

    const inScope = await this.auth.inTenant((m) => this.scopeLas(m));
    const las = laId ? inScope.filter((l) => l.id === laId) : inScope;
    if (laId && !las.length)
      throw new NotFoundException(
        problem(404, 'There is no such local authority among those you can see measures of.'),
      );
    const laIds = las.map((l) => l.id);

    // the lead's own units of work see no LA's pupil rows: this one reads the LAs in scope and
    // selects only counts, medians and means (an officer's LAs are within their own already)
    return this.auth.inTenantWithLas(laIds, async (m) => {
      const by = new Map<string, MeasureSections>(laIds.map((id) => [id, emptySections()]));
      const all = emptySections();
      const params = [this.auth.tenantId, laIds, period.from, period.to];
      if (laIds.length) {
        await this.referrals(m, params, by, all);
        await this.commissions(m, params, by, all);
        await this.durations(m, params, by, all);
        await this.attendance(m, params, by, all);
        await this.endings(m, params, by, all);
        await this.sustained(m, params, by, all);
      }
      await this.audit.record({
        action: opts.export ? 'ap_measures.export' : 'ap_measures.read',
        subjectType: 'ApMeasures',
        subjectIds: laIds,
        details: {
          from: period.from,
          to: period.to,
          ...(opts.export ? { format: opts.export } : {}),
          ...(opts.forSharing ? { forSharing: true } : {}),
        },
      });
      return {
        period,
        scope: this.isLead() && !laId ? 'partnership' : 'la',
        las: las.map((l) => ({ laId: l.id, laName: l.name, ...finish(by.get(l.id)!) })),
        partnership: finish(all),
      };
    });
  }

  /** The period asked for, or the academic year to date; 400 naming `from` or `to`. */
  period(query: Pick<MeasuresQuery, 'from' | 'to'>): { from: string; to: string } {
    const errors: FieldError[] = [];
    const fallback = defaultPeriod();
    const from = text(query.from);
    const to = text(query.to);
    if (from !== undefined && !realDate(from))
      errors.push({ field: 'from', message: 'Enter the start of the period as a real date, YYYY-MM-DD' });
    if (to !== undefined && !realDate(to))
      errors.push({ field: 'to', message: 'Enter the end of the period as a real date, YYYY-MM-DD' });
    if (errors.length) throw new InvalidFieldsException(errors);
    const period = { from: from ?? fallback.from, to: to ?? fallback.to };
    if (period.from > period.to) {
      throw new InvalidFieldsException([
        to !== undefined
          ? { field: 'to', message: 'The end of the period must be the same as or after its start' }
          : { field: 'from', message: 'The start of the period must be today or earlier' },
      ]);
    }
    return period;
  }

  /** The LAs whose measures the caller may read, for a filter (403 for other roles). */
  localAuthorities(): Promise<{ id: string; name: string }[]> {
    if (!this.auth.ability.can('read', 'ApMeasures'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    return this.auth.inTenant((m) => this.scopeLas(m));
  }

  /** The LAs whose measures the caller may read (the lead: every LA of the partnership), by name. */
  async scopeLas(m: EntityManager): Promise<{ id: string; name: string }[]> {
    const params: unknown[] = [this.auth.tenantId];
    const scope = positionalScope(
      sqlScope(this.auth.ability, 'read', 'ApMeasures', 'o', { tenantId: 'tenant_id', laId: 'id' }),
      params,
    );
    return m.query(
      `SELECT o.id, o.name FROM organisations o WHERE o.tenant_id = $1 AND o.kind = 'local_authority' AND ${scope} ORDER BY o.name, o.id`,
      params,
    ) as Promise<{ id: string; name: string }[]>;
  }

  private isLead(): boolean {
    return this.auth.principal.memberships.some((x) => x.role === 'partnership_lead');
  }

  private async referrals(m: EntityManager, params: unknown[], by: Map<string, MeasureSections>, all: MeasureSections) {
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

  private async commissions(
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
  private async durations(m: EntityManager, params: unknown[], by: Map<string, MeasureSections>, all: MeasureSections) {
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

  private async attendance(
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
  private async endings(m: EntityManager, params: unknown[], by: Map<string, MeasureSections>, all: MeasureSections) {
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

  private async sustained(m: EntityManager, params: unknown[], by: Map<string, MeasureSections>, all: MeasureSections) {
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
}
