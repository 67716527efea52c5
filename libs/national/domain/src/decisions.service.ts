import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { BoardMember } from './board-member';
import {
  assertVersion,
  codeOf,
  FieldError,
  idList,
  InvalidFieldsException,
  isUuid,
  longDate,
  optionalDate,
  problem,
  requiredDate,
  requiredText,
  schoolToday,
  UnitOfWork,
  versionOf,
} from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import {
  ACTION_STATUSES,
  ActionStatus,
  BoardDecision,
  BoardMeeting,
  BoardMeetingDetail,
  DECISION_KINDS,
  DecisionChangeInput,
  DecisionFilter,
  NewDecisionInput,
  NewMeetingInput,
  PartnershipRef,
} from './decisions.model';
import { DecisionRow, DecisionsStore } from './decisions.store';

const NOT_FOUND = (what: string) => new NotFoundException(problem(404, `No such ${what}.`));

/**
 * The National Board's decisions and actions log: its meetings, and at each the decisions and the
 * actions (owner, due date, status) it records. Every write runs as the board role
 * (`forBoardWrite`) and, in the same transaction, delivers the decision to the partnerships it
 * concerns through `national.deliver_decisions`; the board role reads no tenant table. Each write
 * is then audited under the platform's nil tenant, as the platform admin's actions are (the board
 * works in no partnership, and the board role may not write the audit trail).
 */
@Injectable()
export class DecisionsLogService {
  constructor(
    private readonly auth: AuthContext,
    private readonly uow: UnitOfWork,
    private readonly member: BoardMember,
  ) {}

  meetings(): Promise<BoardMeeting[]> {
    this.require('read');
    return this.uow.forBoard((m) => DecisionsStore.meetings(m));
  }

  meeting(id: string, today = schoolToday()): Promise<BoardMeetingDetail> {
    this.require('read');
    if (!isUuid(id)) throw NOT_FOUND('meeting');
    return this.uow.forBoard(async (m) => {
      const meeting = await DecisionsStore.meeting(m, id.toLowerCase());
      if (!meeting) throw NOT_FOUND('meeting');
      return { ...meeting, decisions: await this.views(m, { meetingId: meeting.id }, today) };
    });
  }

  /** The log, newest meeting first: every decision and action, only open actions, or only overdue ones. */
  decisions(filter: DecisionFilter = {}, today = schoolToday()): Promise<BoardDecision[]> {
    this.require('read');
    return this.uow.forBoard((m) =>
      this.views(m, { open: filter.open || filter.overdue, dueBefore: filter.overdue ? today : undefined }, today),
    );
  }

  decision(id: string, today = schoolToday()): Promise<BoardDecision> {
    this.require('read');
    if (!isUuid(id)) throw NOT_FOUND('decision');
    return this.uow.forBoard(async (m) => {
      const [d] = await this.views(m, { id: id.toLowerCase() }, today);
      if (!d) throw NOT_FOUND('decision');
      return d;
    });
  }

  /** The partnerships a decision may concern: those that published a release. */
  partnerships(): Promise<PartnershipRef[]> {
    this.require('read');
    return this.uow.forBoard((m) => DecisionsStore.partnerships(m));
  }

  async recordMeeting(input: NewMeetingInput): Promise<BoardMeetingDetail> {
    this.require('create');
    const errors: FieldError[] = [];
    const heldOn = requiredDate(input.heldOn, 'heldOn', 'the date of the meeting', errors);
    const title = requiredText(input.title, 'title', 200, 'Enter the meeting’s title', 'The title', errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    const by = await this.member.name();
    const id = await this.uow.forBoardWrite((m) => DecisionsStore.insertMeeting(m, heldOn!, title!, by));
    await this.member.audited('national.board_meeting.create', 'BoardMeeting', [id], { heldOn: heldOn! });
    return this.meeting(id);
  }

  async recordDecision(meetingId: string, input: NewDecisionInput, today = schoolToday()): Promise<BoardDecision> {
    this.require('create');
    if (!isUuid(meetingId)) throw NOT_FOUND('meeting');
    const errors: FieldError[] = [];
    const text = requiredText(input.text, 'text', 5000, 'Enter the decision or action', 'The text', errors);
    const kind = codeOf(input.kind, DECISION_KINDS, 'kind', 'Select decision or action', errors);
    const owner = requiredText(input.owner, 'owner', 200, 'Enter who owns it (a name or a role)', 'The owner', errors);
    const dueOn = optionalDate(input.dueOn, 'dueOn', 'the due date', errors);
    if (kind === 'action' && dueOn === null)
      errors.push({ field: 'dueOn', message: 'Enter the date the action is due' });
    if (kind === 'decision' && dueOn)
      errors.push({ field: 'dueOn', message: 'A decision has no due date: leave it blank, or record an action' });
    const partnershipIds = idList(
      input.partnershipIds,
      'partnershipIds',
      'Choose partnerships from the list (their ids)',
      errors,
    );
    if (errors.length) throw new InvalidFieldsException(errors);
    const by = await this.member.name();
    const { id, delivered } = await this.uow.forBoardWrite(async (m) => {
      const meeting = await DecisionsStore.meeting(m, meetingId.toLowerCase(), true);
      if (!meeting) throw NOT_FOUND('meeting');
      if (kind === 'action' && dueOn! < meeting.heldOn)
        throw new InvalidFieldsException([
          {
            field: 'dueOn',
            message: `The due date must be on or after ${longDate(meeting.heldOn)}, the date of the meeting`,
          },
        ]);
      await this.checkPartnerships(m, partnershipIds!);
      const reference = await DecisionsStore.nextReference(m, meeting.heldOn);
      const made = await DecisionsStore.insertDecision(m, {
        meetingId: meeting.id,
        reference,
        text: text!,
        kind: kind!,
        owner: owner!,
        dueOn: kind === 'action' ? dueOn! : null,
        partnershipIds: partnershipIds!,
        by,
      });
      return { id: made, delivered: await DecisionsStore.deliver(m, made) };
    });
    await this.member.audited('national.board_decision.create', 'BoardDecision', [id], {
      meetingId: meetingId.toLowerCase(),
      kind: kind!,
      partnerships: partnershipIds!.length,
      delivered,
    });
    return this.decision(id, today);
  }

  /** Changes an action's status or due date (409 when the version sent is stale); delivered again. */
  async changeAction(id: string, input: DecisionChangeInput, today = schoolToday()): Promise<BoardDecision> {
    this.require('update');
    if (!isUuid(id)) throw NOT_FOUND('decision');
    const errors: FieldError[] = [];
    const status =
      input.status === undefined || input.status === null || input.status === ''
        ? null
        : (codeOf(input.status, ACTION_STATUSES, 'status', 'Select open, done or dropped', errors) ?? null);
    const dueOn = optionalDate(input.dueOn, 'dueOn', 'the due date', errors);
    const version = versionOf(input.version, errors);
    if (!errors.length && status === null && dueOn === null)
      errors.push({ field: 'status', message: 'Select the new status, or enter a new due date' });
    if (errors.length) throw new InvalidFieldsException(errors);
    const { from, to, delivered } = await this.uow.forBoardWrite(async (m) => {
      const [current] = await DecisionsStore.decisions(m, { id: id.toLowerCase() }, true);
      if (!current) throw NOT_FOUND('decision');
      if (current.kind !== 'action')
        throw new InvalidFieldsException([
          { field: 'status', message: 'A decision has no status or due date; only an action does' },
        ]);
      assertVersion('action', current.version, version!);
      const nextDue = dueOn ?? current.dueOn!;
      if (nextDue < current.meetingHeldOn)
        throw new InvalidFieldsException([
          {
            field: 'dueOn',
            message: `The due date must be on or after ${longDate(current.meetingHeldOn)}, the date of the meeting`,
          },
        ]);
      const nextStatus: ActionStatus = status ?? current.status!;
      await DecisionsStore.updateAction(m, current.id, nextStatus, nextDue);
      return { from: current, to: nextStatus, delivered: await DecisionsStore.deliver(m, current.id) };
    });
    await this.member.audited('national.board_decision.update', 'BoardDecision', [from.id], {
      fromStatus: from.status,
      toStatus: to,
      dueOnChanged: dueOn !== null && dueOn !== from.dueOn,
      delivered,
    });
    return this.decision(from.id, today);
  }

  // ---- helpers ----

  private require(action: 'read' | 'create' | 'update'): void {
    if (!this.auth.ability.can(action, 'BoardDecision'))
      throw new ForbiddenException(
        problem(403, 'Only a member of the National Board keeps its decisions and actions.'),
      );
  }

  private async views(
    m: EntityManager,
    where: Parameters<typeof DecisionsStore.decisions>[1],
    today: string,
  ): Promise<BoardDecision[]> {
    const rows = await DecisionsStore.decisions(m, where);
    const names = new Map((await DecisionsStore.partnerships(m)).map((p) => [p.id, p.name]));
    return rows.map((r) => view(r, names, today));
  }

  private async checkPartnerships(m: EntityManager, ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    const known = new Set((await DecisionsStore.partnerships(m)).map((p) => p.id));
    if (ids.some((id) => !known.has(id)))
      throw new InvalidFieldsException([
        { field: 'partnershipIds', message: 'Choose partnerships that have published a release to the board' },
      ]);
  }
}

function view(r: DecisionRow, names: Map<string, string>, today: string): BoardDecision {
  const { partnershipIds, ...rest } = r;
  return {
    ...rest,
    overdue: r.kind === 'action' && r.status === 'open' && r.dueOn !== null && r.dueOn < today,
    concerns: partnershipIds.map((id) => ({ id, name: names.get(id) ?? 'A partnership' })),
  };
}
