import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, schoolToday } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { realDate, text, UUID, wholeNumber } from './input';

/** Without an LA's own figure: a fortnightly panel (Bradford's practice) and 12-week tier 2 placements (DOMAIN §4.1). */
export const DEFAULT_PANEL_CADENCE_DAYS = 14;
export const DEFAULT_TIER2_WEEKS = 12;
/** Each LA's clocks without its own figures (issue 7): the first review two weeks into a placement, then every six weeks. */
export const DEFAULT_FIRST_REVIEW_WEEKS = 2;
export const DEFAULT_REVIEW_CADENCE_WEEKS = 6;
/** School days a provider has to send a day's attendance. */
export const DEFAULT_ATTENDANCE_DUE_DAYS = 2;
/** Unexplained absent sessions that raise an alert to the commissioner and the safeguarding contact. */
export const DEFAULT_UNEXPLAINED_ABSENCE_SESSIONS = 4;
/** Reintegration follow-up points, in weeks after the return: six weeks, one term, two terms. */
export const DEFAULT_FOLLOWUP_WEEKS: readonly number[] = [6, 13, 26];

/** An LA's clocks, as other services read them inside their own unit of work (`ApSettingsService.clocksFor`). */
export interface LaClocks {
  /** Weeks a tier 2 placement runs by default (its planned end). */
  tier2Weeks: number;
  /** Weeks from a placement's start to its first review. */
  firstReviewWeeks: number;
  /** Weeks between reviews: the next is scheduled this long after one is held. */
  reviewCadenceWeeks: number;
  /** School days a provider has to send a day's attendance. */
  attendanceDueDays: number;
  /** Unexplained absent sessions that raise an alert. */
  unexplainedAbsenceSessions: number;
  /** Who hears of unexplained absence (the LA's safeguarding contact). */
  safeguardingEmail: string | null;
  /** Reintegration follow-up points in weeks after a return to mainstream, ascending. */
  followUpWeeks: number[];
}

export interface LaSettingsInput {
  panelFirstDate?: unknown;
  panelCadenceDays?: unknown;
  tier2Weeks?: unknown;
  virtualSchoolEmail?: unknown;
  firstReviewWeeks?: unknown;
  reviewCadenceWeeks?: unknown;
  attendanceDueDays?: unknown;
  unexplainedAbsenceSessions?: unknown;
  safeguardingEmail?: unknown;
  /** Whole numbers of weeks, as an array or as text like "6, 13, 26". */
  followUpWeeks?: unknown;
  version?: unknown;
}

/** An LA's practice: its panel dates and cadence, its virtual school, and its clocks (LaClocks). */
export interface LaSettingsView extends LaClocks {
  laId: string;
  laName: string;
  /** The first panel of the series; with the cadence it gives every panel date. Null: no fixed panel dates. */
  panelFirstDate: string | null;
  panelCadenceDays: number;
  virtualSchoolEmail: string | null;
  /** The next panel dates from today (empty when the LA has set none). */
  nextPanelDates: string[];
  version: number;
}

interface Row {
  la_id: string;
  la_name: string;
  panel_first_date: string | null;
  panel_cadence_days: number | null;
  tier2_weeks: number | null;
  virtual_school_email: string | null;
  first_review_weeks: number | null;
  review_cadence_weeks: number | null;
  attendance_due_days: number | null;
  unexplained_absence_sessions: number | null;
  safeguarding_email: string | null;
  followup_weeks: number[] | null;
  version: number | null;
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** A whole number from `min` to `max`, the default when not sent, or an error naming the field. */
function bounded(
  v: unknown,
  dflt: number,
  min: number,
  max: number,
  field: string,
  message: string,
  errors: FieldError[],
): number {
  const n = v === undefined || v === null || v === '' ? dflt : wholeNumber(v);
  if (n === undefined || !Number.isInteger(n) || n < min || n > max) {
    errors.push({ field, message });
    return dflt;
  }
  return n;
}

/**
 * Follow-up points from an array (the API) or text like "6, 13, 26" (a form): one to six distinct
 * whole numbers of weeks from 1 to 104, kept ascending. Not sent: the defaults.
 */
export function parseFollowUpWeeks(v: unknown): { weeks?: number[]; error?: string } {
  if (v === undefined || v === null || v === '') return { weeks: [...DEFAULT_FOLLOWUP_WEEKS] };
  const parts: unknown[] = Array.isArray(v)
    ? v
    : typeof v === 'string'
      ? v.split(/[\s,]+/).filter((x) => x !== '')
      : [v];
  const nums = parts.map((x) => wholeNumber(x));
  const message = 'Enter from 1 to 6 follow-up points, each a different whole number of weeks from 1 to 104';
  if (
    !parts.length ||
    parts.length > 6 ||
    nums.some((n) => n === undefined || !Number.isInteger(n) || n < 1 || n > 104)
  )
    return { error: message };
  const weeks = (nums as number[]).slice().sort((a, b) => a - b);
  if (weeks.some((n, i) => i > 0 && n === weeks[i - 1]))
    return { error: 'Each follow-up point must be a different number of weeks' };
  return { weeks };
}

/** An LA's clocks from its settings row (none: every default). */
function clocksOf(r: Partial<Row> | undefined): LaClocks {
  return {
    tier2Weeks: r?.tier2_weeks ?? DEFAULT_TIER2_WEEKS,
    firstReviewWeeks: r?.first_review_weeks ?? DEFAULT_FIRST_REVIEW_WEEKS,
    reviewCadenceWeeks: r?.review_cadence_weeks ?? DEFAULT_REVIEW_CADENCE_WEEKS,
    attendanceDueDays: r?.attendance_due_days ?? DEFAULT_ATTENDANCE_DUE_DAYS,
    unexplainedAbsenceSessions: r?.unexplained_absence_sessions ?? DEFAULT_UNEXPLAINED_ABSENCE_SESSIONS,
    safeguardingEmail: r?.safeguarding_email ?? null,
    followUpWeeks: r?.followup_weeks ?? [...DEFAULT_FOLLOWUP_WEEKS],
  };
}

/** Panel dates from a first date and a cadence: the `count` dates on or after `from`. */
export function panelDates(first: string | null, cadenceDays: number, from: string, count: number): string[] {
  if (!first) return [];
  const start = Date.parse(`${first}T00:00:00Z`);
  const since = Date.parse(`${from}T00:00:00Z`);
  const step = cadenceDays * 86_400_000;
  const n = since <= start ? 0 : Math.ceil((since - start) / step);
  return Array.from({ length: count }, (_, i) => new Date(start + (n + i) * step).toISOString().slice(0, 10));
}

/**
 * Each LA's AP practice: its panel dates and cadence, how long a tier 2 placement runs by
 * default, and where the virtual school is told of placements of looked-after children.
 */
@Injectable()
export class ApSettingsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /** Every LA of the partnership with its settings (defaults where it has set none). */
  list(): Promise<LaSettingsView[]> {
    this.require();
    return this.auth.inTenant(async (m) => (await this.rows(m)).map((r) => this.view(r)));
  }

  get(laId: string): Promise<LaSettingsView> {
    this.require();
    if (!UUID.test(laId)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const [row] = await this.rows(m, laId);
      if (!row) throw this.notFound();
      return this.view(row);
    });
  }

  /**
   * Sets an LA's settings (its own LA's officers, or the partnership lead); `version` guards a
   * concurrent edit. A field not sent keeps its current value (the default for an LA that has set
   * none); a field sent empty or null goes back to its default, or clears an address or date.
   */
  put(laId: string, input: LaSettingsInput): Promise<LaSettingsView> {
    if (!UUID.test(laId)) throw this.notFound();
    const errors: FieldError[] = [];
    const sent = (v: unknown) => v !== undefined;
    const panelFirstDate = text(input.panelFirstDate);
    if (panelFirstDate && !realDate(panelFirstDate))
      errors.push({ field: 'panelFirstDate', message: 'Enter the first panel date as YYYY-MM-DD' });
    const cadence = bounded(
      input.panelCadenceDays,
      DEFAULT_PANEL_CADENCE_DAYS,
      1,
      92,
      'panelCadenceDays',
      'Enter how often the panel meets, in days, from 1 to 92',
      errors,
    );
    const tier2Weeks = bounded(
      input.tier2Weeks,
      DEFAULT_TIER2_WEEKS,
      1,
      52,
      'tier2Weeks',
      'Enter the tier 2 placement length in weeks, from 1 to 52',
      errors,
    );
    const email = text(input.virtualSchoolEmail);
    if (email && (email.length > 320 || !EMAIL.test(email)))
      errors.push({
        field: 'virtualSchoolEmail',
        message: 'Enter the virtual school’s email address in the correct format',
      });
    const firstReviewWeeks = bounded(
      input.firstReviewWeeks,
      DEFAULT_FIRST_REVIEW_WEEKS,
      1,
      26,
      'firstReviewWeeks',
      'Enter the weeks from the start of a placement to its first review, from 1 to 26',
      errors,
    );
    const reviewCadenceWeeks = bounded(
      input.reviewCadenceWeeks,
      DEFAULT_REVIEW_CADENCE_WEEKS,
      1,
      26,
      'reviewCadenceWeeks',
      'Enter the weeks between reviews, from 1 to 26',
      errors,
    );
    const attendanceDueDays = bounded(
      input.attendanceDueDays,
      DEFAULT_ATTENDANCE_DUE_DAYS,
      1,
      10,
      'attendanceDueDays',
      'Enter the school days a provider has to send attendance, from 1 to 10',
      errors,
    );
    const unexplainedAbsenceSessions = bounded(
      input.unexplainedAbsenceSessions,
      DEFAULT_UNEXPLAINED_ABSENCE_SESSIONS,
      1,
      40,
      'unexplainedAbsenceSessions',
      'Enter the unexplained absent sessions that raise an alert, from 1 to 40',
      errors,
    );
    const safeguardingEmail = text(input.safeguardingEmail);
    if (safeguardingEmail && (safeguardingEmail.length > 320 || !EMAIL.test(safeguardingEmail)))
      errors.push({
        field: 'safeguardingEmail',
        message: 'Enter the safeguarding contact’s email address in the correct format',
      });
    const followUps = parseFollowUpWeeks(input.followUpWeeks);
    if (followUps.error) errors.push({ field: 'followUpWeeks', message: followUps.error });
    const version = input.version === undefined || input.version === '' ? undefined : wholeNumber(input.version);
    if (input.version !== undefined && input.version !== '' && version === undefined)
      errors.push({ field: 'version', message: 'version must be the settings’ version number' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const [current] = await this.rows(m, laId);
      if (!current) throw this.notFound();
      if (!this.auth.ability.can('update', subject('ApLaSettings', { tenantId: this.auth.tenantId, laId }) as never)) {
        throw new ForbiddenException(problem(403, 'You can set the AP practice of your own local authority only.'));
      }
      // what was not sent stays as it is
      const now = this.view(current);
      const next = {
        panelFirstDate: sent(input.panelFirstDate) ? (panelFirstDate ?? null) : now.panelFirstDate,
        panelCadenceDays: sent(input.panelCadenceDays) ? cadence : now.panelCadenceDays,
        tier2Weeks: sent(input.tier2Weeks) ? tier2Weeks : now.tier2Weeks,
        virtualSchoolEmail: sent(input.virtualSchoolEmail) ? (email ?? null) : now.virtualSchoolEmail,
        firstReviewWeeks: sent(input.firstReviewWeeks) ? firstReviewWeeks : now.firstReviewWeeks,
        reviewCadenceWeeks: sent(input.reviewCadenceWeeks) ? reviewCadenceWeeks : now.reviewCadenceWeeks,
        attendanceDueDays: sent(input.attendanceDueDays) ? attendanceDueDays : now.attendanceDueDays,
        unexplainedAbsenceSessions: sent(input.unexplainedAbsenceSessions)
          ? unexplainedAbsenceSessions
          : now.unexplainedAbsenceSessions,
        safeguardingEmail: sent(input.safeguardingEmail) ? (safeguardingEmail ?? null) : now.safeguardingEmail,
        followUpWeeks: sent(input.followUpWeeks) ? followUps.weeks! : now.followUpWeeks,
      };
      const [saved] = (await m.query(
        `INSERT INTO ap_la_settings (tenant_id, la_id, panel_first_date, panel_cadence_days, tier2_weeks, virtual_school_email, updated_by,
                                     first_review_weeks, review_cadence_weeks, attendance_due_days, unexplained_absence_sessions, safeguarding_email, followup_weeks)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $9, $10, $11, $12, $13, $14::int[])
         ON CONFLICT (tenant_id, la_id) DO UPDATE SET panel_first_date = EXCLUDED.panel_first_date, panel_cadence_days = EXCLUDED.panel_cadence_days,
           tier2_weeks = EXCLUDED.tier2_weeks, virtual_school_email = EXCLUDED.virtual_school_email, updated_by = EXCLUDED.updated_by,
           first_review_weeks = EXCLUDED.first_review_weeks, review_cadence_weeks = EXCLUDED.review_cadence_weeks, attendance_due_days = EXCLUDED.attendance_due_days,
           unexplained_absence_sessions = EXCLUDED.unexplained_absence_sessions, safeguarding_email = EXCLUDED.safeguarding_email, followup_weeks = EXCLUDED.followup_weeks,
           updated_at = now(), version = ap_la_settings.version + 1
           WHERE $8::int IS NULL OR ap_la_settings.version = $8::int
         RETURNING version`,
        [
          this.auth.tenantId,
          laId,
          next.panelFirstDate,
          next.panelCadenceDays,
          next.tier2Weeks,
          next.virtualSchoolEmail,
          this.auth.principal.userId,
          version ?? null,
          next.firstReviewWeeks,
          next.reviewCadenceWeeks,
          next.attendanceDueDays,
          next.unexplainedAbsenceSessions,
          next.safeguardingEmail,
          next.followUpWeeks,
        ],
      )) as { version: number }[];
      if (!saved)
        throw new ConflictException(
          problem(409, 'These settings were changed by someone else since you opened them. Open them again.'),
        );
      await this.audit.record({
        action: 'ap_settings.update',
        subjectType: 'ApLaSettings',
        subjectIds: [laId],
        laId,
        details: {
          panelFirstDate: next.panelFirstDate,
          cadence: next.panelCadenceDays,
          tier2Weeks: next.tier2Weeks,
          firstReviewWeeks: next.firstReviewWeeks,
          reviewCadenceWeeks: next.reviewCadenceWeeks,
          attendanceDueDays: next.attendanceDueDays,
          unexplainedAbsenceSessions: next.unexplainedAbsenceSessions,
          safeguardingEmailSet: !!next.safeguardingEmail,
          followUpWeeks: next.followUpWeeks.join(','),
        },
      });
      const [row] = await this.rows(m, laId);
      return this.view(row);
    });
  }

  /** In the caller's unit of work: the LA's next `count` panel dates (none when it has set none). */
  async panelDatesFor(m: EntityManager, laId: string, count: number): Promise<string[]> {
    const [row] = await this.rows(m, laId);
    return row
      ? panelDates(row.panel_first_date, row.panel_cadence_days ?? DEFAULT_PANEL_CADENCE_DAYS, schoolToday(), count)
      : [];
  }

  async tier2WeeksFor(m: EntityManager, laId: string): Promise<number> {
    const [row] = await this.rows(m, laId);
    return row?.tier2_weeks ?? DEFAULT_TIER2_WEEKS;
  }

  /**
   * In the caller's unit of work: the LA's clocks (review timing, attendance deadline, absence
   * threshold, safeguarding contact, follow-up points, tier 2 length), defaults where it has set none.
   */
  async clocksFor(m: EntityManager, laId: string): Promise<LaClocks> {
    const [row] = await this.rows(m, laId);
    return clocksOf(row);
  }

  private rows(m: EntityManager, laId?: string): Promise<Row[]> {
    const params: unknown[] = [this.auth.tenantId];
    if (laId) params.push(laId);
    return m.query(
      `SELECT o.id AS la_id, o.name AS la_name, to_char(s.panel_first_date, 'YYYY-MM-DD') AS panel_first_date, s.panel_cadence_days, s.tier2_weeks,
              s.virtual_school_email, s.first_review_weeks, s.review_cadence_weeks, s.attendance_due_days, s.unexplained_absence_sessions,
              s.safeguarding_email, s.followup_weeks, s.version
         FROM organisations o LEFT JOIN ap_la_settings s ON s.tenant_id = o.tenant_id AND s.la_id = o.id
        WHERE o.tenant_id = $1 AND o.kind = 'local_authority' ${laId ? 'AND o.id = $2' : ''} ORDER BY o.name`,
      params,
    ) as Promise<Row[]>;
  }

  private view(r: Row): LaSettingsView {
    const cadence = r.panel_cadence_days ?? DEFAULT_PANEL_CADENCE_DAYS;
    return {
      laId: r.la_id,
      laName: r.la_name,
      panelFirstDate: r.panel_first_date,
      panelCadenceDays: cadence,
      virtualSchoolEmail: r.virtual_school_email,
      ...clocksOf(r),
      nextPanelDates: panelDates(r.panel_first_date, cadence, schoolToday(), 6),
      version: r.version ?? 0,
    };
  }

  private require(): void {
    if (!this.auth.ability.can('read', 'ApLaSettings'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such local authority in your partnership.'));
  }
}
