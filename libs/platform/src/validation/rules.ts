import { ValidateBy, ValidationOptions } from 'class-validator';
import { isRealDate } from './dates';
import { isUuid } from './uuid';

/**
 * Field rules that class-validator lacks, for request DTOs (the API) and form inputs (the pages)
 * alike. Each takes the message a person reads, so a page and the API say the same thing.
 */

/** A UUID (the one check: isUuid). */
export function IsUuid(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isUuid', validator: { validate: (v) => isUuid(v), defaultMessage: () => '$property must be a UUID' } },
    options,
  );
}

/** A real calendar date written YYYY-MM-DD. */
export function IsRealDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRealDate',
      validator: { validate: (v) => isRealDate(v), defaultMessage: () => '$property must be a date as YYYY-MM-DD' },
    },
    options,
  );
}

/** A string with something other than spaces in it (a required text field). */
export function IsFilled(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFilled',
      validator: {
        validate: (v) => typeof v === 'string' && v.trim() !== '',
        defaultMessage: () => '$property must be filled in',
      },
    },
    options,
  );
}
