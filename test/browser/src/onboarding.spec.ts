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

jest.setTimeout(180_000);

/**
 * The platform admin onboards a partnership through the pages (the partnership, its lead local
 * authority, its first user and their role), and that user accepts the invite and signs in.
 */
describe('onboarding a partnership, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = demoSignIns().find((s) => s.role === 'platform_admin')!;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(stopAll);

  const click = async (page: Page, name: string, role: 'button' | 'link' = 'button') => {
    await page.getByRole(role, { name, exact: true }).first().click();
    await page.waitForLoadState('load');
  };
  const checked = async (page: Page, label: string) =>
    expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);

  it('an admin adds a partnership and its first user, who accepts the invite and signs in', async () => {
    const suffix = Date.now().toString(36);
    const partnership = `East Midlands Change Programme Partnership ${suffix}`;
    const email = `first.lead.${suffix}@leicester.gov.example`;
    const page = await newPage(browser);
    let inviteUrl = '';
    await withFailureScreenshot(page, 'onboarding-admin', async () => {
      await signIn(page, server.base, admin.email);
      await click(page, 'Admin', 'link');
      expect(new URL(page.url()).pathname).toBe('/admin/partnerships');
      await checked(page, 'partnerships');

      // the partnership: a question page, then check answers
      await click(page, 'Add a partnership');
      await page.getByLabel('Partnership name').fill(partnership);
      await page.getByLabel('Slug').fill(`em-${suffix}`);
      await page.getByLabel('East Midlands').check();
      await checked(page, 'add a partnership');
      await click(page, 'Continue');
      expect(new URL(page.url()).pathname).toBe('/admin/partnerships/new/check');
      await expect(page.locator('main').innerText()).resolves.toContain(partnership);
      await checked(page, 'check answers');
      await click(page, 'Create partnership');
      await expect(page.locator('h1').innerText()).resolves.toContain(partnership);
      const partnershipPath = new URL(page.url()).pathname;

      // its lead local authority
      await click(page, 'Add an organisation');
      await page.getByLabel('Local authority', { exact: true }).check();
      await checked(page, 'the kind of organisation');
      await click(page, 'Continue');
      // a local authority is chosen from the reference list, not typed
      await page.getByLabel('Which local authority?').selectOption('856');
      await page.getByLabel('This local authority leads the partnership').check();
      await checked(page, 'add a local authority');
      await click(page, 'Add organisation');
      expect(new URL(page.url()).pathname).toBe(partnershipPath);
      await expect(page.locator('main').innerText()).resolves.toContain('Leicester');
      await checked(page, 'partnership page');

      // the first user: invite, check answers, the invite link
      await page.goto(`${server.base}/admin/users`);
      await click(page, 'Invite a user');
      await page.getByLabel('Full name').fill('Ada Lovelace');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('None – a partnership user').check();
      await click(page, 'Continue');
      await checked(page, 'check the invite');
      await click(page, 'Send invitation');
      await expect(page.locator('.govuk-panel__title').innerText()).resolves.toBe('Invitation sent');
      inviteUrl = (await page.getByTestId('invite-link').innerText()).trim();
      expect(inviteUrl).toMatch(new RegExp(`^${server.base}/invites/[A-Za-z0-9_-]{20,}$`));
      await checked(page, 'invitation sent');

      // their role: partnership lead in Leicester
      await click(page, 'Give them a role in a partnership', 'link');
      await page.getByLabel(partnership).check();
      await click(page, 'Continue');
      await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Leicester (Local authority)' });
      await page.getByLabel('Partnership lead').check();
      await checked(page, 'give a role');
      await click(page, 'Give role');
      expect(new URL(page.url()).pathname).toBe(partnershipPath);
      await expect(page.locator('main').innerText()).resolves.toContain(email);

      // the invite email went out (the development outbox)
      await page.goto(`${server.base}/admin/emails`);
      await expect(page.locator('main').innerText()).resolves.toContain(email);
      await checked(page, 'emails');
    });

    // the new user, in a browser of their own
    const user = await newPage(browser);
    await withFailureScreenshot(user, 'onboarding-new-user', async () => {
      await user.goto(inviteUrl);
      await expect(user.locator('h1').innerText()).resolves.toBe('Create your password');
      await checked(user, 'create your password');
      await user.getByLabel('Password', { exact: true }).fill('a long enough passphrase for ada');
      await user.getByLabel('Confirm password').fill('a long enough passphrase for ada');
      await click(user, 'Save password');
      expect(new URL(user.url()).pathname).toBe('/sign-in');
      await expect(user.locator('.govuk-notification-banner').innerText()).resolves.toContain('Your password is set');
      await signIn(user, server.base, email, 'a long enough passphrase for ada');
      expect(new URL(user.url()).pathname).toBe('/');
      await expect(user.getByTestId('current-partnership').innerText()).resolves.toContain(partnership);
      await expect(user.locator('[data-role="partnership_lead"]').innerText()).resolves.toContain('Leicester');
      await checked(user, 'the new lead’s home');
      // the link works once
      await user.goto(inviteUrl);
      await user.getByLabel('Password', { exact: true }).fill('another long passphrase here');
      await user.getByLabel('Confirm password').fill('another long passphrase here');
      await click(user, 'Save password');
      await expect(user.locator('h1').innerText()).resolves.toBe('This link has expired or was already used');
    });
  });
});
