import type { PupilInput, PupilMatchRecord, PupilView } from '@rep-hub/ap-domain';
import { SAFEGUARDING_FLAGS } from '@rep-hub/ap-domain';
import { FieldError } from '@rep-hub/platform';
import { SEN_NEED_TYPES, SEN_PROVISION_CODES, UPN_UNKNOWN_REASONS } from '@rep-hub/reference';
import { formatDate, postedDateOf } from '@rep-hub/web-surface';

export const SAFEGUARDING_LABELS: Record<(typeof SAFEGUARDING_FLAGS)[number], string> = {
  child_protection_plan: 'Child protection plan',
  child_in_need: 'Child in need',
  early_help: 'Early help',
  known_to_youth_justice: 'Known to youth justice services',
  missing_episodes: 'Missing episodes',
  exploitation_risk: 'At risk of exploitation',
};

export const senProvisionLabel = (code: string): string =>
  SEN_PROVISION_CODES.find((c) => c.code === code)?.label ?? code;
export const needLabel = (code: string): string => SEN_NEED_TYPES.find((c) => c.code === code)?.label ?? code;
/**
 * Why a UPN is not known, in plain words: the DfE return's own wording ("Sources collating UPNs
 * reflect a discrepancy") is for the return, not for the people using these pages. The codes are
 * the return's (reference's UPN_UNKNOWN_REASONS), in its order.
 */
export const UPN_REASON_WORDS: Readonly<Record<string, string>> = {
  UN1: 'Under school age and not given a UPN yet',
  UN2: 'Child has never attended a school in England',
  UN3: 'Child is educated outside England',
  UN4: 'Newly looked after, and the UPN has not been found yet',
  UN5: 'The records that hold UPNs disagree',
};
export const upnReasonLabel = (code: string): string =>
  UPN_REASON_WORDS[code] ?? UPN_UNKNOWN_REASONS.find((c) => c.code === code)?.label ?? code;
export const safeguardingLabel = (code: string): string =>
  SAFEGUARDING_LABELS[code as keyof typeof SAFEGUARDING_LABELS] ?? code;

/** The posted values of a checkbox group (one value is a string, several an array; kept answers are comma-joined). */
export function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  if (typeof v === 'string' && v !== '') return v.split(',');
  return [];
}

// ---- the "record a pupil" journey: its question pages and their fields ----

export interface QuestionPage {
  slug: string;
  path: string;
  title: string;
  view: string;
  /** The answers this page asks for (form field names). */
  fields: readonly string[];
}

const page = (slug: string, title: string, fields: string[]): QuestionPage => ({
  slug,
  path: slug ? `/ap/pupils/new/${slug}` : '/ap/pupils/new',
  title,
  view: `ap/pupil-${slug || 'details'}.njk`,
  fields,
});

export const PUPIL_PAGES: readonly QuestionPage[] = [
  page('', 'The pupil’s name and date of birth', [
    'laId',
    'givenName',
    'familyName',
    'dateOfBirth-day',
    'dateOfBirth-month',
    'dateOfBirth-year',
  ]),
  page('upn', 'The pupil’s UPN', ['upnChoice', 'upn']),
  page('needs', 'Special educational needs', [
    'senProvision',
    'primaryNeed',
    'secondaryNeed',
    'ehcCaseworker',
    'ehcNextAnnualReview-day',
    'ehcNextAnnualReview-month',
    'ehcNextAnnualReview-year',
  ]),
  page('circumstances', 'The pupil’s school and circumstances', [
    'currentSchoolId',
    'lookedAfter',
    'freeSchoolMeals',
    'safeguardingFlags',
  ]),
  page('contact', 'A contact for the pupil', [
    'contactName',
    'contactRelationship',
    'contactPhone',
    'contactEmail',
    'contactParentalResponsibility',
  ]),
];

/** Where a service error about `field` is shown: the input's id on its question page. */
export const SERVICE_FIELD_INPUT: Record<string, string> = {
  laId: 'laId',
  givenName: 'givenName',
  familyName: 'familyName',
  dateOfBirth: 'dateOfBirth-day',
  upn: 'upn',
  upnUnknownReason: 'upnChoice',
  senProvision: 'senProvision',
  needs: 'primaryNeed',
  ehcCaseworker: 'ehcCaseworker',
  ehcNextAnnualReview: 'ehcNextAnnualReview-day',
  currentSchoolId: 'currentSchoolId',
  lookedAfter: 'lookedAfter',
  freeSchoolMeals: 'freeSchoolMeals',
  safeguardingFlags: 'safeguardingFlags',
  'contacts[0].name': 'contactName',
  'contacts[0].relationship': 'contactRelationship',
  'contacts[0].phone': 'contactPhone',
  'contacts[0].email': 'contactEmail',
};

/** The page an input is on. */
export const pageOfInput = (input: string): QuestionPage | undefined =>
  PUPIL_PAGES.find((p) => p.fields.includes(input));

/** Service messages that name a field in code, in plain English for the pages. */
export function plainPupilMessage(e: FieldError): string {
  if (e.field === 'currentSchoolId') return 'Select a school of this partnership';
  if (e.field === 'needs')
    return /no SEN provision/.test(e.message)
      ? 'A pupil with no special educational needs has no type of need: select none'
      : 'Select the pupil’s types of need from the list';
  if (e.field === 'ehcCaseworker') return 'Only a pupil with an EHC plan has an EHC caseworker and annual review';
  if (e.field === 'upnUnknownReason') return 'Select why the UPN is unknown';
  if (e.field === 'dateOfBirth' && /past/.test(e.message))
    return 'Date of birth must be in the past, for a child or young person aged 0 to 25';
  return e.message;
}

/** The service's input from the journey's answers (the pages' field names). */
export function pupilInputOf(a: Record<string, string>): PupilInput {
  const ehc = a['senProvision'] === 'E';
  const contact = ['contactName', 'contactRelationship', 'contactPhone', 'contactEmail'].some(
    (f) => (a[f] ?? '') !== '',
  );
  return {
    laId: a['laId'] || undefined,
    upn: a['upnChoice'] === 'upn' ? a['upn'] || undefined : undefined,
    upnUnknownReason: a['upnChoice'] && a['upnChoice'] !== 'upn' ? a['upnChoice'] : undefined,
    givenName: a['givenName'],
    familyName: a['familyName'],
    dateOfBirth: postedDateOf(a, 'dateOfBirth', 'Date of birth', true).iso ?? 'not-a-date',
    currentSchoolId: a['currentSchoolId'] || undefined,
    senProvision: a['senProvision'] || undefined,
    needs: [a['primaryNeed'], a['secondaryNeed']].filter((n): n is string => !!n),
    ehcCaseworker: ehc ? a['ehcCaseworker'] || undefined : undefined,
    ehcNextAnnualReview: ehc ? postedDateOf(a, 'ehcNextAnnualReview', 'Next annual review', false).iso : undefined,
    lookedAfter: a['lookedAfter'] === 'yes',
    freeSchoolMeals: a['freeSchoolMeals'] === 'yes',
    safeguardingFlags: listOf(a['safeguardingFlags']),
    contacts: contact
      ? [
          {
            name: a['contactName'],
            relationship: a['contactRelationship'],
            phone: a['contactPhone'] || undefined,
            email: a['contactEmail'] || undefined,
            parentalResponsibility: a['contactParentalResponsibility'] === 'yes',
          },
        ]
      : [],
  };
}

/**
 * The first problem with the needs page's answers, or none: the provision first, then whether it
 * has types of need, then the types themselves, then the EHC plan's review date. Only one, so the
 * page never says two things that contradict each other ("select none" and "select the primary need").
 */
function needsProblem(a: Record<string, string>): FieldError | null {
  const provision = a['senProvision'] ?? '';
  if (!['E', 'K', 'N'].includes(provision))
    return { field: 'senProvision', message: 'Select the pupil’s special educational needs provision' };
  if (provision === 'N') {
    if (a['primaryNeed'] || a['secondaryNeed'])
      return {
        field: a['primaryNeed'] ? 'primaryNeed' : 'secondaryNeed',
        message: 'A pupil with no special educational needs has no type of need: select None',
      };
    return null;
  }
  if (!a['primaryNeed'])
    return {
      field: 'primaryNeed',
      message: a['secondaryNeed']
        ? 'Select the primary type of need before a secondary one'
        : 'Select the pupil’s primary type of need',
    };
  if (a['secondaryNeed'] && a['secondaryNeed'] === a['primaryNeed'])
    return { field: 'secondaryNeed', message: 'The secondary need must be different from the primary need' };
  if (provision === 'E') {
    const review = postedDateOf(a, 'ehcNextAnnualReview', 'Next annual review', false);
    if (review.error) return { field: 'ehcNextAnnualReview-day', message: review.error };
  }
  return null;
}

/** The page's own checks, before the service's: the answers GOV.UK pages require. */
export function pageChecks(slug: string, a: Record<string, string>): FieldError[] {
  const errors: FieldError[] = [];
  switch (slug) {
    case '': {
      const dob = postedDateOf(a, 'dateOfBirth', 'Date of birth', true);
      if (dob.error) errors.push({ field: 'dateOfBirth-day', message: dob.error });
      break;
    }
    case 'upn':
      if (!a['upnChoice']) errors.push({ field: 'upnChoice', message: 'Select whether you know the pupil’s UPN' });
      else if (a['upnChoice'] === 'upn' && !a['upn']) errors.push({ field: 'upn', message: 'Enter the pupil’s UPN' });
      break;
    case 'needs': {
      // one problem at a time, the first that stands: the answers below it depend on it
      const one = needsProblem(a);
      if (one) errors.push(one);
      break;
    }
    case 'circumstances':
      if (!['yes', 'no'].includes(a['lookedAfter'] ?? ''))
        errors.push({ field: 'lookedAfter', message: 'Select yes if the pupil is looked after' });
      if (!['yes', 'no'].includes(a['freeSchoolMeals'] ?? ''))
        errors.push({ field: 'freeSchoolMeals', message: 'Select yes if the pupil is eligible for free school meals' });
      break;
    case 'contact': {
      const any = ['contactName', 'contactRelationship', 'contactPhone', 'contactEmail'].some(
        (f) => (a[f] ?? '') !== '',
      );
      if (!any && a['contactParentalResponsibility'] === 'yes')
        errors.push({ field: 'contactName', message: 'Enter the contact’s name' });
      break;
    }
  }
  return errors;
}

/** A pupil's name as lists show it: "Family, Given". */
export const listName = (p: { givenName: string | null; familyName: string | null }) =>
  `${p.familyName ?? ''}, ${p.givenName ?? ''}`;

/** The pupil page's summary rows. */
/** A Change link to a question page of the pupil's record (none when the caller may not change it). */
export type ChangeLink = (slug: string, field: string, hidden: string) => { items: object[] } | undefined;

/** The links of a record the caller may change: each question page at `/ap/pupils/:id/change/:slug`, to the field. */
export const changeLinks =
  (pupilId: string): ChangeLink =>
  (slug, field, hidden) => ({
    items: [{ href: `/ap/pupils/${pupilId}/change/${slug}#${field}`, text: 'Change', visuallyHiddenText: hidden }],
  });

const noChange: ChangeLink = () => undefined;

export function pupilRows(p: PupilView, names: Map<string, string>, change: ChangeLink = noChange) {
  return {
    pupil: [
      {
        key: { text: 'Name' },
        value: { text: `${p.givenName} ${p.familyName}` },
        actions: change('details', 'givenName', 'name'),
      },
      {
        key: { text: 'Date of birth' },
        value: { text: formatDate(p.dateOfBirth) },
        actions: change('details', 'dateOfBirth-day', 'date of birth'),
      },
      {
        key: { text: 'UPN' },
        value: { text: p.upn ?? `Not known: ${upnReasonLabel(p.upnUnknownReason ?? '')}` },
        actions: change('upn', 'upnChoice', 'UPN'),
      },
      { key: { text: 'Home local authority' }, value: { text: names.get(p.laId) ?? '' } },
      {
        key: { text: 'Current school' },
        value: { text: p.currentSchoolId ? (names.get(p.currentSchoolId) ?? '') : 'Not recorded' },
        actions: change('circumstances', 'currentSchoolId', 'current school'),
      },
      {
        key: { text: 'Recorded by' },
        value: { text: p.settingId ? (names.get(p.settingId) ?? '') : `${names.get(p.laId) ?? ''} (local authority)` },
      },
    ],
    needs: [
      {
        key: { text: 'Special educational needs provision' },
        value: { text: senProvisionLabel(p.senProvision) },
        actions: change('needs', 'senProvision', 'special educational needs provision'),
      },
      {
        key: { text: 'Primary need' },
        value: { text: p.needs[0] ? needLabel(p.needs[0]) : 'None' },
        actions: change('needs', 'primaryNeed', 'primary need'),
      },
      {
        key: { text: 'Secondary need' },
        value: { text: p.needs[1] ? needLabel(p.needs[1]) : 'None' },
        actions: change('needs', 'secondaryNeed', 'secondary need'),
      },
      ...(p.ehcPlan
        ? [
            {
              key: { text: 'EHC caseworker' },
              value: { text: p.ehcPlan.caseworker ?? 'Not recorded' },
              actions: change('needs', 'ehcCaseworker', 'EHC caseworker'),
            },
            {
              key: { text: 'Next annual review' },
              value: { text: p.ehcPlan.nextAnnualReview ? formatDate(p.ehcPlan.nextAnnualReview) : 'Not recorded' },
              actions: change('needs', 'ehcNextAnnualReview-day', 'next annual review'),
            },
          ]
        : []),
    ],
    circumstances: [
      {
        key: { text: 'Looked after' },
        value: { text: p.lookedAfter ? 'Yes' : 'No' },
        actions: change('circumstances', 'lookedAfter', 'looked after'),
      },
      {
        key: { text: 'Free school meals' },
        value: { text: p.freeSchoolMeals ? 'Yes' : 'No' },
        actions: change('circumstances', 'freeSchoolMeals', 'free school meals'),
      },
      {
        key: { text: 'Safeguarding' },
        value: {
          text: p.safeguardingFlags.length ? p.safeguardingFlags.map(safeguardingLabel).join(', ') : 'None recorded',
        },
        actions: change('circumstances', 'safeguardingFlags', 'safeguarding'),
      },
    ],
  };
}

const dateParts = (prefix: string, iso: string | null | undefined): Record<string, string> => {
  const [y, m, d] = (iso ?? '').split('-');
  return iso
    ? { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y }
    : { [`${prefix}-day`]: '', [`${prefix}-month`]: '', [`${prefix}-year`]: '' };
};

/** A pupil's record as the question pages' answers (the inverse of `pupilInputOf`): what a change page starts from. */
export function answersOfPupil(p: PupilView): Record<string, string> {
  const c = p.contacts[0];
  return {
    laId: p.laId,
    givenName: p.givenName,
    familyName: p.familyName,
    ...dateParts('dateOfBirth', p.dateOfBirth),
    upnChoice: p.upn ? 'upn' : (p.upnUnknownReason ?? ''),
    upn: p.upn ?? '',
    senProvision: p.senProvision,
    primaryNeed: p.needs[0] ?? '',
    secondaryNeed: p.needs[1] ?? '',
    ehcCaseworker: p.ehcPlan?.caseworker ?? '',
    ...dateParts('ehcNextAnnualReview', p.ehcPlan?.nextAnnualReview),
    currentSchoolId: p.currentSchoolId ?? '',
    lookedAfter: p.lookedAfter ? 'yes' : 'no',
    freeSchoolMeals: p.freeSchoolMeals ? 'yes' : 'no',
    safeguardingFlags: p.safeguardingFlags.join(','),
    contactName: c?.name ?? '',
    contactRelationship: c?.relationship ?? '',
    contactPhone: c?.phone ?? '',
    contactEmail: c?.email ?? '',
    contactParentalResponsibility: c?.parentalResponsibility ? 'yes' : '',
  };
}

/** One side of a match request, as the comparison table's cells. */
export function matchCells(r: PupilMatchRecord): {
  name: string;
  dateOfBirth: string;
  upn: string;
  recordedBy: string;
  school: string;
  la: string;
} {
  if (!r.shared) {
    const hidden = 'Not shared with your local authority';
    return {
      name: hidden,
      dateOfBirth: hidden,
      upn: 'The same UPN',
      recordedBy: r.laName,
      school: hidden,
      la: r.laName,
    };
  }
  return {
    name: `${r.givenName ?? ''} ${r.familyName ?? ''}`.trim(),
    dateOfBirth: formatDate(r.dateOfBirth),
    upn: r.upn ?? '',
    recordedBy: r.recordedBy ?? '',
    school: r.currentSchoolName ?? 'Not recorded',
    la: r.laName,
  };
}
