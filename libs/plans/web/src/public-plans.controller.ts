import { Controller, Get, Param, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AuthContext } from '@rep-hub/auth';
import { PUBLIC_CACHE, PublicPlansService, PublicVersion, renderSafeHtml } from '@rep-hub/plans-domain';
import { Public } from '@rep-hub/platform';
import { formatDate, WebViewInterceptor } from '@rep-hub/web-surface';
import type { Response } from 'express';

/** Published data only: kept a few minutes by browsers and proxies, but only as seen signed out (a signed-in page carries its user's navigation and form tokens). */

const STATUS_TEXT = { published: 'Published', superseded: 'Superseded' } as const;
const date = (iso: string) => formatDate(iso.slice(0, 10));

/**
 * The partnerships' published local inclusion plans, for anyone, with no sign-in: the list by
 * partnership and LA, a version's page (sections rendered from the safe formatting subset, themes,
 * the sign-off summary with the parent carer forum's position, the PDF when ready), earlier
 * versions, and "compare two versions". A draft's (or any unpublished version's) id is 404.
 */
@ApiExcludeController()
@UseInterceptors(WebViewInterceptor)
@Controller('inclusion-plans')
export class PublicPlansPagesController {
  constructor(
    private readonly plans: PublicPlansService,
    private readonly auth: AuthContext,
  ) {}

  @Public()
  @Get()
  async list(@Res() res: Response) {
    const partnerships = await this.plans.listPublished();
    this.cacheable(res);
    return res.render('plans/public/list.njk', {
      title: 'Local inclusion plans',
      partnerships: partnerships.map((p) => ({ ...p, plans: p.plans.map((x) => this.summary(p.slug, x)) })),
    });
  }

  @Public()
  @Get(':partnership')
  async partnership(@Param('partnership') slug: string, @Res() res: Response) {
    const p = await this.plans.partnershipPlans(slug);
    this.cacheable(res);
    return res.render('plans/public/list.njk', {
      title: `Local inclusion plans: ${p.name}`,
      one: true,
      partnerships: [{ ...p, plans: p.plans.map((x) => this.summary(p.slug, x)) }],
    });
  }

  @Public()
  @Get(':partnership/versions/:publishedVersionId')
  async version(
    @Param('partnership') slug: string,
    @Param('publishedVersionId') versionId: string,
    @Res() res: Response,
  ) {
    const v = await this.plans.version(slug, versionId);
    this.cacheable(res);
    return res.render('plans/public/version.njk', this.versionView(v));
  }

  @Public()
  @Get(':partnership/versions/:publishedVersionId/pdf')
  async pdf(@Param('partnership') slug: string, @Param('publishedVersionId') versionId: string, @Res() res: Response) {
    const file = await this.plans.pdf(slug, versionId);
    this.cacheable(res);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    return res.send(file.pdf);
  }

  @Public()
  @Get(':partnership/compare')
  async compare(@Param('partnership') slug: string, @Query() query: Record<string, unknown>, @Res() res: Response) {
    const from = typeof query['from'] === 'string' ? query['from'] : '';
    const to = typeof query['to'] === 'string' ? query['to'] : '';
    const c = await this.plans.compare(slug, from, to);
    this.cacheable(res);
    const changed = c.sections.filter((s) => s.changed).length;
    return res.render('plans/public/compare.njk', {
      title: `Compare versions ${c.from.number} and ${c.to.number}: ${c.title}`,
      c,
      changed,
      fromText: `Version ${c.from.number}, published ${date(c.from.publishedAt)}`,
      toText: `Version ${c.to.number}, published ${date(c.to.publishedAt)}`,
      base: `/inclusion-plans/${c.partnership.slug}`,
      sections: c.sections.map((s) => ({
        ...s,
        heading: s.la ? `${s.name}: ${s.la.name}` : s.name,
        counts: {
          inserted: s.lines.filter((l) => l.op === 'insert').length,
          deleted: s.lines.filter((l) => l.op === 'delete').length,
        },
      })),
    });
  }

  private versionView(v: PublicVersion) {
    const base = `/inclusion-plans/${v.partnership.slug}`;
    const others = v.versions.filter((x) => x.id !== v.id);
    return {
      title: `${v.title} (version ${v.number})`,
      v,
      base,
      statusText: STATUS_TEXT[v.status],
      versionText: `Version ${v.number} (${STATUS_TEXT[v.status].toLowerCase()}), published ${date(v.publishedAt)}`,
      lasText: v.las.map((l) => l.name).join(', '),
      period: `${date(v.periodStart)} to ${date(v.periodEnd)}`,
      reviewOn: date(v.reviewOn),
      publishedOn: date(v.publishedAt),
      supersededOn: v.supersededAt ? date(v.supersededAt) : null,
      currentId: v.versions.find((x) => x.status === 'published')?.id ?? null,
      pdfHref: v.pdfReady ? `${base}/versions/${v.id}/pdf` : null,
      sections: v.sections.map((s) => ({
        heading: s.la ? `${s.name}: ${s.la.name}` : s.name,
        html: renderSafeHtml(s.body),
        themes: s.themes.map((t) => t.name),
        provisional: s.themesProvisional,
      })),
      forum: v.signOffs.parentCarerForum,
      signOffRows: v.signOffs.organisations.map((o) => [
        { text: o.organisation },
        { text: o.decision === 'signed_off' ? 'Signed off' : 'Did not sign off' },
        { text: o.reason ?? '' },
      ]),
      versionRows: v.versions.map((x) => ({
        ...x,
        statusText: STATUS_TEXT[x.status],
        publishedOn: date(x.publishedAt),
        href: `${base}/versions/${x.id}`,
        isThis: x.id === v.id,
      })),
      compareFrom: others.map((x) => ({
        value: x.id,
        text: `Version ${x.number} (${STATUS_TEXT[x.status].toLowerCase()})`,
      })),
    };
  }

  private summary(
    slug: string,
    x: { publishedVersionId: string; reviewOn: string; periodStart: string; periodEnd: string; publishedAt: string },
  ) {
    return {
      ...x,
      href: `/inclusion-plans/${slug}/versions/${x.publishedVersionId}`,
      period: `${date(x.periodStart)} to ${date(x.periodEnd)}`,
      reviewText: date(x.reviewOn),
      publishedOn: date(x.publishedAt),
    };
  }

  /** Cacheable only as seen signed out; Vary on the cookie so a signed-in visit is never served a kept copy, nor kept. */
  private cacheable(res: Response): void {
    res.setHeader('Vary', 'Cookie');
    if (!this.auth.maybePrincipal) res.setHeader('Cache-Control', PUBLIC_CACHE);
  }
}
