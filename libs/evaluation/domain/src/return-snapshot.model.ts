/**
 * What a sent evidence return freezes (`evaluation_return_snapshots.snapshot`): every figure with
 * its lineage, the ratings, sign-offs and narrative, exactly as sent. The publication to the
 * national level reads only this (through the disclosure-control library), never live tables.
 */
export const SNAPSHOT_SCHEMA = 1;

/** A computed figure came from a module's published indicator, through the indicator contract. */
export interface ComputedLineage {
  kind: 'computed';
  module: string;
  queryVersion: number;
  computedAt: string;
}

/** A submitted figure came from an LA's upload or an entry by hand. */
export interface SubmittedLineage {
  kind: 'submitted';
  submittedValueId: string;
  uploadId: string | null;
  /** The file's SHA-256 when it came from an upload. */
  uploadSha256: string | null;
  enteredBy: string | null;
  enteredAt: string;
}

/** No figure was there when the return was assembled (it counts against completeness). */
export interface MissingLineage {
  kind: 'missing';
}

export type FigureLineage = ComputedLineage | SubmittedLineage | MissingLineage;

export interface SnapshotFigure {
  indicatorCode: string;
  indicatorName: string;
  unit: 'count' | 'percentage' | 'days';
  /** The definition's version the figure was checked against. */
  definitionVersion: number;
  source: 'computed' | 'submitted';
  /** null for the partnership's own figure. */
  laId: string | null;
  laNumber: string | null;
  gssCode: string | null;
  laName: string | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  lineage: FigureLineage;
}

export interface SnapshotRating {
  indicatorCode: string;
  rag: 'red' | 'amber' | 'green';
  exception: boolean;
  ownerName: string | null;
  commentary: string;
}

/** One reform's status in one LA when the return was sent (the register as it stood). */
export interface SnapshotReform {
  reformCode: string;
  reformName: string;
  /** The reform list the status was set under. */
  reformsVersion: string;
  laId: string;
  laNumber: string | null;
  gssCode: string | null;
  laName: string;
  status: 'planned' | 'active' | 'paused' | 'stopped';
  since: string;
  reason: string;
}

/** A test and learn record of the partnership when the return was sent: text and dates only, never a child or a setting. */
export interface SnapshotFinding {
  testId: string;
  title: string;
  reformCode: string;
  reformName: string;
  status: 'planned' | 'running' | 'finished' | 'stopped';
  startsOn: string;
  endsOn: string;
  laNames: string[];
  findings: string;
  lessons: string;
  /** The dated result summaries, newest first. */
  results: { recordedOn: string; summary: string }[];
}

export interface SnapshotSignOff {
  laId: string;
  laName: string;
  signedOffBy: string;
  signedOffAt: string;
  comment: string;
}

export interface ReturnSnapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  tenantId: string;
  partnershipName: string;
  returnId: string;
  returnVersion: number;
  /** The return this version corrects, and why (null for a first version). */
  correctsReturnId: string | null;
  correctionReason: string | null;
  period: { code: string; name: string; from: string; to: string };
  narrative: string;
  figures: SnapshotFigure[];
  ratings: SnapshotRating[];
  /**
   * The reform register and test and learn records as at sending (absent from snapshots frozen
   * before they were added: a reader treats absent as not recorded, never as none).
   */
  reforms?: SnapshotReform[];
  findings?: SnapshotFinding[];
  laSignOffs: SnapshotSignOff[];
  leadSignedOffBy: string;
  leadSignedOffAt: string;
  sentBy: string;
  sentAt: string;
}
