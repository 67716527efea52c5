import { Controller, Get, Param, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthContext } from '@rep-hub/auth';
import {
  OPEN_DATA_CACHE,
  OPEN_DATA_SYMBOLS,
  OpenDataFigure,
  OpenDataFileName,
  openDataEtag,
  OpenDataRelease,
  OpenDataReleaseSummary,
  OpenDataService,
  showFigure,
} from '@rep-hub/national-domain';
import { Public } from '@rep-hub/platform';
import { formatDay, WebViewInterceptor } from '@rep-hub/web-surface';
import type { Request, Response } from 'express';
import { escapeHtml } from './svg-chart';

const BASE = '/open-data/releases';
const CHANGE_TEXT = { changed: 'Changed', added: 'Added', removed: 'Removed' } as const;

type Shown = Pick<OpenDataFigure, 'numerator' | 'denominator' | 'value' | 'symbol' | 'unit'>;

/** A figure in words: the value with its unit, or the symbol's meaning with the symbol. */
const valueText = (f: Shown) => showFigure({ value: f.value, symbol: f.symbol }, f.unit);
const countText = (n: number | null) => (n === null ? 'Not shown' : n.toLocaleString('en-GB'));
const areaText = (f: { laName: string | null }) => f.laName ?? 'Whole partnership';
const stateText = (f: Shown | null, unit: Shown['unit']) => {
  if (!f) return 'None';
  const v = valueText({ ...f, unit });
  return f.unit === 'percentage' && f.numerator !== null && f.denominator !== null
    ? `${v} (${countText(f.numerator)} of ${countText(f.denominator)})`
    : v;
};

/**
 * Open data as pages, for anyone with no sign-in: what open data is, every release version by term
 * and partnership with the symbol key, and one version's figures, what its correction changed,
 * its other versions, its method note and its files (the files also as page routes, so a browser
 * downloads them from the same site). Cacheable only as seen signed out.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('open-data')
export class OpenDataPagesController {
  constructor(
    private readonly openData: OpenDataService,
    private readonly auth: AuthContext,
  ) {}

  @Public()
  @Get()
  async index(@Res() res: Response) {
    const releases = await this.openData.list({ partnershipId: null, periodCode: null });
    this.cacheable(res);
    return res.render('national/open-data/index.njk', {
      title: 'Open data',
      periods: this.byPeriod(releases),
      symbols: OPEN_DATA_SYMBOLS,
    });
  }

  @Public()
  @Get('releases/:releaseId')
  async release(@Param('releaseId') id: string, @Res() res: Response) {
    const r = await this.openData.release(id);
    this.cacheable(res);
    return res.render('national/open-data/release.njk', this.releaseView(r));
  }

  @Public()
  @Get('releases/:releaseId/data.csv')
  data(@Param('releaseId') id: string, @Req() req: Request, @Res() res: Response) {
    return this.send(id, 'data.csv', req, res);
  }

  @Public()
  @Get('releases/:releaseId/metadata.csv')
  metadata(@Param('releaseId') id: string, @Req() req: Request, @Res() res: Response) {
    return this.send(id, 'metadata.csv', req, res);
  }

  @Public()
  @Get('releases/:releaseId/method.txt')
  method(@Param('releaseId') id: string, @Req() req: Request, @Res() res: Response) {
    return this.send(id, 'method.txt', req, res);
  }

  private byPeriod(releases: OpenDataReleaseSummary[]) {
    const periods: { name: string; code: string; rows: unknown[][] }[] = [];
    for (const r of releases) {
      let p = periods.at(-1);
      if (!p || p.code !== r.period.code) periods.push((p = { name: r.period.name, code: r.period.code, rows: [] }));
      p.rows.push([
        { text: r.partnershipName },
        {
          html: `<a class="govuk-link" href="${BASE}/${r.id}">Version ${r.version}<span class="govuk-visually-hidden"> of ${escapeHtml(r.partnershipName)}, ${escapeHtml(r.period.name)}</span></a>`,
        },
        { text: formatDay(r.publishedAt) },
        {
          text: r.latest
            ? r.correctionReason
              ? `Latest: corrects version ${r.replacesVersion}`
              : 'Latest'
            : 'Replaced by a later version',
        },
      ]);
    }
    return periods;
  }

  private releaseView(r: OpenDataRelease) {
    const latest = r.versions.find((v) => v.latest);
    return {
      title: `${r.partnershipName}: ${r.period.name}, version ${r.version}`,
      r,
      publishedOn: formatDay(r.publishedAt),
      latestHref: !r.latest && latest ? `${BASE}/${latest.id}` : null,
      files: [
        { href: `${BASE}/${r.id}/data.csv`, text: 'Data (CSV)', hint: 'one row per figure, in tidy form' },
        { href: `${BASE}/${r.id}/metadata.csv`, text: 'Metadata (CSV)', hint: 'what each column holds' },
        {
          href: `${BASE}/${r.id}/method.txt`,
          text: 'Method note and symbol key (text)',
          hint: 'how the figures were controlled',
        },
      ],
      figureRows: r.figures.map((f) => [
        { text: f.indicatorName },
        { text: areaText(f) },
        { text: valueText(f) },
        { text: countText(f.numerator) },
        { text: countText(f.denominator) },
      ]),
      changeRows: (r.changes?.items ?? []).map((c) => [
        { text: c.indicatorName },
        { text: areaText(c) },
        { text: CHANGE_TEXT[c.change] },
        { text: stateText(c.before && { ...c.before, unit: c.unit }, c.unit) },
        { text: stateText(c.after && { ...c.after, unit: c.unit }, c.unit) },
      ]),
      versionRows: r.versions.map((v) => ({
        ...v,
        href: `${BASE}/${v.id}`,
        isThis: v.id === r.id,
        publishedOn: formatDay(v.publishedAt),
      })),
      symbols: OPEN_DATA_SYMBOLS,
    };
  }

  private async send(id: string, name: OpenDataFileName, req: Request, res: Response) {
    const file = await this.openData.file(id, name);
    const etag = openDataEtag(file.body);
    this.cacheable(res);
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) return res.status(304).end();
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return res.send(file.body);
  }

  /** Cacheable only as seen signed out; Vary on the cookie so a signed-in visit is never served a kept copy, nor kept. */
  private cacheable(res: Response): void {
    res.setHeader('Vary', 'Cookie');
    if (!this.auth.maybePrincipal) res.setHeader('Cache-Control', OPEN_DATA_CACHE);
  }
}
