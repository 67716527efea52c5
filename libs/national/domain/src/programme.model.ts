import type {
  PublishedFinding,
  PublishedRag,
  PublishedRating,
  PublishedReform,
  PublishedReformStatus,
} from '@rep-hub/contracts';

/** The RAG counts of one partnership's ratings. */
export type RagCounts = Record<PublishedRag, number>;

/** An exception as the board reads it: the indicator, its RAG and its owner's commentary (a published rating). */
export type ExceptionView = Omit<PublishedRating, 'exception'>;

/** One partnership's release of the period: which version, its RAG counts and its exceptions. */
export interface PartnershipExceptionsView {
  partnershipId: string;
  partnershipName: string;
  releaseId: string;
  version: number;
  publishedAt: string;
  counts: RagCounts;
  exceptions: ExceptionView[];
}

export interface PeriodRef {
  code: string;
  name: string;
}

/** Exceptions across partnerships for one period (the latest published version of each). */
export interface ExceptionsView {
  /** Every period any partnership has published, newest first. */
  periods: PeriodRef[];
  /** The period shown (null when nothing is published yet). */
  period: PeriodRef | null;
  partnerships: PartnershipExceptionsView[];
}

/** One LA's status of a reform, as the release published it. */
export type ReformLaView = Pick<PublishedReform, 'laNumber' | 'gssCode' | 'laName' | 'status' | 'since' | 'reason'>;

/** A partnership that tests a reform: its LAs' statuses as at its latest release. */
export interface ReformPartnershipView {
  partnershipId: string;
  partnershipName: string;
  periodCode: string;
  periodName: string;
  releaseId: string;
  version: number;
  las: ReformLaView[];
}

/** A test and learn record of a reform, as the release published it, with the partnership that sent it. */
export interface ReformFindingView extends Omit<PublishedFinding, 'reformCode' | 'reformName'> {
  partnershipId: string;
  partnershipName: string;
}

/** One reform across the programme. */
export interface ProgrammeReformView {
  code: string;
  name: string;
  /** How many LAs across the programme have each status. */
  statusCounts: Record<PublishedReformStatus, number>;
  partnerships: ReformPartnershipView[];
  findings: ReformFindingView[];
}

/** Reforms across the programme: per reform, which partnerships and LAs test it, with its status and findings. */
export interface ProgrammeReformsView {
  reforms: ProgrammeReformView[];
}
