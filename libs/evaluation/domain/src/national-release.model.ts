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

/** The lead's rating of one indicator, as the board reads it: an exception carries its owner and commentary. */
export interface NationalRating {
  indicatorCode: string;
  indicatorName: string;
  rag: 'red' | 'amber' | 'green';
  exception: boolean;
  ownerName: string | null;
  commentary: string;
}

/** One reform's status in one LA as the return was sent. */
export interface NationalReform {
  reformCode: string;
  reformName: string;
  reformsVersion: string;
  laNumber: string | null;
  gssCode: string | null;
  laName: string;
  status: 'planned' | 'active' | 'paused' | 'stopped';
  since: string;
  reason: string;
}

/** A test and learn record as the board reads it: text and dates, the LAs by name; never a setting or a child. */
export interface NationalFinding {
  title: string;
  reformCode: string;
  reformName: string;
  status: 'planned' | 'running' | 'finished' | 'stopped';
  startsOn: string;
  endsOn: string;
  laNames: string[];
  findings: string;
  lessons: string;
  results: { recordedOn: string; summary: string }[];
}

/** What `national.publish_release` is given: a controlled release of one sent return. */
export interface NationalReleasePayload {
  partnership: { id: string; name: string };
  /** `dueOn`: the period's due date (evaluation's rule); the function takes `to` + 42 days without it. */
  period: { code: string; name: string; from: string; to: string; dueOn?: string };
  version: number;
  replacesVersion: number | null;
  correctionReason: string | null;
  returnVersion: number;
  /** The disclosure method note, marked as coming from disclosure control. */
  disclosure: { controlledBy: string; kind: string; threshold: number; lines: string[] } & Record<string, unknown>;
  figures: NationalFigure[];
  /** Optional for the function (releases before issue 23 had none); the publisher always sends ratings. */
  ratings?: NationalRating[];
  /** Sent only when the snapshot recorded them (a snapshot frozen before did not). */
  reforms?: NationalReform[];
  findings?: NationalFinding[];
}
