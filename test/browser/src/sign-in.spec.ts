import type { Browser, Page } from 'playwright-core';
import { attribute, completeTotp, giveSecondPartnership, HttpSession, signIn } from './flows';
import {
  DEMO_PASSWORD,
  demoSignIns,
  expectNoAxeViolations,
  forgetAuthenticators,
  launchBrowser,
  newPage,
  RunningServer,
  startServer,
  stopAll,
  withFailureScreenshot,
} from './harness';

/**
 * Signing in, the TOTP step, the role's home, switching partnership and signing out, in Chromium;
 * the error summary on a wrong password; keyboard-only use; CSRF and the session id at sign-in.
 */
describe('signing in, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const admin = demo.find((s) => s.role === 'platform_admin')!;
  const [first, second] = [...new Set(demo.filter((s) => s.partnership).map((s) => s.partnership!))];
  const officer = demo.find((s) => s.role === 'la_officer' && s.partnership === first)!;
  const lead = demo.find((s) => s.role === 'partnership_lead' && s.partnership === first)!;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    // the officer's first sign-in is the one this file checks, whatever the worker's files did before
    await forgetAuthenticators(server.base, [officer.email]);
    // two partnerships for each of them: a second role as workforce lead in the other one
    await giveSecondPartnership(server.base, admin.email, officer.email, second);
    await giveSecondPartnership(server.base, admin.email, lead.email, second);
  });
  afterAll(stopAll);

  const heading = (page: Page) => page.locator('h1').innerText();

  it('signs in with TOTP, lands on the role’s home, switches partnership and signs out', async () => {
    const page = await newPage(browser);
    await withFailureScreenshot(page, 'sign-in-totp-switch', async () => {
      await page.goto(`${server.base}/sign-in`);
      await expectNoAxeViolations(page, '/sign-in');
      await page.getByLabel('Email address').fill(officer.email);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();

      // an LA officer can open a named child: the authenticator is set up on first sign-in
      await page.waitForURL(/\/sign-in\/set-up-authenticator$/);
      expect(await heading(page)).toBe('Set up your authenticator app');
      await expect(page.locator('.rephub-qr svg').count()).resolves.toBe(1);
      await expectNoAxeViolations(page, '/sign-in/set-up-authenticator');
      // a wrong code first: the error summary names the field
      await page.locator('#code').fill('000000');
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.locator('.govuk-error-summary a[href="#code"]').count()).resolves.toBe(1);
      await completeTotp(page, officer.email);

      // two partnerships: choose one
      await page.waitForURL(/\/choose-partnership$/);
      await expectNoAxeViolations(page, '/choose-partnership');
      await page.getByLabel(first).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${server.base}/`);
      expect(await heading(page)).toBe('Home');
      await expect(page.locator('[data-role="la_officer"]').count()).resolves.toBe(1);
      await expect(page.getByTestId('current-partnership').innerText()).resolves.toContain(first);
      await expectNoAxeViolations(page, '/ as LA officer');

      // switch partnership: the other one's role
      await page.getByRole('link', { name: 'Switch partnership' }).first().click();
      await page.getByLabel(second).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${server.base}/`);
      await expect(page.getByTestId('current-partnership').innerText()).resolves.toContain(second);
      await expect(page.locator('[data-role="workforce_lead"]').count()).resolves.toBe(1);
      await expect(page.locator('[data-role="la_officer"]').count()).resolves.toBe(0);
      await expect(page.locator('.govuk-notification-banner').innerText()).resolves.toContain(
        `You are now working in ${second}`,
      );

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/signed-out$/);
      expect(await heading(page)).toBe('You have signed out');
      await expectNoAxeViolations(page, '/signed-out');
      // signed out for real: a signed-in page sends you to sign in
      await page.goto(`${server.base}/account`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    });
  });

  it('shows the error summary linked to the field for a wrong password', async () => {
    const page = await newPage(browser);
    await withFailureScreenshot(page, 'sign-in-wrong-password', async () => {
      await page.goto(`${server.base}/sign-in`);
      await page.getByLabel('Email address').fill(lead.email);
      await page.getByLabel('Password', { exact: true }).fill('not the right password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState('load');
      expect(await page.title()).toMatch(/^Error: /);
      const summary = page.locator('.govuk-error-summary');
      await expect(summary.locator('h2').innerText()).resolves.toBe('There is a problem');
      const link = summary.locator('a[href="#password"]');
      await expect(link.innerText()).resolves.toBe('Enter a correct email address and password');
      // govuk-frontend moves focus to the summary; its link moves focus to the field
      await expect(
        page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')),
      ).resolves.toBe(true);
      await link.click();
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('password');
      await expect(page.locator('#password.govuk-input--error').count()).resolves.toBe(1);
      await expect(page.locator('#password-error').innerText()).resolves.toContain(
        'Enter a correct email address and password',
      );
      // what the user typed is kept, except the password
      await expect(page.locator('#email').inputValue()).resolves.toBe(lead.email);
      await expect(page.locator('#password').inputValue()).resolves.toBe('');
      await expectNoAxeViolations(page, '/sign-in with errors');
    });
  });

  it('signs in and switches partnership with the keyboard only', async () => {
    const page = await newPage(browser);
    await withFailureScreenshot(page, 'sign-in-keyboard', async () => {
      await page.goto(`${server.base}/sign-in`);
      const tabTo = async (test: () => Promise<boolean>, what: string) => {
        for (let i = 0; i < 40; i++) {
          await page.keyboard.press('Tab');
          if (await test()) return;
        }
        throw new Error(`Tab never reached ${what}`);
      };
      const focused = () =>
        page.evaluate(() => ({
          id: document.activeElement?.id ?? '',
          text: (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '',
          tag: document.activeElement?.tagName ?? '',
        }));
      // the first Tab reaches the skip link
      await page.keyboard.press('Tab');
      await expect(focused().then((f) => f.text)).resolves.toBe('Skip to main content');
      await tabTo(async () => (await focused()).id === 'email', 'the email field');
      await page.keyboard.type(lead.email);
      await page.keyboard.press('Tab');
      expect((await focused()).id).toBe('password');
      await page.keyboard.type(DEMO_PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/choose-partnership$/);
      // radios: Tab into the group, arrows choose, Enter sends
      await tabTo(async () => (await focused()).tag === 'INPUT', 'the radios');
      await page.keyboard.press('Space');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.base}/`);
      const firstChoice = await page.getByTestId('current-partnership').innerText();
      // switch with the keyboard: the navigation link, then the other radio
      await tabTo(async () => (await focused()).text === 'Switch partnership', 'Switch partnership');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/choose-partnership$/);
      await tabTo(async () => (await focused()).tag === 'INPUT', 'the radios');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.base}/`);
      const secondChoice = await page.getByTestId('current-partnership').innerText();
      expect(secondChoice).not.toBe(firstChoice);
      expect(
        [firstChoice, secondChoice]
          .map((t) => t.replace('Partnership: ', '').replace(/ · Switch partnership$/, ''))
          .sort(),
      ).toEqual([first, second].sort());
    });
  });

  it('refuses a form posted without its CSRF token, and changes the session id at sign-in', async () => {
    const page = await newPage(browser);
    await withFailureScreenshot(page, 'csrf-and-session-id', async () => {
      await page.goto(`${server.base}/sign-in`);
      const cookie = async () => (await page.context().cookies()).find((c) => c.name === 'rephub.sid');
      const before = await cookie();
      expect(before).toBeDefined();
      expect(before!.httpOnly).toBe(true);
      expect(before!.sameSite).toBe('Lax');

      // the same form without its token: refused, nobody signed in
      await page.locator('input[name="_csrf"]').evaluate((el) => el.remove());
      await page.getByLabel('Email address').fill(lead.email);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/sign-in') && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      expect(refused.status()).toBe(403);
      expect(await heading(page)).toBe('This form has expired');
      await expectNoAxeViolations(page, 'CSRF refusal page');
      expect((await cookie())!.value).toBe(before!.value);

      // a token from another session is refused too (a plain HTTP check: no browser needed)
      const other = new HttpSession(server.base);
      const foreign = attribute(
        /<input\b[^>]*name="_csrf"[^>]*>/.exec((await other.request('/sign-in')).body)![0],
        'value',
      );
      const mine = new HttpSession(server.base);
      await mine.request('/sign-in');
      expect(mine.cookies.get('rephub.sid')).not.toBe(other.cookies.get('rephub.sid'));
      const foreignRefused = await mine.request('/sign-in', {
        form: { _csrf: foreign!, email: lead.email, password: DEMO_PASSWORD },
      });
      expect(foreignRefused.status).toBe(403);
      expect(foreignRefused.body).toContain('This form has expired');
      expect((await mine.request('/account')).path).toBe('/sign-in');

      // a real sign-in: a new session id
      await signIn(page, server.base, lead.email);
      const after = await cookie();
      expect(after!.value).not.toBe(before!.value);
      expect(new URL(page.url()).pathname).toBe('/choose-partnership');
    });
  });
});
