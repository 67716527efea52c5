import { periodOf, previousPeriod } from '@rep-hub/evaluation-domain';
import { schoolToday, UnitOfWork } from '@rep-hub/platform';
import type TestAgent from 'supertest/lib/agent';
import { csrfOf, unique, WebWorld } from '@rep-hub/web-surface/testing';
import { EvaluationWebModule } from './evaluation-web.module';

const last = previousPeriod(periodOf(schoolToday()));

/**
 * The indicator library's pages: the definitions, an indicator's values over time (chart, table,
 * downloads), entering a figure (errors one per field, then saved) and uploading a file (a bad row
 * listed and nothing saved, then the good file landing).
 */
describe('evaluation indicator pages', () => {
  let world: WebWorld;
  let tenantId: string;
  let laId: string;
  const agents: Record<'lead' | 'officer' | 'school', TestAgent> = {} as never;
  const stored = () =>
    world.app
      .get(UnitOfWork)
      .forTenant({ tenantId }, (m) =>
        m.query(
          `SELECT indicator_code, period, numerator::int AS numerator FROM evaluation_submitted_values ORDER BY 1, 2`,
        ),
      ) as Promise<{ indicator_code: string; period: string; numerator: number }[]>;
  async function upload(csv: string) {
    const page = await agents.officer.get('/evaluation/indicators/upload').expect(200);
    return agents.officer
      .post(`/evaluation/indicators/upload?_csrf=${encodeURIComponent(csrfOf(page.text))}`)
      .attach('file', Buffer.from(csv), 'figures.csv');
  }

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [EvaluationWebModule] });
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `evw-${unique()}`, name: `Evaluation pages ${unique()}`, region: 'North West' },
      world.adminId,
    );
    tenantId = tenant.id;
    const la = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Bolton', laNumber: '350', isLead: true },
      world.adminId,
    );
    laId = la.id;
    const school = await o.createOrganisation(
      tenantId,
      { kind: 'school', name: 'Hill Top', urn: '135799', localAuthorityId: laId },
      world.adminId,
    );
    Object.assign(
      agents,
      await world.members(tenantId, [
        ['lead', laId, 'partnership_lead'],
        ['officer', laId, 'la_officer'],
        ['school', school.id, 'setting_staff'],
      ]),
    );
  });
  afterAll(() => world?.close());

  it('lists the library with each definition’s source, unit, direction and version, for members only', async () => {
    const page = await agents.lead.get('/evaluation/indicators').expect(200);
    expect(page.text).toContain('data-testid="indicator-library"');
    expect(page.text).toContain('href="/evaluation/indicators/evaluation.ehcp_20_weeks"');
    expect(page.text).toContain('The LA’s SEN2 return');
    expect(page.text).toContain('Higher is better');
    expect(page.text).not.toContain('href="/evaluation/indicators/submit"');
    await agents.school.get('/evaluation/indicators').expect(403);
  });

  it('enters a figure: each bad field named once in the error summary, then saved and shown on the chart and table', async () => {
    const bad = await world.post(agents.officer, '/evaluation/indicators/submit', '/evaluation/indicators/submit', {
      indicatorCode: 'evaluation.ehcp_20_weeks',
      period: last.code,
      numerator: '12',
      denominator: '10',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('govuk-error-summary');
    expect(bad.text).toContain('href="#denominator"');
    expect(bad.text).toContain('The denominator must be at least the numerator');
    expect(bad.text).toContain('<strong data-testid="entry-la">Bolton</strong>');
    expect(await stored()).toEqual([]);

    const ok = await world.post(agents.officer, '/evaluation/indicators/submit', '/evaluation/indicators/submit', {
      indicatorCode: 'evaluation.ehcp_20_weeks',
      period: last.code,
      numerator: '9',
      denominator: '12',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers['location']).toBe('/evaluation/indicators/evaluation.ehcp_20_weeks');
    expect(await stored()).toEqual([{ indicator_code: 'evaluation.ehcp_20_weeks', period: last.code, numerator: 9 }]);

    const page = await agents.lead.get('/evaluation/indicators/evaluation.ehcp_20_weeks').expect(200);
    expect(page.text).toMatch(/<svg [^>]*role="img"/);
    expect(page.text).toContain(`${last.name}: 75%`);
    expect(page.text).toContain('data-testid="table-values"');
    const csv = await agents.lead
      .get('/evaluation/indicators/evaluation.ehcp_20_weeks/download?format=csv')
      .expect(200);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="indicator-evaluation-ehcp_20_weeks-.*\.csv"$/,
    );
    expect(csv.text).toContain(`${last.code},${last.name},Bolton,9,12,75,percentage`);
    const xlsx = await agents.lead
      .get('/evaluation/indicators/evaluation.ehcp_20_weeks/download?format=xlsx')
      .expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    await agents.lead.get('/evaluation/indicators/evaluation.nothing').expect(404);
  });

  it('uploads a file: a bad row listed and nothing saved, then the good file lands with its count', async () => {
    const template = await agents.officer.get('/evaluation/indicators/template').expect(200);
    expect(template.text.split('\r\n')[0]).toBe('la_number,indicator_code,period,numerator,denominator');
    const before = await stored();
    const header = 'la_number,indicator_code,period,numerator,denominator';
    const bad = await upload(
      `${header}\n350,evaluation.suspensions_sen,${last.code},40,\n350,evaluation.mediation_cases,${last.code},x,\n`,
    );
    expect(bad.status).toBe(303);
    const listed = await agents.officer.get('/evaluation/indicators/upload').expect(400);
    expect(listed.text).toContain('data-testid="row-errors"');
    expect(listed.text).toContain('The numerator must be a whole number, 0 or more');
    expect(listed.text).toContain('Nothing was saved');
    expect(await stored()).toEqual(before);

    const good = await upload(
      `${header}\n350,evaluation.suspensions_sen,${last.code},40,\n350,evaluation.mediation_cases,${last.code},6,\n`,
    );
    expect(good.status).toBe(303);
    const done = await agents.officer.get('/evaluation/indicators/upload').expect(200);
    expect(done.text).toContain('Figures uploaded');
    expect(done.text).toContain('2 figures saved');
    expect((await stored()).length).toBe(before.length + 2);
  });
});
