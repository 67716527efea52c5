/**
 * Versioned code lists.
 *
 * Policy vocabulary (attendance codes, exclusion reasons, LA boundaries...) changes from year to
 * year, so every list is data with a version and a validity window, never a TypeScript enum.
 * A list version is in force on every date from `validFrom` to `validTo`, both inclusive;
 * a version without `validTo` is open-ended.
 */

/** The least every entry of every code list carries. */
export interface CodeListEntry {
  /** The code as recorded in data (e.g. 'SEMH', '202', 'C2'). Unique within one list version. */
  readonly code: string;
  /** Human-readable label. */
  readonly label: string;
  /** True where the fact behind this entry could not be verified against a primary source. */
  readonly provisional?: boolean;
  /** Free-text note: caveats, the doubt behind a provisional flag, usage guidance. */
  readonly note?: string;
}

/** One version of a code list. */
export interface CodeList<T extends CodeListEntry = CodeListEntry> {
  /** Stable identifier of the list, shared by all its versions (e.g. 'attendance-codes'). */
  readonly id: string;
  /** Version label, unique within the list id (e.g. '2024-08'). */
  readonly version: string;
  /** First date (ISO yyyy-mm-dd, inclusive) on which this version is in force. */
  readonly validFrom: string;
  /** Last date (ISO yyyy-mm-dd, inclusive) on which this version is in force; absent = open-ended. */
  readonly validTo?: string;
  /** Where the data comes from. */
  readonly source?: string;
  /** True where the version as a whole (or its dates) could not be verified. */
  readonly provisional?: boolean;
  /** Caveats about this version (e.g. what exactly is unverified). */
  readonly note?: string;
  readonly entries: readonly T[];
}

/** A date argument: an ISO date string (yyyy-mm-dd), a full ISO timestamp, or a Date. */
export type DateInput = string | Date;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const londonDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function londonDate(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new RangeError('Invalid date');
  }
  // en-CA formats as yyyy-mm-dd.
  return londonDateFormat.format(date);
}

/** True when `value` is a real calendar date written yyyy-mm-dd. */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Normalise a date argument to an ISO calendar date (yyyy-mm-dd).
 * Dates and timestamps are read as the calendar date in England (Europe/London).
 * Without an argument, returns today's date in England.
 */
export function toIsoDate(input?: DateInput): string {
  if (input === undefined) return londonDate(new Date());
  if (input instanceof Date) return londonDate(input);
  const trimmed = input.trim();
  if (ISO_DATE.test(trimmed)) {
    if (!isIsoDate(trimmed)) throw new RangeError(`Invalid date: ${input}`);
    return trimmed;
  }
  const parsed = new Date(trimmed);
  if (Number.isNaN(parsed.getTime())) throw new RangeError(`Invalid date: ${input}`);
  return londonDate(parsed);
}

/** True when the list version is in force on the given ISO date. */
export function isInForce(list: Pick<CodeList, 'validFrom' | 'validTo'>, isoDate: string): boolean {
  return list.validFrom <= isoDate && (list.validTo === undefined || isoDate <= list.validTo);
}

/** Sort versions by `validFrom` (oldest first) without mutating the input. */
export function sortVersions<T extends CodeListEntry>(versions: readonly CodeList<T>[]): readonly CodeList<T>[] {
  return [...versions].sort((a, b) => (a.validFrom < b.validFrom ? -1 : a.validFrom > b.validFrom ? 1 : 0));
}

/** The version of a list in force on a date (default: today in England), or undefined. */
export function versionInForce<T extends CodeListEntry>(
  versions: readonly CodeList<T>[],
  onDate?: DateInput,
): CodeList<T> | undefined {
  const isoDate = toIsoDate(onDate);
  return versions.find((v) => isInForce(v, isoDate));
}

/** Find an entry by code in one list version (exact, case-sensitive match). */
export function entryFor<T extends CodeListEntry>(list: CodeList<T> | undefined, code: string): T | undefined {
  return list?.entries.find((e) => e.code === code);
}

/**
 * Structural problems of a set of versions of one list: duplicate versions, overlapping or
 * malformed validity windows, duplicate codes, empty codes or labels. Empty array = sound.
 * Used by the tests and available to anyone loading code lists from elsewhere.
 */
export function codeListProblems(versions: readonly CodeList[]): string[] {
  const problems: string[] = [];
  const sorted = sortVersions(versions);
  const seenVersions = new Set<string>();
  for (const v of sorted) {
    const where = `${v.id}@${v.version}`;
    if (seenVersions.has(v.version)) problems.push(`${where}: duplicate version`);
    seenVersions.add(v.version);
    if (!isIsoDate(v.validFrom)) problems.push(`${where}: validFrom is not an ISO date`);
    if (v.validTo !== undefined && !isIsoDate(v.validTo)) problems.push(`${where}: validTo is not an ISO date`);
    if (v.validTo !== undefined && v.validTo < v.validFrom) problems.push(`${where}: validTo before validFrom`);
    if (v.entries.length === 0) problems.push(`${where}: no entries`);
    const codes = new Set<string>();
    for (const e of v.entries) {
      if (e.code.trim() === '' || e.code !== e.code.trim())
        problems.push(`${where}: blank or untrimmed code '${e.code}'`);
      if (e.label.trim() === '') problems.push(`${where}: blank label for ${e.code}`);
      if (codes.has(e.code)) problems.push(`${where}: duplicate code ${e.code}`);
      codes.add(e.code);
    }
  }
  for (let i = 1; i < sorted.length; i += 1) {
    const prev = sorted[i - 1] as CodeList;
    const next = sorted[i] as CodeList;
    if (prev.id !== next.id) problems.push(`versions of different lists mixed: ${prev.id} / ${next.id}`);
    if (prev.validTo === undefined || prev.validTo >= next.validFrom) {
      problems.push(`${prev.id}: versions ${prev.version} and ${next.version} overlap`);
    }
  }
  return problems;
}
