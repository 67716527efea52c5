import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { InvalidFieldsException, isUuid, problem, schoolToday } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { COHORT_COLUMNS, ENROLMENT_COLUMNS, PARTICIPANT_COLUMNS } from './workforce-abilities';
import { capRefusal, checked, notFound, violated } from './workforce-checks';
import { EnrolmentInput, MilestoneInput, TransitionInput } from './workforce.input';
import {
  ENROLMENT_MOVES,
  EndingSoonView,
  EnrolmentStatus,
  EnrolmentSummary,
  EnrolmentView,
  Milestone,
  TIE_IN_STATUSES,
  WINDOW_OPEN_STATUSES,
  WORKFORCE_END_NOTICE_DAYS,
} from './workforce.model';
import { EnrolmentRow, WorkforceStore } from './workforce.store';
import { inWorkforce } from './workforce-principal';

/** `day` (YYYY-MM-DD) plus whole months, on the same day of the month (or the month's last day). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** The article before a status: "An applied", "A withdrawn". */
const an = (status: string) => (/^[aeiou]/.test(status) ? 'An' : 'A');

const summary = ({ providerId: _p, ...rest }: EnrolmentRow): EnrolmentSummary => rest;

/**
 * Enrolments: a participant in a cohort, through the lifecycle of ENROLMENT_MOVES (every change
 * kept as history by the database, with who and when), and the milestones the training provider
 * declares with their evidence dates. A training provider's staff enrol and move their own
 * organisation's enrolments only; the funded-places cap is the database's (a CHECK under the
 * allocation's row lock), so it holds under any concurrency. An impossible move is a 409 naming
 * the allowed ones.
 */
@Injectable()
export class EnrolmentsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /** A cohort's enrolments the caller may read. */
  listForCohort(cohortId: string): Promise<EnrolmentSummary[]> {
    if (!isUuid(cohortId)) throw notFound('cohort');
    return inWorkforce(this.auth, async (m) => {
      await this.cohort(m, cohortId);
      const params: unknown[] = [this.auth.tenantId, cohortId];
      const scope = this.scope('read', params);
      const rows = await WorkforceStore.enrolments(m, params, `e.cohort_id = $2 AND ${scope}`);
      await this.audit.record({
        action: 'workforce.enrolment.list',
        subjectType: 'WorkforceEnrolment',
        subjectIds: rows.map((r) => r.id),
      });
      return rows.map(summary);
    });
  }

  /**
   * The windows to qualify and tie-ins ending within WORKFORCE_END_NOTICE_DAYS of `today` (the
   * ends the reminders job emails about), over the enrolments the caller may read; audited when
   * it names anyone.
   */
  endingSoon(today = schoolToday()): Promise<EndingSoonView[]> {
    if (!this.auth.ability.can('read', 'WorkforceEnrolment')) return Promise.resolve([]);
    return inWorkforce(this.auth, async (m) => {
      const params: unknown[] = [
        this.auth.tenantId,
        today,
        WORKFORCE_END_NOTICE_DAYS,
        WINDOW_OPEN_STATUSES,
        TIE_IN_STATUSES,
      ];
      const rows = await WorkforceStore.endingSoon(m, params, this.scope('read', params));
      if (rows.length)
        await this.audit.record({
          action: 'workforce.enrolment.list_ending',
          subjectType: 'WorkforceEnrolment',
          subjectIds: [...new Set(rows.map((r) => r.enrolmentId))],
        });
      return rows;
    });
  }

  get(id: string): Promise<EnrolmentView> {
    if (!isUuid(id)) throw notFound('enrolment');
    return inWorkforce(this.auth, async (m) => {
      const row = await this.find(m, id);
      await this.audit.record({
        action: 'workforce.enrolment.view',
        subjectType: 'WorkforceEnrolment',
        subjectIds: [row.id],
        laId: row.laId,
      });
      return this.view(m, row);
    });
  }

  /** Whether the caller may enrol participants in this cohort (its training provider's staff). */
  mayEnrol(cohort: { providerId: string }): boolean {
    return this.auth.ability.can(
      'create',
      subject('WorkforceEnrolment', { tenantId: this.auth.tenantId, providerId: cohort.providerId }) as never,
    );
  }

  mayUpdate(row: { providerId?: string; laId: string }): boolean {
    return this.auth.ability.can(
      'update',
      subject('WorkforceEnrolment', {
        tenantId: this.auth.tenantId,
        providerId: row.providerId,
        laId: row.laId,
      }) as never,
    );
  }

  /** Enrols a recorded participant in a cohort (status applied); the window and tie-in end dates follow the programme's rules. */
  async enrol(cohortId: string, input: EnrolmentInput): Promise<EnrolmentView> {
    if (!isUuid(cohortId)) throw notFound('cohort');
    const v = checked(EnrolmentInput, input, ['participantId']);
    try {
      return await inWorkforce(this.auth, async (m) => {
        const cohort = await this.cohort(m, cohortId);
        if (!this.mayEnrol(cohort))
          throw new ForbiddenException(problem(403, 'Only the cohort’s training provider enrols participants.'));
        const pParams: unknown[] = [this.auth.tenantId, v.participantId];
        const pScope = positionalScope(
          sqlScope(this.auth.ability, 'read', 'WorkforceParticipant', 'w', PARTICIPANT_COLUMNS),
          pParams,
        );
        const participant = await WorkforceStore.participant(m, pParams, pScope);
        if (!participant)
          throw new InvalidFieldsException([{ field: 'participantId', message: 'Choose a participant you recorded' }]);
        const programme = (await WorkforceStore.programme(m, this.auth.tenantId, cohort.programmeId))!;
        const windowEnds =
          programme.qualificationWindowMonths && participant.tookUpPostOn
            ? addMonths(participant.tookUpPostOn, programme.qualificationWindowMonths)
            : null;
        const tieIn =
          programme.tieInMonths && cohort.intakeYear >= (programme.tieInFromIntakeYear ?? 0)
            ? addMonths(cohort.endsOn, programme.tieInMonths)
            : null;
        const id = await WorkforceStore.insertEnrolment(m, this.auth.tenantId, {
          cohortId,
          participantId: participant.id,
          laId: participant.laId,
          providerId: cohort.providerId,
          qualificationWindowEndsOn: windowEnds,
          tieInEndsOn: tieIn,
        });
        await this.audit.record({
          action: 'workforce.enrolment.create',
          subjectType: 'WorkforceEnrolment',
          subjectIds: [id, participant.id],
          laId: participant.laId,
        });
        return this.view(m, await this.find(m, id));
      });
    } catch (error) {
      if (violated(error, ['23505']) === 'workforce_enrolments_tenant_id_cohort_id_participant_id_key')
        throw new ConflictException(problem(409, 'The participant is already enrolled in this cohort.'));
      throw capRefusal(error) ?? error;
    }
  }

  /** Moves an enrolment to `status` (withdrawn needs a reason); 409 naming the allowed moves when it cannot. */
  async transition(id: string, input: TransitionInput & { version?: number }): Promise<EnrolmentView> {
    if (!isUuid(id)) throw notFound('enrolment');
    const v = checked(TransitionInput, input, ['status', 'reason']);
    const to = v.status as EnrolmentStatus;
    try {
      return await inWorkforce(this.auth, async (m) => {
        const row = await this.find(m, id, true);
        if (!this.mayUpdate(row))
          throw new ForbiddenException(problem(403, 'Only the cohort’s training provider changes an enrolment.'));
        if (typeof input.version === 'number' && input.version !== row.version)
          throw new ConflictException(
            problem(409, 'This enrolment has changed since you opened it. Open it again to see what changed.', {
              currentVersion: row.version,
            }),
          );
        const allowed = ENROLMENT_MOVES[row.status];
        if (!allowed.includes(to))
          throw new ConflictException(
            problem(
              409,
              allowed.length
                ? `${an(row.status)} ${row.status} enrolment cannot become ${to}; it can become ${allowed.join(' or ')}.`
                : `${an(row.status)} ${row.status} enrolment cannot change.`,
              { currentStatus: row.status, allowed: [...allowed] },
            ),
          );
        await WorkforceStore.moveEnrolment(
          m,
          this.auth.tenantId,
          row.id,
          to,
          to === 'withdrawn' ? v.reason!.trim() : null,
        );
        await this.audit.record({
          action: 'workforce.enrolment.transition',
          subjectType: 'WorkforceEnrolment',
          subjectIds: [row.id],
          laId: row.laId,
          details: { from: row.status, to },
        });
        return this.view(m, await this.find(m, id));
      });
    } catch (error) {
      throw capRefusal(error) ?? error;
    }
  }

  /** Declares a milestone of the programme with its evidence date (not in the future); each milestone once. */
  async recordMilestone(id: string, input: MilestoneInput, today = schoolToday()): Promise<EnrolmentView> {
    if (!isUuid(id)) throw notFound('enrolment');
    const v = checked(MilestoneInput, input, ['milestone', 'evidenceOn']);
    if (v.evidenceOn > today)
      throw new InvalidFieldsException([
        { field: 'evidenceOn', message: 'The evidence date must be today or in the past' },
      ]);
    return inWorkforce(this.auth, async (m) => {
      const row = await this.find(m, id);
      if (
        !this.auth.ability.can(
          'create',
          subject('WorkforceMilestone', {
            tenantId: this.auth.tenantId,
            providerId: row.providerId,
            laId: row.laId,
          }) as never,
        )
      )
        throw new ForbiddenException(problem(403, 'Only the cohort’s training provider declares milestones.'));
      const view = await this.view(m, row);
      if (!view.milestonesExpected.includes(v.milestone as Milestone))
        throw new InvalidFieldsException([
          { field: 'milestone', message: `This programme’s milestones are ${view.milestonesExpected.join(', ')}` },
        ]);
      if (row.status === 'applied' || row.status === 'withdrawn')
        throw new ConflictException(
          problem(409, `A milestone cannot be declared for ${an(row.status).toLowerCase()} ${row.status} enrolment.`, {
            currentStatus: row.status,
          }),
        );
      const added = await WorkforceStore.insertMilestone(
        m,
        this.auth.tenantId,
        row,
        v.milestone as Milestone,
        v.evidenceOn,
        this.auth.principal.userId,
      );
      if (!added) throw new ConflictException(problem(409, `The ${v.milestone} milestone is already declared.`));
      await this.audit.record({
        action: 'workforce.milestone.declare',
        subjectType: 'WorkforceMilestone',
        subjectIds: [row.id],
        laId: row.laId,
        details: { milestone: v.milestone },
      });
      return this.view(m, row);
    });
  }

  // ---- helpers ----

  private scope(action: 'read' | 'update', params: unknown[]): string {
    return positionalScope(sqlScope(this.auth.ability, action, 'WorkforceEnrolment', 'e', ENROLMENT_COLUMNS), params);
  }

  private async cohort(m: EntityManager, id: string) {
    const params: unknown[] = [this.auth.tenantId, id];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'WorkforceCohort', 'c', COHORT_COLUMNS), params);
    const cohort = await WorkforceStore.cohort(m, params, scope);
    if (!cohort) throw notFound('cohort');
    return cohort;
  }

  private async find(m: EntityManager, id: string, lock = false): Promise<EnrolmentRow> {
    const params: unknown[] = [this.auth.tenantId, id];
    const row = await WorkforceStore.enrolment(m, params, this.scope('read', params), lock);
    if (!row) throw notFound('enrolment');
    return row;
  }

  private async view(m: EntityManager, row: EnrolmentRow): Promise<EnrolmentView> {
    const cParams: unknown[] = [this.auth.tenantId, row.cohortId];
    const cohort = (await WorkforceStore.cohort(m, cParams, 'TRUE'))!;
    const programme = (await WorkforceStore.programme(m, this.auth.tenantId, cohort.programmeId))!;
    return {
      ...summary(row),
      cohortName: cohort.name,
      programmeName: programme.name,
      allowedMoves: this.mayUpdate(row) ? [...ENROLMENT_MOVES[row.status]] : [],
      milestonesExpected: programme.milestones,
      milestones: await WorkforceStore.milestones(m, this.auth.tenantId, row.id),
      history: await WorkforceStore.history(m, this.auth.tenantId, row.id),
    };
  }
}
