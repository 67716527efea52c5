/** Where a row's current places come from: typed by the LA (special schools, resourced provision) or AP's commissioned places. */
export type CurrentSource = 'typed' | 'ap_commissioned' | 'unavailable';

export interface SufficiencyRow {
  id: string;
  planId: string;
  laId: string;
  laName: string;
  placeType: string;
  placeTypeName: string;
  academicYear: string;
  /** Places now: typed, or the AP places the LA commissions for the tier and year (null when AP's contract is not available to the caller). */
  currentPlaces: number | null;
  currentSource: CurrentSource;
  forecastDemand: number;
  /** forecast − current (positive: places short; negative: spare); null when current is unknown. */
  gap: number | null;
  action: { id: string; title: string; status: string } | null;
  updatedAt: string;
  version: number;
}

export interface SufficiencyInput {
  laId?: unknown;
  placeType?: unknown;
  academicYear?: unknown;
  currentPlaces?: unknown;
  forecastDemand?: unknown;
  actionId?: unknown;
  /** The row's version as read, to change an existing row; absent to add one. */
  version?: unknown;
}
