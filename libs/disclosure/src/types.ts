/**
 * What a release is, before and after control. The library knows no domain: a release is tables of
 * counts, rates and other statistics with their dimensions (a local authority, a partnership, a
 * period, a breakdown…) and the sums that hold between them.
 */

/** GSS symbols (as used by DfE's explore education statistics and StatsWales). */
export const GSS = {
  /** confidential: suppressed to protect confidentiality */
  suppressed: 'c',
  /** not available */
  notAvailable: 'x',
  /** not applicable (a rate over nothing, a breakdown that does not apply) */
  notApplicable: 'z',
  /** a value that rounds to zero but is not zero */
  low: 'low',
} as const;
export type GssSymbol = (typeof GSS)[keyof typeof GSS];

/** A figure as it is published: a number, or a GSS symbol in its place. */
export type PublishedValue = number | GssSymbol;

/** The value of a cell before control: a number, or `x` / `z` when there is none. */
export type SourceValue = number | typeof GSS.notAvailable | typeof GSS.notApplicable;

/** One dimension of a table; `total`, when given, is the value of it that is the sum of the others. */
export interface DimensionInput {
  name: string;
  total?: string;
}

/** Where a cell sits: a value for every dimension of its table. */
export type Coordinates = Record<string, string>;

/** A count of people or events (whole, 0 or more): suppressed when small. */
export interface CountCellInput {
  at: Coordinates;
  count: SourceValue;
}

/**
 * A rate over two counts of the same release, computed here (percentage by default): suppressed
 * when either count is, `z` when the denominator is 0, `low` when it rounds to 0 but is not 0.
 */
export interface RateCellInput {
  at: Coordinates;
  rate: { numerator: CellRef; denominator: CellRef; per?: number; decimals?: number };
}

/**
 * Any other statistic (a median, a mean) computed from people counted in some count cells:
 * published only when every one of those counts is.
 */
export interface StatisticCellInput {
  at: Coordinates;
  statistic: SourceValue;
  dependsOn: CellRef[];
}

export type CellInput = CountCellInput | RateCellInput | StatisticCellInput;

/** A table; its `dimensions` with a `total` make sums of its count cells by themselves. */
export interface TableInput {
  name: string;
  dimensions: DimensionInput[];
  cells: CellInput[];
}

/** A cell of a release, by its table and coordinates. */
export interface CellRef {
  table: string;
  at: Coordinates;
}

/** A sum that holds between count cells, beside those a table's totals make (across tables, or a breakdown beside its parent). */
export interface SumInput {
  total: CellRef;
  parts: CellRef[];
}

export interface ReleaseInput {
  /** The kind of release: chooses the rules (threshold, rounding). */
  kind: string;
  /** Which version of this release (1, 2…); a correction is controlled with the earlier ones. */
  version?: number;
  tables: TableInput[];
  sums?: SumInput[];
}

/** The rules of a kind of release. */
export interface DisclosureRules {
  /** Counts from 1 to threshold − 1 are suppressed; 0 is shown (default 5: 1 to 4 suppressed). */
  threshold: number;
  /** When set, every count that is a total of a sum is published rounded to the nearest multiple of this. */
  roundTotalsTo?: number;
  /** Decimal places of rates (default 1). */
  rateDecimals?: number;
}

export const DEFAULT_RULES: DisclosureRules = { threshold: 5 };

/** Why a cell shows a symbol (or a rounded value). */
export type ControlReason =
  | 'primary' // a count from 1 to threshold − 1
  | 'secondary' // suppressed so that no primary cell can be worked out
  | 'earlier-version' // suppressed in an earlier version of the release
  | 'dependent' // a rate or statistic over a suppressed count
  | 'rounded' // a total, rounded
  | 'source'; // x or z as given, or z for a rate over 0

export interface ControlledCell {
  table: string;
  at: Coordinates;
  /** `count`, `rate` or `statistic`. */
  type: 'count' | 'rate' | 'statistic';
  value: PublishedValue;
  reason?: ControlReason;
}

/** What was done to a release, in figures and in words; it travels with every copy. */
export interface MethodNote {
  threshold: number;
  roundTotalsTo: number | null;
  primary: number;
  secondary: number;
  earlierVersion: number;
  dependent: number;
  rounded: number;
  low: number;
  version: number;
  earlierVersions: number[];
  /** The note in plain words, one paragraph per line. */
  lines: string[];
}

export interface ControlledTable {
  name: string;
  dimensions: DimensionInput[];
  cells: ControlledCell[];
}

/** A release after control: only these values may leave a partnership. */
export interface ControlledRelease {
  kind: string;
  version: number;
  tables: ControlledTable[];
  note: MethodNote;
}

/** An earlier version as it was published: its source figures and what was shown of them. */
export interface PublishedVersion {
  release: ReleaseInput;
  published: ControlledRelease;
}
