import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApSettingsService,
  CASE_ACTIONS,
  CASE_REASONS,
  CASE_ROUTES,
  CASE_SORTS,
  CASE_STAGES,
  CASE_STATUSES,
  CasesService,
  CaseTransitionsService,
  DEMO_PANEL_FIRST_DATE,
  nextDemoPanelDate,
  parseFollowUpWeeks,
  URGENCIES,
} from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import {
  decodeCursor,
  encodeCursor,
  IsCheckedBy,
  IsCodeIn,
  IsFilled,
  IsOptionalOrEmpty,
  IsRealDate,
  IsUuid,
  schoolToday,
} from '@rep-hub/platform';
import { PLACEMENT_END_DESTINATIONS } from '@rep-hub/reference';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { TIER_CODES } from './directory.dto';
import { ApiProblems, exampleDate, liveExample, PageQueryDto } from '@rep-hub/api-surface';
import {
  CaseDto,
  CasePageDto,
  CaseSummaryPageDto,
  LaSettingsListDto,
  LaSettingsViewDto,
} from './responses/cases.responses';

/** The demo LAs' next panel date, worked out when the document is served. */
const NEXT_PANEL = liveExample(() => nextDemoPanelDate(schoolToday()));

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const SCHOOL = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const PROVIDER = '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const PUPIL = '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a1b';
const CASE_ID = '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b';
const LIST_ITEM = {
  id: CASE_ID,
  reference: 'AP-000042',
  laId: LA,
  laName: 'Trafford',
  route: 'school_referral',
  status: 'triaged',
  reason: 'at_risk_of_exclusion',
  requestedTier: 'tier_2',
  tier: null,
  urgency: 'high',
  panelDate: '2026-12-09',
  providerId: null,
  providerName: null,
  settingName: 'Example High School',
  pupil: {
    id: PUPIL,
    givenName: 'Sam',
    familyName: 'Example',
    dateOfBirth: '2013-04-12',
    upn: 'H801200001001',
    lookedAfter: false,
  },
  createdAt: '2026-11-20T09:30:00.000Z',
  updatedAt: '2026-11-24T14:05:00.000Z',
};
const CASE = {
  ...LIST_ITEM,
  settingId: SCHOOL,
  reasonDetail: 'Three suspensions this term; the school has tried a part-time timetable.',
  lawfulBasis: 'public_task',
  familyViews: 'Parents support a short placement and want a plan to return.',
  childViews: 'Sam would like smaller classes and to keep seeing their friends.',
  exclusion: { type: 'suspension', start: '2026-11-16', days: 7 },
  sixthDayDuty: {
    who: 'school',
    from: '2026-11-23',
    explanation: 'The school must provide full-time education from the sixth school day of the 7-day suspension.',
  },
  decisionReason: null,
  pupil: {
    ...LIST_ITEM.pupil,
    senProvision: 'K',
    needs: ['SEMH'],
    currentSchoolId: SCHOOL,
    safeguardingFlags: ['early_help'],
    contacts: [{ name: 'Alex Example', relationship: 'Parent', phone: '0161 496 0000', parentalResponsibility: true }],
    ehcPlan: null,
  },
  placement: null,
  timeline: [
    {
      at: '2026-11-24T14:05:00.000Z',
      action: 'triage',
      label: 'Triaged',
      fromStatus: 'referred',
      toStatus: 'triaged',
      by: { userId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', name: 'Jo Officer', role: 'la_officer' },
      note: 'Urgent: suspended twice this term.',
      details: { urgency: 'high', panelDate: '2026-12-09' },
    },
    {
      at: '2026-11-20T09:30:00.000Z',
      action: 'refer',
      label: 'Referred to the LA by the school',
      fromStatus: null,
      toStatus: 'referred',
      by: { userId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', name: 'Pat Teacher', role: 'setting_staff' },
      note: null,
      details: {},
    },
  ],
  relations: ['la'],
  allowedActions: ['screen', 'request_information', 'withdraw'],
  version: 2,
};

/** A referral (school), a school's own commission, or an LA commission for its panel. */
const SUSPENSION = 'Enter the length of the suspension in school days, from 1 to 45';
/** A value sent (null and '' are as good as not sent). */
const sent = (v: unknown) => v !== undefined && v !== null && v !== '';
const PANEL_DECISIONS = ['offer', 'more_information', 'decline'];
const VERSION = 'version must be the case’s version number';
const TIER = 'Choose the tier: tier_1, tier_2 or tier_3';
/** A note of up to 4,000 characters (transitions), and the note some actions need (the service says which). */
const NOTE = 'The note must be 4,000 characters or fewer';

export class CreateCaseDto {
  @ApiProperty({ enum: CASE_ROUTES, example: 'school_referral' })
  @IsIn(CASE_ROUTES, { message: 'route must be school_referral, school_commission or la_commission' })
  route: string;

  @ApiProperty({
    description: 'A pupil you can open (a school: one it recorded; an LA officer: one of their LA)',
    format: 'uuid',
    example: PUPIL,
  })
  @IsUuid({ message: 'Choose the pupil' })
  pupilId: string;

  @ApiPropertyOptional({
    description: 'For staff of more than one school: which school refers or commissions',
    format: 'uuid',
    example: SCHOOL,
  })
  @IsOptional()
  @IsUuid({ message: 'Choose which of your schools is referring' })
  settingId?: string;

  @ApiProperty({
    enum: CASE_REASONS.map((r) => r.code),
    description: 'Why the pupil needs AP',
    example: 'at_risk_of_exclusion',
  })
  @IsIn(CASE_REASONS.map((r) => r.code), {
    message: `Choose the reason: ${CASE_REASONS.map((r) => r.code).join(', ')}`,
  })
  reason: string;

  @ApiPropertyOptional({
    example: 'Three suspensions this term; the school has tried a part-time timetable.',
    maxLength: 2000,
  })
  @IsOptional()
  @IsString({ message: 'reasonDetail must be text' })
  @MaxLength(2000, { message: 'The detail must be 2,000 characters or fewer' })
  reasonDetail?: string;

  @ApiProperty({
    enum: TIER_CODES,
    description: 'The tier asked for (a school commissions tier 1 or 2 only)',
    example: 'tier_2',
  })
  @IsIn(TIER_CODES, { message: TIER })
  requestedTier: string;

  @ApiProperty({
    description: 'The views of the family (the lawful basis is public task: no consent is asked)',
    example: 'Parents support a short placement and want a plan to return.',
    maxLength: 4000,
  })
  @IsFilled({ message: 'Record the views of the family (parents or carers)' })
  @MaxLength(4000, { message: 'The family’s views must be 4,000 characters or fewer' })
  familyViews: string;

  @ApiProperty({
    description: 'The views of the child or young person',
    example: 'Sam would like smaller classes and to keep seeing their friends.',
    maxLength: 4000,
  })
  @IsFilled({ message: 'Record the views of the child or young person' })
  @MaxLength(4000, { message: 'The child’s views must be 4,000 characters or fewer' })
  childViews: string;

  @ApiPropertyOptional({ enum: ['suspension', 'permanent_exclusion'], example: 'suspension' })
  @ValidateIf((o: CreateCaseDto) => o.exclusionType != null || o.exclusionStart != null || sent(o.exclusionDays))
  @IsCheckedBy((t) =>
    t == null || t === ''
      ? 'Say whether the exclusion is a suspension or a permanent exclusion'
      : !['suspension', 'permanent_exclusion'].includes(t as string)
        ? 'exclusionType must be suspension or permanent_exclusion'
        : undefined,
  )
  exclusionType?: string;

  @ApiPropertyOptional({
    description: 'First day of the exclusion (YYYY-MM-DD)',
    format: 'date',
    example: exampleDate(-2),
  })
  @ValidateIf((o: CreateCaseDto) => o.exclusionStart != null || (o.exclusionType != null && o.exclusionType !== ''))
  @IsRealDate({ message: 'Enter the first day of the exclusion as YYYY-MM-DD' })
  exclusionStart?: string;

  @ApiPropertyOptional({
    description: 'A suspension’s length in school days (1–45)',
    type: 'integer',
    minimum: 1,
    maximum: 45,
    example: 7,
  })
  @ValidateIf((o: CreateCaseDto) => o.exclusionType === 'suspension' || sent(o.exclusionDays))
  @IsInt({ message: SUSPENSION })
  @Min(1, { message: SUSPENSION })
  @Max(45, { message: SUSPENSION })
  exclusionDays?: number;

  @ApiPropertyOptional({
    description: 'school_commission only: the provider commissioned',
    format: 'uuid',
    example: PROVIDER,
  })
  @IsOptional()
  @IsUuid({ message: 'Choose the provider the school commissions' })
  providerId?: string;
}

/**
 * A move of a case. Which fields an action needs is the case machine's (the service answers a 400
 * naming a missing one); the DTO checks each field sent.
 */
export class CaseTransitionDto {
  @ApiProperty({ enum: CASE_ACTIONS, example: 'triage' })
  @IsIn(CASE_ACTIONS, { message: `action must be one of ${CASE_ACTIONS.join(', ')}` })
  action: string;

  @ApiPropertyOptional({
    description: 'The case version you saw; a different current version answers 409',
    type: 'integer',
    example: 1,
  })
  @IsOptional()
  @IsInt({ message: VERSION })
  version?: number;

  @ApiPropertyOptional({
    description:
      'Why: required for screen, request_information, provide_information, decline decisions, decline_offer, end and withdraw',
    example: 'Urgent: suspended twice this term.',
    maxLength: 4000,
  })
  @IsOptional()
  @IsString({ message: NOTE })
  @MaxLength(4000, { message: NOTE })
  note?: string;

  @ApiPropertyOptional({ enum: URGENCIES, description: 'triage: the urgency', example: 'high' })
  @IsOptional()
  @IsIn(URGENCIES, { message: 'Choose the urgency: urgent, high or standard' })
  urgency?: string;

  @ApiPropertyOptional({ description: 'triage: one of the LA’s panel dates', format: 'date', example: NEXT_PANEL })
  @IsOptional()
  @IsRealDate({ message: 'Enter the panel date as YYYY-MM-DD' })
  panelDate?: string;

  @ApiPropertyOptional({ enum: PANEL_DECISIONS, description: 'decide: the panel’s decision', example: 'offer' })
  @IsOptional()
  @IsIn(PANEL_DECISIONS, { message: 'Choose the decision: offer, more_information or decline' })
  decision?: string;

  @ApiPropertyOptional({ description: 'decide (offer) and offer: the provider', format: 'uuid', example: PROVIDER })
  @IsOptional()
  @IsUuid({ message: 'Choose the provider to offer the place to' })
  providerId?: string;

  @ApiPropertyOptional({ enum: TIER_CODES, description: 'decide (offer) and offer: the tier', example: 'tier_2' })
  @IsOptional()
  @IsIn(TIER_CODES, { message: TIER })
  tier?: string;

  @ApiPropertyOptional({ description: 'accept: the planned first day', format: 'date', example: '2026-12-14' })
  @IsOptional()
  @IsRealDate({ message: 'Enter the planned first day as YYYY-MM-DD' })
  plannedStart?: string;

  @ApiPropertyOptional({
    description: 'accept: the planned last day (tier 2 defaults to the LA’s tier 2 length)',
    format: 'date',
    example: '2027-03-08',
  })
  @IsOptional()
  @IsRealDate({ message: 'The planned end must be a date after the start' })
  plannedEnd?: string;

  @ApiPropertyOptional({ description: 'start: the first day (default today)', format: 'date', example: '2026-12-14' })
  @IsOptional()
  @IsRealDate({ message: 'Enter the first day of the placement as YYYY-MM-DD' })
  startedOn?: string;

  @ApiPropertyOptional({ description: 'end: the last day (default today)', format: 'date', example: '2027-03-05' })
  @IsOptional()
  @IsRealDate({ message: 'Enter the last day of the placement as YYYY-MM-DD' })
  endedOn?: string;

  @ApiPropertyOptional({
    description: `end: a code of the list placement-end-destinations in force (now ${PLACEMENT_END_DESTINATIONS.map((d) => d.code).join(', ')})`,
    example: 'returned_to_home_school',
  })
  @IsOptional()
  @IsCodeIn(() => PLACEMENT_END_DESTINATIONS.map((d) => d.code), {
    message: `Choose the destination: ${PLACEMENT_END_DESTINATIONS.map((d) => d.code).join(', ')}`,
  })
  destination?: string;
}

export class CaseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: Object.keys(CASE_STAGES),
    description: 'panel, offers, placements or closed',
    example: 'panel',
  })
  @IsOptional()
  @IsIn(Object.keys(CASE_STAGES), { message: `stage is one of ${Object.keys(CASE_STAGES).join(', ')}` })
  stage?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES, description: 'One status', example: 'triaged' })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: 'status is a case status' })
  status?: string;

  @ApiPropertyOptional({ enum: TIER_CODES, example: 'tier_2' })
  @IsOptional()
  @IsIn(TIER_CODES, { message: 'tier is tier_1, tier_2 or tier_3' })
  tier?: string;

  @ApiPropertyOptional({ enum: CASE_ROUTES, example: 'school_referral' })
  @IsOptional()
  @IsIn(CASE_ROUTES, { message: `route is one of ${CASE_ROUTES.join(', ')}` })
  route?: string;

  @ApiPropertyOptional({ format: 'uuid', example: LA })
  @IsOptional()
  @IsUuid({ message: 'laId must be a local authority id' })
  laId?: string;

  @ApiPropertyOptional({ format: 'uuid', example: PROVIDER })
  @IsOptional()
  @IsUuid({ message: 'providerId must be a provider id' })
  providerId?: string;

  @ApiPropertyOptional({
    enum: CASE_SORTS,
    description:
      'updated (most recently changed first, the default), oldest (waiting longest first) or panel (next panel date first)',
    example: 'updated',
  })
  @IsOptional()
  @IsIn(CASE_SORTS, { message: `sort is one of ${CASE_SORTS.join(', ')}` })
  sort?: string;
}

/** A whole number from min to max, or sent empty (back to the default). */
const bounded = (min: number, max: number, message: string): PropertyDecorator[] => [
  IsOptionalOrEmpty(),
  IsInt({ message }),
  Min(min, { message }),
  Max(max, { message }),
];
const decorate =
  (...all: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    all.forEach((d) => d(target, key));

/** An LA's settings: a field not sent keeps its value; sent empty or null, it goes back to its default. */
export class LaSettingsDto {
  @ApiPropertyOptional({
    description: 'The first panel of the series (YYYY-MM-DD); with the cadence it gives every panel date',
    format: 'date',
    example: DEMO_PANEL_FIRST_DATE,
  })
  @IsOptionalOrEmpty()
  @IsRealDate({ message: 'Enter the first panel date as YYYY-MM-DD' })
  panelFirstDate?: string;

  @ApiPropertyOptional({ description: 'Days between panels, 1–92 (default 14)', type: 'integer', example: 14 })
  @decorate(...bounded(1, 92, 'Enter how often the panel meets, in days, from 1 to 92'))
  panelCadenceDays?: number;

  @ApiPropertyOptional({
    description: 'Default tier 2 placement length in weeks, 1–52 (default 12)',
    type: 'integer',
    example: 12,
  })
  @decorate(...bounded(1, 52, 'Enter the tier 2 placement length in weeks, from 1 to 52'))
  tier2Weeks?: number;

  @ApiPropertyOptional({
    description: 'Where the virtual school hears of placements of looked-after children',
    format: 'email',
    example: 'virtual.school@council.example',
  })
  @IsOptionalOrEmpty()
  @IsEmail({}, { message: 'Enter the virtual school’s email address in the correct format' })
  @MaxLength(320, { message: 'Enter the virtual school’s email address in the correct format' })
  virtualSchoolEmail?: string;

  @ApiPropertyOptional({
    description: 'Weeks from a placement’s start to its first review, 1–26 (default 2)',
    type: 'integer',
    example: 2,
  })
  @decorate(...bounded(1, 26, 'Enter the weeks from the start of a placement to its first review, from 1 to 26'))
  firstReviewWeeks?: number;

  @ApiPropertyOptional({
    description: 'Weeks between reviews: the next is scheduled this long after one is held, 1–26 (default 6)',
    type: 'integer',
    example: 6,
  })
  @decorate(...bounded(1, 26, 'Enter the weeks between reviews, from 1 to 26'))
  reviewCadenceWeeks?: number;

  @ApiPropertyOptional({
    description: 'School days a provider has to send a day’s attendance, 1–10 (default 2)',
    type: 'integer',
    example: 2,
  })
  @decorate(...bounded(1, 10, 'Enter the school days a provider has to send attendance, from 1 to 10'))
  attendanceDueDays?: number;

  @ApiPropertyOptional({
    description:
      'Unexplained absent sessions that raise an alert to the commissioner and the safeguarding contact, 1–40 (default 4)',
    type: 'integer',
    example: 4,
  })
  @decorate(...bounded(1, 40, 'Enter the unexplained absent sessions that raise an alert, from 1 to 40'))
  unexplainedAbsenceSessions?: number;

  @ApiPropertyOptional({
    description: 'The LA’s safeguarding contact for unexplained absence',
    format: 'email',
    example: 'safeguarding@council.example',
  })
  @IsOptionalOrEmpty()
  @IsEmail({}, { message: 'Enter the safeguarding contact’s email address in the correct format' })
  @MaxLength(320, { message: 'Enter the safeguarding contact’s email address in the correct format' })
  safeguardingEmail?: string;

  @ApiPropertyOptional({
    description:
      'Reintegration follow-up points in weeks after a return to mainstream: 1 to 6 different whole numbers from 1 to 104 (default 6, 13, 26: six weeks, one term, two terms)',
    type: [Number],
    example: [6, 13, 26],
  })
  @IsOptionalOrEmpty()
  @IsCheckedBy((v) => parseFollowUpWeeks(v).error)
  followUpWeeks?: number[];

  @ApiPropertyOptional({
    description: 'The version you saw; a different current version answers 409',
    type: 'integer',
    example: 1,
  })
  @IsOptionalOrEmpty()
  @IsInt({ message: 'version must be the settings’ version number' })
  version?: number;
}

const SETTINGS = {
  laId: LA,
  laName: 'Trafford',
  panelFirstDate: '2026-09-09',
  panelCadenceDays: 14,
  tier2Weeks: 12,
  virtualSchoolEmail: 'virtual.school@council.example',
  firstReviewWeeks: 2,
  reviewCadenceWeeks: 6,
  attendanceDueDays: 2,
  unexplainedAbsenceSessions: 4,
  safeguardingEmail: 'safeguarding@council.example',
  followUpWeeks: [6, 13, 26],
  nextPanelDates: ['2026-12-02', '2026-12-16', '2026-12-30', '2027-01-13', '2027-01-27', '2027-02-10'],
  version: 1,
};

/**
 * AP cases from referral or commission to the end of the placement. Each role sees its own: an LA
 * officer their LAs' cases, a school its own referrals and commissions, a provider the cases
 * offered to it. Reads are audited.
 */
@ApiTags('alternative provision')
@ApiBearerAuth()
@Controller('api/v1/ap')
export class ApCasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly transitions: CaseTransitionsService,
    private readonly settings: ApSettingsService,
  ) {}

  @Policy('create', 'ApCase')
  @Post('cases')
  @ApiOperation({
    summary:
      'Open a case: a school’s referral to the LA or its own commission, or an LA officer’s commission for the panel',
    description:
      'A school commission (tier 1 or 2) needs no panel: it opens as an offer to the provider, and the LA is told. A referral or LA commission opens for triage. The provider of a commission must have its checks in date and places commissioned by the pupil’s LA. 409 when the pupil already has an open case.',
  })
  @ApiCreatedResponse({
    type: CaseDto,
    example: {
      ...CASE,
      status: 'referred',
      urgency: null,
      panelDate: null,
      timeline: [CASE.timeline[1]],
      relations: ['school'],
      allowedActions: ['withdraw'],
      version: 1,
    },
  })
  @ApiBody({
    type: CreateCaseDto,
    examples: {
      schoolReferral: {
        summary: 'A school refers a pupil it recorded to its LA',
        value: {
          route: 'school_referral',
          pupilId: PUPIL,
          reason: 'suspension',
          reasonDetail: 'Three suspensions this term; the school has tried a part-time timetable.',
          requestedTier: 'tier_2',
          familyViews: 'Parents support a short placement and want a plan to return.',
          childViews: 'Sam would like smaller classes and to keep seeing their friends.',
          exclusionType: 'suspension',
          exclusionStart: exampleDate(-2),
          exclusionDays: 7,
        },
      },
    },
  })
  @ApiProblems(409)
  create(@Body() body: CreateCaseDto): Promise<CaseDto> {
    return this.cases.create(body);
  }

  @Policy('read', 'ApCase')
  @Get('cases')
  @ApiOperation({ summary: 'Your cases, filtered and sorted, in keyset pages (the page shown is audited)' })
  @ApiOkResponse({ type: CasePageDto, example: { items: [LIST_ITEM], nextCursor: null } })
  async list(@Query() q: CaseQueryDto): Promise<CasePageDto> {
    const page = await this.cases.list({ ...q, after: q.cursor ? decodeCursor(q.cursor) : null, limit: q.limit ?? 50 });
    return { items: page.items, nextCursor: page.more && page.last ? encodeCursor(page.last) : null };
  }

  @Policy('read', 'ApCase')
  @Get('cases/:id')
  @ApiOperation({
    summary:
      'One case with its pupil, placement, sixth-day duty, timeline and the actions you can take (404 when not yours to open); audited',
  })
  @ApiOkResponse({ type: CaseDto, example: CASE })
  get(@Param('id') id: string): Promise<CaseDto> {
    return this.cases.get(id);
  }

  @Policy('update', 'ApCase')
  @Post('cases/:id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Move a case on: triage, screen, request_information, provide_information, decide, offer, accept, decline_offer, start, end or withdraw',
    description:
      'The server’s state machine decides: 403 when your role never takes this action on this case, 409 with `allowedTransitions` when it cannot be taken from the case’s status. `accept` takes one of the LA’s commissioned places for the tier and academic year under a lock: with none left it answers 409.',
  })
  @ApiOkResponse({ type: CaseDto, example: CASE })
  @ApiConflictResponse({
    schema: {
      example: {
        type: 'https://rephub.example/problems/409',
        title: 'Conflict',
        status: 409,
        detail: 'A case that is triaged cannot take “accept”. You can: screen, request_information, withdraw.',
        caseStatus: 'triaged',
        allowedTransitions: ['screen', 'request_information', 'withdraw'],
      },
    },
  })
  @ApiBody({
    type: CaseTransitionDto,
    examples: {
      triage: {
        summary: 'An LA officer triages a referred case for the next panel',
        value: {
          action: 'triage',
          urgency: 'high',
          panelDate: NEXT_PANEL,
          note: 'Urgent: suspended twice this term.',
          version: 1,
        },
      },
    },
  })
  transition(@Param('id') id: string, @Body() body: CaseTransitionDto): Promise<CaseDto> {
    const { action, ...input } = body;
    return this.transitions.transition(id, action, input);
  }

  @Policy('read', 'ApCaseSummary')
  @Get('case-summaries')
  @ApiOperation({
    summary:
      'The partnership lead’s AP picture: cases without name, UPN or date of birth, each child under a pseudonym',
    description:
      'Empty until the partnership records a data-sharing agreement in force between its LAs; then the cases of the LAs party to one.',
  })
  @ApiOkResponse({
    type: CaseSummaryPageDto,
    example: {
      items: [
        {
          id: CASE_ID,
          reference: 'AP-000042',
          pupilPseudonym: '3f9a1c0d5e7b2a64',
          laId: LA,
          laName: 'Trafford',
          route: 'school_referral',
          status: 'triaged',
          reason: 'at_risk_of_exclusion',
          requestedTier: 'tier_2',
          tier: null,
          providerName: null,
          senProvision: 'K',
          lookedAfter: false,
          freeSchoolMeals: true,
          createdAt: '2026-11-20T09:30:00.000Z',
        },
      ],
      sharingLaIds: [LA],
      nextCursor: null,
    },
  })
  async summaries(@Query() q: PageQueryDto): Promise<CaseSummaryPageDto> {
    const page = await this.cases.summaries({ after: q.cursor ? decodeCursor(q.cursor) : null, limit: q.limit ?? 50 });
    return {
      items: page.items,
      sharingLaIds: page.sharingLaIds,
      nextCursor: page.more && page.last ? encodeCursor(page.last) : null,
    };
  }

  @Policy('read', 'ApLaSettings')
  @Get('la-settings')
  @ApiOperation({
    summary:
      'Each LA’s AP practice: panel dates and cadence, tier 2 length, virtual school contact, review and attendance clocks, safeguarding contact, follow-up points',
  })
  @ApiOkResponse({ type: LaSettingsListDto, example: { items: [SETTINGS] } })
  async listSettings(): Promise<LaSettingsListDto> {
    return { items: await this.settings.list() };
  }

  @Policy('read', 'ApLaSettings')
  @Get('la-settings/:laId')
  @ApiOperation({ summary: 'One LA’s AP practice' })
  @ApiOkResponse({ type: LaSettingsViewDto, example: SETTINGS })
  getSettings(@Param('laId') laId: string): Promise<LaSettingsViewDto> {
    return this.settings.get(laId);
  }

  @Policy('update', 'ApLaSettings')
  @Put('la-settings/:laId')
  @ApiOperation({
    summary: 'Set an LA’s AP practice (its own officers, or the partnership lead)',
    description:
      'A field you leave out keeps its current value (the default for an LA that has set none). A field sent as null or "" goes back to its default, or clears a date or an address. Send `version` to refuse the change (409) if someone else changed the settings since you read them.',
  })
  @ApiOkResponse({ type: LaSettingsViewDto, example: SETTINGS })
  @ApiBody({
    type: LaSettingsDto,
    examples: {
      practice: {
        summary: 'Fortnightly panels, the default clocks',
        value: {
          panelFirstDate: DEMO_PANEL_FIRST_DATE,
          panelCadenceDays: 14,
          tier2Weeks: 12,
          virtualSchoolEmail: 'virtual.school@council.example',
          firstReviewWeeks: 2,
          reviewCadenceWeeks: 6,
          attendanceDueDays: 2,
          unexplainedAbsenceSessions: 4,
          safeguardingEmail: 'safeguarding@council.example',
          followUpWeeks: [6, 13, 26],
        },
      },
    },
  })
  @ApiProblems(409)
  putSettings(@Param('laId') laId: string, @Body() body: LaSettingsDto): Promise<LaSettingsViewDto> {
    return this.settings.put(laId, body);
  }
}
