import { Controller, Get, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import {
  ATTENDANCE_VALUES,
  LocalPartnershipMeetingsService,
  LocalPartnershipsService,
  MEETING_STATUSES,
  renderSafeHtml,
} from '@rep-hub/plans-domain';
import { FieldError } from '@rep-hub/platform';
import { formatDate, formFields, WebRequest, WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';
import { FormField, FormPage, formErrors, postedDates, renderForm } from './plans-forms';
import { done, mayEdit, MEETING_LABEL, MEETING_TAG } from './local-partnership-pages';

const ATTENDANCE_LABEL: Record<string, string> = { attended: 'Attended', apologies: 'Apologies', absent: 'Absent' };

/**
 * The meeting pages of a local partnership: recording a meeting, its attendance, papers and
 * decisions. Every member of the partnership reads them; the lead and the LA's own officers and
 * admins change them. Each form is one page.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('local-partnerships')
export class LocalPartnershipMeetingPagesController {
  constructor(
    private readonly lps: LocalPartnershipsService,
    private readonly meetings: LocalPartnershipMeetingsService,
  ) {}

  // ---- meetings ----

  private meetingForm(lpId: string, name: string): FormPage {
    return {
      title: 'Add a meeting',
      caption: name,
      action: `/local-partnerships/${lpId}/meetings/new`,
      button: 'Add the meeting',
      back: { text: 'Back to the local partnership', href: `/local-partnerships/${lpId}` },
      fields: [
        { name: 'title', label: 'Title', hint: 'For example, Spring partnership board' },
        { type: 'date', name: 'heldOn', label: 'Date of the meeting' },
        {
          type: 'radios',
          name: 'status',
          label: 'Status',
          inline: true,
          options: MEETING_STATUSES.map((s) => ({ value: s, text: MEETING_LABEL[s] })),
        },
        { type: 'textarea', name: 'notes', label: 'Notes (optional)' },
      ],
    };
  }

  @Policy('create', 'LocalPartnershipMeeting')
  @Get(':id/meetings/new')
  async meetingPage(@Param('id') id: string, @Res() res: Response) {
    const lp = await this.lps.get(id);
    mayEdit(this.lps, lp.laId);
    return renderForm(res, this.meetingForm(id, lp.name), { status: 'planned' }, []);
  }

  @Policy('create', 'LocalPartnershipMeeting')
  @Post(':id/meetings/new')
  async addMeeting(@Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const lp = await this.lps.get(id);
    const values = formFields(req.body);
    const page = this.meetingForm(id, lp.name);
    const posted = postedDates(values, page.fields);
    try {
      if (posted.errors.length) throw posted.errors;
      const meeting = await this.meetings.createMeeting(id, {
        title: values['title'],
        heldOn: posted.dates['heldOn'],
        status: values['status'] ?? '',
        notes: values['notes'] ?? '',
      });
      return done(req, res, `/local-partnerships/meetings/${meeting.id}`, `${meeting.title} added`);
    } catch (error) {
      const { errors, status } = Array.isArray(error)
        ? { errors: error as FieldError[], status: 400 }
        : formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }

  @Policy('read', 'LocalPartnershipMeeting')
  @Get('meetings/:meetingId')
  async meeting(@Param('meetingId') meetingId: string, @Res() res: Response) {
    const meeting = await this.meetings.getMeeting(meetingId);
    const lp = await this.lps.get(meeting.localPartnershipId);
    return res.render('plans/local-meeting.njk', {
      title: meeting.title,
      lp,
      meeting: {
        ...meeting,
        heldOnText: formatDate(meeting.heldOn),
        statusLabel: MEETING_LABEL[meeting.status],
        statusTag: MEETING_TAG[meeting.status],
        notesHtml: renderSafeHtml(meeting.notes),
      },
      attendance: meeting.attendance.map((a) => ({ ...a, label: ATTENDANCE_LABEL[a.attendance] })),
      decisions: meeting.decisions.map((d) => ({ ...d, dueText: d.dueOn ? formatDate(d.dueOn) : '' })),
      canEdit: this.lps.may('update', lp.laId),
    });
  }

  @Policy('update', 'LocalPartnershipMeeting')
  @Get('meetings/:meetingId/attendance')
  async attendancePage(@Param('meetingId') meetingId: string, @Res() res: Response) {
    const meeting = await this.meetings.getMeeting(meetingId);
    mayEdit(this.lps, meeting.laId);
    const values: Record<string, string> = { version: String(meeting.version) };
    for (const a of meeting.attendance) values[`att-${a.representativeId}`] = a.attendance;
    return this.renderAttendance(res, meetingId, values, [], 200);
  }

  @Policy('update', 'LocalPartnershipMeeting')
  @Post('meetings/:meetingId/attendance')
  async saveAttendance(@Param('meetingId') meetingId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const reps = await this.representativesOf(meetingId);
    const entries = reps
      .filter((r) => values[`att-${r.id}`])
      .map((r) => ({ representativeId: r.id, attendance: values[`att-${r.id}`] }));
    try {
      await this.meetings.setAttendance(meetingId, { entries, version: values['version'] });
    } catch (error) {
      const fields: FormField[] = reps.map((r) => ({ type: 'radios', name: `att-${r.id}`, label: r.fullName }));
      const { errors, status } = formErrors(error, fields.length ? fields : [{ name: 'version', label: '' }]);
      const byIndex = errors.map((e) => {
        const m = /^entries\[(\d+)\]/.exec(e.field);
        return m ? { ...e, field: `att-${entries[Number(m[1])].representativeId}` } : e;
      });
      return this.renderAttendance(res, meetingId, values, byIndex, status);
    }
    return done(req, res, `/local-partnerships/meetings/${meetingId}`, 'Attendance saved');
  }

  private async renderAttendance(
    res: Response,
    meetingId: string,
    values: Record<string, string>,
    errors: FieldError[],
    status: number,
  ) {
    const meeting = await this.meetings.getMeeting(meetingId);
    const reps = await this.representativesOf(meetingId);
    return res.status(status).render('plans/local-attendance.njk', {
      title: 'Attendance',
      meeting: { ...meeting, heldOnText: formatDate(meeting.heldOn) },
      reps,
      options: ATTENDANCE_VALUES.map((a) => ({ value: a, text: ATTENDANCE_LABEL[a] })),
      values,
      errors,
    });
  }

  private paperForm(meetingId: string, title: string): FormPage {
    return {
      title: 'Add a paper',
      caption: title,
      intro: 'Give a link to the paper, or a summary of it, or both.',
      action: `/local-partnerships/meetings/${meetingId}/papers/new`,
      button: 'Add the paper',
      back: { text: 'Back to the meeting', href: `/local-partnerships/meetings/${meetingId}` },
      fields: [
        { name: 'title', label: 'Title' },
        { name: 'url', label: 'Link (optional)', hint: 'Starting https://', inputType: 'url' },
        { type: 'textarea', name: 'summary', label: 'Summary (optional)' },
      ],
    };
  }

  @Policy('update', 'LocalPartnershipMeeting')
  @Get('meetings/:meetingId/papers/new')
  async paperPage(@Param('meetingId') meetingId: string, @Res() res: Response) {
    const meeting = await this.meetings.getMeeting(meetingId);
    mayEdit(this.lps, meeting.laId);
    return renderForm(res, this.paperForm(meetingId, meeting.title), {}, []);
  }

  @Policy('update', 'LocalPartnershipMeeting')
  @Post('meetings/:meetingId/papers/new')
  async addPaper(@Param('meetingId') meetingId: string, @Req() req: WebRequest, @Res() res: Response) {
    const meeting = await this.meetings.getMeeting(meetingId);
    const values = formFields(req.body);
    const page = this.paperForm(meetingId, meeting.title);
    try {
      await this.meetings.addPaper(meetingId, {
        title: values['title'],
        url: values['url'] ?? '',
        summary: values['summary'] ?? '',
      });
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
    return done(req, res, `/local-partnerships/meetings/${meetingId}`, 'Paper added');
  }

  private async decisionForm(meetingId: string, title: string, lpId: string): Promise<FormPage> {
    const lp = await this.lps.get(lpId);
    return {
      title: 'Record a decision',
      caption: title,
      action: `/local-partnerships/meetings/${meetingId}/decisions/new`,
      button: 'Record the decision',
      back: { text: 'Back to the meeting', href: `/local-partnerships/meetings/${meetingId}` },
      fields: [
        { type: 'textarea', name: 'decision', label: 'Decision' },
        {
          type: 'select',
          name: 'ownerMemberId',
          label: 'Member that owns it (optional)',
          options: [
            { value: '', text: 'No owner' },
            ...lp.members.filter((m) => m.current).map((m) => ({ value: m.id, text: m.name })),
          ],
        },
        { type: 'date', name: 'dueOn', label: 'Date it is due (optional)' },
      ],
    };
  }

  @Policy('update', 'LocalPartnershipMeeting')
  @Get('meetings/:meetingId/decisions/new')
  async decisionPage(@Param('meetingId') meetingId: string, @Res() res: Response) {
    const meeting = await this.meetings.getMeeting(meetingId);
    mayEdit(this.lps, meeting.laId);
    return renderForm(res, await this.decisionForm(meetingId, meeting.title, meeting.localPartnershipId), {}, []);
  }

  @Policy('update', 'LocalPartnershipMeeting')
  @Post('meetings/:meetingId/decisions/new')
  async addDecision(@Param('meetingId') meetingId: string, @Req() req: WebRequest, @Res() res: Response) {
    const meeting = await this.meetings.getMeeting(meetingId);
    const values = formFields(req.body);
    const page = await this.decisionForm(meetingId, meeting.title, meeting.localPartnershipId);
    const posted = postedDates(values, page.fields);
    try {
      if (posted.errors.length) throw posted.errors;
      await this.meetings.addDecision(meetingId, {
        decision: values['decision'],
        ownerMemberId: values['ownerMemberId'] || null,
        dueOn: posted.dates['dueOn'] || null,
      });
    } catch (error) {
      const { errors, status } = Array.isArray(error)
        ? { errors: error as FieldError[], status: 400 }
        : formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
    return done(req, res, `/local-partnerships/meetings/${meetingId}`, 'Decision recorded');
  }

  // ---- helpers ----

  private async representativesOf(meetingId: string) {
    const meeting = await this.meetings.getMeeting(meetingId);
    const lp = await this.lps.get(meeting.localPartnershipId);
    return lp.members.flatMap((m) => m.representatives.map((r) => ({ ...r, memberName: m.name })));
  }
}
