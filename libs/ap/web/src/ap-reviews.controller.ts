import { ConflictException, Controller, Get, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { subject } from '@casl/ability';
import {
  ApFollowUpsService,
  ApReviewsService,
  attendeeList,
  CasesService,
  CaseView,
  FollowUpView,
  ReviewAnswersInput,
  ReviewView,
} from '@rep-hub/ap-domain';
import { AuthContext, Policy } from '@rep-hub/auth';
import {
  FieldError,
  fieldErrorsOf,
  InvalidFieldsException,
  problem,
  ProblemDetails,
  schoolToday,
} from '@rep-hub/platform';
import type { Response } from 'express';
import { pupilName } from './ap-case-view';
import {
  dateInputItems,
  dateParts,
  formatDate,
  formFields,
  oneEach,
  postedDate,
  saveSession,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';

const today = (): string => schoolToday();

/** Each page's inputs in page order (the error summary lists them so). */
const FIELDS = {
  schedule: ['dueOn-day'],
  record: ['heldOn-day', 'attendees', 'progress', 'nextSteps'],
  cancel: ['reason'],
  followUp: ['outcome', 'recordedOn-day', 'note'],
};

/** A service's field error in the page's words: dates on their day box, no YYYY-MM-DD or code names. */
function pageError(e: FieldError): FieldError {
  const field = ['dueOn', 'heldOn', 'recordedOn'].includes(e.field) ? `${e.field}-day` : e.field;
  let message = e.message.replace(/ as YYYY-MM-DD/g, '');
  if (e.field === 'outcome') message = 'Choose whether the return to school has held';
  if (e.field === 'attendees' && /must be a list/.test(message))
    message = 'Enter who attended the review: a name and role for each person';
  return { field, message };
}
const inOrder = (errors: FieldError[], fields: readonly string[]) => {
  const at = (f: string) => (fields.includes(f) ? fields.indexOf(f) : fields.length);
  return oneEach(errors.map(pageError).sort((a, b) => at(a.field) - at(b.field)));
};

/** The case page's reviews and follow-ups (loaded by the case page; each list only for roles that read it). */
export async function caseOversight(
  reviews: ApReviewsService,
  followUps: ApFollowUpsService,
  context: AuthContext,
  c: CaseView,
) {
  const ability = context.ability;
  if (!c.placement) return null;
  // each subject() gets its own object: CASL marks the object it is given with the subject type
  const on = {
    tenantId: context.tenantId,
    laId: c.laId,
    settingId: c.settingId ?? undefined,
    providerId: c.providerId ?? undefined,
  };
  const out: { reviews: unknown; followUps: unknown } = { reviews: null, followUps: null };
  if (ability.can('read', 'ApReview')) {
    const r = await reviews.list(c.id);
    const canUpdate = ability.can('update', subject('ApReview', { ...on }) as never);
    out.reviews = {
      rows: r.items.map((x) => reviewRow(x, canUpdate)),
      ehc: r.ehcAnnualReview ? formatDate(r.ehcAnnualReview.nextDue) || 'Not recorded' : null,
      scheduleHref:
        c.placement.status !== 'ended' && ability.can('create', subject('ApReview', { ...on }) as never)
          ? `/ap/cases/${c.id}/reviews/new`
          : null,
    };
  }
  if (ability.can('read', 'ApFollowUp')) {
    const f = await followUps.list(c.id);
    const canRecord = ability.can('update', subject('ApFollowUp', { ...on }) as never);
    out.followUps = f.items.length ? { rows: f.items.map((x) => followUpRow(x, canRecord)) } : null;
  }
  return out;
}

function reviewRow(r: ReviewView, canUpdate: boolean) {
  const tag =
    r.status === 'held'
      ? { text: 'Held', classes: 'govuk-tag--green' }
      : r.status === 'cancelled'
        ? { text: 'Cancelled', classes: 'govuk-tag--grey' }
        : r.overdue
          ? { text: 'Overdue', classes: 'govuk-tag--red' }
          : { text: 'Scheduled', classes: 'govuk-tag--blue' };
  return {
    id: r.id,
    due: formatDate(r.dueOn),
    tag,
    held: formatDate(r.heldOn),
    attendees: r.attendees,
    progress: r.progress,
    nextSteps: r.nextSteps,
    cancelReason: r.cancelReason,
    recordHref: canUpdate && r.status === 'scheduled' ? `/ap/reviews/${r.id}/record` : null,
    cancelHref: canUpdate && r.status === 'scheduled' ? `/ap/reviews/${r.id}/cancel` : null,
    rescheduleHref: canUpdate && r.status === 'scheduled' ? `/ap/reviews/${r.id}/reschedule` : null,
  };
}

function followUpRow(f: FollowUpView, canRecord: boolean) {
  const tag =
    f.outcome === 'held'
      ? { text: 'Return has held', classes: 'govuk-tag--green' }
      : f.outcome === 'not_held'
        ? { text: 'Return has not held', classes: 'govuk-tag--red' }
        : f.overdue
          ? { text: 'Due', classes: 'govuk-tag--orange' }
          : { text: 'Not yet due', classes: 'govuk-tag--grey' };
  return {
    id: f.id,
    label: f.label,
    due: formatDate(f.dueOn),
    tag,
    recorded: formatDate(f.recordedOn),
    note: f.note,
    recordHref: canRecord && !f.outcome ? `/ap/follow-ups/${f.id}/record` : null,
  };
}

/**
 * Placement reviews and reintegration follow-ups as pages: the user's upcoming and overdue
 * reviews, scheduling a review, recording one held (attendees one a line), cancelling one, and
 * recording whether a return to school has held. Each form posts the record's version; a 409 is
 * shown on the case page.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap')
export class ApReviewsPagesController {
  constructor(
    private readonly reviews: ApReviewsService,
    private readonly followUps: ApFollowUpsService,
    private readonly cases: CasesService,
    private readonly context: AuthContext,
  ) {}

  // ---- the user's upcoming and overdue reviews ----

  @Policy('read', 'ApReview')
  @Get('reviews')
  async upcoming(@Res() res: Response) {
    const { items } = await this.reviews.upcoming({ withinDays: 28 });
    return res.render('ap/reviews.njk', {
      title: 'Reviews due',
      rows: items.map((r) => ({
        caseId: r.caseId,
        reference: r.reference,
        pupilName: pupilName(r.pupil),
        laName: r.laName,
        providerName: r.providerName ?? '',
        due: formatDate(r.dueOn),
        tag: r.overdue
          ? { text: 'Overdue', classes: 'govuk-tag--red' }
          : { text: 'Due soon', classes: 'govuk-tag--blue' },
        recordHref: this.context.ability.can('update', 'ApReview') ? `/ap/reviews/${r.id}/record` : null,
      })),
    });
  }

  // ---- schedule ----

  @Policy('create', 'ApReview')
  @Get('cases/:caseId/reviews/new')
  async schedulePage(@Param('caseId') caseId: string, @Res() res: Response) {
    const c = await this.cases.get(caseId);
    return this.render(res, 'ap/review-schedule.njk', 'Schedule a review', c, dateParts('dueOn', null), []);
  }

  @Policy('create', 'ApReview')
  @Post('cases/:caseId/reviews/new')
  async schedule(@Param('caseId') caseId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const due = postedDate(values, 'dueOn', 'The date the review is due');
    const errors: FieldError[] = due.error
      ? [due.error]
      : due.iso
        ? []
        : [{ field: 'dueOn-day', message: 'Enter the date the review is due' }];
    let saved: ReviewView | undefined;
    if (!errors.length) {
      try {
        saved = await this.reviews.schedule(caseId, { dueOn: due.iso });
      } catch (error) {
        const handled = await this.failed(res, error, caseId);
        if (handled === 'conflict') return;
        errors.push(...handled);
      }
    }
    if (errors.length || !saved)
      return this.render(
        res.status(400),
        'ap/review-schedule.njk',
        'Schedule a review',
        await this.cases.get(caseId),
        values,
        inOrder(errors, FIELDS.schedule),
      );
    return this.done(req, res, caseId, 'Review scheduled', `The review is due on ${formatDate(saved.dueOn)}.`);
  }

  // ---- record a review held ----

  @Policy('update', 'ApReview')
  @Get('reviews/:reviewId/record')
  async recordPage(@Param('reviewId') reviewId: string, @Res() res: Response) {
    const { r, c } = await this.scheduled(reviewId);
    return this.render(
      res,
      'ap/review-record.njk',
      'Record the review',
      c,
      {
        ...dateParts('heldOn', r.dueOn <= today() ? r.dueOn : today()),
        version: String(r.version),
        reviewId: r.id,
        dueText: formatDate(r.dueOn),
      },
      [],
    );
  }

  @Policy('update', 'ApReview')
  @Post('reviews/:reviewId/record')
  async record(@Param('reviewId') reviewId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const r = await this.reviews.get(reviewId);
    const held = postedDate(values, 'heldOn', 'The date the review was held');
    const errors: FieldError[] = held.error
      ? [held.error]
      : held.iso
        ? []
        : [{ field: 'heldOn-day', message: 'Enter the date the review was held' }];
    let next: ReviewView | null = null;
    if (!errors.length) {
      try {
        next = (
          await this.reviews.record(reviewId, {
            heldOn: held.iso,
            attendees: values['attendees'] ?? '',
            progress: values['progress'],
            nextSteps: values['nextSteps'],
            version: values['version'],
          })
        ).nextReview;
      } catch (error) {
        const handled = await this.failed(res, error, r.caseId);
        if (handled === 'conflict') return;
        errors.push(...handled);
      }
    } else {
      // the other answers are checked now too, so the summary lists every one at once, with the
      // API's rules and messages (RecordReviewDto extends ReviewAnswersInput)
      errors.push(
        ...fieldErrorsOf(ReviewAnswersInput, {
          attendees: attendeeList(values['attendees'] ?? '') ?? [],
          progress: values['progress'] ?? '',
          nextSteps: values['nextSteps'] ?? '',
        }),
      );
    }
    if (errors.length)
      return this.render(
        res.status(400),
        'ap/review-record.njk',
        'Record the review',
        await this.cases.get(r.caseId),
        { ...values, reviewId: r.id, dueText: formatDate(r.dueOn) },
        inOrder(errors, FIELDS.record),
      );
    return this.done(
      req,
      res,
      r.caseId,
      'Review recorded',
      next ? `The next review is due on ${formatDate(next.dueOn)}.` : undefined,
    );
  }

  // ---- cancel a review ----

  @Policy('update', 'ApReview')
  @Get('reviews/:reviewId/cancel')
  async cancelPage(@Param('reviewId') reviewId: string, @Res() res: Response) {
    const { r, c } = await this.scheduled(reviewId);
    return this.render(
      res,
      'ap/review-cancel.njk',
      'Cancel the review',
      c,
      { version: String(r.version), reviewId: r.id, dueText: formatDate(r.dueOn) },
      [],
    );
  }

  @Policy('update', 'ApReview')
  @Post('reviews/:reviewId/cancel')
  async cancel(@Param('reviewId') reviewId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const r = await this.reviews.get(reviewId);
    try {
      await this.reviews.cancel(reviewId, { reason: values['reason'], version: values['version'] });
    } catch (error) {
      const handled = await this.failed(res, error, r.caseId);
      if (handled === 'conflict') return;
      return this.render(
        res.status(400),
        'ap/review-cancel.njk',
        'Cancel the review',
        await this.cases.get(r.caseId),
        { ...values, reviewId: r.id, dueText: formatDate(r.dueOn) },
        inOrder(handled, FIELDS.cancel),
      );
    }
    return this.done(req, res, r.caseId, 'Review cancelled');
  }

  // ---- move a scheduled review to another day ----

  @Policy('update', 'ApReview')
  @Get('reviews/:reviewId/reschedule')
  async reschedulePage(@Param('reviewId') reviewId: string, @Res() res: Response) {
    const { r, c } = await this.scheduled(reviewId);
    return this.render(
      res,
      'ap/review-schedule.njk',
      'Change the review date',
      c,
      { ...dateParts('dueOn', r.dueOn), ...this.rescheduling(r) },
      [],
    );
  }

  @Policy('update', 'ApReview')
  @Post('reviews/:reviewId/reschedule')
  async reschedule(@Param('reviewId') reviewId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const r = await this.reviews.get(reviewId);
    const due = postedDate(values, 'dueOn', 'The date the review is due');
    const errors: FieldError[] = due.error
      ? [due.error]
      : due.iso
        ? []
        : [{ field: 'dueOn-day', message: 'Enter the date the review is due' }];
    let saved: ReviewView | undefined;
    if (!errors.length) {
      try {
        saved = await this.reviews.reschedule(reviewId, { dueOn: due.iso, version: values['version'] });
      } catch (error) {
        const handled = await this.failed(res, error, r.caseId);
        if (handled === 'conflict') return;
        errors.push(...handled);
      }
    }
    if (errors.length || !saved) {
      return this.render(
        res.status(400),
        'ap/review-schedule.njk',
        'Change the review date',
        await this.cases.get(r.caseId),
        { ...values, ...this.rescheduling(r) },
        inOrder(errors, FIELDS.schedule),
      );
    }
    return this.done(req, res, r.caseId, 'Review date changed', `The review is now due on ${formatDate(saved.dueOn)}.`);
  }

  // ---- record a follow-up ----

  @Policy('update', 'ApFollowUp')
  @Get('follow-ups/:followUpId/record')
  async followUpPage(@Param('followUpId') followUpId: string, @Res() res: Response) {
    const f = await this.followUps.get(followUpId);
    const c = await this.cases.get(f.caseId);
    if (f.outcome)
      throw new ConflictException(
        problem(409, `This follow-up was recorded on ${formatDate(f.recordedOn)}: it is recorded once.`),
      );
    return this.render(
      res,
      'ap/followup-record.njk',
      'Has the return to school held?',
      c,
      {
        ...dateParts('recordedOn', today()),
        version: String(f.version),
        followUpId: f.id,
        label: f.label,
        dueText: formatDate(f.dueOn),
      },
      [],
    );
  }

  @Policy('update', 'ApFollowUp')
  @Post('follow-ups/:followUpId/record')
  async recordFollowUp(@Param('followUpId') followUpId: string, @Req() req: WebRequest, @Res() res: Response) {
    const values = formFields(req.body);
    const f = await this.followUps.get(followUpId);
    const on = postedDate(values, 'recordedOn', 'The date of the check-in');
    const errors: FieldError[] = on.error
      ? [on.error]
      : on.iso
        ? []
        : [{ field: 'recordedOn-day', message: 'Enter the date of the check-in' }];
    if (!['held', 'not_held'].includes(values['outcome'] ?? ''))
      errors.push({ field: 'outcome', message: 'Choose whether the return to school has held' });
    if (values['outcome'] === 'not_held' && !values['note'])
      errors.push({ field: 'note', message: 'Say what happened: why the return has not held' });
    if (!errors.length) {
      try {
        await this.followUps.record(followUpId, {
          outcome: values['outcome'],
          recordedOn: on.iso,
          note: values['note'],
          version: values['version'],
        });
      } catch (error) {
        const handled = await this.failed(res, error, f.caseId);
        if (handled === 'conflict') return;
        errors.push(...handled);
      }
    }
    if (errors.length) {
      return this.render(
        res.status(400),
        'ap/followup-record.njk',
        'Has the return to school held?',
        await this.cases.get(f.caseId),
        { ...values, followUpId: f.id, label: f.label, dueText: formatDate(f.dueOn) },
        inOrder(errors, FIELDS.followUp),
      );
    }
    return this.done(
      req,
      res,
      f.caseId,
      'Follow-up recorded',
      `${f.label}: ${values['outcome'] === 'held' ? 'the return has held' : 'the return has not held'}.`,
    );
  }

  // ---- internals ----

  /** The schedule page's form, pointed at one review: its action, question, button and version. */
  private rescheduling(r: ReviewView): Record<string, string> {
    return {
      action: `/ap/reviews/${r.id}/reschedule`,
      question: 'When is the review due now?',
      button: 'Change the date',
      version: String(r.version),
      dueText: formatDate(r.dueOn),
    };
  }

  /** A review a page may change, with its case: 409 unless it is still scheduled. */
  private async scheduled(reviewId: string): Promise<{ r: ReviewView; c: CaseView }> {
    const r = await this.reviews.get(reviewId);
    const c = await this.cases.get(r.caseId);
    if (r.status !== 'scheduled')
      throw new ConflictException(problem(409, `This review is ${r.status}: only a scheduled review can be changed.`));
    return { r, c };
  }

  /** A service's refusal: field errors for the page again, or a 409 shown on the case page ('conflict'). */
  private async failed(res: Response, error: unknown, caseId: string): Promise<FieldError[] | 'conflict'> {
    if (error instanceof InvalidFieldsException) return error.fieldErrors;
    if (error instanceof ConflictException) {
      const p = error.getResponse() as ProblemDetails;
      const c = await this.cases.get(caseId);
      res.status(409).render('ap/review-conflict.njk', {
        title: 'This could not be done',
        c: { id: c.id, reference: c.reference, pupilName: pupilName(c.pupil) },
        conflict: p.detail ?? 'Someone may have changed it while you were working on it.',
      });
      return 'conflict';
    }
    throw error;
  }

  private async done(req: WebRequest, res: Response, caseId: string, heading: string, text?: string) {
    req.session.flash = { heading, ...(text ? { text } : {}) };
    await saveSession(req);
    return res.redirect(303, `/ap/cases/${caseId}`);
  }

  private render(
    res: Response,
    view: string,
    title: string,
    c: CaseView,
    values: Record<string, string>,
    errors: FieldError[],
  ) {
    const has = (f: string) => errors.some((e) => e.field === f);
    return res.render(view, {
      title,
      c: { id: c.id, reference: c.reference, pupilName: pupilName(c.pupil) },
      values,
      errors,
      dates: Object.fromEntries(
        ['dueOn', 'heldOn', 'recordedOn'].map((n) => [n, dateInputItems(n, values, has(`${n}-day`))]),
      ),
    });
  }
}
