import { ApiProperty } from '@nestjs/swagger';
import type {
  PlanAction,
  PlanMemberDecision,
  PlanSectionView,
  PlanSummary,
  PlanVersionSummary,
  PlanVersionView,
  PlanView,
} from '@rep-hub/plans-domain';
import {
  MEMBER_KINDS,
  PLAN_ACTIONS,
  PLAN_SECTIONS,
  PLAN_STATUSES,
  PlanSectionKey,
  PlanStatus,
} from '@rep-hub/plans-domain';

export const PLAN_ID = '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
export const VERSION_ID = '7b2a1d3f-4c5e-4f60-9b1c-2d3e4f5a6b7c';
export const SECTION_ID = '8c3b2e4a-5d6f-4071-8c2d-3e4f5a6b7c8d';
export const MEMBER_ID = '9d4c3f5b-6e7a-4182-9d3e-4f5a6b7c8d9e';
export const LA_ID = '1e5d4a6c-7f8b-4293-8e4f-5a6b7c8d9e0f';
export const USER_ID = '2f6e5b7d-8a9c-43a4-9f5a-6b7c8d9e0f1a';

export class PlanLaDto {
  @ApiProperty({ format: 'uuid', example: LA_ID }) id: string;
  @ApiProperty({ example: 'Manchester' }) name: string;
}

export class PlanActorDto {
  @ApiProperty({ format: 'uuid', example: USER_ID }) id: string;
  @ApiProperty({ example: 'Manchester LA officer (demo)' }) name: string;
}

export class PlanVersionRefDto {
  @ApiProperty({ format: 'uuid', example: VERSION_ID }) id: string;
  @ApiProperty({ example: 1 }) number: number;
  @ApiProperty({ enum: PLAN_STATUSES, example: 'draft' }) status: PlanStatus;
}

export class PublishedRefDto {
  @ApiProperty({ format: 'uuid', example: VERSION_ID }) id: string;
  @ApiProperty({ example: 1 }) number: number;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: '2026-11-20T10:00:00.000Z' })
  publishedAt: string | null;
}

export class PlanSummaryDto implements PlanSummary {
  @ApiProperty({ format: 'uuid', example: PLAN_ID }) id: string;
  @ApiProperty({ example: 'Manchester local inclusion plan 2026 to 2029' }) title: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) periodStart: string;
  @ApiProperty({ format: 'date', example: '2029-03-31' }) periodEnd: string;
  @ApiProperty({ format: 'date', example: '2027-03-31' }) reviewOn: string;
  @ApiProperty({ type: [PlanLaDto], description: 'The LAs the plan is for (one, or several of the partnership)' })
  las: PlanLaDto[];
  @ApiProperty({ type: PlanVersionRefDto, nullable: true, description: 'The newest version, whatever its stage' })
  latestVersion: PlanVersionRefDto | null;
  @ApiProperty({ type: PublishedRefDto, nullable: true, description: 'The version published now, if any' })
  publishedVersion: PublishedRefDto | null;
}

export class PlanListDto {
  @ApiProperty({ type: [PlanSummaryDto] }) items: PlanSummaryDto[];
}

export class PlanVersionSummaryDto implements PlanVersionSummary {
  @ApiProperty({ format: 'uuid', example: VERSION_ID }) id: string;
  @ApiProperty({ example: 1 }) number: number;
  @ApiProperty({ enum: PLAN_STATUSES, example: 'draft' }) status: PlanStatus;
  @ApiProperty({ example: 'First version' }) changeSummary: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-02T09:00:00.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: null }) coProductionAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: null }) signedOffAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: null }) publishedAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: null }) supersededAt: string | null;
  @ApiProperty({
    enum: ['none', 'queued', 'ready', 'failed'],
    description: 'The PDF made when the version is published',
    example: 'none',
  })
  pdfStatus: 'none' | 'queued' | 'ready' | 'failed';
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the PDF, hex', example: null })
  pdfSha256: string | null;
  @ApiProperty({
    description: 'The version row’s counter; send it with a stage move (a different one answers 409)',
    example: 1,
  })
  version: number;
}

export class PlanDto extends PlanSummaryDto implements PlanView {
  @ApiProperty({ format: 'date-time', example: '2026-11-02T09:00:00.000Z' }) createdAt: string;
  @ApiProperty({ type: [PlanVersionSummaryDto], description: 'Newest first' }) versions: PlanVersionSummaryDto[];
  @ApiProperty({
    description: 'Whether you may start versions, move stages and edit the plan-wide parts',
    example: true,
  })
  canManage: boolean;
  @ApiProperty({ description: 'Whether a new version may be started now (no version is open)', example: false })
  canStartVersion: boolean;
}

export class PlanThemeDto {
  @ApiProperty({ example: 'identification_of_need' }) code: string;
  @ApiProperty({ example: 'Identification of need' }) name: string;
}

export class PlanSectionDto implements PlanSectionView {
  @ApiProperty({ format: 'uuid', example: SECTION_ID }) id: string;
  @ApiProperty({ enum: PLAN_SECTIONS.map((s) => s.key), example: 'needs_analysis' }) key: PlanSectionKey;
  @ApiProperty({ example: 'Needs analysis' }) name: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'null: the plan-wide part', example: null })
  laId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) laName: string | null;
  @ApiProperty({ description: 'The text, in the safe formatting subset', example: '## What the figures tell us' })
  body: string;
  @ApiProperty({
    description: 'The text as HTML in which nothing written can run',
    example: '<h3 class="govuk-heading-m">What the figures tell us</h3>',
  })
  html: string;
  @ApiProperty({ type: [PlanThemeDto] }) themes: PlanThemeDto[];
  @ApiProperty({ description: 'The theme list the section was tagged with', example: '2026-provisional-1' })
  themesVersion: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-02T09:00:00.000Z' }) updatedAt: string;
  @ApiProperty({ type: PlanActorDto, nullable: true }) updatedBy: PlanActorDto | null;
  @ApiProperty({ description: 'Send it back with an edit; a different current version answers 409', example: 2 })
  version: number;
  @ApiProperty({ description: 'Whether you may edit it now', example: true }) canEdit: boolean;
}

export class PlanMemberDecisionDto implements PlanMemberDecision {
  @ApiProperty({ format: 'uuid', example: MEMBER_ID }) memberId: string;
  @ApiProperty({ example: 'Manchester Parent Carer Forum (demo)' }) name: string;
  @ApiProperty({ enum: MEMBER_KINDS.map((k) => k.code), example: 'parent_carer_forum' }) kind: string;
  @ApiProperty({ format: 'uuid', description: 'The LA whose local partnership it belongs to', example: LA_ID })
  laId: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, description: 'null: not in REP Hub', example: null })
  organisationId: string | null;
  @ApiProperty({ enum: ['signed_off', 'dissent'], nullable: true, example: 'dissent' })
  decision: 'signed_off' | 'dissent' | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'The co-production section does not say how families were involved.',
  })
  reason: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: '2026-11-20T10:00:00.000Z' })
  recordedAt: string | null;
  @ApiProperty({ type: PlanActorDto, nullable: true }) recordedBy: PlanActorDto | null;
  @ApiProperty({ description: 'Recorded by the lead or the LA’s officer for a member outside REP Hub', example: true })
  recordedOnBehalf: boolean;
}

export class PlanVersionDto extends PlanVersionSummaryDto implements PlanVersionView {
  @ApiProperty({ format: 'uuid', example: PLAN_ID }) planId: string;
  @ApiProperty({ example: 'Manchester local inclusion plan 2026 to 2029' }) planTitle: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) periodStart: string;
  @ApiProperty({ format: 'date', example: '2029-03-31' }) periodEnd: string;
  @ApiProperty({ format: 'date', example: '2027-03-31' }) reviewOn: string;
  @ApiProperty({ type: [PlanLaDto] }) las: PlanLaDto[];
  @ApiProperty({ type: [PlanSectionDto], description: 'Each section’s plan-wide part, then each LA’s own part' })
  sections: PlanSectionDto[];
  @ApiProperty({ type: [PlanMemberDecisionDto], description: 'Every member organisation, with its decision or null' })
  signOffs: PlanMemberDecisionDto[];
  @ApiProperty({ type: [PlanMemberDecisionDto], description: 'The parent carer forum’s position' })
  parentCarerForum: PlanMemberDecisionDto[];
  @ApiProperty({ enum: PLAN_ACTIONS, isArray: true, example: ['co_produce'] }) allowedActions: PlanAction[];
  @ApiProperty({ type: [String], description: 'Member ids you may record a decision for now', example: [] })
  canDecideFor: string[];
}
