import { AxeBuilder } from '@axe-core/playwright';
import { totpCode as totpCodeAt } from '@rep-hub/auth';
import { freePort, ROOT, startApp, waitForHttp, workerDatabase } from '@rep-hub/platform/testing';
import { DEMO_PASSWORD, DemoSeeder, DemoSignIn } from '@rep-hub/tenancy';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Browser, chromium, Page } from 'playwright-core';

/**
 * The browser-test harness: the all-in-one server (apps/server, web at /, API at /api) from
 * source on this Jest worker's PostgreSQL database with the demo seeded, and Debian's Chromium
 * (never a browser downloaded by Playwright) driven through playwright-core.
 *
 *   let server: RunningServer; let browser: Browser;
 *   beforeAll(async () => { server = await startServer(); browser = await launchBrowser(); });
 *   afterAll(stopAll);
 */

export { DEMO_PASSWORD, DemoSeeder };
export type { DemoSignIn };

/** Every sign-in the demo seed creates (role, email, partnership); the password is DEMO_PASSWORD. */
export const demoSignIns = (): DemoSignIn[] => DemoSeeder.signIns();

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 (also the server's PUBLIC_URL). */
  base: string;
  /** Stops the server (SIGTERM); resolves with its exit code or signal. Safe to call twice. */
  stop: () => Promise<number | string | null>;
  /** Everything the server wrote to stdout and stderr so far. */
  output: () => string;
}

const servers = new Set<RunningServer>();
const browsers = new Set<Browser>();

/** The parent's variables that would point the child somewhere else (startApp drops them too). */
const INHERITED = /^(DATABASE_URL|APP_DATABASE_URL|BOARD_DATABASE_URL|REDIS_URL|ADMIN_|PORT|DATA_DIR|JEST|NODE_OPTIONS)/;

/**
 * Starts apps/server on this Jest worker's database (copied from the migrated template, see
 * workerDatabase(); reused by the worker's later files in the same run) with the demo seeded, on a
 * free loopback port, with no REDIS_URL (jobs run in-process). `opts.env` is added last, e.g.
 * `{ WEB_SESSION_IDLE_SECONDS: '60', WEB_SESSION_WARNING_SECONDS: '20' }`. Waits for /api/health.
 */
export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<RunningServer> {
  const db = await workerDatabase();
  await seedDemo(db.appUrl);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = startApp('apps/server/src/main.ts', {
    APP_DATABASE_URL: db.appUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    ...opts.env,
  });
  const server: RunningServer = {
    base,
    output: started.output,
    stop: async () => {
      servers.delete(server);
      return started.stop();
    },
  };
  servers.add(server);
  try {
    await waitForHttp(`${base}/api/health`, started);
    await forgetDemoAuthenticators(base);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/**
 * The files of a run share the worker's database, so a demo user may have set up an authenticator
 * in an earlier file, whose secret this file cannot know. The platform admin forgets the demo
 * users' authenticators (POST /api/v1/admin/users/{id}/mfa-reset) as the server starts: every file
 * signs them in as on a freshly seeded demo, setting one up at the first sign-in.
 */
async function forgetDemoAuthenticators(base: string): Promise<void> {
  const call = async <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const demo = DemoSeeder.signIns();
  const admin = demo.find((s) => s.role === 'platform_admin')!;
  const { accessToken } = await call<{ accessToken: string }>('POST', '/api/v1/auth/login', null, { email: admin.email, password: DEMO_PASSWORD });
  const emails = new Set(demo.filter((s) => s.partnership).map((s) => s.email));
  let after: string | null = null;
  do {
    const page: { items: { id: string; email: string }[]; nextCursor: string | null } = await call('GET', `/api/v1/admin/users${after ? `?after=${encodeURIComponent(after)}` : ''}`, accessToken);
    for (const u of page.items) if (emails.has(u.email)) await call('POST', `/api/v1/admin/users/${u.id}/mfa-reset`, accessToken);
    after = page.nextCursor;
  } while (after);
}

/** `npm run db:seed` against the database (idempotent: nothing happens when the demo is there). */
async function seedDemo(appUrl: string): Promise<void> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED.test(k)));
  try {
    await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/run-ts.cjs'), 'apps/server/src/seed.ts'], {
      cwd: ROOT,
      env: { ...env, APP_DATABASE_URL: appUrl, LOG_LEVEL: 'warn' },
      timeout: 60_000,
    });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`seeding the demo failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** Debian's Chromium (CHROMIUM_PATH to use another), headless. Closed by stopAll(). */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  browsers.add(browser);
  browser.on('disconnected', () => browsers.delete(browser));
  return browser;
}

/**
 * A page in a context of its own (fresh cookies; AxeBuilder needs a context-created page), with
 * JavaScript on unless `javaScript: false`. Close it with `page.context().close()`, or leave it to
 * the browser's close.
 */
export async function newPage(browser: Browser, opts: { javaScript?: boolean } = {}): Promise<Page> {
  const javaScriptEnabled = opts.javaScript ?? true;
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  if (!javaScriptEnabled) scriptless.add(page);
  return page;
}

/** Pages opened by newPage() with JavaScript off. */
const scriptless = new WeakSet<Page>();

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core on the page as it is now (WCAG 2.2 A and AA); throws listing every violation, with
 * `label` (say the URL and the role signed in) in the message.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const { violations } = scriptless.has(page) ? await analyzeScriptless(page) : await analyze(page);
  if (violations.length === 0) return;
  const lines = violations.map((v) => {
    const targets = v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ');
    const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
    return `  - ${v.id} [${v.impact ?? 'unknown'}]: ${v.help} — ${targets}${more}`;
  });
  throw new Error(`${violations.length} accessibility violation(s) on ${label}:\n${lines.join('\n')}`);
}

const analyze = (page: Page) => new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();

/**
 * With JavaScript off Chromium runs no timers, even for scripts injected over CDP, so axe never
 * finishes. The page's DOM as it stands (as the server sent it: nothing ran) is analysed instead in
 * a scripting context of its own: same URL, same cookies, same viewport, the document served from
 * the snapshot with its scripts removed and <noscript> unwrapped (as a scriptless parser reads it),
 * and every other request (stylesheets, images) passed to the server, except scripts.
 */
async function analyzeScriptless(page: Page) {
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<\/?noscript\b[^>]*>/gi, '');
  const browser = page.context().browser();
  if (!browser) throw new Error('expectNoAxeViolations: the page has no browser');
  const context = await browser.newContext({
    storageState: await page.context().storageState(),
    viewport: page.viewportSize(),
  });
  try {
    const copy = await context.newPage();
    let served = false;
    await copy.route('**/*', (route) => {
      const request = route.request();
      if (!served && request.isNavigationRequest() && request.frame() === copy.mainFrame()) {
        served = true;
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      }
      if (request.resourceType() === 'script') return route.abort();
      return route.continue();
    });
    await copy.goto(page.url(), { waitUntil: 'load' });
    return await analyze(copy);
  } finally {
    await context.close();
  }
}

/**
 * The current 6-digit TOTP code for a base32 secret (the app's own generator). The server refuses
 * a code of a step it has already accepted, so two sign-ins with one secret need two steps.
 */
export function totpCode(secretBase32: string): string {
  return totpCodeAt(secretBase32, Date.now());
}

export const FAILURE_DIR = join(ROOT, 'tmp', 'browser-failures');

/**
 * Runs `fn`; when it throws, saves a full-page screenshot to tmp/browser-failures/<name>.png
 * (name defaults to the current test's name) and rethrows the original error.
 */
export async function withFailureScreenshot<T>(page: Page, name: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const file = join(FAILURE_DIR, `${safeName(name ?? expect.getState().currentTestName ?? 'unnamed')}.png`);
    try {
      await mkdir(FAILURE_DIR, { recursive: true });
      await page.screenshot({ path: file, fullPage: true });
      if (error instanceof Error) error.message += `\n(screenshot: ${file})`;
    } catch (shotError) {
      if (error instanceof Error) error.message += `\n(no screenshot: ${(shotError as Error).message})`;
    }
    throw error;
  }
}

const safeName = (name: string) => name.replace(/[^a-z0-9._-]+/gi, '-').replace(/^-+|-+$/g, '').slice(0, 150) || 'unnamed';

/** Closes every browser and stops every server the harness started; for `afterAll(stopAll)`. */
export async function stopAll(): Promise<void> {
  const closing = [...browsers].map((b) => b.close().catch(() => undefined));
  const stopping = [...servers].map((s) => s.stop());
  await Promise.all([...closing, ...stopping]);
}
