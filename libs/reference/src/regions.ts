import type { CodeList, CodeListEntry } from './code-list';

/** The nine English regions (ONS names, as used in DfE statistics). */
export type EnglishRegionName =
  | 'North East'
  | 'North West'
  | 'Yorkshire and The Humber'
  | 'East Midlands'
  | 'West Midlands'
  | 'East of England'
  | 'London'
  | 'South East'
  | 'South West';

export interface EnglishRegion extends CodeListEntry {
  /** ONS/GSS region code (E12...). */
  readonly code: string;
  readonly label: EnglishRegionName;
}

/** The nine English regions with their GSS codes (E12000001–E12000009). */
export const ENGLISH_REGIONS: readonly EnglishRegion[] = [
  { code: 'E12000001', label: 'North East' },
  { code: 'E12000002', label: 'North West' },
  { code: 'E12000003', label: 'Yorkshire and The Humber' },
  { code: 'E12000004', label: 'East Midlands' },
  { code: 'E12000005', label: 'West Midlands' },
  { code: 'E12000006', label: 'East of England' },
  { code: 'E12000007', label: 'London' },
  { code: 'E12000008', label: 'South East' },
  { code: 'E12000009', label: 'South West' },
];

export const ENGLISH_REGIONS_LIST: CodeList<EnglishRegion> = {
  id: 'english-regions',
  version: '2011',
  validFrom: '2011-01-01',
  source: 'ONS GSS region codes (E12), as used in DfE published statistics',
  entries: ENGLISH_REGIONS,
};

/** Region by GSS code (E12...) or by name (case-insensitive; 'Yorkshire and the Humber' accepted). */
export function findRegion(codeOrName: string): EnglishRegion | undefined {
  const key = codeOrName.trim().toLowerCase();
  return ENGLISH_REGIONS.find((r) => r.code.toLowerCase() === key || r.label.toLowerCase() === key);
}
