import { EntityManager } from 'typeorm';

// Pupils as the service reads and shows them: inputs, views, rows, the checks of a pupil's record and their SQL.

export const SAFEGUARDING_FLAGS = [
  'child_protection_plan',
  'child_in_need',
  'early_help',
  'known_to_youth_justice',
  'missing_episodes',
  'exploitation_risk',
] as const;
export const PUPIL_MATCH_OUTCOMES = ['same_child', 'different_children'] as const;
export type PupilMatchOutcome = (typeof PUPIL_MATCH_OUTCOMES)[number];

/** The columns wall 3's rules on Pupil and PupilMatch use (sqlScope). */
export const PUPIL_SCOPE = { tenantId: 'tenant_id', laId: 'la_id', settingId: 'setting_id' };
export const MATCH_SCOPE = { tenantId: 'tenant_id', laId: 'la_id' };

export interface PupilContact {
  name: string;
  relationship: string;
  phone?: string;
  email?: string;
  parentalResponsibility: boolean;
}

export interface PupilInput {
  laId?: unknown;
  upn?: unknown;
  upnUnknownReason?: unknown;
  givenName?: unknown;
  familyName?: unknown;
  dateOfBirth?: unknown;
  currentSchoolId?: unknown;
  senProvision?: unknown;
  needs?: unknown;
  ehcCaseworker?: unknown;
  ehcNextAnnualReview?: unknown;
  lookedAfter?: unknown;
  freeSchoolMeals?: unknown;
  safeguardingFlags?: unknown;
  contacts?: unknown;
}

export interface PupilView {
  id: string;
  laId: string;
  /** The school that recorded the pupil (its own record of the child); null when an LA officer did. */
  settingId: string | null;
  upn: string | null;
  upnUnknownReason: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  currentSchoolId: string | null;
  senProvision: 'E' | 'K' | 'N';
  needs: string[];
  ehcPlan: { caseworker: string | null; nextAnnualReview: string | null } | null;
  lookedAfter: boolean;
  freeSchoolMeals: boolean;
  safeguardingFlags: string[];
  contacts: PupilContact[];
  /** The record's version: a change names it, and a change made since answers 409. */
  version: number;
}

export interface PupilRow {
  id: string;
  la_id: string;
  setting_id: string | null;
  upn: string | null;
  upn_unknown_reason: string | null;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  current_school_id: string | null;
  sen_provision: 'E' | 'K' | 'N';
  needs: string[];
  ehc_caseworker: string | null;
  ehc_next_annual_review: string | null;
  looked_after: boolean;
  free_school_meals: boolean;
  safeguarding_flags: string[];
  contacts: PupilContact[];
  version: number;
}

export const columns = (
  a: string,
) => `${a}.id, ${a}.la_id, ${a}.setting_id, ${a}.upn, ${a}.upn_unknown_reason, ${a}.given_name, ${a}.family_name,
  to_char(${a}.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, ${a}.current_school_id, ${a}.sen_provision, ${a}.needs, ${a}.ehc_caseworker,
  to_char(${a}.ehc_next_annual_review, 'YYYY-MM-DD') AS ehc_next_annual_review, ${a}.looked_after, ${a}.free_school_meals, ${a}.safeguarding_flags, ${a}.contacts, ${a}.version`;

export const pupilView = (r: PupilRow): PupilView => ({
  id: r.id,
  laId: r.la_id,
  settingId: r.setting_id,
  upn: r.upn,
  upnUnknownReason: r.upn_unknown_reason,
  givenName: r.given_name,
  familyName: r.family_name,
  dateOfBirth: r.date_of_birth,
  currentSchoolId: r.current_school_id,
  senProvision: r.sen_provision,
  needs: r.needs,
  ehcPlan:
    r.sen_provision === 'E' ? { caseworker: r.ehc_caseworker, nextAnnualReview: r.ehc_next_annual_review } : null,
  lookedAfter: r.looked_after,
  freeSchoolMeals: r.free_school_meals,
  safeguardingFlags: r.safeguarding_flags,
  contacts: r.contacts,
  version: r.version,
});

/** A pupil's record as the answers that would record it again (what a change starts from). */
export const pupilInputOfView = (v: PupilView): PupilInput => ({
  laId: v.laId,
  upn: v.upn ?? undefined,
  upnUnknownReason: v.upnUnknownReason ?? undefined,
  givenName: v.givenName,
  familyName: v.familyName,
  dateOfBirth: v.dateOfBirth,
  currentSchoolId: v.currentSchoolId ?? undefined,
  senProvision: v.senProvision,
  needs: v.needs,
  ehcCaseworker: v.ehcPlan?.caseworker ?? undefined,
  ehcNextAnnualReview: v.ehcPlan?.nextAnnualReview ?? undefined,
  lookedAfter: v.lookedAfter,
  freeSchoolMeals: v.freeSchoolMeals,
  safeguardingFlags: v.safeguardingFlags,
  contacts: v.contacts,
});

/** The fields of a pupil's record a change may name (its LA and recorder stay). */
export const PUPIL_CHANGE_FIELDS = [
  'upn',
  'upnUnknownReason',
  'givenName',
  'familyName',
  'dateOfBirth',
  'currentSchoolId',
  'senProvision',
  'needs',
  'ehcCaseworker',
  'ehcNextAnnualReview',
  'lookedAfter',
  'freeSchoolMeals',
  'safeguardingFlags',
  'contacts',
] as const;
export type PupilChangeField = (typeof PUPIL_CHANGE_FIELDS)[number];

export const bool = (v: unknown): boolean | undefined =>
  v === true || v === 'true' || v === 'yes'
    ? true
    : v === false || v === 'false' || v === 'no' || v === undefined
      ? false
      : undefined;

/** One side of a UPN match request, as the officer compares them. */
export interface PupilMatchRecord {
  pupilId: string;
  laId: string;
  /** The pupil's home local authority. */
  laName: string;
  /** False when the record is another LA's and not shared with yours: only its LA is shown. */
  shared: boolean;
  /** Who recorded it: the school's name, or the LA's (null when not shared). */
  recordedBy: string | null;
  settingId: string | null;
  upn: string | null;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  currentSchoolId: string | null;
  currentSchoolName: string | null;
}

export interface PupilMatchView {
  id: string;
  status: 'open' | PupilMatchOutcome;
  createdAt: string;
  /** `school_record`: a school of your LA recorded a child your LA holds; `other_la`: another LA recorded it. */
  kind: 'school_record' | 'other_la';
  /** The record your LA held first. */
  pupil: PupilMatchRecord;
  /** The record made later with the same UPN. */
  other: PupilMatchRecord;
}

export interface MatchRow {
  id: string;
  status: PupilMatchView['status'];
  created_at: Date;
  created_key: string;
  la_id: string;
  other_la_id: string;
  pupil_id: string;
  other_pupil_id: string;
  [side: string]: unknown;
}

/** Runs SQL with TypeORM named parameters (`:name`, `:...list`), as sqlScope yields them. */
export async function namedQuery<T>(m: EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [text, values] = m.connection.driver.escapeQueryWithParameters(sql, params);
  return (await m.query(text, values)) as T[];
}

/** Escapes LIKE's wildcards in a search term. */
export const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
