import { publishTestRelease } from '@rep-hub/national-domain/testing';
import { workerDatabase } from '@rep-hub/platform/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import type { EntityManager } from 'typeorm';
import { heading } from './flows';
import {
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  RunningServer,
  startServer,
  stopAll,
  withFailureScreenshot,
} from './harness';

jest.setTimeout(240_000);

/** A term of this file's own, so the correction below meets no other file's release. */
const TERM = { code: '2014-15-autumn', name: 'Autumn term 2014 to 2015', from: '2014-09-01', to: '2014-12-31' };

/**
 * The public inclusion dashboard and open data in Chromium, signed out, 320 px wide, with
 * JavaScript off: a visitor goes from the start page to the dashboard, an indicator, a partnership
 * and one of its local authorities (axe on each page, and the page never scrolls sideways), then
 * to the open data, opens a release and downloads its data.csv, and reads what changed in a
 * corrected release. The correction is published straight into the worker's browser database as
 * the app role, through `national.publish_release`, as a partnership's sent return would be.
 */
describe('a visitor reads the inclusion dashboard and downloads open data, signed out at 320 px', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let correctedId: string;
  const partnershipName = `Correction test partnership ${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const db = new Client({ connectionString: (await workerDatabase('browser')).appUrl });
    await db.connect();
    try {
      const m = { query: async (sql: string, values?: unknown[]) => (await db.query(sql, values)).rows };
      const partnershipId = randomUUID();
      const figure = (value: number) => ({
        indicatorCode: 'evaluation.ehc_assessment_requests',
        indicatorName: 'Requests for an EHC needs assessment',
        unit: 'count' as const,
        value,
      });
      const release = { partnershipId, partnershipName, period: TERM };
      await publishTestRelease(m as unknown as EntityManager, { ...release, figures: [figure(40)] });
      correctedId = await publishTestRelease(m as unknown as EntityManager, {
        ...release,
        version: 2,
        replacesVersion: 1,
        correctionReason: 'One LA’s requests were counted twice',
        figures: [figure(35)],
      });
    } finally {
      await db.end();
    }
    page = await newPage(browser, { javaScript: false });
    await page.setViewportSize({ width: 320, height: 640 });
  });
  afterAll(async () => {
    await page?.context().close();
    await stopAll();
  });

  /** axe passes and the page's body does not scroll sideways at 320 px. */
  async function checked(label: string): Promise<void> {
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      view: window.innerWidth,
    }));
    expect({ label, view: widths.view, widest: Math.max(widths.page, widths.body) }).toEqual({
      label,
      view: 320,
      widest: expect.any(Number),
    });
    expect(Math.max(widths.page, widths.body)).toBeLessThanOrEqual(widths.view);
    await expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);
  }

  it('goes from the start page to the dashboard, an indicator, a partnership and a local authority', async () => {
    await withFailureScreenshot(page, 'dashboard-320', async () => {
      await page.goto(`${server.base}/`);
      await page.getByTestId('public-pages').getByRole('link', { name: 'Inclusion dashboard' }).click();
      expect(new URL(page.url()).pathname).toBe('/inclusion-dashboard');
      expect(await heading(page)).toBe('Inclusion dashboard');
      await expect(page.getByRole('link', { name: /Open data/ }).getAttribute('href')).resolves.toBe('/open-data');
      await expect(
        page.getByRole('link', { name: 'Local inclusion plans published by the partnerships' }).getAttribute('href'),
      ).resolves.toBe('/inclusion-plans');
      await checked('the dashboard');

      // an indicator both demo partnerships publish
      await page
        .getByTestId('dashboard-indicators')
        .getByRole('link', { name: /within 20 weeks/ })
        .click();
      expect(new URL(page.url()).pathname).toBe('/inclusion-dashboard/indicators/evaluation.ehcp_20_weeks');
      await expect(page.getByTestId('caveats').innerText()).resolves.toContain('not official statistics');
      const chart = page.getByTestId('dashboard-chart').locator('svg[role="img"]');
      await expect(chart.count()).resolves.toBe(1);
      const box = await chart.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(320);
      await expect(page.getByTestId('dashboard-chart-table').innerText()).resolves.toContain('National figure');
      await expect(page.getByTestId('symbols-key').innerText()).resolves.toContain('Suppressed (confidential)');
      await checked('an indicator');

      // a partnership, from the newest term's table
      await page.getByTestId('term-table').first().getByRole('link').first().click();
      expect(new URL(page.url()).pathname).toMatch(/^\/inclusion-dashboard\/partnerships\/[0-9a-f-]{36}$/);
      await expect(page.locator('.govuk-caption-l').innerText()).resolves.toBe('Partnership');
      await expect(page.getByTestId('dashboard-chart-1-table').innerText()).resolves.toContain('National figure');
      await checked('a partnership');

      // one of its local authorities
      const la = page.getByTestId('partnership-las').getByRole('link').first();
      const laName = await la.innerText();
      await la.click();
      expect(new URL(page.url()).pathname).toMatch(/^\/inclusion-dashboard\/local-authorities\/E\d{8}$/);
      expect(await heading(page)).toBe(laName);
      await expect(page.getByTestId('la-summary').innerText()).resolves.toMatch(/E\d{8}/);
      await expect(page.getByTestId('dashboard-chart-1-table').innerText()).resolves.toContain('National figure');
      await checked('a local authority');
    });
  });

  it('goes to the open data, opens a release and downloads its data.csv', async () => {
    await withFailureScreenshot(page, 'open-data-320', async () => {
      await page.goto(`${server.base}/inclusion-dashboard`);
      await page.getByRole('link', { name: /Open data/ }).click();
      expect(new URL(page.url()).pathname).toBe('/open-data');
      await checked('the open data');
      await page.locator('main a[href^="/open-data/releases/"]').first().click();
      expect(new URL(page.url()).pathname).toMatch(/^\/open-data\/releases\/[0-9a-f-]{36}$/);
      await checked('a release');
      const csv = page.locator('main a[href$="/data.csv"]').first();
      await expect(csv.innerText()).resolves.toBe('Data (CSV)');
      const file = await page.request.get(new URL((await csv.getAttribute('href'))!, server.base).toString());
      expect(file.status()).toBe(200);
      expect(file.headers()['content-type']).toMatch(/^text\/csv/);
      const [header, first] = (await file.text()).split(/\r?\n/);
      // the header: column names (EES's tidy form begins with the time period), then a row of figures
      expect(header).toMatch(/^[a-z_",]+$/);
      expect(header).toContain('time_period');
      expect(first.length).toBeGreaterThan(0);
    });
  });

  it('shows what changed in a corrected release', async () => {
    await withFailureScreenshot(page, 'open-data-corrected-320', async () => {
      await page.goto(`${server.base}/open-data/releases/${correctedId}`);
      await expect(page.locator('main').innerText()).resolves.toContain(partnershipName);
      await expect(page.getByRole('heading', { name: /What changed/ }).count()).resolves.toBeGreaterThan(0);
      await expect(page.locator('main').innerText()).resolves.toContain('One LA’s requests were counted twice');
      await checked('a corrected release');
    });
  });
});
