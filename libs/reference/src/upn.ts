/**
 * Unique Pupil Number (UPN), DfE format (DOMAIN §7.1).
 *
 * 13 characters: a check letter, the 3-digit LA number of the allocating school, the 4-digit
 * establishment number, 2 digits of the academic year and a 3-digit serial. A temporary UPN ends
 * with 2 digits and a letter instead of the 3-digit serial.
 *
 * Check letter: multiply characters 2-13 by weights 2..13 (a final letter counts as its value in
 * the 23-letter alphabet below), sum, take the remainder mod 23, and map it to that alphabet.
 */
import type { CodeList, CodeListEntry } from './code-list';
import { isRecognisedLaNumber } from './local-authorities';

/** The 23-letter alphabet of the check letter: A-Z without I, O and S. Index = value. */
export const UPN_CHECK_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** Error messages as used by DfE validation tools, plus one for the wrong length. */
export const UPN_ERRORS = {
  length: 'UPN must be 13 characters',
  checkLetter: 'wrong check letter at character 1',
  laCode: 'characters 2-4 not a recognised LA code',
  numeric: 'characters 5-12 not all numeric',
  character13: 'character 13 not a recognised value',
} as const;

export type UpnKind = 'permanent' | 'temporary';

export type UpnValidationResult =
  | { readonly valid: true; readonly kind: UpnKind; readonly value: string }
  | { readonly valid: false; readonly errors: readonly string[] };

const DIGITS = /^\d+$/;

/** Trim and upper-case a UPN as typed. */
export function normaliseUpn(value: string): string {
  return value.trim().toUpperCase();
}

function characterValue(ch: string): number | undefined {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  const index = UPN_CHECK_ALPHABET.indexOf(ch);
  return index >= 0 ? index : undefined;
}

/**
 * The check letter for characters 2-13 of a UPN.
 * Accepts the 12 characters after the check letter, or a whole 13-character UPN (whose first
 * character is then ignored). Characters 2-12 must be digits; character 13 a digit or a letter of
 * the check alphabet. Throws RangeError otherwise.
 */
export function computeUpnCheckLetter(upnBody: string): string {
  const text = normaliseUpn(upnBody);
  const body = text.length === 13 ? text.slice(1) : text;
  if (body.length !== 12) {
    throw new RangeError('Expected the 12 characters after the check letter (or a 13-character UPN)');
  }
  if (!DIGITS.test(body.slice(0, 11))) {
    throw new RangeError('Characters 2-12 of a UPN must be digits');
  }
  let sum = 0;
  for (let i = 0; i < 12; i += 1) {
    const value = characterValue(body.charAt(i));
    if (value === undefined)
      throw new RangeError('Character 13 of a UPN must be a digit or a letter other than I, O or S');
    sum += value * (i + 2);
  }
  return UPN_CHECK_ALPHABET.charAt(sum % 23);
}

/**
 * Validate a UPN (after trimming and upper-casing). On success returns its kind and the
 * normalised value; on failure, every applicable DfE error message in character order.
 */
export function validateUpn(value: string): UpnValidationResult {
  const upn = normaliseUpn(value);
  if (upn.length !== 13) return { valid: false, errors: [UPN_ERRORS.length] };

  const errors: string[] = [];
  const first = upn.charAt(0);
  const laCode = upn.slice(1, 4);
  const middle = upn.slice(4, 12);
  const last = upn.charAt(12);

  const firstIsCheckLetter = UPN_CHECK_ALPHABET.includes(first);
  const laOk = DIGITS.test(laCode) && isRecognisedLaNumber(laCode);
  const middleOk = DIGITS.test(middle);
  const lastOk = characterValue(last) !== undefined;

  let checkLetterWrong = !firstIsCheckLetter;
  if (firstIsCheckLetter && DIGITS.test(laCode) && middleOk && lastOk) {
    checkLetterWrong = computeUpnCheckLetter(upn.slice(1)) !== first;
  }

  if (checkLetterWrong) errors.push(UPN_ERRORS.checkLetter);
  if (!laOk) errors.push(UPN_ERRORS.laCode);
  if (!middleOk) errors.push(UPN_ERRORS.numeric);
  if (!lastOk) errors.push(UPN_ERRORS.character13);

  if (errors.length > 0) return { valid: false, errors };
  return { valid: true, kind: last >= '0' && last <= '9' ? 'permanent' : 'temporary', value: upn };
}

/** True when the value is a valid UPN (permanent or temporary). */
export function isValidUpn(value: string): boolean {
  return validateUpn(value).valid;
}

// ---------------------------------------------------------------------------------------------
// Placeholder codes for an unknown UPN.
// ---------------------------------------------------------------------------------------------

export type UpnUnknownReason = CodeListEntry;

/**
 * Codes a children-looked-after (SSDA903) return accepts instead of a UPN when the UPN is unknown.
 * The codes UN1-UN5 are verified (DfE 903 validation rule 168: "If unknown, default codes should be
 * UN1, UN2, UN3, UN4 or UN5"). The meanings are from memory of the DfE 903 guide and are NOT
 * verified against the guide itself, hence provisional. Two constraints are verified: UN1 must not
 * be used for a child of school age (rule 209) and UN4 not for a child looked after for more than
 * a week at 31 March (rule 210). The CIN census uses a longer list (UN1-UN10), not modelled here.
 */
export const UPN_UNKNOWN_REASONS_LIST: CodeList<UpnUnknownReason> = {
  id: 'upn-unknown-reasons',
  version: 'ssda903',
  validFrom: '2010-04-01',
  provisional: true,
  note: 'Codes verified (903 rule 168); meanings and the validFrom date are not verified.',
  source: 'DfE SSDA903 (children looked after) return; validation rules 168, 209, 210',
  entries: [
    {
      code: 'UN1',
      label: 'Child is under school age and has not yet been allocated a UPN',
      provisional: true,
      note: 'Must not be used for a child of school age (903 rule 209).',
    },
    { code: 'UN2', label: 'Child has never attended a school in England', provisional: true },
    { code: 'UN3', label: 'Child is educated outside England', provisional: true },
    {
      code: 'UN4',
      label: 'Child newly looked after: UPN not yet obtained',
      provisional: true,
      note: 'Must not be used for a child looked after for more than a week at 31 March (903 rule 210).',
    },
    { code: 'UN5', label: 'Sources collating UPNs reflect a discrepancy', provisional: true },
  ],
};

export const UPN_UNKNOWN_REASONS: readonly UpnUnknownReason[] = UPN_UNKNOWN_REASONS_LIST.entries;
