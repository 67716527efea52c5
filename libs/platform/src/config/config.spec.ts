import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded mode on port 3000 with no database URL', () => {
    const c = loadConfig({});
    expect([c.mode, c.port, c.appDatabaseUrl, c.redisUrl]).toEqual(['embedded', 3000, undefined, undefined]);
  });

  it('believes the loopback proxy unless TRUST_PROXY names others or a number of hops, and refuses anything else naming the variable', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY.*"everyone"/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: '99' })).toThrow(/TRUST_PROXY/);
  });

  it('keeps web templates compiled except in development, unless WEB_TEMPLATE_CACHE says otherwise, and refuses anything but true or false', () => {
    expect(loadConfig({}).webTemplateCache).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test' }).webTemplateCache).toBe(true);
    expect(loadConfig({ WEB_TEMPLATE_CACHE: 'true' }).webTemplateCache).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', WEB_TEMPLATE_CACHE: 'false' }).webTemplateCache).toBe(false);
    expect(() => loadConfig({ WEB_TEMPLATE_CACHE: 'yes' })).toThrow(/WEB_TEMPLATE_CACHE/);
  });

  it('limits API requests to 600 per address per minute unless API_REQUESTS_PER_MINUTE says otherwise, and refuses a non-number', () => {
    expect(loadConfig({}).apiRequestsPerMinute).toBe(600);
    expect(loadConfig({ API_REQUESTS_PER_MINUTE: '5000' }).apiRequestsPerMinute).toBe(5000);
    expect(() => loadConfig({ API_REQUESTS_PER_MINUTE: 'lots' })).toThrow(/API_REQUESTS_PER_MINUTE/);
    expect(() => loadConfig({ API_REQUESTS_PER_MINUTE: '0' })).toThrow(ConfigError);
  });

  it('limits public web pages to 600 per address per minute unless PUBLIC_PAGES_PER_MINUTE says otherwise', () => {
    expect(loadConfig({}).publicPagesPerMinute).toBe(600);
    expect(loadConfig({ PUBLIC_PAGES_PER_MINUTE: '20' }).publicPagesPerMinute).toBe(20);
    expect(() => loadConfig({ PUBLIC_PAGES_PER_MINUTE: '1' })).toThrow(/PUBLIC_PAGES_PER_MINUTE/);
  });

  it('limits sign-ins to 50 per address per minute unless SIGN_INS_PER_ADDRESS_PER_MINUTE says otherwise, and refuses a non-number', () => {
    expect(loadConfig({}).signInsPerAddressPerMinute).toBe(50);
    expect(loadConfig({ SIGN_INS_PER_ADDRESS_PER_MINUTE: '500' }).signInsPerAddressPerMinute).toBe(500);
    expect(() => loadConfig({ SIGN_INS_PER_ADDRESS_PER_MINUTE: 'many' })).toThrow(/SIGN_INS_PER_ADDRESS_PER_MINUTE/);
    expect(() => loadConfig({ SIGN_INS_PER_ADDRESS_PER_MINUTE: '1' })).toThrow(ConfigError);
  });

  it('serves from one process per core in server mode unless WEB_CONCURRENCY says otherwise, and from one in embedded mode', () => {
    const server = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/rephub' };
    expect(loadConfig({}).processes).toBe(1);
    expect(loadConfig(server).processes).toBe(availableParallelism());
    expect(loadConfig({ ...server, WEB_CONCURRENCY: '3' }).processes).toBe(3);
    expect(loadConfig({ WEB_CONCURRENCY: '1' }).processes).toBe(1);
    expect(() => loadConfig({ WEB_CONCURRENCY: '2' })).toThrow(/WEB_CONCURRENCY must be 1 in embedded mode/);
    expect(() => loadConfig({ ...server, WEB_CONCURRENCY: '0' })).toThrow(/WEB_CONCURRENCY/);
    expect(() => loadConfig({ ...server, WEB_CONCURRENCY: 'auto' })).toThrow(ConfigError);
  });

  it('derives the app and board role URLs from DATABASE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:5432/rephub' });
    expect(c.mode).toBe('server');
    expect(c.appDatabaseUrl).toBe('postgres://rephub_app@127.0.0.1:5432/rephub');
    expect(c.boardDatabaseUrl).toBe('postgres://rephub_board@127.0.0.1:5432/rephub');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'long enough password' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'a@b.example', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'a@b.example' }, 'ADMIN_PASSWORD'],
    [{ NODE_ENV: 'production' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db' }, 'APP_SECRET'],
    [{ APP_SECRET: 'too-short' }, 'APP_SECRET'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', APP_SECRET: 'x'.repeat(32) }, 'AUDIT_SIGNING_KEY'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ MFA_REQUIRED: 'maybe' }, 'MFA_REQUIRED'],
    [{ AUDIT_SEAL_INTERVAL_MS: 'often' }, 'AUDIT_SEAL_INTERVAL_MS'],
    [
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://h/db',
        APP_SECRET: 'x'.repeat(32),
        AUDIT_SIGNING_KEY: 'y'.repeat(32),
        MFA_REQUIRED: 'false',
      },
      'MFA_REQUIRED',
    ],
    // production without GOV.UK Notify sent every email to the development outbox, silently
    [
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://h/db',
        APP_SECRET: 'x'.repeat(32),
        AUDIT_SIGNING_KEY: 'y'.repeat(32),
      },
      'NOTIFY_API_KEY',
    ],
    [
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://h/db',
        APP_SECRET: 'x'.repeat(32),
        AUDIT_SIGNING_KEY: 'y'.repeat(32),
        ALLOW_NO_EMAIL: 'false',
      },
      'NOTIFY_API_KEY',
    ],
    [{ ALLOW_NO_EMAIL: 'yes' }, 'ALLOW_NO_EMAIL'],
    [{ OUTBOX_RELAY_AGAIN_AFTER_MS: '10' }, 'OUTBOX_RELAY_AGAIN_AFTER_MS'],
    [{ WORKER_QUEUES: 'emails' }, 'WORKER_QUEUES'],
    [{ SHUTDOWN_DEADLINE_MS: 'soon' }, 'SHUTDOWN_DEADLINE_MS'],
  ])('stops on %p naming %s in one line', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env as Record<string, string>);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('runs production without email only when ALLOW_NO_EMAIL=true says so, or with a Notify key', () => {
    const prod = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://h/db',
      APP_SECRET: 'x'.repeat(32),
      AUDIT_SIGNING_KEY: 'y'.repeat(32),
    };
    expect(loadConfig({ ...prod, ALLOW_NO_EMAIL: 'true' }).allowNoEmail).toBe(true);
    const key = {
      NOTIFY_API_KEY: 'team-key',
      NOTIFY_TEMPLATE_IDS: '{"invite":"f33517ff-2a88-4f6e-b855-c550268ce08a"}',
    };
    expect(loadConfig({ ...prod, ...key }).notifyApiKey).toBe('team-key');
  });

  it('reads the operations settings with their defaults', () => {
    const c = loadConfig({});
    expect([c.outboxRelayAgainMs, c.shutdownDeadlineMs, c.workerQueues.length]).toEqual([600_000, 10_000, 7]);
    expect(loadConfig({ WORKER_QUEUES: 'none' }).workerQueues).toEqual([]);
    expect(loadConfig({ WORKER_QUEUES: 'notifications, audit' }).workerQueues).toEqual(['notifications', 'audit']);
  });
});
