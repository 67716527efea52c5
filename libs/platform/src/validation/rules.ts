import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
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

/**
 * One of the codes a list gives when the input is checked (a versioned reference list's codes in
 * force, a registry's), not when the class is defined.
 */
export function IsCodeIn(codes: () => readonly unknown[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCodeIn',
      validator: {
        validate: (v) => codes().includes(v),
        defaultMessage: () => `$property must be one of ${codes().join(', ')}`,
      },
    },
    options,
  );
}

/**
 * A rule of the DTO's own, for what a decorator cannot say (a UPN's check letter, a date in a
 * range, a field that depends on another): `check` answers what is wrong, as the message to show,
 * or undefined when the value is good. It gets the value and the whole object sent.
 */
export function IsCheckedBy(
  check: (value: unknown, dto: Record<string, unknown>) => string | undefined,
  options?: ValidationOptions,
): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCheckedBy',
      validator: {
        validate: (v, args) => check(v, (args?.object ?? {}) as Record<string, unknown>) === undefined,
        defaultMessage: (args) =>
          check(args?.value, (args?.object ?? {}) as Record<string, unknown>) ?? '$property is not valid',
      },
    },
    options,
  );
}

/**
 * Like @IsOptional, and a field sent empty ('') is not checked either: for a setting where an
 * empty value means "back to the default".
 */
export function IsOptionalOrEmpty(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_dto, v) => v !== undefined && v !== null && v !== '', options);
}
