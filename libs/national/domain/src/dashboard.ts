import type { IndicatorDefinition } from '@rep-hub/contracts';
import { NATIONAL_METHOD, nationalFigure } from './comparison';
import type { IndicatorUnit, NationalPoint } from './comparison.model';
import type {
  DashboardFigure,
  DashboardLocalAuthority,
  DashboardPeriod,
  IndicatorDashboard,
  IndicatorMeaning,
  PartnershipFigure,
} from './dashboard.model';
import type { DashboardRow } from './dashboard.store';

/** A GSS code of a local authority in England, as releases carry it. */
export const GSS_CODE = /^E[0-9]{8}$/;

/** An indicator's definition as the modules of this REP Hub give it (IndicatorRegistry.described()). */
export interface KnownDefinition {
  module: string;
  computed: boolean;
  definition: IndicatorDefinition;
}

/** What an indicator's coverage is, from the releases. */
export interface Coverage {
  name: string;
  unit: IndicatorUnit;
  partnerships: number;
  firstPeriod: DashboardPeriod;
  lastPeriod: DashboardPeriod;
  localAuthorityFigures: boolean;
  /** Whether any partnership corrected a release with a figure for it (the dashboard shows the latest version). */
  corrected?: boolean;
}

const UNIT_CAVEAT: Record<IndicatorUnit, string> = {
  percentage:
    'A percentage over a small number of children can move a long way from one term to the next: read it with its numerator and denominator.',
  count:
    'A count depends on the size of the area: a larger count may mean only a larger partnership or local authority, so compare counts with care.',
  days: 'Figures in days cannot be added up across partnerships: the national figure is a weighted mean only where partnerships publish how many cases each figure is over.',
};

/** The words of a module's name ("alternative-provision" → "alternative provision"). */
const moduleWords = (module: string) => module.replace(/[-_]+/g, ' ');

/**
 * What an indicator means, in plain English, with its caveats and coverage: REP Hub's own
 * definition where a module of this app defines it, otherwise the name it was published under and
 * a caveat saying its meaning is not known here.
 */
export function indicatorMeaning(
  code: string,
  coverage: Coverage,
  known: KnownDefinition | undefined,
): IndicatorMeaning {
  const d = known?.definition;
  const source = !known
    ? 'Published by the partnerships. REP Hub has no definition of it.'
    : known.computed
      ? `Worked out by REP Hub from the ${moduleWords(known.module)} records each partnership keeps in it.`
      : d?.source
        ? `${d.source.replace(/\.$/, '')}, entered in REP Hub by each local authority.`
        : 'Entered in REP Hub by each local authority.';
  const periods =
    coverage.firstPeriod.code === coverage.lastPeriod.code
      ? `for ${coverage.firstPeriod.name}`
      : `from ${coverage.firstPeriod.name} to ${coverage.lastPeriod.name}`;
  const caveats = [
    'These are the partnerships’ own published returns, not official statistics. They have not been checked by the Department for Education or quality assured as official statistics are.',
    'Small numbers are withheld to protect children’s privacy: a count from 1 to 4, and any figure from which one could be worked out, is shown as c (suppressed) instead of a number.',
    `Published by ${coverage.partnerships} ${coverage.partnerships === 1 ? 'partnership' : 'partnerships'} ${periods}. A partnership with no figure for a term did not publish one.` +
      (coverage.localAuthorityFigures ? '' : ' No partnership publishes it for each local authority.'),
    UNIT_CAVEAT[coverage.unit],
    ...(coverage.corrected
      ? [
          'A partnership corrected a release with this indicator: only the latest version of each release is shown here. The open data keeps every version and what changed.',
        ]
      : []),
    ...(known ? [] : ['REP Hub has no description of this indicator: its name is the one the partnerships published.']),
  ];
  return {
    code,
    name: d?.name ?? coverage.name,
    unit: coverage.unit,
    defined: !!known,
    numerator: d?.numerator ?? null,
    denominator: d?.denominator ?? null,
    direction: d?.direction ?? 'unknown',
    source,
    caveats,
    coverage: {
      partnerships: coverage.partnerships,
      firstPeriod: coverage.firstPeriod,
      lastPeriod: coverage.lastPeriod,
      localAuthorityFigures: coverage.localAuthorityFigures,
    },
  };
}

const periodOf = (r: DashboardRow): DashboardPeriod => ({
  code: r.periodCode,
  name: r.periodName,
  from: r.periodFrom,
  to: r.periodTo,
});

/** The terms of these rows, oldest first (each once). */
export function periodsOf(rows: readonly DashboardRow[]): DashboardPeriod[] {
  const out = new Map<string, DashboardPeriod>();
  for (const r of rows) if (!out.has(r.periodCode)) out.set(r.periodCode, periodOf(r));
  return [...out.values()].sort((a, b) => a.from.localeCompare(b.from));
}

/** The coverage of one indicator from its rows (all of them, every partnership). */
export function coverageOf(rows: readonly DashboardRow[]): Coverage | null {
  if (!rows.length) return null;
  const periods = periodsOf(rows);
  const newest = rows.reduce((a, b) => (new Date(b.publishedAt) > new Date(a.publishedAt) ? b : a));
  return {
    name: newest.indicatorName,
    unit: newest.unit,
    partnerships: new Set(rows.map((r) => r.partnershipId)).size,
    firstPeriod: periods[0],
    lastPeriod: periods[periods.length - 1],
    localAuthorityFigures: rows.some((r) => r.level === 'local_authority'),
    corrected: rows.some((r) => r.releaseVersion > 1),
  };
}

export const figureOf = (r: DashboardRow): DashboardFigure => ({
  periodCode: r.periodCode,
  value: r.value,
  symbol: r.symbol,
  numerator: r.numerator,
  denominator: r.denominator,
});

export const partnershipFigureOf = (r: DashboardRow): PartnershipFigure => ({
  ...figureOf(r),
  releaseId: r.releaseId,
  releaseVersion: r.releaseVersion,
});

/** The national figure of each term from the partnership-level rows of one indicator. */
export function nationalSeries(
  unit: IndicatorUnit,
  periods: readonly DashboardPeriod[],
  partnershipRows: readonly DashboardRow[],
): NationalPoint[] {
  return periods.map((p) =>
    nationalFigure(unit, p.code, partnershipRows.filter((r) => r.periodCode === p.code).map(figureOf)),
  );
}

/** LAs of these rows (LA-level only), each with its figures in term order, by name. */
export function localAuthoritiesOf(rows: readonly DashboardRow[]): DashboardLocalAuthority[] {
  const out = new Map<string, DashboardLocalAuthority>();
  for (const r of rows) {
    if (r.level !== 'local_authority' || !r.gssCode) continue;
    let la = out.get(r.gssCode);
    if (!la) out.set(r.gssCode, (la = { gssCode: r.gssCode, laNumber: r.laNumber!, name: r.laName!, figures: [] }));
    la.name = r.laName ?? la.name; // rows come oldest first: the newest name wins
    la.figures.push(figureOf(r));
  }
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Partnerships named as their newest release names them, by name. */
export function partnershipNames(rows: readonly DashboardRow[]): { id: string; name: string }[] {
  const out = new Map<string, { name: string; from: string }>();
  for (const r of rows) {
    const had = out.get(r.partnershipId);
    if (!had || had.from <= r.periodFrom) out.set(r.partnershipId, { name: r.partnershipName, from: r.periodFrom });
  }
  return [...out.entries()]
    .map(([id, { name }]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** One indicator over every term: each partnership with its LAs, and the national figure (a pure function of its rows). */
export function buildIndicatorDashboard(
  indicator: IndicatorMeaning,
  rows: readonly DashboardRow[],
): IndicatorDashboard {
  const periods = periodsOf(rows);
  const own = rows.filter((r) => r.level === 'partnership');
  return {
    indicator,
    periods,
    partnerships: partnershipNames(rows).map((p) => ({
      ...p,
      figures: own.filter((r) => r.partnershipId === p.id).map(partnershipFigureOf),
      localAuthorities: localAuthoritiesOf(rows.filter((r) => r.partnershipId === p.id)),
    })),
    national: nationalSeries(indicator.unit, periods, own),
    nationalMethod: NATIONAL_METHOD[indicator.unit],
  };
}

/** Published data only: kept a few minutes by browsers and proxies (a web page only as seen signed out). */
/** One indicator's dashboard from its rows (`DashboardStore.indicatorRows`), or null when no partnership publishes it. */
export function indicatorDashboardOf(
  code: string,
  rows: readonly DashboardRow[],
  known: KnownDefinition | undefined,
): IndicatorDashboard | null {
  const coverage = coverageOf(rows);
  return coverage ? buildIndicatorDashboard(indicatorMeaning(code, coverage, known), rows) : null;
}

export const DASHBOARD_CACHE = 'public, max-age=300';
