import type { PublishedFigure, PublishedRag } from '@rep-hub/contracts';

export const BOARD_PACK_STATUSES = ['queued', 'building', 'ready', 'failed'] as const;
export type BoardPackStatus = (typeof BOARD_PACK_STATUSES)[number];

export const BOARD_PACK_STATUS_LABELS: Record<BoardPackStatus, string> = {
  queued: 'Queued',
  building: 'Building',
  ready: 'Ready',
  failed: 'Failed',
};

/** A release a pack names: the exact version it is built from. */
export interface BoardPackRelease {
  id: string;
  partnershipId: string;
  partnershipName: string;
  periodCode: string;
  periodName: string;
  version: number;
  publishedAt: string;
}

/** A pack in a list: no files. */
export interface BoardPackSummary {
  id: string;
  title: string;
  meetingDate: string;
  packVersion: number;
  periodCode: string;
  periodName: string;
  status: BoardPackStatus;
  progress: number;
  progressText: string | null;
  requestedByName: string;
  createdAt: string;
  finishedAt: string | null;
}

/** One pack: its progress, the releases it names and, when ready, its files' SHA-256. */
export interface BoardPackView extends BoardPackSummary {
  rebuiltFrom: string | null;
  error: string | null;
  startedAt: string | null;
  releases: BoardPackRelease[];
  pdfSha256: string | null;
  xlsxSha256: string | null;
  contentSha256: string | null;
}

/** A value as the pack shows it: a number, or the GSS symbol in its place. */
export interface PackValue {
  value: number | null;
  symbol: PublishedFigure['symbol'];
}

/** A RAG rating a release carries for one of its indicators. */
export interface PackRating {
  partnershipName: string;
  indicatorCode: string;
  indicatorName: string;
  rag: PublishedRag | string;
}

/** An exception (a red rating, or one marked so) with its owner's commentary. */
export interface PackException {
  partnershipName: string;
  indicatorCode: string;
  indicatorName: string;
  rag: string;
  ownerName: string | null;
  commentary: string;
}

/** A reform's status in a partnership (and LA, when the release says so). */
export interface PackReform {
  partnershipName: string;
  reform: string;
  laName: string | null;
  status: string;
  note: string | null;
}

/** What the optional sections of a pack hold (ratings, exceptions, reforms): empty when none are published. */
export interface PackSections {
  ratings: PackRating[];
  exceptions: PackException[];
  reforms: PackReform[];
}

/** One indicator of the pack: its partnerships' values per period (and the national figure), for the chart and the table. */
export interface PackIndicator {
  code: string;
  name: string;
  unit: PublishedFigure['unit'];
  periods: { code: string; name: string }[];
  series: { partnershipName: string; values: PackValue[] }[];
  national: PackValue[];
  /** How the national figure is made, in words. */
  nationalNote: string;
}

/** One line of the tidy data: a figure of a release the pack names, as the release published it. */
export interface PackDataRow extends PublishedFigure {
  releaseId: string;
  partnershipName: string;
  periodCode: string;
  releaseVersion: number;
}

/**
 * Everything a pack says, from the releases it names and nothing else: the same releases give the
 * same content (and the same `contentSha256`), whenever and however often it is built.
 */
export interface PackContent {
  schema: 1;
  title: string;
  meetingDate: string;
  period: { code: string; name: string };
  releases: (BoardPackRelease & { returnVersion: number; correctionReason: string | null })[];
  methodNotes: string[];
  sections: PackSections;
  indicators: PackIndicator[];
  data: PackDataRow[];
}
