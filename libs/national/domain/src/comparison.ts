import { parsePeriod, previousPeriod, ReturnPeriod } from '@rep-hub/reference';
import type {
  ComparisonPoint,
  ComparisonSeries,
  GssSymbol,
  IndicatorUnit,
  NationalPoint,
  PartnershipSeries,
  RankBand,
  Ranking,
  RankingEntry,
} from './comparison.model';
import type { ReleaseFigureRow, ReleaseRow } from './releases.store';

/** The GSS symbols a release may show in place of a value, and what each means. */
export const GSS_SYMBOLS: Readonly<Record<GssSymbol, string>> = {
  c: 'Suppressed (confidential)',
  x: 'Not available',
  z: 'Not applicable',
  low: 'Rounds to zero',
};

/** The symbols in words, as a pack's key lists them ("c: suppressed (confidential)"). */
export const GSS_KEY: readonly string[] = Object.entries(GSS_SYMBOLS).map(([k, v]) => `${k}: ${v.toLowerCase()}`);

/** How the national figure is formed, per unit: the text every page and response repeats. */
export const NATIONAL_METHOD: Readonly<Record<IndicatorUnit, string>> = {
  percentage:
    'The national figure is the sum of the numerators shown over the sum of the denominators shown, over the partnerships that show both; a partnership whose numerator or denominator is suppressed is left out, and the number left out is given.',
  count:
    'The national figure is the sum of the counts shown. A suppressed count is left out, so the sum is then a lower bound; the number left out is given.',
  days: 'Figures in days are combined only where denominators (the number of cases each figure is over) are shown: the national figure is then the mean weighted by those denominators, over the partnerships that show both a value and a denominator. It is exact for means; for medians it is an approximation. Where no partnership shows a denominator, the figures are not combined.',
};

/** The most periods a comparison covers. */
export const MAX_COMPARISON_PERIODS = 12;

/** An indicator code as releases carry it (`module.name`). */
export const INDICATOR_CODE = /^[a-z][a-z0-9]*(\.[a-z0-9_]+)+$/;

const round1 = (v: number) => Math.round(v * 10) / 10;
const plural = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;

/** The periods from `from` to `to`, oldest first (at most MAX_COMPARISON_PERIODS + 1, so a caller can tell too many). */
export function periodsBetween(from: ReturnPeriod, to: ReturnPeriod): ReturnPeriod[] {
  const out: ReturnPeriod[] = [];
  for (let p = to; p.from >= from.from && out.length <= MAX_COMPARISON_PERIODS; p = previousPeriod(p)) out.unshift(p);
  return out;
}

/** A short label for an axis at 320px: "Aut 2026", "Spr 2027", "Sum 2027" (the calendar year the term starts in). */
export function shortPeriodLabel(code: string): string {
  const p = parsePeriod(code);
  if (!p) return code;
  const term = code.slice(code.lastIndexOf('-') + 1);
  return `${term.slice(0, 3).replace(/^./, (c) => c.toUpperCase())} ${p.from.slice(0, 4)}`;
}

/** A figure as the national figure reads it. */
export type FigureParts = Pick<ComparisonPoint, 'value' | 'symbol' | 'numerator' | 'denominator'>;

/**
 * The national figure for one period from the partnerships' published figures (one each):
 * - percentage: Σ shown numerators / Σ shown denominators over partnerships showing both (and a denominator above 0);
 * - count: Σ shown values; a suppressed count is left out (the sum is then a lower bound);
 * - days: the denominator-weighted mean of values over partnerships showing both value and
 *   denominator; 'not combined' when none shows a denominator.
 */
export function nationalFigure(
  unit: IndicatorUnit,
  periodCode: string,
  figures: readonly FigureParts[],
): NationalPoint {
  const base = { periodCode, value: null, numerator: null, denominator: null } as const;
  if (figures.length === 0)
    return {
      ...base,
      method: 'none',
      partnershipsIncluded: 0,
      partnershipsLeftOut: 0,
      note: 'No partnership published this indicator for the period.',
    };
  const leftOutNote = (n: number, why: string) =>
    n ? ` ${plural(n, 'partnership was', 'partnerships were')} left out (${why}).` : '';

  if (unit === 'percentage') {
    const both = figures.filter((f) => f.numerator !== null && f.denominator !== null && f.denominator > 0);
    const left = figures.length - both.length;
    if (!both.length)
      return {
        ...base,
        method: 'none',
        partnershipsIncluded: 0,
        partnershipsLeftOut: left,
        note: `No national figure: no partnership shows both a numerator and a denominator.${leftOutNote(left, 'suppressed or not shown')}`,
      };
    const numerator = both.reduce((s, f) => s + (f.numerator ?? 0), 0);
    const denominator = both.reduce((s, f) => s + (f.denominator ?? 0), 0);
    return {
      periodCode,
      numerator,
      denominator,
      value: round1((numerator / denominator) * 100),
      method: 'ratio_of_sums',
      partnershipsIncluded: both.length,
      partnershipsLeftOut: left,
      note: `${numerator.toLocaleString('en-GB')} of ${denominator.toLocaleString('en-GB')} over ${plural(both.length, 'partnership', 'partnerships')}.${leftOutNote(left, 'suppressed or not shown')}`,
    };
  }

  if (unit === 'count') {
    const shown = figures.filter((f) => f.value !== null);
    const left = figures.length - shown.length;
    const sum = shown.reduce((s, f) => s + (f.value ?? 0), 0);
    return {
      periodCode,
      numerator: shown.length ? sum : null,
      denominator: null,
      value: shown.length ? sum : null,
      method: shown.length ? 'sum' : 'none',
      partnershipsIncluded: shown.length,
      partnershipsLeftOut: left,
      note: shown.length
        ? `The sum over ${plural(shown.length, 'partnership', 'partnerships')}.${leftOutNote(left, 'suppressed or not shown, so the sum is a lower bound')}`
        : `No national figure: every partnership’s count is suppressed or not shown.`,
    };
  }

  // days
  const weighted = figures.filter((f) => f.value !== null && f.denominator !== null && f.denominator > 0);
  if (!weighted.length)
    return {
      ...base,
      method: 'not_combined',
      partnershipsIncluded: 0,
      partnershipsLeftOut: figures.length,
      note: 'Not combined: figures in days cannot be added up, and no partnership shows the denominator a weighted mean needs.',
    };
  const denominator = weighted.reduce((s, f) => s + (f.denominator ?? 0), 0);
  const total = weighted.reduce((s, f) => s + (f.value ?? 0) * (f.denominator ?? 0), 0);
  const left = figures.length - weighted.length;
  return {
    periodCode,
    numerator: null,
    denominator,
    value: round1(total / denominator),
    method: 'weighted_mean',
    partnershipsIncluded: weighted.length,
    partnershipsLeftOut: left,
    note: `The mean weighted by ${denominator.toLocaleString('en-GB')} cases over ${plural(weighted.length, 'partnership', 'partnerships')}.${leftOutNote(left, 'suppressed, or no denominator shown')}`,
  };
}

/**
 * The 95% Wilson score interval of a proportion `numerator / denominator`, in percent (one
 * decimal). Unlike the normal approximation it stays within 0–100 and behaves for small
 * denominators and proportions near 0 or 1.
 */
export function wilsonInterval(numerator: number, denominator: number, z = 1.959964): { low: number; high: number } {
  if (denominator <= 0) throw new RangeError('A Wilson interval needs a denominator above 0');
  const n = denominator;
  const p = numerator / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: round1(Math.max(0, centre - half) * 100), high: round1(Math.min(1, centre + half) * 100) };
}

/** Where an interval stands against the national figure: above it, below it, or overlapping it (similar). */
export function bandOf(interval: { low: number; high: number }, national: number): 'above' | 'similar' | 'below' {
  if (interval.low > national) return 'above';
  if (interval.high < national) return 'below';
  return 'similar';
}

export const RANK_BAND_TEXT: Readonly<Record<RankBand, string>> = {
  above: 'Above the national figure',
  similar: 'Similar to the national figure',
  below: 'Below the national figure',
  not_assessed: 'Not assessed (numerator or denominator not shown)',
  suppressed: 'Suppressed',
  not_published: 'Not published',
  not_ranked: 'Not ranked',
};

const BAND_ORDER: RankBand[] = [
  'above',
  'similar',
  'below',
  'not_assessed',
  'not_ranked',
  'suppressed',
  'not_published',
];

const CAVEATS = {
  percentage: [
    'Each partnership’s figure has a 95% confidence interval (Wilson score). A partnership is “above” or “below” the national figure only when its whole interval is; otherwise it is “similar to” it. Within a band the order is by value and means little.',
    'The intervals allow for chance variation in each partnership’s numbers only: not for differences in their populations, in how the figure is recorded, or in data quality.',
    'The national figure includes each partnership compared with it, which makes “similar” a little likelier for the largest partnerships.',
    'With many partnerships compared at once, one may fall outside by chance alone.',
    'Suppressed figures are not ranked, and a partnership without a shown numerator and denominator cannot be assessed.',
  ],
  count: [
    'Counts are not ranked by size: without a denominator (the population each count is out of), a larger count may mean only a larger partnership. They are listed by name.',
    'Suppressed counts are shown as their symbol, never as a number.',
  ],
  days: [
    'Figures in days are not ranked: no measure of their spread is published, so a difference between partnerships cannot be told from chance. They are listed by name.',
    'Suppressed figures are shown as their symbol, never as a number.',
  ],
} as const;

/**
 * A period's ranking: percentages banded against the national figure by their Wilson interval;
 * counts and days listed by name, never ranked by size.
 */
export function rankingOf(
  indicator: Ranking['indicator'],
  period: ReturnPeriod,
  partnerships: readonly { partnershipId: string; partnershipName: string; figure: FigureParts | null }[],
): Ranking {
  const published = partnerships.filter((p) => p.figure !== null).map((p) => p.figure as FigureParts);
  const national = nationalFigure(indicator.unit, period.code, published);
  const ranked = indicator.unit === 'percentage';
  const entries = partnerships.map((p): RankingEntry => {
    const f = p.figure;
    const entry = {
      partnershipId: p.partnershipId,
      partnershipName: p.partnershipName,
      value: f?.value ?? null,
      symbol: f?.symbol ?? null,
      numerator: f?.numerator ?? null,
      denominator: f?.denominator ?? null,
      interval: null,
    };
    if (!f) return { ...entry, band: 'not_published' };
    if (f.value === null) return { ...entry, band: 'suppressed' };
    if (!ranked) return { ...entry, band: 'not_ranked' };
    if (f.numerator === null || f.denominator === null || f.denominator <= 0 || national.value === null)
      return { ...entry, band: 'not_assessed' };
    const interval = wilsonInterval(f.numerator, f.denominator);
    return { ...entry, interval, band: bandOf(interval, national.value) };
  });
  entries.sort(
    (a, b) =>
      BAND_ORDER.indexOf(a.band) - BAND_ORDER.indexOf(b.band) ||
      (ranked ? (b.value ?? -Infinity) - (a.value ?? -Infinity) : 0) ||
      a.partnershipName.localeCompare(b.partnershipName),
  );
  return { indicator, period, national, ranked, entries, caveats: [...CAVEATS[indicator.unit]] };
}

/**
 * An indicator over time from the latest releases: one series per partnership (the ones in
 * `show`, or all) and the national figure of each period over every partnership. A pure
 * function, so a board pack can build the same series from the releases it names.
 */
export function buildComparisonSeries(
  indicator: ComparisonSeries['indicator'],
  periods: readonly ReturnPeriod[],
  releases: readonly ReleaseRow[],
  figures: readonly ReleaseFigureRow[],
  show?: readonly string[],
): ComparisonSeries {
  const codes = new Set(periods.map((p) => p.code));
  // the latest version of each partnership's release per period, whatever order they came in
  const latest = new Map<string, ReleaseRow>();
  for (const r of releases) {
    if (!codes.has(r.periodCode)) continue;
    const key = `${r.partnershipId} ${r.periodCode}`;
    const had = latest.get(key);
    if (!had || had.version < r.version) latest.set(key, r);
  }
  const byRelease = new Map<string, ReleaseFigureRow>();
  for (const f of figures)
    if (f.indicatorCode === indicator.code && f.level === 'partnership') byRelease.set(f.releaseId, f);

  // names as the partnership's newest release gives them
  const names = new Map<string, { name: string; from: string }>();
  for (const r of latest.values()) {
    const had = names.get(r.partnershipId);
    if (!had || had.from < r.periodFrom) names.set(r.partnershipId, { name: r.partnershipName, from: r.periodFrom });
  }

  const all: PartnershipSeries[] = [...names.entries()]
    .map(([partnershipId, { name }]) => ({
      partnershipId,
      partnershipName: name,
      points: periods.map((p): ComparisonPoint => {
        const r = latest.get(`${partnershipId} ${p.code}`);
        const f = r ? byRelease.get(r.id) : undefined;
        return {
          periodCode: p.code,
          published: !!f,
          value: f?.value ?? null,
          symbol: f?.symbol ?? null,
          numerator: f?.numerator ?? null,
          denominator: f?.denominator ?? null,
          releaseId: f ? r!.id : null,
          releaseVersion: f ? r!.version : null,
        };
      }),
    }))
    // a partnership that never published this indicator in these periods is not a line
    .filter((s) => s.points.some((x) => x.published))
    .sort((a, b) => a.partnershipName.localeCompare(b.partnershipName));

  const national = periods.map((p, i) =>
    nationalFigure(
      indicator.unit,
      p.code,
      all.map((s) => s.points[i]).filter((x) => x.published),
    ),
  );
  return {
    indicator,
    periods: [...periods],
    partnerships: show ? all.filter((s) => show.includes(s.partnershipId)) : all,
    national,
    method: NATIONAL_METHOD[indicator.unit],
  };
}

/**
 * One formatter for every figure: `toLocaleString` with options builds a new `Intl.NumberFormat`
 * at each call (about 30 µs), which a comparison page's hundreds of figures paid per request.
 */
const FIGURE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A figure for people: the value with its unit, or the symbol's meaning. */
export function showFigure(
  f: { value: number | null; symbol: GssSymbol | null; published?: boolean },
  unit: IndicatorUnit,
): string {
  if (f.published === false) return 'Not published';
  if (f.value === null) return f.symbol ? `${GSS_SYMBOLS[f.symbol]} [${f.symbol}]` : 'Not combined';
  const n = FIGURE.format(f.value);
  return unit === 'percentage' ? `${n}%` : unit === 'days' ? `${n} days` : n;
}
