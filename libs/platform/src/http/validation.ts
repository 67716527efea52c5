import { ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors, InvalidFieldsException } from './problem-details';

/** Unknown fields are rejected, values transformed to their DTO types, each bad field named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new InvalidFieldsException(flattenValidationErrors(errors)),
  });
}
