import { Controller, Get, Param, Post, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, invalidFieldsResponse } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import {
  EnrolmentUploadService,
  MAX_UPLOAD_BYTES,
  UPLOAD_COLUMN_GUIDE,
  UPLOAD_COLUMNS,
} from '@rep-hub/workforce-domain';
import type { Response } from 'express';
import { QUEUED_EXAMPLE, UPLOAD_EXAMPLE, WorkforceUploadAcceptedDto, WorkforceUploadDto } from './uploads.responses';

/** The uploaded file as multer gives it (kept in memory, never on disk). */
interface UploadedEnrolments {
  buffer: Buffer;
  originalname: string;
}

const COLUMNS_TEXT = UPLOAD_COLUMNS.map((c) => `\`${c}\`: ${UPLOAD_COLUMN_GUIDE[c]}`).join(' ');

/**
 * Bulk upload of enrolments by a cohort's training provider: the file is read at once (a file
 * that cannot be read is a 400 naming the row and column), then checked and loaded by a job
 * that lands every row or none; its upload's address follows it.
 */
@ApiTags('workforce')
@ApiBearerAuth()
@Controller('api/v1/workforce')
export class UploadsController {
  constructor(private readonly uploads: EnrolmentUploadService) {}

  @Policy('create', 'WorkforceEnrolment')
  @Post('cohorts/:cohortId/uploads')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 2, parts: 3 } }))
  @ApiParam({ name: 'cohortId', format: 'uuid', description: 'A cohort your organisation runs' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: `CSV (UTF-8) or Excel (.xlsx), up to 16 MB and 100,000 rows, the header row naming the template's columns (any order, any case). ${COLUMNS_TEXT}`,
        },
      },
    },
  })
  @ApiOperation({
    summary: 'Upload a file of enrolments for one of your cohorts: every row lands, or none',
    description:
      'The file is read at once: a file that cannot be read (not CSV or XLSX, not UTF-8, a column the template does not have or a required one missing, a formula in a cell, a workbook too large once opened, more than 100,000 rows) is a 400 listing each problem with its `row` and `column`; larger than 16 MB is a 413. Otherwise it is kept and a job checks every row with the rules of one-by-one enrolment (the participant’s details, the employing LA’s places in the cohort, the allowed moves, the programme’s milestones) and saves all of them in one transaction, or none: follow it at GET …/uploads/{uploadId}. The same file again for the same cohort is that upload (200, `alreadyLoaded: true`): nothing changes. Another provider’s cohort: 404; a cohort you may read but not enrol in: 403.',
  })
  @ApiAcceptedResponse({ type: WorkforceUploadAcceptedDto, example: { alreadyLoaded: false, upload: QUEUED_EXAMPLE } })
  @ApiOkResponse({
    type: WorkforceUploadAcceptedDto,
    description: 'The same file was uploaded for this cohort before: nothing changes',
    example: { alreadyLoaded: true, upload: UPLOAD_EXAMPLE },
  })
  @ApiBadRequestResponse(
    invalidFieldsResponse(
      {
        field: 'rows[1].email',
        row: 1,
        column: 'email',
        message: 'email is not a column of this template: use full_name, work_email, …',
      },
      {
        field: 'rows[4].status',
        row: 4,
        column: 'status',
        message: 'The cell holds a formula: type the value itself (formulas are not read)',
      },
    ),
  )
  @ApiProblems(403, 404, 413)
  async upload(
    @Param('cohortId') cohortId: string,
    @UploadedFile() file: UploadedEnrolments | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WorkforceUploadAcceptedDto> {
    const out = await this.uploads.submit(cohortId, file);
    res.status(out.alreadyLoaded ? 200 : 202);
    res.setHeader('Location', `/api/v1/workforce/cohorts/${cohortId}/uploads/${out.upload.id}`);
    return out;
  }

  @Policy('create', 'WorkforceEnrolment')
  @Get('cohorts/:cohortId/uploads/:uploadId')
  @ApiParam({ name: 'cohortId', format: 'uuid' })
  @ApiParam({ name: 'uploadId', format: 'uuid' })
  @ApiOperation({
    summary: 'An upload: its progress while its job runs, then what it saved or every problem by row and column',
  })
  @ApiOkResponse({ type: WorkforceUploadDto, example: UPLOAD_EXAMPLE })
  @ApiProblems(403, 404)
  get(@Param('cohortId') cohortId: string, @Param('uploadId') uploadId: string): Promise<WorkforceUploadDto> {
    return this.uploads.get(cohortId, uploadId);
  }

  @Policy('create', 'WorkforceEnrolment')
  @Get('upload-template.csv')
  @ApiOperation({ summary: 'The upload template as CSV (UTF-8 with a BOM): the header and one example row' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'The file, as an attachment',
    schema: { type: 'string', format: 'binary', example: `${UPLOAD_COLUMNS.join(',')}\r\n` },
  })
  @ApiProblems(403)
  async templateCsv(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const body = await this.uploads.template('csv');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="workforce-enrolments-template.csv"');
    return new StreamableFile(body);
  }

  @Policy('create', 'WorkforceEnrolment')
  @Get('upload-template.xlsx')
  @ApiOperation({
    summary: 'The upload template as an Excel workbook: the header, one example row, and a guide to the columns',
  })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The file, as an attachment', schema: { type: 'string', format: 'binary' } })
  @ApiProblems(403)
  async templateXlsx(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const body = await this.uploads.template('xlsx');
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', 'attachment; filename="workforce-enrolments-template.xlsx"');
    return new StreamableFile(body);
  }
}
