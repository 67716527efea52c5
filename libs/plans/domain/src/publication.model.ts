import type { DiffLine } from './line-diff';

/** Which version statuses anyone may read without signing in: published and superseded, never a draft, one in co-production or one signed off but not yet published. */
/** Published data only, the same for everyone: browsers and proxies may keep it a few minutes. */
export const PUBLIC_CACHE = 'public, max-age=300';

export const PUBLIC_STATUSES = ['published', 'superseded'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export interface PublicLa {
  id: string;
  name: string;
}

/** A plan in the public list: its published version (and how many earlier ones can be read). */
export interface PublicPlanSummary {
  planId: string;
  title: string;
  las: PublicLa[];
  periodStart: string;
  periodEnd: string;
  reviewOn: string;
  publishedVersionId: string;
  publishedNumber: number;
  publishedAt: string;
  earlierVersions: number;
}

export interface PublicPartnershipPlans {
  slug: string;
  name: string;
  plans: PublicPlanSummary[];
}

export interface PublicSection {
  key: string;
  name: string;
  /** The LA whose own part this is; null for the plan-wide part. */
  la: PublicLa | null;
  body: string;
  themes: { code: string; name: string }[];
  themesVersion: string;
  themesProvisional: boolean;
}

export interface PublicSignOff {
  organisation: string;
  kind: string;
  decision: 'signed_off' | 'dissent';
  reason: string | null;
  recordedAt: string;
}

export interface PublicVersionRef {
  id: string;
  number: number;
  status: PublicStatus;
  publishedAt: string;
  supersededAt: string | null;
}

export interface PublicVersion {
  partnership: { slug: string; name: string };
  planId: string;
  id: string;
  number: number;
  status: PublicStatus;
  title: string;
  las: PublicLa[];
  periodStart: string;
  periodEnd: string;
  reviewOn: string;
  publishedAt: string;
  supersededAt: string | null;
  changeSummary: string;
  pdfReady: boolean;
  sections: PublicSection[];
  themes: { code: string; name: string }[];
  signOffs: {
    signedOff: number;
    dissent: number;
    /** The parent carer forum's position: its sign-off or dissent (with its reason), or null when it recorded none. */
    parentCarerForum: PublicSignOff | null;
    organisations: PublicSignOff[];
  };
  /** Every public version of the plan, newest first (this one included). */
  versions: PublicVersionRef[];
}

export interface SectionComparison {
  key: string;
  name: string;
  la: PublicLa | null;
  changed: boolean;
  lines: DiffLine[];
  themesAdded: string[];
  themesRemoved: string[];
}

export interface PublicComparison {
  partnership: { slug: string; name: string };
  planId: string;
  title: string;
  from: PublicVersionRef;
  to: PublicVersionRef;
  sections: SectionComparison[];
}

export interface PublicPdf {
  filename: string;
  pdf: Buffer;
}
