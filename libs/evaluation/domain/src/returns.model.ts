import type { FigureLineage } from './return-snapshot.model';

/** An evidence return's stages: draft → la_signed_off → lead_signed_off → sent → superseded. */
export const RETURN_STATUSES = ['draft', 'la_signed_off', 'lead_signed_off', 'sent', 'superseded'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const RETURN_STATUS_LABELS: Record<ReturnStatus, string> = {
  draft: 'Draft',
  la_signed_off: 'Signed off by every LA',
  lead_signed_off: 'Signed off by the lead',
  sent: 'Sent',
  superseded: 'Superseded',
};

/** The stages whose ratings and narrative may still change (before the lead signs off). */
export const EDITABLE_RETURN_STATUSES: readonly ReturnStatus[] = ['draft', 'la_signed_off'];

export const RAGS = ['red', 'amber', 'green'] as const;
export type Rag = (typeof RAGS)[number];

/** What may be done to a return in each stage (a 409 names them). */
export const RETURN_MOVES: Record<ReturnStatus, readonly string[]> = {
  draft: ['assemble', 'la-sign-off', 'narrative', 'ratings'],
  la_signed_off: ['lead-sign-off', 'narrative', 'ratings'],
  lead_signed_off: ['send'],
  sent: ['correct'],
  superseded: [],
};

export interface ReturnSummary {
  id: string;
  period: string;
  periodName: string;
  returnVersion: number;
  status: ReturnStatus;
  assembling: boolean;
  dueOn: string;
  correctsReturnId: string | null;
  correctionReason: string | null;
  createdAt: string;
  sentAt: string | null;
  version: number;
}

export interface ReturnFigureView {
  indicatorCode: string;
  indicatorName: string;
  unit: 'count' | 'percentage' | 'days';
  source: 'computed' | 'submitted';
  definitionVersion: number;
  /** null for the partnership's own figure. */
  laId: string | null;
  laName: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  present: boolean;
  /** A present figure entered by the due date (computed figures are on time at assembly). */
  onTime: boolean;
  submittedAt: string | null;
  lineage: FigureLineage;
}

export interface ReturnLaView {
  id: string;
  name: string;
  present: number;
  missing: number;
  onTime: number;
  late: number;
  signOff: { signedOffBy: { id: string; name: string }; signedOffAt: string; comment: string } | null;
}

export interface ReturnRatingView {
  indicatorCode: string;
  rag: Rag;
  exception: boolean;
  ownerUserId: string | null;
  ownerName: string | null;
  commentary: string;
}

export interface ReturnIndicatorView {
  code: string;
  name: string;
  unit: 'count' | 'percentage' | 'days';
  source: 'computed' | 'submitted';
  present: number;
  missing: number;
  onTime: number;
  late: number;
}

export interface ReturnView extends ReturnSummary {
  narrative: string;
  assembledAt: string | null;
  leadSignedOffAt: string | null;
  leadSignedOffBy: { id: string; name: string } | null;
  sentBy: { id: string; name: string } | null;
  completeness: { expected: number; present: number; missing: number; onTime: number; late: number };
  indicators: ReturnIndicatorView[];
  las: ReturnLaView[];
  figures: ReturnFigureView[];
  ratings: ReturnRatingView[];
  /** What the caller may do now (`la-sign-off:<laId>` for each LA part they may sign off). */
  allowedMoves: string[];
  snapshotSha256: string | null;
}

export interface RatingInput {
  indicatorCode?: unknown;
  rag?: unknown;
  exception?: unknown;
  ownerUserId?: unknown;
  commentary?: unknown;
}
