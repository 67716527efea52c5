import { UnitOfWork } from '@rep-hub/platform';
import type TestAgent from 'supertest/lib/agent';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { startWebWorld } from './testing/ap-web-world';

const urn = () => String(100000 + Math.floor(Math.random() * 899999));

/** The DPO's subject access pages and the retention rules pages, over HTTP without JavaScript. */
describe('data protection pages', () => {
  let world: WebWorld;
  let dpo: TestAgent;
  let officer: TestAgent;
  let laId: string;
  let pupilId: string;

  beforeAll(async () => {
    world = await startWebWorld();
    const tenant = await world.onboarding.createTenant(
      { slug: `dp-${unique()}`, name: `DP partnership ${unique()}`, region: 'East Midlands' },
      world.adminId,
    );
    const la = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Derby City Council', laNumber: '831', isLead: true },
      world.adminId,
    );
    await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'school', name: 'Hill Top Primary', urn: urn(), localAuthorityId: la.id },
      world.adminId,
    );
    laId = la.id;
    const d = await world.user('dpo');
    await world.onboarding.addMembership(
      tenant.id,
      { userId: d.id, organisationId: la.id, role: 'data_protection_officer' },
      world.adminId,
    );
    const o = await world.user('officer');
    await world.onboarding.addMembership(
      tenant.id,
      { userId: o.id, organisationId: la.id, role: 'la_officer' },
      world.adminId,
    );
    const [row] = (await world.app
      .get(UnitOfWork)
      .forTenant({ tenantId: tenant.id, laIds: [la.id] }, (m) =>
        m.query(
          `INSERT INTO pupils (tenant_id, la_id, upn_unknown_reason, given_name, family_name, date_of_birth) VALUES ($1, $2, 'UN2', 'Perpetua', 'Wolstenholme', '2013-05-02') RETURNING id`,
          [tenant.id, la.id],
        ),
      )) as { id: string }[];
    pupilId = row.id;
    dpo = await world.signIn(d.email);
    officer = await world.signIn(o.email);
  });
  afterAll(() => world?.close());

  it('links subject access from the DPO’s home, finds the pupil and shows what is held with the two downloads', async () => {
    expect((await dpo.get('/').expect(200)).text).toContain('href="/ap/subject-access"');
    const empty = await dpo.get('/ap/subject-access?familyName=Wolstenholme').expect(400);
    expect(empty.text).toContain('govuk-error-summary');
    expect(empty.text).toContain('href="#dateOfBirth-day"');
    const found = await dpo
      .get(
        '/ap/subject-access?upn=&familyName=wolstenholme&dateOfBirth-day=2&dateOfBirth-month=5&dateOfBirth-year=2013',
      )
      .expect(200);
    expect(found.text).toContain(`href="/ap/subject-access/${pupilId}"`);
    const page = await dpo.get(`/ap/subject-access/${pupilId}`).expect(200);
    expect(page.text).toContain('DRAFT for redaction: not for release');
    expect(page.text).toContain(`href="/ap/subject-access/${pupilId}/draft.pdf"`);
    const json = await dpo.get(`/ap/subject-access/${pupilId}/draft.json`).expect(200);
    expect(JSON.parse(json.text)).toMatchObject({
      status: 'draft_for_redaction',
      pupil: { familyName: 'Wolstenholme' },
    });
    const pdf = await dpo.get(`/ap/subject-access/${pupilId}/draft.pdf`).expect(200);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    expect((await officer.get('/ap/subject-access')).status).toBe(403);
  });

  it('shows the retention rules and lets the LA’s officer change one, with errors linked to the fields', async () => {
    const list = await officer.get('/ap/retention').expect(200);
    expect(list.text).toContain(`href="/ap/retention/${laId}/attendance"`);
    const from = `/ap/retention/${laId}/closed_cases`;
    const bad = await world.post(officer, from, from, { retainMonths: '0', action: 'anonymise', version: '0' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#retainMonths"');
    const ok = await world.post(officer, from, from, { retainMonths: '84', action: 'delete', version: '0' });
    expect(ok.status).toBe(303);
    expect((await officer.get('/ap/retention').expect(200)).text).toContain('7 years after');
    expect((await dpo.get('/ap/retention').expect(200)).text).not.toContain(`href="/ap/retention/${laId}/attendance"`);
    expect((await dpo.get(`/ap/retention/${laId}/attendance`)).status).toBe(403);
  });
});
