import type { Browser, Page } from 'playwright-core';
import { fillDate, go, signIn } from './flows';
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
 * A local SEND and AP partnership's meeting (issue 21), in Chromium with JavaScript off: an LA
 * officer opens (or sets up) their LA's local partnership, adds a member with a representative,
 * adds a held meeting, records attendance and a decision. Every page passes axe.
 */
describe('a local partnership meeting, in Chromium without JavaScript', () => {
  let server: RunningServer;
  let browser: Browser;
  const officer = demoSignIns().find((s) => s.role === 'la_officer' && s.email.startsWith('nw.la1'))!;
  const suffix = Date.now().toString(36);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(stopAll);

  const checked = (page: Page, label: string) =>
    expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);
  const main = (page: Page) => page.locator('main').innerText();

  it('adds a meeting with attendance and a decision', async () => {
    const page = await newPage(browser, { javaScript: false });
    await withFailureScreenshot(page, 'plans-local', async () => {
      await signIn(page, server.base, officer.email, undefined, { partnership: officer.partnership ?? undefined });
      await go(page, 'Local SEND and AP partnerships');
      await checked(page, 'local partnerships');
      if (await page.getByRole('button', { name: 'Set up a local partnership' }).count()) {
        await go(page, 'Set up a local partnership', 'button');
        await page.getByLabel('Local authority').selectOption({ index: 1 });
        await page.getByLabel('Name of the local partnership').fill(`Browser partnership ${suffix}`);
        await checked(page, 'set up');
        await go(page, 'Set up the local partnership', 'button');
      } else {
        await page.locator('main table a').first().click();
        await page.waitForLoadState('load');
      }
      await checked(page, 'the local partnership');
      await go(page, 'Add a member organisation', 'button');
      await page.getByLabel('Integrated care board', { exact: true }).check();
      await page.getByLabel('Name', { exact: true }).fill(`Browser ICB ${suffix}`);
      await checked(page, 'add a member');
      await go(page, 'Add the member', 'button');
      await page.getByRole('link', { name: `Add a representative of Browser ICB ${suffix}` }).click();
      await page.waitForLoadState('load');
      await page.getByLabel('Full name').fill(`Robin ${suffix}`);
      await checked(page, 'add a representative');
      await go(page, 'Add the representative', 'button');
      expect(await main(page)).toContain(`Robin ${suffix}`);

      await go(page, 'Add a meeting', 'button');
      await page.getByLabel('Title').fill(`Board ${suffix}`);
      await fillDate(page, 'heldOn', '2026-10-01');
      await page.getByLabel('Held', { exact: true }).check();
      await checked(page, 'add a meeting');
      await go(page, 'Add the meeting', 'button');
      await checked(page, 'the meeting');
      await go(page, 'Record attendance');
      await page
        .getByRole('group', { name: `Robin ${suffix}, Browser ICB ${suffix}` })
        .getByLabel('Attended')
        .check();
      await checked(page, 'attendance');
      await go(page, 'Save attendance', 'button');
      await go(page, 'Record a decision');
      await page.getByLabel('Decision', { exact: true }).fill(`Commission more places ${suffix}`);
      await fillDate(page, 'dueOn', '2027-03-31');
      await checked(page, 'record a decision');
      await go(page, 'Record the decision', 'button');
      const text = await main(page);
      expect(text).toContain(`Commission more places ${suffix}`);
      expect(text).toContain('Attended');
      await checked(page, 'the meeting with its decision');
    });
  });
});
