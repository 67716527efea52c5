import { randomUUID } from 'node:crypto';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's id: a well-formed `X-Request-Id` from the caller, or a new UUID. Stored on the
 * request so the log line, the CLS context and problem details all name the same id.
 */
export function requestId(req: { id?: unknown; headers: Record<string, string | string[] | undefined> }): string {
  if (typeof req.id === 'string' && req.id) return req.id;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.id = id;
  return id;
}
