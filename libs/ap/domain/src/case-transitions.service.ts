import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { PLACEMENT_END_DESTINATIONS } from '@rep-hub/reference';
import { EntityManager } from 'typeorm';
import { CaseAction, CaseStatus, check, isCaseAction, TRANSITIONS } from './case-machine';
import { academicYearOf } from './directory.service';
import { ApSettingsService } from './settings.service';
import { ApReviewsService } from './reviews.service';
import { ApFollowUpsService } from './followups.service';
import { isoToday, realDate, text, UUID } from './input';
import { CASE_COLUMNS, CaseRow, CaseView, TIER_CODES, TransitionInput, URGENCIES } from './cases.model';
import { CaseStore } from './case-store';

const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/**
 * How a case moves on: the panel's staged decisions, offers, placements and their end. The status
 * changes only through `transition`, which asks the state machine, locks the case row, writes the
 * timeline and the audit in the same transaction, and answers 409 naming what the caller may do
 * instead.
 */
@Injectable()
export class CaseTransitionsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly store: CaseStore,
    private readonly settings: ApSettingsService,
    private readonly reviews: ApReviewsService,
    private readonly followUps: ApFollowUpsService,
  ) {}

  /**
   * Moves a case on: checks the action against the state machine for the caller's relation to the
   * case (403 when they may never take it, 409 naming what they can do when not from this status),
   * under a row lock, with the timeline and audit written in the same transaction.
   */
  async transition(id: string, actionName: string, input: TransitionInput): Promise<CaseView> {
    this.store.requireRead();
    if (!UUID.test(id)) throw this.store.notFound();
    if (!isCaseAction(actionName))
      throw new NotFoundException(problem(404, `There is no case action "${actionName}".`));
    const action: CaseAction = actionName;
    const version =
      input.version === undefined || input.version === null || input.version === '' ? undefined : Number(input.version);
    if (version !== undefined && !Number.isInteger(version))
      throw new InvalidFieldsException([{ field: 'version', message: 'version must be the case’s version number' }]);
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId, id];
      const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApCase', 'c', CASE_COLUMNS), params);
      const [c] = (await m.query(
        `SELECT c.id, c.reference::text AS reference, c.la_id, c.route, c.setting_id, c.status, c.tier, c.requested_tier, c.provider_id, c.version, c.pupil_id
           FROM ap_cases c WHERE c.tenant_id = $1 AND c.id = $2 AND ${scope} FOR UPDATE`,
        params,
      )) as CaseRow[];
      if (!c) throw this.store.notFound();
      const relations = this.store.relations(c);
      const verdict = check(action, c.status, c.route, relations);
      if (!verdict.ok && verdict.reason === 'forbidden')
        throw new ForbiddenException(
          problem(403, `Your role cannot ${TRANSITIONS[action].label.toLowerCase()} on this case.`),
        );
      if (!verdict.ok) {
        throw new ConflictException(
          problem(
            409,
            `A case that is ${c.status.replace(/_/g, ' ')} cannot take “${action}”. ${verdict.allowed.length ? `You can: ${verdict.allowed.join(', ')}.` : 'You can take no action on it now.'}`,
            {
              caseStatus: c.status,
              allowedTransitions: verdict.allowed,
            },
          ),
        );
      }
      if (version !== undefined && version !== c.version) {
        throw new ConflictException(
          problem(409, 'This case has changed since you opened it. Open it again to see what changed.', {
            currentVersion: c.version,
          }),
        );
      }
      const result = await this.apply(m, c, action, input);
      await m.query(
        `UPDATE ap_cases SET status = $3, updated_at = now(), version = version + 1,
             urgency = coalesce($4, urgency), panel_date = coalesce($5::date, panel_date), decision_reason = coalesce($6, decision_reason),
             tier = coalesce($7, tier), provider_id = coalesce($8::uuid, provider_id),
             closed_at = CASE WHEN $3 IN ('ended', 'withdrawn', 'declined') THEN now() ELSE closed_at END
          WHERE tenant_id = $1 AND id = $2`,
        [
          this.auth.tenantId,
          c.id,
          result.to,
          result.set.urgency ?? null,
          result.set.panelDate ?? null,
          result.set.decisionReason ?? null,
          result.set.tier ?? null,
          result.set.providerId ?? null,
        ],
      );
      await this.store.event(m, {
        caseId: c.id,
        laId: c.la_id,
        action: result.event ?? action,
        from: c.status,
        to: result.to,
        note: result.note ?? null,
        details: result.details ?? {},
      });
      await this.audit.record({
        action: `ap_case.${action}`,
        subjectType: 'ApCase',
        subjectIds: [c.id],
        laId: c.la_id,
        details: { from: c.status, to: result.to, ...(result.details ?? {}) },
      });
      return this.store.load(m, c.id);
    });
  }

  /** Validates one action's input and does its work besides the status (placements, capacity, notices). */
  private async apply(
    m: EntityManager,
    c: CaseRow,
    action: CaseAction,
    input: TransitionInput,
  ): Promise<{
    to: CaseStatus;
    event?: string;
    note?: string | null;
    details?: Record<string, unknown>;
    set: { urgency?: string; panelDate?: string; decisionReason?: string; tier?: string; providerId?: string };
  }> {
    const note = text(input.note);
    if (note && note.length > 4000)
      throw new InvalidFieldsException([{ field: 'note', message: 'The note must be 4,000 characters or fewer' }]);
    const need = (ok: boolean, field: string, message: string) => {
      if (!ok) throw new InvalidFieldsException([{ field, message }]);
    };
    switch (action) {
      case 'triage': {
        const errors: FieldError[] = [];
        const urgency = text(input.urgency);
        const panelDate = text(input.panelDate);
        if (!urgency || !URGENCIES.includes(urgency as never))
          errors.push({ field: 'urgency', message: 'Choose the urgency: urgent, high or standard' });
        if (!realDate(panelDate)) errors.push({ field: 'panelDate', message: 'Enter the panel date as YYYY-MM-DD' });
        else if (panelDate < isoToday())
          errors.push({ field: 'panelDate', message: 'The panel date must be today or later' });
        else {
          const dates = await this.settings.panelDatesFor(m, c.la_id, 26);
          if (dates.length && !dates.includes(panelDate))
            errors.push({
              field: 'panelDate',
              message: `Choose one of the LA’s panel dates: ${dates.slice(0, 4).join(', ')}…`,
            });
        }
        if (errors.length) throw new InvalidFieldsException(errors);
        return { to: 'triaged', note, details: { urgency, panelDate }, set: { urgency, panelDate } };
      }
      case 'screen':
        need(!!note, 'note', 'Summarise the screening: what the panel needs to know');
        return { to: 'screened', note, set: {} };
      case 'request_information':
      case 'provide_information':
        need(
          !!note,
          'note',
          action === 'request_information'
            ? 'Say what information is needed'
            : 'Give the information that was asked for',
        );
        return { to: action === 'request_information' ? 'more_information_needed' : 'referred', note, set: {} };
      case 'decide': {
        const decision = text(input.decision);
        need(
          !!decision && ['offer', 'more_information', 'decline'].includes(decision),
          'decision',
          'Choose the decision: offer, more_information or decline',
        );
        if (decision === 'decline') {
          need(!!note, 'note', 'Give the reason the panel declined');
          return {
            to: 'declined',
            event: 'decide_decline',
            note,
            details: { decision },
            set: { decisionReason: note },
          };
        }
        if (decision === 'more_information') {
          need(!!note, 'note', 'Say what information the panel needs');
          return {
            to: 'more_information_needed',
            event: 'decide_more_information',
            note,
            details: { decision },
            set: {},
          };
        }
        const { providerId, tier } = await this.offerInput(m, c, input);
        return {
          to: 'offered',
          event: 'decide_offer',
          note,
          details: { decision, providerId, tier },
          set: { providerId, tier, decisionReason: note },
        };
      }
      case 'offer': {
        const { providerId, tier } = await this.offerInput(m, c, input);
        return { to: 'offered', note, details: { providerId, tier }, set: { providerId, tier } };
      }
      case 'decline_offer':
        need(!!note, 'note', 'Give the reason the provider declines');
        return { to: 'offer_declined', note, details: { providerId: c.provider_id }, set: {} };
      case 'accept':
        return this.accept(m, c, input, note);
      case 'start': {
        const startedOn = text(input.startedOn) ?? isoToday();
        need(realDate(startedOn), 'startedOn', 'Enter the first day of the placement as YYYY-MM-DD');
        need(
          startedOn <= isoToday(),
          'startedOn',
          'The placement cannot start in the future: start it on its first day',
        );
        await m.query(
          `UPDATE ap_placements SET status = 'active', started_on = $3 WHERE tenant_id = $1 AND case_id = $2`,
          [this.auth.tenantId, c.id, startedOn],
        );
        // the placement's first review, the LA's firstReviewWeeks after the start
        const firstReviewDue = await this.reviews.scheduleFirst(m, c, startedOn);
        return { to: 'placement_active', note, details: { startedOn, firstReviewDue }, set: {} };
      }
      case 'end': {
        const errors: FieldError[] = [];
        const endedOn = text(input.endedOn) ?? isoToday();
        const destination = text(input.destination);
        if (!realDate(endedOn))
          errors.push({ field: 'endedOn', message: 'Enter the last day of the placement as YYYY-MM-DD' });
        if (!destination || !PLACEMENT_END_DESTINATIONS.some((d) => d.code === destination))
          errors.push({
            field: 'destination',
            message: `Choose the destination: ${PLACEMENT_END_DESTINATIONS.map((d) => d.code).join(', ')}`,
          });
        if (!note) errors.push({ field: 'note', message: 'Give the reason the placement ended' });
        if (errors.length) throw new InvalidFieldsException(errors);
        const [pl] = (await m.query(
          `SELECT to_char(coalesce(started_on, planned_start), 'YYYY-MM-DD') AS since FROM ap_placements WHERE tenant_id = $1 AND case_id = $2`,
          [this.auth.tenantId, c.id],
        )) as { since: string }[];
        if (pl && endedOn < pl.since && c.status === 'placement_active')
          throw new InvalidFieldsException([
            { field: 'endedOn', message: `The placement cannot end before it started (${pl.since})` },
          ]);
        await m.query(
          `UPDATE ap_placements SET status = 'ended', ended_on = $3, end_reason = $4, destination = $5 WHERE tenant_id = $1 AND case_id = $2`,
          [this.auth.tenantId, c.id, endedOn, note, destination],
        );
        // scheduled reviews end with the placement; a return to mainstream gets its follow-ups
        const reviewsCancelled = await this.reviews.cancelForEnd(m, c.id);
        const followUps = await this.followUps.createForEnd(m, c, endedOn, destination!);
        return {
          to: 'ended',
          note,
          details: {
            endedOn,
            destination,
            ...(reviewsCancelled ? { reviewsCancelled } : {}),
            ...(followUps ? { followUps } : {}),
          },
          set: {},
        };
      }
      case 'withdraw':
        need(!!note, 'note', 'Give the reason for withdrawing');
        return { to: 'withdrawn', note, set: {} };
    }
  }

  /** The provider accepts: a place is taken under a lock on the LA's commissioned places, so the last place goes once. */
  private async accept(m: EntityManager, c: CaseRow, input: TransitionInput, note: string | undefined) {
    const plannedStart = text(input.plannedStart);
    if (!realDate(plannedStart))
      throw new InvalidFieldsException([
        { field: 'plannedStart', message: 'Enter the planned first day as YYYY-MM-DD' },
      ]);
    let plannedEnd = text(input.plannedEnd);
    if (plannedEnd && (!realDate(plannedEnd) || plannedEnd <= plannedStart))
      throw new InvalidFieldsException([
        { field: 'plannedEnd', message: 'The planned end must be a date after the start' },
      ]);
    const tier = c.tier!;
    if (!plannedEnd && tier === 'tier_2')
      plannedEnd = addDays(plannedStart, 7 * (await this.settings.tier2WeeksFor(m, c.la_id)));
    const academicYear = academicYearOf(new Date(`${plannedStart}T00:00:00Z`));
    const [places] = (await m.query(
      `SELECT places FROM ap_commissioned_places WHERE tenant_id = $1 AND provider_id = $2 AND la_id = $3 AND tier = $4 AND academic_year = $5 FOR UPDATE`,
      [this.auth.tenantId, c.provider_id, c.la_id, tier, academicYear],
    )) as { places: number }[];
    const [{ taken }] = (await m.query(
      `SELECT count(*)::int AS taken FROM ap_placements WHERE tenant_id = $1 AND provider_id = $2 AND la_id = $3 AND tier = $4 AND academic_year = $5 AND status <> 'ended'`,
      [this.auth.tenantId, c.provider_id, c.la_id, tier, academicYear],
    )) as { taken: number }[];
    if (!places || taken >= places.places) {
      throw new ConflictException(
        problem(
          409,
          `No ${tier.replace('_', ' ')} place is left for this LA in ${academicYear}: ${taken} of ${places?.places ?? 0} commissioned places are taken.`,
          {
            places: places?.places ?? 0,
            taken,
            academicYear,
          },
        ),
      );
    }
    await m.query(
      `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, planned_end) VALUES ($1, $2, $3, $4, $5, $6, 'planned', $7, $8)`,
      [this.auth.tenantId, c.id, c.la_id, c.provider_id, tier, academicYear, plannedStart, plannedEnd ?? null],
    );
    const [pupil] = (await m.query(`SELECT looked_after FROM pupils WHERE tenant_id = $1 AND id = $2`, [
      this.auth.tenantId,
      c.pupil_id,
    ])) as { looked_after: boolean }[];
    // the virtual school hears of every placement of a looked-after child
    if (pupil?.looked_after) await this.store.notice(c, c.la_id, 'virtual_school');
    return {
      to: 'placement_planned' as CaseStatus,
      note,
      details: {
        plannedStart,
        plannedEnd: plannedEnd ?? null,
        academicYear,
        ...(pupil?.looked_after ? { virtualSchoolNotified: true } : {}),
      },
      set: {},
    };
  }

  private async offerInput(
    m: EntityManager,
    c: CaseRow,
    input: TransitionInput,
  ): Promise<{ providerId: string; tier: string }> {
    const errors: FieldError[] = [];
    const providerId = text(input.providerId);
    const tier = text(input.tier);
    if (!providerId || !UUID.test(providerId))
      errors.push({ field: 'providerId', message: 'Choose the provider to offer the place to' });
    if (!tier || !TIER_CODES.includes(tier as never))
      errors.push({ field: 'tier', message: 'Choose the tier: tier_1, tier_2 or tier_3' });
    else if (c.route === 'school_commission' && tier === 'tier_3')
      errors.push({ field: 'tier', message: 'A school commissions tier 1 or tier 2 itself' });
    if (errors.length) throw new InvalidFieldsException(errors);
    await this.store.assertOfferable(m, providerId!, tier!, c.la_id, 'providerId');
    return { providerId: providerId!, tier: tier! };
  }
}
