import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { problem } from '@rep-hub/platform';
import {
  RETURN_EXPORT_TYPES,
  returnCsv,
  returnFilename,
  ReturnSignOffService,
  ReturnsService,
  returnXlsx,
} from '@rep-hub/evaluation-domain';
import type { Response } from 'express';
import {
  AssembleReturnDto,
  CorrectionDto,
  CreateReturnDto,
  LaSignOffDto,
  LeadSignOffDto,
  NarrativeDto,
  RatingsDto,
  ReturnExportQueryDto,
  SendReturnDto,
} from './returns.dto';
import {
  LA_ID,
  RETURN_ID,
  ReturnDto,
  ReturnListDto,
  ReturnSnapshotDto,
  SUBMITTED_ID,
  USER_ID,
} from './responses/returns.responses';

const SUMMARY = {
  id: RETURN_ID,
  period: '2026-27-autumn',
  periodName: 'Autumn term 2026 to 2027',
  returnVersion: 1,
  status: 'draft',
  assembling: false,
  dueOn: '2027-02-11',
  correctsReturnId: null,
  correctionReason: null,
  createdAt: '2026-12-01T09:00:00.000Z',
  sentAt: null,
  version: 2,
};
const RETURN = {
  ...SUMMARY,
  narrative: '',
  assembledAt: '2026-12-01T09:00:05.000Z',
  leadSignedOffAt: null,
  leadSignedOffBy: null,
  sentBy: null,
  completeness: { expected: 2, present: 1, missing: 1, onTime: 1, late: 0 },
  indicators: [
    {
      code: 'evaluation.ehcp_20_weeks',
      name: 'New EHC plans issued within 20 weeks, excluding exceptions',
      unit: 'percentage',
      source: 'submitted',
      present: 1,
      missing: 1,
      onTime: 1,
      late: 0,
    },
  ],
  las: [
    {
      id: LA_ID,
      name: 'Manchester',
      present: 1,
      missing: 0,
      onTime: 1,
      late: 0,
      signOff: {
        signedOffBy: { id: USER_ID, name: 'Manchester LA officer (demo)' },
        signedOffAt: '2026-12-02T10:00:00.000Z',
        comment: 'Checked against our SEN2 return.',
      },
    },
  ],
  figures: [
    {
      indicatorCode: 'evaluation.ehcp_20_weeks',
      indicatorName: 'New EHC plans issued within 20 weeks, excluding exceptions',
      unit: 'percentage',
      source: 'submitted',
      definitionVersion: 1,
      laId: LA_ID,
      laName: 'Manchester',
      numerator: 41,
      denominator: 60,
      value: 68.3,
      present: true,
      onTime: true,
      submittedAt: '2026-11-20T09:00:00.000Z',
      lineage: {
        kind: 'submitted',
        submittedValueId: SUBMITTED_ID,
        uploadId: null,
        uploadSha256: null,
        enteredBy: USER_ID,
        enteredAt: '2026-11-20T09:00:00.000Z',
      },
    },
  ],
  ratings: [],
  allowedMoves: ['assemble', 'narrative', 'ratings'],
  snapshotSha256: null,
};
const STALE = {
  409: problem(409, 'This return has changed since you opened it. Open it again to see what changed.', {
    currentVersion: 3,
    returnStatus: 'draft',
  }),
};
const stage = (label: string, status: string, move: string, allowed: string[]) => ({
  409: problem(409, `This return is ${label}: it cannot take “${move}”. You can: ${allowed.join(', ')}.`, {
    returnStatus: status,
    allowedMoves: allowed,
  }),
});

/**
 * Evidence returns: one per partnership per period, assembled by a job from the indicator library
 * (computed figures from the modules, submitted ones from the LAs), signed off by each LA's officer
 * and then the lead (narrative, RAG ratings, exceptions with owners), and sent, which freezes an
 * immutable snapshot with each figure's lineage. A sent return is corrected only by a new version.
 * Every stage move is enforced here (409 otherwise) and audited; every change carries `version`.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluation/returns')
export class ReturnsController {
  constructor(
    private readonly returns: ReturnsService,
    private readonly signOffs: ReturnSignOffService,
  ) {}

  @Policy('read', 'EvaluationReturn')
  @Get()
  @ApiOperation({ summary: 'The partnership’s evidence returns, newest period first, every version' })
  @ApiOkResponse({ type: ReturnListDto, example: { items: [SUMMARY] } })
  async list(): Promise<ReturnListDto> {
    return { items: await this.returns.list() };
  }

  @Policy('create', 'EvaluationReturn')
  @Post()
  @ApiOperation({
    summary: 'Start the return of a period that has begun (the lead); its figures are assembled by a job',
    description:
      '409 when the period’s return is open, or was sent (correct it with POST /{returnId}/corrections). `assembling` is true until the job has run. Audited.',
  })
  @ApiCreatedResponse({ type: ReturnDto, example: { ...RETURN, assembling: true, assembledAt: null, figures: [] } })
  @ApiProblems({
    409: problem(409, 'The Autumn term 2026 to 2027 return is already open: carry on with it.', {
      field: 'period',
      openReturnId: RETURN_ID,
    }),
  })
  create(@Body() body: CreateReturnDto): Promise<ReturnDto> {
    return this.returns.create(body) as Promise<ReturnDto>;
  }

  @Policy('read', 'EvaluationReturn')
  @Get(':returnId')
  @ApiOperation({
    summary: 'A return with its figures, completeness and timeliness per indicator and LA, sign-offs and ratings',
  })
  @ApiOkResponse({ type: ReturnDto, example: RETURN })
  get(@Param('returnId') id: string): Promise<ReturnDto> {
    return this.returns.get(id) as Promise<ReturnDto>;
  }

  @Policy('update', 'EvaluationReturn')
  @Put(':returnId/narrative')
  @ApiOperation({ summary: 'The lead’s narrative (before the lead signs off). Audited.' })
  @ApiOkResponse({ type: ReturnDto, example: { ...RETURN, narrative: 'Assessments recovered.' } })
  @ApiProblems(STALE)
  narrative(@Param('returnId') id: string, @Body() body: NarrativeDto): Promise<ReturnDto> {
    return this.returns.narrative(id, body) as Promise<ReturnDto>;
  }

  @Policy('update', 'EvaluationReturn')
  @Put(':returnId/ratings')
  @ApiOperation({
    summary: 'The RAG ratings of the return’s indicators (before the lead signs off); red ones are exceptions',
    description:
      'Replaces every rating. A red one needs an owner (a person of the partnership) and commentary. Audited.',
  })
  @ApiOkResponse({ type: ReturnDto, example: RETURN })
  @ApiProblems(STALE)
  ratings(@Param('returnId') id: string, @Body() body: RatingsDto): Promise<ReturnDto> {
    return this.returns.ratings(id, body) as Promise<ReturnDto>;
  }

  @Policy('update', 'EvaluationReturn')
  @Post(':returnId/assemble')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assemble a draft again (by the job); every LA sign-off is cleared',
    description: 'Only a draft. Audited with the number of sign-offs cleared.',
  })
  @ApiOkResponse({ type: ReturnDto, example: { ...RETURN, assembling: true, assembledAt: null } })
  @ApiProblems(stage('sent', 'sent', 'assemble', ['correct']))
  assemble(@Param('returnId') id: string, @Body() body: AssembleReturnDto): Promise<ReturnDto> {
    return this.returns.reassemble(id, body) as Promise<ReturnDto>;
  }

  @Policy('create', 'EvaluationReturnSignOff')
  @Post(':returnId/la-sign-offs')
  @HttpCode(200)
  @ApiOperation({
    summary: 'An LA’s officer signs off their LA’s part of an assembled draft',
    description:
      'When every LA of the partnership has signed off, the return is la_signed_off. 403 for another LA’s part. Audited.',
  })
  @ApiOkResponse({ type: ReturnDto, example: RETURN })
  @ApiProblems(stage('signed off by the lead', 'lead_signed_off', 'la-sign-off', ['send']))
  laSignOff(@Param('returnId') id: string, @Body() body: LaSignOffDto): Promise<ReturnDto> {
    return this.signOffs.laSignOff(id, body) as Promise<ReturnDto>;
  }

  @Policy('update', 'EvaluationReturn')
  @Post(':returnId/lead-sign-off')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The lead signs off the whole return (after every LA)',
    description:
      'Needs a narrative, a RAG rating for every indicator and, for each red one, an exception with an owner and commentary (409 listing what is missing). Audited.',
  })
  @ApiOkResponse({ type: ReturnDto, example: { ...RETURN, status: 'lead_signed_off', allowedMoves: ['send'] } })
  @ApiProblems({
    409: problem(
      409,
      'The lead signs off a return with a narrative, a RAG rating for every indicator and, for each red one, an exception with an owner and commentary. Still to do: 1 item.',
      { returnStatus: 'la_signed_off', missing: ['narrative'] },
    ),
  })
  leadSignOff(@Param('returnId') id: string, @Body() body: LeadSignOffDto): Promise<ReturnDto> {
    return this.signOffs.leadSignOff(id, body) as Promise<ReturnDto>;
  }

  @Policy('update', 'EvaluationReturn')
  @Post(':returnId/send')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send the return: its snapshot with lineage is frozen (and published), in one transaction',
    description:
      'Only after the lead’s sign-off. The version it corrects becomes superseded. If the publication fails nothing is sent (503). Audited with the snapshot’s SHA-256.',
  })
  @ApiOkResponse({ type: ReturnDto, example: { ...RETURN, status: 'sent', allowedMoves: ['correct'] } })
  @ApiProblems(stage('draft', 'draft', 'send', ['assemble', 'la-sign-off', 'narrative', 'ratings']), {
    503: problem(503, 'The return could not be published, so it was not sent. Try again later.'),
  })
  send(@Param('returnId') id: string, @Body() body: SendReturnDto): Promise<ReturnDto> {
    return this.signOffs.send(id, body) as Promise<ReturnDto>;
  }

  @Policy('update', 'EvaluationReturn')
  @Post(':returnId/corrections')
  @ApiOperation({
    summary: 'Correct a sent return: a new version (a draft, assembled again) that says why',
    description:
      'The sent version becomes superseded when the new one is sent. 409 unless the return is sent and no other version of its period is open. Audited.',
  })
  @ApiCreatedResponse({
    type: ReturnDto,
    example: {
      ...RETURN,
      returnVersion: 2,
      correctsReturnId: RETURN_ID,
      correctionReason: 'Trafford’s SEN2 figures were revised.',
      assembling: true,
    },
  })
  @ApiProblems(stage('draft', 'draft', 'correct', ['assemble', 'la-sign-off', 'narrative', 'ratings']))
  correct(@Param('returnId') id: string, @Body() body: CorrectionDto): Promise<ReturnDto> {
    return this.returns.correct(id, body) as Promise<ReturnDto>;
  }

  @Policy('read', 'EvaluationReturn')
  @Get(':returnId/snapshot')
  @ApiOperation({ summary: 'A sent return’s frozen snapshot, with its SHA-256 (404 before it is sent)' })
  @ApiOkResponse({ type: ReturnSnapshotDto })
  snapshot(@Param('returnId') id: string): Promise<ReturnSnapshotDto> {
    return this.returns.snapshot(id) as Promise<ReturnSnapshotDto>;
  }

  @Policy('read', 'EvaluationReturn')
  @Get(':returnId/export')
  @ApiOperation({
    summary: 'A return’s figures to download: CSV or XLSX (the XLSX adds a sheet of the ratings)',
    description:
      'One line per indicator and LA (and the partnership), with its lineage. File name: evidence-return-2026-27-autumn-v1.csv.',
  })
  @ApiProduces(RETURN_EXPORT_TYPES.csv, RETURN_EXPORT_TYPES.xlsx)
  @ApiOkResponse({
    description: 'The file, as an attachment',
    content: {
      [RETURN_EXPORT_TYPES.csv]: {
        example:
          'Period,Return version,Status,Indicator,Indicator code,Source,Definition version,Local authority,Local authority id,Numerator,Denominator,Value,Present,On time,Lineage\r\n' +
          `2026-27-autumn,1,Draft,Mediation cases held,evaluation.mediation_cases,submitted,1,Manchester,${LA_ID},4,,4,Yes,Yes,entered 2026-11-20T09:00:00.000Z\r\n`,
      },
      [RETURN_EXPORT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async export(
    @Param('returnId') id: string,
    @Query() q: ReturnExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const v = await this.returns.get(id);
    const body = q.format === 'xlsx' ? await returnXlsx(v) : Buffer.from(returnCsv(v), 'utf8');
    res.setHeader('Content-Type', RETURN_EXPORT_TYPES[q.format]);
    res.setHeader('Content-Disposition', `attachment; filename="${returnFilename(v, q.format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(body);
  }
}
