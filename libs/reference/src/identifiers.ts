/**
 * Other education identifiers (DOMAIN §7.2): URN, UKPRN, LAESTAB, and an early years setting's
 * Ofsted URN.
 * Each validator trims its input and returns `{ valid, error? }`; numbers are accepted as well as
 * strings.
 */
import { isRecognisedLaNumber } from './local-authorities';

export interface IdentifierValidationResult {
  readonly valid: boolean;
  /** Why the value is invalid (absent when valid). */
  readonly error?: string;
  /** The normalised value when valid (digits only; an Ofsted URN's EY prefix upper-case). */
  readonly value?: string;
}

function asText(value: string | number): string {
  return typeof value === 'number' ? String(value) : value.trim();
}

const ok = (value: string): IdentifierValidationResult => ({ valid: true, value });
const fail = (error: string): IdentifierValidationResult => ({ valid: false, error });

/** URN: the 6-digit Unique Reference Number of an establishment in GIAS (100000–999999). */
export function validateUrn(value: string | number): IdentifierValidationResult {
  const text = asText(value);
  if (text === '') return fail('URN is required');
  if (!/^\d+$/.test(text)) return fail('URN must contain digits only');
  if (text.length !== 6) return fail('URN must be 6 digits');
  if (text.startsWith('0')) return fail('URN must be between 100000 and 999999');
  return ok(text);
}

/** UKPRN: the 8-digit UK Provider Reference Number, 10000000–19999999 (always starts with 1). */
export function validateUkprn(value: string | number): IdentifierValidationResult {
  const text = asText(value);
  if (text === '') return fail('UKPRN is required');
  if (!/^\d+$/.test(text)) return fail('UKPRN must contain digits only');
  if (text.length !== 8) return fail('UKPRN must be 8 digits');
  if (!text.startsWith('1')) return fail('UKPRN must start with 1 (10000000 to 19999999)');
  return ok(text);
}

/**
 * Ofsted URN of an early years setting (Ofsted's early years register): `EY` and 6 digits (the
 * older numbers) or 6 or 7 digits. Not a school's URN: a six-digit Ofsted URN may equal one, so a
 * setting is matched by its kind as well as its number.
 */
export function validateOfstedUrn(value: string | number): IdentifierValidationResult {
  const text = asText(value).toUpperCase();
  if (text === '') return fail('Ofsted URN is required');
  if (/^EY/.test(text))
    return /^EY\d{6}$/.test(text) ? ok(text) : fail('An Ofsted URN starting EY has 6 digits after it');
  if (!/^\d+$/.test(text)) return fail('Ofsted URN must be EY and 6 digits, or digits only');
  if (text.length !== 6 && text.length !== 7) return fail('Ofsted URN must be 6 or 7 digits');
  return ok(text);
}

/** Remove the separator of a LAESTAB written as 'LLL/EEEE' or 'LLL EEEE'. */
export function normaliseLaestab(value: string | number): string {
  const text = asText(value);
  const match = /^(\d{3})[/\s-](\d{4})$/.exec(text);
  return match ? `${match[1]}${match[2]}` : text;
}

/**
 * LAESTAB: 7 digits, the 3-digit DfE LA number followed by the 4-digit establishment number.
 * 'LLL/EEEE' is accepted and normalised. The LA number must be a recognised one (current or
 * former English LA, Welsh LA, or DfE pseudo-LA), as for UPNs.
 */
export function validateLaestab(value: string | number): IdentifierValidationResult {
  const text = normaliseLaestab(value);
  if (text === '') return fail('LAESTAB is required');
  if (!/^\d+$/.test(text)) return fail('LAESTAB must contain digits only (optionally written LLL/EEEE)');
  if (text.length !== 7)
    return fail('LAESTAB must be 7 digits: a 3-digit LA number and a 4-digit establishment number');
  if (!isRecognisedLaNumber(text.slice(0, 3))) return fail('LAESTAB digits 1-3 are not a recognised LA number');
  return ok(text);
}

/** Split a valid LAESTAB into LA number and establishment number, or undefined when invalid. */
export function parseLaestab(
  value: string | number,
): { readonly laNumber: string; readonly establishmentNumber: string } | undefined {
  const result = validateLaestab(value);
  if (!result.valid || result.value === undefined) return undefined;
  return { laNumber: result.value.slice(0, 3), establishmentNumber: result.value.slice(3) };
}
