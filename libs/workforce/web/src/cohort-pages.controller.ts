import { Controller, Get, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import { FieldError } from '@rep-hub/platform';
import { dateInputItems, saveSession, takeForPage, WebRequest, WebViewInterceptor } from '@rep-hub/web-surface';
import {
  CohortsService,
  CohortView,
  ENROLMENT_STATUS_LABELS,
  EnrolmentsService,
  EnrolmentView,
  INTAKE_TERMS,
  MILESTONE_LABELS,
  ParticipantsService,
  ProgrammesService,
} from '@rep-hub/workforce-domain';
import type { Response } from 'express';
import { FormPage, formErrors, postedDates, postedValues, renderForm } from '@rep-hub/web-surface';
import type { KeptUploadProblems } from './upload-pages.controller';

const whole = (v: unknown) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : v);
const STATUS_TAGS: Record<string, string> = {
  applied: 'govuk-tag--grey',
  enrolled: 'govuk-tag--blue',
  active: 'govuk-tag--turquoise',
  deferred: 'govuk-tag--yellow',
  withdrawn: 'govuk-tag--red',
  completed: 'govuk-tag--green',
  accredited: 'govuk-tag--purple',
};

/**
 * A cohort's pages: the lead sets one up and gives each LA its places; the cohort's page lists its
 * enrolments, and its training provider enrols participants there. An enrolment's page shows its
 * history and milestones, with the provider's forms that change its status and declare a milestone.
 * Each form is one page about one record: nothing is kept between pages.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('workforce')
export class CohortPagesController {
  constructor(
    private readonly programmes: ProgrammesService,
    private readonly cohorts: CohortsService,
    private readonly participants: ParticipantsService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  @Policy('create', 'WorkforceCohort')
  @Get('cohorts/new')
  async newCohort(@Res() res: Response) {
    return renderForm(res, await this.cohortPage(), {}, []);
  }

  @Policy('create', 'WorkforceCohort')
  @Post('cohorts/new')
  async createCohort(@Req() req: WebRequest, @Res() res: Response) {
    const values = postedValues(req.body);
    const page = await this.cohortPage();
    const posted = postedDates(values, page.fields);
    if (posted.errors.length) return renderForm(res, page, values, posted.errors, 400);
    try {
      const made = await this.cohorts.create({
        programmeId: (values['programmeId'] as string) ?? '',
        providerId: (values['providerId'] as string) ?? '',
        name: (values['name'] as string) ?? '',
        intakeYear: whole(values['intakeYear']) as number,
        intakeTerm: (values['intakeTerm'] as string) ?? '',
        startsOn: posted.dates['startsOn'] ?? '',
        endsOn: posted.dates['endsOn'] ?? '',
        fundedPlaces: whole(values['fundedPlaces']) as number,
      });
      req.session.flash = { heading: 'Cohort set up', text: 'Now give each local authority its places.' };
      await saveSession(req);
      return res.redirect(303, `/workforce/cohorts/${made.id}`);
    } catch (error) {
      const { errors, status } = formErrors(error, page.fields);
      return renderForm(res, page, values, errors, status);
    }
  }

  @Policy('read', 'WorkforceCohort')
  @Get('cohorts/:cohortId')
  async cohort(@Param('cohortId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const cohort = await this.cohorts.get(id);
    // a file the upload refused before any row was checked: its problems, once (upload-pages.controller.ts)
    const kept = takeForPage<KeptUploadProblems>(req);
    if (!kept) return this.renderCohort(res, cohort, {}, [], 200);
    const rows = kept.uploadProblems.filter((e) => e.row !== undefined);
    const errors: FieldError[] = [
      ...(rows.length
        ? [
            {
              field: 'file',
              message: `The file has ${rows.length === 1 ? '1 problem' : `${rows.length} problems`}. Nothing was saved: correct the file and upload it again`,
            },
          ]
        : []),
      ...kept.uploadProblems.filter((e) => e.row === undefined).map((e) => ({ field: 'file', message: e.message })),
    ];
    return this.renderCohort(res, cohort, {}, errors, 400, rows);
  }

  @Policy('update', 'WorkforceAllocation')
  @Post('cohorts/:cohortId/allocations')
  async allocate(@Param('cohortId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = postedValues(req.body);
    const laId = typeof values['laId'] === 'string' ? values['laId'] : '';
    try {
      await this.cohorts.allocate(id, laId, { places: whole(values['places']) as number });
      req.session.flash = { heading: 'Places saved' };
      await saveSession(req);
      return res.redirect(303, `/workforce/cohorts/${id}`);
    } catch (error) {
      const { errors, status } = formErrors(error, [{ name: `places-${laId}`, label: 'Places' }]);
      return this.renderCohort(
        res,
        await this.cohorts.get(id),
        values,
        errors.map((e) => ({ ...e, field: `places-${laId}` })),
        status,
      );
    }
  }

  @Policy('create', 'WorkforceEnrolment')
  @Post('cohorts/:cohortId/enrolments')
  async enrol(@Param('cohortId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = postedValues(req.body);
    try {
      const made = await this.enrolments.enrol(id, { participantId: (values['participantId'] as string) ?? '' });
      req.session.flash = { heading: 'Participant enrolled', text: made.participantName };
      await saveSession(req);
      return res.redirect(303, `/workforce/enrolments/${made.id}`);
    } catch (error) {
      const { errors, status } = formErrors(error, [{ name: 'participantId', label: 'Participant' }]);
      return this.renderCohort(res, await this.cohorts.get(id), values, errors, status);
    }
  }

  @Policy('read', 'WorkforceEnrolment')
  @Get('enrolments/:enrolmentId')
  async enrolment(@Param('enrolmentId') id: string, @Res() res: Response) {
    return this.renderEnrolment(res, await this.enrolments.get(id), {}, [], 200);
  }

  @Policy('update', 'WorkforceEnrolment')
  @Post('enrolments/:enrolmentId/transitions')
  async transition(@Param('enrolmentId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = postedValues(req.body);
    try {
      const saved = await this.enrolments.transition(id, {
        status: (values['status'] as string) ?? '',
        reason: (values['reason'] as string) || undefined,
        version: whole(values['version']) as number,
      });
      req.session.flash = { heading: 'Status changed', text: ENROLMENT_STATUS_LABELS[saved.status] };
      await saveSession(req);
      return res.redirect(303, `/workforce/enrolments/${id}`);
    } catch (error) {
      const { errors, status } = formErrors(error, [
        { name: 'status', label: 'New status' },
        { name: 'reason', label: 'Reason' },
      ]);
      return this.renderEnrolment(res, await this.enrolments.get(id), values, errors, status);
    }
  }

  @Policy('create', 'WorkforceMilestone')
  @Post('enrolments/:enrolmentId/milestones')
  async milestone(@Param('enrolmentId') id: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = postedValues(req.body);
    const date = { type: 'date' as const, name: 'evidenceOn', label: 'Date of the evidence' };
    const posted = postedDates(values, [date]);
    const fields = [{ name: 'milestone', label: 'Milestone' }, date];
    if (posted.errors.length)
      return this.renderEnrolment(res, await this.enrolments.get(id), values, posted.errors, 400);
    try {
      await this.enrolments.recordMilestone(id, {
        milestone: (values['milestone'] as string) ?? '',
        evidenceOn: posted.dates['evidenceOn'] ?? '',
      });
      req.session.flash = { heading: 'Milestone recorded' };
      await saveSession(req);
      return res.redirect(303, `/workforce/enrolments/${id}`);
    } catch (error) {
      const { errors, status } = formErrors(error, fields);
      return this.renderEnrolment(res, await this.enrolments.get(id), values, errors, status);
    }
  }

  // ---- helpers ----

  private async renderCohort(
    res: Response,
    cohort: CohortView,
    values: Record<string, unknown>,
    errors: FieldError[],
    status: number,
    uploadProblems: KeptUploadProblems['uploadProblems'] = [],
  ) {
    const readEnrolments = await this.enrolments.listForCohort(cohort.id);
    const canEnrol = this.enrolments.mayEnrol(cohort);
    const enrolled = new Set(readEnrolments.map((e) => e.participantId));
    // the provider's participants not yet in the cohort (one whose LA has no places here is refused with a 409)
    const candidates = canEnrol ? (await this.participants.list()).filter((p) => !enrolled.has(p.id)) : [];
    const las = this.cohorts.mayAllocate() ? (await this.cohorts.organisations()).las : [];
    const places = Object.fromEntries(cohort.allocations.map((a) => [a.laId, a]));
    return res.status(status).render('workforce/cohort.njk', {
      title: cohort.name,
      cohort,
      enrolments: readEnrolments,
      allocationRows: las.length
        ? las.map((l) => ({
            laId: l.id,
            laName: l.name,
            places: places[l.id]?.places ?? 0,
            placesFilled: places[l.id]?.placesFilled ?? 0,
          }))
        : cohort.allocations,
      canAllocate: las.length > 0,
      canEnrol,
      candidates,
      values,
      errors,
      uploadProblems,
      statusLabels: ENROLMENT_STATUS_LABELS,
      statusTags: STATUS_TAGS,
    });
  }

  private renderEnrolment(
    res: Response,
    e: EnrolmentView,
    values: Record<string, unknown>,
    errors: FieldError[],
    status: number,
  ) {
    const declared = new Set(e.milestones.map((m) => m.milestone));
    const open = e.milestonesExpected.filter((m) => !declared.has(m));
    const canDeclare = e.allowedMoves.length > 0 && e.status !== 'applied';
    return res.status(status).render('workforce/enrolment.njk', {
      title: `${e.participantName}: ${e.programmeName}`,
      e,
      values,
      errors,
      openMilestones: canDeclare ? open : [],
      evidenceItems: dateInputItems(
        'evidenceOn',
        values as Record<string, string>,
        errors.some((x) => x.field === 'evidenceOn-day'),
      ),
      statusLabels: ENROLMENT_STATUS_LABELS,
      statusTags: STATUS_TAGS,
      milestoneLabels: MILESTONE_LABELS,
    });
  }

  private async cohortPage(): Promise<FormPage> {
    const programmes = await this.programmes.list();
    const { providers } = await this.cohorts.organisations();
    return {
      title: 'Set up a cohort',
      caption: 'Workforce training',
      action: '/workforce/cohorts/new',
      button: 'Set up cohort',
      back: { text: 'Back to workforce training', href: '/workforce' },
      fields: [
        {
          type: 'select',
          name: 'programmeId',
          label: 'Programme',
          options: [
            { value: '', text: 'Choose a programme' },
            ...programmes.map((p) => ({ value: p.id, text: p.name })),
          ],
        },
        {
          type: 'select',
          name: 'providerId',
          label: 'Training provider',
          options: [
            { value: '', text: 'Choose a training provider' },
            ...providers.map((p) => ({ value: p.id, text: p.name })),
          ],
        },
        { name: 'name', label: 'Name of the cohort', hint: 'For example, NPQ for SENCOs, autumn 2026' },
        { name: 'intakeYear', label: 'Intake year', hint: 'For example, 2026' },
        {
          type: 'radios',
          name: 'intakeTerm',
          label: 'Intake term',
          options: INTAKE_TERMS.map((t) => ({ value: t, text: t[0].toUpperCase() + t.slice(1) })),
        },
        { type: 'date', name: 'startsOn', label: 'Start date' },
        { type: 'date', name: 'endsOn', label: 'End date' },
        { name: 'fundedPlaces', label: 'Funded places' },
      ],
    };
  }
}
