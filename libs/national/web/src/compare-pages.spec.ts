import { publishTestRelease, TestFigure } from '@rep-hub/national-domain/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { parsePeriod } from '@rep-hub/reference';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { NationalWebModule } from './national-web.module';

const P1 = parsePeriod('2012-13-spring')!;
const P2 = parsePeriod('2012-13-summer')!;
const tag = `ncmpw${unique().replace(/-/g, '')}`;
const PCT = `${tag}.within_20_weeks`;

/**
 * Compare partnerships as pages, in process on real PostgreSQL: the board's overview, the GET
 * form that works with JavaScript off, an indicator's chart followed by its table and ranking,
 * the drill-down to local authorities and the returns; a partnership's lead is refused.
 */
describe('National Board: compare partnerships pages', () => {
  let world: WebWorld;
  let board: TestAgent;
  let lead: TestAgent;
  const A = randomUUID();
  const B = randomUUID();

  const publish = (partnershipId: string, name: string, period: typeof P1, figures: TestFigure[]) =>
    world.app
      .get(UnitOfWork)
      .forPlatform(null, (m) => publishTestRelease(m, { partnershipId, partnershipName: name, period, figures }));
  const pct = (numerator: number | null, denominator: number | null, value: number | null): TestFigure => ({
    indicatorCode: PCT,
    indicatorName: 'EHC plans within 20 weeks',
    unit: 'percentage',
    numerator,
    denominator,
    value,
  });

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [NationalWebModule] });
    board = (await world.ensureBoardMember('ncmp-board')).agent;
    const tenant = await world.onboarding.createTenant(
      { slug: `ncmp-${unique()}`, name: `Compare pages partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    const la = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Compare LA', laNumber: '882', isLead: true },
      world.adminId,
    );
    ({ lead } = await world.members(tenant.id, [['lead', la.id, 'partnership_lead']]));

    await publish(A, 'Alpha & Co partnership', P1, [
      pct(160, 200, 80),
      {
        ...pct(null, null, null),
        level: 'local_authority',
        laNumber: '352',
        gssCode: 'E08000003',
        laName: 'Manchester',
      },
    ]);
    await publish(A, 'Alpha & Co partnership', P2, [pct(90, 300, 30)]);
    await publish(B, 'Beta partnership', P1, [pct(500, 1000, 50)]);
    await publish(B, 'Beta partnership', P2, [pct(null, null, null)]);
  });
  afterAll(() => world?.close());

  it('shows the board its overview, with the home task and navigation entry in place of the placeholder', async () => {
    const home = await board.get('/').expect(200);
    expect(home.text).toContain('href="/national/compare"');
    expect(home.text).not.toContain('Coming soon');
    const page = await board.get('/national').expect(200);
    expect(page.text).toContain('data-testid="returns-summary"');
    expect(page.text).toContain(`href="/national/compare/${PCT}"`);
  });

  it('chooses an indicator and partnerships with a GET form, naming what is missing', async () => {
    const form = await board.get('/national/compare').expect(200);
    expect(form.text).toMatch(/<form method="get" action="\/national\/compare"/);
    expect(form.text).toContain(`value="${PCT}"`);
    const none = await board.get('/national/compare?submitted=1').expect(400);
    expect(none.text).toContain('href="#indicatorCode"');
    const one = await board.get(`/national/compare?submitted=1&indicatorCode=${PCT}&partnership=${A}`).expect(400);
    expect(one.text).toContain('Choose two or more partnerships');
    const go = await board
      .get(`/national/compare?submitted=1&indicatorCode=${PCT}&partnership=${A}&partnership=${B}`)
      .expect(303);
    expect(go.headers['location']).toBe(`/national/compare/${PCT}?partnership=${A}&partnership=${B}`);
  });

  it('draws the chart followed by its table and the ranking with its caveats; a suppressed figure is never a number', async () => {
    const page = await board.get(`/national/compare/${PCT}?partnership=${A}&partnership=${B}`).expect(200);
    const html = page.text;
    const chart = /<figure[^>]*data-testid="chart-compare">([\s\S]*?)<\/figure>/.exec(html)![1];
    expect(chart).toMatch(/<svg [^>]*role="img" aria-labelledby="compare-chart-title compare-chart-desc"/);
    expect(chart).toContain('<title id="compare-chart-title">EHC plans within 20 weeks, by term');
    expect(chart).toContain('<desc id="compare-chart-desc">');
    expect(html.indexOf('data-testid="table-compare"')).toBeGreaterThan(html.indexOf('data-testid="chart-compare"'));
    const table = /<table[^>]*data-testid="table-compare"[\s\S]*?<\/table>/.exec(html)![0];
    expect(table).toContain('<caption');
    expect(table).toContain('Alpha &amp; Co partnership');
    expect(table).toContain('80%');
    expect(table).toContain('Suppressed (confidential) [c]');
    // national for P1: 660 / 1200 = 55%
    expect(table).toContain('55%');
    expect(html).toContain('data-testid="caveats"');
    expect(html).toContain('Wilson');
    // ranking of the latest term: Beta suppressed; Alpha's drill-down link for that term
    const ranking = /<table[^>]*data-testid="ranking"[\s\S]*?<\/table>/.exec(html)![0];
    expect(ranking).toContain('Suppressed');
    expect(ranking).toContain(`href="/national/compare/${PCT}/${A}?period=${P2.code}"`);
    // govukTable's markup, named by its caption, in a scroll region of the same name
    const rankingCaption = `${P2.name}: partnerships against the national figure`;
    expect(html).toContain(`role="region" aria-label="${rankingCaption}"`);
    expect(ranking).toContain(
      `<caption class="govuk-table__caption govuk-table__caption--s">${rankingCaption}</caption>`,
    );
    expect(ranking).toContain(
      '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Percentage</th>',
    );
    expect(ranking).toContain('<th scope="row" class="govuk-table__header">Alpha &amp; Co partnership</th>');
    // another term's ranking by a link: P1, Alpha above and Beta below
    const p1 = await board.get(`/national/compare/${PCT}?period=${P1.code}`).expect(200);
    const r1 = /<table[^>]*data-testid="ranking"[\s\S]*?<\/table>/.exec(p1.text)![0];
    expect(r1).toContain('Above the national figure');
    expect(r1).toContain('Below the national figure');
    // a bad term is named, and its field is on the page (the terms form, JavaScript off)
    const bad = await board.get(`/national/compare/${PCT}?from=winter`).expect(400);
    expect(bad.text).toContain('href="#from"');
    expect(bad.text).toMatch(/<select class="govuk-select govuk-select--error" id="from" name="from"/);
    expect(html).toContain('data-testid="terms-form"');
    await board.get(`/national/compare/${tag}.nothing`).expect(404);
  });

  it('drills down to a partnership’s local authorities, a withheld figure as its meaning', async () => {
    const page = await board.get(`/national/compare/${PCT}/${A}?period=${P1.code}`).expect(200);
    const table = /<table[^>]*data-testid="local-authorities"[\s\S]*?<\/table>/.exec(page.text)![0];
    expect(table).toContain('Manchester');
    expect(table).toContain('Suppressed (confidential) [c]');
    const beta = await board.get(`/national/compare/${PCT}/${B}?period=${P1.code}`).expect(200);
    expect(beta.text).toContain('data-testid="no-local-authorities"');
  });

  it('shows the returns of a term, each partnership late or on time', async () => {
    const page = await board.get(`/national/returns?period=${P1.code}`).expect(200);
    const table = /<table[^>]*data-testid="returns"[\s\S]*?<\/table>/.exec(page.text)![0];
    expect(table).toContain('Alpha &amp; Co partnership');
    expect(table).toContain('Late');
    await board.get('/national/returns?period=autumn').expect(400);
  });

  it('refuses a partnership’s lead every page', async () => {
    for (const url of [
      '/national',
      '/national/compare',
      `/national/compare/${PCT}`,
      `/national/compare/${PCT}/${A}`,
      '/national/returns',
    ])
      expect((await lead.get(url)).status).toBe(403);
  });
});
