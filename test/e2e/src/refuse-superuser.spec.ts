import { workerDatabase } from '@rep-hub/platform/testing';
import { freePort, startApp } from '@rep-hub/platform/testing';

/** Each app checks its own database role at start and refuses a superuser. */
describe.each(['apps/api/src/main.ts', 'apps/web/src/main.ts', 'apps/worker/src/main.ts', 'apps/server/src/main.ts'])(
  '%s started as a superuser',
  (entry) => {
    it('refuses to run, saying why in one line', async () => {
      const db = await workerDatabase();
      const app = startApp(entry, {
        APP_DATABASE_URL: db.adminUrl,
        REDIS_URL: 'redis://127.0.0.1:6379',
        PORT: String(await freePort()),
        WORKER_PORT: String(await freePort()),
      });
      const code = await app.exited;
      expect(code).toBe(1);
      // one line, nothing else: no Nest start-up log, no stack trace
      expect(app.output().trim()).toMatch(/^Refusing to run: database role "\w+" is a superuser[^\n]*$/);
    });
  },
);

describe('an app with a bad variable', () => {
  it('stops with one line naming it', async () => {
    const app = startApp('apps/api/src/main.ts', { PORT: 'eighty' });
    expect(await app.exited).toBe(78);
    expect(app.output().trim()).toBe('Configuration error: PORT must be a whole number from 1 to 65535 (got "eighty")');
  });

  it('refuses the embedded demo database with NODE_ENV=production', async () => {
    const app = startApp('apps/server/src/main.ts', { NODE_ENV: 'production' });
    expect(await app.exited).toBe(78);
    expect(app.output()).toMatch(/^Configuration error: DATABASE_URL is required with NODE_ENV=production/);
  });
});
