import type TestAgent from 'supertest/lib/agent';
import { ProgrammeFixture, publishProgramme } from '@rep-hub/national-domain/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { NationalWebModule } from './national-web.module';

/** A table's rows as text, cells joined by " | " (tags and markup dropped). */
function rowsOf(html: string): string[] {
  return [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)]
      .map((c) =>
        c[1]
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .join(' | '),
  );
}

/**
 * The National Board's exceptions and reforms pages over HTTP, as a browser without JavaScript
 * uses them: the board's navigation and home tasks, the exceptions of two partnerships for a
 * term (the latest version only, RAG tags, commentary), a term that is no term named in the error
 * summary, the reforms by LA with findings; a partnership's lead gets 403.
 */
describe('National Board pages: exceptions and reforms', () => {
  let world: WebWorld;
  let board: TestAgent;
  let lead: TestAgent;
  let fx: ProgrammeFixture;

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [NationalWebModule] });
    board = (await world.ensureBoardMember('npw-board')).agent;
    const tenant = await world.onboarding.createTenant(
      { slug: `npw-${unique()}`, name: `National pages partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    const la = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Bolton', laNumber: '350', isLead: true },
      world.adminId,
    );
    ({ lead } = await world.members(tenant.id, [['lead', la.id, 'partnership_lead']]));
    fx = await world.app.get(UnitOfWork).forPlatform(null, (m) => publishProgramme(m));
  });
  afterAll(() => world?.close());

  it('gives the board its navigation and home tasks for exceptions and reforms', async () => {
    const home = await board.get('/').expect(200);
    for (const href of ['/national/exceptions', '/national/reforms'])
      expect([href, home.text.includes(`href="${href}"`)]).toEqual([href, true]);
    expect(home.text).toContain('Exceptions across partnerships');
    expect(home.text).toContain('Reforms across the programme');
  });

  it('shows each partnership’s RAG counts and exceptions with commentary for the term chosen, latest version only', async () => {
    const page = await board.get('/national/exceptions?period=2025-26-summer').expect(200);
    expect(page.text.match(/<h1/g)).toHaveLength(1);
    expect(page.text).toMatch(/<option value="2025-26-summer" selected>/);
    const rows = rowsOf(page.text);
    expect(rows).toContain(`${fx.a.name} | 1 | 1 | 0 | 2 (a correction)`);
    expect(rows).toContain(`${fx.b.name} | 1 | 0 | 1 | 1`);
    expect(rows).toContain(`EHC plans within 20 weeks | Red | Pat Owner | ${fx.shown}`);
    expect(rows).toContain(
      `Suspensions of pupils with SEN | Red | Kim Owner | Suspensions rose in one school ${fx.shown.split(' ').pop()}`,
    );
    expect(page.text).toContain('<strong class="govuk-tag govuk-tag--red">Red</strong>');
    expect(page.text).not.toContain(fx.superseded);
    expect(page.text).toMatch(/<caption class="govuk-table__caption[^"]*">Indicators rated red, amber and green/);
    // the spring term: A's all-green release, and no B
    const spring = await board.get('/national/exceptions?period=2025-26-spring').expect(200);
    expect(rowsOf(spring.text)).toContain(`${fx.a.name} | 0 | 0 | 2 | 1`);
    expect(spring.text).not.toContain(fx.b.name);
  });

  it('names a term that is no term in the error summary, with a 400, and still shows the page', async () => {
    const page = await board.get('/national/exceptions?period=next-summer').expect(400);
    expect(page.text).toContain('govuk-error-summary');
    expect(page.text).toContain('href="#period"');
    expect(page.text).toContain('Choose a term, written like 2025-26-autumn');
    expect(page.text).toContain('<title>Error: Exceptions across partnerships');
  });

  it('shows each reform with its LAs’ statuses across partnerships and the findings sent', async () => {
    const page = await board.get('/national/reforms').expect(200);
    const rows = rowsOf(page.text);
    expect(rows).toContain(
      `${fx.a.name} as at Summer term 2025 to 2026 | Lancashire | Paused | 1 February 2026 | The mediation contract ended.`,
    );
    expect(rows).toContain(
      `${fx.b.name} as at Summer term 2025 to 2026 | Kent | Stopped | 1 February 2026 | No provider.`,
    );
    // A's spring release (mediation planned in Lancashire) is not its newest
    expect(rows.filter((r) => r.startsWith(fx.a.name) && r.includes('Planned'))).toEqual([]);
    expect(page.text).toContain('Decisions take 5.5 weeks');
    expect(page.text).toContain('Half term: 5.5 weeks on average.');
    expect(page.text).toMatch(
      /<caption class="govuk-table__caption[^"]*">Mediation: status in each local authority<\/caption>/,
    );
  });

  it('refuses a partnership’s lead both pages (403) and gives them no board navigation', async () => {
    for (const path of ['/national/exceptions', '/national/reforms'])
      expect([path, (await lead.get(path)).status]).toEqual([path, 403]);
    const home = await lead.get('/').expect(200);
    expect(home.text).not.toContain('href="/national/exceptions"');
  });
});
