import { publishTestRelease, TestFigure } from '@rep-hub/national-domain/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { parsePeriod } from '@rep-hub/reference';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { NationalWebModule } from './national-web.module';

const P1 = parsePeriod('2014-15-summer')!;
const PCT = `odweb${unique().replace(/-/g, '')}.within_20_weeks`;

/**
 * Open data as pages, signed out, in process on real PostgreSQL: the list of releases with the
 * symbol key and the links to the dashboard and plans, a corrected release with what changed and
 * why, its earlier version, the downloads as page routes, cacheable only signed out.
 */
describe('open data pages (no sign-in)', () => {
  let world: WebWorld;
  const A = randomUUID();
  const ids: string[] = [];
  const pct = (numerator: number | null, denominator: number | null, value: number | null, la = false): TestFigure => ({
    indicatorCode: PCT,
    indicatorName: 'EHC plans within 20 weeks',
    unit: 'percentage',
    numerator,
    denominator,
    value,
    ...(la ? { level: 'local_authority', laNumber: '353', gssCode: 'E08000004', laName: 'Oldham' } : {}),
  });

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [NationalWebModule] });
    const uow = world.app.get(UnitOfWork);
    const name = `Open <pages> & partnership ${unique()}`;
    ids.push(
      await uow.forPlatform(null, (m) =>
        publishTestRelease(m, {
          partnershipId: A,
          partnershipName: name,
          period: P1,
          figures: [pct(40, 100, 40), pct(null, null, null, true)],
        }),
      ),
    );
    ids.push(
      await uow.forPlatform(null, (m) =>
        publishTestRelease(m, {
          partnershipId: A,
          partnershipName: name,
          period: P1,
          version: 2,
          replacesVersion: 1,
          correctionReason: 'Oldham’s figures arrived late',
          figures: [pct(50, 100, 50), pct(null, null, null, true)],
        }),
      ),
    );
  });
  afterAll(() => world?.close());

  const get = (url: string) => request(world.app.getHttpServer()).get(url);

  it('lists every release version by term to a visitor signed out, with the symbols and the public area’s links, cacheable', async () => {
    const res = await get('/open-data');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['vary']).toMatch(/Cookie/);
    expect(res.text).toContain(`data-testid="releases-${P1.code}"`);
    expect(res.text).toContain(`href="/open-data/releases/${ids[0]}"`);
    expect(res.text).toContain(`href="/open-data/releases/${ids[1]}"`);
    expect(res.text).toContain('Open &lt;pages&gt; &amp; partnership');
    expect(res.text).not.toContain('Open <pages>');
    expect(res.text).toContain('Replaced by a later version');
    expect(res.text).toContain('href="/inclusion-dashboard"');
    expect(res.text).toContain('href="/inclusion-plans"');
    expect(res.text).toContain('Suppressed (confidential)');
  });

  it('shows a correction: what changed and why, its figures with symbols, its versions, its files and method note', async () => {
    const res = await get(`/open-data/releases/${ids[1]}`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.text).toContain('What changed');
    expect(res.text).toContain('The reason given: Oldham’s figures arrived late');
    const changed = res.text.slice(res.text.indexOf('data-testid="what-changed"'));
    expect(changed).toContain('40% (40 of 100)');
    expect(changed).toContain('50% (50 of 100)');
    // Oldham's figure did not change: it is not listed
    expect(changed.slice(0, changed.indexOf('</table>'))).not.toContain('Oldham');
    const figures = res.text.slice(res.text.indexOf('data-testid="figures"'));
    expect(figures.slice(0, figures.indexOf('</table>'))).toContain('Suppressed (confidential) [c]');
    for (const f of ['data.csv', 'metadata.csv', 'method.txt'])
      expect(res.text).toContain(`href="/open-data/releases/${ids[1]}/${f}"`);
    expect(res.text).toContain(`href="/open-data/releases/${ids[0]}"`);
    expect(res.text).toContain('Counts from 1 to 4 are suppressed');
    const earlier = await get(`/open-data/releases/${ids[0]}`);
    expect(earlier.text).toContain('A later version corrects this one.');
    expect(earlier.text).not.toContain('id="what-changed"');
  });

  it('downloads the files from page routes, cacheable, with an ETag', async () => {
    const res = await get(`/open-data/releases/${ids[0]}/data.csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="rep-hub-open-data-2014-15-summer-/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.text).toContain(',percentage,,,c,1\r\n');
    expect((await get(`/open-data/releases/${ids[0]}/data.csv`).set('If-None-Match', res.headers['etag'])).status).toBe(
      304,
    );
    expect((await get(`/open-data/releases/${ids[0]}/metadata.csv`)).text).toMatch(/^col_name,col_type,label,/);
  });

  it('is not kept by a cache when signed in, and answers 404 or 400 as a page, never 500', async () => {
    const board = (await world.ensureBoardMember('odweb-board')).agent;
    const signedIn = await board.get('/open-data');
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('no-store');
    const unknown = await get(`/open-data/releases/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/text\/html/);
    expect((await get('/open-data/releases/%27%3Bselect%201')).status).toBe(400);
    expect((await get(`/open-data/releases/${randomUUID()}/data.csv`)).status).toBe(404);
  });
});

describe('open data pages: limited per address, as every public page is', () => {
  let world: WebWorld;
  beforeAll(async () => {
    world = await WebWorld.start({ modules: [NationalWebModule], env: { PUBLIC_PAGES_PER_MINUTE: '10' } });
  });
  afterAll(() => world?.close());

  it('answers 429 with Retry-After once an address has asked for more public pages in a minute than the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await request(world.app.getHttpServer()).get('/open-data')).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    const over = await request(world.app.getHttpServer()).get('/open-data');
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.text).toContain('Too many attempts');
  });
});
