import { ApiExtension, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';

/** One invalid field of a 400 (an upload's rows add `row` and `column`). */
export class FieldErrorDto {
  @ApiProperty({
    description: 'The JSON path of the field: `slug`, `sessions[3].code`, `(body)` for the body as a whole',
    example: 'slug',
  })
  field: string;
  @ApiProperty({ example: 'slug must be lower-case letters and numbers joined by hyphens' })
  message: string;
  @ApiPropertyOptional({ description: 'An uploaded file’s row (the header is row 1)', example: 5 })
  row?: number;
  @ApiPropertyOptional({ description: 'An uploaded file’s column, as its header names it', example: 'code' })
  column?: string;
}

/**
 * RFC 9457 problem details, as every error answers (`application/problem+json`). Some problems
 * add members of their own (a 409's `allowedTransitions` or `existing`, a 429's `retryAfter`),
 * so other members are allowed.
 */
export class ProblemDetailsDto {
  @ApiProperty({
    description: 'A URI naming the kind of problem (`about:blank` for 5xx)',
    example: 'https://rephub.example/problems/400',
  })
  type: string;
  @ApiProperty({ example: 'Bad request' })
  title: string;
  @ApiProperty({ description: 'The HTTP status, as the response’s', example: 400 })
  status: number;
  @ApiPropertyOptional({ example: 'Your request has invalid fields.' })
  detail?: string;
  @ApiPropertyOptional({ example: '/api/v1/admin/tenants' })
  instance?: string;
  @ApiPropertyOptional({ description: 'Each invalid field (400 only)', type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}

/** The standard problem answers, by status, and when an operation gets one by default. */
const STANDARD: Record<number, string> = {
  400: 'Invalid input: `errors` names each field',
  401: 'No valid bearer token (or, signing in, wrong credentials)',
  403: 'Your role may not do this, or not on this record',
  404: 'No such record, or none you may see',
  409: 'The record changed or is in a state that does not allow this',
  413: 'The request body is too large',
  429: 'Too many requests from this address: wait for Retry-After',
};

export const PROBLEM_JSON = 'application/problem+json';

/** A problem response of `status` (RFC 9457, the shared schema), with an optional example. */
export function problemContent(example?: unknown): Record<string, { schema: { $ref: string }; example?: unknown }> {
  return {
    [PROBLEM_JSON]: {
      schema: { $ref: getSchemaPath(ProblemDetailsDto) },
      ...(example === undefined ? {} : { example }),
    },
  };
}

/** One-line descriptions of the operations' tags: the core and each module register their own. */
const TAGS = new Map<string, string>();

/** Describes a tag of the served document (each tag the operations use needs one: the API lint checks it). */
export function registerOpenApiTag(name: string, description: string): void {
  TAGS.set(name, description);
}

/** Marks an operation open to anyone in the document (`security: []`); `@Public()` adds it. */
export const OPENAPI_PUBLIC = 'x-rephub-public';
export const ApiPublicOperation = () => ApiExtension(OPENAPI_PUBLIC, true);

type Operation = {
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown; example?: unknown; examples?: unknown }> }
  >;
  security?: unknown[];
  tags?: string[];
  [k: string]: unknown;
};

type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  enum?: unknown[];
  allOf?: Schema[];
  anyOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  [k: string]: unknown;
};

/**
 * Says `null` the way OpenAPI 3.0 validators (and so linters and generated clients) read it: a
 * nullable enum lists `null` among its values, and a nullable object of a named schema is
 * `anyOf` that schema or `null` (Nest writes `nullable` beside an `allOf`, which a validator reads
 * as "never null", so an example showing `null` is refused).
 */
function nullableSchemas(schema: Schema): void {
  for (const [name, p] of Object.entries(schema.properties ?? {})) {
    if (p.nullable && p.allOf?.length === 1 && p.allOf[0].$ref && !p.properties) {
      const { allOf, type: _type, nullable: _nullable, ...rest } = p;
      schema.properties![name] = { ...rest, anyOf: [allOf[0], { type: 'object', nullable: true, enum: [null] }] };
    } else nullableSchemas(p);
  }
  if (schema.items) nullableSchemas(schema.items);
  if (schema.nullable && schema.enum && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
}

/**
 * What every operation of the served document says the same way, so no controller can forget it:
 * `security: []` on public operations (bearer on the others), and the problem answers the
 * platform gives whatever the route: 400 (ill-formed input), 401 and 403 where a token is
 * needed, 404 where the path names a record, 413 with a body, 429 under the rate limit. Errors an
 * operation declares itself (a 409 with its own members) keep their example and get the shared
 * schema and `application/problem+json`.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const op = value as Operation;
      const isPublic = op[OPENAPI_PUBLIC] === true;
      delete op[OPENAPI_PUBLIC];
      if (isPublic) op.security = [];
      const params = op.parameters ?? [];
      const wanted = new Set<number>();
      // any request can be refused as ill-formed (a lone surrogate or deep JSON, an unknown field)
      wanted.add(400);
      if (!isPublic) wanted.add(401).add(403);
      if (params.some((p) => p.in === 'path')) wanted.add(404);
      if (op.requestBody) wanted.add(413);
      if (!path.startsWith('/api/health')) wanted.add(429);
      for (const status of wanted) if (!op.responses[status]) op.responses[status] = { description: STANDARD[status] };
      for (const [status, response] of Object.entries(op.responses)) {
        const code = Number(status);
        if (code < 400) continue;
        const declared = response.content ? Object.values(response.content)[0] : undefined;
        // a body of its own (readiness's 503 is its checks, as JSON), not a problem
        const ref = (declared?.schema as { $ref?: string } | undefined)?.$ref;
        if (ref && ref !== getSchemaPath(ProblemDetailsDto)) continue;
        const example = declared?.example ?? (declared?.schema as { example?: unknown } | undefined)?.example;
        response.description = response.description || STANDARD[code] || 'A problem';
        response.content = problemContent(example);
      }
    }
  }
  for (const schema of Object.values(document.components?.schemas ?? {})) nullableSchemas(schema as Schema);
  // every tag the operations use is declared once at the top (a linter checks it), in order
  const tags = new Set<string>();
  for (const item of Object.values(document.paths))
    for (const op of Object.values(item)) for (const tag of (op as Operation).tags ?? []) tags.add(tag as string);
  // (one nobody describes is left bare: the linters and api-openapi.spec.ts name it)
  document.tags = [...tags].sort().map((name) => {
    const description = TAGS.get(name);
    return description ? { name, description } : { name };
  });
  // RFC 9457: a problem may carry members of its own (`existing`, `currentVersion`, …); say so, or
  // a linter reads the schema as closed and refuses the examples that show them
  const problemSchema = document.components?.schemas?.[ProblemDetailsDto.name] as
    { additionalProperties?: boolean } | undefined;
  if (problemSchema) problemSchema.additionalProperties = true;
  return document;
}
