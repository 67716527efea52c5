import type { Browser, Page } from 'playwright-core';
import { signIn } from './flows';
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

// the shortest the settings allow (docs/configuration.md): every wait below is on the real clock
const IDLE = 10;
const WARNING = 5;

/**
 * The idle timeout with short settings (10 s, warning 5 s before): the GOV.UK timeout warning
 * appears, "Stay signed in" keeps the session, and running out signs the user out. Without
 * JavaScript a form sent after the timeout is kept through signing in again.
 */
describe('session timeout, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const admin = demo.find((s) => s.role === 'platform_admin')!;
  const workforce = demo.find((s) => s.role === 'workforce_lead')!;

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ env: { WEB_SESSION_IDLE_SECONDS: String(IDLE), WEB_SESSION_WARNING_SECONDS: String(WARNING) } }),
      launchBrowser(),
    ]);
  });
  afterAll(stopAll);

  const toHome = async (page: Page) => {
    if (new URL(page.url()).pathname === '/choose-partnership') {
      await page.locator('input[name="tenantId"]').first().check();
      await page.getByRole('button', { name: 'Continue' }).click();
    }
    await page.waitForURL(`${server.base}/`);
  };

  /**
   * The two journeys wait on the real clock (about 20 s and 12 s of it), so they overlap, each in
   * a browser context of its own (its cookies, its session), one test each. The second begins
   * when the first has stayed signed in (`stayed`): its sign-in and pages fall in the first's idle
   * waits, never in the seconds between the warning and "Stay signed in".
   */
  const warnsStaysAndSignsOut = async (stayed: () => void) => {
    const page = await newPage(browser);
    await withFailureScreenshot(page, 'timeout-warning', async () => {
      await signIn(page, server.base, workforce.email);
      await toHome(page);
      const dialog = page.getByRole('dialog', { name: 'You’re about to be signed out' });
      await expect(dialog.isVisible()).resolves.toBe(false);
      // the warning comes WARNING seconds before the end
      await dialog.waitFor({ state: 'visible', timeout: (IDLE - WARNING + 5) * 1000 });
      await expect(dialog.innerText()).resolves.toMatch(/we will sign you out in \d+ seconds/);
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('timeout-stay');
      await expectNoAxeViolations(page, 'timeout warning');

      // "Stay signed in" refreshes the session without leaving the page
      const url = page.url();
      await dialog.getByRole('button', { name: 'Stay signed in' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(page.url()).toBe(url);
      stayed();
      // past the first deadline (IDLE after the last page, WARNING after the warning): still signed in
      await page.waitForTimeout((WARNING + 1) * 1000);
      await page.goto(`${server.base}/account`);
      expect(new URL(page.url()).pathname).toBe('/account');

      // left alone: the warning, then signed out
      await dialog.waitFor({ state: 'visible', timeout: (IDLE - WARNING + 5) * 1000 });
      await page.waitForURL(/\/signed-out\?reason=timeout$/, { timeout: (WARNING + 5) * 1000 });
      await expect(page.locator('h1').innerText()).resolves.toBe('You have been signed out');
      await page.goto(`${server.base}/account`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    });
  };

  const keepsAFormAcrossSigningIn = async () => {
    const page = await newPage(browser, { javaScript: false });
    await withFailureScreenshot(page, 'timeout-keeps-form', async () => {
      await signIn(page, server.base, admin.email);
      await page.goto(`${server.base}/admin/partnerships/new`);
      await page.getByLabel('Partnership name').fill('Kept Across Sign-in Partnership');
      await page.waitForTimeout((IDLE + 2) * 1000);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(/\/sign-in$/);
      await expect(page.locator('.govuk-inset-text').innerText()).resolves.toContain('We kept what you were entering');
      await expectNoAxeViolations(page, '/sign-in after a timeout');
      await signIn(page, server.base, admin.email);
      expect(new URL(page.url()).pathname).toBe('/admin/partnerships/new');
      await expect(page.getByLabel('Partnership name').inputValue()).resolves.toBe('Kept Across Sign-in Partnership');
      await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
        'We kept what you entered',
      );
    });
  };

  /** The second journey, begun during the first (the second test waits for it, or runs it when it was not begun). */
  let keptForm: Promise<void> | undefined;

  it('warns before the timeout, stays signed in on request, and signs out when time runs out', async () => {
    await warnsStaysAndSignsOut(() => {
      keptForm = keepsAFormAcrossSigningIn();
      keptForm.catch(() => undefined); // reported by its own test
    });
  });

  it('keeps a form sent after the timeout and gives it back after signing in again (JavaScript off)', async () => {
    await (keptForm ?? keepsAFormAcrossSigningIn());
  });
});
