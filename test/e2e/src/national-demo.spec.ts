import { ApiWorld } from '@rep-hub/api-surface/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { workerDatabase } from '@rep-hub/platform/testing';
import { DemoSeeder } from '@rep-hub/tenancy';
import { PRODUCT_API_MODULES } from './product';

interface Release {
  partnership: string;
  period: string;
  due: string | null;
  exceptions: { rag: string; owner: string | null; commentary: string }[];
  reforms: number;
  findings: number;
  figures: string;
}

/**
 * What the National Board has to read on the demo (issue 23): the whole product's demo seed, then
 * the national schema as the board role. Each demo partnership has sent and published at least
 * three terms, each with its figures (not the same every term), its due date, an exception with
 * its owner and commentary, its reform register and its test and learn findings.
 */
describe('the demo, as the National Board reads it', () => {
  let world: ApiWorld;
  let releases: Release[];

  beforeAll(async () => {
    // a database of its own, as the examples' suite has: the demo seed writes to the demo partnerships
    const db = await workerDatabase('nationaldemo');
    world = await ApiWorld.start({ modules: PRODUCT_API_MODULES, env: { APP_DATABASE_URL: db.appUrl } });
    await world.app.get(DemoSeeder).seed();
    releases = await world.app.get(UnitOfWork).forBoard((m) =>
      m.query(
        `SELECT r.partnership_name AS partnership, r.period_code AS period, r.due_on::text AS due,
                coalesce((SELECT json_agg(json_build_object('rag', g.rag, 'owner', g.owner_name, 'commentary', g.commentary))
                            FROM national.release_ratings g WHERE g.release_id = r.id AND g.exception), '[]') AS exceptions,
                (SELECT count(*)::int FROM national.release_reforms x WHERE x.release_id = r.id) AS reforms,
                (SELECT count(*)::int FROM national.release_findings x WHERE x.release_id = r.id) AS findings,
                (SELECT string_agg(coalesce(f.value::text, f.symbol), ',' ORDER BY f.indicator_code, f.la_number NULLS FIRST)
                   FROM national.release_figures f WHERE f.release_id = r.id) AS figures
           FROM national.releases r
          WHERE r.partnership_name LIKE '%(demo)'
            AND r.release_version = (SELECT max(v.release_version) FROM national.releases v
                                      WHERE v.partnership_id = r.partnership_id AND v.period_code = r.period_code)
          ORDER BY r.partnership_name, r.period_from`,
      ),
    );
  });
  afterAll(() => world?.close());

  it('has each demo partnership’s returns of at least three terms published, each with an exception and its commentary', () => {
    const partnerships = [...new Set(releases.map((r) => r.partnership))];
    expect(partnerships.length).toBeGreaterThanOrEqual(2);
    for (const p of partnerships) {
      const own = releases.filter((r) => r.partnership === p);
      expect([p, own.length >= 3]).toEqual([p, true]);
      for (const r of own) {
        expect([p, r.period, r.exceptions.length]).toEqual([p, r.period, 1]);
        expect(r.exceptions[0]).toMatchObject({
          rag: 'red',
          owner: expect.any(String),
          commentary: expect.any(String),
        });
        expect(r.exceptions[0].commentary.length).toBeGreaterThan(10);
        expect([p, r.period, r.due !== null, r.reforms > 0, r.findings >= 1]).toEqual([p, r.period, true, true, true]);
      }
      // the figures and the exceptions change from term to term
      expect(new Set(own.map((r) => r.figures)).size).toBe(own.length);
      expect(new Set(own.map((r) => r.exceptions[0].commentary)).size).toBeGreaterThan(1);
    }
  });

  it('has a corrected release in open data, saying why and what changed', async () => {
    const list = await world.http.get('/api/v1/public/open-data/releases');
    expect(list.status).toBe(200);
    const corrections = (
      list.body.items as { id: string; version: number; correctionReason: string | null; partnershipName: string }[]
    ).filter((r) => r.version > 1 && r.partnershipName.endsWith('(demo)'));
    expect(corrections.length).toBeGreaterThanOrEqual(1);
    const r = await world.http.get(`/api/v1/public/open-data/releases/${corrections[0].id}`);
    expect(r.body.changes.reason).toContain('uploaded late');
    expect(
      r.body.changes.items.map((c: { indicatorCode: string; change: string }) => [c.indicatorCode, c.change]),
    ).toEqual([
      ['evaluation.ehc_assessment_requests', 'changed'],
      ['evaluation.ehc_assessment_requests', 'changed'],
    ]);
    expect(r.body.changes.items[0].after.value - r.body.changes.items[0].before.value).toBe(12);
  });
});
