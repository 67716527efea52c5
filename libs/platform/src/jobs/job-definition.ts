import { QUEUE_NAMES } from '../config/config';
import { isUuid, UUID_PATTERN } from '../validation/uuid';
/** The queues; each job type belongs to one (named in config.ts, which checks WORKER_QUEUES against them). */
export const JOB_QUEUES = QUEUE_NAMES;

export type QueueName = (typeof JOB_QUEUES)[number];

/**
 * The unit of a job's exponential back-off after a failed attempt (2, 4, 8... units), the same on
 * BullMQ and in the in-process runner: a second.
 */
export const RETRY_UNIT_MS = 1_000;

/** Job payloads hold ids, codes, counts and flags only: never personal data (Redis is not for it). */
export type JobValue = string | number | boolean | null | JobValue[];
export type JobPayload = Record<string, JobValue>;

export interface JobDefinition<P extends JobPayload = JobPayload> {
  name: string;
  queue: QueueName;
  /** Attempts before the job is kept as failed (exponential back-off between them). */
  attempts: number;
  /** Marker for the payload type. */
  readonly __payload?: P;
}

const definitions = new Map<string, JobDefinition>();

/** Declares a job type once, in the library that owns it. A duplicate name fails at load. */
export function defineJob<P extends JobPayload>(
  name: string,
  queue: QueueName,
  options: { attempts?: number } = {},
): JobDefinition<P> {
  if (!/^[a-z_]+(\.[a-z_]+)+$/.test(name)) throw new Error(`Job name "${name}" must be dotted lower-case`);
  if (definitions.has(name)) throw new Error(`Job "${name}" is defined twice`);
  const def: JobDefinition<P> = { name, queue, attempts: options.attempts ?? 5 };
  definitions.set(name, def);
  return def;
}

export function jobDefinitions(): JobDefinition[] {
  return [...definitions.values()];
}

export function jobDefinition(name: string): JobDefinition | undefined {
  return definitions.get(name);
}

/** What travels through Redis: ids only. */
export interface JobEnvelope {
  v: 1;
  name: string;
  tenantId: string;
  actorId: string | null;
  correlationId: string | null;
  idempotencyKey: string;
  outboxId: string;
  payload: JobPayload;
}

export class JobPayloadRejectedError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Job payload refused at ${path}: ${reason}`);
    this.name = 'JobPayloadRejectedError';
  }
}

const CODE = /^[A-Za-z0-9_.:-]{1,64}$/;
const UPN = /^[A-Z]\d{11}[0-9A-Z]$/i;
/** ISO dates (and timestamps), and day-month-year or year-month-day with dashes or dots (a slash is free text anyway). */
const DATE = /^(\d{4}-\d{2}-\d{2}|\d{4}[-.]\d{1,2}[-.]\d{1,2}$|\d{1,2}[-.]\d{1,2}[-.](\d{2}|\d{4})$)/;
/** Key names that say personal data: refused whatever their value. */
const PERSONAL_KEYS =
  /(^|_)(name|first_?name|last_?name|surname|forename|full_?name|dob|date_?of_?birth|birth_?date|upn|uln|email|phone|address|postcode|nhs_?number)$/i;

/** camelCase, kebab-case and spaced keys as snake_case, so `dateOfBirth`, `date-of-birth` and `date of birth` read alike. */
function snake(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/**
 * Refuses a payload that could carry personal data: keys like name, dateOfBirth or upn; strings
 * that look like a UPN, an email or a date; free text. Allowed: UUIDs, short codes, numbers,
 * booleans, null, and arrays of them.
 */
export function assertSafePayload(payload: unknown, path = 'payload'): asserts payload is JobPayload {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw new JobPayloadRejectedError(path, 'must be an object');
  for (const [key, value] of Object.entries(payload as Record<string, unknown>)) {
    if (PERSONAL_KEYS.test(snake(key)))
      throw new JobPayloadRejectedError(`${path}.${key}`, 'the key names personal data');
    assertSafeValue(value, `${path}.${key}`);
  }
}

function assertSafeValue(value: unknown, path: string): void {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new JobPayloadRejectedError(path, 'must be a finite number');
    return;
  }
  if (typeof value === 'string') {
    if (UUID_PATTERN.test(value)) return;
    if (UPN.test(value)) throw new JobPayloadRejectedError(path, 'looks like a UPN');
    if (value.includes('@')) throw new JobPayloadRejectedError(path, 'looks like an email address');
    if (DATE.test(value)) throw new JobPayloadRejectedError(path, 'looks like a date (a date of birth?)');
    if (!CODE.test(value)) throw new JobPayloadRejectedError(path, 'must be an id or a short code, not free text');
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > 1000) throw new JobPayloadRejectedError(path, 'has too many items');
    value.forEach((v, i) => assertSafeValue(v, `${path}[${i}]`));
    return;
  }
  throw new JobPayloadRejectedError(path, 'must be an id, code, number, flag or a list of them');
}

/** Validates an envelope read back from Redis before anything runs. */
export function parseEnvelope(data: unknown): JobEnvelope {
  const e = data as Partial<JobEnvelope> | null;
  if (!e || e.v !== 1 || typeof e.name !== 'string' || !isUuid(e.tenantId)) {
    throw new JobPayloadRejectedError('envelope', 'is not a REP Hub job envelope');
  }
  if (e.actorId !== null && !isUuid(e.actorId))
    throw new JobPayloadRejectedError('envelope.actorId', 'must be a UUID or null');
  if (typeof e.idempotencyKey !== 'string' || typeof e.outboxId !== 'string')
    throw new JobPayloadRejectedError('envelope', 'lacks its keys');
  assertSafePayload(e.payload);
  return e as JobEnvelope;
}

/** A repeatable job: BullMQ runs it once per interval across all workers; the embedded runner on a timer. */
export interface JobSchedule {
  id: string;
  job: JobDefinition;
  /** Milliseconds between runs (also what the embedded runner uses). */
  everyMs: number;
  /** Optional cron pattern for BullMQ (Europe/London), e.g. '30 2 * * *' for 02:30 nightly. */
  pattern?: string;
}

const schedules = new Map<string, JobSchedule>();

export function defineSchedule(schedule: JobSchedule): JobSchedule {
  if (schedules.has(schedule.id)) throw new Error(`Schedule "${schedule.id}" is defined twice`);
  schedules.set(schedule.id, schedule);
  return schedule;
}

export function jobSchedules(): JobSchedule[] {
  return [...schedules.values()];
}
