/**
 * Suspensions and permanent exclusions (DOMAIN §4.3, §7.6).
 */
import type { CodeList, CodeListEntry, DateInput } from './code-list';
import { entryFor, sortVersions, versionInForce } from './code-list';

/** A pupil may be suspended for at most 45 school days in an academic year. */
export const MAX_SUSPENSION_DAYS_PER_YEAR = 45;

/** From the sixth school day of a suspension or permanent exclusion, full-time education must be arranged. */
export const FULL_TIME_PROVISION_FROM_SCHOOL_DAY = 6;

/** Since autumn 2020 up to three reasons may be recorded per suspension or exclusion. */
export const MAX_EXCLUSION_REASONS = 3;

export interface ExclusionType extends CodeListEntry {
  /** School census exclusion category code (unverified, DOMAIN §7.6). */
  readonly censusCode: string;
}

export const EXCLUSION_TYPES_LIST: CodeList<ExclusionType> = {
  id: 'exclusion-types',
  version: '2022-09',
  validFrom: '2022-09-01',
  source: 'DfE suspension and permanent exclusion guidance (DOMAIN §7.6)',
  note: 'Suspension was formerly called fixed-period exclusion. The census codes PERM/FIXD/LUNC are unverified; validFrom (September 2022 guidance using "suspension") is not verified.',
  entries: [
    {
      code: 'suspension',
      label: 'Suspension',
      censusCode: 'FIXD',
      provisional: true,
      note: 'Formerly "fixed-period exclusion". Census code unverified.',
    },
    {
      code: 'permanent_exclusion',
      label: 'Permanent exclusion',
      censusCode: 'PERM',
      provisional: true,
      note: 'Census code unverified.',
    },
    {
      code: 'lunchtime_suspension',
      label: 'Lunchtime suspension',
      censusCode: 'LUNC',
      provisional: true,
      note: 'Lunchtime exclusions exist; census code and wording unverified.',
    },
  ],
};

export const EXCLUSION_TYPES: readonly ExclusionType[] = EXCLUSION_TYPES_LIST.entries;

export const EXCLUSION_REASONS_LIST_ID = 'exclusion-reasons';

export const EXCLUSION_REASON_VERSIONS: readonly CodeList[] = sortVersions([
  {
    id: EXCLUSION_REASONS_LIST_ID,
    version: 'pre-2020',
    validFrom: '2012-09-01',
    validTo: '2020-08-31',
    provisional: true,
    source: 'DfE school census exclusion reasons before autumn 2020 (from memory; not verified)',
    note: 'Kept for historic records only. Codes and dates unverified; one reason per exclusion.',
    entries: [
      { code: 'PP', label: 'Physical assault against a pupil' },
      { code: 'PA', label: 'Physical assault against an adult' },
      { code: 'VP', label: 'Verbal abuse or threatening behaviour against a pupil' },
      { code: 'VA', label: 'Verbal abuse or threatening behaviour against an adult' },
      { code: 'BU', label: 'Bullying' },
      { code: 'RA', label: 'Racist abuse' },
      { code: 'SM', label: 'Sexual misconduct' },
      { code: 'DA', label: 'Drug and alcohol related' },
      { code: 'DB', label: 'Persistent disruptive behaviour' },
      { code: 'DM', label: 'Damage' },
      { code: 'TH', label: 'Theft' },
      { code: 'OT', label: 'Other' },
    ],
  },
  {
    id: EXCLUSION_REASONS_LIST_ID,
    version: '2020-09',
    validFrom: '2020-09-01',
    source: 'DfE school census exclusion reason codes from autumn 2020 (DOMAIN §7.6)',
    entries: [
      { code: 'PP', label: 'Physical assault against a pupil' },
      { code: 'PA', label: 'Physical assault against an adult' },
      { code: 'VP', label: 'Verbal abuse or threatening behaviour against a pupil' },
      { code: 'VA', label: 'Verbal abuse or threatening behaviour against an adult' },
      { code: 'OW', label: 'Use or threat of use of an offensive weapon or prohibited item' },
      { code: 'BU', label: 'Bullying' },
      { code: 'RA', label: 'Racist abuse' },
      { code: 'LG', label: 'Abuse against sexual orientation and gender identity' },
      { code: 'DS', label: 'Abuse relating to disability' },
      { code: 'SM', label: 'Sexual misconduct' },
      { code: 'DA', label: 'Drug and alcohol related' },
      { code: 'DB', label: 'Persistent or general disruptive behaviour' },
      { code: 'DM', label: 'Damage' },
      { code: 'TH', label: 'Theft' },
      { code: 'MT', label: 'Inappropriate use of social media or online technology' },
      {
        code: 'PH',
        label: 'Wilful and repeated breach of public-health protective measures',
        provisional: true,
        note: 'Introduced for the COVID-19 period; whether it is still collected is not verified.',
      },
    ],
  },
]);

/** Exclusion reason in force on a date (default: today), or undefined. */
export function exclusionReasonFor(code: string, onDate?: DateInput): CodeListEntry | undefined {
  return entryFor(versionInForce(EXCLUSION_REASON_VERSIONS, onDate), code.trim().toUpperCase());
}
