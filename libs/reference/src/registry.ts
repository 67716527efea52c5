/**
 * Registry of every code list this library ships, with lookups by date.
 */
import type { CodeList, CodeListEntry, DateInput } from './code-list';
import { entryFor, sortVersions, versionInForce } from './code-list';
import { AP_PROVIDER_TYPES_LIST, AP_TIERS_LIST, PLACEMENT_END_DESTINATIONS_LIST } from './alternative-provision';
import type { ApProviderType, ApTier, PlacementEndDestination } from './alternative-provision';
import { ATTENDANCE_CODE_VERSIONS, type AttendanceCode } from './attendance';
import { EXCLUSION_REASON_VERSIONS, EXCLUSION_TYPES_LIST, type ExclusionType } from './exclusions';
import {
  LOCAL_AUTHORITY_VERSIONS,
  RECOGNISED_LA_NUMBERS_LIST,
  type LocalAuthority,
  type RecognisedLaNumber,
} from './local-authorities';
import { ORGANISATION_KINDS_LIST, ROLES_LIST, type Role } from './platform-vocabulary';
import { ENGLISH_REGIONS_LIST, type EnglishRegion } from './regions';
import { SEN_NEED_TYPES_LIST, SEN_PROVISION_LIST, type SenNeedType } from './sen';
import { UPN_UNKNOWN_REASONS_LIST } from './upn';

/** Entry type of each built-in list, so that `codeList('roles')` is typed. */
export interface CodeListEntryTypes {
  'local-authorities': LocalAuthority;
  'recognised-la-numbers': RecognisedLaNumber;
  'english-regions': EnglishRegion;
  'upn-unknown-reasons': CodeListEntry;
  'sen-need-types': SenNeedType;
  'sen-provision': CodeListEntry;
  'attendance-codes': AttendanceCode;
  'ap-tiers': ApTier;
  'ap-provider-types': ApProviderType;
  'placement-end-destinations': PlacementEndDestination;
  'exclusion-types': ExclusionType;
  'exclusion-reasons': CodeListEntry;
  'organisation-kinds': CodeListEntry;
  roles: Role;
}

export type CodeListId = keyof CodeListEntryTypes;

const ALL_VERSIONS: readonly CodeList[] = [
  ...LOCAL_AUTHORITY_VERSIONS,
  RECOGNISED_LA_NUMBERS_LIST,
  ENGLISH_REGIONS_LIST,
  UPN_UNKNOWN_REASONS_LIST,
  SEN_NEED_TYPES_LIST,
  SEN_PROVISION_LIST,
  ...ATTENDANCE_CODE_VERSIONS,
  AP_TIERS_LIST,
  AP_PROVIDER_TYPES_LIST,
  PLACEMENT_END_DESTINATIONS_LIST,
  EXCLUSION_TYPES_LIST,
  ...EXCLUSION_REASON_VERSIONS,
  ORGANISATION_KINDS_LIST,
  ROLES_LIST,
];

const REGISTRY: ReadonlyMap<string, readonly CodeList[]> = (() => {
  const grouped = new Map<string, CodeList[]>();
  for (const list of ALL_VERSIONS) {
    const versions = grouped.get(list.id) ?? [];
    versions.push(list);
    grouped.set(list.id, versions);
  }
  return new Map([...grouped].map(([id, versions]) => [id, sortVersions(versions)] as const));
})();

function versionsOf(id: string): readonly CodeList[] {
  const versions = REGISTRY.get(id);
  if (versions === undefined) throw new Error(`Unknown code list: ${id}`);
  return versions;
}

/** The ids of all registered code lists. */
export function codeListIds(): readonly string[] {
  return [...REGISTRY.keys()].sort();
}

/** All versions of a list, oldest first. Throws for an unknown list id. */
export function codeListVersions<K extends CodeListId>(id: K): readonly CodeList<CodeListEntryTypes[K]>[];
export function codeListVersions(id: string): readonly CodeList[];
export function codeListVersions(id: string): readonly CodeList[] {
  return versionsOf(id);
}

/**
 * The version of a list in force on a date (default: today in England), or undefined if no
 * version is in force then. Throws for an unknown list id.
 */
export function codeList<K extends CodeListId>(id: K, onDate?: DateInput): CodeList<CodeListEntryTypes[K]> | undefined;
export function codeList(id: string, onDate?: DateInput): CodeList | undefined;
export function codeList(id: string, onDate?: DateInput): CodeList | undefined {
  return versionInForce(versionsOf(id), onDate);
}

/** The entry with this code in the version in force on a date (default: today), or undefined. */
export function findCode<K extends CodeListId>(
  id: K,
  code: string,
  onDate?: DateInput,
): CodeListEntryTypes[K] | undefined;
export function findCode(id: string, code: string, onDate?: DateInput): CodeListEntry | undefined;
export function findCode(id: string, code: string, onDate?: DateInput): CodeListEntry | undefined {
  return entryFor(codeList(id, onDate), code);
}

/**
 * True when the code exists (exact match) in the version of the list in force on the date
 * (default: today). False when no version is in force. Throws for an unknown list id.
 */
export function isValidCode(id: string, code: string, onDate?: DateInput): boolean {
  return findCode(id, code, onDate) !== undefined;
}
