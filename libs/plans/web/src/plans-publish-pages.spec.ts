import { TenantRoleCode } from '@rep-hub/auth';
import { FixturePlan, insertPlan } from '@rep-hub/plans-domain/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { PlansWebModule } from './plans-web.module';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** The public plan pages (signed out) and the lead's regional view, over HTTP as a browser without JavaScript uses them. */
describe('inclusion plans: public pages and the regional view', () => {
  let world: WebWorld;
  let slug: string;
  let tenantId: string;
  let las: string[];
  let plan: FixturePlan;
  const agents: Record<'lead' | 'officer', TestAgent> = {} as never;
  const anon = () => request(world.app.getHttpServer());

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [PlansWebModule] });
    const o = world.onboarding;
    slug = `pubweb-${unique()}`;
    const tenant = await o.createTenant(
      { slug, name: `Public pages partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    tenantId = tenant.id;
    const la = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Bolton Council', laNumber: '350', isLead: true },
      world.adminId,
    );
    const other = await o.createOrganisation(
      tenantId,
      { kind: 'local_authority', name: 'Wigan Council', laNumber: '359' },
      world.adminId,
    );
    las = [la.id, other.id];
    const roles: ['lead' | 'officer', string, TenantRoleCode][] = [
      ['lead', la.id, 'partnership_lead'],
      ['officer', la.id, 'la_officer'],
    ];
    Object.assign(agents, await world.members(tenantId, roles));
    plan = await insertPlan(world.app, tenantId, {
      title: 'Bolton inclusion plan',
      las: [la.id],
      versions: [
        {
          status: 'superseded',
          sections: [{ key: 'needs_analysis', body: 'Need is rising.\nTwenty places open in 2027.' }],
        },
        {
          status: 'published',
          pdf: PDF,
          sections: [
            {
              key: 'needs_analysis',
              body: 'Need is rising.\nForty places open in 2027.',
              themes: ['identification_of_need'],
            },
            { key: 'outcomes', body: '<script>alert("x")</script> & more' },
          ],
          signOffs: [
            { memberKind: 'parent_carer_forum', memberName: 'Bolton Parent Carer Forum', decision: 'signed_off' },
          ],
        },
        { status: 'draft', sections: [{ key: 'needs_analysis', body: 'DRAFT ONLY' }] },
      ],
      actions: [{ title: 'Late action', dueOn: '2020-01-01', ownerId: la.id }],
    });
  });
  afterAll(() => world?.close());

  it('lists the published plans signed out, cacheable, with no cookie set', async () => {
    const r = await anon().get('/inclusion-plans');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    expect(r.headers['set-cookie']).toBeUndefined();
    expect(r.text).toContain('Bolton inclusion plan');
    expect(r.text).toContain(`href="/inclusion-plans/${slug}/versions/${plan.versionIds[1]}"`);
    expect((await anon().get(`/inclusion-plans/${slug}`)).text).toContain('Bolton Council');
  });

  it('shows the published version: escaped sections, themes, the forum’s position, the PDF link and earlier versions', async () => {
    const r = await anon().get(`/inclusion-plans/${slug}/versions/${plan.versionIds[1]}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(r.text).not.toContain('<script>alert');
    expect(r.text).toContain('Identification of need');
    expect(r.text).toContain('Bolton Parent Carer Forum</strong> (the parent carer forum) signed off this version.');
    expect(r.text).toContain(`href="/inclusion-plans/${slug}/versions/${plan.versionIds[1]}/pdf"`);
    expect(r.text).toContain(`href="/inclusion-plans/${slug}/versions/${plan.versionIds[0]}"`);
    expect(r.text).not.toContain('DRAFT ONLY');
    const pdf = await anon().get(`/inclusion-plans/${slug}/versions/${plan.versionIds[1]}/pdf`);
    expect([pdf.status, pdf.headers['content-type'], pdf.headers['content-disposition']]).toEqual([
      200,
      'application/pdf',
      expect.stringMatching(/^attachment; filename="inclusion-plan-.*-version-2\.pdf"$/),
    ]);
    expect(Buffer.compare(pdf.body as Buffer, PDF)).toBe(0);
    // the superseded one says so, and has no PDF
    const old = await anon().get(`/inclusion-plans/${slug}/versions/${plan.versionIds[0]}`);
    expect(old.text).toContain('This is an earlier version, superseded on');
    expect((await anon().get(`/inclusion-plans/${slug}/versions/${plan.versionIds[0]}/pdf`)).status).toBe(404);
  });

  it('answers 404 pages for a draft’s id, its PDF and a comparison with it', async () => {
    for (const path of [
      `/inclusion-plans/${slug}/versions/${plan.versionIds[2]}`,
      `/inclusion-plans/${slug}/versions/${plan.versionIds[2]}/pdf`,
      `/inclusion-plans/${slug}/compare?from=${plan.versionIds[1]}&to=${plan.versionIds[2]}`,
      `/inclusion-plans/${slug}/compare`,
      `/inclusion-plans/no-such-${unique()}`,
    ]) {
      const r = await anon().get(path);
      expect([path, r.status]).toEqual([path, 404]);
      expect(r.text).not.toContain('DRAFT ONLY');
    }
  });

  it('compares two versions with each change marked in words, not colour alone', async () => {
    const r = await anon().get(`/inclusion-plans/${slug}/compare?from=${plan.versionIds[0]}&to=${plan.versionIds[1]}`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('What changed between versions 1 and 2');
    expect(r.text).toMatch(
      /<del><strong class="govuk-tag govuk-tag--red">Removed<\/strong> Twenty places open in 2027.<\/del>/,
    );
    expect(r.text).toMatch(
      /<ins><strong class="govuk-tag govuk-tag--green">Added<\/strong> Forty places open in 2027.<\/ins>/,
    );
  });

  it('keeps a signed-in visit to a public page out of any cache', async () => {
    const r = await agents.officer.get('/inclusion-plans');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('lets an LA officer add a sufficiency row and change it, naming bad fields and refusing a stale change', async () => {
    const path = `/plans/${plan.planId}/sufficiency`;
    const empty = await agents.officer.get(path);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('No places recorded yet.');
    const bad = await world.post(agents.officer, path, path, {
      laId: las[0],
      placeType: 'ap_tier_1',
      academicYear: '2026/27',
      currentPlaces: '3',
      forecastDemand: 'lots',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#currentPlaces"');
    expect(bad.text).toContain('href="#forecastDemand"');
    const made = await world.post(agents.officer, path, path, {
      laId: las[0],
      placeType: 'special_school',
      academicYear: '2026/27',
      currentPlaces: '100',
      forecastDemand: '112',
      actionId: plan.actionIds[0],
    });
    expect([made.status, made.headers['location']]).toEqual([303, path]);
    const shown = await agents.officer.get(path);
    expect(shown.text).toContain('Late action');
    const rowId = /sufficiency\?edit=([0-9a-f-]{36})/.exec(shown.text)![1];
    const edit = `${path}?edit=${rowId}`;
    const changed = await world.post(agents.officer, edit, path, {
      laId: las[0],
      placeType: 'special_school',
      academicYear: '2026/27',
      currentPlaces: '100',
      forecastDemand: '90',
      version: '1',
    });
    expect(changed.status).toBe(303);
    const stale = await world.post(agents.officer, edit, path, {
      laId: las[0],
      placeType: 'special_school',
      academicYear: '2026/27',
      currentPlaces: '100',
      forecastDemand: '95',
      version: '1',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('This row changed since you opened it.');
    expect((await agents.officer.get(path)).text).toMatch(/>-10</);
  });

  it('shows the lead every LA side by side with downloads, and refuses an LA officer', async () => {
    const r = await agents.lead.get('/plans/regional?academicYear=2026/27');
    expect(r.status).toBe(200);
    expect(r.text).toContain('Bolton Council');
    expect(r.text).toContain('Wigan Council');
    expect(r.text).toContain('Draft (version 3)');
    expect(r.text).toContain('href="/plans/regional/export?format=xlsx&amp;academicYear=2026%2F27"');
    const bad = await agents.lead.get('/plans/regional?academicYear=2026/28');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter the academic year like 2026/27');
    const csv = await agents.lead.get('/plans/regional/export?format=csv&academicYear=2026/27');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\r\n').find((l) => l.startsWith('Bolton Council'))).toContain('Draft,draft');
    expect((await agents.officer.get('/plans/regional')).status).toBe(403);
    expect((await anon().get('/plans/regional')).status).not.toBe(200);
    void las;
  });
});
