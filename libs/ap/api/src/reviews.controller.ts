import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApFollowUpsService,
  ApReviewsService,
  FOLLOW_UP_OUTCOMES,
  MAX_AHEAD_DAYS,
  ReviewAnswersInput,
} from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import { IsCheckedBy, IsFilled, IsRealDate, schoolToday } from '@rep-hub/platform';
import { IsIn, IsInt, IsOptional, MaxLength } from 'class-validator';
import { exampleDate, invalidFieldsResponse, problemResponse } from '@rep-hub/api-surface';
import {
  CaseReviewsDto,
  FollowUpDto,
  FollowUpListDto,
  RecordedReviewDto,
  ReviewDto,
  UpcomingReviewsDto,
} from './responses/reviews.responses';

const REVIEW_VERSION = 'version must be the review’s version number';

/** Today or later, and within two years (as the service checks a due date). */
const dueProblem = (d: unknown): string | undefined => {
  if (typeof d !== 'string') return undefined;
  const today = schoolToday();
  if (d < today) return 'The review must be due today or later';
  const limit = new Date(`${today}T00:00:00Z`);
  limit.setUTCDate(limit.getUTCDate() + MAX_AHEAD_DAYS);
  return d > limit.toISOString().slice(0, 10) ? 'The review must be due within two years' : undefined;
};

const CASE_ID = '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b';
const PLACEMENT_ID = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c';
const REVIEW_ID = '3a4b5c6d-7e8f-4091-a2b3-c4d5e6f7a8b9';
const NEXT_REVIEW_ID = '4b5c6d7e-8f90-4a1b-b2c3-d4e5f6a7b8c9';
const FOLLOW_UP_ID = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const PUPIL = '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a1b';

const SCHEDULED = {
  id: REVIEW_ID,
  caseId: CASE_ID,
  placementId: PLACEMENT_ID,
  dueOn: '2027-01-11',
  status: 'scheduled',
  overdue: false,
  heldOn: null,
  attendees: [],
  progress: null,
  nextSteps: null,
  cancelReason: null,
  version: 1,
};
const HELD = {
  ...SCHEDULED,
  status: 'held',
  heldOn: '2027-01-11',
  attendees: ['Jo Officer (LA AP commissioner)', 'Sam Mentor (provider key worker)', 'Alex Example (parent)'],
  progress: 'Attending every session since week two; settled in a small group.',
  nextSteps: 'Two mornings a week at the home school from February, with the key worker.',
  version: 2,
};
const NEXT = { ...SCHEDULED, id: NEXT_REVIEW_ID, dueOn: '2027-02-22' };
const FOLLOW_UP = {
  id: FOLLOW_UP_ID,
  caseId: CASE_ID,
  placementId: PLACEMENT_ID,
  weeks: 13,
  label: 'One term (13 weeks)',
  dueOn: '2027-06-04',
  outcome: null,
  recordedOn: null,
  note: null,
  overdue: false,
  version: 1,
};
const invalid = (field: string, message: string) => invalidFieldsResponse({ field, message });
const NOT_FOUND_CASE = problemResponse(404, 'There is no such case among those you can open.');
const NOT_FOUND_REVIEW = problemResponse(404, 'There is no such review among those you can open.');
const FORBIDDEN = problemResponse(403, 'Your role does not allow this.');
const STALE = problemResponse(409, 'This review has changed since you opened it. Open it again to see what changed.', {
  currentVersion: 2,
});

export class ScheduleReviewDto {
  @ApiProperty({
    description: 'The date the review is due (YYYY-MM-DD; today or later, not before the placement starts)',
    format: 'date',
    example: exampleDate(14),
  })
  @IsRealDate({ message: 'Enter the date the review is due as YYYY-MM-DD' })
  @IsCheckedBy(dueProblem)
  dueOn: string;
}

/** A held review: the answers of the review page's form (ReviewAnswersInput), the date and the version. */
export class RecordReviewDto extends ReviewAnswersInput {
  @ApiProperty({
    description: 'The date the review was held (YYYY-MM-DD; not in the future, not before the placement started)',
    format: 'date',
    example: exampleDate(0),
  })
  @IsRealDate({ message: 'Enter the date the review was held as YYYY-MM-DD' })
  @IsCheckedBy((d) =>
    typeof d === 'string' && d > schoolToday()
      ? 'The date the review was held must be today or in the past'
      : undefined,
  )
  heldOn: string;

  @ApiProperty({
    description: 'The review version you saw; a different current version answers 409',
    type: 'integer',
    example: 1,
  })
  @IsInt({ message: REVIEW_VERSION })
  version: number;
}
// the answers the review page's form shares (ReviewAnswersInput), described for OpenAPI
ApiProperty({
  description: 'The people present: a name and role for each (1 to 30, each up to 200 characters)',
  type: [String],
  minItems: 1,
  maxItems: 30,
  example: HELD.attendees,
})(RecordReviewDto.prototype, 'attendees');
ApiProperty({
  description: 'The progress the pupil has made (up to 4,000 characters)',
  maxLength: 4000,
  example: HELD.progress,
})(RecordReviewDto.prototype, 'progress');
ApiProperty({
  description: 'The next steps agreed (up to 4,000 characters)',
  maxLength: 4000,
  example: HELD.nextSteps,
})(RecordReviewDto.prototype, 'nextSteps');

export class CancelReviewDto {
  @ApiProperty({
    description: 'Why the review is cancelled (up to 2,000 characters)',
    maxLength: 2000,
    example: 'Merged with the EHC plan annual review on the same day.',
  })
  @IsFilled({ message: 'Enter why the review is cancelled' })
  @MaxLength(2000, { message: 'The reason must be 2,000 characters or fewer' })
  reason: string;

  @ApiProperty({ description: 'The review version you saw', type: 'integer', example: 1 })
  @IsInt({ message: REVIEW_VERSION })
  version: number;
}

export class RescheduleReviewDto {
  @ApiProperty({
    description: 'The new due date (YYYY-MM-DD; today or later)',
    format: 'date',
    example: exampleDate(21),
  })
  @IsRealDate({ message: 'Enter the date the review is due as YYYY-MM-DD' })
  @IsCheckedBy(dueProblem)
  dueOn: string;

  @ApiProperty({ description: 'The review version you saw', type: 'integer', example: 1 })
  @IsInt({ message: REVIEW_VERSION })
  version: number;
}

export class UpcomingReviewsQueryDto {
  @ApiPropertyOptional({
    description: 'Scheduled reviews due within this many days (0–365, default 28), and every overdue one',
    type: 'integer',
    minimum: 0,
    maximum: 365,
    example: 28,
  })
  @IsOptional()
  @IsCheckedBy((v) =>
    (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v.trim()))) &&
    Number.isInteger(Number(v)) &&
    Number(v) >= 0 &&
    Number(v) <= 365
      ? undefined
      : 'withinDays must be a whole number of days from 0 to 365',
  )
  withinDays?: number | string;
}

export class RecordFollowUpDto {
  @ApiProperty({
    enum: FOLLOW_UP_OUTCOMES,
    description: 'held: the return to mainstream has held; not_held: it has not (a note is needed)',
    example: 'held',
  })
  @IsIn(FOLLOW_UP_OUTCOMES, { message: 'Choose whether the return has held: held or not_held' })
  outcome: string;

  @ApiProperty({
    description: 'The date of the check-in (YYYY-MM-DD; after the placement ended, not in the future)',
    format: 'date',
    example: exampleDate(0),
  })
  @IsRealDate({ message: 'Enter the date of the check-in as YYYY-MM-DD' })
  @IsCheckedBy((d) =>
    typeof d === 'string' && d > schoolToday() ? 'The date of the check-in must be today or in the past' : undefined,
  )
  recordedOn: string;

  @ApiPropertyOptional({
    description: 'What was found; required when the return has not held (up to 4,000 characters)',
    maxLength: 4000,
    example: 'Full-time at the home school; attendance 96% this half term.',
  })
  @IsCheckedBy((note, dto) =>
    note !== undefined && note !== null && typeof note !== 'string'
      ? 'The note must be text'
      : typeof note === 'string' && note.trim().length > 4000
        ? 'The note must be 4,000 characters or fewer'
        : (typeof note !== 'string' || !note.trim()) && dto['outcome'] === 'not_held'
          ? 'Say what happened: why the return has not held'
          : undefined,
  )
  note?: string;

  @ApiProperty({ description: 'The follow-up version you saw', type: 'integer', example: 1 })
  @IsInt({ message: 'version must be the follow-up’s version number' })
  version: number;
}

/**
 * Oversight of AP placements: reviews (scheduled when a placement starts, then each held review
 * schedules the next at the LA's cadence) and the reintegration follow-ups after a return to
 * mainstream. Reads follow the case's walls; every write is audited and shown on the case timeline.
 */
@ApiTags('alternative provision')
@ApiBearerAuth()
@Controller('api/v1/ap')
export class ApReviewsController {
  constructor(
    private readonly reviews: ApReviewsService,
    private readonly followUps: ApFollowUpsService,
  ) {}

  @Policy('read', 'ApReview')
  @Get('cases/:id/reviews')
  @ApiOperation({
    summary: 'A case’s placement reviews, with the EHC plan’s annual review beside them',
    description:
      '`ehcAnnualReview` is set when the pupil has an EHC plan (SEN provision E), otherwise null. 404 when you cannot open the case. Audited.',
  })
  @ApiOkResponse({ type: CaseReviewsDto, example: { items: [HELD, NEXT], ehcAnnualReview: { nextDue: '2027-03-01' } } })
  @ApiNotFoundResponse(NOT_FOUND_CASE)
  @ApiForbiddenResponse(FORBIDDEN)
  list(@Param('id') id: string): Promise<CaseReviewsDto> {
    return this.reviews.list(id);
  }

  @Policy('create', 'ApReview')
  @Post('cases/:id/reviews')
  @ApiOperation({
    summary:
      'Schedule a review of the case’s placement (planned or active): the commissioner, the provider or the commissioning school',
  })
  @ApiCreatedResponse({ type: ReviewDto, example: SCHEDULED })
  @ApiBadRequestResponse(invalid('dueOn', 'The review must be due today or later'))
  @ApiNotFoundResponse(NOT_FOUND_CASE)
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiConflictResponse(problemResponse(409, 'The placement has ended: its reviews are over.'))
  schedule(@Param('id') id: string, @Body() body: ScheduleReviewDto): Promise<ReviewDto> {
    return this.reviews.schedule(id, body);
  }

  @Policy('read', 'ApReview')
  @Get('reviews')
  @ApiOperation({
    summary:
      'Your scheduled reviews that are overdue or due soon, across the cases you can open (soonest first; audited)',
  })
  @ApiOkResponse({
    type: UpcomingReviewsDto,
    example: {
      items: [
        {
          id: NEXT_REVIEW_ID,
          caseId: CASE_ID,
          reference: 'AP-000042',
          pupil: { id: PUPIL, givenName: 'Sam', familyName: 'Example' },
          laName: 'Trafford',
          providerName: 'Irwell Learning Centre',
          dueOn: '2027-02-22',
          overdue: false,
          version: 1,
        },
      ],
    },
  })
  upcoming(@Query() q: UpcomingReviewsQueryDto): Promise<UpcomingReviewsDto> {
    return this.reviews.upcoming({ withinDays: q.withinDays });
  }

  @Policy('update', 'ApReview')
  @Post('reviews/:id/record')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a scheduled review as held: date, attendees, progress and next steps',
    description:
      'While the placement is active, the next review is scheduled the LA’s `reviewCadenceWeeks` after the date held (returned as `nextReview`) unless one is already scheduled. 409 when the review is not scheduled or your version is stale.',
  })
  @ApiOkResponse({ type: RecordedReviewDto, example: { ...HELD, nextReview: NEXT } })
  @ApiBadRequestResponse(invalid('attendees', 'Enter who attended the review: a name and role for each person'))
  @ApiNotFoundResponse(NOT_FOUND_REVIEW)
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiConflictResponse(STALE)
  record(@Param('id') id: string, @Body() body: RecordReviewDto): Promise<RecordedReviewDto> {
    return this.reviews.record(id, body);
  }

  @Policy('update', 'ApReview')
  @Post('reviews/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a scheduled review, with the reason' })
  @ApiOkResponse({
    type: ReviewDto,
    example: {
      ...SCHEDULED,
      status: 'cancelled',
      cancelReason: 'Merged with the EHC plan annual review on the same day.',
      version: 2,
    },
  })
  @ApiNotFoundResponse(NOT_FOUND_REVIEW)
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiConflictResponse(STALE)
  cancel(@Param('id') id: string, @Body() body: CancelReviewDto): Promise<ReviewDto> {
    return this.reviews.cancel(id, body);
  }

  @Policy('update', 'ApReview')
  @Put('reviews/:id')
  @ApiOperation({ summary: 'Reschedule a scheduled review' })
  @ApiOkResponse({ type: ReviewDto, example: { ...SCHEDULED, dueOn: '2027-01-18', version: 2 } })
  @ApiNotFoundResponse(NOT_FOUND_REVIEW)
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiConflictResponse(STALE)
  reschedule(@Param('id') id: string, @Body() body: RescheduleReviewDto): Promise<ReviewDto> {
    return this.reviews.reschedule(id, body);
  }

  @Policy('read', 'ApFollowUp')
  @Get('cases/:id/follow-ups')
  @ApiOperation({
    summary: 'A case’s reintegration follow-ups',
    description:
      'Created when the placement ends with a return to mainstream (a destination whose outcome group is reintegration): one per follow-up point of the LA, due that many weeks after the last day. Audited.',
  })
  @ApiOkResponse({
    type: FollowUpListDto,
    example: {
      items: [
        {
          ...FOLLOW_UP,
          id: '8e7d6c5b-4a39-4281-9f6e-5d4c3b2a1f0e',
          weeks: 6,
          label: '6 weeks',
          dueOn: '2027-04-16',
          outcome: 'held',
          recordedOn: '2027-04-16',
          note: 'Settled back in.',
          version: 2,
        },
        FOLLOW_UP,
      ],
    },
  })
  @ApiNotFoundResponse(NOT_FOUND_CASE)
  @ApiForbiddenResponse(FORBIDDEN)
  followUpList(@Param('id') id: string): Promise<FollowUpListDto> {
    return this.followUps.list(id);
  }

  @Policy('update', 'ApFollowUp')
  @Post('follow-ups/:id/record')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record whether the return to mainstream has held (once): the LA’s officers or the case’s school',
  })
  @ApiOkResponse({
    type: FollowUpDto,
    example: {
      ...FOLLOW_UP,
      outcome: 'held',
      recordedOn: '2027-06-04',
      note: 'Full-time at the home school; attendance 96% this half term.',
      version: 2,
    },
  })
  @ApiBadRequestResponse(invalid('note', 'Say what happened: why the return has not held'))
  @ApiNotFoundResponse(problemResponse(404, 'There is no such follow-up among those you can open.'))
  @ApiForbiddenResponse(FORBIDDEN)
  @ApiConflictResponse(
    problemResponse(409, 'This follow-up was recorded on 2027-06-04: it is recorded once.', { outcome: 'held' }),
  )
  recordFollowUp(@Param('id') id: string, @Body() body: RecordFollowUpDto): Promise<FollowUpDto> {
    return this.followUps.record(id, body);
  }
}
