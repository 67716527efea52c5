import { Controller, Get, NotFoundException, Param, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthContext } from '@rep-hub/auth';
import {
  DASHBOARD_CACHE,
  DashboardService,
  GSS_SYMBOLS,
  IndicatorMeaning,
  NATIONAL_METHOD,
} from '@rep-hub/national-domain';
import { InvalidFieldsException, problem, Public } from '@rep-hub/platform';
import { WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';
import { countText, dashboardChart, DIRECTION_TEXT, figureText, UNIT_TEXT } from './dashboard-charts';
import { escapeHtml as escape, nationalFigureText } from './svg-chart';

const BASE = '/inclusion-dashboard';
const href = {
  indicator: (code: string) => `${BASE}/indicators/${encodeURIComponent(code)}`,
  partnership: (id: string) => `${BASE}/partnerships/${id}`,
  la: (gss: string) => `${BASE}/local-authorities/${gss}`,
};

/** The key of the symbols, as every page repeats it. */
const KEY = Object.entries(GSS_SYMBOLS).map(([symbol, meaning]) => ({ symbol, meaning }));

/** An indicator's meaning as a summary list's rows. */
function meaningRows(i: IndicatorMeaning) {
  return [
    { key: { text: 'What is counted' }, value: { text: i.numerator ?? 'Not described' } },
    ...(i.unit === 'percentage'
      ? [{ key: { text: 'Out of' }, value: { text: i.denominator ?? 'Not described' } }]
      : []),
    { key: { text: 'Unit' }, value: { text: UNIT_TEXT[i.unit] } },
    { key: { text: 'Which way is better' }, value: { text: DIRECTION_TEXT[i.direction] } },
    { key: { text: 'Source' }, value: { text: i.source } },
    {
      key: { text: 'Published' },
      value: {
        text:
          i.coverage.firstPeriod.code === i.coverage.lastPeriod.code
            ? `${i.coverage.firstPeriod.name}, by ${i.coverage.partnerships} ${i.coverage.partnerships === 1 ? 'partnership' : 'partnerships'}`
            : `${i.coverage.firstPeriod.name} to ${i.coverage.lastPeriod.name}, by ${i.coverage.partnerships} ${i.coverage.partnerships === 1 ? 'partnership' : 'partnerships'}`,
      },
    },
  ];
}

/** A page's bad address is a page not found for a visitor (the API names the field). */
async function orNotFound<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof InvalidFieldsException) throw new NotFoundException(problem(404, 'There is no such page.'));
    throw error;
  }
}

/**
 * The public inclusion dashboard, for anyone, with no sign-in: the partnerships' published
 * indicators over time in plain English, each with what it means and its caveats, by indicator,
 * by partnership and by local authority, charts each followed by a table of the same figures.
 * Only released, disclosure-controlled figures (the latest version of each release), read as the
 * open-data role; the open data (/open-data) has every release and version.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('inclusion-dashboard')
export class DashboardPagesController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly auth: AuthContext,
  ) {}

  @Public()
  @Get()
  async home(@Res() res: Response) {
    const index = await this.dashboard.index();
    this.cacheable(res);
    return res.render('national/dashboard/index.njk', {
      title: 'Inclusion dashboard',
      indicators: index.indicators.map((i) => ({
        ...i,
        href: href.indicator(i.code),
        line: `${UNIT_TEXT[i.unit]}. ${meaningRows(i).at(-1)!.value.text}.`,
      })),
      partnerships: index.partnerships.map((p) => ({
        ...p,
        href: href.partnership(p.id),
        localAuthorities: p.localAuthorities.map((l) => ({ ...l, href: href.la(l.gssCode) })),
      })),
      key: KEY,
    });
  }

  @Public()
  @Get('indicators/:indicatorCode')
  async indicator(@Param('indicatorCode') code: string, @Res() res: Response) {
    const d = await orNotFound(this.dashboard.indicator(code));
    const unit = d.indicator.unit;
    const chart = dashboardChart('dashboard-indicator', {
      title: `${d.indicator.name}, by term: each partnership and the national figure`,
      what: `${d.partnerships.length} ${d.partnerships.length === 1 ? 'partnership' : 'partnerships'}`,
      unit,
      periods: d.periods,
      lines: d.partnerships,
      national: d.national,
      rowHeading: 'Partnership',
    });
    const withCounts = unit === 'percentage';
    this.cacheable(res);
    return res.render('national/dashboard/indicator.njk', {
      title: d.indicator.name,
      i: d.indicator,
      meaning: meaningRows(d.indicator),
      chart,
      key: KEY,
      nationalMethod: d.nationalMethod,
      // newest term first: a table per term, by partnership, its LAs under it
      terms: [...d.periods].reverse().map((p) => {
        const n = d.national[d.periods.indexOf(p)];
        const cells = (
          f: { value: number | null; numerator: number | null; denominator: number | null } | undefined,
        ) =>
          withCounts
            ? [
                { text: f ? countText(f.numerator) : '–', format: 'numeric' },
                { text: f ? countText(f.denominator) : '–', format: 'numeric' },
              ]
            : [];
        const rows = d.partnerships
          .filter((s) => s.figures.some((f) => f.periodCode === p.code))
          .flatMap((s) => {
            const own = s.figures.find((f) => f.periodCode === p.code);
            return [
              [
                { html: `<a class="govuk-link" href="${href.partnership(s.id)}">${escape(s.name)}</a>` },
                { text: 'Partnership' },
                { text: figureText(s.figures, p.code, unit), format: 'numeric' },
                ...cells(own),
              ],
              ...s.localAuthorities
                .filter((l) => l.figures.some((f) => f.periodCode === p.code))
                .map((l) => [
                  {
                    html: `<span class="govuk-!-padding-left-4"><a class="govuk-link" href="${href.la(l.gssCode)}">${escape(l.name)}</a></span>`,
                  },
                  { text: 'Local authority' },
                  { text: figureText(l.figures, p.code, unit), format: 'numeric' },
                  ...cells(l.figures.find((f) => f.periodCode === p.code)),
                ]),
            ];
          });
        return {
          name: p.name,
          caption: `${d.indicator.name}, ${p.name}: by partnership, with its local authorities`,
          head: [
            { text: 'Partnership or local authority' },
            { text: 'Area' },
            { text: UNIT_TEXT[unit], format: 'numeric' },
            ...(withCounts
              ? [
                  { text: 'Numerator', format: 'numeric' },
                  { text: 'Denominator', format: 'numeric' },
                ]
              : []),
          ],
          rows,
          national: nationalFigureText(n, unit),
          note: n.note,
        };
      }),
    });
  }

  @Public()
  @Get('partnerships/:partnershipId')
  async partnership(@Param('partnershipId') id: string, @Res() res: Response) {
    const d = await orNotFound(this.dashboard.partnership(id));
    this.cacheable(res);
    return res.render('national/dashboard/partnership.njk', {
      title: d.partnership.name,
      d,
      localAuthorities: d.localAuthorities.map((l) => ({ ...l, href: href.la(l.gssCode) })),
      indicators: d.indicators.map((s, n) => ({
        i: s.indicator,
        href: href.indicator(s.indicator.code),
        chart: dashboardChart(`dashboard-p${n}`, {
          title: `${s.indicator.name}: ${d.partnership.name}, its local authorities and the national figure`,
          what: `${d.partnership.name} and ${s.localAuthorities.length} ${s.localAuthorities.length === 1 ? 'local authority' : 'local authorities'}`,
          unit: s.indicator.unit,
          periods: s.periods,
          lines: [{ name: d.partnership.name, figures: s.figures }, ...s.localAuthorities],
          national: s.national,
          rowHeading: 'Partnership or local authority',
        }),
      })),
      key: KEY,
    });
  }

  @Public()
  @Get('local-authorities/:gssCode')
  async localAuthority(@Param('gssCode') gss: string, @Res() res: Response) {
    const d = await orNotFound(this.dashboard.localAuthority(gss));
    this.cacheable(res);
    const partnership = d.partnerships[0];
    return res.render('national/dashboard/local-authority.njk', {
      title: d.localAuthority.name,
      d,
      partnerships: d.partnerships.map((p) => ({ ...p, href: href.partnership(p.id) })),
      indicators: d.indicators.map((s, n) => {
        // the partnership's figure of each term is from the same release as the LA's
        const names = [...new Set(s.partnership.map((f) => f.partnershipName))];
        return {
          i: s.indicator,
          href: href.indicator(s.indicator.code),
          chart: dashboardChart(`dashboard-la${n}`, {
            title: `${s.indicator.name}: ${d.localAuthority.name}, its partnership and the national figure`,
            what: `${d.localAuthority.name} and ${names.length === 1 ? names[0] : 'its partnership'}`,
            unit: s.indicator.unit,
            periods: s.periods,
            lines: [
              { name: d.localAuthority.name, figures: s.figures },
              {
                name: names.length === 1 ? names[0] : (partnership?.name ?? 'Its partnership'),
                figures: s.partnership,
              },
            ],
            national: s.national,
            rowHeading: 'Area',
          }),
        };
      }),
      key: KEY,
      methods: NATIONAL_METHOD,
    });
  }

  /** Cacheable only as seen signed out; Vary on the cookie so a signed-in visit is never served a kept copy, nor kept. */
  private cacheable(res: Response): void {
    res.setHeader('Vary', 'Cookie');
    if (!this.auth.maybePrincipal) res.setHeader('Cache-Control', DASHBOARD_CACHE);
  }
}
