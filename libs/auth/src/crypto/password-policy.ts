import { COMMON_PASSWORDS } from './common-passwords';

/**
 * Password policy in the style of NCSC guidance and NIST SP 800-63B: a minimum length, a
 * generous maximum, a deny-list of common and easily guessed passwords, and no passwords built
 * from the user's own details or the service name. Deliberately no composition rules (no
 * "must contain a digit and a symbol") and no expiry.
 *
 * "Too common" covers:
 * - the listed common passwords (common-passwords.ts), compared case-insensitively after
 *   Unicode NFKC normalisation, also with separators (space . - _) removed and with common
 *   character substitutions undone (p@ssw0rd -> password);
 * - a listed password with common padding before or after it: digits, symbols and spaces that
 *   are short (up to 4 characters per run), a sequence, a repeat, a year or a date
 *   ("dragon2024!", "!!monkey123456", "michael01011990");
 * - a handful of the very commonest bases ("password", "qwerty", "iloveyou", ...) with any
 *   digits or symbols at all around them ("password84726153");
 * - patterns: one character repeated; keyboard walks and digit or letter sequences, forwards
 *   or backwards, including several joined together ("qwertyuiop123", "1qaz2wsx3edc",
 *   "zyxwvutsrqpo", "aaaa1111!!!!");
 * - a string shorter than 12 characters (or itself too common) repeated ("monkeymonkey",
 *   "abcabcabcabc");
 * - three characters or fewer padded with common padding ("ab1234567890").
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordCheckResult = { ok: true } | { ok: false; reason: string };

export interface PasswordContext {
  email?: string;
  displayName?: string;
}

/** User-facing reasons, exported so that callers and tests need not repeat the wording. */
export const PASSWORD_REASONS = {
  tooShort: `Password must be at least ${MIN_PASSWORD_LENGTH} characters`,
  tooLong: `Password must be at most ${MAX_PASSWORD_LENGTH} characters`,
  notText: 'Password must be text',
  email: 'Password must not contain your email address',
  name: 'Password must not be your name',
  serviceName: 'Password must not be the name of this service',
  tooCommon: 'Password is too common: choose a less common one',
} as const;

/**
 * Checks a new password (at registration, reset or change; not at sign-in). Length is counted
 * in Unicode code points, so "pässwörd" is 8 characters and an emoji is 1. The rules are
 * checked in this order and the first failure is reported: length, display name, email
 * address, service name, too common.
 */
export function checkNewPassword(password: string, context: PasswordContext = {}): PasswordCheckResult {
  if (typeof password !== 'string') return refuse(PASSWORD_REASONS.notText);
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return refuse(PASSWORD_REASONS.tooShort);
  if (length > MAX_PASSWORD_LENGTH) return refuse(PASSWORD_REASONS.tooLong);

  const s = normalise(password);
  if (isName(s, context.displayName)) return refuse(PASSWORD_REASONS.name);
  if (containsEmail(s, context.email)) return refuse(PASSWORD_REASONS.email);
  if (isServiceName(s)) return refuse(PASSWORD_REASONS.serviceName);
  if (isTooCommon(s)) return refuse(PASSWORD_REASONS.tooCommon);
  return { ok: true };
}

function refuse(reason: string): PasswordCheckResult {
  return { ok: false, reason };
}

// ---------------------------------------------------------------------------------------------
// Normalisation

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Separators people put between words; removed when comparing. */
const SEPARATORS = /[\s._-]+/gu;

function collapse(text: string): string {
  return text.replace(SEPARATORS, '');
}

function codePoints(text: string): number {
  return [...text].length;
}

/** Digits, punctuation, symbols and white space: what people pad a word with. */
const PADDING_CHAR = /^[\p{N}\p{P}\p{S}\s]$/u;

function isPaddingChar(ch: string): boolean {
  return PADDING_CHAR.test(ch);
}

const LEET: Record<string, string> = {
  '0': 'o',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '+': 't',
  '|': 'l',
  '€': 'e',
};

/** The text with common substitutions undone; '1' is read as 'i' or as 'l'. */
function unLeet(text: string, one: 'i' | 'l'): string {
  let out = '';
  for (const ch of text) out += ch === '1' ? one : (LEET[ch] ?? ch);
  return out;
}

/** The forms of a candidate compared with the deny-list. */
function variants(core: string): string[] {
  return [...new Set([core, collapse(core), collapse(unLeet(core, 'i')), collapse(unLeet(core, 'l'))])];
}

// ---------------------------------------------------------------------------------------------
// Deny-list and patterns

const DENY = new Set(COMMON_PASSWORDS);

/** The commonest bases: refused with any digits or symbols around them, not only common ones. */
const ANY_PADDING_BASES = new Set([
  'password',
  'passwd',
  'pass',
  'qwerty',
  'qwertyuiop',
  'iloveyou',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'changeme',
  'secret',
  'login',
  'test',
  'default',
  'guest',
  'root',
  'user',
]);

/**
 * Keyboard rows, columns and diagonals (UK/US QWERTY, QWERTZ, AZERTY, numeric keypad), the
 * alphabet, and digits (doubled so that sequences wrap from 9 to 0). Any substring of 3+
 * characters of one of these, or of its reverse, is a "run".
 */
const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890123456789',
  '`1234567890-=',
  '~!@#$%^&*()_+',
  '¬!"£$%^&*()_+',
  'qwertyuiop[]',
  "asdfghjkl;'#",
  '\\zxcvbnm,./',
  'qwertyuiopasdfghjklzxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/',
  '!qaz@wsx#edc$rfv%tgb^yhn&ujm*ik<(ol>)p:?',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0',
  'qazwsxedcrfvtgbyhnujmikolp',
  '1q2w3e4r5t6y7u8i9o0p',
  'q1w2e3r4t5y6u7i8o9p0',
  'a1b2c3d4e5f6g7h8i9j0',
  '1a2b3c4d5e6f7g8h9i0j',
  '1!2@3#4$5%6^7&8*9(0)',
  'qwertzuiop',
  'yxcvbnm',
  'azertyuiop',
  'qsdfghjklm',
  'wxcvbn',
  '789456123',
  '147258369',
  '159357',
  '123698745',
];
const MIN_RUN = 3;

let runs: Set<string> | undefined;

function runSet(): Set<string> {
  if (runs === undefined) {
    runs = new Set();
    for (const forwards of SEQUENCES) {
      for (const seq of [forwards, [...forwards].reverse().join('')]) {
        for (let i = 0; i < seq.length; i++) {
          for (let j = i + MIN_RUN; j <= seq.length; j++) runs.add(seq.slice(i, j));
        }
      }
    }
  }
  return runs;
}

const LONGEST_RUN = Math.max(...SEQUENCES.map((seq) => seq.length));

/**
 * True if the text is made entirely of runs (see SEQUENCES) and of one character repeated
 * three or more times: "qwerty123456", "1qaz2wsx3edc", "aaa111bbb222", "zyxwvutsrqpo".
 */
function isWalk(text: string): boolean {
  const chars = [...text];
  const n = chars.length;
  if (n < MIN_RUN) return false;
  const known = runSet();
  const reachable = new Array<boolean>(n + 1).fill(false);
  reachable[0] = true;
  for (let i = 0; i < n; i++) {
    if (!reachable[i]) continue;
    let same = 1;
    while (i + same < n && chars[i + same] === chars[i]) same++;
    for (let k = MIN_RUN; k <= same; k++) reachable[i + k] = true;
    let piece = chars.slice(i, i + MIN_RUN - 1).join('');
    for (let j = i + MIN_RUN; j <= Math.min(n, i + LONGEST_RUN); j++) {
      piece += chars[j - 1];
      if (known.has(piece)) reachable[j] = true;
    }
  }
  return reachable[n];
}

/** If the text is a shorter string repeated two or more times, that string; else null. */
function repeatedUnit(text: string): string | null {
  const chars = [...text];
  const n = chars.length;
  if (n < 2) return null;
  // Knuth-Morris-Pratt failure function: the smallest period is n - border(n).
  const border = new Array<number>(n).fill(0);
  for (let i = 1, k = 0; i < n; i++) {
    while (k > 0 && chars[i] !== chars[k]) k = border[k - 1];
    if (chars[i] === chars[k]) k++;
    border[i] = k;
  }
  const period = n - border[n - 1];
  return period < n && n % period === 0 ? chars.slice(0, period).join('') : null;
}

function isWeakRepeat(text: string): boolean {
  const unit = repeatedUnit(text);
  return unit !== null && (codePoints(unit) < MIN_PASSWORD_LENGTH || isTooCommon(unit));
}

const DAY = '(?:0[1-9]|[12][0-9]|3[01])';
const MONTH = '(?:0[1-9]|1[0-2])';
const YEAR = '(?:19|20)?[0-9]{2}';
/** ddmmyy(yy), mmddyy(yy), (yy)yymmdd. */
const DATE = new RegExp(`^(?:${DAY}${MONTH}${YEAR}|${MONTH}${DAY}${YEAR}|${YEAR}${MONTH}${DAY})$`);

function isDate(digits: string): boolean {
  return (digits.length === 6 || digits.length === 8) && DATE.test(digits);
}

/**
 * Padding people add without thinking: empty; a sequence or repeat ("123456", "!!!!"); at most
 * three runs of digits or of other characters, each at most four long or a sequence, a repeat
 * or a date ("2024!", "1!", "01011990!"); or a date written with separators ("12/05/1990").
 */
function isCommonPadding(padding: string): boolean {
  if (padding === '' || isWalk(padding) || repeatedUnit(padding) !== null) return true;
  const pieces = padding.match(/\p{N}+|\P{N}+/gu) ?? [];
  if (pieces.length > 3) return isDate(padding.replace(/\P{N}/gu, '')) && pieces.length <= 5;
  return pieces.every(
    (piece) => codePoints(piece) <= 4 || isWalk(piece) || repeatedUnit(piece) !== null || isDate(piece),
  );
}

/** Most leading (or trailing) padding characters that may belong to the word itself ("blink182"). */
const MAX_DIGITS_IN_WORD = 6;

/**
 * Calls `test` with each way of reading the text as padding + core + padding, where the core
 * holds every non-padding character, until it returns true. Returns false if the text is all
 * padding.
 */
function someSplit(text: string, test: (prefix: string, core: string, suffix: string) => boolean): boolean {
  const chars = [...text];
  const n = chars.length;
  let lead = 0;
  while (lead < n && isPaddingChar(chars[lead])) lead++;
  if (lead === n) return false;
  let trail = 0;
  while (isPaddingChar(chars[n - 1 - trail])) trail++;
  const cuts = (most: number): number[] => {
    const out = new Set<number>([0]);
    for (let c = Math.max(0, most - MAX_DIGITS_IN_WORD); c <= most; c++) out.add(c);
    return [...out];
  };
  for (const i of cuts(lead)) {
    for (const j of cuts(trail)) {
      const prefix = chars.slice(0, i).join('');
      const core = chars.slice(i, n - j).join('');
      const suffix = chars.slice(n - j).join('');
      if (test(prefix, core, suffix)) return true;
    }
  }
  return false;
}

/** A core that makes the password too common when wrapped in common padding. */
function isWeakCore(core: string): boolean {
  if (codePoints(core) < 4) return true;
  const forms = variants(core);
  if (forms.some((form) => DENY.has(form))) return true;
  if (isWalk(core) || isWalk(collapse(core))) return true;
  return isWeakRepeat(core) || (collapse(core) !== core && isWeakRepeat(collapse(core)));
}

/** `s` is normalised (NFKC, lower case). */
function isTooCommon(s: string): boolean {
  if (DENY.has(s) || isWalk(s) || isWeakRepeat(s)) return true;
  const padding = new Map<string, boolean>();
  const common = (p: string): boolean => {
    let result = padding.get(p);
    if (result === undefined) padding.set(p, (result = isCommonPadding(p)));
    return result;
  };
  return someSplit(s, (prefix, core, suffix) => {
    if (variants(core).some((form) => ANY_PADDING_BASES.has(form))) return true;
    return common(prefix) && common(suffix) && isWeakCore(core);
  });
}

// ---------------------------------------------------------------------------------------------
// The user's details and the service name

function containsEmail(s: string, email: string | undefined): boolean {
  if (typeof email !== 'string') return false;
  const address = normalise(email).trim();
  if (address === '') return false;
  if (s.includes(address)) return true;
  const at = address.lastIndexOf('@');
  const local = at >= 0 ? address.slice(0, at) : address;
  const candidates = new Set([local, local.split('+')[0], collapse(local), collapse(local.split('+')[0])]);
  const collapsed = collapse(s);
  for (const part of candidates) {
    if (codePoints(part) >= 4 && (s.includes(part) || collapsed.includes(part))) return true;
  }
  return false;
}

/** The display name, ignoring case, spaces and separators, alone or with common padding. */
function isName(s: string, displayName: string | undefined): boolean {
  if (typeof displayName !== 'string') return false;
  const name = collapse(normalise(displayName));
  if (name === '') return false;
  if (collapse(s) === name) return true;
  return someSplit(
    s,
    (prefix, core, suffix) => collapse(core) === name && isCommonPadding(prefix) && isCommonPadding(suffix),
  );
}

const SERVICE_NAMES = new Set(['rephub']);

/** "rephub", "rep hub", "rep-hub" (and r3phub, RepHubRepHub...) with only digits and symbols around it. */
function isServiceName(s: string): boolean {
  return someSplit(s, (_prefix, core) =>
    variants(core).some((form) => SERVICE_NAMES.has(form) || SERVICE_NAMES.has(repeatedUnit(form) ?? '')),
  );
}
