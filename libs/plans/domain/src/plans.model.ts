import type { PlanSectionKey, PlanStatus } from './themes';

/** Someone who did something to a plan, as the plan's pages name them. */
export interface PlanActor {
  id: string;
  name: string;
}

export interface PlanLa {
  id: string;
  name: string;
}

/** One version of a plan, as listed on the plan. */
export interface PlanVersionSummary {
  id: string;
  number: number;
  status: PlanStatus;
  changeSummary: string;
  createdAt: string;
  coProductionAt: string | null;
  signedOffAt: string | null;
  publishedAt: string | null;
  supersededAt: string | null;
  /** The PDF made on publication: none, queued, ready or failed. */
  pdfStatus: 'none' | 'queued' | 'ready' | 'failed';
  pdfSha256: string | null;
  /** Optimistic-concurrency counter of the version row (its stage). */
  version: number;
}

/** A plan as the list shows it. */
export interface PlanSummary {
  id: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  reviewOn: string;
  las: PlanLa[];
  /** The newest version, whatever its stage. */
  latestVersion: { id: string; number: number; status: PlanStatus } | null;
  /** The version published now, if any. */
  publishedVersion: { id: string; number: number; publishedAt: string | null } | null;
}

/** A plan with its versions, newest first. */
export interface PlanView extends PlanSummary {
  createdAt: string;
  versions: PlanVersionSummary[];
  /** Whether the caller may change the plan (new versions, stages, plan-wide sections). */
  canManage: boolean;
  /** Whether a new version may be started now (no version is open). */
  canStartVersion: boolean;
}

export interface PlanTheme {
  code: string;
  name: string;
}

/** A section of a version: the plan-wide part (laId null) or one LA's own part. */
export interface PlanSectionView {
  id: string;
  key: PlanSectionKey;
  name: string;
  laId: string | null;
  laName: string | null;
  body: string;
  /** The body in the safe formatting subset, as HTML in which nothing written can run. */
  html: string;
  themes: PlanTheme[];
  themesVersion: string;
  updatedAt: string;
  updatedBy: PlanActor | null;
  version: number;
  /** Whether the caller may edit it now (its stage and their LA). */
  canEdit: boolean;
}

/** A member organisation's decision on a version (null while it has not decided). */
export interface PlanMemberDecision {
  memberId: string;
  name: string;
  kind: string;
  /** The LA whose local partnership the member belongs to. */
  laId: string;
  organisationId: string | null;
  decision: 'signed_off' | 'dissent' | null;
  reason: string | null;
  recordedAt: string | null;
  recordedBy: PlanActor | null;
  /** The decision was recorded by the lead or the LA's officer for a member with no REP Hub organisation. */
  recordedOnBehalf: boolean;
}

/** One version with its sections and the member organisations' decisions. */
export interface PlanVersionView extends PlanVersionSummary {
  planId: string;
  planTitle: string;
  periodStart: string;
  periodEnd: string;
  reviewOn: string;
  las: PlanLa[];
  sections: PlanSectionView[];
  signOffs: PlanMemberDecision[];
  /** The parent carer forum's position: the decisions of the members of that kind. */
  parentCarerForum: PlanMemberDecision[];
  /** The stage moves the caller may make now. */
  allowedActions: PlanAction[];
  /** The members the caller may record a decision for now. */
  canDecideFor: string[];
}

export const PLAN_ACTIONS = ['co_produce', 'sign_off', 'publish'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** The lifecycle: each action, the stage it is taken from and the stage it leads to. */
export const PLAN_TRANSITIONS: Record<PlanAction, { from: PlanStatus; to: PlanStatus; label: string }> = {
  co_produce: { from: 'draft', to: 'co_production', label: 'Start co-production' },
  sign_off: { from: 'co_production', to: 'signed_off', label: 'Record the plan as signed off' },
  publish: { from: 'signed_off', to: 'published', label: 'Publish' },
};

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  draft: 'Draft',
  co_production: 'In co-production',
  signed_off: 'Signed off',
  published: 'Published',
  superseded: 'Superseded',
};

/** Stages whose sections may be edited. */
export const EDITABLE_STATUSES: readonly PlanStatus[] = ['draft', 'co_production'];
/** Stages of a version still being written (one at a time per plan). */
export const OPEN_STATUSES: readonly PlanStatus[] = ['draft', 'co_production', 'signed_off'];

export interface NewPlanInput {
  title?: unknown;
  periodStart?: unknown;
  periodEnd?: unknown;
  reviewOn?: unknown;
  laIds?: unknown;
}

export interface SectionEditInput {
  body?: unknown;
  themes?: unknown;
  version?: unknown;
}

export interface SignOffInput {
  memberId?: unknown;
  decision?: unknown;
  reason?: unknown;
}

/** The earliest and latest dates a plan's period and review may take. */
export const PLAN_DATE_RANGE = { from: '2024-01-01', to: '2040-12-31' } as const;
