import type { Browser, Page } from 'playwright-core';
import { fillDate, go, heading, signIn } from './flows';
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

/** Today in England, as the server dates things (yyyy-mm-dd). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
/** A date `days` after today (yyyy-mm-dd). */
const inDays = (days: number) => new Date(Date.parse(today()) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The National Board in Chromium, with JavaScript off throughout: the board member signs in
 * through the pages, compares two demo partnerships on an indicator both publish (the chart, its
 * table and the national figure; the page reflows at 320 px), makes a board pack and waits for its
 * job (the server's in-process worker) to build it, downloads the PDF and the spreadsheet, records
 * an action concerning North West at a new meeting and signs out. North West's lead sees the action
 * in their board decisions; South East's lead does not. Each side is refused the other's pages,
 * the board member in the board's own words. axe checks every page visited.
 */
describe('the National Board from comparing partnerships to a decision a partnership receives, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const boardEmail = demo.find((s) => s.role === 'national_board')!.email;
  const leadOf = (short: string) =>
    demo.find((s) => s.role === 'partnership_lead' && s.email.startsWith(`${short}.lead@`))!;
  const northWest = leadOf('nw');
  const southEast = leadOf('se');
  // reruns on a shared database: every title this file writes is its own
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const actionText = `Share the mediation-first evidence with the region (browser ${unique})`;
  let board: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(stopAll);

  const checked = (page: Page, label: string) =>
    expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);
  const banner = (page: Page) => page.locator('.govuk-notification-banner--success').innerText();

  it('the board member compares North West and South East on an indicator both publish', async () => {
    board = await newPage(browser, { javaScript: false });
    await withFailureScreenshot(board, 'national-compare', async () => {
      await signIn(board, server.base, boardEmail);
      await checked(board, 'the board member’s home');
      await go(board, 'Compare partnerships');
      expect(new URL(board.url()).pathname).toBe('/national/compare');
      expect(await heading(board)).toBe('Compare partnerships');
      await checked(board, 'choosing what to compare');

      // an indicator both demo partnerships publish: the first one whose table names both
      const codes = await board
        .locator('input[name="indicatorCode"]')
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      expect(codes.length).toBeGreaterThan(0);
      let table = '';
      for (const code of codes) {
        await board.goto(`${server.base}/national/compare`);
        await board.locator(`input[name="indicatorCode"][value="${code}"]`).check();
        await board.getByLabel(northWest.partnership!, { exact: true }).check();
        await board.getByLabel(southEast.partnership!, { exact: true }).check();
        await go(board, 'Compare', 'button');
        const url = new URL(board.url());
        expect(url.pathname).toBe(`/national/compare/${encodeURIComponent(code)}`);
        expect(url.searchParams.getAll('partnership')).toHaveLength(2);
        table = await board.getByTestId('table-compare').innerText();
        if (table.includes(northWest.partnership!) && table.includes(southEast.partnership!)) break;
      }
      expect(table).toContain(northWest.partnership!);
      expect(table).toContain(southEast.partnership!);
      expect(table).toContain('National figure');
      await expect(board.locator('main').innerText()).resolves.toContain('The 2 partnerships you chose');

      const chart = board.getByTestId('chart-compare').locator('svg[role="img"]');
      await expect(chart.count()).resolves.toBe(1);
      const title = (await chart.locator('title').textContent())?.trim() ?? '';
      expect(title.length).toBeGreaterThan(0);
      // the chart is named by its title (and described by its desc)
      const labelledBy = (await chart.getAttribute('aria-labelledby')) ?? '';
      expect(labelledBy.split(' ')).toContain(await chart.locator('title').getAttribute('id'));
      await expect(board.getByTestId('national-figure').innerText()).resolves.toMatch(/\d/);
      await checked(board, 'two partnerships compared');

      // reflow at 320 px (400% zoom of 1280 px): the page does not scroll sideways
      await board.setViewportSize({ width: 320, height: 640 });
      await board.reload({ waitUntil: 'load' });
      const widths = await board.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: window.innerWidth,
      }));
      expect(widths.view).toBe(320);
      expect(widths.page).toBeLessThanOrEqual(widths.view);
      const box = await chart.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(320);
      await checked(board, 'two partnerships compared at 320 px');
      await board.setViewportSize({ width: 1280, height: 720 });
    });
  });

  it('makes a board pack, waits for its job, and downloads the PDF and the spreadsheet', async () => {
    await withFailureScreenshot(board, 'national-board-pack', async () => {
      await board.goto(`${server.base}/national/board-packs`);
      await checked(board, 'the board packs');
      await board.goto(`${server.base}/national/board-packs/new`);
      expect(await heading(board)).toBe('Make a board pack');
      // nothing filled in: refused, naming the fields
      await go(board, 'Make the pack', 'button');
      await expect(board.locator('.govuk-error-summary').innerText()).resolves.toContain('There is a problem');
      await checked(board, 'a board pack with errors');

      const title = `Implementation Board ${unique}`;
      await board.locator('#title').fill(title);
      await fillDate(board, 'meetingDate', inDays(14));
      const period = board.locator('input[name="period"]').first();
      const periodName = (await board.locator(`label[for="${await period.getAttribute('id')}"]`).innerText()).trim();
      await period.check();
      await go(board, 'Make the pack', 'button');
      expect(new URL(board.url()).pathname).toMatch(/^\/national\/board-packs\/[0-9a-f-]{36}$/);
      await expect(banner(board)).resolves.toContain(`${title}, version 1`);
      const packPath = new URL(board.url()).pathname;

      // built by a job in the server's process: the member follows the page's Refresh link until
      // it is ready (a bounded wait; the page has no timed refresh)
      const status = () => board.getByTestId('pack-status').innerText();
      const until = Date.now() + 60_000;
      while (/Queued|Building/i.test(await status()) && Date.now() < until) {
        await checked(board, 'a board pack building');
        await new Promise((r) => setTimeout(r, 250));
        await go(board, 'Refresh');
      }
      await expect(status()).resolves.toMatch(/Ready/);
      await expect(board.locator('main').innerText()).resolves.toContain(periodName);
      const releases = await board
        .locator('table', { has: board.locator('caption', { hasText: 'The releases this pack is built from' }) })
        .innerText();
      expect(releases).toContain(northWest.partnership!);
      await checked(board, 'a board pack ready');

      const downloads = board.getByTestId('pack-downloads');
      const pdfHref = await downloads.getByRole('link', { name: 'Download the PDF' }).getAttribute('href');
      const xlsxHref = await downloads
        .getByRole('link', { name: 'Download the spreadsheet (XLSX)' })
        .getAttribute('href');
      expect(pdfHref).toBe(`${packPath}/pdf`);
      expect(xlsxHref).toBe(`${packPath}/xlsx`);
      // the links' download, as the browser fetches it with the board member's session
      const [pdfDownload] = await Promise.all([
        board.waitForEvent('download'),
        downloads.getByRole('link', { name: 'Download the PDF' }).click(),
      ]);
      expect(pdfDownload.suggestedFilename()).toMatch(/\.pdf$/);
      const pdf = await board.request.get(`${server.base}${pdfHref}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
      expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const xlsx = await board.request.get(`${server.base}${xlsxHref}`);
      expect(xlsx.status()).toBe(200);
      expect(xlsx.headers()['content-type']).toMatch(
        /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/,
      );
      // a spreadsheet is a zip
      expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');
    });
  });

  it('records an action concerning North West at a new meeting, then signs out', async () => {
    await withFailureScreenshot(board, 'national-decision', async () => {
      await board.goto(`${server.base}/national/decisions`);
      await checked(board, 'the board’s decisions and actions');
      await board.goto(`${server.base}/national/meetings/new`);
      await checked(board, 'a new meeting');
      const meetingTitle = `National Board ${unique}`;
      await fillDate(board, 'heldOn', today());
      await board.locator('#title').fill(meetingTitle);
      await go(board, 'Record the meeting', 'button');
      expect(new URL(board.url()).pathname).toMatch(/^\/national\/meetings\/[0-9a-f-]{36}$/);
      expect(await heading(board)).toBe(meetingTitle);
      await checked(board, 'the meeting recorded');

      // an action without its due date: refused, naming the field
      await board.locator('#text').fill(actionText);
      await board.getByLabel('Action', { exact: true }).check();
      await board.locator('#owner').fill('Chair of the National Board');
      await board.getByLabel(northWest.partnership!, { exact: true }).check();
      await go(board, 'Record it', 'button');
      await expect(board.locator('.govuk-error-summary').innerText()).resolves.toContain('There is a problem');
      await checked(board, 'an action with errors');
      await expect(board.locator('#text').inputValue()).resolves.toBe(actionText);
      await fillDate(board, 'dueOn', inDays(30));
      if (!(await board.getByLabel(northWest.partnership!, { exact: true }).isChecked()))
        await board.getByLabel(northWest.partnership!, { exact: true }).check();
      if (!(await board.getByLabel('Action', { exact: true }).isChecked()))
        await board.getByLabel('Action', { exact: true }).check();
      await go(board, 'Record it', 'button');
      const decisions = await board.getByTestId('meeting-decisions').innerText();
      expect(decisions).toContain(actionText);
      expect(decisions).toContain('Chair of the National Board');
      await checked(board, 'the action recorded');

      // the board member is not a partnership's: a partnership's page is refused in the board's words
      const refused = await board.goto(`${server.base}/evaluation`);
      expect(refused!.status()).toBe(403);
      const words = await board.locator('main').innerText();
      expect(words).toContain('National Board members see only published, disclosure-controlled figures');
      expect(words).not.toContain('ask your partnership lead');
      await checked(board, 'a partnership’s page refused to the board member');

      await board.goto(`${server.base}/national/decisions`);
      await go(board, 'Sign out', 'button');
      await board.goto(`${server.base}/national/decisions`);
      expect(new URL(board.url()).pathname).toBe('/sign-in');
    });
    await board.context().close();
  });

  it('North West’s lead sees the action in their board decisions, and is refused the comparison', async () => {
    const lead = await newPage(browser, { javaScript: false });
    await withFailureScreenshot(lead, 'national-lead-nw', async () => {
      await signIn(lead, server.base, northWest.email, undefined, { partnership: northWest.partnership! });
      await lead.goto(`${server.base}/`);
      await go(lead, 'National Board decisions');
      expect(new URL(lead.url()).pathname).toBe('/board-decisions');
      expect(await heading(lead)).toBe('National Board decisions');
      await expect(lead.getByTestId('board-actions').innerText()).resolves.toContain(actionText);
      await checked(lead, 'the board’s decisions, as North West’s lead');

      const refused = await lead.goto(`${server.base}/national/compare`);
      expect(refused!.status()).toBe(403);
      await expect(lead.locator('main').innerText()).resolves.toContain('You cannot see this page');
      await checked(lead, 'the comparison refused to a partnership lead');
    });
    await lead.context().close();
  });

  it('South East’s lead does not see it', async () => {
    const lead = await newPage(browser, { javaScript: false });
    await withFailureScreenshot(lead, 'national-lead-se', async () => {
      await signIn(lead, server.base, southEast.email, undefined, { partnership: southEast.partnership! });
      await lead.goto(`${server.base}/`);
      await go(lead, 'Board decisions');
      expect(new URL(lead.url()).pathname).toBe('/board-decisions');
      await expect(lead.locator('main').innerText()).resolves.not.toContain(actionText);
      await checked(lead, 'the board’s decisions, as South East’s lead');
    });
    await lead.context().close();
  });
});
