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

jest.setTimeout(240_000);

/** Each demo partnership's training provider and its LAs' DfE numbers (the core's demo seed). */
const DEMO: Record<string, { provider: string; laNumbers: Record<string, string> }> = {
  nw: { provider: 'North West SEND Training Hub (demo)', laNumbers: { Manchester: '352', Trafford: '358' } },
  se: { provider: 'South Coast Inclusion Training (demo)', laNumbers: { Portsmouth: '851', 'West Sussex': '938' } },
};

/** Today in England, as the server dates things (yyyy-mm-dd). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/**
 * Workforce training in Chromium, in the first demo partnership, with JavaScript off throughout:
 * the workforce lead sets up a cohort (a refused empty form first) and gives each LA its funded
 * places (more than the cohort has is refused, naming the LA's field); the training provider's
 * staff upload a file with a bad row to it (the problems listed by row and column, nothing saved),
 * then the good file, and follow the upload's page until it is saved and the enrolments are on the
 * cohort's page; the lead reads training coverage for a period (a date that is not one refused
 * first) and downloads it as CSV and XLSX. axe-core checks every page on the way. Each user signs
 * in once, over HTTP, and their session serves every page.
 */
describe('workforce training from a new cohort to its coverage, in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const demo = demoSignIns();
  const trainerSignIn = demo.find((s) => s.role === 'training_provider_staff')!;
  const partnership = trainerSignIn.partnership!;
  const own = DEMO[trainerSignIn.email.split('.')[0]];
  const emailOf = (role: string) => demo.find((s) => s.role === role && s.partnership === partnership)!.email;
  // reruns on a shared database: the cohort and the participants are this run's own
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const cohortName = `NPQ for SENCOs, browser ${unique}`;
  let lead: Page;
  let cohortPath = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(stopAll);

  const checked = (page: Page, label: string) =>
    expectNoAxeViolations(page, `${label} (${new URL(page.url()).pathname})`);
  const banner = (page: Page) => page.locator('.govuk-notification-banner--success').innerText();
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary').innerText();
  const pageOf = async (email: string) =>
    pageInSession(browser, await signInOverHttp(server.base, email, DEMO_PASSWORD, { partnership }), {
      javaScript: false,
    });

  it('the workforce lead sets up a cohort and gives each local authority its places', async () => {
    lead = await pageOf(emailOf('workforce_lead'));
    await withFailureScreenshot(lead, 'workforce-cohort', async () => {
      await lead.goto(`${server.base}/`);
      await go(lead, 'Training');
      expect(await heading(lead)).toBe('Workforce training');
      await checked(lead, 'workforce training, as the lead');
      await go(lead, 'Set up a cohort', 'button');
      expect(await heading(lead)).toBe('Set up a cohort');
      await checked(lead, 'setting up a cohort');

      // nothing chosen: refused, naming the fields
      await go(lead, 'Set up cohort', 'button');
      await expect(errorSummary(lead)).resolves.toContain('There is a problem');
      await checked(lead, 'a cohort with errors');

      await lead.getByLabel('Programme').selectOption({ label: 'NPQ for SENCOs' });
      await lead.getByLabel('Training provider').selectOption({ label: own.provider });
      await lead.getByLabel('Name of the cohort').fill(cohortName);
      await lead.getByLabel('Intake year').fill('2026');
      await lead.getByLabel('Autumn', { exact: true }).check();
      await fillDate(lead, 'startsOn', '2026-09-07');
      await fillDate(lead, 'endsOn', '2028-07-14');
      await lead.getByLabel('Funded places').fill('5');
      await go(lead, 'Set up cohort', 'button');
      expect(new URL(lead.url()).pathname).toMatch(/^\/workforce\/cohorts\/[0-9a-f-]{36}$/);
      cohortPath = new URL(lead.url()).pathname;
      await expect(banner(lead)).resolves.toContain('Cohort set up');
      expect(await heading(lead)).toBe(cohortName);
      await expect(lead.locator('main').innerText()).resolves.toContain('5 (0 allocated, 0 filled)');
      await checked(lead, 'the cohort set up');

      // the allocation table names each LA of the partnership: three places, then more than are left
      const las = await lead
        .getByTestId('allocations')
        .locator('tbody tr td:first-child')
        .evaluateAll((cells) => cells.map((c) => c.textContent!.trim()));
      expect(las.length).toBeGreaterThanOrEqual(2);
      const [first, second] = las;
      await lead.getByRole('textbox', { name: `Places for ${first}` }).fill('3');
      await go(lead, `Save places for ${first}`, 'button');
      await expect(banner(lead)).resolves.toContain('Places saved');
      await lead.getByRole('textbox', { name: `Places for ${second}` }).fill('3');
      await go(lead, `Save places for ${second}`, 'button');
      await expect(errorSummary(lead)).resolves.toContain('add up to more than the cohort’s funded places');
      await expect(lead.getByRole('textbox', { name: `Places for ${second}` }).inputValue()).resolves.toBe('3');
      await checked(lead, 'places past the cohort’s refused');
      await lead.getByRole('textbox', { name: `Places for ${second}` }).fill('2');
      await go(lead, `Save places for ${second}`, 'button');
      await expect(banner(lead)).resolves.toContain('Places saved');
      await expect(lead.locator('main').innerText()).resolves.toContain('5 (5 allocated, 0 filled)');
      const rows = await lead.getByTestId('allocations').locator('tbody tr').allInnerTexts();
      expect(rows.slice(0, 2).map((r) => r.split('\t').slice(0, 3).join('|'))).toEqual([
        `${first}|3|0`,
        `${second}|2|0`,
      ]);
      await checked(lead, 'the places given');
    });
  });

  it('the training provider uploads a file with a bad row, then the good file, and sees the enrolments', async () => {
    const trainer = await pageOf(trainerSignIn.email);
    await withFailureScreenshot(trainer, 'workforce-upload', async () => {
      await trainer.goto(`${server.base}/workforce`);
      await checked(trainer, 'workforce training, as the training provider');
      await go(trainer, cohortName);
      expect(new URL(trainer.url()).pathname).toBe(cohortPath);
      await expect(trainer.locator('main').innerText()).resolves.toContain('No enrolments you may see.');
      await checked(trainer, 'the cohort, as its training provider');
      const template = await trainer.request.get(
        `${server.base}${await trainer.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href')}`,
      );
      expect(template.status()).toBe(200);
      expect(template.headers()['content-type']).toMatch(/^text\/csv/);
      expect((await template.text()).split('\r\n')[0]).toMatch(/^\uFEFF?full_name,work_email,/);

      // the lead LA's DfE number (the first row of the places) and two people of this run's
      const la = (await trainer.getByTestId('allocations').locator('tbody tr td').first().innerText()).trim();
      const laNumber = own.laNumbers[la];
      expect(laNumber).toBeDefined();
      const header = 'full_name,work_email,employing_la,role,status,started_on';
      const amina = `Amina Browser${unique}`;
      const ben = `Ben Browser${unique}`;
      const good = `${amina},amina.${unique}@school.example,${laNumber},senco,active,2026-09-07`;

      /** Posts a file through the cohort page's form and follows the upload's page until it is done. */
      const upload = async (name: string, text: string) => {
        await trainer.goto(`${server.base}${cohortPath}`);
        await trainer
          .getByLabel('Upload enrolments from a file')
          .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
        await go(trainer, 'Upload file', 'button');
        expect(new URL(trainer.url()).pathname).toMatch(new RegExp(`^${cohortPath}/uploads/[0-9a-f-]{36}$`));
        // checked by a job in the server's process: the provider follows the page's Refresh link
        // until it is done (a bounded wait; the page has no timed refresh)
        const until = Date.now() + 60_000;
        for (let seen = 0; (await heading(trainer)) === 'Your upload is being checked' && Date.now() < until; seen++) {
          if (!seen) await checked(trainer, 'an upload being checked');
          await new Promise((r) => setTimeout(r, 250));
          await go(trainer, 'Refresh');
        }
      };

      await upload('enrolments-bad.csv', `${header}\r\n${good}\r\n${ben},ben,${laNumber},senco,enrolled,\r\n`);
      expect(await heading(trainer)).toBe('Nothing was saved');
      await expect(trainer.locator('main').innerText()).resolves.toContain('Nothing was saved. Correct these problems');
      const problems = await trainer.getByTestId('upload-problems').locator('tbody tr').allInnerTexts();
      expect(problems).toHaveLength(1);
      expect(problems[0].split('\t').slice(0, 2)).toEqual(['3', 'work_email']);
      await checked(trainer, 'an upload’s problems by row and column');
      await go(trainer, 'Back to the cohort');
      await expect(trainer.locator('main').innerText()).resolves.toContain('No enrolments you may see.');

      await upload(
        'enrolments.csv',
        `${header}\r\n${good}\r\n${ben},ben.${unique}@school.example,${laNumber},senco,enrolled,\r\n`,
      );
      expect(await heading(trainer)).toBe('Upload saved');
      await expect(trainer.locator('.govuk-panel').innerText()).resolves.toContain('2 enrolments added');
      await checked(trainer, 'an upload saved');
      await go(trainer, 'Back to the cohort');
      const enrolments = await trainer.getByTestId('enrolments').locator('tbody tr').allInnerTexts();
      expect(enrolments.map((r) => r.split('\t').slice(0, 3).join('|')).sort()).toEqual([
        `${amina}|${la}|Active`,
        `${ben}|${la}|Enrolled`,
      ]);
      await expect(trainer.locator('main').innerText()).resolves.toContain('5 (5 allocated, 2 filled)');
      await checked(trainer, 'the cohort with its enrolments');
    });
    await trainer.context().close();
  });

  it('the lead reads training coverage for a period and downloads it as CSV and XLSX', async () => {
    await withFailureScreenshot(lead, 'workforce-coverage', async () => {
      await lead.goto(`${server.base}/workforce`);
      await go(lead, 'Training coverage');
      expect(new URL(lead.url()).pathname).toBe('/workforce/coverage');
      expect(await heading(lead)).toBe('Training coverage');
      await checked(lead, 'training coverage');

      // a date that is not one: refused, naming the field
      await fillDate(lead, 'from', '2026-02-31');
      await go(lead, 'Show coverage', 'button');
      await expect(errorSummary(lead)).resolves.toContain('There is a problem');
      await expect(lead.locator('[data-testid="coverage-period"]').count()).resolves.toBe(0);
      await checked(lead, 'coverage for a date that is not one');

      await fillDate(lead, 'from', '2026-09-01');
      await fillDate(lead, 'to', today());
      await go(lead, 'Show coverage', 'button');
      const url = new URL(lead.url());
      expect(url.searchParams.get('from-year')).toBe('2026');
      await expect(lead.getByTestId('coverage-period').innerText()).resolves.toMatch(/^1 September 2026 to /);
      await expect(lead.getByTestId('coverage-denominator').innerText()).resolves.toMatch(/out of the \d+ settings/);
      const places = await lead.getByTestId('table-places').innerText();
      expect(places).toContain('Funded places');
      const las = await lead.getByTestId('table-places').locator('thead th').allInnerTexts();
      expect(las.length).toBeGreaterThanOrEqual(4);
      await checked(lead, 'coverage for a period');

      const csvHref = await lead.getByRole('link', { name: /^CSV/ }).getAttribute('href');
      const xlsxHref = await lead.getByRole('link', { name: /^XLSX/ }).getAttribute('href');
      expect(csvHref).toMatch(/^\/workforce\/coverage\/download\?format=csv&from=2026-09-01&to=/);
      expect(xlsxHref).toMatch(/^\/workforce\/coverage\/download\?format=xlsx&from=2026-09-01&to=/);
      const csv = await lead.request.get(`${server.base}${csvHref}`);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
      const text = await csv.text();
      expect(text.split(/\r?\n/)[0]).toContain('period_from');
      for (const la of las.slice(1, -1)) expect(text).toContain(la);
      const xlsx = await lead.request.get(`${server.base}${xlsxHref}`);
      expect(xlsx.status()).toBe(200);
      expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(xlsx.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.xlsx"$/);
      // a spreadsheet is a zip
      expect((await xlsx.body()).subarray(0, 2).toString('latin1')).toBe('PK');
    });
    await lead.context().close();
  });
});
