import { PrincipalMembership } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, schoolToday } from '@rep-hub/platform';
import { SEN_NEED_TYPES, UPN_UNKNOWN_REASONS, validateUpn } from '@rep-hub/reference';
import { realDate, text, UUID } from './input';
import { bool, PupilContact, PupilInput, SAFEGUARDING_FLAGS } from './pupils.model';

// What a pupil's record must say before it is written, and as whom the caller records it.

/** A pupil's answers once checked: what `PupilStore.insert` writes. */
export interface ValidPupil {
  laId: string;
  upn: string | undefined;
  upnUnknownReason: string | undefined;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  currentSchoolId: string | undefined;
  senProvision: string;
  needs: string[];
  ehcCaseworker: string | undefined;
  ehcNextAnnualReview: string | undefined;
  lookedAfter: boolean;
  freeSchoolMeals: boolean;
  safeguardingFlags: string[];
  contacts: PupilContact[];
}

/**
 * Whether the caller is recording as a school: a school membership, unless they are (also) an
 * officer of the LA they name. Null for an LA officer's record.
 */
export function recordingSchool(
  memberships: readonly PrincipalMembership[],
  laIdInput: unknown,
): PrincipalMembership | null {
  const schools = memberships.filter(
    (x) => x.role === 'setting_staff' && x.organisationKind === 'school' && x.localAuthorityId,
  );
  if (!schools.length) return null;
  const officerLas = memberships
    .filter((x) => x.role === 'la_officer' && x.localAuthorityId)
    .map((x) => x.localAuthorityId);
  const laId = text(laIdInput);
  if (officerLas.length && (!laId || officerLas.includes(laId))) return null;
  return schools.find((x) => x.localAuthorityId === laId) ?? schools[0];
}

/** Checks a pupil's answers: every problem at once, as a 400 naming each field. */
export function validatePupil(input: PupilInput): ValidPupil {
  const errors: FieldError[] = [];
  const laId = text(input.laId);
  if (!laId || !UUID.test(laId)) errors.push({ field: 'laId', message: 'Select the pupil’s home local authority' });
  const rawUpn = text(input.upn);
  const reason = text(input.upnUnknownReason);
  let upn: string | undefined;
  if (rawUpn) {
    const checked = validateUpn(rawUpn);
    if (checked.valid) upn = checked.value;
    else errors.push({ field: 'upn', message: `The UPN is not valid: ${checked.errors.join('; ')}` });
    if (reason) errors.push({ field: 'upnUnknownReason', message: 'Give a UPN or the reason it is unknown, not both' });
  } else if (!reason) {
    errors.push({ field: 'upn', message: 'Enter the pupil’s UPN, or the reason it is unknown' });
  } else if (!UPN_UNKNOWN_REASONS.some((r) => r.code === reason)) {
    errors.push({ field: 'upnUnknownReason', message: 'The reason must be one of UN1 to UN5' });
  }
  const givenName = text(input.givenName);
  const familyName = text(input.familyName);
  if (!givenName) errors.push({ field: 'givenName', message: 'Enter the pupil’s first name' });
  else if (givenName.length > 100)
    errors.push({ field: 'givenName', message: 'The first name must be 100 characters or fewer' });
  if (!familyName) errors.push({ field: 'familyName', message: 'Enter the pupil’s last name' });
  else if (familyName.length > 100)
    errors.push({ field: 'familyName', message: 'The last name must be 100 characters or fewer' });
  const dateOfBirth = text(input.dateOfBirth);
  const today = schoolToday();
  if (!realDate(dateOfBirth)) errors.push({ field: 'dateOfBirth', message: 'Enter the date of birth as YYYY-MM-DD' });
  else if (dateOfBirth! >= today || dateOfBirth! <= '1995-01-01')
    errors.push({
      field: 'dateOfBirth',
      message: 'The date of birth must be in the past, for a child or young person of 0 to 25',
    });
  const currentSchoolId = text(input.currentSchoolId);
  if (currentSchoolId && !UUID.test(currentSchoolId))
    errors.push({ field: 'currentSchoolId', message: 'currentSchoolId must be a school of this partnership' });
  const senProvision = text(input.senProvision) ?? 'N';
  if (!['E', 'K', 'N'].includes(senProvision))
    errors.push({
      field: 'senProvision',
      message: 'SEN provision must be E (EHC plan), K (SEN support) or N (none)',
    });
  const needs = Array.isArray(input.needs) ? input.needs : input.needs === undefined ? [] : [input.needs];
  if (needs.length > 2 || needs.some((n) => typeof n !== 'string' || !SEN_NEED_TYPES.some((t) => t.code === n))) {
    errors.push({
      field: 'needs',
      message: 'Needs are at most two SEN type codes, primary first, like ["SEMH", "SLCN"]',
    });
  } else if (needs.length && senProvision === 'N') {
    errors.push({ field: 'needs', message: 'A pupil with no SEN provision has no recorded needs' });
  }
  const ehcCaseworker = text(input.ehcCaseworker);
  const ehcNextAnnualReview = text(input.ehcNextAnnualReview);
  if (senProvision !== 'E' && (ehcCaseworker || ehcNextAnnualReview))
    errors.push({
      field: 'ehcCaseworker',
      message: 'Only a pupil with an EHC plan (E) has a caseworker and annual review',
    });
  if (ehcNextAnnualReview && !realDate(ehcNextAnnualReview))
    errors.push({ field: 'ehcNextAnnualReview', message: 'Enter the next annual review as YYYY-MM-DD' });
  const lookedAfter = bool(input.lookedAfter);
  const freeSchoolMeals = bool(input.freeSchoolMeals);
  if (lookedAfter === undefined) errors.push({ field: 'lookedAfter', message: 'lookedAfter must be true or false' });
  if (freeSchoolMeals === undefined)
    errors.push({ field: 'freeSchoolMeals', message: 'freeSchoolMeals must be true or false' });
  const flags = Array.isArray(input.safeguardingFlags)
    ? input.safeguardingFlags
    : input.safeguardingFlags === undefined
      ? []
      : [input.safeguardingFlags];
  if (flags.some((f) => !SAFEGUARDING_FLAGS.includes(f as never)))
    errors.push({
      field: 'safeguardingFlags',
      message: `Safeguarding flags are from: ${SAFEGUARDING_FLAGS.join(', ')}`,
    });
  const contacts: PupilContact[] = [];
  if (input.contacts !== undefined) {
    if (!Array.isArray(input.contacts) || input.contacts.length > 10)
      errors.push({ field: 'contacts', message: 'contacts is a list of at most 10 people' });
    else
      input.contacts.forEach((c: unknown, i) => {
        const o = (c ?? {}) as Record<string, unknown>;
        const name = text(o['name']);
        const relationship = text(o['relationship']);
        if (!name || name.length > 200)
          errors.push({ field: `contacts[${i}].name`, message: 'Enter the contact’s name' });
        if (!relationship || relationship.length > 100)
          errors.push({
            field: `contacts[${i}].relationship`,
            message: 'Enter the contact’s relationship to the pupil',
          });
        const phone = text(o['phone']);
        const email = text(o['email']);
        if (phone && !/^[0-9 +()-]{6,20}$/.test(phone))
          errors.push({ field: `contacts[${i}].phone`, message: 'Enter a phone number, like 0161 496 0000' });
        if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
          errors.push({ field: `contacts[${i}].email`, message: 'Enter an email address in the correct format' });
        contacts.push({
          name: name ?? '',
          relationship: relationship ?? '',
          ...(phone ? { phone } : {}),
          ...(email ? { email } : {}),
          parentalResponsibility: o['parentalResponsibility'] === true,
        });
      });
  }
  if (errors.length) throw new InvalidFieldsException(errors);
  return {
    laId: laId!,
    upn,
    upnUnknownReason: upn ? undefined : reason,
    givenName: givenName!,
    familyName: familyName!,
    dateOfBirth: dateOfBirth!,
    currentSchoolId,
    senProvision,
    needs: needs as string[],
    ehcCaseworker,
    ehcNextAnnualReview,
    lookedAfter: lookedAfter!,
    freeSchoolMeals: freeSchoolMeals!,
    safeguardingFlags: flags as string[],
    contacts,
  };
}
