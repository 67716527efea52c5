import { humanDate } from '@rep-hub/platform';

// Alerts as the service raises and shows them: kinds, decisions, what raises each, views, rows and their SQL.

/** What the clocks watch (ap_alerts.kind). Each is raised once per subject: see `raiseAlerts`. */
export const ALERT_KINDS = [
  'tier2_overrun',
  'review_due',
  'review_overdue',
  'attendance_missing',
  'persistent_absence',
  'severe_absence',
  'unexplained_absence',
  'followup_due',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** The kinds a provider's staff see (the others are the commissioner's and the safeguarding contact's). */
export const PROVIDER_ALERT_KINDS: readonly AlertKind[] = [
  'tier2_overrun',
  'review_due',
  'review_overdue',
  'attendance_missing',
  'severe_absence',
];
/** The kinds on which a children-missing-education decision may be recorded. */
export const CME_ALERT_KINDS: readonly AlertKind[] = [
  'attendance_missing',
  'persistent_absence',
  'severe_absence',
  'unexplained_absence',
];

export const ALERT_DECISIONS = ['noted', 'action_taken', 'cme_referral_made', 'cme_referral_not_needed'] as const;
export type AlertDecision = (typeof ALERT_DECISIONS)[number];
export const CME_DECISIONS: readonly AlertDecision[] = ['cme_referral_made', 'cme_referral_not_needed'];

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  tier2_overrun: 'Tier 2 placement past its planned end',
  review_due: 'Review due',
  review_overdue: 'Review overdue',
  attendance_missing: 'Attendance not received',
  persistent_absence: 'Persistent absence (10% or more)',
  severe_absence: 'Severe absence (50% or more)',
  unexplained_absence: 'Unexplained absence',
  followup_due: 'Reintegration follow-up due',
};

export const ALERT_DECISION_LABELS: Record<AlertDecision, string> = {
  noted: 'Noted: no action needed',
  action_taken: 'Action taken',
  cme_referral_made: 'Children missing education: referral made',
  cme_referral_not_needed: 'Children missing education: referral not needed',
};

/** An alert as raised: ids and codes only (what the notice job carries). */
export interface RaisedAlert {
  id: string;
  kind: AlertKind;
  laId: string;
  caseId: string;
  placementId: string | null;
  providerId: string | null;
}

export interface AlertView {
  id: string;
  kind: AlertKind;
  label: string;
  /** One plain line from the numbers and dates of `details`; never a name. */
  summary: string;
  status: 'open' | 'closed';
  raisedAt: string;
  laId: string;
  laName: string;
  caseId: string;
  caseReference: string;
  placementId: string | null;
  providerId: string | null;
  providerName: string | null;
  details: Record<string, unknown>;
  decision: AlertDecision | null;
  decisionNote: string | null;
  closedAt: string | null;
  closedBy: { userId: string; name: string | null } | null;
  /** What the caller may record now (empty: nothing, or the alert is closed). */
  allowedDecisions: AlertDecision[];
  version: number;
}

export interface CloseAlertInput {
  decision?: unknown;
  note?: unknown;
  version?: unknown;
}

const longDate = (iso: unknown) =>
  typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso)
    ? humanDate(new Date(`${iso}T00:00:00Z`))
    : String(iso ?? '');

/** The alert in one line, from its numbers and dates (shown on pages, in the API and in the email). */
export function alertSummary(kind: AlertKind, d: Record<string, unknown>): string {
  switch (kind) {
    case 'tier2_overrun':
      return `The tier 2 placement was planned to end on ${longDate(d['plannedEnd'])} and is still active`;
    case 'review_due':
      return `A placement review is due on ${longDate(d['dueOn'])}`;
    case 'review_overdue':
      return `A placement review was due on ${longDate(d['dueOn'])} and has not been held`;
    case 'attendance_missing':
      return `Attendance has not been received for ${String(d['missingSessions'])} session(s) since ${longDate(d['earliestMissing'])}`;
    case 'persistent_absence':
    case 'severe_absence':
      return `${String(d['missed'])} of ${String(d['possible'])} possible sessions missed (${String(d['percent'])}%) since the placement started`;
    case 'unexplained_absence':
      return `${String(d['sessions'])} sessions of unexplained absence (codes N or O) in the last 10 school days (the alert level is ${String(d['threshold'])})`;
    case 'followup_due':
      return `The ${String(d['weeks'])}-week reintegration follow-up was due on ${longDate(d['dueOn'])}`;
  }
}

/**
 * The ten weekdays (Monday to Friday) before `asOf`, newest first, numbered 1 to 10 (`r`): the
 * window the attendance clocks look at. Term dates and bank holidays are not known, so a weekday is
 * a school day.
 */
const DAYS = `days AS (
  SELECT d::date AS d, row_number() OVER (ORDER BY d DESC) AS r
    FROM generate_series($2::date - 1, $2::date - 21, interval '-1 day') AS g (d)
   WHERE extract(isodow FROM d) < 6
   ORDER BY d DESC LIMIT 10
)`;

export const INSERT = `INSERT INTO ap_alerts (tenant_id, la_id, case_id, placement_id, provider_id, kind, dedupe_key, details)`;
const RETURNING = `ON CONFLICT (tenant_id, kind, dedupe_key) DO NOTHING RETURNING id, kind, la_id, case_id, placement_id, provider_id`;
/** The LA's clocks, with the migration's defaults when it has no settings row. */
const SETTINGS = `LEFT JOIN ap_la_settings s ON s.tenant_id = pl.tenant_id AND s.la_id = pl.la_id`;

/**
 * The conditions, one set-based statement each ($1 the tenant, $2 the day, YYYY-MM-DD). Every
 * statement inserts with ON CONFLICT (tenant_id, kind, dedupe_key) DO NOTHING, so a condition that
 * still holds tomorrow raises nothing new: each alert is raised once per `dedupe_key`.
 */
export const CONDITIONS: Record<AlertKind, string> = {
  // an active tier 2 placement past its planned end; key: the placement
  tier2_overrun: `${INSERT}
    SELECT pl.tenant_id, pl.la_id, pl.case_id, pl.id, pl.provider_id, 'tier2_overrun', pl.id::text,
           jsonb_build_object('plannedEnd', to_char(pl.planned_end, 'YYYY-MM-DD'), 'daysOver', $2::date - pl.planned_end, 'asOf', $2::text)
      FROM ap_placements pl
     WHERE pl.tenant_id = $1 AND pl.status = 'active' AND pl.tier = 'tier_2' AND pl.planned_end < $2::date
    ${RETURNING}`,
  // a scheduled review due in the next 7 days (today included), of a placement that has not ended; key: the review
  review_due: `${INSERT}
    SELECT r.tenant_id, r.la_id, r.case_id, r.placement_id, r.provider_id, 'review_due', r.id::text,
           jsonb_build_object('reviewId', r.id, 'dueOn', to_char(r.due_on, 'YYYY-MM-DD'), 'asOf', $2::text)
      FROM ap_reviews r JOIN ap_placements pl ON pl.tenant_id = r.tenant_id AND pl.id = r.placement_id
     WHERE r.tenant_id = $1 AND r.status = 'scheduled' AND pl.status <> 'ended' AND r.due_on BETWEEN $2::date AND $2::date + 7
    ${RETURNING}`,
  // a scheduled review whose day has passed, of a placement that has not ended; key: the review
  review_overdue: `${INSERT}
    SELECT r.tenant_id, r.la_id, r.case_id, r.placement_id, r.provider_id, 'review_overdue', r.id::text,
           jsonb_build_object('reviewId', r.id, 'dueOn', to_char(r.due_on, 'YYYY-MM-DD'), 'daysOverdue', $2::date - r.due_on, 'asOf', $2::text)
      FROM ap_reviews r JOIN ap_placements pl ON pl.tenant_id = r.tenant_id AND pl.id = r.placement_id
     WHERE r.tenant_id = $1 AND r.status = 'scheduled' AND pl.status <> 'ended' AND r.due_on < $2::date
    ${RETURNING}`,
  // an active placement with a weekday since its start, among the last 10 weekdays and at least
  // the LA's attendance_due_days weekdays ago, whose AM or PM session has no row; key: the
  // placement and the ISO week of the earliest such day (so it is raised again at most weekly)
  attendance_missing: `WITH ${DAYS},
    missing AS (
      SELECT pl.tenant_id, pl.la_id, pl.case_id, pl.id AS placement_id, pl.provider_id, coalesce(s.attendance_due_days, 2) AS due_days,
             days.d, 2 - (SELECT count(*) FROM ap_attendance a WHERE a.tenant_id = pl.tenant_id AND a.placement_id = pl.id AND a.session_date = days.d) AS sessions
        FROM ap_placements pl ${SETTINGS}
        JOIN days ON days.r >= coalesce(s.attendance_due_days, 2) AND days.d >= pl.started_on
       WHERE pl.tenant_id = $1 AND pl.status = 'active' AND pl.started_on IS NOT NULL
    )
    ${INSERT}
    SELECT tenant_id, la_id, case_id, placement_id, provider_id, 'attendance_missing', placement_id::text || ':' || to_char(min(d), 'IYYY-"W"IW'),
           jsonb_build_object('earliestMissing', to_char(min(d), 'YYYY-MM-DD'), 'latestMissing', to_char(max(d), 'YYYY-MM-DD'),
                              'missingDays', count(*), 'missingSessions', sum(sessions), 'dueDays', min(due_days), 'asOf', $2::text)
      FROM missing WHERE sessions > 0
     GROUP BY tenant_id, la_id, case_id, placement_id, provider_id
    ${RETURNING}`,
  // over an active placement's sessions since its start (to the day before $2): possible = rows
  // not coded 'not possible', missed = authorised or unauthorised absences; from 10 possible
  // sessions (one school week), 10% or more missed (missed*10 >= possible, exact in integers); key: the placement
  persistent_absence: absence('persistent_absence', 10),
  // the same, 50% or more missed (missed*2 >= possible)
  severe_absence: absence('severe_absence', 2),
  // sessions coded N (reason not yet established) or O (absent in other or unknown circumstances)
  // in the last 10 weekdays reach the LA's unexplained_absence_sessions; key: the placement and
  // the ISO week of $2
  unexplained_absence: `WITH ${DAYS}
    ${INSERT}
    SELECT pl.tenant_id, pl.la_id, pl.case_id, pl.id, pl.provider_id, 'unexplained_absence', pl.id::text || ':' || to_char($2::date, 'IYYY-"W"IW'),
           jsonb_build_object('sessions', count(*), 'threshold', min(coalesce(s.unexplained_absence_sessions, 4)),
                              'from', (SELECT to_char(min(d), 'YYYY-MM-DD') FROM days), 'to', (SELECT to_char(max(d), 'YYYY-MM-DD') FROM days), 'asOf', $2::text)
      FROM ap_placements pl ${SETTINGS}
      JOIN ap_attendance a ON a.tenant_id = pl.tenant_id AND a.placement_id = pl.id AND a.code IN ('N', 'O') AND a.session_date IN (SELECT d FROM days)
     WHERE pl.tenant_id = $1 AND pl.status = 'active'
     GROUP BY pl.tenant_id, pl.la_id, pl.case_id, pl.id, pl.provider_id
    HAVING count(*) >= min(coalesce(s.unexplained_absence_sessions, 4))
    ${RETURNING}`,
  // a reintegration follow-up with no outcome whose day has come; key: the follow-up
  followup_due: `${INSERT}
    SELECT f.tenant_id, f.la_id, f.case_id, f.placement_id, pl.provider_id, 'followup_due', f.id::text,
           jsonb_build_object('followupId', f.id, 'weeks', f.weeks, 'dueOn', to_char(f.due_on, 'YYYY-MM-DD'), 'asOf', $2::text)
      FROM ap_followups f JOIN ap_placements pl ON pl.tenant_id = f.tenant_id AND pl.id = f.placement_id
     WHERE f.tenant_id = $1 AND f.outcome IS NULL AND f.due_on <= $2::date
    ${RETURNING}`,
};

export function absence(kind: 'persistent_absence' | 'severe_absence', factor: number): string {
  return `WITH totals AS (
      SELECT pl.tenant_id, pl.la_id, pl.case_id, pl.id AS placement_id, pl.provider_id,
             count(*) FILTER (WHERE a.category <> 'not_possible') AS possible,
             count(*) FILTER (WHERE a.category IN ('authorised_absence', 'unauthorised_absence')) AS missed
        FROM ap_placements pl
        JOIN ap_attendance a ON a.tenant_id = pl.tenant_id AND a.placement_id = pl.id AND a.session_date >= pl.started_on AND a.session_date < $2::date
       WHERE pl.tenant_id = $1 AND pl.status = 'active'
       GROUP BY pl.tenant_id, pl.la_id, pl.case_id, pl.id, pl.provider_id
    )
    ${INSERT}
    SELECT tenant_id, la_id, case_id, placement_id, provider_id, '${kind}', placement_id::text,
           jsonb_build_object('possible', possible, 'missed', missed, 'percent', floor(missed * 1000 / possible) / 10.0, 'asOf', $2::text)
      FROM totals WHERE possible >= 10 AND missed * ${factor} >= possible
    ${RETURNING}`;
}

export interface AlertRow {
  id: string;
  kind: AlertKind;
  status: 'open' | 'closed';
  raised_at: Date;
  raised_key: string;
  la_id: string;
  la_name: string;
  case_id: string;
  case_reference: string;
  case_status: string;
  route: string;
  setting_id: string | null;
  pupil_id: string;
  placement_id: string | null;
  provider_id: string | null;
  provider_name: string | null;
  details: Record<string, unknown>;
  decision: AlertDecision | null;
  decision_note: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  closed_by_name: string | null;
  version: number;
}

export const SELECT = `SELECT a.id, a.kind, a.status, a.raised_at, a.raised_at::text AS raised_key, a.la_id, la.name AS la_name, a.case_id, c.reference::text AS case_reference,
    c.status AS case_status, c.route, c.setting_id, c.pupil_id, a.placement_id, a.provider_id, pr.name AS provider_name, a.details, a.decision, a.decision_note,
    a.closed_at, a.closed_by, u.display_name AS closed_by_name, a.version
  FROM ap_alerts a
  JOIN ap_cases c ON c.tenant_id = a.tenant_id AND c.id = a.case_id
  JOIN organisations la ON la.tenant_id = a.tenant_id AND la.id = a.la_id
  LEFT JOIN ap_providers pr ON pr.tenant_id = a.tenant_id AND pr.id = a.provider_id
  LEFT JOIN users u ON u.id = a.closed_by`;
