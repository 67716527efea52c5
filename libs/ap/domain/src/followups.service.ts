import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, SCHOOL_TODAY_SQL } from '@rep-hub/platform';
import { PLACEMENT_END_DESTINATIONS } from '@rep-hub/reference';
import { EntityManager } from 'typeorm';
import { CASE_COLUMNS } from './cases.model';
import { OversightCase, oversightEvent, plusDays } from './case-oversight';
import { isoToday, realDate, text, UUID, wholeNumber } from './input';
import { ApSettingsService } from './settings.service';

export const FOLLOW_UP_OUTCOMES = ['held', 'not_held'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/** A follow-up point in words: 13 weeks is one term, 26 two terms; otherwise "N weeks". */
export function followUpLabel(weeks: number): string {
  if (weeks === 13) return 'One term (13 weeks)';
  if (weeks === 26) return 'Two terms (26 weeks)';
  return `${weeks} week${weeks === 1 ? '' : 's'}`;
}

/** Whether a placement-end destination is a return to mainstream (its outcome group is reintegration). */
export const isReintegration = (destination: string | null | undefined): boolean =>
  !!destination && PLACEMENT_END_DESTINATIONS.some((d) => d.code === destination && d.outcomeGroup === 'reintegration');

export interface FollowUpView {
  id: string;
  caseId: string;
  placementId: string;
  weeks: number;
  label: string;
  dueOn: string;
  /** Null until recorded: whether the return to mainstream has held. */
  outcome: FollowUpOutcome | null;
  recordedOn: string | null;
  note: string | null;
  /** Not recorded and its due date has passed. */
  overdue: boolean;
  version: number;
}

export interface RecordFollowUpInput {
  outcome?: unknown;
  recordedOn?: unknown;
  note?: unknown;
  version?: unknown;
}

interface FollowUpRow {
  id: string;
  case_id: string;
  placement_id: string;
  weeks: number;
  due_on: string;
  outcome: FollowUpOutcome | null;
  recorded_on: string | null;
  note: string | null;
  version: number;
  overdue: boolean;
}

const COLUMNS = `f.id, f.case_id, f.placement_id, f.weeks, to_char(f.due_on, 'YYYY-MM-DD') AS due_on, f.outcome, to_char(f.recorded_on, 'YYYY-MM-DD') AS recorded_on,
  f.note, f.version, (f.outcome IS NULL AND f.due_on < ${SCHOOL_TODAY_SQL}) AS overdue`;

const view = (r: FollowUpRow): FollowUpView => ({
  id: r.id,
  caseId: r.case_id,
  placementId: r.placement_id,
  weeks: r.weeks,
  label: followUpLabel(r.weeks),
  dueOn: r.due_on,
  outcome: r.outcome,
  recordedOn: r.recorded_on,
  note: r.note,
  overdue: r.overdue,
  version: r.version,
});

/**
 * Reintegration follow-up: when a placement ends with a return to mainstream, one check-in per
 * follow-up point of the LA (default six weeks, one term, two terms) records whether the return
 * has held. The LA's officers or the case's school record each once.
 */
@Injectable()
export class ApFollowUpsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly settings: ApSettingsService,
  ) {}

  /**
   * When a placement ends (in the case's transaction): with a reintegration destination, one
   * follow-up per LA follow-up point, due that many weeks after the last day. Returns how many.
   */
  async createForEnd(
    m: EntityManager,
    c: { id: string; la_id: string },
    endedOn: string,
    destination: string,
  ): Promise<number> {
    if (!isReintegration(destination)) return 0;
    const [pl] = (await m.query(`SELECT id FROM ap_placements WHERE tenant_id = $1 AND case_id = $2`, [
      this.auth.tenantId,
      c.id,
    ])) as { id: string }[];
    if (!pl) return 0;
    const { followUpWeeks } = await this.settings.clocksFor(m, c.la_id);
    for (const weeks of followUpWeeks) {
      await m.query(
        `INSERT INTO ap_followups (tenant_id, case_id, placement_id, la_id, weeks, due_on) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (tenant_id, placement_id, weeks) DO NOTHING`,
        [this.auth.tenantId, c.id, pl.id, c.la_id, weeks, plusDays(endedOn, weeks * 7)],
      );
    }
    return followUpWeeks.length;
  }

  /** A case's follow-ups (none unless its placement ended with a return to mainstream). 404 when the caller cannot open the case. Audited. */
  list(caseId: string): Promise<{ items: FollowUpView[] }> {
    this.requireRole('read');
    if (!UUID.test(caseId)) throw this.caseNotFound();
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId, caseId];
      const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApFollowUp', 'c', CASE_COLUMNS), params);
      const [c] = (await m.query(
        `SELECT c.id, c.la_id, c.pupil_id FROM ap_cases c WHERE c.tenant_id = $1 AND c.id = $2 AND ${scope}`,
        params,
      )) as { id: string; la_id: string; pupil_id: string }[];
      if (!c) throw this.caseNotFound();
      const rows = (await m.query(
        `SELECT ${COLUMNS} FROM ap_followups f WHERE f.tenant_id = $1 AND f.case_id = $2 ORDER BY f.weeks`,
        [this.auth.tenantId, caseId],
      )) as FollowUpRow[];
      await this.audit.record({
        action: 'ap_followup.list',
        subjectType: 'Pupil',
        subjectIds: [c.pupil_id],
        laId: c.la_id,
        details: { caseId },
      });
      return { items: rows.map(view) };
    });
  }

  /** One follow-up (for its page); 404 when the caller cannot open its case. */
  get(followUpId: string): Promise<FollowUpView & { endedOn: string | null }> {
    this.requireRole('read');
    if (!UUID.test(followUpId)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const found = await this.readable(m, followUpId, false);
      if (!found) throw this.notFound();
      return { ...view(found.row), endedOn: found.endedOn };
    });
  }

  /** Records whether the return has held, once: not before the placement ended, not in the future; `not_held` needs a note. */
  record(followUpId: string, input: RecordFollowUpInput): Promise<FollowUpView> {
    this.requireRole('update');
    if (!UUID.test(followUpId)) throw this.notFound();
    const errors: FieldError[] = [];
    const outcome = text(input.outcome);
    if (!outcome || !FOLLOW_UP_OUTCOMES.includes(outcome as FollowUpOutcome))
      errors.push({ field: 'outcome', message: 'Choose whether the return has held: held or not_held' });
    const recordedOn = text(input.recordedOn);
    if (!realDate(recordedOn))
      errors.push({ field: 'recordedOn', message: 'Enter the date of the check-in as YYYY-MM-DD' });
    else if (recordedOn > isoToday())
      errors.push({ field: 'recordedOn', message: 'The date of the check-in must be today or in the past' });
    const note = text(input.note);
    if (note && note.length > 4000)
      errors.push({ field: 'note', message: 'The note must be 4,000 characters or fewer' });
    else if (!note && outcome === 'not_held')
      errors.push({ field: 'note', message: 'Say what happened: why the return has not held' });
    const version =
      input.version === undefined || input.version === null || input.version === ''
        ? undefined
        : wholeNumber(input.version);
    if (version === undefined || !Number.isInteger(version))
      errors.push({ field: 'version', message: 'version must be the follow-up’s version number' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const found = await this.readable(m, followUpId, true);
      if (!found) throw this.notFound();
      const { row, c, endedOn } = found;
      const s = subject('ApFollowUp', {
        tenantId: this.auth.tenantId,
        laId: c.la_id,
        settingId: c.setting_id ?? undefined,
        providerId: c.provider_id ?? undefined,
      });
      if (!this.auth.ability.can('update', s as never))
        throw new ForbiddenException(problem(403, 'You can read this case’s follow-ups but not record them.'));
      if (row.outcome)
        throw new ConflictException(
          problem(409, `This follow-up was recorded on ${row.recorded_on}: it is recorded once.`, {
            outcome: row.outcome,
          }),
        );
      if (row.version !== version)
        throw new ConflictException(
          problem(409, 'This follow-up has changed since you opened it. Open it again to see what changed.', {
            currentVersion: row.version,
          }),
        );
      if (endedOn && recordedOn! < endedOn)
        throw new InvalidFieldsException([
          { field: 'recordedOn', message: `The check-in cannot be before the placement ended (${endedOn})` },
        ]);
      const updated = (await m.query(
        `UPDATE ap_followups SET outcome = $3, recorded_on = $4, note = $5, recorded_by = $6, version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND outcome IS NULL AND version = $7 RETURNING id`,
        [this.auth.tenantId, row.id, outcome, recordedOn, note ?? null, this.auth.principal.userId, version],
      )) as unknown[];
      if (!(Array.isArray(updated[0]) ? (updated[0] as unknown[]).length : updated.length))
        throw new ConflictException(
          problem(409, 'This follow-up has changed since you opened it. Open it again to see what changed.'),
        );
      await oversightEvent(m, this.auth, {
        caseId: c.id,
        laId: c.la_id,
        status: c.status,
        action: 'follow_up_recorded',
        note: note ?? null,
        details: { followUpId: row.id, weeks: row.weeks, outcome, recordedOn },
      });
      await this.audit.record({
        action: 'ap_followup.record',
        subjectType: 'ApFollowUp',
        subjectIds: [row.id],
        laId: c.la_id,
        details: { caseId: c.id, weeks: row.weeks, outcome: outcome! },
      });
      const [saved] = (await m.query(`SELECT ${COLUMNS} FROM ap_followups f WHERE f.tenant_id = $1 AND f.id = $2`, [
        this.auth.tenantId,
        row.id,
      ])) as FollowUpRow[];
      return view(saved);
    });
  }

  private async readable(m: EntityManager, followUpId: string, lock: boolean) {
    const params: unknown[] = [this.auth.tenantId, followUpId];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApFollowUp', 'c', CASE_COLUMNS), params);
    const [row] = (await m.query(
      `SELECT ${COLUMNS}, c.la_id, c.setting_id, c.provider_id, c.status AS case_status, c.pupil_id, to_char(pl.ended_on, 'YYYY-MM-DD') AS ended_on
         FROM ap_followups f
         JOIN ap_cases c ON c.tenant_id = f.tenant_id AND c.id = f.case_id
         JOIN ap_placements pl ON pl.tenant_id = f.tenant_id AND pl.id = f.placement_id
        WHERE f.tenant_id = $1 AND f.id = $2 AND ${scope}${lock ? ' FOR UPDATE OF f' : ''}`,
      params,
    )) as (FollowUpRow & {
      la_id: string;
      setting_id: string | null;
      provider_id: string | null;
      case_status: string;
      pupil_id: string;
      ended_on: string | null;
    })[];
    if (!row) return undefined;
    return {
      row: row as FollowUpRow,
      c: {
        id: row.case_id,
        la_id: row.la_id,
        setting_id: row.setting_id,
        provider_id: row.provider_id,
        status: row.case_status,
        pupil_id: row.pupil_id,
      } satisfies OversightCase,
      endedOn: row.ended_on,
    };
  }

  private requireRole(action: 'read' | 'update'): void {
    if (!this.auth.ability.can(action, 'ApFollowUp'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private caseNotFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such case among those you can open.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such follow-up among those you can open.'));
  }
}
