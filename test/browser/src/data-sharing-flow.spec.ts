import type { Browser, Page } from 'playwright-core';
import {
  api,
  apiToken,
  apiTokenWithTotp,
  demoPartnership,
  fillDate,
  go,
  heading,
  HttpSession,
  newMember,
  pageInSession,
  PASSWORD,
  signIn,
  signInOverHttp,
} from './flows';
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

interface Agreement {
  id: string;
  state: string;
  grants: string[];
  version: number;
}

/**
 * A data-sharing agreement in Chromium with JavaScript off (issue 20): the lead proposes one
 * granting the partnership view, each of the demo partnership's two LAs confirms it (an LA
 * officer of each), and the lead's AP picture then shows cases; one LA ends it and the picture
 * empties. axe-core checks every page on the way. The demo's own agreement is ended first (so the
 * picture starts empty) and an agreement like it is put back at the end.
 */
describe('a data-sharing agreement confirmed by two LAs, then ended, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const partnership = demo.find((s) => s.partnership)!.partnership!;
  const lead = demo.find((s) => s.role === 'partnership_lead' && s.partnership === partnership)!.email;
  let las: { id: string; name: string }[];
  let tenantId: string;
  const officers: string[] = [];
  const tokens: string[] = [];
  /** The officers' web sessions: each signs in once (one authenticator code), for confirming and ending. */
  const officerSessions: HttpSession[] = [];

  const inForceViews = async (token: string) =>
    (await api<{ items: Agreement[] }>(server.base, token, 'GET', '/api/v1/data-sharing-agreements')).items.filter(
      (a) => a.state !== 'ended' && a.state !== 'expired' && a.grants.includes('partnership_view'),
    );

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    const found = await demoPartnership(server.base, demo.find((s) => s.role === 'platform_admin')!.email, partnership);
    const { admin, orgs } = found;
    tenantId = found.tenantId;
    las = orgs.filter((o) => o.kind === 'local_authority').map((o) => ({ id: o.id, name: o.name }));
    expect(las).toHaveLength(2);
    for (const [i, la] of las.entries()) {
      officers.push(
        await newMember(server.base, admin, {
          tenantId,
          organisationId: la.id,
          role: 'la_officer',
          label: `sharing.officer${i + 1}`,
        }),
      );
      tokens.push(await apiTokenWithTotp(server.base, officers[i], { password: PASSWORD, tenantId }));
      officerSessions.push(await signInOverHttp(server.base, officers[i], PASSWORD));
    }
    // the picture starts empty: every agreement that grants the partnership view is ended (as a party would)
    for (const a of await inForceViews(tokens[0]))
      await api(server.base, tokens[0], 'POST', `/api/v1/data-sharing-agreements/${a.id}/end`, { version: a.version });
  });

  afterAll(async () => {
    // an agreement like the demo's again, for the suites that follow on this server
    if (server && tokens.length === 2 && !(await inForceViews(tokens[0])).length) {
      const leadToken = await apiToken(server.base, lead, { tenantId });
      const made = await api<Agreement>(server.base, leadToken, 'POST', '/api/v1/data-sharing-agreements', {
        title: 'Partnership view (demo, put back by the browser tests)',
        purpose: "The partnership lead's pseudonymised picture of alternative provision",
        grants: ['partnership_view'],
        startsOn: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
        localAuthorityIds: las.map((l) => l.id),
      });
      for (const [i, token] of tokens.entries())
        await api(server.base, token, 'POST', `/api/v1/data-sharing-agreements/${made.id}/confirmations`, {
          version: made.version + i,
        });
    }
    await stopAll();
  });

  const checked = (page: Page, label: string) =>
    expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);
  const picture = async (page: Page) => {
    await page.goto(`${server.base}/ap/case-summaries`);
    await page.waitForLoadState('load');
    return page.locator('main').innerText();
  };

  it('shows the lead’s AP picture once both LAs confirm, and empties it when one ends the agreement', async () => {
    // the lead signs in through the pages (choosing the partnership when an earlier file gave them a second)
    const leadPage = await newPage(browser, { javaScript: false });
    await signIn(leadPage, server.base, lead, undefined, { partnership });
    let agreementPath = '';
    await withFailureScreenshot(leadPage, 'data-sharing-lead', async () => {
      expect(await picture(leadPage)).toContain('There is no data-sharing agreement in force');
      await checked(leadPage, 'the empty AP picture');

      await leadPage.goto(`${server.base}/data-sharing`);
      expect(await heading(leadPage)).toBe('Data-sharing agreements');
      await checked(leadPage, 'the agreements');
      await go(leadPage, 'Propose an agreement', 'button');
      expect(await heading(leadPage)).toBe('Propose a data-sharing agreement');
      // nothing answered: the error summary links to each question
      await go(leadPage, 'Continue', 'button');
      for (const field of ['localAuthorityIds', 'title', 'purpose', 'grants', 'startsOn-day'])
        await expect(leadPage.locator(`.govuk-error-summary a[href="#${field}"]`).count()).resolves.toBe(1);
      await checked(leadPage, 'the proposal with errors');
      for (const la of las) await leadPage.getByLabel(la.name, { exact: true }).check();
      await leadPage.locator('#title').fill(`AP picture ${Date.now().toString(36)}`);
      await leadPage.locator('#purpose').fill('The partnership lead follows AP across both local authorities');
      await leadPage.getByLabel('The partnership view').check();
      await fillDate(leadPage, 'startsOn', new Date(Date.now() - 86_400_000).toISOString().slice(0, 10));
      await go(leadPage, 'Continue', 'button');
      expect(await heading(leadPage)).toBe('Check your answers before proposing the agreement');
      await checked(leadPage, 'check answers');
      await go(leadPage, 'Propose the agreement', 'button');
      agreementPath = new URL(leadPage.url()).pathname;
      expect(agreementPath).toMatch(/^\/data-sharing\/[0-9a-f-]{36}$/);
      await expect(leadPage.getByTestId('state').innerText()).resolves.toContain('Waiting for confirmation');
      await checked(leadPage, 'the proposed agreement');
      expect(await picture(leadPage)).toContain('There is no data-sharing agreement in force');
    });

    // ---- each LA confirms, through its officer ----
    for (const [i, session] of officerSessions.entries()) {
      const page = await pageInSession(browser, session, { javaScript: false });
      await withFailureScreenshot(page, `data-sharing-officer${i + 1}`, async () => {
        await page.goto(`${server.base}${agreementPath}`);
        await checked(page, `the agreement as the officer of ${las[i].name}`);
        await go(page, `Confirm for ${las[i].name}`, 'button');
        await expect(page.locator('.govuk-notification-banner--success').innerText()).resolves.toContain(
          'You have confirmed the agreement',
        );
        await checked(page, 'the agreement after confirming');
      });
      await page.context().close();
      if (i === 0) expect(await picture(leadPage)).toContain('There is no data-sharing agreement in force');
    }

    await leadPage.goto(`${server.base}${agreementPath}`);
    await expect(leadPage.getByTestId('state').innerText()).resolves.toContain('In force');
    const shown = await picture(leadPage);
    expect(shown).not.toContain('There is no data-sharing agreement in force');
    expect(shown).toMatch(/AP-\d{6}/);
    await checked(leadPage, 'the AP picture with cases');

    // ---- one LA ends it ----
    // (in the session the officer confirmed in: signing in again would wait for a fresh authenticator code)
    const ender = await pageInSession(browser, officerSessions[1], { javaScript: false });
    await withFailureScreenshot(ender, 'data-sharing-end', async () => {
      await ender.goto(`${server.base}${agreementPath}`);
      await go(ender, 'End this agreement');
      expect(await heading(ender)).toBe('End this agreement');
      await checked(ender, 'ending the agreement');
      await ender.locator('#reason').fill('The pilot is over');
      await go(ender, 'End the agreement', 'button');
      await expect(ender.getByTestId('state').innerText()).resolves.toContain('Ended');
      await checked(ender, 'the ended agreement');
    });
    expect(await picture(leadPage)).toContain('There is no data-sharing agreement in force');
  });
});
