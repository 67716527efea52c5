import { UnitOfWork } from '@rep-hub/platform';
import { computeUpnCheckLetter } from '@rep-hub/reference';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { startApiWorld } from './testing';

/** Pupils through the API on real PostgreSQL: the LA wall, the roles, UPN checks and duplicates. */
describe('AP pupils', () => {
  let world: ApiWorld;
  let p: Partnership;
  let seq = 1;

  beforeAll(async () => {
    world = await startApiWorld();
    p = await world.partnership('app', ['350', '351']);
  });
  afterAll(() => world?.close());

  const as = (who: string) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${p.members[who].token}`),
    post: (path: string, body: object) =>
      world.http.post(path).set('Authorization', `Bearer ${p.members[who].token}`).send(body),
  });
  const pupil = (laId: string, extra: object = {}) => ({
    laId,
    upnUnknownReason: 'UN2',
    givenName: `Child${seq++}`,
    familyName: 'Example',
    dateOfBirth: '2013-04-12',
    ...extra,
  });
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
      contacts: [
        { name: 'Alex Example', relationship: 'Parent', phone: '0161 496 0000', parentalResponsibility: true },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      upn: 'H801200001001',
      senProvision: 'E',
      needs: ['SEMH', 'SLCN'],
      ehcPlan: { caseworker: 'J. Caseworker', nextAnnualReview: '2027-03-01' },
      lookedAfter: true,
    });
    const back = await as('la1').get(`/api/v1/ap/pupils/${r.body.id}`);
    expect(back.status).toBe(200);
    expect(back.body).toEqual(r.body);
  });

  it('names each bad field, with DfE’s UPN messages', async () => {
    const bad = await as('la1').post('/api/v1/ap/pupils', {
      laId: p.las[0],
      upn: 'A801200005001',
      givenName: '',
      familyName: 'X',
      dateOfBirth: '2031-01-01',
      senProvision: 'N',
      needs: ['SEMH'],
    });
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
    expect(
      ((await as('la2').get('/api/v1/ap/pupils?limit=100')).body.items as { id: string }[]).map((i) => i.id),
    ).not.toContain(mine.id);
    expect((await as('la1').post('/api/v1/ap/pupils', pupil(la2))).status).toBe(403);
    // the school (of LA 2) may read pupils, but not LA 1's: 404, as for any record it cannot see
    expect((await as('school').get(`/api/v1/ap/pupils/${mine.id}`)).status).toBe(404);
    expect((await as('school').post('/api/v1/ap/pupils', pupil(la1))).status).toBe(403);
    for (const who of ['lead', 'provider', 'workforce', 'dpo']) {
      expect([who, (await as(who).get(`/api/v1/ap/pupils/${mine.id}`)).status]).toEqual([who, 403]);
      expect([who, (await as(who).post('/api/v1/ap/pupils', pupil(la1))).status]).toEqual([who, 403]);
    }
  });

  it('answers 409 with a link for a UPN already in your LAs; for one held only by another LA, exactly what an unknown UPN gets', async () => {
    const [la1, la2] = p.las;
    const held = (
      await as('la1').post('/api/v1/ap/pupils', pupil(la1, { upnUnknownReason: undefined, upn: 'B801200005001' }))
    ).body as { id: string };
    const dup = await as('la1').post(
      '/api/v1/ap/pupils',
      pupil(la1, { upnUnknownReason: undefined, upn: 'B801200005001' }),
    );
    expect(dup.status).toBe(409);
    expect(dup.body.existing).toEqual({ id: held.id, href: `/api/v1/ap/pupils/${held.id}` });

    // LA 2 records the same UPN, and a UPN nobody holds: the two answers differ only in their ids and names
    const same = await as('la2').post('/api/v1/ap/pupils', {
      ...pupil(la2, { upnUnknownReason: undefined, upn: 'B801200005001' }),
      givenName: 'Twin',
      familyName: 'Case',
    });
    const fresh = await as('la2').post('/api/v1/ap/pupils', {
      ...pupil(la2, { upnUnknownReason: undefined, upn: 'G80120000101A' }),
      givenName: 'Twin',
      familyName: 'Case',
    });
    const shape = (r: typeof same) => ({
      status: r.status,
      headers: Object.keys(r.headers)
        .filter((h) => !['date', 'etag', 'content-length', 'x-request-id'].includes(h))
        .sort(),
      body: { ...r.body, id: '', upn: '' },
    });
    expect(shape(same)).toEqual(shape(fresh));
    expect(same.status).toBe(201);

    // LA 1's officers are asked to match the records; LA 2's officer sees no such request
    const uow = world.app.get(UnitOfWork);
    const matches = (scope: string[]) =>
      uow.forTenant({ tenantId: p.tenantId, laIds: scope }, (m) =>
        m.query(`SELECT pupil_id, other_pupil_id, other_la_id, status FROM pupil_upn_matches WHERE tenant_id = $1`, [
          p.tenantId,
        ]),
      );
    expect(await matches([la1])).toEqual([
      { pupil_id: held.id, other_pupil_id: same.body.id, other_la_id: la2, status: 'open' },
    ]);
    expect(await matches([la2])).toEqual([]);

    // through the API: LA 1's officer compares LA 2's record by its LA only (not shared); LA 2's sees nothing
    const list = await as('la1').get('/api/v1/ap/pupil-matches?limit=100');
    expect(list.status).toBe(200);
    const match = (list.body.items as { pupil: { pupilId: string }; other: Record<string, unknown> }[]).find(
      (x) => x.pupil.pupilId === held.id,
    )!;
    expect(match).toMatchObject({
      kind: 'other_la',
      status: 'open',
      pupil: { shared: true, upn: 'B801200005001' },
      other: { pupilId: same.body.id, laId: la2, shared: false, givenName: null, dateOfBirth: null },
    });
    expect(JSON.stringify(list.body)).not.toContain('Twin');
    expect(JSON.stringify((await as('la2').get('/api/v1/ap/pupil-matches?limit=100')).body)).not.toContain(held.id);
  });

  it('lets an LA with a data-sharing agreement read the other LA’s pupils', async () => {
    const [la1, la2] = p.las;
    const mine = (await as('la1').post('/api/v1/ap/pupils', pupil(la1))).body as { id: string };
    expect((await as('la2').get(`/api/v1/ap/pupils/${mine.id}`)).status).toBe(404);
    // an agreement in force that grants only the lead's partnership view gives officers nothing
    await world.agreementInForce(p, ['partnership_view']);
    expect((await as('la2').get(`/api/v1/ap/pupils/${mine.id}`)).status).toBe(404);
    const agreement = await as('lead').post('/api/v1/data-sharing-agreements', {
      title: 'AP panel sharing',
      purpose: 'The AP panel of both LAs',
      grants: ['named_pupils'],
      startsOn: '2026-01-01',
      localAuthorityIds: [la1, la2],
    });
    expect(agreement.status).toBe(201);
    const id = (agreement.body as { id: string }).id;
    // proposed, and confirmed by one party only: nothing shared yet
    expect((await as('la2').get(`/api/v1/ap/pupils/${mine.id}`)).status).toBe(404);
    expect((await as('la1').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, { version: 1 })).status).toBe(
      200,
    );
    expect((await as('la2').get(`/api/v1/ap/pupils/${mine.id}`)).status).toBe(404);
    expect((await as('la2').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, { version: 2 })).status).toBe(
      200,
    );
    expect((await as('la2').get(`/api/v1/ap/pupils/${mine.id}`)).status).toBe(200);
    // any party ends it at once
    expect((await as('la1').post(`/api/v1/data-sharing-agreements/${id}/end`, { version: 3 })).status).toBe(200);
    expect((await as('la2').get(`/api/v1/ap/pupils/${mine.id}`)).status).toBe(404);
    // put back in force for the tests that follow
    const again = (
      await as('lead').post('/api/v1/data-sharing-agreements', {
        title: 'AP panel sharing again',
        purpose: 'The AP panel of both LAs',
        grants: ['named_pupils'],
        startsOn: '2026-01-01',
        localAuthorityIds: [la1, la2],
      })
    ).body as { id: string };
    await as('la1').post(`/api/v1/data-sharing-agreements/${again.id}/confirmations`, { version: 1 });
    expect(
      (await as('la2').post(`/api/v1/data-sharing-agreements/${again.id}/confirmations`, { version: 2 })).status,
    ).toBe(200);
  });

  describe('school staff', () => {
    /** A valid UPN of LA 351 with this serial. */
    const upnOf = (serial: number) => {
      const body = `351700012${String(serial).padStart(3, '0')}`;
      return `${computeUpnCheckLetter(body)}${body}`;
    };
    let otherSchool: { token: string };

    beforeAll(async () => {
      const school2 = await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, {
        kind: 'school',
        name: 'app second school',
        urn: String(900000 + Math.floor(Math.random() * 99999)),
        localAuthorityId: p.las[1],
      });
      otherSchool = await world.member(p.tenantId, school2.id, 'setting_staff', 'app-school2');
    });

    it('records a pupil of its own LA as its own record, and reads its own records only', async () => {
      const [, la2] = p.las;
      const r = await as('school').post('/api/v1/ap/pupils', { ...pupil(la2), laId: undefined });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ laId: la2, settingId: p.schoolId, currentSchoolId: p.schoolId });
      expect((await as('school').get(`/api/v1/ap/pupils/${r.body.id}`)).body).toEqual(r.body);
      // the LA's officer reads it too; another school of the same LA does not
      expect((await as('la2').get(`/api/v1/ap/pupils/${r.body.id}`)).status).toBe(200);
      expect(
        (await world.http.get(`/api/v1/ap/pupils/${r.body.id}`).set('Authorization', `Bearer ${otherSchool.token}`))
          .status,
      ).toBe(404);
      const others = await world.http
        .get('/api/v1/ap/pupils?limit=100')
        .set('Authorization', `Bearer ${otherSchool.token}`);
      expect((others.body.items as { id: string }[]).map((i) => i.id)).not.toContain(r.body.id);

      // the LA's own pupils are not the school's to see, by id or in its list
      const las = (await as('la2').post('/api/v1/ap/pupils', pupil(la2))).body as { id: string };
      expect((await as('school').get(`/api/v1/ap/pupils/${las.id}`)).status).toBe(404);
      const list = await as('school').get('/api/v1/ap/pupils?limit=100');
      const ids = (list.body.items as { id: string; settingId: string }[]).map((i) => i.id);
      expect(ids).toContain(r.body.id);
      expect(ids).not.toContain(las.id);
      expect((list.body.items as { settingId: string }[]).every((i) => i.settingId === p.schoolId)).toBe(true);
      // it names its own LA, or none: the laId it sends is checked
      expect((await as('school').post('/api/v1/ap/pupils', pupil(la2))).status).toBe(201);
      expect((await as('school').post('/api/v1/ap/pupils', pupil(p.las[0]))).status).toBe(403);
    });

    it('finds pupils by name or UPN', async () => {
      const [, la2] = p.las;
      const named = await as('school').post('/api/v1/ap/pupils', {
        ...pupil(la2),
        givenName: 'Quentin',
        familyName: 'Searchable',
        upnUnknownReason: undefined,
        upn: upnOf(900),
      });
      expect(named.status).toBe(201);
      const byName = await as('school').get('/api/v1/ap/pupils?q=quentin%20sEARCH');
      expect((byName.body.items as { id: string }[]).map((i) => i.id)).toEqual([named.body.id]);
      const byUpn = await as('la2').get(`/api/v1/ap/pupils?q=${upnOf(900).toLowerCase()}`);
      expect((byUpn.body.items as { id: string }[]).map((i) => i.id)).toEqual([named.body.id]);
      expect((await as('school').get('/api/v1/ap/pupils?q=%25')).body.items).toEqual([]);
    });

    it('answers 409 for its own duplicate; a UPN its LA holds gets the answer of an unknown UPN, and only the LA’s officers are asked to match', async () => {
      const [, la2] = p.las;
      const held = (
        await as('la2').post('/api/v1/ap/pupils', pupil(la2, { upnUnknownReason: undefined, upn: upnOf(1) }))
      ).body as { id: string };
      const same = await as('school').post('/api/v1/ap/pupils', {
        ...pupil(la2, { upnUnknownReason: undefined, upn: upnOf(1) }),
        givenName: 'Schooled',
        familyName: 'Twin',
      });
      const fresh = await as('school').post('/api/v1/ap/pupils', {
        ...pupil(la2, { upnUnknownReason: undefined, upn: upnOf(2) }),
        givenName: 'Schooled',
        familyName: 'Twin',
      });
      const shape = (r: typeof same) => ({
        status: r.status,
        headers: Object.keys(r.headers)
          .filter((h) => !['date', 'etag', 'content-length', 'x-request-id'].includes(h))
          .sort(),
        body: { ...r.body, id: '', upn: '' },
      });
      expect(same.status).toBe(201);
      expect(shape(same)).toEqual(shape(fresh));

      // the school's own record again: 409 with its own record's link (never the LA's)
      const again = await as('school').post(
        '/api/v1/ap/pupils',
        pupil(la2, { upnUnknownReason: undefined, upn: upnOf(1) }),
      );
      expect(again.status).toBe(409);
      expect(again.body.existing).toEqual({ id: same.body.id, href: `/api/v1/ap/pupils/${same.body.id}` });
      // the same new UPN sent twice at once: one is recorded, the other gets its link
      const twice = await Promise.all(
        [0, 1].map(() =>
          as('school').post('/api/v1/ap/pupils', pupil(la2, { upnUnknownReason: undefined, upn: upnOf(4) })),
        ),
      );
      expect(twice.map((r) => r.status).sort()).toEqual([201, 409]);
      const [won, lost] = twice[0].status === 201 ? twice : [twice[1], twice[0]];
      expect(lost.body.existing).toEqual({ id: won.body.id, href: `/api/v1/ap/pupils/${won.body.id}` });
      // the officer holding the UPN sees the school's record in their scope: 409 too
      const officer = await as('la2').post(
        '/api/v1/ap/pupils',
        pupil(la2, { upnUnknownReason: undefined, upn: upnOf(2) }),
      );
      expect(officer.status).toBe(409);
      expect(officer.body.existing.id).toBe(fresh.body.id);

      // LA 2's officer compares both records in full; LA 1's officer and the school see nothing
      const list = await as('la2').get('/api/v1/ap/pupil-matches?limit=100');
      expect(list.status).toBe(200);
      const match = (list.body.items as { id: string; pupil: { pupilId: string } }[]).find(
        (x) => x.pupil.pupilId === held.id,
      )!;
      expect(match).toMatchObject({
        kind: 'school_record',
        status: 'open',
        pupil: {
          pupilId: held.id,
          laId: la2,
          shared: true,
          settingId: null,
          upn: upnOf(1),
          dateOfBirth: '2013-04-12',
          recordedBy: 'app LA two',
        },
        other: {
          pupilId: same.body.id,
          laId: la2,
          shared: true,
          settingId: p.schoolId,
          givenName: 'Schooled',
          familyName: 'Twin',
          recordedBy: 'app school',
          currentSchoolName: 'app school',
        },
      });
      expect(JSON.stringify((await as('la1').get('/api/v1/ap/pupil-matches?limit=100')).body)).not.toContain(match.id);
      for (const who of ['school', 'lead', 'provider', 'workforce', 'dpo']) {
        expect([who, (await as(who).get('/api/v1/ap/pupil-matches')).status]).toEqual([who, 403]);
        expect([
          who,
          (await as(who).post(`/api/v1/ap/pupil-matches/${match.id}/resolve`, { outcome: 'same_child' })).status,
        ]).toEqual([who, 403]);
      }
    });

    it('asks a partner LA to match a UPN it holds when a school records it, although their LAs share by agreement', async () => {
      const [la1, la2] = p.las;
      // the agreement between the two LAs is in force (an earlier test recorded it)
      const held = (
        await as('la1').post('/api/v1/ap/pupils', pupil(la1, { upnUnknownReason: undefined, upn: upnOf(7) }))
      ).body as { id: string };
      const mine = await as('school').post('/api/v1/ap/pupils', {
        ...pupil(la2, { upnUnknownReason: undefined, upn: upnOf(7) }),
      });
      expect(mine.status).toBe(201);
      const list = (await as('la1').get('/api/v1/ap/pupil-matches?limit=100')).body.items as {
        pupil: { pupilId: string };
        other: { pupilId: string };
      }[];
      expect(list.find((x) => x.pupil.pupilId === held.id)?.other.pupilId).toBe(mine.body.id);
    });

    it('lets the holding LA’s officer decide a match request once: a second decision answers 409, another LA 404', async () => {
      const [, la2] = p.las;
      const held = (
        await as('la2').post('/api/v1/ap/pupils', pupil(la2, { upnUnknownReason: undefined, upn: upnOf(3) }))
      ).body as { id: string };
      expect(
        (await as('school').post('/api/v1/ap/pupils', pupil(la2, { upnUnknownReason: undefined, upn: upnOf(3) })))
          .status,
      ).toBe(201);
      const match = (
        (await as('la2').get('/api/v1/ap/pupil-matches?limit=100')).body.items as {
          id: string;
          pupil: { pupilId: string };
        }[]
      ).find((x) => x.pupil.pupilId === held.id)!;

      const bad = await as('la2').post(`/api/v1/ap/pupil-matches/${match.id}/resolve`, { outcome: 'maybe' });
      expect(bad.status).toBe(400);
      expect(fields(bad.body)).toEqual(['outcome']);
      expect(
        (await as('la2').post(`/api/v1/ap/pupil-matches/${match.id}/resolve`, { outcome: 'same_child', extra: 1 }))
          .status,
      ).toBe(400);
      expect(
        (await as('la1').post(`/api/v1/ap/pupil-matches/${match.id}/resolve`, { outcome: 'same_child' })).status,
      ).toBe(404);

      // two decisions sent together: one wins, the other answers 409
      const [one, two] = await Promise.all([
        as('la2').post(`/api/v1/ap/pupil-matches/${match.id}/resolve`, { outcome: 'same_child' }),
        as('la2').post(`/api/v1/ap/pupil-matches/${match.id}/resolve`, { outcome: 'different_children' }),
      ]);
      expect([one.status, two.status].sort()).toEqual([200, 409]);
      const winner = one.status === 200 ? one : two;
      expect(winner.body).toEqual({ id: match.id, status: winner === one ? 'same_child' : 'different_children' });
      const third = await as('la2').post(`/api/v1/ap/pupil-matches/${match.id}/resolve`, { outcome: 'same_child' });
      expect(third.status).toBe(409);
      expect(third.body.outcome).toBe(winner.body.status);
      // decided requests leave the open list
      expect(JSON.stringify((await as('la2').get('/api/v1/ap/pupil-matches?limit=100')).body)).not.toContain(match.id);
      expect(
        (await as('la2').post('/api/v1/ap/pupil-matches/not-a-uuid/resolve', { outcome: 'same_child' })).status,
      ).toBe(404);

      // every read and the decision are audited
      const uow = world.app.get(UnitOfWork);
      const actions = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
        m.query(
          `SELECT action FROM audit_events WHERE tenant_id = $1 AND subject_ids @> ARRAY[$2]::uuid[] ORDER BY occurred_at`,
          [p.tenantId, held.id],
        ),
      )) as { action: string }[];
      expect(actions.map((a) => a.action)).toEqual(
        expect.arrayContaining(['pupil.create', 'pupil_match.list', 'pupil_match.resolve']),
      );
    });
  });
});
