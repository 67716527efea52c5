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
  CASE_SORTS,
  CASE_STAGES,
  CasesService,
  CaseTransitionsService,
  DEMO_PANEL_FIRST_DATE,
  nextDemoPanelDate,
} from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import { decodeCursor, encodeCursor, schoolToday } from '@rep-hub/platform';
import { Allow } from 'class-validator';
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
export class CreateCaseDto {
  @Allow()
  @ApiProperty({ enum: ['school_referral', 'school_commission', 'la_commission'], example: 'school_referral' })
  route: string;
  @Allow()
  @ApiProperty({
    description: 'A pupil you can open (a school: one it recorded; an LA officer: one of their LA)',
    example: PUPIL,
  })
  pupilId: string;
  @Allow()
  @ApiPropertyOptional({
    description: 'For staff of more than one school: which school refers or commissions',
    example: SCHOOL,
  })
  settingId?: string;
  @Allow()
  @ApiProperty({
    description:
      'permanent_exclusion, suspension, at_risk_of_exclusion, part_time_timetable, medical_needs, ehc_plan, emotionally_based_school_avoidance, other',
    example: 'at_risk_of_exclusion',
  })
  reason: string;
  @Allow()
  @ApiPropertyOptional({ example: 'Three suspensions this term; the school has tried a part-time timetable.' })
  reasonDetail?: string;
  @Allow()
  @ApiProperty({ description: 'tier_1, tier_2 or tier_3 (a school commissions tier 1 or 2 only)', example: 'tier_2' })
  requestedTier: string;
  @Allow()
  @ApiProperty({
    description: 'The views of the family (the lawful basis is public task: no consent is asked)',
    example: 'Parents support a short placement and want a plan to return.',
  })
  familyViews: string;
  @Allow()
  @ApiProperty({
    description: 'The views of the child or young person',
    example: 'Sam would like smaller classes and to keep seeing their friends.',
  })
  childViews: string;
  @Allow()
  @ApiPropertyOptional({ enum: ['suspension', 'permanent_exclusion'], example: 'suspension' })
  exclusionType?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'First day of the exclusion (YYYY-MM-DD)', example: exampleDate(-2) })
  exclusionStart?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'A suspension’s length in school days (1–45)', example: 7 })
  exclusionDays?: number;
  @Allow()
  @ApiPropertyOptional({ description: 'school_commission only: the provider commissioned', example: PROVIDER })
  providerId?: string;
}

/** One step of the case's lifecycle; which fields it needs depends on the action. */
export class CaseTransitionDto {
  @Allow() @ApiProperty({ enum: CASE_ACTIONS, example: 'triage' }) action: string;
  @Allow()
  @ApiPropertyOptional({ description: 'The case version you saw; a different current version answers 409', example: 1 })
  version?: number;
  @Allow()
  @ApiPropertyOptional({
    description:
      'Why: required for screen, request_information, provide_information, decline decisions, decline_offer, end and withdraw',
    example: 'Urgent: suspended twice this term.',
  })
  note?: string;
  @Allow() @ApiPropertyOptional({ description: 'triage: urgent, high or standard', example: 'high' }) urgency?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'triage: one of the LA’s panel dates', example: NEXT_PANEL })
  panelDate?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'decide: offer, more_information or decline', example: 'offer' })
  decision?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'decide (offer) and offer: the provider', example: PROVIDER })
  providerId?: string;
  @Allow() @ApiPropertyOptional({ description: 'decide (offer) and offer: the tier', example: 'tier_2' }) tier?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'accept: the planned first day', example: '2026-12-14' })
  plannedStart?: string;
  @Allow()
  @ApiPropertyOptional({
    description: 'accept: the planned last day (tier 2 defaults to the LA’s tier 2 length)',
    example: '2027-03-08',
  })
  plannedEnd?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'start: the first day (default today)', example: '2026-12-14' })
  startedOn?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'end: the last day (default today)', example: '2027-03-05' })
  endedOn?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'end: code list placement-end-destinations', example: 'returned_to_home_school' })
  destination?: string;
}

export class CaseQueryDto extends PageQueryDto {
  @Allow()
  @ApiPropertyOptional({
    enum: Object.keys(CASE_STAGES),
    description: 'panel, offers, placements or closed',
    example: 'panel',
  })
  stage?: string;
  @Allow() @ApiPropertyOptional({ description: 'One status', example: 'triaged' }) status?: string;
  @Allow() @ApiPropertyOptional({ example: 'tier_2' }) tier?: string;
  @Allow()
  @ApiPropertyOptional({ enum: ['school_referral', 'school_commission', 'la_commission'], example: 'school_referral' })
  route?: string;
  @Allow() @ApiPropertyOptional({ example: LA }) laId?: string;
  @Allow() @ApiPropertyOptional({ example: PROVIDER }) providerId?: string;
  @Allow()
  @ApiPropertyOptional({
    enum: CASE_SORTS,
    description:
      'updated (most recently changed first, the default), oldest (waiting longest first) or panel (next panel date first)',
    example: 'updated',
  })
  sort?: string;
}

export class LaSettingsDto {
  @Allow()
  @ApiPropertyOptional({
    description: 'The first panel of the series (YYYY-MM-DD); with the cadence it gives every panel date',
    example: DEMO_PANEL_FIRST_DATE,
  })
  panelFirstDate?: string;
  @Allow()
  @ApiPropertyOptional({ description: 'Days between panels (default 14)', example: 14 })
  panelCadenceDays?: number;
  @Allow()
  @ApiPropertyOptional({ description: 'Default tier 2 placement length in weeks (default 12)', example: 12 })
  tier2Weeks?: number;
  @Allow()
  @ApiPropertyOptional({
    description: 'Where the virtual school hears of placements of looked-after children',
    example: 'virtual.school@council.example',
  })
  virtualSchoolEmail?: string;
  @Allow()
  @ApiPropertyOptional({
    description: 'Weeks from a placement’s start to its first review, 1–26 (default 2)',
    example: 2,
  })
  firstReviewWeeks?: number;
  @Allow()
  @ApiPropertyOptional({
    description: 'Weeks between reviews: the next is scheduled this long after one is held, 1–26 (default 6)',
    example: 6,
  })
  reviewCadenceWeeks?: number;
  @Allow()
  @ApiPropertyOptional({
    description: 'School days a provider has to send a day’s attendance, 1–10 (default 2)',
    example: 2,
  })
  attendanceDueDays?: number;
  @Allow()
  @ApiPropertyOptional({
    description:
      'Unexplained absent sessions that raise an alert to the commissioner and the safeguarding contact, 1–40 (default 4)',
    example: 4,
  })
  unexplainedAbsenceSessions?: number;
  @Allow()
  @ApiPropertyOptional({
    description: 'The LA’s safeguarding contact for unexplained absence',
    example: 'safeguarding@council.example',
  })
  safeguardingEmail?: string;
  @Allow()
  @ApiPropertyOptional({
    description:
      'Reintegration follow-up points in weeks after a return to mainstream: 1 to 6 different whole numbers from 1 to 104 (default 6, 13, 26: six weeks, one term, two terms)',
    type: [Number],
    example: [6, 13, 26],
  })
  followUpWeeks?: number[];
  @Allow()
  @ApiPropertyOptional({ description: 'The version you saw; a different current version answers 409', example: 1 })
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
