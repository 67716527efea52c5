import { Controller, Get, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import { saveSession, WebRequest, WebViewInterceptor } from '@rep-hub/web-surface';
import {
  CohortsService,
  ENDING_KIND_LABELS,
  EnrolmentsService,
  MILESTONE_LABELS,
  MILESTONES,
  PARTICIPANT_ROLE_LABELS,
  PARTICIPANT_ROLES,
  ParticipantsService,
  ProgrammesService,
  SETTING_KIND_LABELS,
  SETTING_KINDS,
  WORKFORCE_END_NOTICE_DAYS,
} from '@rep-hub/workforce-domain';
import type { Response } from 'express';
import { FormPage, formErrors, listOf, postedDates, postedValues, renderForm } from '@rep-hub/web-surface';

const wholeOrText = (v: string | string[] | undefined) =>
  typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v === '' ? undefined : v;

/**
 * Workforce training's overview (windows to qualify and tie-ins ending soon, programmes and
 * cohorts), the lead's form that adds a local
 * programme, and the participants' list and the provider's form that records one.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('workforce')
export class WorkforcePagesController {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly cohorts: CohortsService,
    private readonly participants: ParticipantsService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  @Policy('read', 'WorkforceProgramme')
  @Get()
  async overview(@Res() res: Response) {
    return res.render('workforce/overview.njk', {
      title: 'Workforce training',
      programmes: await this.programmes.list(),
      cohorts: await this.cohorts.list(),
      endingSoon: await this.enrolments.endingSoon(),
      noticeDays: WORKFORCE_END_NOTICE_DAYS,
      endingLabels: ENDING_KIND_LABELS,
      canAddProgramme: this.programmes.mayCreate(),
      canAddCohort: this.cohorts.mayCreate(),
      canRecord: this.participants.mayCreate(),
      milestoneLabels: MILESTONE_LABELS,
    });
  }

  @Policy('create', 'WorkforceProgramme')
  @Get('programmes/new')
  newProgramme(@Res() res: Response) {
    return renderForm(res, this.programmePage(), {}, []);
  }

  @Policy('create', 'WorkforceProgramme')
  @Post('programmes/new')
  async createProgramme(@Req() req: WebRequest, @Res() res: Response) {
    const values = postedValues(req.body);
    const page = this.programmePage();
    try {
      const made = await this.programmes.create({
        name: (values['name'] as string) ?? '',
        description: values['description'] as string,
        milestones: listOf(values['milestones']),
        fundingNote: values['fundingNote'] as string,
        qualificationWindowMonths: wholeOrText(values['qualificationWindowMonths']) as number,
        tieInMonths: wholeOrText(values['tieInMonths']) as number,
      });
      req.session.flash = { heading: 'Programme added', text: made.name };
      await saveSession(req);
      return res.redirect(303, '/workforce');
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }

  @Policy('read', 'WorkforceParticipant')
  @Get('participants')
  async participantList(@Res() res: Response) {
    return res.render('workforce/participants.njk', {
      title: 'Participants',
      participants: await this.participants.list(),
      canRecord: this.participants.mayCreate(),
      roleLabels: PARTICIPANT_ROLE_LABELS,
    });
  }

  @Policy('create', 'WorkforceParticipant')
  @Get('participants/new')
  async newParticipant(@Res() res: Response) {
    return renderForm(res, await this.participantPage(), {}, []);
  }

  @Policy('create', 'WorkforceParticipant')
  @Post('participants/new')
  async createParticipant(@Req() req: WebRequest, @Res() res: Response) {
    const values = postedValues(req.body);
    const page = await this.participantPage();
    const posted = postedDates(values, page.fields);
    if (posted.errors.length) return renderForm(res, page, values, posted.errors, 400);
    try {
      const made = await this.participants.create({
        laId: (values['laId'] as string) ?? '',
        fullName: (values['fullName'] as string) ?? '',
        workEmail: (values['workEmail'] as string) ?? '',
        role: (values['role'] as string) ?? '',
        settingKind: (values['settingKind'] as string) || undefined,
        settingIdentifier: (values['settingIdentifier'] as string) || undefined,
        tookUpPostOn: posted.dates['tookUpPostOn'] || undefined,
      });
      req.session.flash = { heading: 'Participant recorded', text: made.fullName };
      await saveSession(req);
      return res.redirect(303, '/workforce/participants');
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }

  private programmePage(): FormPage {
    return {
      title: 'Add a local programme',
      caption: 'Workforce training',
      intro: 'The national programmes are already here. Add a programme the partnership runs or funds itself.',
      action: '/workforce/programmes/new',
      button: 'Add programme',
      back: { text: 'Back to workforce training', href: '/workforce' },
      fields: [
        { name: 'name', label: 'Name' },
        { type: 'textarea', name: 'description', label: 'What the programme is', rows: 3 },
        {
          type: 'checkboxes',
          name: 'milestones',
          label: 'Milestones the training provider declares',
          options: MILESTONES.map((m) => ({ value: m, text: MILESTONE_LABELS[m] })),
        },
        { type: 'textarea', name: 'fundingNote', label: 'Funding rule', rows: 3 },
        {
          name: 'qualificationWindowMonths',
          label: 'Months to qualify from taking up the post (optional)',
          hint: 'For example, 36 for the NPQ for SENCOs',
        },
        { name: 'tieInMonths', label: 'Months of local authority employment after training (optional)' },
      ],
    };
  }

  private async participantPage(): Promise<FormPage> {
    const las = await this.participants.localAuthorities();
    return {
      title: 'Record a participant',
      caption: 'Workforce training',
      intro: 'Record only what the training needs. The employing local authority is the controller of this data.',
      action: '/workforce/participants/new',
      button: 'Record participant',
      back: { text: 'Back to participants', href: '/workforce/participants' },
      fields: [
        { name: 'fullName', label: 'Full name' },
        { name: 'workEmail', label: 'Work email address' },
        {
          type: 'select',
          name: 'role',
          label: 'Role',
          options: [
            { value: '', text: 'Choose a role' },
            ...PARTICIPANT_ROLES.map((r) => ({ value: r, text: PARTICIPANT_ROLE_LABELS[r] })),
          ],
        },
        {
          type: 'select',
          name: 'laId',
          label: 'Employing local authority',
          options: [
            { value: '', text: 'Choose a local authority' },
            ...las.map((l) => ({ value: l.id, text: l.name })),
          ],
        },
        {
          type: 'radios',
          name: 'settingKind',
          label: 'Setting',
          options: [
            ...SETTING_KINDS.map((k) => ({ value: k, text: SETTING_KIND_LABELS[k] })),
            { value: '', text: 'No setting (a local authority post)' },
          ],
        },
        {
          name: 'settingIdentifier',
          label: 'The setting’s URN, UKPRN or Ofsted URN',
          hint: 'For example, 123456, 10012345 or EY123456',
        },
        { type: 'date', name: 'tookUpPostOn', label: 'When they took up the post (optional)' },
      ],
    };
  }
}
