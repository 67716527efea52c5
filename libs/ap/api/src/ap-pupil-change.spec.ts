import { UnitOfWork } from '@rep-hub/platform';
import { computeUpnCheckLetter } from '@rep-hub/reference';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { startApiWorld } from './testing';

/** Changing a pupil's record through the API on real PostgreSQL: versions, the rules between fields, who may change what. */
describe('AP pupils: changing a record', () => {
  let world: ApiWorld;
  let p: Partnership;
  let other: Partnership;
  let seq = 1;

  beforeAll(async () => {
    world = await startApiWorld();
    p = await world.partnership('chg', ['355', '356']);
    other = await world.partnership('chgx', ['357', '359']);
  });
  afterAll(() => world?.close());

  const as = (who: string, q: Partnership = p) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${q.members[who].token}`),
    post: (path: string, body: object) =>
      world.http.post(path).set('Authorization', `Bearer ${q.members[who].token}`).send(body),
    patch: (path: string, body: object) =>
      world.http.patch(path).set('Authorization', `Bearer ${q.members[who].token}`).send(body),
  });
  const record = async (who: string, extra: object = {}) => {
    const r = await as(who).post('/api/v1/ap/pupils', {
      laId: who === 'school' ? undefined : p.las[0],
      upnUnknownReason: 'UN2',
      givenName: `Child${seq++}`,
      familyName: 'Changed',
      dateOfBirth: '2013-04-12',
      senProvision: 'E',
      needs: ['SEMH'],
      ehcCaseworker: 'J. Caseworker',
      contacts: [
        { name: 'Alex Example', relationship: 'Parent', parentalResponsibility: true },
        { name: 'Jo Example', relationship: 'Grandparent' },
      ],
      ...extra,
    });
    expect(r.status).toBe(201);
    return r.body as { id: string; version: number; laId: string };
  };
  /** A valid UPN of LA 355. */
  const UPN = `${computeUpnCheckLetter('355200001001')}355200001001`;
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

  it('changes only the fields sent, raises the version and audits the names of the fields changed', async () => {
    const pupil = await record('la1');
    expect(pupil.version).toBe(1);
    const r = await as('la1').patch(`/api/v1/ap/pupils/${pupil.id}`, { version: 1, givenName: 'Samantha' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ givenName: 'Samantha', familyName: 'Changed', version: 2, needs: ['SEMH'] });
    expect(r.body.contacts).toHaveLength(2);
    expect((await as('la1').get(`/api/v1/ap/pupils/${pupil.id}`)).body).toEqual(r.body);
    const uow = world.app.get(UnitOfWork);
    const rows = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT details FROM audit_events WHERE tenant_id = $1 AND action = 'pupil.update' AND subject_ids @> ARRAY[$2]::uuid[]`,
        [p.tenantId, pupil.id],
      ),
    )) as { details: { fields: string } }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].details.fields).toBe('givenName');
    expect(JSON.stringify(rows)).not.toContain('Samantha');
  });

  it('answers 409 to a change made from an older version, and writes nothing', async () => {
    const pupil = await record('la1');
    expect((await as('la1').patch(`/api/v1/ap/pupils/${pupil.id}`, { version: 1, familyName: 'First' })).status).toBe(
      200,
    );
    const stale = await as('la1').patch(`/api/v1/ap/pupils/${pupil.id}`, { version: 1, familyName: 'Second' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ status: 409, currentVersion: 2 });
    expect((await as('la1').get(`/api/v1/ap/pupils/${pupil.id}`)).body.familyName).toBe('First');
  });

  it('names each bad field: no version, the LA, the rules between fields on the record after the change', async () => {
    const pupil = await record('la1');
    const path = `/api/v1/ap/pupils/${pupil.id}`;
    const noVersion = await as('la1').patch(path, { givenName: 'X' });
    expect(noVersion.status).toBe(400);
    expect(fields(noVersion.body)).toEqual(['version']);
    const la = await as('la1').patch(path, { version: 1, laId: p.las[1] });
    expect(la.status).toBe(400);
    expect(fields(la.body)).toEqual(['laId']);
    // needs stay on the record, so no SEN provision with them is refused
    const none = await as('la1').patch(path, { version: 1, senProvision: 'N', needs: ['SEMH'] });
    expect(none.status).toBe(400);
    expect(fields(none.body)).toEqual(['needs']);
    const blank = await as('la1').patch(path, { version: 1, givenName: '  ' });
    expect(blank.status).toBe(400);
    expect(fields(blank.body)).toEqual(['givenName']);
    expect((await as('la1').get(path)).body.version).toBe(1);
  });

  it('drops the EHC plan’s details with the plan, and the UPN’s reason with a UPN', async () => {
    const pupil = await record('la1');
    const path = `/api/v1/ap/pupils/${pupil.id}`;
    const support = await as('la1').patch(path, { version: 1, senProvision: 'K' });
    expect(support.status).toBe(200);
    expect(support.body).toMatchObject({ senProvision: 'K', needs: ['SEMH'], ehcPlan: null });
    const upn = await as('la1').patch(path, { version: 2, upn: UPN });
    expect(upn.status).toBe(200);
    expect(upn.body).toMatchObject({ upn: UPN, upnUnknownReason: null });
    // a UPN the LA already holds on another record answers 409 with that record
    const second = await record('la1');
    const dup = await as('la1').patch(`/api/v1/ap/pupils/${second.id}`, { version: 1, upn: UPN });
    expect(dup.status).toBe(409);
    expect(dup.body.existing).toMatchObject({ id: pupil.id });
  });

  it('lets the home LA and the recording school change a record, and nobody else', async () => {
    const las = await record('la1');
    const schools = await record('school');
    expect(
      (await as('school').patch(`/api/v1/ap/pupils/${schools.id}`, { version: 1, lookedAfter: true })).body,
    ).toMatchObject({
      lookedAfter: true,
      version: 2,
    });
    // the school's LA's officers change the school's record too
    expect(
      (
        await as(schools.laId === p.las[0] ? 'la1' : 'la2').patch(`/api/v1/ap/pupils/${schools.id}`, {
          version: 2,
          freeSchoolMeals: true,
        })
      ).status,
    ).toBe(200);
    // a record the caller cannot read is not found, whoever they are
    expect((await as('school').patch(`/api/v1/ap/pupils/${las.id}`, { version: 1, givenName: 'X' })).status).toBe(404);
    expect((await as('la2').patch(`/api/v1/ap/pupils/${las.id}`, { version: 1, givenName: 'X' })).status).toBe(404);
    expect((await as('la1', other).patch(`/api/v1/ap/pupils/${las.id}`, { version: 1, givenName: 'X' })).status).toBe(
      404,
    );
    expect((await as('lead').patch(`/api/v1/ap/pupils/${las.id}`, { version: 1, givenName: 'X' })).status).toBe(403);
    // an LA sharing with the home LA reads the record but does not change it
    await world.agreementInForce(p, ['named_pupils']);
    expect((await as('la2').get(`/api/v1/ap/pupils/${las.id}`)).status).toBe(200);
    const shared = await as('la2').patch(`/api/v1/ap/pupils/${las.id}`, { version: 1, givenName: 'X' });
    expect(shared.status).toBe(403);
    expect((await as('la1').get(`/api/v1/ap/pupils/${las.id}`)).body.givenName).not.toBe('X');
  });
});
