import type { Browser, Page } from 'playwright-core';
import { demoPartnership, go, heading, newMember, pageInSession, PASSWORD, signInOverHttp } from './flows';
import {
  demoSignIns,
  expectNoAxeViolations,
  launchBrowser,
  RunningServer,
  startServer,
  stopAll,
  withFailureScreenshot,
} from './harness';

jest.setTimeout(180_000);

/**
 * A partnership runs its own people (issue 20), in Chromium with JavaScript off: the lead invites a
 * workforce lead and an ICB member; the lead is refused an officer role in a local authority; an
 * officer of an LA with the LA admin right gives an officer role in that LA. Every page passes axe.
 */
describe('people and roles, in Chromium without JavaScript', () => {
  let server: RunningServer;
  let browser: Browser;
  const lead = demoSignIns().find((s) => s.role === 'partnership_lead' && s.email.startsWith('nw.'))!;
  const admin = demoSignIns().find((s) => s.role === 'platform_admin')!;
  const suffix = Date.now().toString(36);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(stopAll);

  const checked = (page: Page, label: string) =>
    expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);
  const main = (page: Page) => page.locator('main').innerText();

  /** Through the invite journey from the people page: who, then where and as what, then check answers. */
  async function invite(page: Page, who: { name: string; email: string }, organisation: string, role: string) {
    await go(page, 'People');
    await go(page, 'Invite someone', 'button');
    await page.getByLabel('Full name').fill(who.name);
    await page.getByLabel('Email address').fill(who.email);
    await checked(page, 'who are you inviting');
    await go(page, 'Continue', 'button');
    await page.getByLabel('Organisation', { exact: true }).selectOption({ label: organisation });
    await page.getByLabel(role, { exact: true }).check();
    await checked(page, 'where and as what');
    await go(page, 'Continue', 'button');
  }

  it('the lead invites a workforce lead and an ICB member, and is refused an officer role in a local authority', async () => {
    // signed in over HTTP (the sign-in pages are sign-in.spec's), the session handed to the browser
    const session = await signInOverHttp(server.base, lead.email, undefined, {
      partnership: lead.partnership ?? undefined,
    });
    const page = await pageInSession(browser, session, { javaScript: false });
    await withFailureScreenshot(page, 'people-lead', async () => {
      await page.goto(`${server.base}/`);
      await checked(page, 'the lead’s home');
      for (const [name, organisation, role] of [
        [`Wren Workforce ${suffix}`, 'North West SEND Training Hub (demo) (Training provider)', 'Workforce lead'],
        [
          `Ivy Health ${suffix}`,
          'North West Integrated Care Board (demo) (Integrated care board)',
          'Integrated care board member',
        ],
      ]) {
        const email = `${name.split(' ')[0].toLowerCase()}.${suffix}@browser.example`;
        await invite(page, { name, email }, organisation, role);
        expect(await heading(page)).toBe('Check your answers before sending the invitation');
        await expect(main(page)).resolves.toContain(email);
        await checked(page, 'check the invitation');
        await go(page, 'Send invitation', 'button');
        await expect(page.locator('.govuk-panel__title').innerText()).resolves.toBe('Invitation sent');
        await expect(page.locator('.govuk-panel__body').innerText()).resolves.toContain(role);
        await checked(page, 'invitation sent');
      }
      // the people list, filtered by role: the ICB member is there with their email
      await go(page, 'Back to people');
      await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Integrated care board member' });
      await go(page, 'Filter', 'button');
      await expect(main(page)).resolves.toContain(`Ivy Health ${suffix}`);
      await expect(main(page)).resolves.not.toContain(`Wren Workforce ${suffix}`);
      await checked(page, 'people filtered');

      // an officer role in Trafford is the LA's to give: refused on the page
      await invite(
        page,
        { name: `Otto Officer ${suffix}`, email: `otto.${suffix}@browser.example` },
        'Trafford (Local authority)',
        'Local authority officer',
      );
      expect(new URL(page.url()).pathname).toBe('/people/invite/role');
      await expect(page.locator('.govuk-error-summary').innerText()).resolves.toContain(
        'only that local authority’s admins can give a role that opens its children’s records',
      );
      await checked(page, 'refused');
    });
    await page.context().close();
  });

  it('an officer with the LA admin right gives an officer role in their local authority', async () => {
    const nw = await demoPartnership(server.base, admin.email, 'North West Change Programme Partnership (demo)');
    const trafford = nw.orgs.find((o) => o.name === 'Trafford')!;
    // a fresh officer of Trafford with Trafford's LA admin right (their authenticator is this file's)
    const email = await newMember(server.base, nw.admin, {
      tenantId: nw.tenantId,
      organisationId: trafford.id,
      role: 'la_officer',
      alsoRoles: ['la_admin'],
      label: `trafford-admin-${suffix}`,
    });

    const page = await pageInSession(browser, await signInOverHttp(server.base, email, PASSWORD), {
      javaScript: false,
    });
    await withFailureScreenshot(page, 'people-la-admin', async () => {
      await page.goto(`${server.base}/`);
      await checked(page, 'the LA admin’s home');
      await invite(
        page,
        { name: `Tess Trafford ${suffix}`, email: `tess.${suffix}@browser.example` },
        'Trafford (Local authority)',
        'Local authority officer',
      );
      expect(await heading(page)).toBe('Check your answers before sending the invitation');
      await go(page, 'Send invitation', 'button');
      await expect(page.locator('.govuk-panel__title').innerText()).resolves.toBe('Invitation sent');
      await checked(page, 'officer invited');
      await go(page, `See Tess Trafford ${suffix}’s role`);
      await expect(main(page)).resolves.toContain('Local authority officer');
      await checked(page, 'their role');
    });
    await page.context().close();
  });
});
