import { UnitOfWork } from '@rep-hub/platform';
import { ApiWorld, Partnership } from './testing/api-world';

/** Pupils through the API on real PostgreSQL: the LA wall, the roles, UPN checks and duplicates. */
describe('AP pupils', () => {
  let world: ApiWorld;
  let p: Partnership;
  let seq = 1;

  beforeAll(async () => {
    world = await ApiWorld.start();
    p = await world.partnership('app', ['350', '351']);
  });
  afterAll(() => world?.close());

  const as = (who: string) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${p.members[who].token}`),
    post: (path: string, body: object) => world.http.post(path).set('Authorization', `Bearer ${p.members[who].token}`).send(body),
  });
  const pupil = (laId: string, extra: object = {}) => ({ laId, upnUnknownReason: 'UN2', givenName: `Child${seq++}`, familyName: 'Example', dateOfBirth: '2013-04-12', ...extra });
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

  it('lets an LA officer record a pupil of their own LA with every field, and read it back', async () => {
    const [la1] = p.las;
    const r = await as('la1').post('/api/v1/ap/pupils', {
      laId: la1,
      upn: 'h801200001001',
      givenName: 'Sam',
      familyName: 'Example',
      dateOfBirth: '2013-04-12',
      currentSchoolId: p.schoolId,
      senProvision: 'E',
      needs: ['SEMH', 'SLCN'],
      ehcCaseworker: 'J. Caseworker',
      ehcNextAnnualReview: '2027-03-01',
      lookedAfter: true,
      freeSchoolMeals: true,
      safeguardingFlags: ['early_help'],
      contacts: [{ name: 'Alex Example', relationship: 'Parent', phone: '0161 496 0000', parentalResponsibility: true }],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ upn: 'H801200001001', senProvision: 'E', needs: ['SEMH', 'SLCN'], ehcPlan: { caseworker: 'J. Caseworker', nextAnnualReview: '2027-03-01' }, lookedAfter: true });
    const back = await as('la1').get(`/api/v1/ap/pupils/${r.body.id}`);
    expect(back.status).toBe(200);
    expect(back.body).toEqual(r.body);
  });

  it('names each bad field, with DfE’s UPN messages', async () => {
    const bad = await as('la1').post('/api/v1/ap/pupils', { laId: p.las[0], upn: 'A801200005001', givenName: '', familyName: 'X', dateOfBirth: '2031-01-01', senProvision: 'N', needs: ['SEMH'] });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['dateOfBirth', 'givenName', 'needs', 'upn']);
    expect(JSON.stringify(bad.body)).toContain('wrong check letter at character 1');
    const neither = await as('la1').post('/api/v1/ap/pupils', pupil(p.las[0], { upnUnknownReason: undefined }));
    expect(fields(neither.body)).toEqual(['upn']);
  });

  it('keeps each LA to its own pupils: other LA officers, other roles and the lead get 404 or 403', async () => {
    const [la1, la2] = p.las;
    const mine = (await as('la1').post('/api/v1/ap/pupils', pupil(la1))).body as { id: string };
    expect((await as('la2').get(`/api/v1/ap/pupils/${mine.id}`)).status).toBe(404);
    expect(((await as('la2').get('/api/v1/ap/pupils?limit=100')).body.items as { id: string }[]).map((i) => i.id)).not.toContain(mine.id);
    expect((await as('la1').post('/api/v1/ap/pupils', pupil(la2))).status).toBe(403);
    for (const who of ['lead', 'school', 'provider', 'workforce', 'dpo']) {
      expect([who, (await as(who).get(`/api/v1/ap/pupils/${mine.id}`)).status]).toEqual([who, 403]);
      expect([who, (await as(who).post('/api/v1/ap/pupils', pupil(la1))).status]).toEqual([who, 403]);
    }
  });

  it('answers 409 with a link for a UPN already in your LAs; for one held only by another LA, exactly what an unknown UPN gets', async () => {
    const [la1, la2] = p.las;
    const held = (await as('la1').post('/api/v1/ap/pupils', pupil(la1, { upnUnknownReason: undefined, upn: 'B801200005001' }))).body as { id: string };
    const dup = await as('la1').post('/api/v1/ap/pupils', pupil(la1, { upnUnknownReason: undefined, upn: 'B801200005001' }));
    expect(dup.status).toBe(409);
    expect(dup.body.existing).toEqual({ id: held.id, href: `/api/v1/ap/pupils/${held.id}` });

    // LA 2 records the same UPN, and a UPN nobody holds: the two answers differ only in their ids and names
    const same = await as('la2').post('/api/v1/ap/pupils', { ...pupil(la2, { upnUnknownReason: undefined, upn: 'B801200005001' }), givenName: 'Twin', familyName: 'Case' });
    const fresh = await as('la2').post('/api/v1/ap/pupils', { ...pupil(la2, { upnUnknownReason: undefined, upn: 'G80120000101A' }), givenName: 'Twin', familyName: 'Case' });
    const shape = (r: typeof same) => ({ status: r.status, headers: Object.keys(r.headers).filter((h) => !['date', 'etag', 'content-length', 'x-request-id'].includes(h)).sort(), body: { ...r.body, id: '', upn: '' } });
    expect(shape(same)).toEqual(shape(fresh));
    expect(same.status).toBe(201);

    // LA 1's officers are asked to match the records; LA 2's officer sees no such request
    const uow = world.app.get(UnitOfWork);
    const matches = (scope: string[]) =>
      uow.forTenant({ tenantId: p.tenantId, laIds: scope }, (m) => m.query(`SELECT pupil_id, other_pupil_id, other_la_id, status FROM pupil_upn_matches WHERE tenant_id = $1`, [p.tenantId]));
    expect(await matches([la1])).toEqual([{ pupil_id: held.id, other_pupil_id: same.body.id, other_la_id: la2, status: 'open' }]);
    expect(await matches([la2])).toEqual([]);
  });

  it('lets an LA with a data-sharing agreement read the other LA’s pupils', async () => {
    const [la1, la2] = p.las;
    const mine = (await as('la1').post('/api/v1/ap/pupils', pupil(la1))).body as { id: string };
    expect((await as('la2').get(`/api/v1/ap/pupils/${mine.id}`)).status).toBe(404);
    const agreement = await as('lead').post('/api/v1/data-sharing-agreements', { title: 'AP panel sharing', startsOn: '2026-01-01', localAuthorityIds: [la1, la2] });
    expect(agreement.status).toBe(201);
    expect((await as('la2').get(`/api/v1/ap/pupils/${mine.id}`)).status).toBe(200);
  });
});
