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

const iso = (d: Date) => d.toISOString().slice(0, 10);
const daysAgo = (n: number) => iso(new Date(Date.now() - n * 86_400_000));

/**
 * AP oversight in Chromium, through the pages: the provider uploads a day's attendance (first a
 * file with a bad row, which lands nothing and names the row and column, then the corrected
 * file), records the placement's first review, the LA officer ends the placement with a return to
 * school (its follow-ups appear) and reads the AP measures. axe-core checks every page on the way.
 * The placement is this file's own, made through the API as each role would.
 */
describe('AP oversight: attendance upload, a review, an ending and the measures, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const partnership = demo.find((s) => s.partnership)!.partnership!;
  const people = { officer: '', provider: '' };
  let caseId: string;
  let reference: string;
  let placementId: string;
  let pupilName: string;
  const started = daysAgo(9);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const { admin, tenantId, la, providerOrg } = await demoPartnership(
      server.base,
      demo.find((s) => s.role === 'platform_admin')!.email,
      partnership,
    );
    people.officer = await newMember(server.base, admin, {
      tenantId,
      organisationId: la.id,
      role: 'la_officer',
      label: 'oversight.officer',
    });
    people.provider = await newMember(server.base, admin, {
      tenantId,
      organisationId: providerOrg.id,
      role: 'ap_provider_staff',
      label: 'oversight.provider',
    });
    const officer = await apiTokenWithTotp(server.base, people.officer, { password: PASSWORD });
    const provider = await apiTokenWithTotp(server.base, people.provider, { password: PASSWORD });
    const directory = await api<{ items: { id: string; organisationId: string | null }[] }>(
      server.base,
      officer,
      'GET',
      '/api/v1/ap/providers?limit=100',
    );
    const providerId = directory.items.find((p) => p.organisationId === providerOrg.id)!.id;
    pupilName = `Oversight${Date.now().toString(36)}`;
    const pupil = await api<{ id: string }>(server.base, officer, 'POST', '/api/v1/ap/pupils', {
      laId: la.id,
      givenName: pupilName,
      familyName: 'Browsertest',
      dateOfBirth: '2012-06-07',
      upnUnknownReason: 'UN2',
    });
    const opened = await api<{ id: string; reference: string }>(server.base, officer, 'POST', '/api/v1/ap/cases', {
      route: 'la_commission',
      pupilId: pupil.id,
      reason: 'at_risk_of_exclusion',
      requestedTier: 'tier_2',
      familyViews: 'The family agree to a short placement.',
      childViews: 'Would like a smaller group.',
    });
    caseId = opened.id;
    reference = opened.reference;
    const settings = await api<{ nextPanelDates: string[] }>(
      server.base,
      officer,
      'GET',
      `/api/v1/ap/la-settings/${la.id}`,
    );
    const move = (token: string, action: string, input: object) =>
      api(server.base, token, 'POST', `/api/v1/ap/cases/${caseId}/transitions`, { action, ...input });
    await move(officer, 'triage', { urgency: 'high', panelDate: settings.nextPanelDates[0] ?? iso(new Date()) });
    await move(officer, 'screen', { note: 'Ready for panel.' });
    await move(officer, 'decide', { decision: 'offer', providerId, tier: 'tier_2', note: 'Tier 2, then home.' });
    await move(provider, 'accept', { plannedStart: started });
    const live = await move(provider, 'start', { startedOn: started });
    placementId = (live as { placement: { id: string } }).placement.id;
  });
  afterAll(stopAll);

  const checked = (page: Page, label: string) =>
    expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);
  const upload = async (page: Page, name: string, csv: string) => {
    await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await go(page, 'Upload attendance', 'button');
  };

  it('uploads attendance (a bad row first), records a review, ends the placement with its destination and reads the measures', async () => {
    // the two most recent weekdays since the placement started, AM and PM
    const days: string[] = [];
    for (let n = 1; days.length < 2; n++) {
      const d = new Date(Date.now() - n * 86_400_000);
      if (d.getUTCDay() % 6 !== 0 && iso(d) >= started) days.unshift(iso(d));
    }
    const rows = days.flatMap((d) => [`${reference},${d},AM,/,`, `${reference},${d},PM,\\,`]);
    const header = 'case_reference,date,session,code,note';

    // ---- the provider: the attendance upload, with an error, then the day recorded ----
    const provider = await newPage(browser);
    await withFailureScreenshot(provider, 'ap-oversight-provider', async () => {
      await signIn(provider, server.base, people.provider, PASSWORD);
      await go(provider, 'Attendance');
      expect(await heading(provider)).toBe('Attendance');
      await expect(provider.getByTestId('attendance-placements').innerText()).resolves.toContain(reference);
      await checked(provider, 'the attendance page');

      // the third row's code is not a DfE code: nothing lands, and the row and column are named
      const bad = [header, rows[0], rows[1], `${reference},${days[1]},AM,ZZ,`, rows[3]].join('\n');
      await upload(provider, 'attendance-bad.csv', bad);
      // shown at the attendance page's address, not the upload's (whose query carries the CSRF token)
      expect(new URL(provider.url()).pathname).toBe('/ap/attendance');
      expect(provider.url()).not.toContain('_csrf');
      await expect(provider.locator('.govuk-error-summary').count()).resolves.toBe(1);
      await expect(provider.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe(
        '#row-errors',
      );
      const problems = await provider.getByTestId('row-errors').innerText();
      expect(problems).toContain('code');
      expect(problems).toMatch(/\b4\b/); // the header is row 1
      await checked(provider, 'the attendance page with the file’s problems');
      const possible = async () =>
        (/Possible sessions\s+(\d+)/.exec(await provider.getByTestId('attendance-summary').innerText()) ?? [])[1];
      await provider.goto(`${server.base}/ap/placements/${placementId}/attendance`, { waitUntil: 'load' });
      expect(await possible()).toBe('0');

      await go(provider, 'Home');
      await go(provider, 'Attendance');
      await upload(provider, 'attendance.csv', [header, ...rows].join('\n'));
      await expect(provider.locator('.govuk-notification-banner').innerText()).resolves.toContain('4 sessions saved');
      expect(provider.url()).not.toContain('_csrf');
      await checked(provider, 'the upload’s confirmation');

      // the daily register: today's two sessions for every pupil, saved in one go (a note missing first)
      await go(provider, 'Record today’s register');
      await checked(provider, 'the daily register');
      const am = provider.locator(`#am-${reference}`);
      await expect(am.locator('option', { hasText: 'Present (PM)' }).count()).resolves.toBe(0);
      await am.selectOption('/');
      await provider.locator(`#pm-${reference}`).selectOption('K');
      await go(provider, 'Save register', 'button');
      await expect(provider.locator('.govuk-error-summary').innerText()).resolves.toContain('code K needs a note');
      await checked(provider, 'the daily register with a problem');
      await provider.locator(`#pmNote-${reference}`).fill('Tuition at home');
      await go(provider, 'Save register', 'button');
      await expect(provider.locator('.govuk-notification-banner').innerText()).resolves.toContain('2 sessions saved');
      await provider.goto(`${server.base}/ap/placements/${placementId}/attendance`, { waitUntil: 'load' });
      expect(await possible()).toBe('6');
      await checked(provider, 'the placement’s attendance');

      // ---- the provider records the placement's first review (scheduled when it started) ----
      await provider.goto(`${server.base}/ap/cases/${caseId}`, { waitUntil: 'load' });
      await Promise.all([
        provider.waitForNavigation({ waitUntil: 'load' }),
        provider
          .getByRole('link', { name: /^Record the review due/ })
          .first()
          .click(),
      ]);
      await checked(provider, 'the review page');
      await go(provider, 'Record the review', 'button');
      await expect(provider.locator('.govuk-error-summary a[href="#attendees"]').count()).resolves.toBe(1);
      await checked(provider, 'the review page with errors');
      await fillDate(provider, 'heldOn', iso(new Date()));
      await provider.locator('#attendees').fill('Sam Keyworker (AP key worker)\nJo Smith (LA AP commissioner)\nParent');
      await provider.locator('#progress').fill('Settling in; attending every session so far.');
      await provider.locator('#nextSteps').fill('Agree reading targets; plan the return to school at the next review.');
      await go(provider, 'Record the review', 'button');
      expect(new URL(provider.url()).pathname).toBe(`/ap/cases/${caseId}`);
      await expect(provider.locator('main').innerText()).resolves.toContain(
        'Settling in; attending every session so far.',
      );
      await checked(provider, 'the case with the held review');
    });

    // ---- the LA officer ends the placement with a return to school, then reads the measures ----
    const officer = await newPage(browser);
    await withFailureScreenshot(officer, 'ap-oversight-officer', async () => {
      await signIn(officer, server.base, people.officer, PASSWORD);
      await officer.goto(`${server.base}/ap/cases/${caseId}`, { waitUntil: 'load' });
      await checked(officer, 'the case as LA officer');
      await go(officer, 'End the placement', 'button');
      await checked(officer, 'the ending page');
      await fillDate(officer, 'endedOn', iso(new Date()));
      await officer.check('input[name="destination"][value="returned_to_home_school"]');
      await officer.locator('#note').fill('Ready to go back: attendance and behaviour have improved.');
      await go(officer, 'End the placement', 'button');
      await expect(officer.getByTestId('case-status').innerText()).resolves.toContain('Ended');
      const page = await officer.locator('main').innerText();
      expect(page).toContain('Returned to home school');
      expect(page).toContain('6 weeks');
      await checked(officer, 'the ended case with its follow-ups');

      await go(officer, 'Home');
      await go(officer, 'AP measures');
      expect(await heading(officer)).toBe('AP measures');
      expect(await officer.locator('main svg[role="img"]').count()).toBeGreaterThan(0);
      expect(await officer.locator('main table').count()).toBeGreaterThan(0);
      await expect(officer.locator('main').innerText()).resolves.toContain('Reintegration');
      await checked(officer, 'the AP measures');
    });
  });
});
