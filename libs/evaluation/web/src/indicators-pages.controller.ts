import {
  ArgumentsHost,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  IndicatorLibraryService,
  MAX_SUBMITTED_FILE_BYTES,
  parsePeriod,
  periodOf,
  previousPeriod,
  SUBMITTED_INDICATORS,
  SubmittedValuesService,
  VALUES_CONTENT_TYPES,
  valuesCsv,
  valuesFilename,
  valuesXlsx,
} from '@rep-hub/evaluation-domain';
import { Policy } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, schoolToday } from '@rep-hub/platform';
import type { Response } from 'express';
import {
  formFields,
  keepForPage,
  oneEach,
  plural,
  saveSession,
  takeForPage,
  WebRequest,
  WebViewInterceptor,
} from '@rep-hub/web-surface';
import { valuesChart } from './indicator-chart';

const ENTRY_FIELDS = ['laId', 'indicatorCode', 'period', 'numerator', 'denominator', 'value'];
const UNITS: Record<string, string> = { count: 'Count', percentage: 'Percentage', days: 'Days' };
const DIRECTIONS: Record<string, string> = {
  higher_is_better: 'Higher is better',
  lower_is_better: 'Lower is better',
  neither: 'Neither',
};

interface UploadedFigures {
  buffer: Buffer;
  originalname: string;
}
type KeptUpload = {
  errors: FieldError[];
  rowErrors: { row: number; column: string; message: string }[];
};

/** A file over the limit is stopped while it streams in: back to the upload page, which says so. */
@Catch(PayloadTooLargeException)
export class FiguresUploadTooLargeFilter implements ExceptionFilter {
  catch(_error: PayloadTooLargeException, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().redirect(303, '/evaluation/indicators/upload?problem=too-large');
  }
}

/** The terms a figure may be entered for: the current one and the seven before it, newest first. */
function periodItems(selected?: string) {
  const out = [periodOf(schoolToday())];
  while (out.length < 8) out.push(previousPeriod(out[out.length - 1]));
  return [
    { value: '', text: 'Choose a term' },
    ...out.map((p) => ({ value: p.code, text: p.name, selected: p.code === selected })),
  ];
}

/**
 * The indicator library as pages (the partnership's members): the definitions, each indicator's
 * values over time per LA and for the partnership (a chart with its table, CSV and XLSX), and for
 * an LA's officers a form to enter one figure and a CSV upload that lands whole or not at all.
 * The partnership's own, unsuppressed figures.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('evaluation/indicators')
export class EvaluationIndicatorsPagesController {
  constructor(
    private readonly library: IndicatorLibraryService,
    private readonly submitted: SubmittedValuesService,
  ) {}

  @Policy('read', 'EvaluationSubmittedValue')
  @Get()
  library_(@Res() res: Response) {
    const defs = this.library.definitions();
    return res.render('evaluation/indicators.njk', {
      title: 'Indicator library',
      rows: defs.map((d) => [
        {
          html: `<a class="govuk-link" href="/evaluation/indicators/${encodeURIComponent(d.code)}">${escape(d.name)}</a>`,
        },
        { text: d.kind === 'computed' ? 'Computed' : 'Submitted' },
        { text: d.source },
        { text: UNITS[d.unit] ?? d.unit },
        { text: DIRECTIONS[d.direction] ?? d.direction },
        { text: String(d.version), format: 'numeric' },
      ]),
      canSubmit: this.canSubmit(),
    });
  }

  @Policy('create', 'EvaluationSubmittedValue')
  @Get('submit')
  async submitForm(@Res() res: Response) {
    return this.renderEntry(res, {}, []);
  }

  @Policy('create', 'EvaluationSubmittedValue')
  @Post('submit')
  async submit(@Req() req: WebRequest, @Res() res: Response) {
    const v = formFields(req.body);
    try {
      const row = await this.submitted.enter({
        laId: v['laId'] || undefined,
        indicatorCode: v['indicatorCode'],
        period: v['period'],
        numerator: v['numerator'],
        denominator: v['denominator'],
      });
      req.session.flash = {
        heading: 'Figure saved',
        text: `${row.laName}, ${SUBMITTED_INDICATORS.find((d) => d.code === row.code)?.name ?? row.code}, ${parsePeriod(row.period)?.name ?? row.period}: ${row.value}${row.denominator !== null ? '%' : ''}.`,
      };
      await saveSession(req);
      return res.redirect(303, `/evaluation/indicators/${encodeURIComponent(row.code)}`);
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      const at = (f: string) => ENTRY_FIELDS.indexOf(f);
      return this.renderEntry(
        res.status(400),
        v,
        oneEach([...error.fieldErrors].sort((a, b) => at(a.field) - at(b.field))),
      );
    }
  }

  @Policy('create', 'EvaluationSubmittedValue')
  @Get('upload')
  async uploadForm(@Query('problem') problemQ: unknown, @Req() req: WebRequest, @Res() res: Response) {
    const kept = takeForPage<KeptUpload>(req);
    if (kept) return this.renderUpload(res.status(400), kept.errors, kept.rowErrors);
    const errors: FieldError[] =
      problemQ === 'too-large' ? [{ field: 'file', message: 'The selected file must be smaller than 1 MB' }] : [];
    return this.renderUpload(res.status(errors.length ? 400 : 200), errors, []);
  }

  @Policy('create', 'EvaluationSubmittedValue')
  @Post('upload')
  @UseFilters(FiguresUploadTooLargeFilter)
  @UseInterceptors(
    FileInterceptor('file', { limits: { fileSize: MAX_SUBMITTED_FILE_BYTES, files: 1, fields: 5, parts: 6 } }),
  )
  async upload(@UploadedFile() file: UploadedFigures | undefined, @Req() req: WebRequest, @Res() res: Response) {
    let result;
    try {
      result = await this.submitted.upload(file?.buffer ?? Buffer.alloc(0), file?.originalname);
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      const all = error.fieldErrors as (FieldError & { row?: number; column?: string })[];
      const rows = all.filter((e) => e.row !== undefined && e.column !== 'file');
      const errors: FieldError[] = all
        .filter((e) => e.row === undefined || e.column === 'file')
        .map((e) => ({ field: 'file', message: e.message }));
      if (rows.length)
        errors.unshift({
          field: 'row-errors',
          message: `The file has ${rows.length === 1 ? '1 problem' : `${rows.length.toLocaleString('en-GB')} problems`}. Nothing was saved: correct the file and upload it again`,
        });
      // kept for the upload page, which the browser is sent to (never shown at the address carrying the CSRF token)
      await keepForPage(req, '/evaluation/indicators/upload', {
        errors: oneEach(errors),
        rowErrors: rows.slice(0, 200).map((e) => ({ row: e.row!, column: e.column!, message: e.message })),
      } satisfies KeptUpload);
      return res.redirect(303, '/evaluation/indicators/upload');
    }
    req.session.flash = result.alreadyLoaded
      ? { heading: 'File already loaded', text: `${result.filename} was uploaded before: nothing changed.` }
      : {
          heading: 'Figures uploaded',
          text: `${result.filename}: ${plural(result.received, 'figure')} received, ${plural(result.changed, 'figure')} saved.`,
        };
    await saveSession(req);
    return res.redirect(303, '/evaluation/indicators/upload');
  }

  @Policy('create', 'EvaluationSubmittedValue')
  @Get('template')
  async template(@Res() res: Response) {
    const t = await this.submitted.template();
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${t.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.send(Buffer.from(t.body, 'utf8'));
  }

  @Policy('read', 'EvaluationSubmittedValue')
  @Get(':code')
  async indicator(@Param('code') code: string, @Res() res: Response) {
    const definition = this.library.definition(code);
    const values = await this.library.valuesOverTime(code, this.library.periods());
    const chart = valuesChart('values', values);
    const q = encodeURIComponent(code);
    return res.render('evaluation/indicator.njk', {
      title: definition.name,
      definition,
      unit: UNITS[definition.unit] ?? definition.unit,
      direction: DIRECTIONS[definition.direction] ?? definition.direction,
      chart,
      csvHref: `/evaluation/indicators/${q}/download?format=csv`,
      xlsxHref: `/evaluation/indicators/${q}/download?format=xlsx`,
      canSubmit: definition.kind === 'submitted' && this.canSubmit(),
    });
  }

  @Policy('read', 'EvaluationSubmittedValue')
  @Get(':code/download')
  async download(@Param('code') code: string, @Query('format') formatQ: unknown, @Res() res: Response) {
    const format = formatQ === 'xlsx' ? 'xlsx' : formatQ === 'csv' || !formatQ ? 'csv' : null;
    if (!format) throw new InvalidFieldsException([{ field: 'format', message: 'format must be csv or xlsx' }]);
    this.library.definition(code);
    const values = await this.library.valuesOverTime(code, this.library.periods());
    const body = format === 'csv' ? Buffer.from(valuesCsv(values), 'utf8') : await valuesXlsx(values);
    res.setHeader('Content-Type', VALUES_CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${valuesFilename(values, format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.send(body);
  }

  private async renderEntry(res: Response, v: Record<string, string>, errors: FieldError[]) {
    const las = await this.submitted.submittingLas();
    return res.render('evaluation/indicator-submit.njk', {
      title: 'Enter a figure',
      errors,
      values: v,
      onlyLa: las.length === 1 ? las[0].name : null,
      laItems:
        las.length > 1
          ? [
              { value: '', text: 'Choose' },
              ...las.map((l) => ({ value: l.id, text: l.name, selected: l.id === v['laId'] })),
            ]
          : null,
      indicatorItems: [
        { value: '', text: 'Choose an indicator' },
        ...SUBMITTED_INDICATORS.map((d) => ({
          value: d.code,
          text: `${d.name} (${d.unit === 'percentage' ? 'percentage' : 'count'})`,
          selected: d.code === v['indicatorCode'],
        })),
      ],
      periodItems: periodItems(v['period']),
    });
  }

  private renderUpload(res: Response, errors: FieldError[], rowErrors: KeptUpload['rowErrors']) {
    return res.render('evaluation/indicator-upload.njk', {
      title: 'Upload figures',
      errors,
      rowErrors: rowErrors.map((e) => [
        { text: String(e.row), format: 'numeric' },
        { text: e.column },
        { text: e.message },
      ]),
    });
  }

  private canSubmit(): boolean {
    return this.submitted.canSubmit();
  }
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
