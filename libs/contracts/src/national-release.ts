/**
 * The national release: what a partnership's sent evidence return publishes to the national level.
 * The evaluation module writes it through `national.publish_release` (the national schema's
 * releases, release_figures, release_ratings, release_reforms and release_findings); the National
 * Board module reads it back as the board role. Both sides use these shapes, so a field or a value
 * the function and its CHECKs accept is named once. Shapes only: no code of either module.
 */

/** What a figure counts: a count, a percentage (one decimal) or a number of days. */
export const PUBLISHED_UNITS = ['count', 'percentage', 'days'] as const;
export type PublishedUnit = (typeof PUBLISHED_UNITS)[number];

/** Where a figure is for: the whole partnership or one of its local authorities. */
export const PUBLISHED_LEVELS = ['partnership', 'local_authority'] as const;
export type PublishedLevel = (typeof PUBLISHED_LEVELS)[number];

/** Why a value is not shown: c suppressed, x not available, z not applicable, low rounds to 0. */
export const PUBLISHED_SYMBOLS = ['c', 'x', 'z', 'low'] as const;
export type PublishedSymbol = (typeof PUBLISHED_SYMBOLS)[number];

/** A lead's rating of an indicator. */
export const PUBLISHED_RAGS = ['red', 'amber', 'green'] as const;
export type PublishedRag = (typeof PUBLISHED_RAGS)[number];

/** A reform's status in one local authority. */
export const PUBLISHED_REFORM_STATUSES = ['planned', 'active', 'paused', 'stopped'] as const;
export type PublishedReformStatus = (typeof PUBLISHED_REFORM_STATUSES)[number];

/** A test and learn record's status. */
export const PUBLISHED_FINDING_STATUSES = ['planned', 'running', 'finished', 'stopped'] as const;
export type PublishedFindingStatus = (typeof PUBLISHED_FINDING_STATUSES)[number];

/** One figure as the national level holds it: a value, or a GSS symbol in its place. */
export interface PublishedFigure {
  indicatorCode: string;
  indicatorName: string;
  unit: PublishedUnit;
  level: PublishedLevel;
  laNumber: string | null;
  gssCode: string | null;
  laName: string | null;
  /** Shown only when disclosure control lets it; null otherwise (and for a count's, the count itself). */
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  /** Why the value is not shown; null when it is. */
  symbol: PublishedSymbol | null;
}

/** The lead's rating of one indicator, as the board reads it: an exception carries its owner and commentary. */
export interface PublishedRating {
  indicatorCode: string;
  indicatorName: string;
  rag: PublishedRag;
  exception: boolean;
  ownerName: string | null;
  commentary: string;
}

/** One reform's status in one LA as the return was sent. */
export interface PublishedReform {
  reformCode: string;
  reformName: string;
  reformsVersion: string;
  laNumber: string | null;
  gssCode: string | null;
  laName: string;
  status: PublishedReformStatus;
  since: string;
  reason: string;
}

/** A test and learn record as the board reads it: text and dates, the LAs by name; never a setting or a child. */
export interface PublishedFinding {
  title: string;
  reformCode: string;
  reformName: string;
  status: PublishedFindingStatus;
  startsOn: string;
  endsOn: string;
  laNames: string[];
  findings: string;
  lessons: string;
  results: { recordedOn: string; summary: string }[];
}
