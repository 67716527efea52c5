import { ConflictException, NotFoundException } from '@nestjs/common';
import { fieldErrorsOf, InvalidFieldsException, problem } from '@rep-hub/platform';

/** Checks `input`'s fields named in `keys` with the rules of `Input` (the API's and the pages'): 400 naming each bad field. */
export function checked<T extends object>(Input: new () => T, input: object, keys: readonly (keyof T & string)[]): T {
  const picked: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (input as Record<string, unknown>)[k];
    if (v !== undefined) picked[k] = v;
  }
  const errors = fieldErrorsOf(Input, picked);
  if (errors.length) throw new InvalidFieldsException(errors);
  return picked as T;
}

export const notFound = (what: string) => new NotFoundException(problem(404, `No such ${what}.`));

/** The constraint a PostgreSQL error names, when it is one of `codes` (check, foreign key, unique). */
export function violated(error: unknown, codes: readonly string[]): string | undefined {
  const pg = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return pg?.code && codes.includes(pg.code) ? (pg.constraint ?? '') : undefined;
}

/** The refusals the database's funding caps give, as 409s a person can act on. */
export function capRefusal(error: unknown): ConflictException | undefined {
  const c = violated(error, ['23514', '23503']);
  if (c === 'workforce_allocations_within_places')
    return new ConflictException(
      problem(409, 'The local authority has no funded places left in this cohort.', { reason: 'la_places_full' }),
    );
  if (c === 'workforce_cohorts_within_funded_places')
    return new ConflictException(
      problem(409, 'The local authorities’ places would add up to more than the cohort’s funded places.', {
        reason: 'cohort_places_full',
      }),
    );
  if (c === 'workforce_enrolments_tenant_id_cohort_id_la_id_fkey')
    return new ConflictException(
      problem(409, 'The participant’s local authority has no places in this cohort.', { reason: 'no_allocation' }),
    );
  return undefined;
}
