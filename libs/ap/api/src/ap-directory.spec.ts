import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { AuthContext, PrincipalResolver } from '@rep-hub/auth';
import { COMMISSIONED_PLACES, ReadContracts } from '@rep-hub/contracts';
import { ClsService } from 'nestjs-cls';
import { startApiWorld } from './testing';

/** The AP directory through the API on real PostgreSQL: who may change it, checks, places. */
describe('AP directory', () => {
  let world: ApiWorld;
  let p: Partnership;
  let urnSeq = 246800;

  beforeAll(async () => {
    world = await startApiWorld();
    p = await world.partnership('apd', ['340', '341']);
  });
  afterAll(() => world?.close());

  const as = (who: string) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${p.members[who].token}`),
    post: (path: string, body: object) =>
      world.http.post(path).set('Authorization', `Bearer ${p.members[who].token}`).send(body),
    put: (path: string, body: object) =>
      world.http.put(path).set('Authorization', `Bearer ${p.members[who].token}`).send(body),
  });
  const newProvider = async (extra: object = {}) => {
    const r = await as('la1').post('/api/v1/ap/providers', {
      name: `Provider ${urnSeq}`,
      providerType: 'pru',
      urn: String(urnSeq++),
      tiers: ['tier_2', 'tier_3'],
      ...extra,
    });
    expect(r.status).toBe(201);
    return r.body as { id: string; name: string; tiers: string[] };
  };
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

  it('declares its provider organisations, which need a URN or a UKPRN, and its provider staff role', async () => {
    const orgs = `/api/v1/admin/tenants/${p.tenantId}/organisations`;
    const noIds = await world.admin('post', orgs, { kind: 'ap_provider', name: 'No ids' });
    expect(noIds.status).toBe(400);
    expect(fields(noIds.body)).toEqual(['urn']);
    expect(
      (await world.admin('post', orgs, { kind: 'ap_provider', name: 'With a UKPRN', ukprn: '10099887' })).status,
    ).toBe(201);
    expect(p.members.provider.membershipId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets an LA officer add a provider, refuses a duplicate URN (409) and names each bad field', async () => {
    const made = await newProvider({ name: 'Irwell Learning Centre', urn: '135700' });
    expect(made).toMatchObject({ name: 'Irwell Learning Centre', tiers: ['tier_2', 'tier_3'], status: 'active' });
    const again = await as('lead').post('/api/v1/ap/providers', {
      name: 'Another name',
      providerType: 'pru',
      urn: '135700',
      tiers: ['tier_2'],
    });
    expect(again.status).toBe(409);
    const bad = await as('la1').post('/api/v1/ap/providers', {
      name: '',
      providerType: 'castle',
      urn: '12',
      tiers: ['tier_9'],
    });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(fields(bad.body)).toEqual(['name', 'providerType', 'tiers', 'urn']);
    // a registered provider needs a URN or UKPRN; unregistered provision needs neither
    expect(
      fields(
        (await as('la1').post('/api/v1/ap/providers', { name: 'No ids', providerType: 'pru', tiers: ['tier_1'] })).body,
      ),
    ).toEqual(['urn']);
    expect(
      (
        await as('la1').post('/api/v1/ap/providers', {
          name: 'Farm project',
          providerType: 'unregistered_provision',
          tiers: ['tier_1'],
        })
      ).status,
    ).toBe(201);
    // an unknown field is refused, not ignored
    expect(
      (
        await as('la1').post('/api/v1/ap/providers', {
          name: 'X',
          providerType: 'pru',
          urn: '135701',
          tiers: ['tier_1'],
          rating: 5,
        })
      ).status,
    ).toBe(400);
  });

  it('lets every member read the directory but only LA officers and the lead change it', async () => {
    const provider = await newProvider();
    for (const who of ['school', 'provider', 'workforce', 'dpo', 'lead', 'la2']) {
      expect((await as(who).get(`/api/v1/ap/providers/${provider.id}`)).status).toBe(200);
    }
    for (const who of ['school', 'provider', 'workforce', 'dpo']) {
      expect(
        (
          await as(who).post('/api/v1/ap/providers', {
            name: 'Not allowed',
            providerType: 'pru',
            urn: '135702',
            tiers: ['tier_1'],
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await as(who).post(`/api/v1/ap/providers/${provider.id}/quality-checks`, {
            kind: 'insurance',
            checkedOn: '2026-09-01',
            expiresOn: '2027-08-31',
          })
        ).status,
      ).toBe(403);
    }
    expect((await as('la1').get('/api/v1/ap/providers/6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d')).status).toBe(404);
    expect((await as('la1').get('/api/v1/ap/providers/not-a-uuid')).status).toBe(404);
  });

  it('blocks offers until every required check is recorded and in date, and again when one has expired', async () => {
    const provider = await newProvider();
    const detail = async () =>
      (await as('la2').get(`/api/v1/ap/providers/${provider.id}`)).body as {
        offerability: { canReceiveOffers: boolean; blockedBy: { kind: string; reason: string; expiredOn?: string }[] };
        checks: { kind: string; expired: boolean }[];
      };
    expect((await detail()).offerability).toEqual({
      canReceiveOffers: false,
      blockedBy: [
        { kind: 'due_diligence', reason: 'missing' },
        { kind: 'safeguarding', reason: 'missing' },
        { kind: 'insurance', reason: 'missing' },
      ],
    });
    for (const kind of ['due_diligence', 'safeguarding', 'insurance']) {
      const r = await as('la1').post(`/api/v1/ap/providers/${provider.id}/quality-checks`, {
        kind,
        checkedOn: '2026-09-01',
        expiresOn: '2027-08-31',
      });
      expect(r.status).toBe(201);
    }
    expect((await detail()).offerability).toEqual({ canReceiveOffers: true, blockedBy: [] });
    // the list says the same, for the whole page at once
    const listed = (
      (await as('school').get('/api/v1/ap/providers?limit=100')).body.items as {
        id: string;
        offerability: { canReceiveOffers: boolean };
      }[]
    ).find((i) => i.id === provider.id);
    expect(listed?.offerability.canReceiveOffers).toBe(true);
    // an inspection recorded with its body and outcome; one that has lapsed blocks offers
    const inspection = await as('lead').post(`/api/v1/ap/providers/${provider.id}/quality-checks`, {
      kind: 'inspection',
      checkedOn: '2022-03-01',
      expiresOn: '2025-03-01',
    });
    expect(fields(inspection.body)).toEqual(['body', 'outcome']);
    expect(
      (
        await as('lead').post(`/api/v1/ap/providers/${provider.id}/quality-checks`, {
          kind: 'inspection',
          checkedOn: '2022-03-01',
          expiresOn: '2025-03-01',
          body: 'Ofsted',
          outcome: 'Good',
        })
      ).status,
    ).toBe(201);
    const after = await detail();
    expect(after.offerability).toEqual({
      canReceiveOffers: false,
      blockedBy: [{ kind: 'inspection', reason: 'expired', expiredOn: '2025-03-01' }],
    });
    expect(after.checks.find((c) => c.kind === 'inspection')?.expired).toBe(true);
    // bad dates are named
    const dates = await as('la1').post(`/api/v1/ap/providers/${provider.id}/quality-checks`, {
      kind: 'insurance',
      checkedOn: '2026-02-30',
      expiresOn: 'soon',
    });
    expect(fields(dates.body)).toEqual(['checkedOn', 'expiresOn']);
    const order = await as('la1').post(`/api/v1/ap/providers/${provider.id}/quality-checks`, {
      kind: 'insurance',
      checkedOn: '2026-09-01',
      expiresOn: '2026-08-01',
    });
    expect(fields(order.body)).toEqual(['expiresOn']);
  });

  it('gives the places to other modules through the commissioned-places read contract, in the reader’s own scope', async () => {
    const provider = await newProvider();
    const [own, other] = p.las;
    expect(
      (
        await as('la1').put(`/api/v1/ap/providers/${provider.id}/places`, {
          laId: own,
          tier: 'tier_3',
          academicYear: '2031/32',
          places: 7,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await as('lead').put(`/api/v1/ap/providers/${provider.id}/places`, {
          laId: other,
          tier: 'tier_2',
          academicYear: '2031/32',
          places: 3,
        })
      ).status,
    ).toBe(200);
    const read = async (who: string) => {
      const principal = (await world.app.get(PrincipalResolver).resolve(p.members[who].token))!;
      return world.app.get(ClsService).run(() => {
        world.app.get(AuthContext).setPrincipal(principal);
        return world.app.get(ReadContracts).require(COMMISSIONED_PLACES).commissionedPlaces('2031/32');
      });
    };
    const rows = await read('lead');
    expect(rows.map((r) => [r.laId, r.providerId, r.tier, r.places]).sort()).toEqual(
      [
        [own, provider.id, 'tier_3', 7],
        [other, provider.id, 'tier_2', 3],
      ].sort(),
    );
    expect(rows[0]).toMatchObject({ providerName: provider.name, academicYear: '2031/32', laName: expect.any(String) });
    // another partnership's reader sees none of them (RLS), and a year with none is empty
    const q = await world.partnership('apd-other', ['342', '343']);
    const principal = (await world.app.get(PrincipalResolver).resolve(q.members.lead.token))!;
    const theirs = await world.app.get(ClsService).run(() => {
      world.app.get(AuthContext).setPrincipal(principal);
      return world.app.get(ReadContracts).require(COMMISSIONED_PLACES).commissionedPlaces('2031/32');
    });
    expect(theirs).toEqual([]);
  });

  it('lets an LA officer set their own LA’s places only; the lead sets any LA’s', async () => {
    const provider = await newProvider();
    const [own, other] = p.las;
    const set = (who: string, laId: string, places: number, tier = 'tier_2') =>
      as(who).put(`/api/v1/ap/providers/${provider.id}/places`, { laId, tier, academicYear: '2026/27', places });
    expect((await set('la1', own, 12)).body).toMatchObject({
      laId: own,
      tier: 'tier_2',
      academicYear: '2026/27',
      places: 12,
    });
    expect((await set('la1', other, 5)).status).toBe(403);
    expect((await set('lead', other, 5)).status).toBe(200);
    expect((await set('la1', own, 14)).status).toBe(200);
    expect((await set('school', own, 1)).status).toBe(403);
    const notOffered = await set('la1', own, 3, 'tier_1');
    expect(notOffered.status).toBe(400);
    expect(fields(notOffered.body)).toEqual(['tier']);
    const places = (
      (await as('la1').get(`/api/v1/ap/providers/${provider.id}`)).body as {
        places: { laId: string; places: number }[];
      }
    ).places;
    expect(places.map((x) => [x.laId, x.places]).sort()).toEqual(
      [
        [own, 14],
        [other, 5],
      ].sort(),
    );
    const badYear = await as('la1').put(`/api/v1/ap/providers/${provider.id}/places`, {
      laId: own,
      tier: 'tier_2',
      academicYear: '2026/28',
      places: -1,
    });
    expect(fields(badYear.body)).toEqual(['academicYear', 'places']);
  });

  it('lists providers by name in keyset pages, and by tier', async () => {
    await newProvider({ name: 'Tier one only', tiers: ['tier_1'] });
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await as('school').get(`/api/v1/ap/providers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      all.push(...(r.body.items as { name: string }[]).map((i) => i.name));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(all).toEqual([...all].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    expect(new Set(all).size).toBe(all.length);
    const tierOne = (await as('school').get('/api/v1/ap/providers?tier=tier_1&limit=100')).body.items as {
      tiers: string[];
    }[];
    expect(tierOne.length).toBeGreaterThan(0);
    expect(tierOne.every((i) => i.tiers.includes('tier_1'))).toBe(true);
    expect((await as('school').get('/api/v1/ap/providers?tier=tier_9')).status).toBe(400);
  });
});
