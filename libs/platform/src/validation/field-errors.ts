import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors, FieldError } from '../http/problem-details';
import { VALIDATOR_OPTIONS } from '../http/validation';

/**
 * The field errors a request DTO gives for this input: the same rules, options and messages as the
 * API's global ValidationPipe, for a page that checks a form before calling a service (its GOV.UK
 * error summary then says what the API would say).
 */
export function fieldErrorsOf<T extends object>(dto: new () => T, input: object): FieldError[] {
  const instance = plainToInstance(dto, input);
  return flattenValidationErrors(validateSync(instance as object, VALIDATOR_OPTIONS));
}
