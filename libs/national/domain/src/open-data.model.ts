import type { PublishedFigure, PublishedLevel, PublishedSymbol, PublishedUnit } from '@rep-hub/contracts';

/** A release version as open data lists it: every version, the latest of its partnership and term said so. */
export interface OpenDataReleaseSummary {
  id: string;
  partnershipId: string;
  partnershipName: string;
  period: { code: string; name: string; from: string; to: string };
  version: number;
  replacesVersion: number | null;
  /** Whether no later version of the same partnership's release for the term exists. */
  latest: boolean;
  correctionReason: string | null;
  publishedAt: string;
}

/** One figure of a release version, as published: a value, or the GSS symbol in its place. */
export type OpenDataFigure = PublishedFigure;

/** A figure's shown parts, before or after a correction. */
export interface OpenDataFigureState {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  symbol: PublishedSymbol | null;
}

/** What a correction changed for one indicator and geography. */
export interface OpenDataChange {
  indicatorCode: string;
  indicatorName: string;
  unit: PublishedUnit;
  level: PublishedLevel;
  laNumber: string | null;
  gssCode: string | null;
  laName: string | null;
  /** changed: in both versions with a different value, symbol, numerator or denominator; added: only in this version; removed: only in the earlier one. */
  change: 'changed' | 'added' | 'removed';
  before: OpenDataFigureState | null;
  after: OpenDataFigureState | null;
}

/** A correction: the version it replaces, why, and what changed. */
export interface OpenDataChanges {
  replacesReleaseId: string;
  replacesVersion: number;
  reason: string;
  items: OpenDataChange[];
}

/** One release version whole: its figures, its method note, the symbols, its other versions and what it changed. */
export interface OpenDataRelease extends OpenDataReleaseSummary {
  /** The disclosure method note, one paragraph per line, as it was published with the release. */
  methodNote: string[];
  symbols: { symbol: PublishedSymbol; meaning: string }[];
  figures: OpenDataFigure[];
  changes: OpenDataChanges | null;
  /** Every version of this partnership's release for the term, oldest first. */
  versions: { id: string; version: number; publishedAt: string; latest: boolean }[];
}

/** Filters of the list (each validated; null when left out). */
export interface OpenDataFilter {
  partnershipId: string | null;
  periodCode: string | null;
}

/** The files of a release version: the tidy data, its metadata, and the method note with the symbol key. */
export const OPEN_DATA_FILES = ['data.csv', 'metadata.csv', 'method.txt'] as const;
export type OpenDataFileName = (typeof OPEN_DATA_FILES)[number];

export interface OpenDataFile {
  body: string;
  contentType: string;
  filename: string;
}

/** Published data only: kept five minutes by browsers and proxies (every other response stays `no-store`). */
export const OPEN_DATA_CACHE = 'public, max-age=300';
