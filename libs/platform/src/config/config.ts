import { availableParallelism } from 'node:os';

/**
 * The process's configuration, read once from the environment and validated before anything
 * starts. A wrong or missing variable stops the process with one line naming it
 * (docs/configuration.md lists every variable).
 */
export type AppMode = 'embedded' | 'server';

export interface AppConfig {
  /** `embedded`: no DATABASE_URL, PGlite in DATA_DIR; `server`: PostgreSQL through the URLs. */
  mode: AppMode;
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** Owner/superuser connection, used only by migrations and seeding commands. */
  databaseUrl?: string;
  /** The app role's connection; every app uses this one. */
  appDatabaseUrl?: string;
  /** The National Board role's connection (reads the national schema only). */
  boardDatabaseUrl?: string;
  databasePoolSize: number;
  redisUrl?: string;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  adminEmail?: string;
  adminPassword?: string;
  /** Secret for keyed hashes (pseudonyms) and token signing; required in production. */
  appSecret: string;
  /** Key that signs audit chain heads; kept outside the database. Required in production. */
  auditSigningKey: string;
  /** Where users reach the web app, for links in invites and resets. */
  publicUrl: string;
  /** TOTP for every role that can open a named child. Only a non-production setup may turn it off. */
  mfaRequired: boolean;
  /** BullMQ key prefix: each deployment (and each test run) its own. */
  queuePrefix: string;
  /** How soon a job whose worker died is taken up again. */
  queueStalledIntervalMs: number;
  /** GOV.UK Notify: API key and template ids by template name; without a key, emails go to the development outbox. */
  notifyApiKey?: string;
  notifyTemplateIds: Record<string, string>;
  /** Production without NOTIFY_API_KEY: true only when ALLOW_NO_EMAIL=true says so (emails then go to the development outbox). */
  allowNoEmail: boolean;
  /** An outbox row relayed this long ago and not done is relayed again (Redis may have lost it). */
  outboxRelayAgainMs: number;
  /** The queues whose jobs this worker runs (WORKER_QUEUES); every worker relays the outbox and keeps the schedules. */
  workerQueues: string[];
  /** On SIGTERM, how long in-flight requests have to finish before their sockets are closed. */
  shutdownDeadlineMs: number;
  /**
   * How many processes serve HTTP (WEB_CONCURRENCY): by default one per core in server mode, and
   * always one in embedded mode (PGlite is one process). See runServer.
   */
  processes: number;
  /** Web sessions end after this long without a request (GOV.UK: 30 minutes); the warning shows before. */
  webSessionIdleSeconds: number;
  webSessionWarningSeconds: number;
  /**
   * Compile each web template once and keep it (WEB_TEMPLATE_CACHE). Off in development only, so an
   * edited template shows at the next request; reading and compiling again costs a page tens of
   * milliseconds.
   */
  webTemplateCache: boolean;
  /** API requests per client address per minute, across every API process. */
  apiRequestsPerMinute: number;
  /** Requests for public web pages (`@Public()`, no sign-in needed) per client address per minute (PUBLIC_PAGES_PER_MINUTE). */
  publicPagesPerMinute: number;
  /** Sign-in attempts per client address per minute, any account (SIGN_INS_PER_ADDRESS_PER_MINUTE). */
  signInsPerAddressPerMinute: number;
  /**
   * Which proxies' X-Forwarded-For and X-Forwarded-Proto to believe (Express's `trust proxy`): a
   * number of hops, or a list of `loopback`, `linklocal`, `uniquelocal` and addresses or CIDR
   * ranges. It decides the client address the rate limits count and whether the session cookie is
   * marked Secure.
   */
  trustProxy: number | string[];
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Configuration error: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;
const DEV_SECRET = 'rep-hub-development-secret-not-for-real-data';
const DEV_AUDIT_KEY = 'rep-hub-development-audit-key-not-for-real-data';

function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const v = value(env, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${v}")`);
  }
  return v as T;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

/** The app role's URL defaults to DATABASE_URL's server and database with the user rephub_app. */
export function deriveRoleUrl(databaseUrl: string, user: string, password?: string): string {
  const u = new URL(databaseUrl);
  u.username = user;
  u.password = password ?? '';
  return u.toString();
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const mode: AppMode = databaseUrl || value(env, 'APP_DATABASE_URL') ? 'server' : 'embedded';
  const appDatabaseUrl =
    url(env, 'APP_DATABASE_URL', ['postgres:', 'postgresql:']) ??
    (databaseUrl ? deriveRoleUrl(databaseUrl, 'rephub_app', value(env, 'APP_DATABASE_PASSWORD')) : undefined);
  const boardDatabaseUrl =
    url(env, 'BOARD_DATABASE_URL', ['postgres:', 'postgresql:']) ??
    (databaseUrl ? deriveRoleUrl(databaseUrl, 'rephub_board', value(env, 'BOARD_DATABASE_PASSWORD')) : undefined);
  if (mode === 'embedded' && nodeEnv === 'production') {
    throw new ConfigError(
      'DATABASE_URL',
      'is required with NODE_ENV=production: the embedded demo database must not hold real data',
    );
  }
  const adminEmail = value(env, 'ADMIN_EMAIL');
  const adminPassword = value(env, 'ADMIN_PASSWORD');
  if (adminEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', 'is not an email address');
  }
  if (adminPassword !== undefined && adminPassword.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters');
  }
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError(adminEmail ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL', 'must be set together with the other');
  }
  const appSecret = value(env, 'APP_SECRET');
  if (nodeEnv === 'production' && appSecret === undefined) {
    throw new ConfigError('APP_SECRET', 'is required with NODE_ENV=production');
  }
  if (appSecret !== undefined && appSecret.length < 32) {
    throw new ConfigError('APP_SECRET', 'must be at least 32 characters');
  }
  const auditSigningKey = value(env, 'AUDIT_SIGNING_KEY');
  if (nodeEnv === 'production' && auditSigningKey === undefined) {
    throw new ConfigError('AUDIT_SIGNING_KEY', 'is required with NODE_ENV=production');
  }
  if (auditSigningKey !== undefined && auditSigningKey.length < 32) {
    throw new ConfigError('AUDIT_SIGNING_KEY', 'must be at least 32 characters');
  }
  const processes = integer(env, 'WEB_CONCURRENCY', mode === 'embedded' ? 1 : availableParallelism(), 1, 64);
  if (mode === 'embedded' && processes > 1) {
    throw new ConfigError('WEB_CONCURRENCY', 'must be 1 in embedded mode: the embedded database is one process');
  }
  const mfaRequired = oneOf(env, 'MFA_REQUIRED', ['true', 'false'] as const, 'true') === 'true';
  if (!mfaRequired && nodeEnv === 'production') {
    throw new ConfigError('MFA_REQUIRED', 'cannot be false with NODE_ENV=production');
  }
  // read by the in-process audit sealer; validated here so a wrong value stops the process
  integer(env, 'AUDIT_SEAL_INTERVAL_MS', 5000, 0, 86_400_000);
  const queuePrefix = value(env, 'QUEUE_PREFIX') ?? 'rephub';
  if (!/^[a-z0-9_-]{1,40}$/i.test(queuePrefix))
    throw new ConfigError('QUEUE_PREFIX', 'must be 1 to 40 letters, digits, _ or -');
  const notifyApiKey = value(env, 'NOTIFY_API_KEY');
  let notifyTemplateIds: Record<string, string> = {};
  const templates = value(env, 'NOTIFY_TEMPLATE_IDS');
  if (templates !== undefined) {
    try {
      notifyTemplateIds = JSON.parse(templates) as Record<string, string>;
    } catch {
      throw new ConfigError('NOTIFY_TEMPLATE_IDS', 'must be JSON like {"invite":"<template id>"}');
    }
    const bad = Object.entries(notifyTemplateIds).find(
      ([, id]) => typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id),
    );
    if (typeof notifyTemplateIds !== 'object' || Array.isArray(notifyTemplateIds) || bad) {
      throw new ConfigError('NOTIFY_TEMPLATE_IDS', 'must map template names to GOV.UK Notify template ids (UUIDs)');
    }
  }
  if (notifyApiKey && templates === undefined)
    throw new ConfigError('NOTIFY_TEMPLATE_IDS', 'is required with NOTIFY_API_KEY');
  const allowNoEmail = oneOf(env, 'ALLOW_NO_EMAIL', ['true', 'false'] as const, 'false') === 'true';
  if (nodeEnv === 'production' && !notifyApiKey && !allowNoEmail) {
    throw new ConfigError(
      'NOTIFY_API_KEY',
      'is required with NODE_ENV=production (or set ALLOW_NO_EMAIL=true to run without sending email)',
    );
  }
  const workerQueues = workerQueueList(value(env, 'WORKER_QUEUES'));
  const port = integer(env, 'PORT', 3000, 1, 65535);
  const webSessionIdleSeconds = integer(env, 'WEB_SESSION_IDLE_SECONDS', 1800, 10, 86_400);
  const webSessionWarningSeconds = integer(env, 'WEB_SESSION_WARNING_SECONDS', 120, 5, 3_600);
  if (webSessionWarningSeconds >= webSessionIdleSeconds) {
    throw new ConfigError('WEB_SESSION_WARNING_SECONDS', 'must be less than WEB_SESSION_IDLE_SECONDS');
  }
  const webTemplateCache =
    oneOf(env, 'WEB_TEMPLATE_CACHE', ['true', 'false'] as const, nodeEnv === 'development' ? 'false' : 'true') ===
    'true';
  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    mode,
    nodeEnv,
    port,
    host: value(env, 'HOST') ?? '0.0.0.0',
    databaseUrl,
    appDatabaseUrl,
    boardDatabaseUrl,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    dataDir: value(env, 'DATA_DIR') ?? '.data/rephub',
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    adminEmail: adminEmail?.toLowerCase(),
    adminPassword,
    appSecret: appSecret ?? DEV_SECRET,
    auditSigningKey: auditSigningKey ?? DEV_AUDIT_KEY,
    publicUrl,
    mfaRequired,
    queuePrefix,
    queueStalledIntervalMs: integer(env, 'QUEUE_STALLED_INTERVAL_MS', 30_000, 1_000, 600_000),
    notifyApiKey,
    notifyTemplateIds,
    allowNoEmail,
    outboxRelayAgainMs: integer(env, 'OUTBOX_RELAY_AGAIN_AFTER_MS', 600_000, 1_000, 86_400_000),
    workerQueues,
    shutdownDeadlineMs: integer(env, 'SHUTDOWN_DEADLINE_MS', 10_000, 0, 600_000),
    processes,
    webSessionIdleSeconds,
    webSessionWarningSeconds,
    webTemplateCache,
    apiRequestsPerMinute: integer(env, 'API_REQUESTS_PER_MINUTE', 600, 10, 10_000_000),
    publicPagesPerMinute: integer(env, 'PUBLIC_PAGES_PER_MINUTE', 600, 10, 10_000_000),
    signInsPerAddressPerMinute: integer(env, 'SIGN_INS_PER_ADDRESS_PER_MINUTE', 50, 5, 100_000),
    trustProxy: trustProxy(env['TRUST_PROXY']),
  };
}

/** The job queues (JOB_QUEUES in jobs/job-definition.ts is this list). */
export const QUEUE_NAMES = [
  'notifications',
  'reminders',
  'imports',
  'reports',
  'rollups',
  'audit',
  'maintenance',
] as const;

/** WORKER_QUEUES: `all` (the default), `none` (relay and schedules only), or a comma-separated list of queues. */
function workerQueueList(raw: string | undefined): string[] {
  if (raw === undefined || raw === 'all') return [...QUEUE_NAMES];
  if (raw === 'none') return [];
  const parts = raw
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = parts.find((x) => !(QUEUE_NAMES as readonly string[]).includes(x));
  if (bad !== undefined || !parts.length) {
    throw new ConfigError(
      'WORKER_QUEUES',
      `must be all, none or a comma-separated list of ${QUEUE_NAMES.join(', ')} (not "${bad ?? raw}")`,
    );
  }
  return parts;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6 = /^[0-9a-f:]*:[0-9a-f:.]*(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/i;

/** TRUST_PROXY: hops (0–10), or a comma-separated list of names, addresses and CIDR ranges; `loopback` when unset. */
function trustProxy(raw: string | undefined): number | string[] {
  const v = raw?.trim();
  if (!v) return ['loopback'];
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', 'as a number of proxies must be from 0 to 10');
    return hops;
  }
  const parts = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = parts.find((x) => !PROXY_NAMES.includes(x) && !IPV4.test(x) && !IPV6.test(x));
  if (bad !== undefined || !parts.length) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be a number of proxies, or a comma-separated list of loopback, linklocal, uniquelocal, addresses and CIDR ranges (not "${bad ?? v}")`,
    );
  }
  return parts;
}

/** Loads the configuration or ends the process with one line naming the variable. */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
