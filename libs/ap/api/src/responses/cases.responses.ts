import { ApiProperty } from '@nestjs/swagger';
import type {
  CaseAction,
  CaseListItem,
  CaseRelation,
  CaseRoute,
  CaseStatus,
  CaseSummaryItem,
  CaseView,
  LaSettingsView,
  PlacementView,
  TimelineEntry,
} from '@rep-hub/ap-domain';
import { CASE_ACTIONS, CASE_REASONS, CASE_ROUTES, CASE_STATUSES, URGENCIES } from '@rep-hub/ap-domain';
import { AP_TIERS } from '@rep-hub/reference';
import { EhcPlanDto, PupilContactDto } from './pupils.responses';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const TIERS = `Code list ap-tiers (now ${AP_TIERS.map((t) => t.code).join(', ')})`;
const REASONS = CASE_REASONS.map((r) => r.code);
const NEXT_CURSOR = {
  description: 'Pass as `cursor` for the next page; null on the last',
  type: String,
  nullable: true,
  example: null,
} as const;

export class CasePupilDto {
  @ApiProperty({ format: 'uuid', example: '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a1b' }) id: string;
  @ApiProperty({ example: 'Sam' }) givenName: string;
  @ApiProperty({ example: 'Example' }) familyName: string;
  @ApiProperty({ format: 'date', example: '2013-04-12' }) dateOfBirth: string;
  @ApiProperty({ type: String, nullable: true, example: 'H801200001001' }) upn: string | null;
  @ApiProperty({ example: false }) lookedAfter: boolean;
}

/** What every view of a case says. */
class CaseCoreDto {
  @ApiProperty({ format: 'uuid', example: '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b' }) id: string;
  @ApiProperty({ example: 'AP-000042' }) reference: string;
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Trafford' }) laName: string;
  @ApiProperty({ enum: CASE_ROUTES, example: 'school_referral' }) route: CaseRoute;
  @ApiProperty({ enum: CASE_STATUSES, example: 'triaged' }) status: CaseStatus;
  @ApiProperty({ enum: REASONS, example: 'at_risk_of_exclusion' }) reason: string;
  @ApiProperty({ description: TIERS, example: 'tier_2' }) requestedTier: string;
  @ApiProperty({ description: `The tier decided at panel; ${TIERS}`, type: String, nullable: true, example: null })
  tier: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) providerName: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-20T09:30:00.000Z' }) createdAt: string;
}

export class CaseListItemDto extends CaseCoreDto implements CaseListItem {
  @ApiProperty({ enum: [...URGENCIES, null], nullable: true, example: 'high' }) urgency: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: '2026-12-09' }) panelDate: string | null;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: null }) providerId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Example High School' }) settingName: string | null;
  @ApiProperty({ type: CasePupilDto }) pupil: CasePupilDto;
  @ApiProperty({ format: 'date-time', example: '2026-11-24T14:05:00.000Z' }) updatedAt: string;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseListItemDto] }) items: CaseListItemDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor: string | null;
}

export class ExclusionDto {
  @ApiProperty({ enum: ['suspension', 'permanent_exclusion'], example: 'suspension' }) type:
    'suspension' | 'permanent_exclusion';
  @ApiProperty({ format: 'date', example: '2026-11-16' }) start: string;
  @ApiProperty({ description: 'A suspension’s length in school days', type: Number, nullable: true, example: 7 }) days:
    number | null;
}

export class SixthDayDutyDto {
  @ApiProperty({ enum: ['school', 'local_authority'], example: 'school' }) who: 'school' | 'local_authority';
  @ApiProperty({ format: 'date', example: '2026-11-23' }) from: string;
  @ApiProperty({
    example: 'The school must provide full-time education from the sixth school day of the 7-day suspension.',
  })
  explanation: string;
}

export class CasePupilDetailDto extends CasePupilDto {
  @ApiProperty({ description: 'E, K or N', example: 'K' }) senProvision: string;
  @ApiProperty({ type: [String], example: ['SEMH'] }) needs: string[];
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: null }) currentSchoolId: string | null;
  @ApiProperty({ type: [String], example: ['early_help'] }) safeguardingFlags: string[];
  @ApiProperty({ type: [PupilContactDto] }) contacts: PupilContactDto[];
  @ApiProperty({ type: EhcPlanDto, nullable: true }) ehcPlan: EhcPlanDto | null;
}

export class PlacementDto implements PlacementView {
  @ApiProperty({ format: 'uuid', example: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' }) id: string;
  @ApiProperty({ format: 'uuid', example: '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }) providerId: string;
  @ApiProperty({ description: TIERS, example: 'tier_2' }) tier: string;
  @ApiProperty({ example: '2026/27' }) academicYear: string;
  @ApiProperty({ enum: ['planned', 'active', 'ended'], example: 'active' }) status: 'planned' | 'active' | 'ended';
  @ApiProperty({ format: 'date', example: '2026-12-01' }) plannedStart: string;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: '2027-02-23' }) plannedEnd: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: '2026-12-01' }) startedOn: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) endedOn: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) endReason: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) destination: string | null;
}

export class TimelineActorDto {
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' })
  userId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Jo Officer' }) name: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'la_officer' }) role: string | null;
}

export class TimelineEntryDto implements TimelineEntry {
  @ApiProperty({ format: 'date-time', example: '2026-11-24T14:05:00.000Z' }) at: string;
  @ApiProperty({
    description: 'An action of the case (refer, triage, …) or an event recorded on it (a review, an alert decision, …)',
    example: 'triage',
  })
  action: string;
  @ApiProperty({ example: 'Triaged' }) label: string;
  @ApiProperty({ type: String, nullable: true, example: 'referred' }) fromStatus: string | null;
  @ApiProperty({ example: 'triaged' }) toStatus: string;
  @ApiProperty({ type: TimelineActorDto }) by: TimelineActorDto;
  @ApiProperty({ type: String, nullable: true, example: null }) note: string | null;
  @ApiProperty({
    description: 'What the action recorded; the names depend on the action',
    type: 'object',
    additionalProperties: true,
    example: { urgency: 'high' },
  })
  details: Record<string, unknown>;
}

/** A case, as its reader may see it. */
export class CaseDto extends CaseListItemDto implements CaseView {
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: null }) settingId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) reasonDetail: string | null;
  @ApiProperty({ enum: ['public_task'], example: 'public_task' }) lawfulBasis: 'public_task';
  @ApiProperty({ example: 'Parents support a short placement and want a plan to return.' }) familyViews: string;
  @ApiProperty({ example: 'Sam would like smaller classes and to keep seeing their friends.' }) childViews: string;
  @ApiProperty({ type: ExclusionDto, nullable: true }) exclusion: ExclusionDto | null;
  @ApiProperty({
    description: 'Who must provide full-time education from the sixth school day of an exclusion, and from when',
    type: SixthDayDutyDto,
    nullable: true,
  })
  sixthDayDuty: SixthDayDutyDto | null;
  @ApiProperty({ type: String, nullable: true, example: null }) decisionReason: string | null;
  @ApiProperty({ type: CasePupilDetailDto }) declare pupil: CasePupilDetailDto;
  @ApiProperty({ type: PlacementDto, nullable: true }) placement: PlacementDto | null;
  @ApiProperty({ description: 'Newest first', type: [TimelineEntryDto] }) timeline: TimelineEntryDto[];
  @ApiProperty({
    description: 'How you stand to the case: an officer of its LA, the school that opened it, the provider offered',
    enum: ['la', 'school', 'provider'],
    isArray: true,
    example: ['la'],
  })
  relations: CaseRelation[];
  @ApiProperty({
    description: 'What you may do now (each an action of POST /cases/{id}/transitions)',
    enum: CASE_ACTIONS,
    isArray: true,
    example: ['screen', 'withdraw'],
  })
  allowedActions: CaseAction[];
  @ApiProperty({ description: 'Send it back with a transition; a different current version answers 409', example: 2 })
  version: number;
}

export class CaseSummaryItemDto extends CaseCoreDto implements CaseSummaryItem {
  @ApiProperty({
    description: 'A keyed hash of the pupil id under the partnership’s key: the same child, the same pseudonym',
    example: '3f9a1c0d5e7b2a64',
  })
  pupilPseudonym: string;
  @ApiProperty({ description: 'E, K or N', example: 'K' }) senProvision: string;
  @ApiProperty({ example: false }) lookedAfter: boolean;
  @ApiProperty({ example: true }) freeSchoolMeals: boolean;
}

export class CaseSummaryPageDto {
  @ApiProperty({ type: [CaseSummaryItemDto] }) items: CaseSummaryItemDto[];
  @ApiProperty({
    description: 'The LAs party to a data-sharing agreement in force (whose cases are shown)',
    type: [String],
    format: 'uuid',
    example: [LA],
  })
  sharingLaIds: string[];
  @ApiProperty(NEXT_CURSOR) nextCursor: string | null;
}

/** An LA's AP practice. */
export class LaSettingsViewDto implements LaSettingsView {
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Trafford' }) laName: string;
  @ApiProperty({
    description: 'The first panel of the series; null: no fixed panel dates',
    format: 'date',
    type: String,
    nullable: true,
    example: '2026-09-02',
  })
  panelFirstDate: string | null;
  @ApiProperty({ example: 14 }) panelCadenceDays: number;
  @ApiProperty({ format: 'email', type: String, nullable: true, example: 'virtual.school@council.example' })
  virtualSchoolEmail: string | null;
  @ApiProperty({
    description: 'The next panel dates from today (empty when the LA has set none)',
    type: [String],
    format: 'date',
    example: ['2026-12-09'],
  })
  nextPanelDates: string[];
  @ApiProperty({ description: 'Weeks a tier 2 placement runs by default', example: 12 }) tier2Weeks: number;
  @ApiProperty({ example: 2 }) firstReviewWeeks: number;
  @ApiProperty({ example: 6 }) reviewCadenceWeeks: number;
  @ApiProperty({ example: 2 }) attendanceDueDays: number;
  @ApiProperty({ example: 4 }) unexplainedAbsenceSessions: number;
  @ApiProperty({ format: 'email', type: String, nullable: true, example: 'safeguarding@council.example' })
  safeguardingEmail: string | null;
  @ApiProperty({ type: [Number], example: [6, 13, 26] }) followUpWeeks: number[];
  @ApiProperty({ description: 'Send it back to refuse a change made since you read it (409)', example: 1 })
  version: number;
}

export class LaSettingsListDto {
  @ApiProperty({ type: [LaSettingsViewDto] }) items: LaSettingsViewDto[];
}
