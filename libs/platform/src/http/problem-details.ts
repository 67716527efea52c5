import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  ValidationError,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isConnectionLost } from '../database/connection-errors';

/** Retry-After of a 503 while the database is unavailable (a restart takes a few seconds). */
const RETRY_AFTER_SECONDS = 2;

/** One invalid field: its JSON path and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every error answers. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** A 400 whose body names each invalid field. */
export class InvalidFieldsException extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super({ title: 'Your request has invalid fields', errors: fieldErrors });
  }
}

/**
 * Flattens class-validator errors into `field: message` pairs with dotted paths, an item of a list
 * written with its index (`contacts[0].name`), as the services name it. A field gets one message,
 * as a GOV.UK error summary shows: its first failing rule as the DTO reads top to bottom
 * (class-validator runs a property's decorators bottom up, so that is the last one it reports).
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = !parent
      ? e.property
      : /^\d+$/.test(e.property)
        ? `${parent}[${e.property}]`
        : `${parent}.${e.property}`;
    const messages = Object.values(e.constraints ?? {});
    const own = messages.length ? [{ field, message: messages[messages.length - 1] }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign-in required',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Maps database errors to safe answers; their text (which can hold values) never leaves. */
function fromDatabase(error: QueryFailedError): { status: number; detail: string } {
  const code = (error.driverError as { code?: string } | undefined)?.code;
  switch (code) {
    case '23505':
      return { status: 409, detail: 'A record with these details already exists.' };
    case '23503':
      return { status: 409, detail: 'The request refers to a record that does not exist or cannot be used.' };
    case '23514':
    case '22P02':
    case '22001':
    case '22007':
    case '22008':
      return { status: 400, detail: 'A value in the request is not valid.' };
    case '40001':
    case '40P01':
      return { status: 409, detail: 'The record changed while you were working on it. Try again.' };
    default:
      return { status: 500, detail: 'Something went wrong. Try again later.' };
  }
}

export function problem(status: number, detail?: string, extra: Partial<ProblemDetails> = {}): ProblemDetails {
  return {
    type: status >= 500 ? 'about:blank' : `https://rephub.example/problems/${status}`,
    title: TITLES[status] ?? HttpStatus[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...extra,
  };
}

/**
 * Renders an error as a web page instead (the web app's pages, not /api). Answers false to leave
 * the error to problem details.
 */
export type ErrorPageRenderer = (req: Request, res: Response, problem: ProblemDetails, exception: unknown) => boolean;

/**
 * Answers every error of the API with `application/problem+json`. Unknown errors answer 500 with
 * no internals; the log line names the error class and code only, never its message or values.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly pages?: ErrorPageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toProblem(exception);
    body.instance = req.originalUrl?.split('?')[0];
    if (body.status === 503) this.logger.warn({ err: exception }, 'Service unavailable: answered 503');
    else if (body.status >= 500) this.logger.error({ err: exception }, 'Unhandled error');
    if (res.headersSent) return;
    if (typeof body['retryAfterSeconds'] === 'number') res.setHeader('Retry-After', String(body['retryAfterSeconds']));
    if (this.pages && !req.path.startsWith('/api/') && this.pages(req, res, body, exception)) return;
    // the request id travels in the X-Request-Id header, so equal errors have byte-identical bodies
    res.status(body.status).type('application/problem+json').json(body);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof InvalidFieldsException) {
      return problem(400, 'Your request has invalid fields.', { errors: exception.fieldErrors });
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (typeof response === 'object' && response !== null) {
        const r = response as Record<string, unknown>;
        if (typeof r['type'] === 'string' && typeof r['title'] === 'string') {
          return { ...(r as unknown as ProblemDetails), status };
        }
        const message = Array.isArray(r['message']) ? r['message'].join('; ') : (r['message'] as string | undefined);
        return problem(status, this.safeMessage(status, message));
      }
      return problem(status, this.safeMessage(status, String(response)));
    }
    if (isConnectionLost(exception)) {
      // PostgreSQL restarting or out of reach: a moment's wait, not a fault of the request
      return problem(503, 'The service is unavailable for a moment. Try again shortly.', {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
    if (exception instanceof QueryFailedError) {
      const { status, detail } = fromDatabase(exception);
      return problem(status, detail);
    }
    const type = (exception as { type?: string })?.type;
    if (type === 'entity.too.large') return problem(413, 'The request body is larger than the limit.');
    if (type === 'entity.parse.failed') return problem(400, 'The request body is not valid JSON.');
    if (type === 'entity.too.deep')
      return problem(400, 'The request body nests arrays or objects too deeply.', {
        errors: [{ field: '(body)', message: 'must not nest arrays or objects more than 32 deep' }],
      });
    return problem(500, 'Something went wrong. Try again later.');
  }

  private safeMessage(status: number, message?: string): string | undefined {
    if (status >= 500) return 'Something went wrong. Try again later.';
    return message;
  }
}
