import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
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
import { invalidFieldsResponse, problemResponse } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { IsCheckedBy } from '@rep-hub/platform';
import {
  CURRENT_THEMES,
  newPlanProblems,
  PLAN_ACTIONS,
  PlanAction,
  PlanLifecycleService,
  PlansService,
  sectionProblems,
  signOffProblems,
} from '@rep-hub/plans-domain';
import { IsOptional } from 'class-validator';
import {
  LA_ID,
  MEMBER_ID,
  PLAN_ID,
  PlanDto,
  PlanListDto,
  PlanSectionDto,
  PlanVersionDto,
  SECTION_ID,
  USER_ID,
  VERSION_ID,
} from './responses/plans.responses';

type Errors = { field: string; message: string }[];
/** The message of the service's own rule for one field (the API and the pages say the same). */
const of = (errors: Errors, field: string) => errors.find((e) => e.field === field)?.message;

export class CreatePlanDto {
  @ApiProperty({
    description: 'The plan’s title (1 to 200 characters)',
    example: 'Our local inclusion plan 2026 to 2029',
  })
  @IsCheckedBy((_, dto) => of(newPlanProblems(dto), 'title'))
  title: string;

  @ApiProperty({ format: 'date', description: 'First day of the plan’s period (2024 to 2040)', example: '2026-04-01' })
  @IsCheckedBy((_, dto) => of(newPlanProblems(dto), 'periodStart'))
  periodStart: string;

  @ApiProperty({ format: 'date', description: 'Last day of the period, after the first', example: '2029-03-31' })
  @IsCheckedBy((_, dto) => of(newPlanProblems(dto), 'periodEnd'))
  periodEnd: string;

  @ApiProperty({
    format: 'date',
    description: 'When the plan is to be reviewed, within its period',
    example: '2027-03-31',
  })
  @IsCheckedBy((_, dto) => of(newPlanProblems(dto), 'reviewOn'))
  reviewOn: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'The LAs the plan is for: one, or several of the partnership (each LA is in one plan at most). A plan of several LAs has each section’s plan-wide part and each LA’s own part.',
    example: [LA_ID],
  })
  @IsCheckedBy((_, dto) => of(newPlanProblems(dto), 'laIds'))
  laIds: string[];
}

export class EditSectionDto {
  @ApiProperty({
    description:
      'The text in the safe formatting subset (## and ### headings, - and 1. lists, [links](https://…), pipe tables, paragraphs); up to 20,000 characters. A problem is a 400 naming the line.',
    maxLength: 20000,
    example:
      '## What the figures tell us\n\n| Primary need | Children |\n|---|---|\n| SEMH | 420 |\n\nSee [SEN2](https://explore-education-statistics.service.gov.uk/find-statistics/education-health-and-care-plans).',
  })
  @IsCheckedBy((_, dto) => of(sectionProblems(dto['body'], dto['themes']), 'body'))
  body: string;

  @ApiProperty({
    type: [String],
    description: `Codes of the current National Standards themes list (${CURRENT_THEMES.version}, provisional)`,
    example: ['identification_of_need'],
  })
  @IsCheckedBy((_, dto) => of(sectionProblems(dto['body'], dto['themes']), 'themes'))
  themes: string[];

  @ApiProperty({ description: 'The section’s version you saw; a different current version answers 409', example: 1 })
  @IsCheckedBy((v) =>
    typeof v === 'number' && Number.isInteger(v) ? undefined : 'version must be the section’s version number',
  )
  version: number;
}

export class TransitionDto {
  @ApiProperty({
    enum: PLAN_ACTIONS,
    description:
      'co_produce: draft → co_production; sign_off: co_production → signed_off (every member organisation has decided); publish: signed_off → published (the version published before is superseded; the PDF is made)',
    example: 'co_produce',
  })
  @IsCheckedBy((v) =>
    typeof v === 'string' && (PLAN_ACTIONS as readonly string[]).includes(v)
      ? undefined
      : `Choose the stage move: ${PLAN_ACTIONS.join(', ')}`,
  )
  action: PlanAction;

  @ApiPropertyOptional({ description: 'The version row’s counter you saw; a different one answers 409', example: 1 })
  @IsOptional()
  @IsCheckedBy((v) =>
    typeof v === 'number' && Number.isInteger(v) ? undefined : 'version must be the plan version’s version number',
  )
  version?: number;
}

export class SignOffDto {
  @ApiProperty({ format: 'uuid', description: 'The member organisation the decision is for', example: MEMBER_ID })
  @IsCheckedBy((_, dto) => of(signOffProblems(dto), 'memberId'))
  memberId: string;

  @ApiProperty({ enum: ['signed_off', 'dissent'], example: 'dissent' })
  @IsCheckedBy((_, dto) => of(signOffProblems(dto), 'decision'))
  decision: 'signed_off' | 'dissent';

  @ApiPropertyOptional({
    description: 'Why the organisation dissents (needed for a dissent; up to 5,000 characters)',
    maxLength: 5000,
    example: 'The joint commissioning section does not say how therapy waiting times will fall.',
  })
  @IsOptional()
  @IsCheckedBy((_, dto) => of(signOffProblems(dto), 'reason'))
  reason?: string;
}

export class NewVersionDto {
  @ApiPropertyOptional({
    description: 'What this version changes (up to 2,000 characters)',
    example: 'Annual review 2027',
  })
  @IsOptional()
  @IsCheckedBy((v) =>
    typeof v === 'string' && v.trim().length <= 2000
      ? undefined
      : 'The summary of changes must be text of 2,000 characters or fewer',
  )
  changeSummary?: string;
}

const FORBIDDEN = problemResponse(403, 'Your role does not allow this.');
const NOT_FOUND_PLAN = problemResponse(404, 'There is no such plan in your partnership.');
const NOT_FOUND_VERSION = problemResponse(404, 'There is no such version in your partnership.');
const SECTION = {
  id: SECTION_ID,
  key: 'needs_analysis',
  name: 'Needs analysis',
  laId: null,
  laName: null,
  body: '## What the figures tell us',
  html: '<h3 class="govuk-heading-m">What the figures tell us</h3>',
  themes: [{ code: 'identification_of_need', name: 'Identification of need' }],
  themesVersion: CURRENT_THEMES.version,
  updatedAt: '2026-11-02T09:00:00.000Z',
  updatedBy: { id: USER_ID, name: 'Manchester LA officer (demo)' },
  version: 2,
  canEdit: true,
};
const VERSION_SUMMARY = {
  id: VERSION_ID,
  number: 1,
  status: 'draft',
  changeSummary: 'First version',
  createdAt: '2026-11-02T09:00:00.000Z',
  coProductionAt: null,
  signedOffAt: null,
  publishedAt: null,
  supersededAt: null,
  pdfStatus: 'none',
  pdfSha256: null,
  version: 1,
};
const PLAN_SUMMARY = {
  id: PLAN_ID,
  title: 'Manchester local inclusion plan 2026 to 2029',
  periodStart: '2026-04-01',
  periodEnd: '2029-03-31',
  reviewOn: '2027-03-31',
  las: [{ id: LA_ID, name: 'Manchester' }],
  latestVersion: { id: VERSION_ID, number: 1, status: 'draft' },
  publishedVersion: null,
};
const PLAN = {
  ...PLAN_SUMMARY,
  createdAt: '2026-11-02T09:00:00.000Z',
  versions: [VERSION_SUMMARY],
  canManage: true,
  canStartVersion: false,
};
const DECISION = {
  memberId: MEMBER_ID,
  name: 'Manchester Parent Carer Forum (demo)',
  kind: 'parent_carer_forum',
  laId: LA_ID,
  organisationId: null,
  decision: 'dissent',
  reason: 'The co-production section does not say how families were involved.',
  recordedAt: '2026-11-20T10:00:00.000Z',
  recordedBy: { id: USER_ID, name: 'Manchester LA officer (demo)' },
  recordedOnBehalf: true,
};
const VERSION = {
  ...VERSION_SUMMARY,
  status: 'co_production',
  coProductionAt: '2026-11-10T09:00:00.000Z',
  version: 2,
  planId: PLAN_ID,
  planTitle: PLAN_SUMMARY.title,
  periodStart: PLAN_SUMMARY.periodStart,
  periodEnd: PLAN_SUMMARY.periodEnd,
  reviewOn: PLAN_SUMMARY.reviewOn,
  las: PLAN_SUMMARY.las,
  sections: [SECTION],
  signOffs: [DECISION],
  parentCarerForum: [DECISION],
  allowedActions: ['sign_off'],
  canDecideFor: [MEMBER_ID],
};
const WRONG_STAGE = problemResponse(
  409,
  'Version 1 is published: it cannot take “co_produce”. No stage move is open to it now.',
  {
    versionStatus: 'published',
    allowedActions: [],
  },
);

/**
 * Local inclusion plans: a plan for one LA or several of the partnership, its versions moving
 * draft → co_production → signed_off → published → superseded on the server, its sections (text in
 * the safe formatting subset and National Standards themes) edited under a version counter, and
 * each member organisation's sign-off or dissent. Every member of the partnership reads its plans
 * (no child is in them); the lead and each LA's officers keep their LA's; every change is audited.
 */
@ApiTags('inclusion plans')
@ApiBearerAuth()
@Controller('api/v1/plans')
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly lifecycle: PlanLifecycleService,
  ) {}

  @Policy('read', 'InclusionPlan')
  @Get()
  @ApiOperation({ summary: 'The partnership’s local inclusion plans, with each one’s newest and published version' })
  @ApiOkResponse({ type: PlanListDto, example: { items: [PLAN_SUMMARY] } })
  @ApiForbiddenResponse(FORBIDDEN)
  async list(): Promise<PlanListDto> {
    return { items: await this.plans.list() };
  }

  @Policy('create', 'InclusionPlan')
  @Post()
  @ApiOperation({
    summary:
      'Create a plan for one LA or several LAs of the partnership, with its first version (a draft) and its seven sections',
    description:
      'The lead for any LA of the partnership; an LA’s officer or LA admin for their own LA. 409 when an LA already has a plan. Audited.',
  })
  @ApiCreatedResponse({ type: PlanDto, example: PLAN })
  @ApiBadRequestResponse(
    invalidFieldsResponse({ field: 'reviewOn', message: 'The review date must be in the plan’s period' }),
  )
  @ApiForbiddenResponse(problemResponse(403, 'Your role cannot make a plan for Trafford.'))
  @ApiConflictResponse(
    problemResponse(409, 'Manchester already has a local inclusion plan: an LA is in one plan at most.', {
      field: 'laIds',
    }),
  )
  create(@Body() body: CreatePlanDto): Promise<PlanDto> {
    return this.plans.create(body);
  }

  @Policy('read', 'InclusionPlan')
  @Get(':planId')
  @ApiOperation({ summary: 'A plan with its versions (newest first)' })
  @ApiOkResponse({ type: PlanDto, example: PLAN })
  @ApiNotFoundResponse(NOT_FOUND_PLAN)
  @ApiForbiddenResponse(FORBIDDEN)
  get(@Param('planId') planId: string): Promise<PlanDto> {
    return this.plans.get(planId);
  }

  @Policy('update', 'InclusionPlan')
  @Post(':planId/versions')
  @ApiOperation({
    summary: 'Start a new version: a draft copy of the latest (sections and themes), when no version is open',
    description: '409 when a version is still in draft, co-production or signed off. Audited.',
  })
  @ApiCreatedResponse({
    type: PlanVersionDto,
    example: { ...VERSION, number: 2, status: 'draft', allowedActions: ['co_produce'] },
  })
  @ApiBadRequestResponse(
    invalidFieldsResponse({
      field: 'changeSummary',
      message: 'The summary of changes must be text of 2,000 characters or fewer',
    }),
  )
  @ApiNotFoundResponse(NOT_FOUND_PLAN)
  @ApiForbiddenResponse(problemResponse(403, 'Your role cannot start a new version of this plan.'))
  @ApiConflictResponse(
    problemResponse(409, 'Version 2 is still open (draft): publish it before starting another.', {
      openVersionId: VERSION_ID,
      versionStatus: 'draft',
    }),
  )
  newVersion(@Param('planId') planId: string, @Body() body: NewVersionDto): Promise<PlanVersionDto> {
    return this.lifecycle.newVersion(planId, body);
  }

  @Policy('read', 'InclusionPlan')
  @Get(':planId/versions/:versionId')
  @ApiOperation({
    summary:
      'A version with its sections (text and rendered HTML, themes), every member organisation’s decision and the parent carer forum’s position',
  })
  @ApiOkResponse({ type: PlanVersionDto, example: VERSION })
  @ApiNotFoundResponse(NOT_FOUND_VERSION)
  @ApiForbiddenResponse(FORBIDDEN)
  version(@Param('planId') planId: string, @Param('versionId') versionId: string): Promise<PlanVersionDto> {
    return this.plans.getVersion(planId, versionId);
  }

  @Policy('update', 'InclusionPlan')
  @Put(':planId/versions/:versionId/sections/:sectionId')
  @ApiOperation({
    summary: 'Edit a section’s text and themes (draft or co-production), sending the section’s version',
    description:
      'The plan-wide part: the lead or an officer of one of the plan’s LAs; an LA’s own part: that LA’s officers or the lead. A stale version answers 409 with the current text, version, who saved it and when. Audited.',
  })
  @ApiOkResponse({ type: PlanSectionDto, example: SECTION })
  @ApiBadRequestResponse(
    invalidFieldsResponse({
      field: 'body',
      message: 'Line 3: the link “guide” must go to an address starting https:// (not “http://example.org”)',
    }),
  )
  @ApiNotFoundResponse(problemResponse(404, 'There is no such section in your partnership.'))
  @ApiForbiddenResponse(
    problemResponse(403, 'Your role cannot edit this section: it is another local authority’s plan or part.'),
  )
  @ApiConflictResponse(
    problemResponse(
      409,
      'This section has changed since you opened it: Trafford LA officer (demo) saved version 3 at 2026-11-20T10:00:00.000Z. Your text was not saved; compare it with theirs and save again.',
      {
        currentVersion: 3,
        currentBody: '## What the figures tell us',
        currentThemes: ['identification_of_need'],
        updatedBy: { id: USER_ID, name: 'Trafford LA officer (demo)' },
        updatedAt: '2026-11-20T10:00:00.000Z',
      },
    ),
  )
  editSection(
    @Param('planId') planId: string,
    @Param('versionId') versionId: string,
    @Param('sectionId') sectionId: string,
    @Body() body: EditSectionDto,
  ): Promise<PlanSectionDto> {
    return this.plans.editSection(planId, versionId, sectionId, body);
  }

  @Policy('update', 'InclusionPlan')
  @Post(':planId/versions/:versionId/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a version to its next stage: co_produce, sign_off or publish',
    description:
      'Only from the stage each starts from (409 naming what may be done). sign_off needs every member organisation’s decision (409 naming those still to decide). publish supersedes the version published before and queues the PDF. Audited.',
  })
  @ApiOkResponse({ type: PlanVersionDto, example: VERSION })
  @ApiBadRequestResponse(
    invalidFieldsResponse({ field: 'action', message: 'Choose the stage move: co_produce, sign_off, publish' }),
  )
  @ApiNotFoundResponse(NOT_FOUND_VERSION)
  @ApiForbiddenResponse(problemResponse(403, 'Your role cannot move this plan through its stages.'))
  @ApiConflictResponse(WRONG_STAGE)
  transition(
    @Param('planId') planId: string,
    @Param('versionId') versionId: string,
    @Body() body: TransitionDto,
  ): Promise<PlanVersionDto> {
    return this.lifecycle.transition(planId, versionId, body);
  }

  @Policy('create', 'InclusionPlanSignOff')
  @Post(':planId/versions/:versionId/sign-offs')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record a member organisation’s sign-off, or its dissent with a reason (co-production only)',
    description:
      'A member of the organisation records its decision; for a member with no REP Hub organisation, the lead or the LA’s officer records it (and the record says who). A second decision replaces the first. Audited.',
  })
  @ApiOkResponse({ type: PlanVersionDto, example: VERSION })
  @ApiBadRequestResponse(
    invalidFieldsResponse({ field: 'reason', message: 'Give the reason the organisation dissents' }),
  )
  @ApiNotFoundResponse(NOT_FOUND_VERSION)
  @ApiForbiddenResponse(
    problemResponse(403, 'Only a member of North West Integrated Care Board (demo) records its decision.'),
  )
  @ApiConflictResponse(
    problemResponse(409, 'Version 1 is draft: decisions are recorded only in co-production.', {
      versionStatus: 'draft',
    }),
  )
  signOff(
    @Param('planId') planId: string,
    @Param('versionId') versionId: string,
    @Body() body: SignOffDto,
  ): Promise<PlanVersionDto> {
    return this.lifecycle.signOff(planId, versionId, body);
  }
}
