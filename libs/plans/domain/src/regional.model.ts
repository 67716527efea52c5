/** One LA's line of the lead's regional view. */
export interface RegionalLaLine {
  laId: string;
  laName: string;
  laNumber: string | null;
  plan: {
    id: string;
    title: string;
    /** The latest version's status (the one being written, or the published one). */
    latestStatus: string;
    latestNumber: number;
    /** When the version now published was published; null when none is. */
    publishedAt: string | null;
    reviewOn: string;
    reviewOverdue: boolean;
  } | null;
  overdueActions: number;
  /** Forecast − current places per place type for the year, over the LA's rows; null where there is no row (or AP places are unavailable). */
  gaps: Record<string, number | null>;
}

export interface RegionalView {
  academicYear: string;
  today: string;
  placeTypes: { code: string; name: string }[];
  las: RegionalLaLine[];
}
