/**
 * `npm run screenshots`: the screenshots in docs/screenshots/ that the README shows. Starts the
 * embedded server (PGlite in a fresh folder under tmp/, the demo seeded, jobs in process) on a free
 * port, drives Debian's Chromium (CHROMIUM_PATH to use another) through the main journeys, and
 * writes one PNG per page. Needs no PostgreSQL, Redis or network.
 */
import { totpCode } from '@rep-hub/auth';
import { freePort } from '@rep-hub/platform/testing';
import '@rep-hub/ap-domain/demo-accounts'; // AP's demo sign-ins, listed with the core's
import '@rep-hub/workforce-domain/demo-accounts'; // workforce training's
import { DEMO_PASSWORD, DemoSeeder } from '@rep-hub/tenancy';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

const ROOT = resolve(__dirname, '..');
const OUT = join(ROOT, 'docs', 'screenshots');
const DATA = join(ROOT, 'tmp', 'screenshots-data');

async function startServer(port: number): Promise<ChildProcess> {
  rmSync(DATA, { recursive: true, force: true });
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(DATABASE_URL|APP_DATABASE_URL|REDIS_URL|ADMIN_|NODE_OPTIONS)/.test(k),
    ),
  );
  const child = spawn(process.execPath, [join(ROOT, 'scripts/run-ts.cjs'), 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...env,
      NODE_ENV: 'development',
      DATA_DIR: DATA,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the server did not start in 2 minutes');
}

async function main(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(port);
  let browser: Browser | undefined;
  try {
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({
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
    const demo = DemoSeeder.signIns();
    const shot = async (page: Page, name: string) => {
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      process.stdout.write(`  docs/screenshots/${name}.png  ${new URL(page.url()).pathname}\n`);
    };
    /** Each page of a list in turn, one screenshot each. */
    const shotsOf = async (page: Page, pages: readonly (readonly [path: string, name: string])[]) => {
      for (const [path, name] of pages) {
        await page.goto(`${base}${path}`);
        await shot(page, name);
      }
    };
    /** The first row's link in the page's table, then its screenshot. */
    const openFirstRow = async (page: Page, name: string) => {
      await page.locator('main table a').first().click();
      await page.waitForLoadState('load');
      await shot(page, name);
    };
    const fresh = async () => (await browser!.newContext({ viewport: { width: 1100, height: 760 } })).newPage();
    const signIn = async (page: Page, email: string) => {
      await page.goto(`${base}/sign-in`);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState('load');
    };

    // a visitor: the start page and sign-in with an error
    let page = await fresh();
    await page.goto(`${base}/`);
    await shot(page, 'start-page');
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('Email address').fill(demo.find((s) => s.role === 'partnership_lead')!.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    await shot(page, 'sign-in-error');

    // an LA officer: the authenticator set-up, then their home
    page = await fresh();
    const officer = demo.find((s) => s.role === 'la_officer')!;
    await signIn(page, officer.email);
    await shot(page, 'set-up-authenticator');
    const secret = (await page.locator('#totp-secret').getAttribute('data-secret'))!;
    await page.locator('#code').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${base}/`);
    await shot(page, 'home-la-officer');
    await page.goto(`${base}/account`);
    await shot(page, 'account');
    await page.goto(`${base}/ap/providers`);
    await shot(page, 'ap-directory');
    await openFirstRow(page, 'ap-provider');
    await shotsOf(page, [
      ['/ap/cases', 'ap-cases'],
      ['/ap/measures', 'ap-measures'],
      ['/ap/alerts', 'ap-alerts'],
    ]);
    // the demo's placement in progress: its review due, its alert, its attendance
    await page.goto(`${base}/ap/cases?stage=placements`);
    await openFirstRow(page, 'ap-case-in-placement');

    // a partnership lead's home, the local inclusion plans and the regional view
    page = await fresh();
    await signIn(page, demo.find((s) => s.role === 'partnership_lead')!.email);
    await shot(page, 'home-partnership-lead');
    await page.goto(`${base}/plans`);
    await shot(page, 'plans-list');
    await openFirstRow(page, 'plans-plan');
    await page.locator('main a[href*="/versions/"]').first().click();
    await page.waitForLoadState('load');
    await shot(page, 'plans-version');
    await shotsOf(page, [['/plans/regional', 'plans-regional']]);

    // the workforce lead: training (the programmes and cohorts), a cohort's places by LA, coverage;
    // the training provider's staff: an enrolment with its milestones and history
    page = await fresh();
    await signIn(page, demo.find((s) => s.role === 'workforce_lead')!.email);
    await page.goto(`${base}/workforce`);
    await shot(page, 'workforce-training');
    await openFirstRow(page, 'workforce-cohort');
    await shotsOf(page, [['/workforce/coverage', 'workforce-coverage']]);
    page = await fresh();
    await signIn(page, demo.find((s) => s.role === 'training_provider_staff')!.email);
    await page.goto(`${base}/workforce`);
    await page.locator('main table a').first().click();
    await page.waitForLoadState('load');
    await openFirstRow(page, 'workforce-enrolment');

    // a visitor: a published plan on the public pages
    page = await fresh();
    const published = (await (await fetch(`${base}/api/v1/public/inclusion-plans`)).json()) as {
      partnerships: { slug: string; plans: { publishedVersionId: string }[] }[];
    };
    const withPlan = published.partnerships.find((p) => p.plans.length)!;
    await shotsOf(page, [
      ['/inclusion-plans', 'plans-public-list'],
      [`/inclusion-plans/${withPlan.slug}/versions/${withPlan.plans[0].publishedVersionId}`, 'plans-public-version'],
    ]);

    // the platform admin: partnerships, one partnership, users, queues, emails
    page = await fresh();
    await signIn(page, demo.find((s) => s.role === 'platform_admin')!.email);
    await shot(page, 'home-platform-admin');
    await shotsOf(page, [
      ['/admin/partnerships', 'admin-partnerships'],
      ['/admin/partnerships/new', 'admin-add-partnership'],
      ['/admin/users', 'admin-users'],
      ['/admin/queues', 'admin-queues'],
      ['/admin/emails', 'admin-emails'],
    ]);
    await page.goto(`${base}/admin/partnerships`);
    await openFirstRow(page, 'admin-partnership');
  } finally {
    await browser?.close();
    server.kill('SIGTERM');
    rmSync(DATA, { recursive: true, force: true });
  }
}

main().then(
  () => process.stdout.write('Screenshots written to docs/screenshots/\n'),
  (error: unknown) => {
    process.stderr.write(`screenshots failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
