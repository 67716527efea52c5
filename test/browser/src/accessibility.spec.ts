import type { Browser, Page } from 'playwright-core';
import { api, apiToken, apiTokenWithTotp, signIn } from './flows';
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
 * Every GET route of the web router (read from the routes the server maps at start, so a new page
 * joins by itself), visited as each demo role and as a visitor who is not signed in: axe-core finds
 * no WCAG 2.2 A/AA violation with JavaScript on, and each route renders with JavaScript off.
 */
describe('every web route, as every role', () => {
  let server: RunningServer;
  let browser: Browser;
  let routes: string[];
  const params: Record<string, string> = {};
  const demo = demoSignIns();
  const firstPartnership = demo.find((s) => s.partnership)!.partnership!;
  // one user of each role: the platform roles and each tenant role of the first partnership
  const roles = [
    ...new Map(
      demo.filter((s) => !s.partnership || s.partnership === firstPartnership).map((s) => [s.role, s]),
    ).values(),
  ];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const mapped = [...server.output().matchAll(/Mapped \{([^,]+), GET\} route/g)].map((m) => m[1]);
    routes = [...new Set(mapped)].filter((p) => !/^\/(api|assets)(\/|$)/.test(p) && p !== '/metrics').sort();
    // real ids for the routes' parameters, found through the admin API
    const token = await apiToken(server.base, demo.find((s) => s.role === 'platform_admin')!.email);
    const tenants = await api<{ items: { id: string; name: string }[] }>(
      server.base,
      token,
      'GET',
      '/api/v1/admin/tenants',
    );
    params['tenantId'] = tenants.items.find((t) => t.name === firstPartnership)!.id;
    const users = await api<{ items: { id: string }[] }>(server.base, token, 'GET', '/api/v1/admin/users');
    params['userId'] = users.items[0].id;
    const memberships = await api<{ items: { id: string }[] }>(
      server.base,
      token,
      'GET',
      `/api/v1/admin/tenants/${params['tenantId']}/memberships`,
    );
    params['membershipId'] = memberships.items[0].id;
    params['token'] = 'an-invalid-link-token-AAAAAAAAAAAAAAAAAAAAAAA';
    // a provider of the demo directory, read as the partnership lead (in that partnership: another
    // suite on this worker's database may have given the lead a second one)
    const leadToken = await apiToken(
      server.base,
      demo.find((s) => s.role === 'partnership_lead' && s.partnership === firstPartnership)!.email,
      { tenantId: params['tenantId'] },
    );
    const providers = await api<{ items: { id: string; providerType: string }[] }>(
      server.base,
      leadToken,
      'GET',
      '/api/v1/ap/providers',
    );
    params['providerId'] = providers.items.find((p) => p.providerType !== 'unregistered_provision')!.id;
    // the demo's data-sharing agreement (confirmed by both LAs)
    const agreements = await api<{ items: { id: string }[] }>(
      server.base,
      leadToken,
      'GET',
      '/api/v1/data-sharing-agreements',
    );
    params['agreementId'] = agreements.items[0].id;
    // a demo pupil and the demo's UPN match request, read as the officer of the lead LA (who holds them)
    const officerToken = await apiTokenWithTotp(
      server.base,
      demo.find((s) => s.role === 'la_officer' && s.partnership === firstPartnership)!.email,
      { tenantId: params['tenantId'] },
    );
    const pupils = await api<{ items: { id: string }[] }>(server.base, officerToken, 'GET', '/api/v1/ap/pupils');
    params['pupilId'] = pupils.items[0].id;
    const matches = await api<{ items: { id: string }[] }>(
      server.base,
      officerToken,
      'GET',
      '/api/v1/ap/pupil-matches',
    );
    params['matchId'] = matches.items[0]?.id ?? '00000000-0000-4000-8000-000000000000';
    // the officer's LA, and a case of it waiting for triage (the demo's, or one opened here), for the case pages
    const me = await api<{ roles: { role: string; organisationId: string }[] }>(
      server.base,
      officerToken,
      'GET',
      '/api/v1/auth/me',
    );
    params['laId'] = me.roles.find((r) => r.role === 'la_officer')!.organisationId;
    const waiting = await api<{ items: { id: string }[] }>(
      server.base,
      officerToken,
      'GET',
      `/api/v1/ap/cases?status=referred&laId=${params['laId']}`,
    );
    params['caseId'] =
      waiting.items[0]?.id ??
      (
        await api<{ id: string }>(server.base, officerToken, 'POST', '/api/v1/ap/cases', {
          route: 'la_commission',
          pupilId: (
            await api<{ id: string }>(server.base, officerToken, 'POST', '/api/v1/ap/pupils', {
              laId: params['laId'],
              givenName: 'Crawl',
              familyName: `Fixture${Date.now()}`,
              dateOfBirth: '2013-01-02',
              upnUnknownReason: 'UN2',
            })
          ).id,
          reason: 'at_risk_of_exclusion',
          requestedTier: 'tier_2',
          familyViews: 'Parents agree a short placement would help.',
          childViews: 'Would like a smaller group.',
        })
      ).id;
    params['action'] = 'triage';
    // a scheduled review of the officer's placements (the demo's active placement has one) for the review pages
    const placed = await api<{ items: { id: string }[] }>(
      server.base,
      officerToken,
      'GET',
      `/api/v1/ap/cases?stage=placements&laId=${params['laId']}`,
    );
    const reviews = placed.items[0]
      ? await api<{ items: { id: string; status: string }[] }>(
          server.base,
          officerToken,
          'GET',
          `/api/v1/ap/cases/${placed.items[0].id}/reviews`,
        )
      : { items: [] };
    params['reviewId'] =
      reviews.items.find((r) => r.status === 'scheduled')?.id ?? '00000000-0000-4000-8000-000000000000';
    // the demo's finished placement (a return to school) has follow-ups; its active one a register and a review alert
    const ended = await api<{ items: { id: string }[] }>(
      server.base,
      officerToken,
      'GET',
      `/api/v1/ap/cases?status=ended&laId=${params['laId']}`,
    );
    const followUps = ended.items[0]
      ? await api<{ items: { id: string; outcome: string | null }[] }>(
          server.base,
          officerToken,
          'GET',
          `/api/v1/ap/cases/${ended.items[0].id}/follow-ups`,
        )
      : { items: [] };
    params['followUpId'] = followUps.items.find((f) => !f.outcome)?.id ?? '00000000-0000-4000-8000-000000000000';
    const activeCase = placed.items[0]
      ? await api<{ placement: { id: string } | null }>(
          server.base,
          officerToken,
          'GET',
          `/api/v1/ap/cases/${placed.items[0].id}`,
        )
      : null;
    params['placementId'] = activeCase?.placement?.id ?? '00000000-0000-4000-8000-000000000000';
    const alerts = await api<{ items: { id: string }[] }>(server.base, officerToken, 'GET', '/api/v1/ap/alerts');
    params['alertId'] = alerts.items[0]?.id ?? '00000000-0000-4000-8000-000000000000';
    params['recordType'] = 'attendance';
    params['queue'] = 'notifications';
    // local partnerships (issue 21): the officer's LA's (the demo's, or one set up here), a member and a meeting of it
    const lps = await api<{ items: { id: string; laId: string }[] }>(
      server.base,
      officerToken,
      'GET',
      '/api/v1/plans/local-partnerships',
    );
    const lpId =
      lps.items.find((l) => l.laId === params['laId'])?.id ??
      (
        await api<{ id: string }>(server.base, officerToken, 'POST', '/api/v1/plans/local-partnerships', {
          laId: params['laId'],
          name: 'Accessibility check partnership',
        })
      ).id;
    const lp = await api<{ members: { id: string }[]; meetings: { id: string }[] }>(
      server.base,
      officerToken,
      'GET',
      `/api/v1/plans/local-partnerships/${lpId}`,
    );
    params['id'] = lpId;
    params['memberId'] =
      lp.members[0]?.id ??
      (
        await api<{ id: string }>(
          server.base,
          officerToken,
          'POST',
          `/api/v1/plans/local-partnerships/${lpId}/members`,
          {
            kind: 'icb',
            name: 'Accessibility check ICB',
          },
        )
      ).id;
    params['meetingId'] =
      lp.meetings[0]?.id ??
      (
        await api<{ id: string }>(
          server.base,
          officerToken,
          'POST',
          `/api/v1/plans/local-partnerships/${lpId}/meetings`,
          {
            title: 'Accessibility check meeting',
            heldOn: '2026-10-01',
            status: 'held',
          },
        )
      ).id;
    params['planId'] ??= '00000000-0000-4000-8000-000000000000';
  });
  afterAll(stopAll);

  /** Routes that send a file (downloads and templates) rather than a page. */
  const DOWNLOADS = /\/(download|template|draft\.(json|pdf)|for-sharing)$/;

  const fill = (route: string) =>
    route.replace(/:(\w+)/g, (_, name: string) => {
      if (!params[name])
        throw new Error(
          `The route ${route} has a parameter :${name} with no fixture: add one to accessibility.spec.ts`,
        );
      return params[name];
    });

  it('finds the web routes in the server’s route table', () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        '/',
        '/sign-in',
        '/account',
        '/accessibility',
        '/privacy',
        '/cookies',
        '/choose-partnership',
      ]),
    );
    expect(routes.some((r) => r.startsWith('/admin'))).toBe(true);
  });

  /**
   * The page states checked so far, by every role: each page as the server sent it (less its
   * nonces and form values: CSRF tokens). A page the server sends identically to two roles, or for
   * two routes, renders the same DOM and has the same result, so the JavaScript-off parse, the
   * visit with JavaScript and axe run once per distinct page; every route is still asked for, as
   * every role, and must answer without a server error.
   */
  const checked = new Set<string>();

  const visitAll = async (page: Page, who: string) => {
    const scriptless = await browser.newContext({ javaScriptEnabled: false });
    const plain = await scriptless.newPage();
    try {
      for (const route of routes) {
        const url = `${server.base}${fill(route)}`;
        if (DOWNLOADS.test(route)) {
          // a file, not a page: it answers without a server error, and as an attachment when it is sent
          const file = await page.request.get(url, { maxRedirects: 0 });
          expect({ route, who, status: file.status() < 500 ? 'ok' : file.status() }).toEqual({
            route,
            who,
            status: 'ok',
          });
          if (file.status() === 200)
            expect({ route, who, disposition: file.headers()['content-disposition'] ?? '' }).toEqual({
              route,
              who,
              disposition: expect.stringMatching(/^attachment/),
            });
          continue;
        }
        // the page as the server sends it to this role (the browser's cookies, redirects followed):
        // what a browser without JavaScript gets
        const sent = await page.request.get(url);
        expect({ route, who, js: 'off', status: sent.status() < 500 ? 'ok' : sent.status() }).toEqual({
          route,
          who,
          js: 'off',
          status: 'ok',
        });
        const html = await sent.text();
        const state = html.replace(/(nonce|value)="[^"]*"/g, '');
        if (checked.has(state)) continue;
        checked.add(state);
        // without JavaScript: Chromium's parser, scripting off, makes one heading of it
        await plain.setContent(html, { waitUntil: 'domcontentloaded' });
        expect({ route, who, h1: await plain.locator('h1').count() }).toEqual({ route, who, h1: 1 });
        // with JavaScript: the page loaded and run in the browser, then axe
        const response = await page.goto(url, { waitUntil: 'load' });
        const status = response?.status() ?? 0;
        expect({ route, who, status: status < 500 ? 'ok' : status }).toEqual({ route, who, status: 'ok' });
        await expectNoAxeViolations(page, `${route} as ${who} (${status}, ${new URL(page.url()).pathname})`);
      }
    } finally {
      await scriptless.close();
    }
  };

  it('as a visitor who is not signed in', async () => {
    const page = await newPage(browser);
    await withFailureScreenshot(page, 'a11y-visitor', () => visitAll(page, 'visitor'));
  });

  it.each(roles.map((r) => [r.role, r.email]))('as %s', async (role, email) => {
    const page = await newPage(browser);
    await withFailureScreenshot(page, `a11y-${role}`, async () => {
      await signIn(page, server.base, email);
      // a user another file gave a second partnership works in the first one, as the fixtures do
      if (new URL(page.url()).pathname === '/choose-partnership') {
        await page.getByLabel(firstPartnership).check();
        await Promise.all([
          page.waitForNavigation({ waitUntil: 'load' }),
          page.getByRole('button', { name: 'Continue' }).click(),
        ]);
      }
      await visitAll(page, role);
    });
  });
});
