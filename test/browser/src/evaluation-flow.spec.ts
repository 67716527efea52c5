import type { Browser, Page } from 'playwright-core';
import { fillDate, go, heading, pageInSession, signInOverHttp } from './flows';
import {
  DEMO_PASSWORD,
  demoSignIns,
  expectNoAxeViolations,
  launchBrowser,
  RunningServer,
  startServer,
  stopAll,
  withFailureScreenshot,
} from './harness';

jest.setTimeout(480_000);

/** Today in England, as the server dates things (yyyy-mm-dd). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/**
 * Change Programme evaluation in Chromium, in the demo partnership (as plans-flow): the lead sets
 * a reform to active in one LA and paused, with its reason, in the other; records a test with a
 * finding and adds a dated result; an LA officer uploads a file of submitted figures with a bad
 * row (each bad row listed, nothing saved), then the good file, which lands; the lead assembles
 * this term's return again, each LA's officer signs off its part, the lead writes the narrative,
 * rates every indicator (a red one an exception with its owner and commentary), signs off and
 * sends it; the return shows as sent, with its snapshot's lineage. The lead's forms are posted
 * with JavaScript off, the officers' with it on and off. axe-core checks the states only a journey
 * reaches (errors, banners, a return at each stage); the accessibility crawl checks every page as
 * the demo has it, so the plain pages are not checked twice.
 */
describe('an evidence return from the reform register to the sent snapshot, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const partnership = demo.find((s) => s.partnership)!.partnership!;
  const of = (role: string) => demo.filter((s) => s.role === role && s.partnership === partnership).map((s) => s.email);
  const [leadEmail] = of('partnership_lead');
  const [officer1, officer2] = of('la_officer');
  let lead: Page;
  let returnPath = '';
  let period = '';
  let before = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(stopAll);

  const checked = (page: Page, label: string) =>
    expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);
  const banner = (page: Page) => page.locator('.govuk-notification-banner--success').innerText();
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary').innerText();
  // each user signs in once (an authenticator code a time step): their session is handed to each page
  const sessions = new Map<string, ReturnType<typeof signInOverHttp>>();
  const pageOf = (email: string, javaScript: boolean) => {
    if (!sessions.has(email)) sessions.set(email, signInOverHttp(server.base, email, DEMO_PASSWORD, { partnership }));
    return sessions.get(email)!.then((session) => pageInSession(browser, session, { javaScript }));
  };

  it('sets a reform active in one LA and paused, with its reason, in the other', async () => {
    lead = await pageOf(leadEmail, false);
    await withFailureScreenshot(lead, 'evaluation-reforms', async () => {
      await lead.goto(`${server.base}/evaluation`);
      expect(await heading(lead)).toBe('Change Programme evaluation');
      await go(lead, 'Reforms under test');
      const cells = await lead
        .locator('[data-testid="reform-register"] a[href^="/evaluation/reforms/mediation/"]')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      expect(cells).toHaveLength(2);

      for (const [i, [status, reason]] of [
        ['Active', ''],
        ['Paused', 'Mediation provider contract ends; retendering'],
      ].entries()) {
        await lead.goto(`${server.base}${cells[i]}`);
        await go(lead, 'Change the status', 'button');
        await lead.getByLabel(status, { exact: true }).check();
        await fillDate(lead, 'changedOn', today());
        if (reason) {
          // paused without a reason: refused, naming the field
          await go(lead, 'Save the status', 'button');
          await expect(errorSummary(lead)).resolves.toContain('Say why the reform is paused');
          await checked(lead, 'a pause without its reason');
          await lead.locator('#reason').fill(reason);
        }
        await go(lead, 'Save the status', 'button');
        await expect(banner(lead)).resolves.toContain(`${status} since`);
        await expect(lead.getByTestId('reform-history').innerText()).resolves.toContain(reason || status);
        await checked(lead, `the reform ${status.toLowerCase()}`);
      }
      await go(lead, 'Back to the reforms under test');
      const register = await lead.getByTestId('reform-register').innerText();
      expect(register).toMatch(/Active/);
      expect(register).toMatch(/Paused/);
    });
  });

  it('records a test with a finding and adds a dated result', async () => {
    await withFailureScreenshot(lead, 'evaluation-test', async () => {
      await lead.goto(`${server.base}/evaluation/tests`);
      await go(lead, 'Record a test', 'button');
      await go(lead, 'Record the test', 'button');
      await expect(errorSummary(lead)).resolves.toContain('There is a problem');
      await checked(lead, 'a test with errors');

      await lead.locator('#title').fill('Mediation first for tribunal appeals');
      await lead.locator('#reformCode').selectOption('mediation');
      await lead.locator('#hypothesis').fill('Offering mediation first halves appeals to the tribunal');
      await lead.locator('input[name="laIds"]').first().check();
      await fillDate(lead, 'startsOn', '2026-09-01');
      await fillDate(lead, 'endsOn', '2027-07-23');
      await lead.getByLabel('Running', { exact: true }).check();
      await lead.locator('#findings').fill('Appeals fell by a third in the first term');
      await go(lead, 'Record the test', 'button');
      await expect(banner(lead)).resolves.toContain('Mediation first for tribunal appeals');
      await expect(lead.locator('main').innerText()).resolves.toContain('Appeals fell by a third in the first term');
      await checked(lead, 'the test recorded');

      await go(lead, 'Add the result', 'button');
      await expect(errorSummary(lead)).resolves.toContain('There is a problem');
      await checked(lead, 'a result with errors');
      await fillDate(lead, 'recordedOn', today());
      await lead.locator('#summary').fill('12 of 15 families settled at mediation');
      await go(lead, 'Add the result', 'button');
      await expect(banner(lead)).resolves.toContain('Result added');
      await expect(lead.getByTestId('test-results').innerText()).resolves.toContain(
        '12 of 15 families settled at mediation',
      );
    });
  });

  it('an LA officer’s file with a bad row saves nothing; the good file lands', async () => {
    // the bad file with JavaScript on, the good one with it off
    const withScript = await pageOf(officer2, true);
    await withFailureScreenshot(withScript, 'evaluation-upload-bad', async () => {
      await withScript.goto(`${server.base}/evaluation/indicators/submit`);
      // the current term is the first offered
      period = (await withScript.locator('#period option').nth(1).getAttribute('value'))!;
      await withScript.goto(`${server.base}/evaluation/indicators/evaluation.ehcp_20_weeks`);
      before = await withScript.getByTestId('table-values').innerText();
      expect(before).not.toContain('69.8');
      await withScript.goto(`${server.base}/evaluation/indicators/upload`);
      expect(await heading(withScript)).toBe('Upload figures');
      const bad = [
        'indicator_code,period,numerator,denominator',
        `evaluation.ehcp_20_weeks,${period},37,53`,
        `evaluation.ks2_expected_sen,${period},61,40`,
        `evaluation.mediation_cases,${period},9,`,
      ].join('\n');
      await withScript
        .locator('#file')
        .setInputFiles({ name: 'figures.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await go(withScript, 'Upload the file', 'button');
      await expect(errorSummary(withScript)).resolves.toContain('Nothing was saved');
      const rows = await withScript.getByTestId('row-errors').locator('tbody tr').allInnerTexts();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatch(/^3\s/);
      await checked(withScript, 'a file with a bad row');
      // nothing landed: the good row's figure is not there either
      await withScript.goto(`${server.base}/evaluation/indicators/evaluation.ehcp_20_weeks`);
      await expect(withScript.getByTestId('table-values').innerText()).resolves.toBe(before);
    });
    await withScript.context().close();

    const page = await pageOf(officer2, false);
    await withFailureScreenshot(page, 'evaluation-upload-good', async () => {
      await page.goto(`${server.base}/evaluation/indicators/upload`);
      const good = [
        'indicator_code,period,numerator,denominator',
        `evaluation.ehcp_20_weeks,${period},37,53`,
        `evaluation.ks2_expected_sen,${period},31,40`,
        `evaluation.mediation_cases,${period},9,`,
      ].join('\n');
      await page
        .locator('#file')
        .setInputFiles({ name: 'figures.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await go(page, 'Upload the file', 'button');
      await expect(banner(page)).resolves.toContain('3 figures received');
      await checked(page, 'the file uploaded');
      await page.goto(`${server.base}/evaluation/indicators/evaluation.ehcp_20_weeks`);
      await expect(page.getByTestId('table-values').innerText()).resolves.toContain('69.8');
    });
    await page.context().close();
  });

  it('assembles this term’s return, both LAs sign off, the lead signs off and sends it', async () => {
    await withFailureScreenshot(lead, 'evaluation-return', async () => {
      await lead.goto(`${server.base}/evaluation/returns`);
      await go(lead, 'Start a return', 'button');
      const name = (await lead.locator(`label[for="period"]`).innerText()).trim();
      expect(await lead.locator('#period').getAttribute('value')).toBe(period);
      await lead.locator('#period').check();
      await go(lead, 'Start the return', 'button');
      if (new URL(lead.url()).pathname === '/evaluation/returns/new') {
        // the demo's return for this term is in progress: it is opened, and assembled again with
        // the officer's upload (which clears its LA sign-offs)
        await expect(errorSummary(lead)).resolves.toContain('There is a problem');
        await checked(lead, 'a term that has its return');
        await lead.goto(`${server.base}/evaluation/returns`);
        await Promise.all([
          lead.waitForNavigation({ waitUntil: 'load' }),
          lead
            .locator('table', { has: lead.locator('caption', { hasText: name }) })
            .locator('a')
            .first()
            .click(),
        ]);
        await expect(lead.getByTestId('return-status').innerText()).resolves.toContain('Draft');
        await go(lead, 'Assemble the figures again', 'button');
        await expect(banner(lead)).resolves.toContain('assembled again');
      } else {
        await expect(banner(lead)).resolves.toContain('Return started');
      }
      returnPath = new URL(lead.url()).pathname;
      // assembled by a job: the page says so until it is done
      for (let i = 0; i < 60 && (await lead.getByTestId('assembling').count()); i++) {
        await checked(lead, 'a return assembling');
        await new Promise((r) => setTimeout(r, 500));
        await lead.goto(`${server.base}${returnPath}`);
      }
      await expect(lead.getByTestId('completeness').innerText()).resolves.toContain('Present');
      await expect(lead.getByTestId('figures').innerText()).resolves.toContain('69.8%');
      await expect(lead.getByTestId('la-sign-offs').innerText()).resolves.not.toContain('Signed off by');
      await checked(lead, 'the assembled return');
    });

    // ---- each LA's officer signs off its part (one with JavaScript, one without) ----
    for (const [email, javaScript] of [
      [officer1, true],
      [officer2, false],
    ] as const) {
      const page = await pageOf(email, javaScript);
      await withFailureScreenshot(page, `evaluation-la-sign-off-${javaScript ? 'js' : 'nojs'}`, async () => {
        await page.goto(`${server.base}${returnPath}`);
        await checked(page, 'the return as an LA officer');
        await expect(page.getByTestId('la-sign-off').count()).resolves.toBe(1);
        await page.locator('#comment').fill('Checked against our SEN2 and exclusions data');
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('la-sign-off').click()]);
        await expect(banner(page)).resolves.toContain('Your local authority’s part is signed off');
        await expect(page.getByTestId('la-sign-off').count()).resolves.toBe(0);
      });
      await page.context().close();
    }

    await withFailureScreenshot(lead, 'evaluation-lead-send', async () => {
      await lead.goto(`${server.base}${returnPath}`);
      await expect(lead.getByTestId('return-status').innerText()).resolves.toContain('Signed off by every LA');
      await expect(lead.getByTestId('la-sign-offs').innerText()).resolves.toMatch(/Signed off by[\s\S]*Signed off by/);
      await checked(lead, 'the return signed off by every LA');

      await lead.locator('#narrative').fill('Mediation first is working; EHC plans on time are up a tenth.');
      await go(lead, 'Save the narrative', 'button');
      await expect(banner(lead)).resolves.toContain('Narrative saved');

      // every indicator green, but the first red: an exception, first without its owner
      const count = await lead.locator('input[type="hidden"][name$="-code"]').count();
      expect(count).toBeGreaterThan(0);
      for (let i = 0; i < count; i++)
        await lead.locator(`input[name="ratings-${i}-rag"][value="${i === 0 ? 'red' : 'green'}"]`).check();
      await go(lead, 'Save the ratings', 'button');
      await expect(errorSummary(lead)).resolves.toContain('Choose the owner of the exception');
      await checked(lead, 'a red rating without its owner');
      const owner = await lead.locator('#ratings-0-ownerUserId option').nth(1).getAttribute('value');
      await lead.locator('#ratings-0-ownerUserId').selectOption(owner!);
      await lead.locator('#ratings-0-commentary').fill('Behind plan: recovery plan agreed with the ICB');
      for (let i = 0; i < count; i++)
        await lead.locator(`input[name="ratings-${i}-rag"][value="${i === 0 ? 'red' : 'green'}"]`).check();
      await go(lead, 'Save the ratings', 'button');
      await expect(banner(lead)).resolves.toContain('Ratings saved');
      const ratings = await lead.getByTestId('ratings').innerText();
      expect(ratings).toContain('RED');
      expect(ratings).toContain('Behind plan: recovery plan agreed with the ICB');

      await go(lead, 'Sign off the return as the lead', 'button');
      await expect(lead.getByTestId('return-status').innerText()).resolves.toContain('Signed off by the lead');
      await checked(lead, 'the return signed off by the lead');
      await go(lead, 'Send the return', 'button');
      await checked(lead, 'sending the return');
      await go(lead, 'Send the return', 'button');
      await expect(banner(lead)).resolves.toContain('Return sent');
      await expect(lead.getByTestId('return-status').innerText()).resolves.toContain('Sent');

      await go(lead, 'See each figure’s lineage in the sent snapshot');
      await expect(lead.getByTestId('snapshot-sha256').innerText()).resolves.toMatch(/^[0-9a-f]{64}$/);
      const lineage = await lead.getByTestId('lineage').innerText();
      expect(lineage).toContain('Uploaded (file SHA-256');
      expect(lineage).toContain('Computed by');
      await lead.goto(`${server.base}/evaluation/returns`);
      await expect(lead.getByTestId('returns').first().innerText()).resolves.toContain('Sent');
    });
  });
});
