import { Controller, Get, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import {
  academicYearOf,
  isAcademicYear,
  REGIONAL_CONTENT_TYPES,
  regionalCsv,
  regionalFilename,
  RegionalService,
  regionalXlsx,
  STATUS_LABELS,
} from '@rep-hub/plans-domain';
import { formatDate, WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';

const yearOf = (query: Record<string, unknown>) => {
  const y = query['academicYear'];
  return typeof y === 'string' && isAcademicYear(y.trim()) ? y.trim() : null;
};

/**
 * The partnership lead's regional view (/plans/regional): every LA's plan side by side (the
 * latest version's status, when the version in force was published, the review date and whether
 * it has passed, overdue actions, places short by type for a year), and the same as CSV or XLSX.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('plans/regional')
export class RegionalPagesController {
  constructor(private readonly regional: RegionalService) {}

  @Policy('read', 'InclusionPlansRegional')
  @Get()
  async page(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const asked = query['academicYear'];
    const year = yearOf(query);
    const errors =
      asked !== undefined && asked !== '' && !year
        ? [{ field: 'academicYear', message: 'Enter the academic year like 2026/27' }]
        : [];
    const v = await this.regional.view(year ?? academicYearOf());
    const q = `academicYear=${encodeURIComponent(v.academicYear)}`;
    return res.status(errors.length ? 400 : 200).render('plans/regional.njk', {
      title: 'Local inclusion plans across the partnership',
      errors,
      academicYear: errors.length ? String(asked) : v.academicYear,
      year: v.academicYear,
      head: [
        { text: 'Local authority' },
        { text: 'Latest version' },
        { text: 'Published' },
        { text: 'Review' },
        { text: 'Overdue actions', format: 'numeric' },
        ...v.placeTypes.map((t) => ({ text: `Places short: ${t.name}`, format: 'numeric' })),
      ],
      rows: v.las.map((la) => [
        { text: la.laName },
        {
          text: la.plan
            ? `${STATUS_LABELS[la.plan.latestStatus] ?? la.plan.latestStatus} (version ${la.plan.latestNumber})`
            : 'No plan',
        },
        { text: la.plan?.publishedAt ? formatDate(la.plan.publishedAt.slice(0, 10)) : 'Not published' },
        {
          html: la.plan
            ? `${formatDate(la.plan.reviewOn)}${la.plan.reviewOverdue ? ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>' : ''}`
            : '',
        },
        { text: String(la.overdueActions), format: 'numeric' },
        ...v.placeTypes.map((t) => ({
          text: la.gaps[t.code] === null ? 'None recorded' : String(la.gaps[t.code]),
          format: 'numeric',
        })),
      ]),
      csvHref: `/plans/regional/export?format=csv&${q}`,
      xlsxHref: `/plans/regional/export?format=xlsx&${q}`,
    });
  }

  @Policy('read', 'InclusionPlansRegional')
  @Get('export')
  async export(@Query() query: Record<string, unknown>, @Res() res: Response) {
    const format = query['format'] === 'xlsx' ? 'xlsx' : 'csv';
    const v = await this.regional.view(yearOf(query) ?? academicYearOf());
    const body = format === 'xlsx' ? await regionalXlsx(v) : Buffer.from(regionalCsv(v), 'utf8');
    res.setHeader('Content-Type', REGIONAL_CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${regionalFilename(v, format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    return res.send(body);
  }
}
