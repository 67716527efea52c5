import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidFieldsException } from './problem-details';

/** No request body of the API nests deeper than this (the deepest real one is about 4). */
export const MAX_JSON_DEPTH = 32;

/** A body-parser error: body-parser keeps its status and type, and the problem filter maps the type to a 400. */
class TooDeepError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  constructor() {
    super(`The request body nests arrays or objects more than ${MAX_JSON_DEPTH} deep`);
    this.name = 'TooDeepError';
  }
}

/**
 * body-parser's `verify` for JSON: counts the nesting of the raw bytes before they are parsed, so
 * a body nested thousands deep is refused with a 400 instead of reaching code that recurses over
 * it (which ran out of stack and answered 500).
 */
export function refuseDeepJson(_req: IncomingMessage, _res: ServerResponse, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) throw new TooDeepError();
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/**
 * Middleware after the body parsers: every string in the body (keys and values) must be
 * well-formed Unicode. JSON can carry a lone UTF-16 surrogate (`"\ud800"`), which no database
 * column, hash or email address can hold; it is refused with a 400 naming the field.
 */
export function refuseMalformedStrings(req: Request, _res: Response, next: NextFunction): void {
  const field = malformedField(req.body);
  if (field === undefined) return next();
  next(new InvalidFieldsException([{ field, message: 'must be well-formed text: it holds a lone UTF-16 surrogate' }]));
}

/** With the `u` flag a surrogate matches only when it stands alone (a pair is one code point). */
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/** The path of the first string (or key) that is not well-formed, or undefined. Iterative: no recursion over a body. */
export function malformedField(body: unknown): string | undefined {
  if (typeof body === 'string') return wellFormed(body) ? undefined : '(body)';
  if (body === null || typeof body !== 'object') return undefined;
  const stack: { value: unknown; path: string }[] = [{ value: body, path: '' }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!wellFormed(value)) return path || '(body)';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]` }));
      continue;
    }
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      if (!wellFormed(k)) return path || '(body)';
      stack.push({ value: v, path: p });
    }
  }
  return undefined;
}
