import { FieldError, schoolToday, UUID_PATTERN } from '@rep-hub/platform';
import { parsePeriod, periodExists } from './reference';
import { RAGS, RatingInput } from './returns.model';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The field error of a `version` the client saw (every write carries one). */
export function versionProblems(v: unknown): FieldError[] {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1
    ? []
    : [{ field: 'version', message: 'version must be the return’s version number you saw' }];
}

/** The field errors of a new return's period (the API's DTO and the page share them). */
export function periodProblems(period: unknown, today = schoolToday()): FieldError[] {
  if (typeof period !== 'string' || !parsePeriod(period))
    return [{ field: 'period', message: 'Choose a period, such as 2026-27-autumn' }];
  if (!periodExists(period, today)) return [{ field: 'period', message: 'Choose a period that has begun' }];
  return [];
}

/** The field errors of the ratings (each red one an exception with an owner and commentary). */
export function ratingsProblems(ratings: unknown): FieldError[] {
  if (!Array.isArray(ratings)) return [{ field: 'ratings', message: 'ratings must be a list of ratings' }];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  ratings.forEach((r: RatingInput, i) => {
    const at = `ratings[${i}]`;
    if (!r || typeof r !== 'object') return errors.push({ field: at, message: 'Each rating is an object' });
    if (typeof r.indicatorCode !== 'string' || !r.indicatorCode)
      errors.push({ field: `${at}.indicatorCode`, message: 'Name the indicator rated' });
    else if (seen.has(r.indicatorCode))
      errors.push({ field: `${at}.indicatorCode`, message: 'Rate each indicator once' });
    else seen.add(r.indicatorCode);
    if (typeof r.rag !== 'string' || !(RAGS as readonly string[]).includes(r.rag))
      errors.push({ field: `${at}.rag`, message: 'Choose red, amber or green' });
    if (r.exception !== undefined && typeof r.exception !== 'boolean')
      errors.push({ field: `${at}.exception`, message: 'exception must be true or false' });
    const exception = r.rag === 'red' || r.exception === true;
    if (
      r.ownerUserId !== undefined &&
      r.ownerUserId !== null &&
      r.ownerUserId !== '' &&
      (typeof r.ownerUserId !== 'string' || !UUID_PATTERN.test(r.ownerUserId))
    )
      errors.push({
        field: `${at}.ownerUserId`,
        message: 'Choose the exception’s owner from the partnership’s people',
      });
    else if (exception && !text(r.ownerUserId))
      errors.push({
        field: `${at}.ownerUserId`,
        message: 'Choose the owner of the exception (a red rating is an exception)',
      });
    if (r.commentary !== undefined && typeof r.commentary !== 'string')
      errors.push({ field: `${at}.commentary`, message: 'The commentary must be text' });
    else if (typeof r.commentary === 'string' && r.commentary.length > 5000)
      errors.push({ field: `${at}.commentary`, message: 'The commentary must be 5,000 characters or fewer' });
    else if (exception && !text(r.commentary))
      errors.push({ field: `${at}.commentary`, message: 'Give the owner’s commentary on the exception' });
  });
  return errors;
}
