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

jest.setTimeout(480_000);

/**
 * A local inclusion plan in Chromium with JavaScript off: the lead starts a new version of the
 * demo partnership's published plan, writes a section in the formatting subset, moves it to
 * co-production; the ICB member dissents with a reason, the parent carer forum member signs off,
 * the lead signs off for the LA (the rest), then records the version as signed off and publishes
 * it. On the way the lead adds an action owned by the parent carer forum, whose member records its
 * progress. axe-core checks every page on the way.
 */
describe('a local inclusion plan written, co-produced, signed off and published, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const partnership = demo.find((s) => s.partnership)!.partnership!;
  const emailOf = (role: string) => demo.find((s) => s.role === role && s.partnership === partnership)!.email;
  let versionPath = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(stopAll);

  const checked = (page: Page, label: string) =>
    expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);
  const banner = (page: Page) => page.locator('.govuk-notification-banner--success').innerText();

  it('writes a section, co-produces it, takes a dissent and the other sign-offs, and publishes it', async () => {
    const lead = await newPage(browser, { javaScript: false });
    await withFailureScreenshot(lead, 'plans-lead', async () => {
      await signIn(lead, server.base, emailOf('partnership_lead'), undefined, {
        partnership,
      });
      await go(lead, 'Inclusion plans');
      expect(await heading(lead)).toBe('Local inclusion plans');
      await checked(lead, 'the plans');
      // the lead LA's published demo plan
      await lead.locator('[data-testid="plans"] a').first().click();
      await lead.waitForLoadState('load');
      await checked(lead, 'the plan');
      await go(lead, 'Start a new version', 'button');
      await expect(banner(lead)).resolves.toContain('started');
      versionPath = new URL(lead.url()).pathname;
      await expect(lead.getByTestId('version-status').innerText()).resolves.toContain('Draft');
      await checked(lead, 'the new draft');

      await lead.locator('a.govuk-link', { hasText: 'Edit' }).first().click();
      await lead.waitForLoadState('load');
      await expect(lead.getByTestId('format-help').innerText()).resolves.toContain('https only');
      await checked(lead, 'editing a section');
      await lead.locator('#body').fill('## This year\n\nSee [the guide](http://example.org).');
      await go(lead, 'Save the section', 'button');
      await expect(lead.locator('.govuk-error-summary').innerText()).resolves.toContain('Line 3: the link');
      await checked(lead, 'a section with an error');
      await lead
        .locator('#body')
        .fill(
          '## This year\n\n- 40 more resourced places\n- a new tier 2 provider\n\nSee [the guide](https://www.gov.uk/).',
        );
      await lead.getByLabel('Targeted support').check();
      await go(lead, 'Save the section', 'button');
      await expect(banner(lead)).resolves.toContain('Section saved');
      await expect(lead.locator('main h3', { hasText: 'This year' }).count()).resolves.toBe(1);
      await checked(lead, 'the version with the section saved');

      // an action on the plan, owned by the parent carer forum (which records its progress below)
      await lead.goto(`${server.base}${versionPath.split('/versions/')[0]}/actions`);
      await checked(lead, 'the plan’s actions');
      await go(lead, 'Add an action', 'button');
      await checked(lead, 'adding an action');
      await lead.locator('#title').fill('Publish the co-produced local offer page');
      await lead.locator('#sectionKey').selectOption('co_production');
      const forum = await lead
        .locator('#ownerOrganisationId option', { hasText: 'Parent Carer Forum' })
        .first()
        .getAttribute('value');
      await lead.locator('#ownerOrganisationId').selectOption(forum!);
      await fillDate(lead, 'dueOn', '2027-03-31');
      await go(lead, 'Add the action', 'button');
      await expect(banner(lead)).resolves.toContain('Action added');
      await expect(lead.locator('main table').innerText()).resolves.toContain(
        'Publish the co-produced local offer page',
      );
      await lead.goto(`${server.base}${versionPath}`);
      await go(lead, 'Start co-production', 'button');
      await expect(lead.getByTestId('version-status').innerText()).resolves.toContain('In co-production');
      await checked(lead, 'the version in co-production');
    });

    // ---- two members decide: the ICB dissents with its reason, the forum signs off ----
    for (const [role, decision] of [
      ['icb_member', 'Dissent'],
      ['parent_carer_forum_member', 'Sign off the plan'],
    ] as const) {
      const page = await newPage(browser, { javaScript: false });
      await withFailureScreenshot(page, `plans-${role}`, async () => {
        await signIn(page, server.base, emailOf(role));
        if (role === 'parent_carer_forum_member') {
          // the forum owns the action the lead added: it records the action's progress itself
          await page.goto(`${server.base}/plans/actions/mine`);
          await page.locator('main table a', { hasText: 'Publish the co-produced local offer page' }).click();
          await page.waitForLoadState('load');
          await checked(page, 'an action its owner updates');
          await page.getByLabel('In progress', { exact: true }).check();
          await page.getByLabel('Amber', { exact: true }).check();
          await page.locator('#progressNote').fill('Draft page shared with families for comment');
          await go(page, 'Save progress', 'button');
          await expect(banner(page)).resolves.toContain('Progress recorded');
          await expect(page.locator('main').innerText()).resolves.toContain(
            'Draft page shared with families for comment',
          );
        }
        await page.goto(`${server.base}${versionPath}`);
        await go(page, 'Record your organisation’s decision');
        await checked(page, `the sign-off page as ${role}`);
        await page.getByLabel(decision, { exact: true }).check();
        if (decision === 'Dissent') {
          await go(page, 'Record the decision', 'button');
          await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain(
            'Give the reason the organisation dissents',
          );
          await checked(page, 'a dissent without its reason');
          await page.getByLabel(decision, { exact: true }).check();
          await page.locator('#reason').fill('Therapy waiting times are not addressed yet');
        }
        await go(page, 'Record the decision', 'button');
        await expect(banner(page)).resolves.toContain('Decision recorded');
        await checked(page, `the version after ${role}’s decision`);
      });
      await page.context().close();
    }

    // ---- the lead signs off for the LA (the rest), then signs the version off and publishes it ----
    await withFailureScreenshot(lead, 'plans-lead-publish', async () => {
      await lead.goto(`${server.base}${versionPath}`);
      await go(lead, 'Record your organisation’s decision');
      await lead.getByLabel('Sign off the plan', { exact: true }).check();
      await go(lead, 'Record the decision', 'button');
      await expect(lead.getByTestId('sign-off-count').innerText()).resolves.toMatch(/^(\d+) of \1 member/);
      await expect(lead.getByTestId('decisions').innerText()).resolves.toContain(
        'Therapy waiting times are not addressed yet',
      );
      await go(lead, 'Record the plan as signed off', 'button');
      await expect(lead.getByTestId('version-status').innerText()).resolves.toContain('Signed off');
      await checked(lead, 'the signed-off version');
      await go(lead, 'Publish', 'button');
      await expect(lead.getByTestId('version-status').innerText()).resolves.toContain('Published');
      await checked(lead, 'the published version');
      await go(lead, 'Back to the plan');
      await expect(lead.getByTestId('versions').innerText()).resolves.toContain('Superseded');
    });
  });
});
