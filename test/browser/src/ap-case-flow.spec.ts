import type { Browser, Page } from 'playwright-core';
import { api, apiTokenWithTotp, demoPartnership, fillDate, go, heading, newMember, PASSWORD, signIn } from './flows';
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
 * An AP case from referral to placement, in Chromium, through the pages only: a school refers a
 * pupil (questions, check answers), the LA officer triages, screens and records the panel's offer,
 * the provider accepts and starts the placement. axe-core checks every page on the way.
 */
describe('an AP case from referral to placement, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const partnership = demo.find((s) => s.partnership)!.partnership!;
  const people = { school: '', officer: '', provider: '' };
  let pupilId: string;
  let pupilName: string;
  let providerName: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const {
      admin,
      tenantId,
      orgs,
      la,
      providerOrg: provider,
    } = await demoPartnership(server.base, demo.find((s) => s.role === 'platform_admin')!.email, partnership);
    const school = orgs.find((o) => o.kind === 'school' && o.localAuthorityId === la.id)!;
    providerName = provider.name;
    people.school = await newMember(server.base, admin, {
      tenantId,
      organisationId: school.id,
      role: 'setting_staff',
      label: 'flow.school',
    });
    people.officer = await newMember(server.base, admin, {
      tenantId,
      organisationId: la.id,
      role: 'la_officer',
      label: 'flow.officer',
    });
    people.provider = await newMember(server.base, admin, {
      tenantId,
      organisationId: provider.id,
      role: 'ap_provider_staff',
      label: 'flow.provider',
    });
    // the school's own pupil, with a name no other suite uses (the pupil pages have their own tests)
    pupilName = `Flow${Date.now().toString(36)}`;
    const schoolToken = await apiTokenWithTotp(server.base, people.school, { password: PASSWORD });
    const pupil = await api<{ id: string }>(server.base, schoolToken, 'POST', '/api/v1/ap/pupils', {
      givenName: pupilName,
      familyName: 'Browsertest',
      dateOfBirth: '2013-03-04',
      upnUnknownReason: 'UN2',
      senProvision: 'K',
      needs: ['SEMH'],
    });
    pupilId = pupil.id;
  });
  afterAll(stopAll);

  const checked = (page: Page, label: string) =>
    expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);
  const today = () => new Date().toISOString().slice(0, 10);

  it('refers, triages, screens, offers, accepts and starts a placement', async () => {
    let casePath = '';

    // ---- the school refers the pupil ----
    const school = await newPage(browser);
    await withFailureScreenshot(school, 'ap-case-flow-school', async () => {
      await signIn(school, server.base, people.school, PASSWORD);
      await checked(school, 'home as school staff');
      await go(school, 'Refer a pupil');
      expect(await heading(school)).toBe('Refer a pupil');
      await checked(school, 'the pupil choice');
      // Continue with no pupil chosen: the error summary links to the choice
      await go(school, 'Continue', 'button');
      await expect(school.locator('.govuk-error-summary a[href="#pupilId"]').count()).resolves.toBe(1);
      await checked(school, 'the pupil choice with an error');
      await school.locator('#pupilId').selectOption(pupilId);
      await go(school, 'Continue', 'button');
      // one question a page, the question its heading
      expect(await heading(school)).toBe('Why does the pupil need alternative provision?');
      await expect(school.getByTestId('journey-pupil').innerText()).resolves.toContain(`${pupilName} Browsertest`);
      // Continue with nothing answered: the one error links to the question
      await go(school, 'Continue', 'button');
      await expect(school.locator('.govuk-error-summary a[href="#reason"]').count()).resolves.toBe(1);
      await expect(school.locator('.govuk-error-summary li').count()).resolves.toBe(1);
      await checked(school, 'the reason question with an error');
      await school.check('input[name="reason"][value="suspension"]');
      await school.locator('#reasonDetail').fill('Three suspensions this term; a part-time timetable did not help.');
      await go(school, 'Continue', 'button');
      expect(await heading(school)).toBe('Which tier of alternative provision?');
      await school.check('input[name="requestedTier"][value="tier_2"]');
      await go(school, 'Continue', 'button');
      expect(await heading(school)).toBe('Has the pupil been suspended or permanently excluded?');
      // nothing is revealed under a radio (no aria-expanded): the details are the next page, after "Yes"
      await expect(school.locator('input[aria-expanded], #exclusionStart-day').count()).resolves.toBe(0);
      await checked(school, 'the exclusion question');
      await school.check('input[name="exclusionType"][value="suspension"]');
      await go(school, 'Continue', 'button');
      expect(await heading(school)).toBe('About the suspension');
      await checked(school, 'the suspension’s details');
      await fillDate(school, 'exclusionStart', today());
      await school.locator('#exclusionDays').fill('7');
      await go(school, 'Continue', 'button');
      expect(await heading(school)).toBe('What are the views of the family?');
      await school.locator('#familyViews').fill('Parents support a short placement and want a plan to return.');
      await go(school, 'Continue', 'button');
      expect(await heading(school)).toBe('What are the views of the child or young person?');
      await school.locator('#childViews').fill('Would like smaller classes and to keep seeing friends.');
      await go(school, 'Continue', 'button');
      expect(await heading(school)).toBe('Check your answers before sending the referral');
      await expect(school.locator('main').innerText()).resolves.toContain(`${pupilName} Browsertest`);
      await expect(school.locator('main').innerText()).resolves.toContain(
        'The school must provide full-time education from',
      );
      await checked(school, 'check answers');
      await go(school, 'Send referral', 'button');
      casePath = new URL(school.url()).pathname;
      expect(casePath).toMatch(/^\/ap\/cases\/[0-9a-f-]{36}$/);
      await expect(school.locator('.govuk-notification-banner--success').innerText()).resolves.toMatch(
        /Referral AP-\d{6} sent/,
      );
      await expect(school.getByTestId('case-status').innerText()).resolves.toContain('Referred');
      await expect(school.getByTestId('sixth-day-duty').innerText()).resolves.toContain(
        'The school must provide full-time education from',
      );
      await checked(school, 'the case as school staff');
    });

    // ---- the LA officer: the panel's tray, triage, screening and the panel's decision ----
    const officer = await newPage(browser);
    await withFailureScreenshot(officer, 'ap-case-flow-officer', async () => {
      await signIn(officer, server.base, people.officer, PASSWORD);
      await checked(officer, 'home as LA officer');
      await go(officer, 'Alternative provision panel');
      expect(await heading(officer)).toBe('AP panel');
      await checked(officer, 'the panel’s tray');
      await Promise.all([
        officer.waitForNavigation({ waitUntil: 'load' }),
        officer.locator(`a[href="${casePath}"]`).first().click(),
      ]);
      await checked(officer, 'the case as LA officer');

      await go(officer, 'Triage', 'button');
      expect(await heading(officer)).toBe('Triage the case');
      await checked(officer, 'the triage question page');
      await go(officer, 'Triage', 'button');
      await expect(officer.locator('.govuk-error-summary a[href="#urgency"]').count()).resolves.toBe(1);
      await checked(officer, 'the triage page with errors');
      await officer.check('input[name="urgency"][value="high"]');
      if (await officer.locator('select#panelDate').count()) {
        const first = await officer.locator('select#panelDate option').nth(1).getAttribute('value');
        await officer.locator('#panelDate').selectOption(first!);
      } else {
        await fillDate(officer, 'panelDate', new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
      }
      await officer.locator('#note').fill('Out of school since the suspension began.');
      await go(officer, 'Triage', 'button');
      await expect(officer.locator('.govuk-notification-banner--success').innerText()).resolves.toContain(
        'Case triaged',
      );
      await checked(officer, 'the case after triage');

      await go(officer, 'Screen for panel', 'button');
      await checked(officer, 'the screening page');
      await officer.locator('#note').fill('Ready for panel: needs a small group setting.');
      await go(officer, 'Screen for panel', 'button');
      await expect(officer.getByTestId('case-status').innerText()).resolves.toContain('Screened for panel');
      await checked(officer, 'the case after screening');

      // the panel's decision: the decision, then only what it needs, then check answers before the provider is told
      await go(officer, 'Record the panel’s decision', 'button');
      expect(await heading(officer)).toBe('What did the panel decide?');
      await checked(officer, 'the decision page');
      await officer.check('input[name="decision"][value="offer"]');
      await go(officer, 'Continue', 'button');
      expect(await heading(officer)).toBe('Which provider and tier does the panel offer?');
      await go(officer, 'Continue', 'button');
      await expect(officer.locator('.govuk-error-summary a[href="#providerId"]').count()).resolves.toBe(1);
      await checked(officer, 'the offer’s page with an error');
      const option = officer.locator('#providerId option', { hasText: providerName }).first();
      await officer.locator('#providerId').selectOption((await option.getAttribute('value'))!);
      await officer.locator('#tier').selectOption('tier_2');
      await officer.locator('#note').fill('Tier 2 for a term, then a return to school.');
      await go(officer, 'Continue', 'button');
      expect(await heading(officer)).toBe('Check the panel’s decision before it is recorded');
      await expect(officer.getByTestId('decision-answers').innerText()).resolves.toContain(providerName);
      await checked(officer, 'the decision’s check answers');
      await go(officer, 'Record the decision and tell the provider', 'button');
      await expect(officer.getByTestId('case-status').innerText()).resolves.toContain('Offered');
      await checked(officer, 'the case after the panel’s offer');
    });

    // ---- the provider accepts and starts the placement ----
    const provider = await newPage(browser);
    await withFailureScreenshot(provider, 'ap-case-flow-provider', async () => {
      await signIn(provider, server.base, people.provider, PASSWORD);
      await checked(provider, 'home as provider staff');
      await go(provider, 'Offers');
      expect(await heading(provider)).toBe('Offers and placements');
      await checked(provider, 'offers and placements');
      await Promise.all([
        provider.waitForNavigation({ waitUntil: 'load' }),
        provider.locator(`a[href="${casePath}"]`).first().click(),
      ]);
      await checked(provider, 'the case as provider staff');

      await go(provider, 'Accept the offer', 'button');
      await checked(provider, 'the accept page');
      await fillDate(provider, 'plannedStart', today());
      await go(provider, 'Accept the offer', 'button');
      await expect(provider.getByTestId('case-status').innerText()).resolves.toContain('Placement planned');
      await checked(provider, 'the case after acceptance');

      await go(provider, 'Start the placement', 'button');
      await checked(provider, 'the start page');
      await go(provider, 'Start the placement', 'button');
      await expect(provider.getByTestId('case-status').innerText()).resolves.toContain('In placement');
      const timeline = await provider.getByTestId('case-timeline').innerText();
      for (const entry of [
        'Placement started',
        'Offer accepted by the provider',
        'Panel decision: offer',
        'Screened for panel',
        'Triaged',
        'Referred to the LA by the school',
      ])
        expect(timeline).toContain(entry);
      await checked(provider, 'the case in placement');

      await go(provider, 'Home');
      await go(provider, 'Current placements');
      await expect(provider.locator('main').innerText()).resolves.toContain(`${pupilName} Browsertest`);
      await checked(provider, 'offers and placements, with the placement');
    });

    // the school sees the placement too
    await withFailureScreenshot(school, 'ap-case-flow-school-after', async () => {
      await school.goto(`${server.base}${casePath}`, { waitUntil: 'load' });
      await expect(school.getByTestId('case-status').innerText()).resolves.toContain('In placement');
      await expect(school.locator('main').innerText()).resolves.toContain(providerName);
      await checked(school, 'the case in placement, as school staff');
      // the pupil's page shows the open case, with its link, instead of "Refer this pupil"
      await school.goto(`${server.base}/ap/pupils/${pupilId}`, { waitUntil: 'load' });
      await expect(school.getByTestId('open-case').locator(`a[href="${casePath}"]`).count()).resolves.toBe(1);
      await expect(school.getByTestId('start-case').count()).resolves.toBe(0);
      await checked(school, 'the pupil with an open case');
      // reflow at 320 px (400% zoom of 1280 px): the cases table scrolls in its own region, not the page
      await school.setViewportSize({ width: 320, height: 640 });
      for (const path of ['/ap/cases', '/ap/pupils']) {
        await school.goto(`${server.base}${path}`, { waitUntil: 'load' });
        const widths = await school.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          region: document.querySelector('[data-scroll-region]')?.scrollWidth ?? 0,
          regionShown: document.querySelector('[data-scroll-region]')?.clientWidth ?? 0,
          focusable: document.querySelector('[data-scroll-region]')?.getAttribute('tabindex'),
        }));
        expect([path, widths.page <= widths.viewport]).toEqual([path, true]);
        expect([path, widths.focusable]).toEqual([path, '0']);
        await checked(school, `${path} at 320 px`);
        if (path === '/ap/cases') expect(widths.region).toBeGreaterThan(widths.regionShown);
      }
    });
  });
});
