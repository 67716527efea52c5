import { UnitOfWork } from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import { ApiWorld, Partnership } from '../testing/api-world';

interface Org {
  id: string;
  kind: string;
  name: string;
  laNumber: string | null;
  gssCode: string | null;
  urn: string | null;
  ukprn: string | null;
  ofstedUrn: string | null;
  version: number;
}

/**
 * Changing an organisation (PATCH /api/v1/admin/tenants/{tenantId}/organisations/{organisationId}):
 * its name and the identifiers its kind has, with create's checks, from the version seen (409 when
 * stale), 409 naming the field for an identifier another organisation holds, 404 for another
 * partnership's organisation, 403 for anyone but the platform admin, audited as
 * organisation.change. Real PostgreSQL as the app role; every response checked against the
 * OpenAPI document when the world closes.
 */
describe('PATCH /api/v1/admin/tenants/:tenantId/organisations/:organisationId', () => {
  let world: ApiWorld;
  let a: Partnership;
  let otherTenantId: string;
  let otherLaId: string;

  beforeAll(async () => {
    world = await ApiWorld.start();
    a = await world.partnership('orgchange', ['856', '855']);
    const other = await world.created('post', '/api/v1/admin/tenants', {
      slug: `orgchange-other-${randomUUID().slice(0, 8)}`,
      name: 'Other partnership',
    });
    otherTenantId = other.id;
    otherLaId = (
      await world.created('post', `/api/v1/admin/tenants/${otherTenantId}/organisations`, {
        kind: 'local_authority',
        name: 'Other LA',
        laNumber: '856',
      })
    ).id;
  });
  afterAll(() => world?.close());

  const url = (tenantId: string, id: string) => `/api/v1/admin/tenants/${tenantId}/organisations/${id}`;
  const patch = (tenantId: string, id: string, body: object, token = world.adminToken) =>
    world.http.patch(url(tenantId, id)).set('Authorization', `Bearer ${token}`).send(body);
  const listed = async (tenantId: string): Promise<Org[]> =>
    (await world.admin('get', `/api/v1/admin/tenants/${tenantId}/organisations`)).body.items;
  const find = async (tenantId: string, id: string): Promise<Org> => (await listed(tenantId)).find((o) => o.id === id)!;
  const newSchool = async (name: string, urn: string) =>
    (await world.created('post', `/api/v1/admin/tenants/${a.tenantId}/organisations`, {
      kind: 'school',
      name,
      urn,
      localAuthorityId: a.las[0],
    })) as unknown as Org;
  const audits = (id: string) =>
    world.app
      .get(UnitOfWork)
      .forTenant({ tenantId: a.tenantId }, (m) =>
        m.query(
          `SELECT actor_id, subject_type, subject_ids, details FROM audit_events WHERE action = 'organisation.change' AND subject_ids @> ARRAY[$1]::uuid[] ORDER BY occurred_at`,
          [id],
        ),
      ) as Promise<
      { actor_id: string; subject_type: string; subject_ids: string[]; details: Record<string, unknown> }[]
    >;

  it("changes a school's name and URN from the version seen, answers the new version and audits the change", async () => {
    const school = await newSchool('Oakfield Primary', '131001');
    expect(school.version).toBe(1);
    const res = await patch(a.tenantId, school.id, { version: 1, name: 'Oakfield Academy', urn: '131002' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: school.id,
      kind: 'school',
      name: 'Oakfield Academy',
      urn: '131002',
      version: 2,
    });
    expect(await find(a.tenantId, school.id)).toMatchObject({ name: 'Oakfield Academy', urn: '131002', version: 2 });
    const rows = await audits(school.id);
    expect(rows).toHaveLength(1);
    const me = (await world.admin('get', '/api/v1/auth/me')).body.userId;
    expect(rows[0]).toMatchObject({ actor_id: me, subject_type: 'Organisation', subject_ids: [school.id] });
    expect(rows[0].details).toMatchObject({ fields: 'name,urn' });
  });

  it("corrects an LA's DfE number and looks its ONS code up again; a field left out keeps its value", async () => {
    const before = await find(a.tenantId, a.las[1]);
    expect(before).toMatchObject({ laNumber: '855', gssCode: 'E10000018' });
    const res = await patch(a.tenantId, a.las[1], { version: before.version, laNumber: '857' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: before.name, laNumber: '857', gssCode: 'E06000017' });
    expect(res.body.version).toBe(before.version + 1);
  });

  it('answers 409 for a stale version and writes nothing', async () => {
    const school = await newSchool('Stale Primary', '131003');
    expect((await patch(a.tenantId, school.id, { version: 1, name: 'Stale Academy' })).status).toBe(200);
    const res = await patch(a.tenantId, school.id, { version: 1, name: 'Lost update' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, currentVersion: 2 });
    expect(res.body.detail).toMatch(/changed this organisation/);
    expect(await find(a.tenantId, school.id)).toMatchObject({ name: 'Stale Academy', version: 2 });
    expect(await audits(school.id)).toHaveLength(1);
  });

  it("answers 409 naming the field for another organisation's identifier, as create does", async () => {
    const first = await newSchool('First Primary', '131004');
    const second = await newSchool('Second Primary', '131005');
    const res = await patch(a.tenantId, second.id, { version: 1, urn: '131004' });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([
      { field: 'urn', message: 'Another organisation in this partnership already has this URN' },
    ]);
    expect(await find(a.tenantId, second.id)).toMatchObject({ urn: '131005', version: 1 });
    // create answers the same
    const created = await world.admin('post', `/api/v1/admin/tenants/${a.tenantId}/organisations`, {
      kind: 'school',
      name: 'Third Primary',
      urn: first.urn,
    });
    expect(created.status).toBe(409);
    expect(created.body.errors).toEqual(res.body.errors);
    const la = await patch(a.tenantId, a.las[0], {
      version: (await find(a.tenantId, a.las[0])).version,
      laNumber: '857',
    });
    expect(la.status).toBe(409);
    expect(la.body.errors[0].field).toBe('laNumber');
  });

  it('answers 400 naming each bad field and writes nothing', async () => {
    const school = await newSchool('Checked Primary', '131006');
    const shape = await patch(a.tenantId, school.id, { version: 1, name: '', urn: '12345', ukprn: 'x' });
    expect(shape.status).toBe(400);
    expect(shape.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'ukprn', 'urn']);
    // create's cross-field rules: a school keeps a URN, only an LA has an LA number
    const cleared = await patch(a.tenantId, school.id, { version: 1, urn: null });
    expect(cleared.status).toBe(400);
    expect(cleared.body.errors).toEqual([{ field: 'urn', message: 'Enter the school’s URN' }]);
    const laNumber = await patch(a.tenantId, school.id, { version: 1, laNumber: '856' });
    expect(laNumber.status).toBe(400);
    expect(laNumber.body.errors).toEqual([
      { field: 'laNumber', message: 'Only a local authority has an LA number or is a lead' },
    ]);
    const unknownLa = await patch(a.tenantId, a.las[0], { version: 1, laNumber: '999' });
    expect(unknownLa.status).toBe(400);
    expect(unknownLa.body.errors[0].field).toBe('laNumber');
    // the kind is not changed, and a version is needed
    const kind = await patch(a.tenantId, school.id, { version: 1, kind: 'local_authority' });
    expect(kind.status).toBe(400);
    expect(kind.body.errors[0].field).toBe('kind');
    const noVersion = await patch(a.tenantId, school.id, { name: 'No version' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.errors[0].field).toBe('version');
    expect(await find(a.tenantId, school.id)).toMatchObject({ name: 'Checked Primary', urn: '131006', version: 1 });
    expect(await audits(school.id)).toHaveLength(0);
  });

  it("answers 404 for another partnership's organisation or an unknown id, and changes nothing", async () => {
    const cross = await patch(a.tenantId, otherLaId, { version: 1, name: 'Hijacked' });
    expect(cross.status).toBe(404);
    const unknown = await patch(a.tenantId, randomUUID(), { version: 1, name: 'Nobody' });
    expect(unknown.status).toBe(404);
    const noTenant = await patch(randomUUID(), otherLaId, { version: 1, name: 'Nobody' });
    expect(noTenant.status).toBe(404);
    expect(await find(otherTenantId, otherLaId)).toMatchObject({ name: 'Other LA', version: 1 });
  });

  it('answers 403 to a partnership lead or LA officer, even in their own partnership', async () => {
    for (const who of ['lead', 'la1']) {
      const res = await patch(a.tenantId, a.las[0], { version: 1, name: 'Not theirs' }, a.members[who].token);
      expect(res.status).toBe(403);
    }
    expect((await find(a.tenantId, a.las[0])).name).toBe('orgchange LA one');
  });
});
