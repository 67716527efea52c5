import { Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import { BoardDecision, BoardMeetingDetail, DecisionFilter, DecisionsLogService } from '@rep-hub/national-domain';
import { FieldError } from '@rep-hub/platform';
import { dateParts, formatDate, saveSession, WebRequest, WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';
import {
  dateItems,
  dateOf,
  formErrors,
  KIND_LABELS,
  listOf,
  one,
  Posted,
  postedValues,
  STATUS_LABELS,
  STATUS_TAGS,
} from './decisions-forms';

/**
 * What a date whose boxes make no real date is sent to the service as: it refuses it (so nothing
 * is saved) and names every other field's problem too; the page's own message for the date wins.
 */
const BAD_DATE = 'not a date';

const LABELS = { kinds: KIND_LABELS, statuses: STATUS_LABELS, tags: STATUS_TAGS };
const FILTERS = [
  { value: 'all', text: 'All decisions and actions' },
  { value: 'open', text: 'Open actions' },
  { value: 'overdue', text: 'Overdue actions' },
] as const;

/**
 * The National Board's decisions and actions log (a National Board member only): the log with
 * its filters, a meeting with the form that records its decisions and actions (the partnerships
 * concerned as checkboxes: those that published), and an action's change of status or due date.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('national')
export class DecisionsPagesController {
  constructor(private readonly log: DecisionsLogService) {}

  @Policy('read', 'BoardDecision')
  @Get('decisions')
  async list(@Query('show') show: unknown, @Res() res: Response) {
    const chosen = FILTERS.find((f) => f.value === show) ?? FILTERS[0];
    const filter: DecisionFilter = { open: chosen.value === 'open', overdue: chosen.value === 'overdue' };
    const decisions = await this.log.decisions(filter);
    const meetings = await this.log.meetings();
    return res.render('national/decisions.njk', {
      title: 'Decisions and actions',
      decisions,
      meetings,
      filters: FILTERS,
      show: chosen.value,
      shown: chosen.text,
      labels: LABELS,
    });
  }

  @Policy('create', 'BoardDecision')
  @Get('meetings/new')
  newMeeting(@Res() res: Response) {
    return this.renderNewMeeting(res, { title: '', ...dateParts('heldOn', null) }, []);
  }

  @Policy('create', 'BoardDecision')
  @Post('meetings/new')
  async recordMeeting(@Req() req: WebRequest, @Res() res: Response) {
    const values = postedValues(req.body);
    const before: FieldError[] = [];
    const heldOn = dateOf(values, 'heldOn', 'the date of the meeting', before);
    try {
      const made = await this.log.recordMeeting({
        heldOn: before.length ? BAD_DATE : heldOn,
        title: one(values['title']),
      });
      req.session.flash = { heading: 'Meeting recorded', text: `${made.title}, ${formatDate(made.heldOn)}.` };
      await saveSession(req);
      return res.redirect(303, `/national/meetings/${made.id}`);
    } catch (error) {
      const { errors, status } = formErrors(error, ['heldOn-day', 'title'], before, 'title');
      return this.renderNewMeeting(res, values, errors, status);
    }
  }

  @Policy('read', 'BoardDecision')
  @Get('meetings/:boardMeetingId')
  async meeting(@Param('boardMeetingId') id: string, @Res() res: Response) {
    const meeting = await this.log.meeting(id);
    return this.renderMeeting(res, meeting, { kind: '', ...dateParts('dueOn', null) }, []);
  }

  @Policy('create', 'BoardDecision')
  @Post('meetings/:boardMeetingId/decisions')
  async recordDecision(@Param('boardMeetingId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const meeting = await this.log.meeting(id);
    const values = postedValues(req.body);
    const before: FieldError[] = [];
    const dueOn = dateOf(values, 'dueOn', 'the due date', before);
    let made: BoardDecision;
    try {
      made = await this.log.recordDecision(meeting.id, {
        text: one(values['text']),
        kind: one(values['kind']),
        owner: one(values['owner']),
        dueOn: before.length ? BAD_DATE : dueOn,
        partnershipIds: listOf(values['partnershipIds']),
      });
    } catch (error) {
      const order = ['text', 'kind', 'owner', 'dueOn-day', 'partnershipIds'];
      const { errors, status } = formErrors(error, order, before, 'text');
      return this.renderMeeting(res, meeting, values, errors, status);
    }
    req.session.flash = {
      heading: `${KIND_LABELS[made.kind]} ${made.reference} recorded`,
      text: made.concerns.length
        ? `Sent to ${made.concerns.map((c) => c.name).join(', ')}.`
        : 'It concerns no partnership in particular.',
    };
    await saveSession(req);
    return res.redirect(303, `/national/meetings/${meeting.id}`);
  }

  @Policy('update', 'BoardDecision')
  @Get('decisions/:boardDecisionId/change')
  async changeForm(@Param('boardDecisionId') id: string, @Res() res: Response) {
    const d = await this.log.decision(id);
    return this.renderChange(
      res,
      d,
      { status: d.status ?? '', version: String(d.version), ...dateParts('dueOn', d.dueOn) },
      [],
    );
  }

  @Policy('update', 'BoardDecision')
  @Post('decisions/:boardDecisionId/change')
  async change(@Param('boardDecisionId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const d = await this.log.decision(id);
    const values = postedValues(req.body);
    const before: FieldError[] = [];
    const dueOn = dateOf(values, 'dueOn', 'the due date', before);
    let saved: BoardDecision;
    try {
      saved = await this.log.changeAction(d.id, {
        status: one(values['status']),
        dueOn: before.length ? BAD_DATE : dueOn,
        version: one(values['version']),
      });
    } catch (error) {
      const { errors, status } = formErrors(error, ['status', 'dueOn-day', 'version'], before, 'status');
      return this.renderChange(res, d, values, errors, status);
    }
    req.session.flash = {
      heading: `Action ${saved.reference} changed`,
      text: `${STATUS_LABELS[saved.status!]}, due ${formatDate(saved.dueOn)}.`,
    };
    await saveSession(req);
    return res.redirect(303, `/national/meetings/${saved.meetingId}`);
  }

  // ---- rendering ----

  private renderNewMeeting(res: Response, values: Posted, errors: FieldError[], status = errors.length ? 400 : 200) {
    return res.status(status).render('national/decisions-meeting-new.njk', {
      title: 'Record a meeting of the board',
      values,
      errors,
      heldOnItems: dateItems('heldOn', values, errors),
    });
  }

  private async renderMeeting(
    res: Response,
    meeting: BoardMeetingDetail,
    values: Posted,
    errors: FieldError[],
    status = errors.length ? 400 : 200,
  ) {
    const partnerships = await this.log.partnerships();
    return res.status(status).render('national/decisions-meeting.njk', {
      title: meeting.title,
      meeting,
      partnerships,
      values,
      chosen: listOf(values['partnershipIds']),
      errors,
      dueOnItems: dateItems('dueOn', values, errors),
      labels: LABELS,
    });
  }

  private renderChange(
    res: Response,
    d: BoardDecision,
    values: Posted,
    errors: FieldError[],
    status = errors.length ? 400 : 200,
  ) {
    return res.status(status).render('national/decisions-change.njk', {
      title: `Change action ${d.reference}`,
      decision: d,
      values,
      errors,
      dueOnItems: dateItems('dueOn', values, errors),
      labels: LABELS,
    });
  }
}
