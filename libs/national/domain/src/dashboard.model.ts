import type { GssSymbol, IndicatorUnit, NationalPoint } from './comparison.model';

/** A term as the releases name it. */
export interface DashboardPeriod {
  code: string;
  name: string;
  from: string;
  to: string;
}

/** Which way is better for an indicator ("neither" for a count of activity, "unknown" when REP Hub has no definition). */
export type DashboardDirection = 'higher_is_better' | 'lower_is_better' | 'neither' | 'unknown';

/** What an indicator means and how far it is published: the dashboard's and the open data's description of it. */
export interface IndicatorMeaning {
  code: string;
  /** Its name as REP Hub defines it, or as the newest release names it when REP Hub has no definition. */
  name: string;
  unit: IndicatorUnit;
  /** false: no module of this REP Hub defines it; the name is the one published and the meaning is unknown. */
  defined: boolean;
  /** What is counted (for a percentage, above the line). */
  numerator: string | null;
  /** What it is counted out of (a percentage's denominator); null for counts and days. */
  denominator: string | null;
  direction: DashboardDirection;
  /** Where the figure comes from, in plain English. */
  source: string;
  /** What a reader must know before reading anything into the figures. */
  caveats: string[];
  coverage: {
    /** Partnerships whose latest release of some term has a figure for it. */
    partnerships: number;
    firstPeriod: DashboardPeriod;
    lastPeriod: DashboardPeriod;
    /** Whether any latest release has figures for it per local authority. */
    localAuthorityFigures: boolean;
  };
}

/** One published figure: a value, or the GSS symbol in its place. */
export interface DashboardFigure {
  periodCode: string;
  value: number | null;
  symbol: GssSymbol | null;
  numerator: number | null;
  denominator: number | null;
}

/** A figure of a partnership for one term, with the release it comes from (the latest version). */
export interface PartnershipFigure extends DashboardFigure {
  releaseId: string;
  releaseVersion: number;
}

export interface DashboardLocalAuthority {
  gssCode: string;
  laNumber: string;
  name: string;
  /** Its figures, one per term it has one (a term missing: not published for it). */
  figures: DashboardFigure[];
}

/** A partnership's figures for one indicator over time, and its LAs'. */
export interface DashboardPartnershipSeries {
  id: string;
  name: string;
  figures: PartnershipFigure[];
  localAuthorities: DashboardLocalAuthority[];
}

/** One indicator over every term published: each partnership and its LAs, and the national figure. */
export interface IndicatorDashboard {
  indicator: IndicatorMeaning;
  /** Every term with a published figure, oldest first. */
  periods: DashboardPeriod[];
  partnerships: DashboardPartnershipSeries[];
  /** The national figure of each term (comparison.ts's rules). */
  national: NationalPoint[];
  /** How the national figure is formed for this unit, in words. */
  nationalMethod: string;
}

/** One indicator of a partnership over time: its own figure, its LAs', and the national figure beside it. */
export interface PartnershipIndicatorSeries {
  indicator: IndicatorMeaning;
  periods: DashboardPeriod[];
  figures: PartnershipFigure[];
  localAuthorities: DashboardLocalAuthority[];
  national: NationalPoint[];
}

export interface PartnershipDashboard {
  partnership: { id: string; name: string };
  /** Its local authorities (as its latest releases name them). */
  localAuthorities: { gssCode: string; laNumber: string; name: string }[];
  indicators: PartnershipIndicatorSeries[];
}

/** One indicator of an LA over time, with its partnership's and the national figure beside it. */
export interface LocalAuthorityIndicatorSeries {
  indicator: IndicatorMeaning;
  periods: DashboardPeriod[];
  figures: DashboardFigure[];
  /** The partnership's own figure in the same release as each of the LA's. */
  partnership: (PartnershipFigure & { partnershipId: string; partnershipName: string })[];
  national: NationalPoint[];
}

export interface LocalAuthorityDashboard {
  localAuthority: { gssCode: string; laNumber: string; name: string };
  /** The partnerships whose releases it appears in (newest first; usually one). */
  partnerships: { id: string; name: string }[];
  indicators: LocalAuthorityIndicatorSeries[];
}

/** What the dashboard's home lists: each indicator, the partnerships and the LAs to choose from. */
export interface DashboardIndex {
  indicators: IndicatorMeaning[];
  partnerships: { id: string; name: string; localAuthorities: { gssCode: string; name: string }[] }[];
}
