import type { PublishedSymbol, PublishedUnit } from '@rep-hub/contracts';
import type { ReturnPeriod } from '@rep-hub/reference';

/** A published figure's unit (the national release contract's). */
export type IndicatorUnit = PublishedUnit;
/** The GSS symbol a published figure shows in place of its value (the national release contract's). */
export type GssSymbol = PublishedSymbol;

/** An indicator as the releases publish it. */
export interface PublishedIndicator {
  code: string;
  name: string;
  unit: IndicatorUnit;
  /** Partnerships whose latest release of some period has a figure for it. */
  partnerships: number;
  firstPeriod: string;
  lastPeriod: string;
  /** Whether any release has figures for it per local authority. */
  localAuthorityFigures: boolean;
}

/** One partnership's published figure for one period (latest version of its release). */
export interface ComparisonPoint {
  periodCode: string;
  /** false: the partnership published no release for the period, or its release has no figure for the indicator. */
  published: boolean;
  value: number | null;
  symbol: GssSymbol | null;
  numerator: number | null;
  denominator: number | null;
  releaseId: string | null;
  releaseVersion: number | null;
}

export interface PartnershipSeries {
  partnershipId: string;
  partnershipName: string;
  points: ComparisonPoint[];
}

/**
 * How the national figure was formed: the ratio of summed numerators to summed denominators (a
 * percentage), the sum of shown values (a count), a denominator-weighted mean (days, when
 * denominators are shown), not combined (days without denominators), or none (nothing to combine).
 */
export type NationalMethod = 'ratio_of_sums' | 'sum' | 'weighted_mean' | 'not_combined' | 'none';

export interface NationalPoint {
  periodCode: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  method: NationalMethod;
  /** Partnerships whose figure went into the national figure. */
  partnershipsIncluded: number;
  /** Partnerships that published the indicator for the period but were left out (suppressed or without what the method needs). */
  partnershipsLeftOut: number;
  /** The national figure's method and what it left out, in words. */
  note: string;
}

/** An indicator over time: one series per partnership and the national figure. */
export interface ComparisonSeries {
  indicator: { code: string; name: string; unit: IndicatorUnit };
  periods: ReturnPeriod[];
  partnerships: PartnershipSeries[];
  national: NationalPoint[];
  /** How the national figure is formed for this unit, in words. */
  method: string;
}

/** Where a partnership stands against the national figure. */
export type RankBand = 'above' | 'similar' | 'below' | 'not_assessed' | 'suppressed' | 'not_published' | 'not_ranked';

export interface RankingEntry {
  partnershipId: string;
  partnershipName: string;
  value: number | null;
  symbol: GssSymbol | null;
  numerator: number | null;
  denominator: number | null;
  /** The 95% Wilson score interval of a percentage (null when not a percentage or not shown). */
  interval: { low: number; high: number } | null;
  band: RankBand;
}

export interface Ranking {
  indicator: { code: string; name: string; unit: IndicatorUnit };
  period: ReturnPeriod;
  national: NationalPoint;
  /** false for counts and days: listed, never ranked by size. */
  ranked: boolean;
  entries: RankingEntry[];
  /** What a reader must know before reading anything into the order. */
  caveats: string[];
}

export interface LocalAuthorityFigure {
  laNumber: string;
  gssCode: string;
  laName: string;
  value: number | null;
  symbol: GssSymbol | null;
  /** The symbol's GSS meaning in words (null when a value is shown). */
  symbolMeaning: string | null;
  numerator: number | null;
  denominator: number | null;
}

export interface LocalAuthorityDrillDown {
  indicator: { code: string; name: string; unit: IndicatorUnit };
  period: ReturnPeriod;
  partnership: { id: string; name: string };
  release: { id: string; version: number; publishedAt: string };
  /** The partnership's own figure in that release. */
  partnershipFigure: Omit<LocalAuthorityFigure, 'laNumber' | 'gssCode' | 'laName'> | null;
  /** false: the release published no figure per LA for this indicator (`localAuthorities` is empty). */
  localAuthorityFiguresPublished: boolean;
  localAuthorities: LocalAuthorityFigure[];
}

/** One partnership's return for a period, as the board sees its completeness and timeliness. */
export interface PartnershipReturn {
  partnershipId: string;
  partnershipName: string;
  published: boolean;
  /** The latest version's release. */
  releaseId: string | null;
  version: number | null;
  /** The first version's publication day (UK date): what timeliness is judged on. */
  firstPublishedOn: string | null;
  /** The latest version's publication day when it is a correction. */
  correctedOn: string | null;
  onTime: boolean | null;
  /** Days after the due date the first version came (0 when on time); null when not published. */
  daysLate: number | null;
  /** Not published and the due date has passed. */
  overdue: boolean;
  /** Partnership-level figures of the latest version: with a value, and with a symbol in its place. */
  indicatorsWithValue: number;
  indicatorsWithSymbol: number;
  symbols: Record<GssSymbol, number>;
}

export interface ReturnsOverview {
  period: ReturnPeriod;
  dueOn: string;
  summary: { expected: number; published: number; onTime: number; late: number; notPublished: number; overdue: number };
  partnerships: PartnershipReturn[];
  /** The periods any partnership published, newest first (to choose another). */
  periods: ReturnPeriod[];
}
