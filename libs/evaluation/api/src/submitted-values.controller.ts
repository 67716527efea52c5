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
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblems, invalidFieldsResponse } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { MAX_SUBMITTED_FILE_BYTES, SubmittedValuesService } from '@rep-hub/evaluation-domain';
import { ApiBadRequestResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  SubmittedUploadBodyDto,
  SubmittedValueEntryDto,
  SubmittedValueReplaceDto,
  SubmittedValuesQueryDto,
} from './indicators.dto';
import {
  IEX,
  SubmittedUploadResultDto,
  SubmittedValueDto,
  SubmittedValueListDto,
  VALUE_EXAMPLE,
} from './responses/indicators.responses';

/** The uploaded file as multer gives it (kept in memory, never on disk). */
interface UploadedFigures {
  buffer: Buffer;
  originalname: string;
  size: number;
}

const UPLOAD_EXAMPLE = {
  uploadId: IEX.upload,
  laId: IEX.la,
  filename: 'figures-352-2025-26-summer.csv',
  sha256: IEX.sha256,
  alreadyLoaded: false,
  received: 6,
  changed: 6,
};

/**
 * Figures an LA submits for the indicators REP Hub does not hold (SEN2, exclusions, attainment):
 * entered one at a time or uploaded as a CSV file, each checked against its definition. An LA's
 * officers and admins submit their own LA's; every member of the partnership's evaluation reads them.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluation')
export class EvaluationSubmittedValuesController {
  constructor(private readonly submitted: SubmittedValuesService) {}

  @Policy('read', 'EvaluationSubmittedValue')
  @Get('submitted-values')
  @ApiOperation({ summary: 'The submitted figures of a term (default: the current one), of every LA or one' })
  @ApiOkResponse({ type: SubmittedValueListDto, example: { items: [VALUE_EXAMPLE] } })
  @ApiBadRequestResponse(
    invalidFieldsResponse({ field: 'period', message: 'period must be a term written like 2026-27-autumn' }),
  )
  async list(@Query() q: SubmittedValuesQueryDto): Promise<SubmittedValueListDto> {
    return { items: await this.submitted.list(q.period, q.laId) };
  }

  @Policy('create', 'EvaluationSubmittedValue')
  @Post('submitted-values')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enter one figure of your LA (its officers and admins); entering it again replaces it',
    description:
      'Checked against the indicator’s definition: a submitted indicator, a term that has begun, a whole numerator from 0; for a percentage a denominator from 1 not below the numerator, the value worked out to one decimal (a value sent must agree); for a count no denominator. Another LA than yours: 403. With `version`, an existing figure is replaced only while it is still that version (409).',
  })
  @ApiBody({ type: SubmittedValueEntryDto })
  @ApiOkResponse({ type: SubmittedValueDto, example: VALUE_EXAMPLE })
  @ApiBadRequestResponse(
    invalidFieldsResponse({
      field: 'denominator',
      message: 'The denominator must be at least the numerator: a rate cannot be above 100%',
    }),
  )
  @ApiProblems(404, 409)
  enter(@Body() body: SubmittedValueEntryDto): Promise<SubmittedValueDto> {
    return this.submitted.enter(body);
  }

  @Policy('update', 'EvaluationSubmittedValue')
  @Put('submitted-values/:id')
  @ApiParam({ name: 'id', format: 'uuid', description: 'The figure' })
  @ApiOperation({ summary: 'Replace a figure of your LA with the version you last read (409 when it changed since)' })
  @ApiBody({ type: SubmittedValueReplaceDto })
  @ApiOkResponse({ type: SubmittedValueDto, example: { ...VALUE_EXAMPLE, numerator: 118, value: 65.6, version: 2 } })
  @ApiBadRequestResponse(
    invalidFieldsResponse({ field: 'version', message: 'Send the version you last read (a whole number from 1)' }),
  )
  @ApiProblems(404, 409)
  replace(@Param('id') id: string, @Body() body: SubmittedValueReplaceDto): Promise<SubmittedValueDto> {
    return this.submitted.replace(id, body);
  }

  @Policy('create', 'EvaluationSubmittedValue')
  @Post('submitted-uploads')
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_SUBMITTED_FILE_BYTES, files: 1, fields: 5, parts: 6 } }),
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
            'CSV (UTF-8), up to 1 MB and 5,000 rows. Header row: la_number (optional: your LA), indicator_code, period, numerator, denominator (any order, any case).',
        },
        laId: { type: 'string', format: 'uuid', description: 'Your LA (left out: your own)' },
      },
    },
  })
  @ApiOperation({
    summary: 'Upload a CSV file of your LA’s figures: the whole file lands, or none of it',
    description:
      'Every row is checked as POST …/submitted-values checks a figure, and its la_number (if given) must be your LA’s. All problems come back together in one 400, each with its spreadsheet `row` (the header is row 1), `column` and `field` (`rows[3].denominator`); nothing is written. Otherwise every figure lands in one transaction (201), replacing the LA’s figures for the same indicator and term. The same file again changes nothing and answers 200 with `alreadyLoaded: true`. Larger than 1 MB: 413.',
  })
  @ApiCreatedResponse({ type: SubmittedUploadResultDto, example: UPLOAD_EXAMPLE })
  @ApiOkResponse({
    type: SubmittedUploadResultDto,
    description: 'The same file was loaded before: nothing changed',
    example: { ...UPLOAD_EXAMPLE, alreadyLoaded: true, changed: 0 },
  })
  @ApiBadRequestResponse(
    invalidFieldsResponse(
      {
        field: 'rows[3].denominator',
        row: 3,
        column: 'denominator',
        message: 'The denominator must be at least the numerator: a rate cannot be above 100%',
      },
      { field: 'rows[5].period', row: 5, column: 'period', message: 'The period 2031-32-autumn has not begun yet' },
    ),
  )
  @ApiProblems(404)
  async upload(
    @UploadedFile() file: UploadedFigures | undefined,
    @Body() body: SubmittedUploadBodyDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmittedUploadResultDto> {
    const result = await this.submitted.upload(file?.buffer ?? Buffer.alloc(0), file?.originalname, body?.laId);
    res.status(result.alreadyLoaded ? 200 : 201);
    return result;
  }

  @Policy('create', 'EvaluationSubmittedValue')
  @Get('submitted-uploads/template')
  @ApiOperation({
    summary: 'A CSV template: the header and one row per submitted indicator for last term, for your LA',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'The file, as an attachment',
    schema: {
      type: 'string',
      format: 'binary',
      example:
        'la_number,indicator_code,period,numerator,denominator\r\n352,evaluation.ehcp_20_weeks,2025-26-summer,,\r\n',
    },
  })
  @ApiProblems(404)
  async template(
    @Query() q: SubmittedUploadBodyDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const t = await this.submitted.template(q.laId);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${t.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(Buffer.from(t.body, 'utf8'));
  }
}
