import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { OversightCase, oversightEvent, plusDays } from './case-oversight';
import { isoToday, realDate, text, UUID, wholeNumber } from './input';
import { ApSettingsService } from './settings.service';
import {
  attendeeList,
  CancelReviewInput,
  CaseReviews,
  MAX_AHEAD_DAYS,
  MAX_ATTENDEES,
  RecordReviewInput,
  RescheduleReviewInput,
  ReviewView,
  ScheduleReviewInput,
  UpcomingReview,
  versionOf,
  reviewView,
} from './reviews.model';
import { caseReference } from './cases.model';
import { ReviewStore } from './review-store';

/**
 * Reviews of AP placements: the first is scheduled when a placement starts (the LA's
 * `firstReviewWeeks` after the start); each review held schedules the next (`reviewCadenceWeeks`
 * after it) while the placement is active. The commissioner and the provider schedule, hold,
 * reschedule and cancel them; every write is audited and shown on the case's timeline. The SQL is
 * the ReviewStore's.
 */
@Injectable()
export class ApReviewsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly settings: ApSettingsService,
    private readonly store: ReviewStore,
  ) {}

  // ---- hooks of the case's lifecycle (in the case's transaction) ----

  /**
   * When a placement starts: its first review, due the LA's `firstReviewWeeks` after the start,
   * unless one is already scheduled. Returns the due date of the placement's next review.
   */
  async scheduleFirst(m: EntityManager, c: { id: string; la_id: string }, startedOn: string): Promise<string | null> {
    const pl = await this.store.placementOfCase(m, c.id);
    if (!pl) return null;
    const existing = await this.store.firstScheduledDue(m, pl.id);
    if (existing) return existing;
    const { firstReviewWeeks } = await this.settings.clocksFor(m, c.la_id);
    const dueOn = plusDays(startedOn, firstReviewWeeks * 7);
    await this.store.insert(m, { caseId: c.id, placementId: pl.id, laId: c.la_id, providerId: pl.provider_id, dueOn });
    return dueOn;
  }

  /** When a placement ends: its scheduled reviews will not be held. Returns how many were cancelled. */
  cancelForEnd(m: EntityManager, caseId: string): Promise<number> {
    return this.store.cancelForEnd(m, caseId);
  }

  // ---- reads ----

  /** A case's reviews, with the EHC plan's annual review beside them. 404 when the caller cannot open the case. Audited. */
  list(caseId: string): Promise<CaseReviews> {
    this.requireRole('read');
    if (!UUID.test(caseId)) throw this.caseNotFound();
    return this.auth.inTenant(async (m) => {
      const c = await this.store.readableCase(m, caseId);
      if (!c) throw this.caseNotFound();
      const rows = await this.store.ofCase(m, caseId);
      await this.audit.record({
        action: 'ap_review.list',
        subjectType: 'Pupil',
        subjectIds: [c.pupil_id],
        laId: c.la_id,
        details: { caseId },
      });
      return {
        items: rows.map(reviewView),
        ehcAnnualReview: c.sen_provision === 'E' ? { nextDue: c.ehc_next_annual_review } : null,
      };
    });
  }

  /**
   * The caller's scheduled reviews that are overdue or due within `withinDays` (default 28),
   * across the cases they can see, soonest first. The pupils shown are audited.
   */
  upcoming(opts: { withinDays?: unknown } = {}): Promise<{ items: UpcomingReview[] }> {
    this.requireRole('read');
    const within = opts.withinDays === undefined || opts.withinDays === '' ? 28 : wholeNumber(opts.withinDays);
    if (within === undefined || !Number.isInteger(within) || within < 0 || within > 365)
      throw new InvalidFieldsException([
        { field: 'withinDays', message: 'withinDays must be a whole number of days from 0 to 365' },
      ]);
    return this.auth.inTenant(async (m) => {
      const rows = await this.store.upcoming(m, within);
      if (rows.length)
        await this.audit.record({
          action: 'ap_review.upcoming',
          subjectType: 'Pupil',
          subjectIds: [...new Set(rows.map((r) => r.pupil_id))],
        });
      return {
        items: rows.map((r) => ({
          id: r.id,
          caseId: r.case_id,
          reference: caseReference(r.reference),
          pupil: { id: r.pupil_id, givenName: r.given_name, familyName: r.family_name },
          laName: r.la_name,
          providerName: r.provider_name,
          dueOn: r.due_on,
          overdue: r.overdue,
          version: r.version,
        })),
      };
    });
  }

  /** How many of the caller's reviews are overdue, for their home page: a number, no child, so not audited. Null when their role reads no reviews. */
  async overdueCount(): Promise<number | null> {
    if (!this.auth.ability.can('read', 'ApReview')) return null;
    return this.auth.inTenant((m) => this.store.overdueCount(m));
  }

  /** One review (for its pages); 404 when the caller cannot open its case. */
  get(reviewId: string): Promise<ReviewView & { caseStatus: string; placementStatus: string; placementStart: string }> {
    this.requireRole('read');
    if (!UUID.test(reviewId)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const found = await this.store.readableReview(m, reviewId, false);
      if (!found) throw this.notFound();
      return {
        ...reviewView(found.review),
        caseStatus: found.c.status,
        placementStatus: found.placementStatus,
        placementStart: found.placementStart,
      };
    });
  }

  // ---- writes ----

  /** Schedules a review of the case's placement (planned or active). */
  schedule(caseId: string, input: ScheduleReviewInput): Promise<ReviewView> {
    this.requireRole('create');
    if (!UUID.test(caseId)) throw this.caseNotFound();
    const dueOn = text(input.dueOn);
    if (!realDate(dueOn))
      throw new InvalidFieldsException([{ field: 'dueOn', message: 'Enter the date the review is due as YYYY-MM-DD' }]);
    this.assertDue(dueOn);
    return this.auth.inTenant(async (m) => {
      const c = await this.store.readableCase(m, caseId);
      if (!c) throw this.caseNotFound();
      this.assertMay('create', c);
      const pl = await this.store.lockPlacementOfCase(m, caseId);
      if (!pl || pl.status === 'ended')
        throw new ConflictException(
          problem(
            409,
            pl
              ? 'The placement has ended: its reviews are over.'
              : 'The case has no placement yet: a review is scheduled once a provider accepts.',
          ),
        );
      if (dueOn < pl.since)
        throw new InvalidFieldsException([
          { field: 'dueOn', message: `The review cannot be due before the placement starts (${pl.since})` },
        ]);
      const id = await this.store.insert(m, {
        caseId,
        placementId: pl.id,
        laId: c.la_id,
        providerId: pl.provider_id,
        dueOn,
      });
      await oversightEvent(m, this.auth, {
        caseId,
        laId: c.la_id,
        status: c.status,
        action: 'review_scheduled',
        note: null,
        details: { reviewId: id, dueOn },
      });
      await this.audit.record({
        action: 'ap_review.schedule',
        subjectType: 'ApReview',
        subjectIds: [id],
        laId: c.la_id,
        details: { caseId, dueOn },
      });
      return this.store.load(m, id);
    });
  }

  /**
   * Records a scheduled review as held. While the placement is active, the next review is
   * scheduled the LA's `reviewCadenceWeeks` after it, unless one is already scheduled.
   */
  record(reviewId: string, input: RecordReviewInput): Promise<ReviewView & { nextReview: ReviewView | null }> {
    this.requireRole('update');
    if (!UUID.test(reviewId)) throw this.notFound();
    const errors: FieldError[] = [];
    const heldOn = text(input.heldOn);
    if (!realDate(heldOn))
      errors.push({ field: 'heldOn', message: 'Enter the date the review was held as YYYY-MM-DD' });
    else if (heldOn > isoToday())
      errors.push({ field: 'heldOn', message: 'The date the review was held must be today or in the past' });
    const attendees = attendeeList(input.attendees);
    if (attendees === undefined)
      errors.push({ field: 'attendees', message: 'attendees must be a list of names and roles' });
    else if (!attendees.length)
      errors.push({ field: 'attendees', message: 'Enter who attended the review: a name and role for each person' });
    else if (attendees.length > MAX_ATTENDEES)
      errors.push({ field: 'attendees', message: `Enter at most ${MAX_ATTENDEES} people` });
    else if (attendees.some((a) => a.length > 200))
      errors.push({ field: 'attendees', message: 'Each person’s name and role must be 200 characters or fewer' });
    const progress = text(input.progress);
    if (!progress) errors.push({ field: 'progress', message: 'Enter the progress the pupil has made' });
    else if (progress.length > 4000)
      errors.push({ field: 'progress', message: 'The progress must be 4,000 characters or fewer' });
    const nextSteps = text(input.nextSteps);
    if (!nextSteps) errors.push({ field: 'nextSteps', message: 'Enter the next steps agreed' });
    else if (nextSteps.length > 4000)
      errors.push({ field: 'nextSteps', message: 'The next steps must be 4,000 characters or fewer' });
    const version = versionOf(input.version, errors, 'review');
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const { review, c, placementStatus, placementStart } = await this.writable(m, reviewId, version!);
      if (heldOn! < placementStart)
        throw new InvalidFieldsException([
          { field: 'heldOn', message: `The review cannot be held before the placement started (${placementStart})` },
        ]);
      await this.store.update(
        m,
        review,
        `status = 'held', held_on = $5, attendees = $6::text[], progress = $7, next_steps = $8`,
        [heldOn, attendees, progress, nextSteps],
      );
      let next: string | null = null;
      if (placementStatus === 'active') {
        if (!(await this.store.hasScheduled(m, review.placement_id))) {
          const { reviewCadenceWeeks } = await this.settings.clocksFor(m, c.la_id);
          next = await this.store.insertNext(m, review.id, plusDays(heldOn!, reviewCadenceWeeks * 7));
        }
      }
      const nextReview = next ? await this.store.load(m, next) : null;
      await oversightEvent(m, this.auth, {
        caseId: c.id,
        laId: c.la_id,
        status: c.status,
        action: 'review_held',
        note: null,
        details: {
          reviewId: review.id,
          heldOn,
          attendees: attendees!.length,
          ...(nextReview ? { nextReviewDue: nextReview.dueOn } : {}),
        },
      });
      await this.audit.record({
        action: 'ap_review.record',
        subjectType: 'ApReview',
        subjectIds: next ? [review.id, next] : [review.id],
        laId: c.la_id,
        details: {
          caseId: c.id,
          heldOn: heldOn!,
          attendees: attendees!.length,
          nextReviewDue: nextReview?.dueOn ?? null,
        },
      });
      return { ...(await this.store.load(m, review.id)), nextReview };
    });
  }

  /** Cancels a scheduled review, with the reason. */
  cancel(reviewId: string, input: CancelReviewInput): Promise<ReviewView> {
    this.requireRole('update');
    if (!UUID.test(reviewId)) throw this.notFound();
    const errors: FieldError[] = [];
    const reason = text(input.reason);
    if (!reason) errors.push({ field: 'reason', message: 'Enter why the review is cancelled' });
    else if (reason.length > 2000)
      errors.push({ field: 'reason', message: 'The reason must be 2,000 characters or fewer' });
    const version = versionOf(input.version, errors, 'review');
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const { review, c } = await this.writable(m, reviewId, version!);
      await this.store.update(m, review, `status = 'cancelled', cancel_reason = $5`, [reason]);
      await oversightEvent(m, this.auth, {
        caseId: c.id,
        laId: c.la_id,
        status: c.status,
        action: 'review_cancelled',
        note: reason!,
        details: { reviewId: review.id, dueOn: review.due_on },
      });
      await this.audit.record({
        action: 'ap_review.cancel',
        subjectType: 'ApReview',
        subjectIds: [review.id],
        laId: c.la_id,
        details: { caseId: c.id },
      });
      return this.store.load(m, review.id);
    });
  }

  /** Moves a scheduled review to another date. */
  reschedule(reviewId: string, input: RescheduleReviewInput): Promise<ReviewView> {
    this.requireRole('update');
    if (!UUID.test(reviewId)) throw this.notFound();
    const errors: FieldError[] = [];
    const dueOn = text(input.dueOn);
    if (!realDate(dueOn)) errors.push({ field: 'dueOn', message: 'Enter the date the review is due as YYYY-MM-DD' });
    const version = versionOf(input.version, errors, 'review');
    if (errors.length) throw new InvalidFieldsException(errors);
    this.assertDue(dueOn!);
    return this.auth.inTenant(async (m) => {
      const { review, c, placementStart } = await this.writable(m, reviewId, version!);
      if (dueOn! < placementStart)
        throw new InvalidFieldsException([
          { field: 'dueOn', message: `The review cannot be due before the placement starts (${placementStart})` },
        ]);
      await this.store.update(m, review, `due_on = $5`, [dueOn]);
      await oversightEvent(m, this.auth, {
        caseId: c.id,
        laId: c.la_id,
        status: c.status,
        action: 'review_rescheduled',
        note: null,
        details: { reviewId: review.id, from: review.due_on, dueOn },
      });
      await this.audit.record({
        action: 'ap_review.reschedule',
        subjectType: 'ApReview',
        subjectIds: [review.id],
        laId: c.la_id,
        details: { caseId: c.id, from: review.due_on, dueOn: dueOn! },
      });
      return this.store.load(m, review.id);
    });
  }

  // ---- internals ----

  private assertDue(dueOn: string): void {
    if (dueOn < isoToday())
      throw new InvalidFieldsException([{ field: 'dueOn', message: 'The review must be due today or later' }]);
    if (dueOn > plusDays(isoToday(), MAX_AHEAD_DAYS))
      throw new InvalidFieldsException([{ field: 'dueOn', message: 'The review must be due within two years' }]);
  }

  /** The review under a row lock, for a write: 404 unseen, 403 when the caller may read but not act, 409 when not scheduled or stale. */
  private async writable(m: EntityManager, reviewId: string, version: number) {
    const found = await this.store.readableReview(m, reviewId, true);
    if (!found) throw this.notFound();
    this.assertMay('update', found.c);
    if (found.review.status !== 'scheduled') {
      throw new ConflictException(
        problem(409, `This review is ${found.review.status}: only a scheduled review can be changed.`, {
          reviewStatus: found.review.status,
        }),
      );
    }
    if (found.review.version !== version) {
      throw new ConflictException(
        problem(409, 'This review has changed since you opened it. Open it again to see what changed.', {
          currentVersion: found.review.version,
        }),
      );
    }
    return found;
  }

  /** 403 when the caller's role never takes this action on reviews. */
  private requireRole(action: 'read' | 'create' | 'update'): void {
    if (!this.auth.ability.can(action, 'ApReview'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  /** 403 when the caller can open the case but may not act on its reviews (an officer of a sharing LA, say). */
  private assertMay(action: 'create' | 'update', c: OversightCase): void {
    const s = subject('ApReview', {
      tenantId: this.auth.tenantId,
      laId: c.la_id,
      settingId: c.setting_id ?? undefined,
      providerId: c.provider_id ?? undefined,
    });
    if (!this.auth.ability.can(action, s as never))
      throw new ForbiddenException(problem(403, 'You can read this case’s reviews but not change them.'));
  }

  private caseNotFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such case among those you can open.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such review among those you can open.'));
  }
}
