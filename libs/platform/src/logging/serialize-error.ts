/**
 * How an error is logged: its class, message, code and stack, so an operator can tell what went
 * wrong, with what could be personal data taken out of the message and stack (email addresses, and
 * the values PostgreSQL quotes after "Key (...)=" or "for type ...:").
 */
export interface LoggedError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: LoggedError;
}

const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;
const KEY_VALUES = /=\((.*?)\)/g; // PostgreSQL: Key (email)=(someone@example) already exists
const INPUT_VALUE = /(input (?:syntax|value) for [^:]*: )"(?:[^"\\]|\\.)*"/g; // invalid input syntax for type uuid: "…"

/** Takes personal values out of a message or stack. */
export function scrub(text: string): string {
  return text.replace(EMAIL, '[email]').replace(KEY_VALUES, '=([value])').replace(INPUT_VALUE, '$1"[value]"');
}

export function serializeError(error: unknown, depth = 0): LoggedError {
  if (error === null || typeof error !== 'object') return { type: typeof error, message: scrub(String(error)) };
  const e = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    stack?: unknown;
    cause?: unknown;
    driverError?: { code?: unknown };
    constructor?: { name?: string };
  };
  // pino-http hands the serializer pino's own plain copy of the error, which names the class in `type`
  const copied = (error as { type?: unknown }).type;
  const type =
    typeof copied === 'string'
      ? copied
      : typeof e.name === 'string' && e.name !== 'Error'
        ? e.name
        : (e.constructor?.name ?? 'Error');
  const rawCode = e.code ?? e.driverError?.code;
  const out: LoggedError = { type, message: scrub(typeof e.message === 'string' ? e.message : '') };
  if (typeof rawCode === 'string' || typeof rawCode === 'number') out.code = String(rawCode);
  if (typeof e.stack === 'string') out.stack = scrub(e.stack);
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}
