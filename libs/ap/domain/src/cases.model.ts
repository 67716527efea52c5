import { AP_TIERS } from '@rep-hub/reference';
import { CaseAction, CaseRelation, CaseRoute, CaseStatus, sixthDayDuty } from './case-machine';
import type { PupilContact } from './pupils.model';

// The shapes of a case as the services read and show it: inputs, views, rows and their SQL.

export const TIER_CODES = AP_TIERS.map((t) => t.code);

/** Why a case is opened (REP Hub vocabulary; DOMAIN §4.1: pupils on part-time timetables, suspended or at risk of exclusion). */
export const CASE_REASONS = [
  { code: 'permanent_exclusion', label: 'Permanent exclusion' },
  { code: 'suspension', label: 'Suspension' },
  { code: 'at_risk_of_exclusion', label: 'At risk of permanent exclusion' },
  { code: 'part_time_timetable', label: 'On a part-time timetable' },
  { code: 'medical_needs', label: 'Medical needs (unable to attend school)' },
  { code: 'ehc_plan', label: 'EHC plan: provision named or needed' },
  { code: 'emotionally_based_school_avoidance', label: 'Emotionally based school avoidance' },
  { code: 'other', label: 'Other' },
] as const;
export const URGENCIES = ['urgent', 'high', 'standard'] as const;
/** Statuses of each stage, for list filters. */
export const CASE_STAGES: Record<string, readonly CaseStatus[]> = {
  panel: ['referred', 'triaged', 'screened', 'more_information_needed'],
  offers: ['offered', 'offer_declined'],
  placements: ['placement_planned', 'placement_active'],
  closed: ['ended', 'declined', 'withdrawn'],
};
export const CASE_SORTS = ['updated', 'oldest', 'panel'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseInput {
  route?: unknown;
  pupilId?: unknown;
  settingId?: unknown;
  reason?: unknown;
  reasonDetail?: unknown;
  requestedTier?: unknown;
  familyViews?: unknown;
  childViews?: unknown;
  exclusionType?: unknown;
  exclusionStart?: unknown;
  exclusionDays?: unknown;
  providerId?: unknown;
}

export interface TransitionInput {
  version?: unknown;
  note?: unknown;
  urgency?: unknown;
  panelDate?: unknown;
  decision?: unknown;
  providerId?: unknown;
  tier?: unknown;
  plannedStart?: unknown;
  plannedEnd?: unknown;
  startedOn?: unknown;
  endedOn?: unknown;
  destination?: unknown;
}

/** What every view of a case says, named or not. */
interface CaseCore {
  id: string;
  reference: string;
  laId: string;
  laName: string;
  route: CaseRoute;
  status: CaseStatus;
  reason: string;
  requestedTier: string;
  tier: string | null;
  providerName: string | null;
  createdAt: string;
}

export interface CaseListItem extends CaseCore {
  urgency: string | null;
  panelDate: string | null;
  providerId: string | null;
  settingName: string | null;
  pupil: {
    id: string;
    givenName: string;
    familyName: string;
    dateOfBirth: string;
    upn: string | null;
    lookedAfter: boolean;
  };
  updatedAt: string;
}

export interface CaseSummaryItem extends CaseCore {
  /** A keyed hash of the pupil id under the partnership's key: the same child, the same pseudonym. */
  pupilPseudonym: string;
  senProvision: string;
  lookedAfter: boolean;
  freeSchoolMeals: boolean;
}

export interface TimelineEntry {
  at: string;
  action: string;
  label: string;
  fromStatus: string | null;
  toStatus: string;
  by: { userId: string | null; name: string | null; role: string | null };
  note: string | null;
  details: Record<string, unknown>;
}

export interface PlacementView {
  id: string;
  providerId: string;
  tier: string;
  academicYear: string;
  status: 'planned' | 'active' | 'ended';
  plannedStart: string;
  plannedEnd: string | null;
  startedOn: string | null;
  endedOn: string | null;
  endReason: string | null;
  destination: string | null;
}

export interface CaseView extends CaseListItem {
  settingId: string | null;
  reasonDetail: string | null;
  lawfulBasis: 'public_task';
  familyViews: string;
  childViews: string;
  exclusion: { type: 'suspension' | 'permanent_exclusion'; start: string; days: number | null } | null;
  sixthDayDuty: ReturnType<typeof sixthDayDuty>;
  decisionReason: string | null;
  pupil: CaseListItem['pupil'] & {
    senProvision: string;
    needs: string[];
    currentSchoolId: string | null;
    safeguardingFlags: string[];
    contacts: PupilContact[];
    ehcPlan: { caseworker: string | null; nextAnnualReview: string | null } | null;
  };
  placement: PlacementView | null;
  timeline: TimelineEntry[];
  /** How the caller stands to the case: an officer of its LA (`la`), the school that opened it, the provider offered. */
  relations: CaseRelation[];
  /** What the caller may do now (each an action of POST /cases/{id}/transitions). */
  allowedActions: CaseAction[];
  version: number;
}

export interface CaseRow {
  id: string;
  reference: string;
  la_id: string;
  la_name: string;
  pupil_id: string;
  route: CaseRoute;
  setting_id: string | null;
  setting_name: string | null;
  reason: string;
  reason_detail: string | null;
  requested_tier: string;
  family_views: string;
  child_views: string;
  exclusion_type: 'suspension' | 'permanent_exclusion' | null;
  exclusion_start: string | null;
  exclusion_days: number | null;
  status: CaseStatus;
  urgency: string | null;
  panel_date: string | null;
  decision_reason: string | null;
  tier: string | null;
  provider_id: string | null;
  provider_name: string | null;
  /** The timestamps as toISOString prints them (isoTimestamp). */
  created_iso: string;
  updated_iso: string;
  /** The timestamps as PostgreSQL prints them (microseconds), for keyset cursors. */
  created_key: string;
  updated_key: string;
  version: number;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  upn: string | null;
  looked_after: boolean;
  free_school_meals: boolean;
  sen_provision: string;
  needs: string[];
  current_school_id: string | null;
  safeguarding_flags: string[];
  contacts: PupilContact[];
  ehc_caseworker: string | null;
  ehc_next_annual_review: string | null;
}

/** A row of the case list (CASE_LIST_SELECT). */
export type CaseListRow = Pick<
  CaseRow,
  | 'id'
  | 'reference'
  | 'la_id'
  | 'la_name'
  | 'pupil_id'
  | 'route'
  | 'setting_name'
  | 'reason'
  | 'requested_tier'
  | 'status'
  | 'urgency'
  | 'panel_date'
  | 'tier'
  | 'provider_id'
  | 'provider_name'
  | 'created_iso'
  | 'updated_iso'
  | 'created_key'
  | 'updated_key'
  | 'given_name'
  | 'family_name'
  | 'date_of_birth'
  | 'upn'
  | 'looked_after'
>;

/** A timestamp as JavaScript's toISOString prints it (UTC, milliseconds), made by PostgreSQL rather than through a Date per row. */
export const isoTimestamp = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const CASE_FROM = `FROM ap_cases c
  JOIN pupils p ON p.tenant_id = c.tenant_id AND p.id = c.pupil_id
  JOIN organisations la ON la.tenant_id = c.tenant_id AND la.id = c.la_id
  LEFT JOIN organisations s ON s.tenant_id = c.tenant_id AND s.id = c.setting_id
  LEFT JOIN ap_providers pr ON pr.tenant_id = c.tenant_id AND pr.id = c.provider_id`;

/** What a row of the case list shows (caseListItem), with the keyset keys. */
const CASE_LIST_COLUMNS = `c.id, c.reference::text AS reference, c.la_id, la.name AS la_name, c.pupil_id, c.route, s.name AS setting_name,
    c.reason, c.requested_tier, c.status, c.urgency, to_char(c.panel_date, 'YYYY-MM-DD') AS panel_date, c.tier, c.provider_id, pr.name AS provider_name,
    ${isoTimestamp('c.created_at')} AS created_iso, ${isoTimestamp('c.updated_at')} AS updated_iso, c.created_at::text AS created_key, c.updated_at::text AS updated_key,
    p.given_name, p.family_name, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.upn, p.looked_after`;

/**
 * The case list's SQL, to which the list adds its WHERE, ORDER BY and LIMIT (shared with
 * `npm run bench:ap`'s baseline, which must run the same query). Only the columns the list shows:
 * every column more is parsed and thrown away 50 times a page.
 */
export const CASE_LIST_SELECT = `SELECT ${CASE_LIST_COLUMNS}
  ${CASE_FROM}`;

/** The columns of ap_cases that CASE_LIST_COLUMNS reads, for a page picked from ap_cases alone. */
const CASE_PAGE_COLUMNS = `c.tenant_id, c.id, c.reference, c.la_id, c.pupil_id, c.route, c.setting_id, c.reason, c.requested_tier,
    c.status, c.urgency, c.panel_date, c.tier, c.provider_id, c.created_at, c.updated_at`;

/**
 * The columns by which a scope of ApCase names the cases it may read, one value at a time. Each has
 * an index per sort, and one more per sort with the status (migration 1764440000001), so that the
 * cases of one value come in the list's order from one index range.
 */
export const CASE_DRIVERS = ['la_id', 'setting_id', 'provider_id'] as const;
export type CaseDriver = (typeof CASE_DRIVERS)[number];
/** Where the list looks: the values of each driver column (an empty list: none of that column). */
export type CaseDrivers = Record<CaseDriver, string[]>;

/**
 * The drivers of a scope given as terms (scopeTerms): every term must name a driver column, whose
 * values it takes; a term that names none (a scope over the whole partnership, or one not in
 * terms at all: null) gives null, and the list reads by the scope's SQL alone.
 */
export function caseDrivers(terms: Record<string, unknown[]>[] | null): CaseDrivers | null {
  if (!terms) return null;
  const drivers: CaseDrivers = { la_id: [], setting_id: [], provider_id: [] };
  for (const term of terms) {
    const column = CASE_DRIVERS.find((c) => term[c]);
    if (!column) return null;
    for (const v of term[column]) if (typeof v === 'string' && !drivers[column].includes(v)) drivers[column].push(v);
  }
  for (const c of CASE_DRIVERS) drivers[c].sort();
  return drivers;
}

/** Each sort's keyset: a total order ending in the id. */
const CASE_KEYS: Record<
  CaseSort,
  { expr: string; dir: 'ASC' | 'DESC'; cast: string; val: (r: CaseListRow) => string }
> = {
  updated: { expr: `c.updated_at`, dir: 'DESC', cast: 'timestamptz', val: (r) => r.updated_key },
  oldest: { expr: `c.created_at`, dir: 'ASC', cast: 'timestamptz', val: (r) => r.created_key },
  panel: {
    expr: `coalesce(c.panel_date, DATE '9999-12-31')`,
    dir: 'ASC',
    cast: 'date',
    val: (r) => r.panel_date ?? '9999-12-31',
  },
};

export interface CaseListQuery {
  /** The caller's scope as SQL over `c` (positionalScope: its values already in the parameters). */
  scope: string;
  /** Where to look (caseDrivers); null reads the partnership's cases by the scope's SQL. */
  drivers: CaseDrivers | null;
  stage?: string;
  status?: string;
  tier?: string;
  route?: string;
  laId?: string;
  providerId?: string;
  sort: CaseSort;
  after?: [string, string] | null;
  limit: number;
}

/**
 * The case list's statement, for `params` that hold the tenant as $1 and the scope's values: the
 * page's rows, one more than the page, and the key of a row for the next page's cursor.
 *
 * Its cost does not grow with the partnership's cases nor with the database's partnerships. The
 * page's cases are picked from ap_cases alone: for each value of the scope (each LA, school or
 * provider; with a status filter, each status too) the first rows of one ordered index range
 * (after the cursor, at most a page and one), then the first of those few; only those rows are
 * joined to their pupil, LA, school and provider (given the filters alone, PostgreSQL fetched, joined
 * and sorted every case of the caller's LAs). Every range is still filtered by the scope's SQL and
 * RLS: the values only say where to look. Run it with CASE_LIST_SETTINGS when it is `ordered`. The text is the same for every caller of a shape (filters, sort, cursor,
 * limit, scope's shape), so it stays one prepared statement.
 */
export function caseListStatement(
  params: unknown[],
  q: CaseListQuery,
): { text: string; key: (r: CaseListRow) => string; ordered: boolean } {
  const where = [`c.tenant_id = $1`, q.scope];
  // the statuses asked for (stage and status both: those of both)
  let statuses: string[] | null = null;
  if (q.stage) {
    params.push(CASE_STAGES[q.stage]);
    where.push(`c.status = ANY ($${params.length}::text[])`);
    statuses = [...CASE_STAGES[q.stage]];
  }
  if (q.status) statuses = (statuses ?? [q.status]).filter((s) => s === q.status);
  for (const [col, v] of [
    ['status', q.status],
    ['tier', q.tier],
    ['route', q.route],
    ['la_id', q.laId],
    ['provider_id', q.providerId],
  ] as const) {
    if (!v) continue;
    params.push(v);
    where.push(
      col === 'tier' ? `coalesce(c.tier, c.requested_tier) = $${params.length}` : `c.${col} = $${params.length}`,
    );
  }
  const key = CASE_KEYS[q.sort];
  if (q.after) {
    params.push(q.after[0], q.after[1]);
    where.push(
      `(${key.expr}, c.id) ${key.dir === 'ASC' ? '>' : '<'} ($${params.length - 1}::${key.cast}, $${params.length}::uuid)`,
    );
  }
  const order = `ORDER BY ${key.expr} ${key.dir}, c.id ${key.dir} LIMIT ${q.limit + 1}`;
  if (!q.drivers)
    return { text: `${CASE_LIST_SELECT} WHERE ${where.join(' AND ')} ${order}`, key: key.val, ordered: false };

  // a provider filter reads that provider's range (the scope's SQL keeps it to the caller's); an
  // LA filter narrows the LAs
  const values: CaseDrivers = q.providerId
    ? { la_id: [], setting_id: [], provider_id: [q.providerId] }
    : { ...q.drivers, la_id: q.laId ? q.drivers.la_id.filter((v) => v === q.laId) : q.drivers.la_id };
  // a stage or status filter reads the status indexes, one range per status as well
  const byStatus = statuses !== null;
  if (byStatus) params.push(statuses);
  const statusParam = params.length;
  const ranges = CASE_DRIVERS.map((column) => {
    params.push(values[column]);
    return `SELECT r.* FROM unnest($${params.length}::uuid[]) v(value)${byStatus ? ` CROSS JOIN unnest($${statusParam}::text[]) s(status)` : ''}
      CROSS JOIN LATERAL (SELECT ${CASE_PAGE_COLUMNS} FROM ap_cases c
        WHERE c.${column} = v.value${byStatus ? ` AND c.status = s.status` : ''} AND ${where.join(' AND ')}
        ${order}) r`;
  });
  // a case in two ranges (an LA's and its school's, for someone who is both) comes once
  return {
    // the partnership's organisations and providers are read once (a few pages), not looked up per
    // row: looked up, each row read a page of each, and more pages as the database held more partnerships
    text: `WITH orgs AS MATERIALIZED (SELECT id, name FROM organisations WHERE tenant_id = $1),
    providers AS MATERIALIZED (SELECT id, name FROM ap_providers WHERE tenant_id = $1)
  SELECT ${CASE_LIST_COLUMNS}
  FROM (SELECT * FROM (${ranges.join(' UNION ')}) c ${order}) c
  JOIN pupils p ON p.tenant_id = c.tenant_id AND p.id = c.pupil_id
  JOIN orgs la ON la.id = c.la_id
  LEFT JOIN orgs s ON s.id = c.setting_id
  LEFT JOIN providers pr ON pr.id = c.provider_id
  ${order}`,
    key: key.val,
    ordered: true,
  };
}

/**
 * The settings a statement of caseListStatement's that says it is `ordered` runs with, sent with
 * the unit of work's context as its transaction starts (UnitOfWorkContext.settings, one round trip):
 * PostgreSQL cannot see how many of an LA's cases the RLS settings and the scope leave (their
 * selectivities are guesses, and they multiply), and given a guess of a few dozen it fetches and
 * sorts every case of the range rather than read the range in order and stop at the page. Without
 * sorts where an index gives the order, each range is read in order; the page's few rows are still
 * sorted (nothing else can order them). A disabled path counts as very costly, which would have
 * PostgreSQL compile the statement (JIT) for a second on every plan: off too. For the unit of
 * work's transaction only, and left to end with it: what follows the list in its unit of work is
 * the audit row's insert, which sorts nothing (a reset would be one more round trip per request).
 */
export const CASE_LIST_SETTINGS: Readonly<Record<string, string>> = { enable_sort: 'off', jit: 'off' };

/** CASE_LIST_SETTINGS as a statement of their own, for a transaction outside a unit of work (the cost fixtures, the benches' EXPLAIN). */
export const CASE_LIST_PLANNER = `SELECT ${Object.entries(CASE_LIST_SETTINGS)
  .map(([name, value]) => `set_config('${name}', '${value}', true)`)
  .join(', ')}`;

/** One case in full (the case page). */
export const CASE_SELECT = `SELECT ${CASE_LIST_COLUMNS}, c.setting_id,
    c.reason_detail, c.family_views, c.child_views, c.exclusion_type,
    to_char(c.exclusion_start, 'YYYY-MM-DD') AS exclusion_start, c.exclusion_days, c.decision_reason, c.version,
    p.free_school_meals, p.sen_provision, p.needs, p.current_school_id, p.safeguarding_flags, p.contacts, p.ehc_caseworker,
    to_char(p.ehc_next_annual_review, 'YYYY-MM-DD') AS ehc_next_annual_review
  ${CASE_FROM}`;

export const CASE_COLUMNS = {
  tenantId: 'tenant_id',
  laId: 'la_id',
  settingId: 'setting_id',
  providerId: 'provider_id',
};

export const caseReference = (n: string | number) => `AP-${String(n).padStart(6, '0')}`;

type CoreRow = Pick<
  CaseRow,
  | 'id'
  | 'reference'
  | 'la_id'
  | 'la_name'
  | 'route'
  | 'status'
  | 'reason'
  | 'requested_tier'
  | 'tier'
  | 'provider_name'
  | 'created_iso'
>;

export const core = (r: CoreRow): CaseCore => ({
  id: r.id,
  reference: caseReference(r.reference),
  laId: r.la_id,
  laName: r.la_name,
  route: r.route,
  status: r.status,
  reason: r.reason,
  requestedTier: r.requested_tier,
  tier: r.tier,
  providerName: r.provider_name,
  createdAt: r.created_iso,
});

/** A row of the list: core() with the list's own fields added to it, not spread into a new object (a spread per row was a tenth of the list's CPU). */
export const caseListItem = (r: CaseListRow): CaseListItem => {
  const item = core(r) as CaseListItem;
  item.urgency = r.urgency;
  item.panelDate = r.panel_date;
  item.providerId = r.provider_id;
  item.settingName = r.setting_name;
  item.pupil = {
    id: r.pupil_id,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    upn: r.upn,
    lookedAfter: r.looked_after,
  };
  item.updatedAt = r.updated_iso;
  return item;
};

export const EVENT_LABELS: Record<string, string> = {
  refer: 'Referred to the LA by the school',
  commission: 'Commissioned by the school (no panel)',
  commission_for_panel: 'Opened by the LA for its AP panel',
  triage: 'Triaged',
  screen: 'Screened for panel',
  request_information: 'More information asked for',
  provide_information: 'Information given',
  decide_offer: 'Panel decision: offer',
  decide_more_information: 'Panel decision: more information needed',
  decide_decline: 'Panel decision: declined',
  offer: 'Offered to a provider',
  accept: 'Offer accepted by the provider',
  decline_offer: 'Offer declined by the provider',
  start: 'Placement started',
  end: 'Placement ended',
  withdraw: 'Withdrawn',
  review_scheduled: 'Review scheduled',
  review_held: 'Review held',
  review_rescheduled: 'Review rescheduled',
  review_cancelled: 'Review cancelled',
  follow_up_recorded: 'Reintegration follow-up recorded',
  // alerts (alerts.service.ts): a closed alert, and a children-missing-education decision
  alert_closed: 'Alert closed',
  cme_decision: 'Children missing education: decision recorded',
};
