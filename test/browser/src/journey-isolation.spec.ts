import type { Browser, Page } from 'playwright-core';
import { api, apiTokenWithTotp, demoPartnership, go, heading, newMember, PASSWORD, signIn } from './flows';
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

jest.setTimeout(300_000);

/**
 * One child's answers never reach another child's record (issue 14), as a school's SENCO would
 * meet it: a referral for pupil A is refused (A has an open case by the time it is sent), then a
 * referral for pupil B is started from the home page's link and by typing the address. Nothing
 * typed about A is in B's form, B's check answers, or B's case.
 */
describe('a referral refused for one pupil, then one for another, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const partnership = demo.find((s) => s.partnership)!.partnership!;
  let school = '';
  let schoolToken = '';
  const pupils: Record<'a' | 'b', { id: string; name: string }> = { a: { id: '', name: '' }, b: { id: '', name: '' } };
  const marker = `Only-about-pupil-A-${Date.now().toString(36)}`;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const { admin, tenantId, orgs, la } = await demoPartnership(
      server.base,
      demo.find((s) => s.role === 'platform_admin')!.email,
      partnership,
    );
    const setting = orgs.find((o) => o.kind === 'school' && o.localAuthorityId === la.id)!;
    school = await newMember(server.base, admin, {
      tenantId,
      organisationId: setting.id,
      role: 'setting_staff',
      label: 'journeys.school',
    });
    schoolToken = await apiTokenWithTotp(server.base, school, { password: PASSWORD });
    for (const key of ['a', 'b'] as const) {
      const givenName = `Journey${key.toUpperCase()}${Date.now().toString(36)}`;
      const p = await api<{ id: string }>(server.base, schoolToken, 'POST', '/api/v1/ap/pupils', {
        givenName,
        familyName: 'Isolation',
        dateOfBirth: '2012-09-14',
        upnUnknownReason: 'UN2',
        senProvision: 'N',
      });
      pupils[key] = { id: p.id, name: `${givenName} Isolation` };
    }
  });
  afterAll(stopAll);

  /** Chooses the pupil on the first page of a referral, then answers its questions. */
  async function answer(page: Page, pupilId: string, details: string) {
    await page.locator('#pupilId').selectOption(pupilId);
    await go(page, 'Continue', 'button');
    expect(await heading(page)).toBe('Why does the pupil need alternative provision?');
    await page.check('input[name="reason"][value="at_risk_of_exclusion"]');
    if (details) await page.locator('#reasonDetail').fill(details);
    await go(page, 'Continue', 'button');
    await page.check('input[name="requestedTier"][value="tier_1"]');
    await go(page, 'Continue', 'button');
    await page.check('input[name="exclusionType"][value="none"]');
    await go(page, 'Continue', 'button');
    await page.locator('#familyViews').fill('The family would like support in school.');
    await go(page, 'Continue', 'button');
    await page.locator('#childViews').fill('Would like help in lessons.');
    await go(page, 'Continue', 'button');
    expect(await heading(page)).toBe('Check your answers before sending the referral');
  }

  it('keeps pupil A’s answers off pupil B’s form, check answers and case', async () => {
    const page = await newPage(browser);
    await withFailureScreenshot(page, 'journey-isolation', async () => {
      await signIn(page, server.base, school, PASSWORD);

      // 1. a referral for A with something typed in "Details", refused when it is sent
      await go(page, 'Refer a pupil');
      await answer(page, pupils.a.id, marker);
      await expect(page.locator('main').innerText()).resolves.toContain(marker);
      // A's case is opened meanwhile (another tab, a colleague): sending is refused for good
      const open = await api<{ reference: string }>(server.base, schoolToken, 'POST', '/api/v1/ap/cases', {
        route: 'school_referral',
        pupilId: pupils.a.id,
        reason: 'suspension',
        requestedTier: 'tier_2',
        familyViews: 'Recorded by a colleague.',
        childViews: 'Recorded by a colleague.',
      });
      await go(page, 'Send referral', 'button');
      await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain(
        `${pupils.a.name} already has an open case (${open.reference})`,
      );
      await expect(page.getByTestId('open-case').innerText()).resolves.toContain(`View case ${open.reference}`);
      await expect(page.locator('main').innerText()).resolves.not.toContain(marker);
      await expectNoAxeViolations(page, 'the pupil choice after a refusal');

      // 2. a referral for B, from the home page's link: nothing of A's answers anywhere
      await page.goto(`${server.base}/`);
      await go(page, 'Refer a pupil');
      await expect(page.locator('#pupilId').inputValue()).resolves.toBe('');
      await page.locator('#pupilId').selectOption(pupils.b.id);
      await go(page, 'Continue', 'button');
      await expect(page.locator('#reasonDetail').inputValue()).resolves.toBe('');
      await expect(page.content()).resolves.not.toContain(marker);
      await page.goto(`${server.base}/ap/cases/new?route=school_referral`);
      await answer(page, pupils.b.id, '');
      const check = await page.locator('main').innerText();
      expect(check).toContain(pupils.b.name);
      expect(check).not.toContain(marker);
      expect(check).not.toContain(pupils.a.name);

      // 3. B's case holds none of it
      await go(page, 'Send referral', 'button');
      expect(new URL(page.url()).pathname).toMatch(/^\/ap\/cases\/[0-9a-f-]{36}$/);
      const opened = await page.locator('main').innerText();
      expect(opened).toMatch(/Referral AP-\d{6} sent/);
      expect(opened).toContain(pupils.b.name);
      expect(opened).not.toContain(marker);

      // 4. a school told early: A, chosen again, is refused on the pupil page with a link to the case
      await page.goto(`${server.base}/ap/cases/new?route=school_referral`);
      await page.locator('#pupilId').selectOption(pupils.a.id);
      await go(page, 'Continue', 'button');
      expect(await heading(page)).toBe('Refer a pupil');
      await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain(
        `already has an open case (${open.reference})`,
      );
      await go(page, `View case ${open.reference}`);
      expect(new URL(page.url()).pathname).toMatch(/^\/ap\/cases\/[0-9a-f-]{36}$/);
    });
  });
});
