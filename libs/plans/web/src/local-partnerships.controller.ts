import { Controller, ForbiddenException, Get, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthContext, Policy } from '@rep-hub/auth';
import {
  ATTENDANCE_VALUES,
  LocalPartnershipMeetingsService,
  LocalPartnershipMembersService,
  LocalPartnershipsService,
  MEETING_STATUSES,
  MEMBER_KINDS,
  renderSafeHtml,
} from '@rep-hub/plans-domain';
import { FieldError, problem } from '@rep-hub/platform';
import {
  formatDate,
  formatDateTime,
  formFields,
  saveSession,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';
import type { Response } from 'express';
import { dateValues, FormField, FormPage, formErrors, postedDates, renderForm } from './plans-forms';

const KIND_LABEL = Object.fromEntries(MEMBER_KINDS.map((k) => [k.code, k.name])) as Record<string, string>;
const MEETING_LABEL: Record<string, string> = { planned: 'Planned', held: 'Held', cancelled: 'Cancelled' };
const MEETING_TAG: Record<string, string> = {
  planned: 'govuk-tag--blue',
  held: 'govuk-tag--green',
  cancelled: 'govuk-tag--grey',
};
const ATTENDANCE_LABEL: Record<string, string> = { attended: 'Attended', apologies: 'Apologies', absent: 'Absent' };

/**
 * The local partnership pages: each LA's local partnership with its members and representatives,
 * meetings (attendance, papers, decisions) and terms of reference. Every member of the partnership
 * reads them; the lead and the LA's own officers and admins change them. Each form is one page.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('local-partnerships')
export class LocalPartnershipsPagesController {
  constructor(
    private readonly lps: LocalPartnershipsService,
    private readonly members: LocalPartnershipMembersService,
    private readonly meetings: LocalPartnershipMeetingsService,
    private readonly context: AuthContext,
  ) {}

  // ---- the list, and setting one up ----

  @Policy('read', 'LocalPartnership')
  @Get()
  async list(@Res() res: Response) {
    const items = await this.lps.list();
    const canCreate = (await this.lps.lasWithout()).length > 0;
    return res.render('plans/local-partnerships.njk', {
      title: 'Local SEND and AP partnerships',
      items: items.map((i) => ({
        ...i,
        nextMeetingText: i.nextMeetingOn ? formatDate(i.nextMeetingOn) : 'None planned',
      })),
      canCreate,
    });
  }

  @Policy('create', 'LocalPartnership')
  @Get('new')
  async newPage(@Res() res: Response) {
    const page = await this.newForm();
    return renderForm(
      res,
      page,
      { laId: page.fields[0].options?.length === 2 ? page.fields[0].options[1].value : '' },
      [],
    );
  }

  @Policy('create', 'LocalPartnership')
  @Post('new')
  async create(@Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const page = await this.newForm();
    try {
      const lp = await this.lps.create({ laId: values['laId'] || undefined, name: values['name'] });
      return this.done(
        req,
        res,
        `/local-partnerships/${lp.id}`,
        `${lp.name} has been set up`,
        'Next, add its member organisations.',
      );
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }

  private async newForm(): Promise<FormPage> {
    const las = await this.lps.lasWithout();
    return {
      title: 'Set up a local partnership',
      action: '/local-partnerships/new',
      button: 'Set up the local partnership',
      back: { text: 'Back to local partnerships', href: '/local-partnerships' },
      fields: [
        {
          type: 'select',
          name: 'laId',
          label: 'Local authority',
          options: [
            { value: '', text: 'Select a local authority' },
            ...las.map((l) => ({ value: l.id, text: l.name })),
          ],
        },
        { name: 'name', label: 'Name of the local partnership', hint: 'For example, Derby SEND and AP partnership' },
      ],
    };
  }

  // ---- one local partnership ----

  @Policy('read', 'LocalPartnership')
  @Get(':id')
  async show(@Param('id') id: string, @Res() res: Response) {
    const lp = await this.lps.get(id);
    const canEdit = this.lps.may('update', lp.laId);
    return res.render('plans/local-partnership.njk', {
      title: lp.name,
      lp,
      termsHtml: renderSafeHtml(lp.termsOfReference),
      termsUpdatedText: lp.termsUpdatedAt ? formatDateTime(lp.termsUpdatedAt) : null,
      members: lp.members.map((m) => ({
        ...m,
        kindLabel: KIND_LABEL[m.kind] ?? m.kind,
        datesText: [
          m.joinedOn ? `Joined ${formatDate(m.joinedOn)}` : '',
          m.leftOn ? `left ${formatDate(m.leftOn)}` : '',
        ]
          .filter(Boolean)
          .join(', '),
      })),
      meetings: lp.meetings.map((m) => ({
        ...m,
        heldOnText: formatDate(m.heldOn),
        statusLabel: MEETING_LABEL[m.status],
        statusTag: MEETING_TAG[m.status],
      })),
      canEdit,
    });
  }

  // ---- terms of reference ----

  private termsForm(id: string, name: string): FormPage {
    return {
      title: 'Terms of reference',
      caption: name,
      intro: 'Write in plain text. Leave a blank line between paragraphs.',
      action: `/local-partnerships/${id}/terms`,
      button: 'Save the terms of reference',
      back: { text: 'Back to the local partnership', href: `/local-partnerships/${id}` },
      fields: [{ type: 'textarea', name: 'termsOfReference', label: 'Terms of reference', rows: 15 }],
    };
  }

  @Policy('update', 'LocalPartnership')
  @Get(':id/terms')
  async termsPage(@Param('id') id: string, @Res() res: Response) {
    const lp = await this.lps.get(id);
    this.mayEdit(lp.laId);
    return renderForm(
      res,
      this.termsForm(id, lp.name),
      { termsOfReference: lp.termsOfReference, version: String(lp.version) },
      [],
    );
  }

  @Policy('update', 'LocalPartnership')
  @Post(':id/terms')
  async saveTerms(@Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const lp = await this.lps.get(id);
    const values = formFields(req.body);
    const page = this.termsForm(id, lp.name);
    try {
      await this.lps.update(id, { termsOfReference: values['termsOfReference'] ?? '', version: values['version'] });
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
    return this.done(req, res, `/local-partnerships/${id}`, 'Terms of reference saved');
  }

  // ---- members ----

  private memberForm(id: string, name: string, orgs: { id: string; name: string }[]): FormPage {
    return {
      title: 'Add a member organisation',
      caption: name,
      action: `/local-partnerships/${id}/members/new`,
      button: 'Add the member',
      back: { text: 'Back to the local partnership', href: `/local-partnerships/${id}` },
      fields: [
        {
          type: 'radios',
          name: 'kind',
          label: 'Kind of organisation',
          options: MEMBER_KINDS.map((k) => ({ value: k.code, text: k.name })),
        },
        {
          type: 'select',
          name: 'organisationId',
          label: 'Organisation in REP Hub (if it has one)',
          options: [{ value: '', text: 'Not in REP Hub' }, ...orgs.map((o) => ({ value: o.id, text: o.name }))],
        },
        { name: 'name', label: 'Name', hint: 'Needed when the organisation is not in REP Hub' },
        { type: 'date', name: 'joinedOn', label: 'Date it joined (optional)' },
      ],
    };
  }

  @Policy('update', 'LocalPartnership')
  @Get(':id/members/new')
  async memberPage(@Param('id') id: string, @Res() res: Response) {
    const lp = await this.lps.get(id);
    this.mayEdit(lp.laId);
    return renderForm(res, this.memberForm(id, lp.name, await this.lps.organisations()), {}, []);
  }

  @Policy('update', 'LocalPartnership')
  @Post(':id/members/new')
  async addMember(@Param('id') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const lp = await this.lps.get(id);
    const values = formFields(req.body);
    const page = this.memberForm(id, lp.name, await this.lps.organisations());
    const posted = postedDates(values, page.fields);
    try {
      if (posted.errors.length) throw posted.errors;
      const member = await this.members.addMember(id, {
        kind: values['kind'],
        organisationId: values['organisationId'] || null,
        name: values['name'] ?? '',
        joinedOn: posted.dates['joinedOn'] || null,
      });
      return this.done(req, res, `/local-partnerships/${id}`, `${member.name} added`, 'Next, add its representatives.');
    } catch (error) {
      const { errors, status } = Array.isArray(error)
        ? { errors: error as FieldError[], status: 400 }
        : formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }

  private leaveForm(memberId: string, lpId: string, name: string): FormPage {
    return {
      title: `${name} leaves the local partnership`,
      action: `/local-partnerships/members/${memberId}/leave`,
      button: 'Save the date it left',
      back: { text: 'Back to the local partnership', href: `/local-partnerships/${lpId}` },
      fields: [{ type: 'date', name: 'leftOn', label: 'Date it left' }],
    };
  }

  @Policy('update', 'LocalPartnership')
  @Get('members/:memberId/leave')
  async leavePage(@Param('memberId') memberId: string, @Res() res: Response) {
    const { lp, member } = await this.memberOf(memberId);
    this.mayEdit(lp.laId);
    return renderForm(
      res,
      this.leaveForm(memberId, lp.id, member.name),
      { version: String(member.version), ...dateValues({ leftOn: member.leftOn }) },
      [],
    );
  }

  @Policy('update', 'LocalPartnership')
  @Post('members/:memberId/leave')
  async leave(@Param('memberId') memberId: string, @Req() req: WebRequest, @Res() res: Response) {
    const { lp, member } = await this.memberOf(memberId);
    const values = formFields(req.body);
    const page = this.leaveForm(memberId, lp.id, member.name);
    const posted = postedDates(values, page.fields);
    try {
      if (posted.errors.length) throw posted.errors;
      if (!posted.dates['leftOn']) throw [{ field: 'leftOn-day', message: 'Enter the date it left' }];
      await this.members.updateMember(memberId, {
        kind: member.kind,
        name: member.name,
        organisationId: member.organisationId,
        joinedOn: member.joinedOn,
        leftOn: posted.dates['leftOn'],
        version: values['version'],
      });
    } catch (error) {
      const { errors, status } = Array.isArray(error)
        ? { errors: error as FieldError[], status: 400 }
        : formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
    return this.done(req, res, `/local-partnerships/${lp.id}`, `${member.name} has left the local partnership`);
  }

  // ---- representatives ----

  private repForm(memberId: string, lpId: string, memberName: string): FormPage {
    return {
      title: 'Add a representative',
      caption: memberName,
      action: `/local-partnerships/members/${memberId}/representatives/new`,
      button: 'Add the representative',
      back: { text: 'Back to the local partnership', href: `/local-partnerships/${lpId}` },
      fields: [
        { name: 'fullName', label: 'Full name', inputType: 'text' },
        { name: 'roleTitle', label: 'Role (optional)', hint: 'For example, Head of SEND' },
        { name: 'email', label: 'Work email address (optional)', inputType: 'email' },
        { type: 'date', name: 'fromOn', label: 'Date they started (optional)' },
      ],
    };
  }

  @Policy('update', 'LocalPartnership')
  @Get('members/:memberId/representatives/new')
  async repPage(@Param('memberId') memberId: string, @Res() res: Response) {
    const { lp, member } = await this.memberOf(memberId);
    this.mayEdit(lp.laId);
    return renderForm(res, this.repForm(memberId, lp.id, member.name), {}, []);
  }

  @Policy('update', 'LocalPartnership')
  @Post('members/:memberId/representatives/new')
  async addRep(@Param('memberId') memberId: string, @Req() req: WebRequest, @Res() res: Response) {
    const { lp, member } = await this.memberOf(memberId);
    const values = formFields(req.body);
    const page = this.repForm(memberId, lp.id, member.name);
    const posted = postedDates(values, page.fields);
    try {
      if (posted.errors.length) throw posted.errors;
      const rep = await this.members.addRepresentative(memberId, {
        fullName: values['fullName'],
        roleTitle: values['roleTitle'] ?? '',
        email: values['email'] ?? '',
        fromOn: posted.dates['fromOn'] || null,
      });
      return this.done(
        req,
        res,
        `/local-partnerships/${lp.id}`,
        `${rep.fullName} added as a representative of ${member.name}`,
      );
    } catch (error) {
      const { errors, status } = Array.isArray(error)
        ? { errors: error as FieldError[], status: 400 }
        : formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }

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
    this.mayEdit(lp.laId);
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
      return this.done(req, res, `/local-partnerships/meetings/${meeting.id}`, `${meeting.title} added`);
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
    this.mayEdit(meeting.laId);
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
    return this.done(req, res, `/local-partnerships/meetings/${meetingId}`, 'Attendance saved');
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
    this.mayEdit(meeting.laId);
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
    return this.done(req, res, `/local-partnerships/meetings/${meetingId}`, 'Paper added');
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
    this.mayEdit(meeting.laId);
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
    return this.done(req, res, `/local-partnerships/meetings/${meetingId}`, 'Decision recorded');
  }

  // ---- helpers ----

  /** 403 on a form page of another LA's local partnership (the service refuses the post the same way). */
  private mayEdit(laId: string): void {
    if (!this.lps.may('update', laId))
      throw new ForbiddenException(
        problem(403, 'You can change the local partnership of your own local authority only.'),
      );
  }

  private async memberOf(memberId: string) {
    const lp = await this.lps.memberPartnership(memberId);
    const member = lp.members.find((m) => m.id === memberId)!;
    return { lp, member };
  }

  private async representativesOf(meetingId: string) {
    const meeting = await this.meetings.getMeeting(meetingId);
    const lp = await this.lps.get(meeting.localPartnershipId);
    return lp.members.flatMap((m) => m.representatives.map((r) => ({ ...r, memberName: m.name })));
  }

  private async done(req: WebRequest, res: Response, to: string, heading: string, text?: string) {
    req.session.flash = text ? { heading, text } : { heading };
    await saveSession(req);
    return res.redirect(303, to);
  }
}
