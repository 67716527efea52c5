import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { FieldErrorDto, problemContent, ProblemDetailsDto } from '@rep-hub/platform';
import type { Type } from '@nestjs/common';

/**
 * Declares problem answers an operation (or every operation of a controller) can give, as
 * `application/problem+json` with the shared problem-details schema. The served document adds the
 * ones every route can give by itself (400 with input, 401 and 403 with a token, 404 with a path
 * id, 413, 429: see completeOpenApiDocument), so declare what is particular to the route: a 409, a
 * 401 of a public route, or a status with an example of its own (`{ 409: { ...problem } }`).
 */
export function ApiProblems(...statuses: (number | Record<number, { detail?: string; [member: string]: unknown }>)[]) {
  const decorators = [ApiExtraModels(ProblemDetailsDto, FieldErrorDto)];
  for (const entry of statuses) {
    const pairs: [number, unknown][] =
      typeof entry === 'number' ? [[entry, undefined]] : Object.entries(entry).map(([s, e]) => [Number(s), e]);
    for (const [status, example] of pairs)
      decorators.push(
        ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'A problem', content: problemContent(example) }),
      );
  }
  return applyDecorators(...decorators);
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `errors` names each field',
  401: 'Not signed in, or the credentials or token are wrong or spent',
  403: 'Your role may not do this, or not on this record',
  404: 'No such record, or none you may see',
  409: 'The record changed, already exists, or is in a state that does not allow this',
  429: 'Too many requests: wait for Retry-After',
};

/**
 * A 200/201 whose body is one of several response classes (`oneOf`), e.g. the sign-in's tokens or
 * its TOTP challenge. Each class is registered as a schema of the document.
 */
export function ApiOneOfResponse(status: number, description: string, ...classes: Type<unknown>[]) {
  return applyDecorators(
    ApiExtraModels(...classes),
    ApiResponse({
      status,
      description,
      content: { 'application/json': { schema: { oneOf: classes.map((c) => ({ $ref: getSchemaPath(c) })) } } },
    }),
  );
}
