import { Controller, Get, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  ApMeasuresService,
  controlledMeasures,
  MEASURES_CONTENT_TYPES,
  measuresCsv,
  measuresFilename,
  MeasuresResult,
  measuresXlsx,
  sharedMeasuresCsv,
  sharedMeasuresXlsx,
} from '@rep-hub/ap-domain';
import { ForSharing } from '@rep-hub/disclosure';
import { Policy } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException } from '@rep-hub/platform';
import type { Response } from 'express';
import { measureSections, periodText } from './ap-measures-view';
import { dateInputItems, dateParts, formFields, oneEach, postedDate, WebViewInterceptor } from '@rep-hub/web-surface';

const FIELDS = ['from-day', 'to-day', 'laId'];

/**
 * The AP measures page (LA officers and the partnership lead): per measure a chart and its
 * table, a period and an LA to filter by, and the same figures as CSV or XLSX. Counts and
 * rates only, never a child. The partnership's own download is unsuppressed; the download "for
 * sharing outside the partnership" goes through disclosure control (@rep-hub/disclosure).
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('ap/measures')
export class ApMeasuresPagesController {
  constructor(private readonly measures: ApMeasuresService) {}

  @Policy('read', 'ApMeasures')
  @Get()
  async page(@Query() query: unknown, @Res() res: Response) {
    const values = formFields(query);
    const las = await this.measures.localAuthorities();
    const errors: FieldError[] = [];
    const from = postedDate(values, 'from', 'The start of the period');
    const to = postedDate(values, 'to', 'The end of the period');
    for (const e of [from.error, to.error]) if (e) errors.push(e);
    const laId = values['laId'] && las.some((l) => l.id === values['laId']) ? values['laId'] : undefined;
    if (values['laId'] && !laId) errors.push({ field: 'laId', message: 'Choose a local authority from the list' });
    let result: MeasuresResult | null = null;
    if (!errors.length) {
      try {
        result = await this.measures.measures({ from: from.iso, to: to.iso, laId });
      } catch (error) {
        if (!(error instanceof InvalidFieldsException)) throw error;
        for (const e of error.fieldErrors)
          errors.push({
            field: e.field === 'laId' ? 'laId' : `${e.field}-day`,
            message: e.message.replace(/ as a real date, YYYY-MM-DD/, ''),
          });
      }
    }
    const shown = result ? { ...dateParts('from', result.period.from), ...dateParts('to', result.period.to) } : values;
    const sorted = oneEach(errors).sort((a, b) => FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field));
    const q = result
      ? new URLSearchParams({ from: result.period.from, to: result.period.to, ...(laId ? { laId } : {}) }).toString()
      : '';
    return res.status(sorted.length ? 400 : 200).render('ap/measures.njk', {
      title: 'AP measures',
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
      laItems:
        las.length > 1
          ? [
              { value: '', text: 'All local authorities' },
              ...las.map((l) => ({ value: l.id, text: l.name, selected: l.id === laId })),
            ]
          : null,
      onlyLa: las.length === 1 ? las[0].name : null,
      period: result ? periodText(result) : null,
      shownLas: result ? result.las.map((l) => l.laName) : [],
      sections: result ? measureSections(result) : [],
      csvHref: result ? `/ap/measures/download?format=csv&${q}` : null,
      xlsxHref: result ? `/ap/measures/download?format=xlsx&${q}` : null,
      sharedCsvHref: result ? `/ap/measures/for-sharing?format=csv&${q}` : null,
      sharedXlsxHref: result ? `/ap/measures/for-sharing?format=xlsx&${q}` : null,
    });
  }

  @Policy('read', 'ApMeasures')
  @Get('download')
  async download(@Query() query: unknown, @Res() res: Response) {
    const values = formFields(query);
    const format = formatOf(values);
    const result = await this.measures.measures(
      { from: values['from'], to: values['to'], laId: values['laId'] },
      { export: format },
    );
    const body = format === 'csv' ? Buffer.from(measuresCsv(result), 'utf8') : await measuresXlsx(result);
    res.setHeader('Content-Type', MEASURES_CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${measuresFilename(result, format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.send(body);
  }

  /** The same figures controlled for sharing outside the partnership: small counts suppressed, with the method note. */
  @Policy('read', 'ApMeasures')
  @Get('for-sharing')
  @ForSharing()
  async forSharing(@Query() query: unknown) {
    const values = formFields(query);
    const format = formatOf(values);
    const result = await this.measures.measures(
      { from: values['from'], to: values['to'], laId: values['laId'] },
      { export: format, forSharing: true },
    );
    const release = controlledMeasures(result);
    return format === 'csv' ? sharedMeasuresCsv(result, release) : sharedMeasuresXlsx(result, release);
  }
}

function formatOf(values: Record<string, string>): 'csv' | 'xlsx' {
  const format = values['format'] === 'xlsx' ? 'xlsx' : values['format'] === 'csv' || !values['format'] ? 'csv' : null;
  if (!format) throw new InvalidFieldsException([{ field: 'format', message: 'format must be csv or xlsx' }]);
  return format;
}
