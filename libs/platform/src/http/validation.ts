import { ValidationPipe } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { flattenValidationErrors, InvalidFieldsException } from './problem-details';

/**
 * How every request DTO is checked, by the API's pipe and by a page's fieldErrorsOf alike: unknown
 * fields are refused and every rule of a field runs (flattenValidationErrors then names the field
 * once, with the first failing rule in reading order).
 */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: false,
};

/** Unknown fields are rejected, values transformed to their DTO types, each bad field named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new InvalidFieldsException(flattenValidationErrors(errors)),
  });
}
