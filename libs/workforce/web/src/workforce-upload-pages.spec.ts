import type TestAgent from 'supertest/lib/agent';
import { UnitOfWork } from '@rep-hub/platform';
import { EnrolmentUploadLoader } from '@rep-hub/workforce-domain';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { WorkforceWebModule } from './workforce-web.module';

type Who = 'workforce' | 'trainer';

const HEADER = 'full_name,work_email,employing_la,role,status,started_on';

/**
 * The provider's bulk upload pages without JavaScript: the form on the cohort's page with the
 * templates, a file with a bad row followed to its problems by row and column (nothing saved),
 * then the good file followed to what it saved; the lead has no upload form.
 */
describe('workforce upload pages', () => {
  let world: WebWorld;
  let tenantId: string;
  let laId: string;
  let providerId: string;
  let cohortUrl = '';
  const agents = {} as Record<Who, TestAgent>;

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [WorkforceWebModule] });
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `wfup-${unique()}`, name: `Workforce upload partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    tenantId = tenant.id;
    const org = (x: Parameters<typeof o.createOrganisation>[1]) => o.createOrganisation(tenant.id, x, world.adminId);
    laId = (await org({ kind: 'local_authority', name: 'Bolton', laNumber: '350', isLead: true })).id;
    providerId = (await org({ kind: 'training_provider', name: 'Northern Training' })).id;
    Object.assign(
      agents,
      await world.members(tenant.id, [
        ['workforce', laId, 'workforce_lead'],
        ['trainer', providerId, 'training_provider_staff'],
      ]),
    );
    const form = await agents.workforce.get('/workforce/cohorts/new').expect(200);
    const npq = /<option value="([0-9a-f-]{36})"[^>]*>NPQ for SENCOs<\/option>/.exec(form.text)![1];
    const made = await world.post(agents.workforce, '/workforce/cohorts/new', '/workforce/cohorts/new', {
      programmeId: npq,
      providerId,
      name: 'NPQ upload cohort',
      intakeYear: '2026',
      intakeTerm: 'autumn',
      'startsOn-day': '5',
      'startsOn-month': '10',
      'startsOn-year': '2026',
      'endsOn-day': '30',
      'endsOn-month': '6',
      'endsOn-year': '2028',
      fundedPlaces: '5',
    });
    cohortUrl = made.headers['location'];
    expect(
      (await world.post(agents.workforce, cohortUrl, `${cohortUrl}/allocations`, { laId, places: '5' })).status,
    ).toBe(303);
  });
  afterAll(() => world?.close());

  /** Posts a file through the cohort page's form (its action carries the CSRF token) and runs the upload's job. */
  async function upload(text: string): Promise<string> {
    const page = await agents.trainer.get(cohortUrl).expect(200);
    const action = /<form method="post" action="([^"]+\/uploads\?[^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    const res = await agents.trainer.post(action).attach('file', Buffer.from(text, 'utf8'), 'enrolments.csv');
    expect(res.status).toBe(303);
    const follow = res.headers['location'] as string;
    const queued = await agents.trainer.get(follow).expect(200);
    // followed by its Refresh link, never a timed refresh (WCAG 2.2.1)
    expect(queued.text).not.toContain('http-equiv="refresh"');
    expect(queued.text).toContain(`<a class="govuk-link" href="${follow}">Refresh</a> this page`);
    await world.app.get(EnrolmentUploadLoader).load(tenantId, follow.split('/').pop()!, null);
    return follow;
  }
  const enrolments = async () =>
    (
      (await world.app
        .get(UnitOfWork)
        .forTenant({ tenantId, laIds: [laId] }, (m) =>
          m.query(`SELECT count(*)::int AS n FROM workforce_enrolments WHERE tenant_id = $1`, [tenantId]),
        )) as { n: number }[]
    )[0].n;

  it('offers the provider the upload form and the templates; the lead has no form', async () => {
    const page = await agents.trainer.get(cohortUrl).expect(200);
    expect(page.text).toContain('enctype="multipart/form-data"');
    // the LAs whose participants it may enrol: each one's places, read only
    expect(page.text).toMatch(
      /<td class="govuk-table__cell">Bolton<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">5<\/td>/,
    );
    expect(page.text).not.toContain('/allocations"');
    expect(page.text).toContain('href="/workforce/upload-template.xlsx"');
    const csv = await agents.trainer.get('/workforce/upload-template.csv').expect(200);
    expect(csv.headers['content-disposition']).toContain('workforce-enrolments-template.csv');
    expect((await agents.workforce.get(cohortUrl).expect(200)).text).not.toContain('enctype="multipart/form-data"');
    await agents.workforce.get('/workforce/upload-template.csv').expect(403);
  });

  it('follows a file with a bad row to its problems by row and column, saving nothing; then the good file saves every row', async () => {
    const bad = await upload(
      `${HEADER}\r\nAmina Shah,amina@school.example,350,senco,active,2026-10-06\r\nBen Cole,ben,350,senco,active,\r\n`,
    );
    const problems = await agents.trainer.get(bad).expect(200);
    expect(problems.text).toContain('Nothing was saved');
    expect(problems.text).not.toContain('>Refresh</a>');
    expect(problems.text).toMatch(
      /<td class="govuk-table__cell">3<\/td>\s*<td class="govuk-table__cell">work_email<\/td>/,
    );
    expect(await enrolments()).toBe(0);
    const good = await upload(
      `${HEADER}\r\nAmina Shah,amina@school.example,350,senco,active,2026-10-06\r\nBen Cole,ben.cole@school.example,350,senco,active,\r\n`,
    );
    const saved = await agents.trainer.get(good).expect(200);
    expect(saved.text).toContain('Every row was saved');
    // the page's one heading is its title; the panel's is a level below
    expect(saved.text.match(/<h1\b/g)).toHaveLength(1);
    expect(saved.text).toContain('2 enrolments added');
    expect(await enrolments()).toBe(2);
  });

  it('names a file that cannot be read, or too large, on the cohort’s page, never at the upload’s address', async () => {
    const page = await agents.trainer.get(cohortUrl).expect(200);
    const action = /<form method="post" action="([^"]+\/uploads\?[^"]+)"/.exec(page.text)![1].replace(/&amp;/g, '&');
    // the upload's address carries the CSRF token: the browser is sent away from it, to the cohort's page
    for (const [file, said] of [
      [Buffer.from('name,email\r\nA,b\r\n'), 'The first row must have a column named full_name'],
      [Buffer.alloc(16 * 1024 * 1024 + 1, 'a'), 'The file is larger than 16 MB: split it into smaller files'],
    ] as const) {
      const res = await agents.trainer.post(action).attach('file', file, 'wrong.csv');
      expect([res.status, res.headers['location']]).toEqual([303, cohortUrl]);
      const told = await agents.trainer.get(cohortUrl).expect(400);
      expect(told.text).toContain('There is a problem');
      expect(told.text).toContain(said);
      expect(told.text).toContain('href="#file"');
      // once
      expect((await agents.trainer.get(cohortUrl).expect(200)).text).not.toContain(said);
    }
  });
});
