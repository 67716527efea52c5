import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  ATTENDANCE_SESSIONS,
  AttendanceService,
  checkAttendanceSession,
  ProviderAttendanceService,
  MAX_ATTENDANCE_FILE_BYTES,
  MAX_SESSIONS_PER_REQUEST,
} from '@rep-hub/ap-domain';
import { Policy } from '@rep-hub/auth';
import { IsCheckedBy, IsRealDate, IsUuid, schoolToday } from '@rep-hub/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsOptional, ValidateNested } from 'class-validator';
import type { Response } from 'express';
import { exampleDate, invalidFieldsResponse } from '@rep-hub/api-surface';
import {
  AttendanceUploadListDto,
  AttendanceUploadResultDto,
  AttendanceViewDto,
  AttendanceWriteResultDto,
} from './responses/attendance.responses';

const PLACEMENT = '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b';
const CASE_ID = '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b';
const PROVIDER = '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const UPLOAD = '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a';
const PROVIDER_ID = 'providerId must be one of the providers you work for';

/** The uploaded file as multer gives it (no storage option: kept in memory, never on disk). */
interface UploadedAttendanceFile {
  buffer: Buffer;
  originalname: string;
  size: number;
}

/**
 * What the domain's check of one session (checkAttendanceSession: its date, session, code in force
 * on the date and note) says of one column, so the DTO answers the service's own messages.
 */
const sessionProblem =
  (column: 'date' | 'session' | 'code' | 'note') =>
  (_value: unknown, dto: Record<string, unknown>): string | undefined => {
    let message: string | undefined;
    checkAttendanceSession(dto, schoolToday(), (c, m) => {
      if (c === column) message ??= m;
    });
    return message;
  };

export class AttendanceSessionDto {
  @ApiProperty({
    description: 'The day of the session (YYYY-MM-DD): not in the future, within the placement',
    format: 'date',
    example: exampleDate(-1),
  })
  @IsCheckedBy(sessionProblem('date'))
  date: string;

  @ApiProperty({ enum: ATTENDANCE_SESSIONS, description: 'The morning or afternoon session', example: 'AM' })
  @IsCheckedBy(sessionProblem('session'))
  session: string;

  @ApiProperty({
    description:
      'A DfE attendance code in force on the date (code list attendance-codes: GET /api/v1/reference/code-lists/attendance-codes?on=)',
    example: '/',
  })
  @IsCheckedBy(sessionProblem('code'))
  code: string;

  @ApiPropertyOptional({
    description: 'Needed where the code requires one (K, B, Y7 from August 2024); up to 500 characters',
    example: 'Maths and English at the provision',
    maxLength: 500,
  })
  @IsCheckedBy(sessionProblem('note'))
  note?: string;
}

export class RecordAttendanceDto {
  @ApiProperty({
    type: [AttendanceSessionDto],
    minItems: 1,
    maxItems: MAX_SESSIONS_PER_REQUEST,
    description: `1 to ${MAX_SESSIONS_PER_REQUEST} sessions of the placement; a session sent again with the same code and note changes nothing`,
    example: [
      { date: exampleDate(-1), session: 'AM', code: '/' },
      { date: exampleDate(-1), session: 'PM', code: 'K', note: 'Maths and English at the provision' },
    ],
  })
  @IsArray({ message: 'Send at least one session' })
  @ArrayNotEmpty({ message: 'Send at least one session' })
  @ArrayMaxSize(MAX_SESSIONS_PER_REQUEST, {
    message: `Send at most ${MAX_SESSIONS_PER_REQUEST} sessions at a time (or upload a file)`,
  })
  @ValidateNested({ each: true, message: 'Each session must be an object with date, session, code and note' })
  @Type(() => AttendanceSessionDto)
  sessions: AttendanceSessionDto[];
}

export class AttendanceQueryDto {
  @ApiPropertyOptional({
    description: 'First day (YYYY-MM-DD); default: the whole placement',
    format: 'date',
    example: '2026-11-01',
  })
  @IsOptional()
  @IsRealDate({ message: 'from must be a real date written YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    description: 'Last day (YYYY-MM-DD), on or after from',
    format: 'date',
    example: '2026-11-30',
  })
  @IsOptional()
  @IsRealDate({ message: 'to must be a real date written YYYY-MM-DD' })
  to?: string;
}

export class AttendanceUploadBodyDto {
  @ApiPropertyOptional({
    description: 'Staff of more than one provider: which provider the file is for',
    format: 'uuid',
    example: PROVIDER,
  })
  @IsOptional()
  @IsUuid({ message: PROVIDER_ID })
  providerId?: string;
}

export class AttendanceUploadsQueryDto {
  @ApiPropertyOptional({
    description: 'One of your providers (default: all of yours)',
    format: 'uuid',
    example: PROVIDER,
  })
  @IsOptional()
  @IsUuid({ message: PROVIDER_ID })
  providerId?: string;
}

export class AttendanceTemplateQueryDto {
  @ApiPropertyOptional({
    enum: ['csv', 'xlsx'],
    description: 'csv (default) or xlsx (with a second sheet of the codes in force)',
    example: 'xlsx',
  })
  @IsOptional()
  @IsIn(['csv', 'xlsx'], { message: 'format must be csv or xlsx' })
  format?: string;

  @ApiPropertyOptional({
    description: 'Staff of more than one provider: which provider',
    format: 'uuid',
    example: PROVIDER,
  })
  @IsOptional()
  @IsUuid({ message: PROVIDER_ID })
  providerId?: string;
}

const UPLOAD_VIEW = {
  id: UPLOAD,
  providerId: PROVIDER,
  providerName: 'Irwell Learning Centre',
  filename: 'attendance-week-48.csv',
  format: 'csv',
  sha256: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
  rowCount: 120,
  changedCount: 118,
  uploadedAt: '2026-11-27T16:02:11.000Z',
  uploadedBy: 'Robin Provider',
};

const NOT_FOUND = {
  type: 'https://rephub.example/problems/404',
  title: 'Not found',
  status: 404,
  detail: 'There is no such placement among those you can open.',
  instance: `/api/v1/ap/placements/${PLACEMENT}/attendance`,
};
const FORBIDDEN = {
  type: 'https://rephub.example/problems/403',
  title: 'Forbidden',
  status: 403,
  detail: 'Only an AP provider’s staff record attendance.',
};

/**
 * Attendance of AP placements, by session (AM/PM) with the DfE codes (August 2024 revision,
 * versioned): the placement's provider records it one batch at a time or by uploading a CSV or
 * XLSX file; the case's LA officers and school read it with its summary.
 */
@ApiTags('alternative provision')
@ApiBearerAuth()
@Controller('api/v1/ap')
export class ApAttendanceController {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly providerAttendance: ProviderAttendanceService,
  ) {}

  @Policy('create', 'ApAttendance')
  @Put('placements/:placementId/attendance')
  @ApiOperation({
    summary: 'Record sessions of a placement (its provider’s staff)',
    description:
      'Each session is checked: a real date not in the future and within the placement, AM or PM, a code in force on that date, a note where the code needs one. Any error writes nothing and names the item (`sessions[3].code`). A session already recorded with the same code and note is not touched; `changed` counts the new or different ones.',
  })
  @ApiOkResponse({ type: AttendanceWriteResultDto, example: { received: 2, changed: 2 } })
  @ApiBadRequestResponse(
    invalidFieldsResponse({
      field: 'sessions[1].note',
      message: 'Code K needs a note: say what the provision or cause was',
    }),
  )
  @ApiForbiddenResponse({ schema: { example: FORBIDDEN } })
  @ApiNotFoundResponse({ schema: { example: NOT_FOUND } })
  @ApiConflictResponse({
    schema: {
      example: {
        type: 'https://rephub.example/problems/409',
        title: 'Conflict',
        status: 409,
        detail: 'The placement has not started: start it before recording attendance.',
      },
    },
  })
  record(
    @Param('placementId') placementId: string,
    @Body() body: RecordAttendanceDto,
  ): Promise<AttendanceWriteResultDto> {
    return this.attendance.record(placementId, body);
  }

  @Policy('read', 'ApAttendance')
  @Get('placements/:placementId/attendance')
  @ApiOperation({
    summary: 'The sessions of a placement and their summary (its LA’s officers, its school, its provider); audited',
    description:
      'possibleSessions leaves out the codes not counted as possible sessions (D, X, Q, Y1–Y7, Z, #); attended counts present and approved educational activity; percentMissed is absences over possible sessions, to one decimal (null with none).',
  })
  @ApiOkResponse({
    type: AttendanceViewDto,
    example: {
      placementId: PLACEMENT,
      caseId: CASE_ID,
      reference: 'AP-000042',
      providerId: PROVIDER,
      providerName: 'Irwell Learning Centre',
      status: 'active',
      startedOn: '2026-11-09',
      endedOn: null,
      from: null,
      to: null,
      canRecord: false,
      sessions: [
        {
          date: '2026-11-23',
          session: 'AM',
          code: '/',
          meaning: 'Present (AM)',
          category: 'present',
          codeVersion: '2024-08',
          note: null,
          recordedAt: '2026-11-23T09:40:00.000Z',
          uploadId: null,
        },
        {
          date: '2026-11-23',
          session: 'PM',
          code: 'O',
          meaning: 'Absent in other or unknown circumstances',
          category: 'unauthorised_absence',
          codeVersion: '2024-08',
          note: null,
          recordedAt: '2026-11-23T13:40:00.000Z',
          uploadId: UPLOAD,
        },
      ],
      summary: {
        possibleSessions: 2,
        attended: 1,
        authorisedAbsence: 0,
        unauthorisedAbsence: 1,
        notPossible: 0,
        percentMissed: 50,
      },
    },
  })
  @ApiBadRequestResponse(
    invalidFieldsResponse({ field: 'from', message: 'from must be a real date written YYYY-MM-DD' }),
  )
  @ApiNotFoundResponse({ schema: { example: NOT_FOUND } })
  read(@Param('placementId') placementId: string, @Query() q: AttendanceQueryDto): Promise<AttendanceViewDto> {
    return this.attendance.read(placementId, q);
  }

  @Policy('create', 'ApAttendance')
  @Post('attendance-uploads')
  @HttpCode(201)
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_ATTENDANCE_FILE_BYTES, files: 1, fields: 5, parts: 6 } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description:
            'CSV (UTF-8) or XLSX, up to 5 MB and 20,000 rows. Header row: case_reference, date, session, code, note (any order, any case).',
        },
        providerId: {
          type: 'string',
          format: 'uuid',
          description: 'Staff of more than one provider: which provider the file is for',
          example: PROVIDER,
        },
      },
    },
  })
  @ApiOperation({
    summary: 'Upload a CSV or XLSX file of sessions (a provider’s staff): the whole file lands, or none of it',
    description:
      'Every row is checked as PUT …/attendance checks a session, and its case_reference (AP-000123) must be a started placement at your provider. All problems come back together in one 400, each with its spreadsheet `row` (the header is row 1), its `column` and `field` (`rows[5].code`); nothing is written. The same (case, date, session) twice in one file is an error naming both rows. Otherwise every row is written in one transaction; rows unchanged since an earlier upload are not touched, so the same file uploaded twice changes nothing (`changed: 0`). Larger than 5 MB: 413.',
  })
  @ApiCreatedResponse({ type: AttendanceUploadResultDto, example: { ...UPLOAD_VIEW, received: 120, changed: 118 } })
  @ApiBadRequestResponse(
    invalidFieldsResponse(
      {
        field: 'rows[5].code',
        row: 5,
        column: 'code',
        message: '“Q9” is not an attendance code in force on 23 November 2026',
      },
      {
        field: 'rows[9].session',
        row: 9,
        column: 'session',
        message: 'Rows 8 and 9 are both the AM session of AP-000042 on 2026-11-23: keep one',
      },
    ),
  )
  @ApiForbiddenResponse({ schema: { example: FORBIDDEN } })
  @ApiPayloadTooLargeResponse({
    schema: {
      example: {
        type: 'https://rephub.example/problems/413',
        title: 'Request body too large',
        status: 413,
        detail: 'File too large',
      },
    },
  })
  upload(
    @UploadedFile() file: UploadedAttendanceFile | undefined,
    @Body() body: AttendanceUploadBodyDto,
  ): Promise<AttendanceUploadResultDto> {
    return this.providerAttendance.upload(file?.buffer ?? Buffer.alloc(0), file?.originalname, body?.providerId);
  }

  @Policy('create', 'ApAttendance')
  @Get('attendance-uploads')
  @ApiOperation({ summary: 'The 20 most recent attendance uploads of your providers, newest first' })
  @ApiOkResponse({ type: AttendanceUploadListDto, example: { items: [UPLOAD_VIEW] } })
  @ApiForbiddenResponse({ schema: { example: FORBIDDEN } })
  async uploads(@Query() q: AttendanceUploadsQueryDto): Promise<AttendanceUploadListDto> {
    return { items: await this.providerAttendance.uploads(q.providerId) };
  }

  @Policy('create', 'ApAttendance')
  @Get('attendance-uploads/template')
  @ApiOperation({
    summary:
      'A template to fill in: the header and one row per active placement (today, AM, code left empty); XLSX adds a sheet of the codes in force',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'The file, as an attachment',
    schema: {
      type: 'string',
      format: 'binary',
      example: 'case_reference,date,session,code,note\r\nAP-000042,2026-11-27,AM,,\r\n',
    },
  })
  @ApiForbiddenResponse({ schema: { example: FORBIDDEN } })
  @ApiNotFoundResponse({
    schema: {
      example: {
        type: 'https://rephub.example/problems/404',
        title: 'Not found',
        status: 404,
        detail: 'There is no such provider among yours.',
      },
    },
  })
  async template(
    @Query() q: AttendanceTemplateQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const t = await this.providerAttendance.template(q.format, q.providerId);
    res.setHeader('Content-Type', t.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${t.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(t.body);
  }
}
