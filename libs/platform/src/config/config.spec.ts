import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded mode on port 3000 with no database URL', () => {
    const c = loadConfig({});
    expect([c.mode, c.port, c.appDatabaseUrl, c.redisUrl]).toEqual(['embedded', 3000, undefined, undefined]);
  });

  it('believes the loopback proxy unless TRUST_PROXY names others or a number of hops, and refuses anything else naming the variable', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY.*"everyone"/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: '99' })).toThrow(/TRUST_PROXY/);
  });

  it('limits API requests to 600 per address per minute unless API_REQUESTS_PER_MINUTE says otherwise, and refuses a non-number', () => {
    expect(loadConfig({}).apiRequestsPerMinute).toBe(600);
    expect(loadConfig({ API_REQUESTS_PER_MINUTE: '5000' }).apiRequestsPerMinute).toBe(5000);
    expect(() => loadConfig({ API_REQUESTS_PER_MINUTE: 'lots' })).toThrow(/API_REQUESTS_PER_MINUTE/);
    expect(() => loadConfig({ API_REQUESTS_PER_MINUTE: '0' })).toThrow(ConfigError);
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
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', APP_SECRET: 'x'.repeat(32), AUDIT_SIGNING_KEY: 'y'.repeat(32), MFA_REQUIRED: 'false' }, 'MFA_REQUIRED'],
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
});
