import { Controller, Get, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException } from '@rep-hub/platform';
import {
  COVERAGE_CONTENT_TYPES,
  coverageCsv,
  coverageFilename,
  CoverageResult,
  CoverageService,
  coverageXlsx,
} from '@rep-hub/workforce-domain';
import {
  dateInputItems,
  dateParts,
  formatDate,
  formFields,
  oneEach,
  postedDate,
  WebViewInterceptor,
} from '@rep-hub/web-surface';
import type { Response } from 'express';
import { coverageSections } from './coverage-view';

const FIELDS = ['from-day', 'to-day'];

/**
 * Workforce coverage (the workforce lead, the partnership lead, LA officers): a period chosen by
 * a GET form (no script), per group of figures a chart and its table with the denominator said,
 * and the same figures as CSV or XLSX. Counts and rates only, never a participant.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('workforce/coverage')
export class CoveragePagesController {
  constructor(private readonly coverage: CoverageService) {}

  @Policy('read', 'WorkforceCoverage')
  @Get()
  async page(@Query() query: unknown, @Res() res: Response) {
    const values = formFields(query);
    const errors: FieldError[] = [];
    const from = postedDate(values, 'from', 'The start of the period');
    const to = postedDate(values, 'to', 'The end of the period');
    for (const e of [from.error, to.error]) if (e) errors.push(e);
    let result: CoverageResult | null = null;
    if (!errors.length) {
      try {
        result = await this.coverage.coverage({ from: from.iso, to: to.iso });
      } catch (error) {
        if (!(error instanceof InvalidFieldsException)) throw error;
        for (const e of error.fieldErrors)
          errors.push({ field: `${e.field}-day`, message: e.message.replace(/ as a real date, YYYY-MM-DD/, '') });
      }
    }
    const shown = result ? { ...dateParts('from', result.period.from), ...dateParts('to', result.period.to) } : values;
    const sorted = oneEach(errors).sort((a, b) => FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field));
    const q = result ? new URLSearchParams({ from: result.period.from, to: result.period.to }).toString() : '';
    return res.status(sorted.length ? 400 : 200).render('workforce/coverage.njk', {
      title: 'Training coverage',
      errors: sorted,
      fromItems: dateInputItems(
        'from',
        shown,
        sorted.some((e) => e.field === 'from-day'),
      ),
      toItems: dateInputItems(
        'to',
        shown,
        sorted.some((e) => e.field === 'to-day'),
      ),
      period: result ? `${formatDate(result.period.from)} to ${formatDate(result.period.to)}` : null,
      shownLas: result ? result.las.map((l) => l.laName) : [],
      settingsKnown: result ? result.partnership.settings.known : null,
      partnership: result?.scope === 'partnership',
      sections: result ? coverageSections(result) : [],
      csvHref: result ? `/workforce/coverage/download?format=csv&${q}` : null,
      xlsxHref: result ? `/workforce/coverage/download?format=xlsx&${q}` : null,
    });
  }

  @Policy('read', 'WorkforceCoverage')
  @Get('download')
  async download(@Query() query: unknown, @Res() res: Response) {
    const values = formFields(query);
    const format = values['format'] === undefined || values['format'] === '' ? 'csv' : values['format'];
    if (format !== 'csv' && format !== 'xlsx')
      throw new InvalidFieldsException([{ field: 'format', message: 'format must be csv or xlsx' }]);
    const result = await this.coverage.coverage({ from: values['from'], to: values['to'] }, { export: format });
    const body = format === 'csv' ? Buffer.from(coverageCsv(result), 'utf8') : await coverageXlsx(result);
    res.setHeader('Content-Type', COVERAGE_CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${coverageFilename(result, format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.send(body);
  }
}
