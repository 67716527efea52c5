import { AxeBuilder } from '@axe-core/playwright';
import axeCore, { Result } from 'axe-core';
import { totpCode as totpCodeAt } from '@rep-hub/auth';
import {
  appEnv,
  boardUrlOf,
  freePort,
  ROOT,
  startApp,
  Started,
  waitForHttp,
  workerDatabase,
} from '@rep-hub/platform/testing';
import { DEMO_PASSWORD, DemoSeeder, DemoSignIn } from '@rep-hub/tenancy';
import { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/**
 * The browser-test harness: the all-in-one server (apps/server, web at /, API at /api) from
 * source on a PostgreSQL database of this Jest worker's with the demo seeded, shared by the
 * worker's files (see worker-environment.cjs), and Debian's Chromium
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

/** What the browser test files of this Jest worker share (worker-environment.cjs). */
interface BrowserWorker {
  servers: Map<
    string,
    { child: ChildProcess; base: string; exited: Promise<number | string | null>; output: () => string }
  >;
  secrets: Map<string, { secret: string; lastStep: number }>;
  tokens: Map<string, { token: string; email: string; issuedAt: number }>;
  startServer: (
    key: string,
    base: string,
    env: Record<string, string | undefined>,
  ) => { child: ChildProcess; exited: Promise<number | string | null>; output: () => string };
}

const worker = (globalThis as { __rephubBrowserWorker?: BrowserWorker }).__rephubBrowserWorker;

/** The TOTP secrets set up so far, by email: the worker's (every file of it), or this file's. */
export const totpSecrets: Map<string, { secret: string; lastStep: number }> = worker?.secrets ?? new Map();

/** API access tokens issued for test set-up (flows.ts apiToken), shared like totpSecrets. */
export const apiTokens: Map<string, { token: string; email: string; issuedAt: number }> = worker?.tokens ?? new Map();

/**
 * The all-in-one server (apps/server) on this Jest worker's browser database (copied from the
 * migrated template, see workerDatabase()) with the demo seeded, on a free loopback port, with no
 * REDIS_URL (jobs run in-process). Without `opts.env` it is the worker's shared server: started
 * by the worker's first file that asks and reused by its later files (stopAll() leaves it; the
 * worker stops it as it exits). With `opts.env` (added last, e.g.
 * `{ WEB_SESSION_IDLE_SECONDS: '60', WEB_SESSION_WARNING_SECONDS: '20' }`) the server is this
 * file's own, stopped by stopAll(). Waits for /api/health.
 */
export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<RunningServer> {
  const shared = !opts.env && worker ? worker : undefined;
  const running = shared?.servers.get('default');
  if (running && running.child.exitCode === null && running.child.signalCode === null) {
    return { base: running.base, output: running.output, stop: () => stopProcess(running.child, running.exited) };
  }
  // a copy of the run's demo database (seeded once for every worker of the run); a file with a
  // server of its own (the timeout settings) gets the same database
  const db = await workerDatabase('browser', { demo: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // templates compiled once, as in production: development mode reads them again at every page
  const env = {
    APP_DATABASE_URL: db.appUrl,
    // the board role on the same database: the National Board's pages and the demo's board meeting
    BOARD_DATABASE_URL: boardUrlOf(db.appUrl),
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    WEB_TEMPLATE_CACHE: 'true',
    // every file of a worker signs its users in from 127.0.0.1 to the one server: the per-address
    // limit (50 a minute) would refuse a busy minute's sign-ins; the per-account limit stays
    SIGN_INS_PER_ADDRESS_PER_MINUTE: '100000',
    // and the sign-in page and every other public page count against a per-address limit too
    PUBLIC_PAGES_PER_MINUTE: '100000',
    ...opts.env,
  };
  const started: Pick<Started, 'child' | 'output' | 'stop'> = shared
    ? (({ child, exited, output }) => ({ child, output, stop: () => stopProcess(child, exited) }))(
        shared.startServer('default', base, appEnv(env)),
      )
    : startApp('apps/server/src/main.ts', env);
  const server: RunningServer = {
    base,
    output: started.output,
    stop: async () => {
      servers.delete(server);
      return started.stop();
    },
  };
  if (!shared) servers.add(server);
  try {
    await waitForHttp(`${base}/api/health`, started as Started);
    // the stylesheet is compiled from Sass at its first request, holding the server up for seconds
    // (far more on a busy machine): compiled here, before a test's first page waits on it
    await Promise.all([warmStylesheet(base), forgetDemoAuthenticators(base)]);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

const warmStylesheet = async (base: string) => {
  const r = await fetch(`${base}/assets/application.css`);
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`GET /assets/application.css: ${r.status}`);
};

const stopProcess = async (child: ChildProcess, exited: Promise<number | string | null>) => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  return exited;
};

/**
 * A server may start on a database where demo users set up authenticators before (the worker's
 * browser database outlives a server), whose secrets may be lost. So as a server starts the demo
 * users' authenticators are forgotten: they set one up at their next sign-in, once for the
 * worker's files.
 */
async function forgetDemoAuthenticators(base: string): Promise<void> {
  await forgetAuthenticators(
    base,
    DemoSeeder.signIns()
      .filter((s) => s.partnership)
      .map((s) => s.email),
  );
}

/**
 * The platform admin forgets these users' authenticators (POST /api/v1/admin/users/{id}/mfa-reset),
 * and totpSecrets their secrets: each sets up an authenticator again at their next sign-in. Their
 * sessions end, so their kept API tokens are dropped too.
 */
export async function forgetAuthenticators(base: string, emails: string[]): Promise<void> {
  const call = async <T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  const admin = DemoSeeder.signIns().find((s) => s.role === 'platform_admin')!;
  const { accessToken } = await call<{ accessToken: string }>('POST', '/api/v1/auth/login', null, {
    email: admin.email,
    password: DEMO_PASSWORD,
  });
  const wanted = new Set(emails);
  let after: string | null = null;
  do {
    const page: { items: { id: string; email: string }[]; nextCursor: string | null } = await call(
      'GET',
      `/api/v1/admin/users${after ? `?after=${encodeURIComponent(after)}` : ''}`,
      accessToken,
    );
    for (const u of page.items)
      if (wanted.has(u.email)) await call('POST', `/api/v1/admin/users/${u.id}/mfa-reset`, accessToken);
    after = page.nextCursor;
  } while (after);
  for (const email of wanted) totpSecrets.delete(email);
  // the reset revokes their sessions, and with them their tokens
  for (const [key, t] of apiTokens) if (wanted.has(t.email)) apiTokens.delete(key);
}

/**
 * The browser the tests drive: CHROMIUM_PATH, else Debian's Chromium headless shell (the package
 * chromium-headless-shell: the same Chromium build, Blink and V8 without the browser's own UI,
 * which is what Playwright itself runs for headless Chromium), else Debian's Chromium. The full
 * browser's headless mode opens a window with the browser's UI for every context, and a renderer
 * for that UI: the crawl of AP's pages took 47 s of CPU with it and 33 s with the shell.
 */
const CHROMIUM_EXECUTABLE =
  process.env['CHROMIUM_PATH'] ??
  (existsSync('/usr/bin/chromium-headless-shell') ? '/usr/bin/chromium-headless-shell' : '/usr/bin/chromium');

/** Debian's Chromium (CHROMIUM_EXECUTABLE), headless. Closed by stopAll(). */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
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
 * The page states this file's axe runs found clean: the document as it stands (less its nonces and
 * CSRF token), with JavaScript or without. A flow that comes back to a page in the same state (the
 * second invitation's first page, say) is not analysed again: the same DOM has the same result.
 */
const cleanStates = new Set<string>();

/**
 * Runs axe-core on the page as it is now (WCAG 2.2 A and AA); throws listing every violation, with
 * `label` (say the URL and the role signed in) in the message. A state this file found clean
 * before (the same document at the same URL) passes without running axe again.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const state = [
    scriptless.has(page) ? 'off' : 'on',
    page.url(),
    (await page.content()).replace(/\snonce="[^"]*"/g, '').replace(/(name="_csrf"\s+value=)"[^"]*"/g, '$1""'),
  ].join('\n');
  if (cleanStates.has(state)) return;
  const { violations } = scriptless.has(page) ? await analyzeScriptless(page) : await analyze(page);
  if (violations.length === 0) {
    cleanStates.add(state);
    return;
  }
  const lines = violations.map((v) => {
    const targets = v.nodes
      .slice(0, 3)
      .map((n) => JSON.stringify(n.target))
      .join(', ');
    const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
    return `  - ${v.id} [${v.impact ?? 'unknown'}]: ${v.help} — ${targets}${more}`;
  });
  throw new Error(`${violations.length} accessibility violation(s) on ${label}:\n${lines.join('\n')}`);
}

/**
 * axe-core over the page, every rule of AXE_TAGS; only the violations are collected in full (the
 * nodes that pass are what takes axe time to gather, and nothing reads them). A page with no
 * frames of its own (every page of REP Hub's so far) is analysed with axe.run() in the page itself
 * ("legacy mode"): only frames need the default's runPartial() in each frame and finishRun() in a
 * blank page of its own, whose opening and fresh injection of axe cost more than the analysis.
 *
 * In the page itself it is what AxeBuilder's legacy mode does (the same axe-core, configuration,
 * options and document), less its waste: AxeBuilder sends axe's source (580 kB) over the protocol
 * and evaluates it twice at every analysis, and brings back the whole result (every rule's
 * description, the passes' and the inapplicable rules') where only the violations are read. Here
 * axe is evaluated once per document (a later check of the same document, after a click that
 * changed it without a navigation, runs the axe already there) and only the violations come back.
 */
async function analyze(page: Page): Promise<{ violations: Result[] }> {
  if (page.frames().length !== 1)
    return new AxeBuilder({ page })
      .options({ resultTypes: ['violations'] })
      .withTags(AXE_TAGS)
      .analyze();
  if (!(await page.evaluate(AXE_PRESENT))) {
    await page.evaluate(axeCore.source);
    await page.evaluate(AXE_CONFIGURE);
  }
  const outcome = await page.evaluate(runAxe, AXE_TAGS);
  if (outcome.error !== null) throw new Error(outcome.error);
  return { violations: outcome.violations };
}

/** Whether this document has this version of axe already (the page's own scripts define no axe). */
const AXE_PRESENT = `typeof window.axe?.run === 'function' && window.axe.version === ${JSON.stringify(axeCore.version)}`;

/** AxeBuilder's configuration in legacy mode. */
const AXE_CONFIGURE = `axe.configure({ allowedOrigins: ['<same_origin>'], branding: { application: 'playwright' } })`;

/** Runs in the page: axe.run() over the document as AxeBuilder's withTags() and options() set it. */
const runAxe = (tags: string[]): Promise<{ error: string | null; violations: Result[] }> =>
  (window as unknown as { axe: typeof axeCore }).axe
    .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    .then(
      (results) => ({ error: null, violations: results.violations }),
      (error: Error) => ({ error: `axe.run: ${error.message}`, violations: [] }),
    );

/**
 * With JavaScript off Chromium runs no timers, even for scripts injected over CDP, so axe never
 * finishes. The page's DOM as it stands (as the server sent it: nothing ran) is analysed instead in
 * a scripting context of its own: same URL, same cookies, same viewport, the document served from
 * the snapshot with its scripts removed and <noscript> unwrapped (as a scriptless parser reads it),
 * and every other request (stylesheets, images) passed to the server, except scripts.
 *
 * That context and its page are opened once per browser and serve each analysis in turn (given
 * the page's cookies and viewport each time, and a blank page between two copies, so that a copy
 * of the same URL is a new document): opening a context and a page for every check took longer
 * than the analysis.
 */
async function analyzeScriptless(page: Page) {
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<\/?noscript\b[^>]*>/gi, '');
  const browser = page.context().browser();
  if (!browser) throw new Error('expectNoAxeViolations: the page has no browser');
  let copier = copiers.get(browser);
  if (!copier) copiers.set(browser, (copier = { copy: null, html: null, turn: Promise.resolve() }));
  const mine = copier;
  const analysis = mine.turn.then(async () => {
    if (!mine.copy || mine.copy.isClosed()) mine.copy = await openCopy(browser, mine);
    const copy = mine.copy;
    await copy.context().clearCookies();
    await copy.context().addCookies(await page.context().cookies());
    const viewport = page.viewportSize();
    if (viewport) await copy.setViewportSize(viewport);
    await copy.goto('about:blank');
    mine.html = html;
    try {
      await copy.goto(page.url(), { waitUntil: 'load' });
    } finally {
      mine.html = null;
    }
    return analyze(copy);
  });
  mine.turn = analysis.then(
    () => undefined,
    () => undefined,
  );
  return analysis;
}

/** Per browser: the page scriptless copies are analysed in, the copy it serves next, and the analysis whose turn it is. */
interface Copier {
  copy: Page | null;
  html: string | null;
  turn: Promise<void>;
}
const copiers = new WeakMap<Browser, Copier>();

/** The copier's page: its next navigation is served `copier.html`; scripts are never loaded. */
async function openCopy(browser: Browser, copier: Copier): Promise<Page> {
  const context = await browser.newContext();
  const copy = await context.newPage();
  await copy.route('**/*', (route) => {
    const request = route.request();
    if (copier.html !== null && request.isNavigationRequest() && request.frame() === copy.mainFrame()) {
      const body = copier.html;
      copier.html = null;
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    }
    if (request.resourceType() === 'script') return route.abort();
    return route.continue();
  });
  return copy;
}

/**
 * The 6-digit TOTP code for a base32 secret (the app's own generator), now or at `at` (ms). The
 * server refuses a code of a step it has already accepted, or of an earlier one.
 */
export function totpCode(secretBase32: string, at = Date.now()): string {
  return totpCodeAt(secretBase32, at);
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

const safeName = (name: string) =>
  name
    .replace(/[^a-z0-9._-]+/gi, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 150) || 'unnamed';

/**
 * Closes every browser and stops every server this file started; for `afterAll(stopAll)`. The
 * worker's shared server stays for its next file.
 */
export async function stopAll(): Promise<void> {
  const closing = [...browsers].map((b) => b.close().catch(() => undefined));
  const stopping = [...servers].map((s) => s.stop());
  await Promise.all([...closing, ...stopping]);
}
