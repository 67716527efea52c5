import type { ReturnPeriod } from './reference';

/** One definition of the indicator library: computed by a module, or submitted by each LA. */
export interface LibraryDefinition {
  code: string;
  name: string;
  unit: 'count' | 'percentage' | 'days';
  numerator: string;
  denominator: string | null;
  direction: 'higher_is_better' | 'lower_is_better' | 'neither';
  levels: readonly ('la' | 'partnership')[];
  kind: 'computed' | 'submitted';
  /** The module that computes it (computed ones), or null. */
  module: string | null;
  /** Where the figure comes from: "computed by <module>", or where an LA finds it. */
  source: string;
  /** The definition's version (a computed one's query version). */
  version: number;
}

/** One figure of one LA (or of the partnership) for one period. */
export interface FigureValue {
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

export interface LaFigure extends FigureValue {
  laId: string;
  laName: string;
}

/** One period's figures: each LA's (those with one) and the partnership's. */
export interface PeriodValues {
  period: ReturnPeriod;
  las: LaFigure[];
  partnership: FigureValue & { lasReporting: number };
}

export interface ValuesOverTime {
  definition: LibraryDefinition;
  /** Every LA of the partnership, by name, for the columns of a table. */
  las: { id: string; name: string }[];
  /** Oldest first. */
  periods: PeriodValues[];
}

/** One stored submitted figure, as the returns and the pages read it. */
export interface SubmittedValueRow {
  id: string;
  laId: string;
  laName: string;
  code: string;
  period: string;
  definitionVersion: number;
  numerator: number;
  denominator: number | null;
  value: number | null;
  uploadId: string | null;
  uploadSha256: string | null;
  enteredBy: string | null;
  enteredAt: string;
  version: number;
}

/** The answer to an upload. */
export interface SubmittedUploadResult {
  uploadId: string;
  laId: string;
  filename: string;
  sha256: string;
  /** True when this very file was loaded before: nothing changed. */
  alreadyLoaded: boolean;
  received: number;
  changed: number;
}
