import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { AuthContext, PrincipalResolver } from '@rep-hub/auth';
import { Workbook } from 'exceljs';
import { ClsService } from 'nestjs-cls';
import { schoolToday } from '@rep-hub/platform';
import { PlansIndicators } from '@rep-hub/plans-domain';
import { PlansApiModule } from './plans-api.module';
import {
  FakeCommissionedPlaces,
  FakeCommissionedPlacesModule,
  FixturePlan,
  insertPlan,
} from '@rep-hub/plans-domain/testing';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** Public reads, sufficiency, the regional view and the indicators, through the API on real PostgreSQL (app role, RLS). */
describe('inclusion plans: publication, sufficiency, regional view', () => {
  let world: ApiWorld;
  let p: Partnership;
  let q: Partnership;
  let plan: FixturePlan;
  let draftOnly: FixturePlan;
  let theirs: FixturePlan;

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: [PlansApiModule, FakeCommissionedPlacesModule] });
    p = await world.partnership('pub', ['350', '351']);
    q = await world.partnership('pubq', ['352', '353']);
    plan = await insertPlan(world.app, p.tenantId, {
      title: 'Plan of LA one',
      las: [p.las[0]],
      reviewOn: '2020-07-31',
      versions: [
        {
          status: 'superseded',
          sections: [
            {
              key: 'needs_analysis',
              body: 'Need is rising.\nTwenty places open in 2027.',
              themes: ['identification_of_need'],
            },
            { key: 'sufficiency', body: 'Unchanged text.' },
          ],
        },
        {
          status: 'published',
          pdf: PDF,
          changeSummary: 'Places added.',
          sections: [
            {
              key: 'needs_analysis',
              body: 'Need is rising.\nForty places open in 2027.',
              themes: ['identification_of_need', 'tailored_lists_and_placement'],
            },
            { key: 'sufficiency', body: 'Unchanged text.' },
            { key: 'outcomes', body: '<script>alert(1)</script> stays text', laId: p.las[0] },
          ],
          signOffs: [
            {
              memberKind: 'parent_carer_forum',
              memberName: 'LA one Parent Carer Forum',
              decision: 'dissent',
              reason: 'Too few places.',
            },
            { memberKind: 'local_authority', memberName: 'LA one council', decision: 'signed_off' },
          ],
        },
        { status: 'co_production', sections: [{ key: 'needs_analysis', body: 'SECRET DRAFT TEXT' }] },
      ],
      actions: [
        { title: 'Open a resourced provision', dueOn: '2020-01-31', ownerId: p.las[0], laId: p.las[0] },
        { title: 'Done already', dueOn: '2020-01-31', status: 'done', ownerId: p.las[0] },
        { title: 'Later', dueOn: '2099-01-31', ownerId: p.las[0] },
      ],
    });
    draftOnly = await insertPlan(world.app, p.tenantId, {
      title: 'Plan of LA two (draft)',
      las: [p.las[1]],
      versions: [{ status: 'signed_off', sections: [{ key: 'needs_analysis', body: 'not yet' }] }],
    });
    theirs = await insertPlan(world.app, q.tenantId, {
      title: 'Their plan',
      las: [q.las[0]],
      versions: [{ status: 'draft' }],
    });
  });
  afterAll(() => world?.close());

  const pub = (path: string) => world.http.get(`/api/v1/public/inclusion-plans${path}`);
  const as = (who: string, tp = p) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${tp.members[who].token}`),
    put: (path: string, body: object) =>
      world.http.put(path).set('Authorization', `Bearer ${tp.members[who].token}`).send(body),
  });

  it('lists each partnership’s published plans to anyone, cacheable, and never a plan with no published version', async () => {
    const r = await pub('');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    const mine = (r.body.partnerships as { slug: string; plans: { title: string; earlierVersions: number }[] }[]).find(
      (x) => x.slug === p.slug,
    );
    expect(mine?.plans.map((x) => [x.title, x.earlierVersions])).toEqual([['Plan of LA one', 1]]);
    expect(JSON.stringify(r.body)).not.toContain('Their plan');
    expect(JSON.stringify(r.body)).not.toContain('(draft)');
    const one = await pub(`/${p.slug}`);
    expect(one.status).toBe(200);
    expect(one.body.plans[0]).toMatchObject({ publishedVersionId: plan.versionIds[1], las: [{ id: p.las[0] }] });
    expect((await pub('/no-such-partnership')).status).toBe(404);
  });

  it('shows a published version whole (sections, themes, sign-offs with the forum’s position) and an earlier one', async () => {
    const r = await pub(`/${p.slug}/versions/${plan.versionIds[1]}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      status: 'published',
      number: 2,
      pdfReady: true,
      reviewOn: '2020-07-31',
      changeSummary: 'Places added.',
      signOffs: {
        signedOff: 1,
        dissent: 1,
        parentCarerForum: { decision: 'dissent', reason: 'Too few places.', kind: 'parent_carer_forum' },
      },
    });
    expect(r.body.sections.map((s: { key: string; la: { id: string } | null }) => [s.key, s.la?.id ?? null])).toEqual([
      ['needs_analysis', null],
      ['sufficiency', null],
      ['outcomes', p.las[0]],
    ]);
    expect(r.body.themes.map((t: { name: string }) => t.name)).toEqual([
      'Identification of need',
      'Tailored lists and placement',
    ]);
    expect(r.body.versions.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    expect(JSON.stringify(r.body)).not.toContain('SECRET DRAFT TEXT');
    const old = await pub(`/${p.slug}/versions/${plan.versionIds[0]}`);
    expect([old.status, old.body.status, old.body.pdfReady]).toEqual([200, 'superseded', false]);
  });

  it('answers 404 for a draft’s, co-production’s or signed-off version’s id, like an unknown one, in its own partnership or another', async () => {
    for (const path of [
      `/${p.slug}/versions/${plan.versionIds[2]}`, // co-production
      `/${p.slug}/versions/${draftOnly.versionIds[0]}`, // signed off, not published
      `/${q.slug}/versions/${theirs.versionIds[0]}`, // another partnership's draft
      `/${p.slug}/versions/${theirs.versionIds[0]}`, // … asked under this partnership
      `/${q.slug}/versions/${plan.versionIds[1]}`, // a published version under the wrong partnership
      `/${p.slug}/versions/00000000-0000-4000-8000-000000000000`,
      `/${p.slug}/versions/not-a-uuid`,
    ]) {
      const r = await pub(path);
      expect([path, r.status, r.headers['content-type']]).toEqual([
        path,
        404,
        expect.stringContaining('application/problem+json'),
      ]);
      expect(r.body.detail).toBe('There is no published plan here.');
    }
  });

  it('compares two public versions section by section, and refuses a draft or another plan’s version', async () => {
    // either order: shown older to newer
    const r = await pub(`/${p.slug}/compare?from=${plan.versionIds[1]}&to=${plan.versionIds[0]}`);
    expect(r.status).toBe(200);
    expect([r.body.from.number, r.body.to.number]).toEqual([1, 2]);
    const needs = r.body.sections.find((s: { key: string }) => s.key === 'needs_analysis');
    expect(needs).toMatchObject({
      changed: true,
      lines: [
        { op: 'same', text: 'Need is rising.' },
        { op: 'delete', text: 'Twenty places open in 2027.' },
        { op: 'insert', text: 'Forty places open in 2027.' },
      ],
      themesAdded: ['Tailored lists and placement'],
      themesRemoved: [],
    });
    expect(r.body.sections.find((s: { key: string }) => s.key === 'sufficiency').changed).toBe(false);
    expect(r.body.sections.find((s: { key: string }) => s.key === 'outcomes')).toMatchObject({
      changed: true,
      lines: [{ op: 'insert', text: '<script>alert(1)</script> stays text' }],
    });
    expect((await pub(`/${p.slug}/compare?from=${plan.versionIds[1]}&to=${plan.versionIds[2]}`)).status).toBe(404);
    expect((await pub(`/${p.slug}/compare?from=${plan.versionIds[1]}&to=${theirs.versionIds[0]}`)).status).toBe(404);
    const bad = await pub(`/${p.slug}/compare?from=${plan.versionIds[1]}&to=nope`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['to']);
  });

  describe('sufficiency', () => {
    const path = () => `/api/v1/plans/${plan.planId}/sufficiency`;

    it('adds a typed row, refuses a second add (409) and a stale version (409), and changes it with its version', async () => {
      const body = {
        laId: p.las[0],
        placeType: 'special_school',
        academicYear: '2026/27',
        currentPlaces: 240,
        forecastDemand: 265,
      };
      const made = await as('la1').put(path(), body);
      expect(made.status).toBe(200);
      expect(made.body).toMatchObject({
        currentPlaces: 240,
        forecastDemand: 265,
        gap: 25,
        currentSource: 'typed',
        version: 1,
      });
      expect((await as('la1').put(path(), body)).status).toBe(409);
      const changed = await as('lead').put(path(), {
        ...body,
        forecastDemand: 230,
        actionId: plan.actionIds[0],
        version: 1,
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        gap: -10,
        version: 2,
        action: { id: plan.actionIds[0], title: 'Open a resourced provision' },
      });
      expect((await as('la1').put(path(), { ...body, version: 1 })).status).toBe(409);
    });

    it('names each bad field, refuses AP current places, another LA’s officer and an LA or action not of the plan', async () => {
      const fields = (b: { errors?: { field: string }[] }) => (b.errors ?? []).map((e) => e.field).sort();
      const bad = await as('la1').put(path(), {
        laId: 'x',
        placeType: 'castle',
        academicYear: '2026/28',
        forecastDemand: -1,
      });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['academicYear', 'forecastDemand', 'laId', 'placeType']);
      const ap = await as('la1').put(path(), {
        laId: p.las[0],
        placeType: 'ap_tier_2',
        academicYear: '2026/27',
        currentPlaces: 4,
        forecastDemand: 9,
      });
      expect([ap.status, fields(ap.body)]).toEqual([400, ['currentPlaces']]);
      const typedNone = await as('la1').put(path(), {
        laId: p.las[0],
        placeType: 'resourced_provision',
        academicYear: '2026/27',
        forecastDemand: 9,
      });
      expect([typedNone.status, fields(typedNone.body)]).toEqual([400, ['currentPlaces']]);
      const base = { placeType: 'resourced_provision', academicYear: '2026/27', currentPlaces: 1, forecastDemand: 2 };
      expect((await as('la2').put(path(), { ...base, laId: p.las[0] })).status).toBe(403);
      expect((await as('school').put(path(), { ...base, laId: p.las[0] })).status).toBe(403);
      const notInPlan = await as('lead').put(path(), { ...base, laId: p.las[1] });
      expect([notInPlan.status, fields(notInPlan.body)]).toEqual([400, ['laId']]);
      const otherAction = await as('lead').put(path(), {
        ...base,
        laId: p.las[0],
        actionId: '00000000-0000-4000-8000-000000000000',
      });
      expect([otherAction.status, fields(otherAction.body)]).toEqual([400, ['actionId']]);
      // nothing half-written
      const list = await as('lead').get(path());
      expect(list.body.items.map((r: { placeType: string }) => r.placeType)).toEqual(['special_school']);
      // another partnership's member cannot see this plan at all
      expect((await as('lead', q).get(path())).status).toBe(404);
    });

    it('reads AP rows’ current places from the COMMISSIONED_PLACES contract, summed per LA and tier', async () => {
      FakeCommissionedPlaces.rows.set(p.tenantId, [
        {
          laId: p.las[0],
          laName: 'x',
          providerId: 'a',
          providerName: 'A',
          tier: 'tier_2',
          academicYear: '2026/27',
          places: 5,
        },
        {
          laId: p.las[0],
          laName: 'x',
          providerId: 'b',
          providerName: 'B',
          tier: 'tier_2',
          academicYear: '2026/27',
          places: 7,
        },
        {
          laId: p.las[1],
          laName: 'y',
          providerId: 'a',
          providerName: 'A',
          tier: 'tier_2',
          academicYear: '2026/27',
          places: 99,
        },
        {
          laId: p.las[0],
          laName: 'x',
          providerId: 'a',
          providerName: 'A',
          tier: 'tier_3',
          academicYear: '2026/27',
          places: 50,
        },
      ]);
      const r = await as('la1').put(path(), {
        laId: p.las[0],
        placeType: 'ap_tier_2',
        academicYear: '2026/27',
        forecastDemand: 20,
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        currentPlaces: 12,
        currentSource: 'ap_commissioned',
        gap: 8,
        placeTypeName: 'Alternative provision, tier 2',
      });
    });
  });

  it('gives the lead every LA’s plan side by side, with CSV and XLSX exports, and no one else', async () => {
    const r = await as('lead').get('/api/v1/plans/regional?academicYear=2026/27');
    expect(r.status).toBe(200);
    const byLa = new Map((r.body.las as { laId: string }[]).map((l) => [l.laId, l]));
    expect(byLa.get(p.las[0])).toMatchObject({
      plan: { title: 'Plan of LA one', latestStatus: 'co_production', latestNumber: 3, reviewOverdue: true },
      overdueActions: 1,
      gaps: { special_school: -10, ap_tier_2: 8, resourced_provision: null },
    });
    expect(byLa.get(p.las[1])).toMatchObject({
      plan: { latestStatus: 'signed_off', publishedAt: null },
      overdueActions: 0,
    });
    expect((await as('la1').get('/api/v1/plans/regional')).status).toBe(403);
    expect((await as('lead').get('/api/v1/plans/regional?academicYear=2026/28')).status).toBe(400);
    const csv = await as('lead').get('/api/v1/plans/regional/export?format=csv&academicYear=2026/27');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(
      /attachment; filename="inclusion-plans-regional-2026-27-.*\.csv"/,
    );
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toContain('Latest version status,Latest version status code');
    expect(lines.find((l) => l.startsWith('pub LA one'))).toContain('In co-production,co_production');
    const xlsx = await as('lead')
      .get('/api/v1/plans/regional/export?format=xlsx&academicYear=2026/27')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const gaps = wb.getWorksheet('sufficiency gaps')!;
    const rows = gaps.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows.some((row) => row.includes('ap_tier_2') && row.includes(8))).toBe(true);
    expect((await as('la1').get('/api/v1/plans/regional/export?format=csv')).status).toBe(403);
  });

  it('publishes its indicators: actions on track with a denominator, plans in date, places short by type', async () => {
    const registry = world.app.get(PlansIndicators);
    const codes = registry
      .definitions()
      .map((d) => d.code)
      .filter((c) => c.startsWith('plans.'));
    expect(codes).toEqual(
      expect.arrayContaining([
        'plans.actions_on_track',
        'plans.plans_published_in_date',
        'plans.sufficiency_gap.ap_tier_2',
      ]),
    );
    const principal = (await world.app.get(PrincipalResolver).resolve(p.members.lead.token))!;
    const values = await world.app.get(ClsService).run(() => {
      world.app.get(AuthContext).setPrincipal(principal);
      return registry.compute({ from: '2026-09-01', to: schoolToday() });
    });
    const of = (code: string, laId: string | null) => values.find((v) => v.code === code && v.laId === laId);
    // three actions, none cancelled: one done, one overdue, one green and not yet due
    expect(of('plans.actions_on_track', null)).toMatchObject({ numerator: 2, denominator: 3, value: 66.7 });
    // the LA one plan is published but past its review date; the LA two plan is not published
    expect(of('plans.plans_published_in_date', null)).toMatchObject({ numerator: 0, denominator: 2, value: 0 });
    expect(of('plans.sufficiency_gap.ap_tier_2', p.las[0])).toMatchObject({ value: 8 });
    expect(of('plans.sufficiency_gap.special_school', null)).toMatchObject({ value: -10 });
  });
});
