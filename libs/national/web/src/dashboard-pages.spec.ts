import { publishTestRelease, TestFigure } from '@rep-hub/national-domain/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { parsePeriod } from '@rep-hub/reference';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { NationalWebModule } from './national-web.module';

const P1 = parsePeriod('2013-14-spring')!;
const P2 = parsePeriod('2013-14-summer')!;
const tag = `ndashw${unique().replace(/-/g, '')}`;
const PCT = `${tag}.within_20_weeks`;
const GSS = `E0${String(Date.now()).slice(-7)}`;

/**
 * The public inclusion dashboard as pages, in process on real PostgreSQL, signed out: the home
 * with the indicators and the places to choose, an indicator's meaning, chart and tables per term
 * (a withheld figure as its symbol's meaning, the key), a partnership's and an LA's pages, cache
 * headers only as seen signed out, and a bad or unknown address answered with a page not found.
 */
describe('the public inclusion dashboard pages', () => {
  let world: WebWorld;
  const A = randomUUID();
  const anon = () => request(world.app.getHttpServer());

  const publish = (period: typeof P1, figures: TestFigure[], version = 1) =>
    world.app.get(UnitOfWork).forPlatform(null, (m) =>
      publishTestRelease(m, {
        partnershipId: A,
        partnershipName: `Alder & Oak ${tag}`,
        period,
        version,
        replacesVersion: version > 1 ? version - 1 : null,
        correctionReason: version > 1 ? 'Corrected' : null,
        figures,
      }),
    );
  const pct = (numerator: number | null, denominator: number, value: number | null, la = false): TestFigure => ({
    indicatorCode: PCT,
    indicatorName: 'Plans within 20 weeks',
    unit: 'percentage',
    numerator,
    denominator,
    value,
    ...(la ? { level: 'local_authority' as const, laNumber: '871', gssCode: GSS, laName: 'Westbrook' } : {}),
  });

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [NationalWebModule] });
    await publish(P1, [pct(20, 40, 50), pct(20, 40, 50, true)]);
    await publish(P2, [pct(30, 40, 75), pct(null, 40, null, true)]);
  });
  afterAll(() => world?.close());

  it('shows the home to a visitor with no sign-in: the indicators, the partnerships and LAs, open data and plans', async () => {
    const r = await anon().get('/inclusion-dashboard');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    expect(r.headers['vary']).toMatch(/Cookie/);
    expect(r.text).toContain('<h1 class="govuk-heading-xl">Inclusion dashboard</h1>');
    expect(r.text).toContain(`href="/inclusion-dashboard/indicators/${PCT}"`);
    expect(r.text).toContain(`href="/inclusion-dashboard/partnerships/${A}"`);
    expect(r.text).toContain(`href="/inclusion-dashboard/local-authorities/${GSS}"`);
    expect(r.text).toContain('Alder &amp; Oak');
    expect(r.text).toContain('href="/open-data"');
    expect(r.text).toContain('href="/inclusion-plans"');
    expect(r.text).toContain('not official statistics');
  });

  it('shows an indicator: its meaning and caveats, the chart with its table, a table per term with LAs under each partnership', async () => {
    const r = await anon().get(`/inclusion-dashboard/indicators/${PCT}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<h1 class="govuk-heading-l">Plans within 20 weeks</h1>');
    expect(r.text).toContain('data-testid="caveats"');
    expect(r.text).toContain('REP Hub has no description of this indicator');
    // the chart, named by its title, then the table of the same figures
    expect(r.text).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="dashboard-indicator-title/);
    expect(r.text.indexOf('<svg')).toBeLessThan(r.text.indexOf('data-testid="dashboard-chart-table"'));
    // a table per term, newest first; the withheld LA figure is its symbol's meaning, never a number
    const summer = r.text.indexOf(`<h2 class="govuk-heading-m">${P2.name}</h2>`);
    const spring = r.text.indexOf(`<h2 class="govuk-heading-m">${P1.name}</h2>`);
    expect(summer).toBeGreaterThan(0);
    expect(spring).toBeGreaterThan(summer);
    const summerTable = r.text.slice(summer, spring);
    expect(summerTable).toContain('Westbrook');
    expect(summerTable).toContain('Suppressed (confidential) [c]');
    expect(summerTable).toContain('75%');
    expect(r.text).toContain('data-testid="symbols-key"');
  });

  it('shows a partnership’s and an LA’s indicators over time, each with the other and the national figure', async () => {
    const p = await anon().get(`/inclusion-dashboard/partnerships/${A.toUpperCase()}`);
    expect(p.status).toBe(200);
    expect(p.text).toContain(`Alder &amp; Oak ${tag}</h1>`);
    expect(p.text).toContain(`href="/inclusion-dashboard/local-authorities/${GSS}"`);
    expect(p.text).toContain('href="/inclusion-plans"');
    expect(p.text).toContain('data-testid="dashboard-chart-1-table"');
    const la = await anon().get(`/inclusion-dashboard/local-authorities/${GSS}`);
    expect(la.status).toBe(200);
    expect(la.text).toContain('Westbrook</h1>');
    expect(la.text).toContain(`href="/inclusion-dashboard/partnerships/${A}"`);
    const table = la.text.slice(la.text.indexOf('data-testid="dashboard-chart-1-table"'));
    expect(table).toContain('National figure');
    expect(table).toContain('Suppressed (confidential) [c]');
  });

  it('is not kept by caches when someone is signed in', async () => {
    const agent = await world.signIn(world.adminEmail);
    const r = await agent.get('/inclusion-dashboard');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).not.toMatch(/public/);
  });

  it('answers a bad or unknown address with a page not found', async () => {
    for (const path of [
      '/inclusion-dashboard/indicators/NOT%20A%20CODE',
      `/inclusion-dashboard/indicators/${tag}.nothing`,
      '/inclusion-dashboard/partnerships/not-an-id',
      `/inclusion-dashboard/partnerships/${randomUUID()}`,
      '/inclusion-dashboard/local-authorities/X1',
      '/inclusion-dashboard/local-authorities/E99999998',
    ]) {
      const r = await anon().get(path);
      expect([path, r.status]).toEqual([path, 404]);
      expect(r.text).toContain('Page not found');
    }
  });
});
