import { ApiProperty } from '@nestjs/swagger';
import type {
  CaseReviews,
  FollowUpOutcome,
  FollowUpView,
  ReviewStatus,
  ReviewView,
  UpcomingReview,
} from '@rep-hub/ap-domain';
import { FOLLOW_UP_OUTCOMES, REVIEW_STATUSES } from '@rep-hub/ap-domain';

const CASE_ID = '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b';
const PLACEMENT_ID = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';

/** A placement review. */
export class ReviewDto implements ReviewView {
  @ApiProperty({ format: 'uuid', example: '9f8e7d6c-5b4a-4392-8d1e-0f9a8b7c6d5e' }) id: string;
  @ApiProperty({ format: 'uuid', example: CASE_ID }) caseId: string;
  @ApiProperty({ format: 'uuid', example: PLACEMENT_ID }) placementId: string;
  @ApiProperty({ format: 'date', example: '2026-12-14' }) dueOn: string;
  @ApiProperty({ enum: REVIEW_STATUSES, example: 'scheduled' }) status: ReviewStatus;
  @ApiProperty({ description: 'Scheduled and its due date has passed', example: false }) overdue: boolean;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) heldOn: string | null;
  @ApiProperty({ description: 'Names and roles of the people present', type: [String], example: [] })
  attendees: string[];
  @ApiProperty({ type: String, nullable: true, example: null }) progress: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) nextSteps: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) cancelReason: string | null;
  @ApiProperty({ description: 'Send it back with a change; a different current version answers 409', example: 1 })
  version: number;
}

export class EhcAnnualReviewDto {
  @ApiProperty({ format: 'date', type: String, nullable: true, example: '2027-03-01' }) nextDue: string | null;
}

export class CaseReviewsDto implements CaseReviews {
  @ApiProperty({ type: [ReviewDto] }) items: ReviewDto[];
  @ApiProperty({
    description: 'The EHC plan’s annual review when the pupil has a plan (SEN provision E); otherwise null',
    type: EhcAnnualReviewDto,
    nullable: true,
  })
  ehcAnnualReview: EhcAnnualReviewDto | null;
}

/** A review held, with the next one it scheduled. */
export class RecordedReviewDto extends ReviewDto {
  @ApiProperty({
    description: 'The next review, scheduled at the LA’s cadence; null when none was',
    type: ReviewDto,
    nullable: true,
  })
  nextReview: ReviewDto | null;
}

export class UpcomingReviewPupilDto {
  @ApiProperty({ format: 'uuid', example: '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a1b' }) id: string;
  @ApiProperty({ example: 'Sam' }) givenName: string;
  @ApiProperty({ example: 'Example' }) familyName: string;
}

export class UpcomingReviewDto implements UpcomingReview {
  @ApiProperty({ format: 'uuid', example: '9f8e7d6c-5b4a-4392-8d1e-0f9a8b7c6d5e' }) id: string;
  @ApiProperty({ format: 'uuid', example: CASE_ID }) caseId: string;
  @ApiProperty({ example: 'AP-000042' }) reference: string;
  @ApiProperty({ type: UpcomingReviewPupilDto }) pupil: UpcomingReviewPupilDto;
  @ApiProperty({ example: 'Trafford' }) laName: string;
  @ApiProperty({ type: String, nullable: true, example: 'Irwell Learning Centre' }) providerName: string | null;
  @ApiProperty({ format: 'date', example: '2026-12-14' }) dueOn: string;
  @ApiProperty({ example: false }) overdue: boolean;
  @ApiProperty({ example: 1 }) version: number;
}

export class UpcomingReviewsDto {
  @ApiProperty({ type: [UpcomingReviewDto] }) items: UpcomingReviewDto[];
}

/** A reintegration follow-up point. */
export class FollowUpDto implements FollowUpView {
  @ApiProperty({ format: 'uuid', example: '8e7d6c5b-4a39-4281-9f6e-5d4c3b2a1f0e' }) id: string;
  @ApiProperty({ format: 'uuid', example: CASE_ID }) caseId: string;
  @ApiProperty({ format: 'uuid', example: PLACEMENT_ID }) placementId: string;
  @ApiProperty({ example: 13 }) weeks: number;
  @ApiProperty({ example: 'One term (13 weeks)' }) label: string;
  @ApiProperty({ format: 'date', example: '2027-06-04' }) dueOn: string;
  @ApiProperty({
    description: 'Null until recorded: whether the return to mainstream has held',
    enum: [...FOLLOW_UP_OUTCOMES, null],
    nullable: true,
    example: null,
  })
  outcome: FollowUpOutcome | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) recordedOn: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) note: string | null;
  @ApiProperty({ description: 'Not recorded and its due date has passed', example: false }) overdue: boolean;
  @ApiProperty({ example: 1 }) version: number;
}

export class FollowUpListDto {
  @ApiProperty({ type: [FollowUpDto] }) items: FollowUpDto[];
}
