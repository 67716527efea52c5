import { workerDatabase } from '@rep-hub/platform/testing';
import { Client } from 'pg';
import type { Browser } from 'playwright-core';
import { demoPartnership, signIn } from './flows';
import {
  demoSignIns,
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  RunningServer,
  startServer,
  stopAll,
  withFailureScreenshot,
} from './harness';

jest.setTimeout(240_000);

/**
 * A published local inclusion plan in Chromium with JavaScript off, signed out: the public list,
 * the version's page, its PDF, and "compare two versions" through the page's own form; then the
 * lead's regional table reflowed at 320 px. axe checks each page. The plan (a superseded and a
 * published version, with a PDF) is written straight into the worker's browser database as the
 * app role, for an LA made for it: writing plans is the plans-core pages'.
 */
describe('a published inclusion plan, read signed out, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const partnership = demo.find((s) => s.partnership)!.partnership!;
  const lead = demo.find((s) => s.role === 'partnership_lead' && s.partnership === partnership)!.email;
  const title = `Browser plan ${Date.now()}`;
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const { tenantId } = await demoPartnership(
      server.base,
      demo.find((s) => s.role === 'platform_admin')!.email,
      partnership,
    );
    const db = new Client({ connectionString: (await workerDatabase('browser')).appUrl });
    await db.connect();
    try {
      await db.query('BEGIN');
      await db.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
      const [la] = (
        await db.query(
          `INSERT INTO organisations (tenant_id, kind, name, la_number, gss_code) VALUES ($1, 'local_authority', $2, $3, $4) RETURNING id`,
          [tenantId, `${title} LA`, String(900 + (Date.now() % 99)), `E0${String(Date.now()).slice(-7)}`],
        )
      ).rows as { id: string }[];
      const [plan] = (
        await db.query(
          `INSERT INTO inclusion_plans (tenant_id, title, period_start, period_end, review_on) VALUES ($1, $2, '2026-09-01', '2029-08-31', '2027-07-31') RETURNING id`,
          [tenantId, title],
        )
      ).rows as { id: string }[];
      await db.query(`INSERT INTO inclusion_plan_las (tenant_id, plan_id, la_id) VALUES ($1, $2, $3)`, [
        tenantId,
        plan.id,
        la.id,
      ]);
      for (const [n, status, body] of [
        [1, 'superseded', 'We need more places.\nTwenty places open in 2027.'],
        [2, 'published', 'We need more places.\nForty places open in 2027.'],
      ] as const) {
        const [v] = (
          await db.query(
            `INSERT INTO inclusion_plan_versions (tenant_id, plan_id, number, status, published_at, superseded_at, pdf_status, pdf)
             VALUES ($1, $2, $3, $4, now() - interval '30 days' * (3 - $3), $5, $6, $7) RETURNING id`,
            [
              tenantId,
              plan.id,
              n,
              status,
              status === 'superseded' ? new Date() : null,
              n === 2 ? 'ready' : 'none',
              n === 2 ? pdf : null,
            ],
          )
        ).rows as { id: string }[];
        await db.query(
          `INSERT INTO inclusion_plan_sections (tenant_id, version_id, section_key, body, themes, themes_version)
           VALUES ($1, $2, 'sufficiency', $3, ARRAY['tailored_lists_and_placement'], '2026-provisional-1')`,
          [tenantId, v.id, body],
        );
      }
      await db.query('COMMIT');
    } finally {
      await db.end();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await stopAll();
  });

  it('lists it, shows it, gives its PDF and compares its versions, with JavaScript off and signed out', async () => {
    const page = await newPage(browser, { javaScript: false });
    await withFailureScreenshot(page, 'plans-public', async () => {
      await page.goto(`${server.base}/inclusion-plans`);
      await expect(page.locator('h1').innerText()).resolves.toBe('Local inclusion plans');
      await expectNoAxeViolations(page, 'public plans list');
      await page.getByRole('link', { name: title }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe(title);
      await expectNoAxeViolations(page, 'published version');
      const href = await page.getByRole('link', { name: 'Download this version as a PDF' }).getAttribute('href');
      const file = await page.request.get(`${server.base}${href}`);
      expect([file.status(), file.headers()['content-type']]).toEqual([200, 'application/pdf']);
      expect(Buffer.compare(await file.body(), pdf)).toBe(0);
      await page.getByLabel('Compare this version with').selectOption({ label: 'Version 1 (superseded)' });
      await page.getByRole('button', { name: 'Compare versions' }).click();
      await expect(page.locator('h1').innerText()).resolves.toBe('What changed between versions 1 and 2');
      await expect(page.locator('del').innerText()).resolves.toBe('Removed Twenty places open in 2027.');
      await expect(page.locator('ins').innerText()).resolves.toBe('Added Forty places open in 2027.');
      await expectNoAxeViolations(page, 'compare versions');
    });
    await page.context().close();
  });

  it('reflows the lead’s regional table at 320 px: the page does not scroll sideways, the table scrolls in its region', async () => {
    const page = await newPage(browser);
    await withFailureScreenshot(page, 'plans-regional-320', async () => {
      await signIn(page, server.base, lead, undefined, { partnership });
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(`${server.base}/plans/regional`);
      await expect(page.getByRole('region', { name: /Plans by local authority/ }).isVisible()).resolves.toBe(true);
      await expect(page.locator('table').innerText()).resolves.toContain(`${title} LA`);
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: window.innerWidth,
      }));
      expect(widths.page).toBeLessThanOrEqual(widths.view);
      await expectNoAxeViolations(page, 'regional view at 320 px');
    });
    await page.context().close();
  });
});
