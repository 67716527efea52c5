import { Body, Controller, Get, Param, Put, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ApRetentionService, SUBJECT_ACCESS_NOTICE, SubjectAccessService, subjectAccessPdf } from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import { IsOptionalOrEmpty, IsRealDate } from '@rep-hub/platform';
import { IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Response } from 'express';
import {
  LaRetentionListDto,
  RetentionRuleViewDto,
  SubjectAccessCandidatesDto,
  SubjectAccessExportDto,
} from './responses/data-protection.responses';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const PUPIL = '2f3e4d5c-6b7a-4899-8a7b-6c5d4e3f2a1b';
const CASE_ID = '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b';
const DPO = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const OFFICER = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';

const CANDIDATE = {
  id: PUPIL,
  laId: LA,
  laName: 'Trafford',
  recordedBy: 'Trafford',
  givenName: 'Sam',
  familyName: 'Example',
  dateOfBirth: '2013-04-12',
  upn: 'H801200001001',
};

const EXPORT = {
  status: 'draft_for_redaction',
  notice: SUBJECT_ACCESS_NOTICE,
  generatedAt: '2026-12-01T10:00:00.000Z',
  generatedBy: { userId: DPO, name: 'Dee Protection' },
  controller: { laId: LA, name: 'Trafford' },
  sharing: [],
  pupil: {
    tenantId: '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f',
    id: PUPIL,
    laId: LA,
    upn: 'H801200001001',
    upnUnknownReason: null,
    givenName: 'Sam',
    familyName: 'Example',
    dateOfBirth: '2013-04-12',
    currentSchoolId: null,
    senProvision: 'E',
    needs: ['SEMH'],
    ehcCaseworker: 'J. Caseworker',
    ehcNextAnnualReview: '2027-03-01',
    lookedAfter: false,
    freeSchoolMeals: true,
    safeguardingFlags: ['early_help'],
    contacts: [{ name: 'Alex Example', relationship: 'Parent', phone: '0161 496 0000', parentalResponsibility: true }],
    createdAt: '2026-09-01T09:00:00.000000+00:00',
    updatedAt: '2026-09-01T09:00:00.000000+00:00',
    createdBy: OFFICER,
    version: 1,
    settingId: null,
    anonymisedAt: null,
    laName: 'Trafford',
    recordedBy: 'Trafford',
    currentSchoolName: null,
    createdByName: 'Jo Officer',
  },
  matchRequests: [
    {
      id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
      status: 'same_child',
      createdAt: '2026-09-02T09:00:00.000Z',
      thisRecordIs: 'the_record_held_first',
    },
  ],
  cases: [
    {
      id: CASE_ID,
      reference: 'AP-000042',
      laId: LA,
      laName: 'Trafford',
      pupilId: PUPIL,
      route: 'la_commission',
      status: 'placement_active',
      reason: 'medical_needs',
      familyViews: 'Parents support a short placement.',
      childViews: 'Sam would like smaller classes.',
      settingName: null,
      providerName: 'Irwell Learning Centre',
      timeline: [
        {
          at: '2026-09-03T10:00:00.000000+00:00',
          action: 'commission_for_panel',
          label: 'Opened by the LA for its AP panel',
          actorId: OFFICER,
          actorName: 'Jo Officer',
          note: null,
          details: {},
        },
      ],
      placement: {
        id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e',
        tier: 'tier_2',
        status: 'active',
        startedOn: '2026-09-14',
        providerName: 'Irwell Learning Centre',
      },
      reviews: [],
      followUps: [],
      alerts: [],
    },
  ],
  attendance: [
    {
      placementId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5e',
      sessionDate: '2026-09-14',
      session: 'AM',
      code: '/',
      category: 'present',
      note: null,
    },
  ],
  auditTrail: [
    {
      at: '2026-09-03T10:00:00.000Z',
      actor: { userId: OFFICER, name: 'Jo Officer' },
      action: 'ap_case.read',
      subjectType: 'ApCase',
      records: [CASE_ID],
    },
  ],
};

/** Search by UPN, or by family name and date of birth (the service asks for one or the other). */
export class SubjectAccessQueryDto {
  @ApiPropertyOptional({ description: 'The pupil’s UPN (13 characters)', example: 'H801200001001' })
  @IsOptionalOrEmpty()
  @Matches(/^\s*[A-Za-z]\s*([0-9]\s*){11}[0-9A-Za-z]\s*$/, {
    message: 'Enter a UPN of 13 characters, like H801200001001',
  })
  upn?: string;

  @ApiPropertyOptional({
    description: 'Without a UPN: the family name (any case), with dateOfBirth',
    maxLength: 100,
    example: 'Example',
  })
  @IsOptional()
  @MaxLength(100, { message: 'The family name must be 100 characters or fewer' })
  familyName?: string;

  @ApiPropertyOptional({
    description: 'Without a UPN: the date of birth (YYYY-MM-DD), with familyName',
    format: 'date',
    example: '2013-04-12',
  })
  @IsOptionalOrEmpty()
  @IsRealDate({ message: 'Enter the date of birth as YYYY-MM-DD' })
  dateOfBirth?: string;
}

/**
 * Subject access for the partnership's data protection officer: find the records that may be the
 * requester's, and export everything held about one of them as a draft to redact before release.
 * Every search and export is audited.
 */
@ApiTags('data protection')
@ApiBearerAuth()
@Controller('api/v1/ap/subject-access')
export class SubjectAccessController {
  constructor(private readonly subjectAccess: SubjectAccessService) {}

  @Policy('read', 'PupilSubjectAccess')
  @Get('pupils')
  @ApiOperation({
    summary:
      'Find the pupil records that may be the requester’s, by UPN or by family name and date of birth (data protection officer); audited',
    description:
      'A DPO answers for the records of their own LA: those are listed. Every LA of the partnership is searched, and another LA that holds a matching record is named (the requester asks it) without showing the record. There may be several records of one child: each LA and each school keeps its own.',
  })
  @ApiOkResponse({ type: SubjectAccessCandidatesDto, example: { items: [CANDIDATE], heldByOtherLas: [] } })
  @ApiBadRequestResponse({
    description: 'Neither a UPN nor a family name with a date of birth: problem details naming the field in `errors`',
  })
  @ApiForbiddenResponse({ description: 'Only the data protection officer makes subject access searches' })
  async search(@Query() q: SubjectAccessQueryDto): Promise<SubjectAccessCandidatesDto> {
    return this.subjectAccess.search(q);
  }

  @Policy('read', 'PupilSubjectAccess')
  @Get('pupils/:id')
  @ApiOperation({
    summary:
      'Everything held about one pupil, as a DRAFT for the data protection officer to redact before release; audited',
    description:
      'Every column of the pupil’s record, UPN match requests (that one exists and its outcome, never the other record), every case with its timeline, placement, reviews, follow-ups and alerts, every attendance session, and the audit trail of who viewed or changed the records.',
  })
  @ApiOkResponse({ type: SubjectAccessExportDto, example: EXPORT })
  @ApiForbiddenResponse({ description: 'Only the data protection officer exports subject access data' })
  @ApiNotFoundResponse({ description: 'No such pupil in your partnership' })
  export(@Param('id') id: string): Promise<SubjectAccessExportDto> {
    return this.subjectAccess.export(id, 'json');
  }

  @Policy('read', 'PupilSubjectAccess')
  @Get('pupils/:id/pdf')
  @ApiOperation({
    summary:
      'The same draft as a readable PDF: a title page marked “DRAFT for redaction: not for release”, sections per kind of record, attendance counted by month and code; audited',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description: 'The PDF, as an attachment',
    content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiForbiddenResponse({ description: 'Only the data protection officer exports subject access data' })
  @ApiNotFoundResponse({ description: 'No such pupil in your partnership' })
  async pdf(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const data = await this.subjectAccess.export(id, 'pdf');
    const body = await subjectAccessPdf(data);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="subject-access-draft-${id}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(body);
  }
}

const RULE = {
  recordType: 'attendance',
  label: 'Attendance sessions',
  retainMonths: 36,
  action: 'delete',
  source: 'default',
  from: 'the session date',
  allowedActions: ['delete'],
  defaultMonths: 36,
  defaultAction: 'delete',
  rationale:
    'Daily registers are kept for three years after the session in common school and LA practice; attendance measures over three academic years need them no longer.',
  provisional: true,
  version: 0,
};

const MONTHS = 'Enter how many months to keep the records, from 1 to 1,200';

export class RetentionRuleDto {
  @ApiProperty({
    description: 'Months to keep the records after the clock starts (1–1,200)',
    type: 'integer',
    minimum: 1,
    maximum: 1200,
    example: 36,
  })
  @IsInt({ message: MONTHS })
  @Min(1, { message: MONTHS })
  @Max(1200, { message: MONTHS })
  retainMonths: number;

  @ApiProperty({
    enum: ['delete', 'anonymise'],
    description: 'delete, or anonymise (closed_cases and pupils only; attendance and alerts are deleted)',
    example: 'delete',
  })
  @IsIn(['delete', 'anonymise'], { message: 'Choose what happens: delete or anonymise' })
  action: string;

  @ApiPropertyOptional({
    description: 'The rule version you saw (0 while the LA used the default); a different current version answers 409',
    type: 'integer',
    example: 0,
  })
  @IsOptionalOrEmpty()
  @IsInt({ message: 'version must be the rule’s version number' })
  version?: number;
}

/** Each LA's retention rules for AP records: its own, or the partnership's provisional defaults. */
@ApiTags('data protection')
@ApiBearerAuth()
@Controller('api/v1/ap/retention-rules')
export class RetentionRulesController {
  constructor(private readonly retention: ApRetentionService) {}

  @Policy('read', 'ApRetentionRule')
  @Get()
  @ApiOperation({
    summary:
      'Each LA’s effective retention rule per record type (its own, or the default): the lead and DPO see every LA, an LA officer their own',
    description:
      'Record types: attendance (from the session date), alerts (closed alerts, from closing), closed_cases (from closing), pupils (from the date of birth, never with an open case). A nightly job applies them.',
  })
  @ApiOkResponse({ type: LaRetentionListDto, example: { items: [{ laId: LA, laName: 'Trafford', rules: [RULE] }] } })
  @ApiForbiddenResponse({ description: 'Your role has no retention rules to read' })
  async list(): Promise<LaRetentionListDto> {
    return { items: await this.retention.list() };
  }

  @Policy('update', 'ApRetentionRule')
  @Put(':laId/:recordType')
  @ApiOperation({
    summary:
      'Set an LA’s own retention rule for a record type (the partnership lead or the LA’s own officers); audited',
  })
  @ApiOkResponse({ type: RetentionRuleViewDto, example: { ...RULE, retainMonths: 24, source: 'la', version: 1 } })
  @ApiBadRequestResponse({
    description:
      'retainMonths out of range, or an action the record type does not allow: problem details naming the field in `errors`',
  })
  @ApiForbiddenResponse({ description: 'You may read this LA’s rules but not change them' })
  @ApiNotFoundResponse({ description: 'No such LA among those whose rules you can read, or no such record type' })
  @ApiConflictResponse({
    schema: {
      example: {
        type: 'https://rephub.example/problems/409',
        title: 'Conflict',
        status: 409,
        detail: 'This retention rule was changed by someone else since you opened it. Open it again.',
      },
    },
  })
  put(
    @Param('laId') laId: string,
    @Param('recordType') recordType: string,
    @Body() body: RetentionRuleDto,
  ): Promise<RetentionRuleViewDto> {
    return this.retention.put(laId, recordType, body);
  }
}
