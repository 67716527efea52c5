import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, isUuid, UnitOfWork } from '@rep-hub/platform';
import { parsePeriod, ReturnPeriod } from '@rep-hub/reference';
import { EntityManager } from 'typeorm';
import {
  buildComparisonSeries,
  GSS_SYMBOLS,
  INDICATOR_CODE,
  MAX_COMPARISON_PERIODS,
  periodsBetween,
  rankingOf,
} from './comparison';
import type { ComparisonSeries, LocalAuthorityDrillDown, PublishedIndicator, Ranking } from './comparison.model';
import { ReleaseFigureRow, ReleasesStore } from './releases.store';

/** An indicator code from input, or a 400 naming `indicatorCode`. */
export function readIndicatorCode(input: unknown): string {
  const code = typeof input === 'string' ? input.trim() : '';
  if (!INDICATOR_CODE.test(code) || code.length > 100)
    throw new InvalidFieldsException([
      { field: 'indicatorCode', message: 'indicatorCode must be an indicator code like evaluation.ehcp_20_weeks' },
    ]);
  return code;
}

/** A period from input (null when left out), or an error for `field` pushed onto `errors`. */
export function readPeriod(input: unknown, field: string, errors: FieldError[]): ReturnPeriod | null {
  if (input === undefined || input === null || input === '') return null;
  const p = typeof input === 'string' ? parsePeriod(input.trim()) : null;
  if (!p) errors.push({ field, message: `${field} must be a term written like 2026-27-autumn` });
  return p;
}

/** Partnership ids from input (one or several), or an error for `field`. */
export function readPartnershipIds(input: unknown, field: string, errors: FieldError[]): string[] | undefined {
  if (input === undefined || input === null || input === '') return undefined;
  const list = (Array.isArray(input) ? input : [input]).filter((x) => x !== '');
  if (!list.every((x) => isUuid(x))) {
    errors.push({ field, message: `${field} must be partnership ids` });
    return undefined;
  }
  return (list as string[]).map((x) => x.toLowerCase());
}

/**
 * Compare partnerships (the National Board): what the releases publish, each indicator over time
 * per partnership with the national figure, a period's ranking with its caveats, and one
 * partnership's figures per local authority. Read only as the board role (`UnitOfWork.forBoard`)
 * through the ReleasesStore, the latest version of each release; a suppressed figure is only ever
 * its GSS symbol.
 */
@Injectable()
export class ComparisonService {
  constructor(
    private readonly auth: AuthContext,
    private readonly uow: UnitOfWork,
    private readonly releases: ReleasesStore,
  ) {}

  /** The indicators the releases publish, with how many partnerships and which periods. */
  async indicators(): Promise<PublishedIndicator[]> {
    this.requireRead();
    return this.uow.forBoard((m) => this.published(m));
  }

  /** An indicator over the periods asked for (default: every period published, at most twelve up to the latest). */
  async series(
    codeInput: unknown,
    q: { from?: unknown; to?: unknown; partnershipIds?: unknown } = {},
  ): Promise<ComparisonSeries> {
    this.requireRead();
    const code = readIndicatorCode(codeInput);
    const errors: FieldError[] = [];
    const from = readPeriod(q.from, 'from', errors);
    const to = readPeriod(q.to, 'to', errors);
    const show = readPartnershipIds(q.partnershipIds, 'partnershipIds', errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    if (from && to && from.from > to.from)
      throw new InvalidFieldsException([{ field: 'from', message: 'from must not be after to' }]);
    return this.uow.forBoard(async (m) => {
      const indicator = await this.indicator(m, code);
      const published = (await this.releases.periods(m, code)).map((c) => parsePeriod(c)!);
      const last = to ?? published[0];
      let first = from;
      if (!first) {
        const within = published.filter((p) => p.from <= last.from);
        first = within[Math.min(within.length, MAX_COMPARISON_PERIODS) - 1] ?? last;
      }
      if (first.from > last.from)
        throw new InvalidFieldsException([{ field: 'from', message: 'from must not be after to' }]);
      const periods = periodsBetween(first, last);
      if (periods.length > MAX_COMPARISON_PERIODS)
        throw new InvalidFieldsException([
          { field: 'from', message: `Ask for at most ${MAX_COMPARISON_PERIODS} terms from from to to` },
        ]);
      const releases = await this.releases.latest(
        m,
        periods.map((p) => p.code),
      );
      const figures = await this.releases.figures(
        m,
        releases.map((r) => r.id),
        { indicatorCode: code, level: 'partnership' },
      );
      return buildComparisonSeries(indicator, periods, releases, figures, show);
    });
  }

  /** A period's ranking (default: the latest period with the indicator), with its caveats. */
  async ranking(codeInput: unknown, periodInput?: unknown): Promise<Ranking> {
    this.requireRead();
    const code = readIndicatorCode(codeInput);
    const errors: FieldError[] = [];
    const asked = readPeriod(periodInput, 'period', errors);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.uow.forBoard(async (m) => {
      const indicator = await this.indicator(m, code);
      const period = asked ?? parsePeriod((await this.releases.periods(m, code))[0])!;
      const releases = await this.releases.latest(m, [period.code]);
      const figures = await this.releases.figures(
        m,
        releases.map((r) => r.id),
        { indicatorCode: code, level: 'partnership' },
      );
      const partnerships = await this.releases.partnerships(m);
      return rankingOf(
        indicator,
        period,
        partnerships.map((p) => {
          const r = releases.find((x) => x.partnershipId === p.id);
          const f = r ? figures.find((x) => x.releaseId === r.id) : undefined;
          return { partnershipId: p.id, partnershipName: r?.partnershipName ?? p.name, figure: f ?? null };
        }),
      );
    });
  }

  /** One partnership's figures per local authority for a period (default: its latest period with the indicator). */
  async localAuthorities(
    codeInput: unknown,
    q: { period?: unknown; partnershipId?: unknown },
  ): Promise<LocalAuthorityDrillDown> {
    this.requireRead();
    const code = readIndicatorCode(codeInput);
    const errors: FieldError[] = [];
    const asked = readPeriod(q.period, 'period', errors);
    const partnershipId = typeof q.partnershipId === 'string' ? q.partnershipId.trim().toLowerCase() : '';
    if (!isUuid(partnershipId))
      errors.push({ field: 'partnershipId', message: 'partnershipId must be a partnership id' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.uow.forBoard(async (m) => {
      const indicator = await this.indicator(m, code);
      const partnership = (await this.releases.partnerships(m)).find((p) => p.id === partnershipId);
      if (!partnership) throw new NotFoundException(problem(404, 'No partnership has published under that id.'));
      let release = null;
      if (asked) {
        release = (await this.releases.latest(m, [asked.code])).find((r) => r.partnershipId === partnershipId) ?? null;
      } else {
        // the newest period whose latest release has the indicator
        const all = (await this.releases.latest(m)).filter((r) => r.partnershipId === partnershipId).reverse();
        const withIt = await this.releases.figures(
          m,
          all.map((r) => r.id),
          { indicatorCode: code, level: 'partnership' },
        );
        release = all.find((r) => withIt.some((f) => f.releaseId === r.id)) ?? null;
      }
      if (!release)
        throw new NotFoundException(problem(404, 'That partnership has published no release for that period.'));
      const figures = await this.releases.figures(m, [release.id], { indicatorCode: code });
      const own = figures.find((f) => f.level === 'partnership');
      const las = figures.filter((f) => f.level === 'local_authority');
      const shown = (f: ReleaseFigureRow) => ({
        value: f.value,
        symbol: f.symbol,
        symbolMeaning: f.symbol ? GSS_SYMBOLS[f.symbol] : null,
        numerator: f.numerator,
        denominator: f.denominator,
      });
      return {
        indicator,
        period: parsePeriod(release.periodCode)!,
        partnership: { id: partnership.id, name: release.partnershipName },
        release: { id: release.id, version: release.version, publishedAt: new Date(release.publishedAt).toISOString() },
        partnershipFigure: own ? shown(own) : null,
        localAuthorityFiguresPublished: las.length > 0,
        localAuthorities: las
          .map((f) => ({ laNumber: f.laNumber!, gssCode: f.gssCode!, laName: f.laName!, ...shown(f) }))
          .sort((a, b) => a.laName.localeCompare(b.laName)),
      };
    });
  }

  /** The partnerships that ever published (to choose from), named by their newest release. */
  async partnerships(): Promise<{ id: string; name: string }[]> {
    this.requireRead();
    return this.uow.forBoard((m) => this.releases.partnerships(m));
  }

  private async published(m: EntityManager): Promise<PublishedIndicator[]> {
    const names = await this.releases.indicators(m);
    const coverage = await this.releases.indicatorCoverage(m);
    return coverage
      .map((c): PublishedIndicator => {
        const n = names.find((x) => x.code === c.code)!;
        return { ...c, name: n.name, unit: n.unit };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private async indicator(m: EntityManager, code: string): Promise<ComparisonSeries['indicator']> {
    const found = (await this.releases.indicators(m)).find((i) => i.code === code);
    if (!found) throw new NotFoundException(problem(404, 'No release publishes that indicator.'));
    return { code: found.code, name: found.name, unit: found.unit };
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'NationalRelease'))
      throw new ForbiddenException(problem(403, 'Only the National Board compares partnerships.'));
  }
}
