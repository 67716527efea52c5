import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Policy } from '@rep-hub/auth';
import {
  ComparisonService,
  ComparisonSeries,
  GssSymbol,
  RANK_BAND_TEXT,
  Ranking,
  ReturnsOverview,
  ReturnsOverviewService,
  showFigure,
} from '@rep-hub/national-domain';
import { FieldError, InvalidFieldsException } from '@rep-hub/platform';
import { parsePeriod, previousPeriod, ReturnPeriod } from '@rep-hub/reference';
import { formatDay, govukTableHtml } from '@rep-hub/web-surface';
import { WebViewInterceptor } from '@rep-hub/web-surface';
import { UseInterceptors } from '@nestjs/common';
import type { Response } from 'express';
import { comparisonChart, escapeHtml, nationalFigureText } from './svg-chart';

/** The terms from one code to another, oldest first. */
function termsBetween(first: string, last: string): ReturnPeriod[] {
  const out: ReturnPeriod[] = [];
  const from = parsePeriod(first);
  for (let p = parsePeriod(last); p && from && p.from >= from.from; p = previousPeriod(p)) out.unshift(p);
  return out;
}

const UNITS: Record<string, string> = { count: 'Count', percentage: 'Percentage', days: 'Days' };

const link = (href: string, text: string, hidden = '') =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}${hidden ? `<span class="govuk-visually-hidden"> ${escapeHtml(hidden)}</span>` : ''}</a>`;

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]).filter(
    (x): x is string => typeof x === 'string' && x !== '',
  );

const query = (params: Record<string, string | string[] | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of [v ?? []].flat()) if (x) q.append(k, x);
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** The returns table of a period, shared by the overview and the returns page. */
export function returnsRows(o: ReturnsOverview) {
  return o.partnerships.map((p) => [
    { text: p.partnershipName },
    {
      html: p.published
        ? `<strong class="govuk-tag govuk-tag--${p.onTime ? 'green' : 'yellow'}">${p.onTime ? 'On time' : 'Late'}</strong>`
        : `<strong class="govuk-tag govuk-tag--${p.overdue ? 'red' : 'grey'}">${p.overdue ? 'Overdue' : 'Not yet published'}</strong>`,
    },
    { text: p.firstPublishedOn ? formatDay(p.firstPublishedOn) : '–' },
    { text: p.daysLate ? `${p.daysLate}` : p.published ? '0' : '–', format: 'numeric' },
    {
      text:
        p.version === null
          ? '–'
          : p.version > 1
            ? `Version ${p.version}, corrected ${formatDay(p.correctedOn!)}`
            : 'Version 1',
    },
    { text: String(p.indicatorsWithValue), format: 'numeric' },
    {
      text: p.indicatorsWithSymbol
        ? `${p.indicatorsWithSymbol} (${Object.entries(p.symbols)
            .filter(([, n]) => n > 0)
            .map(([s, n]) => `${n} ${s}`)
            .join(', ')})`
        : '0',
      format: 'numeric',
    },
  ]);
}

export const RETURNS_HEAD = [
  { text: 'Partnership' },
  { text: 'Status' },
  { text: 'First published' },
  { text: 'Days late', format: 'numeric' },
  { text: 'Version' },
  { text: 'Indicators with a value', format: 'numeric' },
  { text: 'Indicators with a symbol', format: 'numeric' },
];

/**
 * Compare partnerships, as pages for the National Board: the overview, choosing an indicator
 * (and partnerships) with a GET form, an indicator's chart with its table and ranking, one
 * partnership's figures per LA, and the returns' completeness and timeliness. Everything is the
 * partnerships' published, disclosure-controlled releases (the latest version of each).
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('national')
export class NationalComparePagesController {
  constructor(
    private readonly comparison: ComparisonService,
    private readonly returns: ReturnsOverviewService,
  ) {}

  @Policy('read', 'NationalRelease')
  @Get()
  async overview(@Res() res: Response) {
    const o = await this.returns.overview();
    const indicators = await this.comparison.indicators();
    return res.render('national/compare-overview.njk', {
      title: 'National overview',
      overview: o,
      dueOn: formatDay(o.dueOn),
      indicators: indicators.map((i) => ({ ...i, href: `/national/compare/${encodeURIComponent(i.code)}` })),
      returnsHref: `/national/returns${query({ period: o.period.code })}`,
    });
  }

  @Policy('read', 'NationalRelease')
  @Get('compare')
  async choose(
    @Query('indicatorCode') codeQ: unknown,
    @Query('partnership') partnershipQ: unknown,
    @Query('submitted') submitted: unknown,
    @Res() res: Response,
  ) {
    const indicators = await this.comparison.indicators();
    const partnerships = await this.comparison.partnerships();
    const code = typeof codeQ === 'string' ? codeQ : '';
    const chosen = list(partnershipQ);
    const errors: FieldError[] = [];
    if (submitted !== undefined) {
      if (!indicators.some((i) => i.code === code))
        errors.push({ field: 'indicatorCode', message: 'Choose an indicator to compare' });
      if (chosen.length === 1)
        errors.push({
          field: 'partnership',
          message: 'Choose two or more partnerships to compare, or none to compare them all',
        });
      else if (!chosen.every((id) => partnerships.some((p) => p.id === id)))
        errors.push({ field: 'partnership', message: 'Choose partnerships from the list' });
      if (!errors.length)
        return res.redirect(303, `/national/compare/${encodeURIComponent(code)}${query({ partnership: chosen })}`);
    }
    return res.status(errors.length ? 400 : 200).render('national/compare-choose.njk', {
      title: 'Compare partnerships',
      errors,
      indicatorItems: indicators.map((i) => ({
        value: i.code,
        text: i.name,
        hint: { text: `${UNITS[i.unit]} · ${i.partnerships} ${i.partnerships === 1 ? 'partnership' : 'partnerships'}` },
        checked: i.code === code,
      })),
      partnershipItems: partnerships.map((p) => ({ value: p.id, text: p.name, checked: chosen.includes(p.id) })),
    });
  }

  @Policy('read', 'NationalRelease')
  @Get('compare/:indicatorCode')
  async indicator(
    @Param('indicatorCode') code: string,
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @Query('period') period: unknown,
    @Query('partnership') partnershipQ: unknown,
    @Res() res: Response,
  ) {
    const chosen = list(partnershipQ);
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    // the terms to choose from: the indicator's first published to its latest
    const published = (await this.comparison.indicators()).find((i) => i.code === code);
    const terms = published ? termsBetween(published.firstPeriod, published.lastPeriod) : [];
    const form = (selected: { from?: string; to?: string; period?: string }) => ({
      action: `/national/compare/${encodeURIComponent(code)}`,
      chosen,
      fromItems: terms.map((t) => ({ value: t.code, text: t.name, selected: t.code === selected.from })),
      toItems: terms.map((t) => ({ value: t.code, text: t.name, selected: t.code === selected.to })),
      periodItems: terms.map((t) => ({ value: t.code, text: t.name, selected: t.code === selected.period })),
    });
    let series: ComparisonSeries;
    let ranking: Ranking;
    try {
      series = await this.comparison.series(code, { from, to, partnershipIds: chosen.length ? chosen : undefined });
      const last = series.periods[series.periods.length - 1];
      ranking = await this.comparison.ranking(code, period ?? last?.code);
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      return res.status(400).render('national/compare-indicator.njk', {
        title: published?.name ?? 'Compare partnerships',
        errors: error.fieldErrors,
        form: published ? form({ from: str(from), to: str(to), period: str(period) }) : null,
        backHref: '/national/compare',
      });
    }
    const unit = series.indicator.unit;
    const chart = comparisonChart('compare-chart', series);
    const keep = {
      partnership: chosen,
      from: typeof from === 'string' ? from : undefined,
      to: typeof to === 'string' ? to : undefined,
    };
    const base = `/national/compare/${encodeURIComponent(series.indicator.code)}`;
    const rankingCaption = `${ranking.period.name}: partnerships against the national figure`;
    return res.render('national/compare-indicator.njk', {
      title: series.indicator.name,
      indicator: series.indicator,
      unit: UNITS[unit],
      chart,
      // the tables as plain HTML (govukTable's markup): the macro over 400 cells was most of the page's CPU
      chartTableHtml: govukTableHtml({
        caption: chart.table.caption,
        captionClasses: 'govuk-table__caption--s',
        firstCellIsHeader: true,
        classes: 'govuk-table--small-text-until-tablet',
        head: chart.table.head,
        rows: chart.table.rows,
        attributes: { 'data-testid': 'table-compare' },
      }),
      method: series.method,
      notes: series.national.map((n, i) => ({ period: series.periods[i].name, note: n.note })),
      chosenCount: chosen.length,
      ranking,
      rankingCaption,
      rankingTableHtml: govukTableHtml({
        caption: rankingCaption,
        captionClasses: 'govuk-table__caption--s',
        firstCellIsHeader: true,
        head: [
          { text: 'Partnership' },
          { text: UNITS[unit], format: 'numeric' },
          ...(ranking.ranked ? [{ text: '95% interval', format: 'numeric' }] : []),
          { text: ranking.ranked ? 'Compared with the national figure' : 'Ranking' },
          { text: 'Drill down' },
        ],
        attributes: { 'data-testid': 'ranking' },
        rows: ranking.entries.map((e) => [
          { text: e.partnershipName },
          { text: showFigure({ value: e.value, symbol: e.symbol }, unit), format: 'numeric' },
          ...(ranking.ranked
            ? [{ text: e.interval ? `${e.interval.low}% to ${e.interval.high}%` : '–', format: 'numeric' }]
            : []),
          { text: RANK_BAND_TEXT[e.band] },
          {
            html:
              e.value !== null || e.symbol !== null
                ? link(
                    `${base}/${e.partnershipId}${query({ period: ranking.period.code })}`,
                    'Local authorities',
                    `of ${e.partnershipName}`,
                  )
                : '–',
          },
        ]),
      }),
      nationalText: nationalFigureText(ranking.national, unit),
      periodLinks: series.periods
        .filter((p) => p.code !== ranking.period.code)
        .map((p) => ({ text: p.name, href: `${base}${query({ ...keep, period: p.code })}` })),
      chooseHref: '/national/compare',
      form: form({
        from: series.periods[0]?.code,
        to: series.periods[series.periods.length - 1]?.code,
        period: ranking.period.code,
      }),
    });
  }

  @Policy('read', 'NationalRelease')
  @Get('compare/:indicatorCode/:partnershipId')
  async localAuthorities(
    @Param('indicatorCode') code: string,
    @Param('partnershipId') partnershipId: string,
    @Query('period') period: unknown,
    @Res() res: Response,
  ) {
    let d;
    try {
      d = await this.comparison.localAuthorities(code, { period, partnershipId });
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      return res.status(400).render('national/compare-local-authorities.njk', {
        title: 'Local authorities',
        errors: error.fieldErrors,
        backHref: `/national/compare/${encodeURIComponent(code)}`,
      });
    }
    const unit = d.indicator.unit;
    const shown = (f: { value: number | null; symbol: GssSymbol | null }) => showFigure(f, unit);
    const count = (n: number | null) => (n === null ? '–' : n.toLocaleString('en-GB'));
    return res.render('national/compare-local-authorities.njk', {
      title: `${d.partnership.name}: ${d.indicator.name}`,
      d,
      backHref: `/national/compare/${encodeURIComponent(d.indicator.code)}`,
      publishedOn: formatDay(d.release.publishedAt),
      partnershipText: d.partnershipFigure ? shown(d.partnershipFigure) : 'Not published',
      rows: d.localAuthorities.map((l) => [
        { text: l.laName },
        { text: `${l.laNumber} (${l.gssCode})` },
        { text: shown(l), format: 'numeric' },
        ...(unit === 'percentage'
          ? [
              { text: count(l.numerator), format: 'numeric' },
              { text: count(l.denominator), format: 'numeric' },
            ]
          : []),
      ]),
      head: [
        { text: 'Local authority' },
        { text: 'LA number (GSS code)' },
        { text: UNITS[unit], format: 'numeric' },
        ...(unit === 'percentage'
          ? [
              { text: 'Numerator', format: 'numeric' },
              { text: 'Denominator', format: 'numeric' },
            ]
          : []),
      ],
      unitText: UNITS[unit],
    });
  }

  @Policy('read', 'NationalRelease')
  @Get('returns')
  async returnsPage(@Query('period') period: unknown, @Res() res: Response) {
    let o: ReturnsOverview;
    try {
      o = await this.returns.overview(period);
    } catch (error) {
      if (!(error instanceof InvalidFieldsException)) throw error;
      return res.status(400).render('national/returns-overview.njk', {
        title: 'Returns from partnerships',
        errors: error.fieldErrors,
      });
    }
    return res.render('national/returns-overview.njk', {
      title: 'Returns from partnerships',
      o,
      dueOn: formatDay(o.dueOn),
      head: RETURNS_HEAD,
      rows: returnsRows(o),
      periodItems: o.periods.map((p) => ({ value: p.code, text: p.name, selected: p.code === o.period.code })),
    });
  }
}
