/** One figure as the national level holds it: a value, or a GSS symbol in its place. */
export interface NationalFigure {
  indicatorCode: string;
  indicatorName: string;
  unit: 'count' | 'percentage' | 'days';
  level: 'partnership' | 'local_authority';
  laNumber: string | null;
  gssCode: string | null;
  laName: string | null;
  /** Shown only when disclosure control lets it; null otherwise (and for a count's, the count itself). */
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  /** Why the value is not shown: c suppressed, x not available, z not applicable, low rounds to 0. */
  symbol: 'c' | 'x' | 'z' | 'low' | null;
}

/** What `national.publish_release` is given: a controlled release of one sent return. */
export interface NationalReleasePayload {
  partnership: { id: string; name: string };
  period: { code: string; name: string; from: string; to: string };
  version: number;
  replacesVersion: number | null;
  correctionReason: string | null;
  returnVersion: number;
  /** The disclosure method note, marked as coming from disclosure control. */
  disclosure: { controlledBy: string; kind: string; threshold: number; lines: string[] } & Record<string, unknown>;
  figures: NationalFigure[];
}
