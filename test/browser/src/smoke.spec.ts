import type { Browser } from 'playwright-core';
import {
  expectNoAxeViolations,
  launchBrowser,
  newPage,
  RunningServer,
  startServer,
  stopAll,
  withFailureScreenshot,
} from './harness';

/**
 * The home page in a real browser, with JavaScript on and off: REP Hub's own branding (not
 * GOV.UK's crown, logotype or typeface), no accessibility violations axe can find, and a
 * Content-Security-Policy that allows no inline script.
 */
describe('home page in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(stopAll);

  describe.each([
    ['on', true],
    ['off', false],
  ])('with JavaScript %s', (label, javaScript) => {
    it('shows REP Hub, not GOV.UK, and passes axe', async () => {
      const page = await newPage(browser, { javaScript });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        // a failed load is reported below with its URL; anything else (a CSP refusal) is a problem
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
          problems.push(`console error: ${m.text()}`);
      });
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
      });

      await withFailureScreenshot(page, `smoke-home-js-${label}`, async () => {
        const response = await page.goto(`${server.base}/`, { waitUntil: 'load' });
        expect(response?.status()).toBe(200);

        await expect(page.locator('h1').innerText()).resolves.toContain('REP Hub');

        // the page's header: service navigation, no GOV.UK header, crown or logotype
        const header = await page.evaluate(() => {
          const main = document.querySelector('main');
          const before: string[] = [];
          // all text that comes before <main> in the document: whatever plays the header's part
          for (const el of Array.from(document.body.children)) {
            if (main && (el === main || el.contains(main))) break;
            before.push((el as HTMLElement).innerText ?? '');
          }
          return {
            text: before.join('\n'),
            serviceNavigation: document.querySelector('.govuk-service-navigation')?.textContent ?? '',
            govukMarks: document.querySelectorAll(
              '.govuk-header, .govuk-header__logotype, .govuk-header__logo, .govuk-logo, svg[class*="crown"], [class*="logotype"]',
            ).length,
          };
        });
        expect(header.serviceNavigation).toContain('REP Hub');
        expect(header.govukMarks).toBe(0);
        expect(header.text).not.toMatch(/GOV\.UK/i);

        // the service's stylesheet loaded (Arial), and nothing asks for GOV.UK's typeface
        const fonts = await page.evaluate(() => ({
          body: getComputedStyle(document.body).fontFamily,
          h1: getComputedStyle(document.querySelector('h1')!).fontFamily,
        }));
        expect(fonts.body).not.toMatch(/GDS Transport/i);
        expect(fonts.h1).not.toMatch(/GDS Transport/i);
        expect(fonts.h1).toMatch(/arial/i);

        // GOV.UK Frontend's nonce'd inline script marks the body only when scripts run
        const supported = await page.evaluate(() => document.body.classList.contains('govuk-frontend-supported'));
        expect(supported).toBe(javaScript);

        const csp = response?.headers()['content-security-policy'] ?? '';
        const scriptSrc = csp
          .split(';')
          .map((d) => d.trim())
          .find((d) => /^script-src\s/i.test(d));
        expect(scriptSrc).toBeDefined();
        expect(scriptSrc).not.toContain("'unsafe-inline'");
        expect(scriptSrc).toMatch(/'nonce-[^']+'/);

        await expectNoAxeViolations(page, `${server.base}/ (signed out, JavaScript ${label})`);
        expect(problems).toEqual([]);
      });
      await page.context().close();
    });
  });
});
