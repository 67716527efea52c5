import { apPlacement, ApPlacementFixture, apProvider } from './testing/ap-fixtures';
import { ApiWorld, Partnership } from './testing/api-world';
import { RouteInfo, routeTable } from './testing/routes';

/**
 * The generated cross-tenant suite. Every signed-in, tenant-scoped route of the API must have a
 * fixture here (a later module adds its routes' fixtures in the same way); for each, a user of
 * partnership B against partnership A's ids answers 404, and A's ids never appear in B's lists.
 * Where a route is LA-scoped, an LA officer of A's other LA gets the same treatment.
 */
type Who = keyof Partnership['members'];

interface RecordFixture {
  kind: 'record';
  /** The role that may use the route in its own partnership (so a 404 proves isolation, not role). */
  as: Who;
  path: (a: Partnership) => string;
  laScoped?: { otherLa: Who; path: (a: Partnership) => string };
}

interface ListFixture {
  kind: 'list';
  as: Who;
  path: (a: Partnership) => string;
  /** Ids of A's rows that A's user sees in this list. */
  ownIds: (a: Partnership, body: { items: { id: string }[] }) => string[];
  /** LA-scoped lists: an officer of an LA outside the data-sharing agreement sees none of them either. */
  laScoped?: { otherLa: Who };
}

type Fixture = RecordFixture | ListFixture;

const FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/organisations': { kind: 'list', as: 'la1', path: () => '/api/v1/organisations?limit=100', ownIds: (a) => [...a.las, a.schoolId, a.providerId] },
  'GET /api/v1/organisations/:id': { kind: 'record', as: 'la1', path: (a) => `/api/v1/organisations/${a.schoolId}` },
  'GET /api/v1/data-sharing-agreements': { kind: 'list', as: 'lead', path: () => '/api/v1/data-sharing-agreements', ownIds: (_a, body) => body.items.map((i) => i.id) },
  'GET /api/v1/data-sharing-agreements/:id': { kind: 'record', as: 'lead', path: (a) => `/api/v1/data-sharing-agreements/${agreementOf.get(a.tenantId)}` },
  'GET /api/v1/people': { kind: 'list', as: 'lead', path: () => '/api/v1/people?limit=100', ownIds: (a) => Object.values(a.members).map((m) => m.userId) },
  'GET /api/v1/ap/providers': { kind: 'list', as: 'la1', path: () => '/api/v1/ap/providers?limit=100', ownIds: (a) => [providerOf.get(a.tenantId)!] },
  'GET /api/v1/ap/providers/:id': { kind: 'record', as: 'la1', path: (a) => `/api/v1/ap/providers/${providerOf.get(a.tenantId)}` },
  // LA-scoped: the partnership's first two LAs share by agreement; its third LA (la3) is outside it
  'GET /api/v1/ap/pupils': { kind: 'list', as: 'la1', path: () => '/api/v1/ap/pupils?limit=100', ownIds: (a) => [pupilOf.get(a.tenantId)!], laScoped: { otherLa: 'la3' } },
  'GET /api/v1/ap/pupils/:id': { kind: 'record', as: 'la1', path: (a) => `/api/v1/ap/pupils/${pupilOf.get(a.tenantId)}`, laScoped: { otherLa: 'la3', path: (a) => `/api/v1/ap/pupils/${pupilOf.get(a.tenantId)}` } },
  // the school (of LA two) recorded a UPN LA two holds: a match request for LA two's officers only
  'GET /api/v1/ap/pupil-matches': { kind: 'list', as: 'la2', path: () => '/api/v1/ap/pupil-matches?limit=100', ownIds: (_a, body) => body.items.map((i) => i.id), laScoped: { otherLa: 'la3' } },
  'GET /api/v1/ap/cases': { kind: 'list', as: 'la1', path: () => '/api/v1/ap/cases?limit=100', ownIds: (a) => [caseOf.get(a.tenantId)!], laScoped: { otherLa: 'la3' } },
  'GET /api/v1/ap/cases/:id': { kind: 'record', as: 'la1', path: (a) => `/api/v1/ap/cases/${caseOf.get(a.tenantId)}`, laScoped: { otherLa: 'la3', path: (a) => `/api/v1/ap/cases/${caseOf.get(a.tenantId)}` } },
  'GET /api/v1/ap/case-summaries': { kind: 'list', as: 'lead', path: () => '/api/v1/ap/case-summaries?limit=100', ownIds: (a) => [caseOf.get(a.tenantId)!] },
  'GET /api/v1/ap/la-settings': { kind: 'list', as: 'la1', path: () => '/api/v1/ap/la-settings', ownIds: (a) => a.las },
  'GET /api/v1/ap/la-settings/:laId': { kind: 'record', as: 'la1', path: (a) => `/api/v1/ap/la-settings/${a.las[0]}` },
  'GET /api/v1/audit/access': { kind: 'list', as: 'dpo', path: (a) => `/api/v1/audit/access?subjectId=${a.las[0]}`, ownIds: (_a, body) => body.items.map((i) => i.id) },
};

/**
 * Writes: B's user sends A's ids (in the path: 404; in the body: a 4xx naming the field or
 * refusing the role), and nothing of A's changes. `otherLa` sends them as A's officer of an LA
 * outside the agreement, for LA-scoped records.
 */
interface WriteFixture {
  as: Who;
  path: (a: Partnership) => string;
  body: (a: Partnership) => object;
  /** 404 when A's id is in the path; otherwise any of 400, 403, 404. */
  inPath: boolean;
  otherLa?: Who;
}

const WRITES: Record<string, WriteFixture> = {
  'POST /api/v1/data-sharing-agreements': { as: 'lead', inPath: false, path: () => '/api/v1/data-sharing-agreements', body: (a) => ({ title: 'Theirs', startsOn: '2026-01-01', localAuthorityIds: a.las }) },
  'POST /api/v1/ap/providers': { as: 'lead', inPath: false, path: () => '/api/v1/ap/providers', body: (a) => ({ name: 'Theirs', providerType: 'pru', ukprn: '10012345', tiers: ['tier_2'], organisationId: a.providerId }) },
  'POST /api/v1/ap/providers/:id/quality-checks': { as: 'lead', inPath: true, path: (a) => `/api/v1/ap/providers/${providerOf.get(a.tenantId)}/quality-checks`, body: () => ({ kind: 'insurance', checkedOn: '2026-09-01', expiresOn: '2027-08-31' }) },
  'PUT /api/v1/ap/providers/:id/places': { as: 'lead', inPath: true, path: (a) => `/api/v1/ap/providers/${providerOf.get(a.tenantId)}/places`, body: (a) => ({ laId: a.las[0], tier: 'tier_2', academicYear: '2026/27', places: 99 }) },
  'POST /api/v1/ap/pupils': { as: 'la1', inPath: false, path: () => '/api/v1/ap/pupils', body: (a) => ({ laId: a.las[0], upnUnknownReason: 'UN2', givenName: 'Theirs', familyName: 'Pupil', dateOfBirth: '2014-02-02' }) },
  'POST /api/v1/ap/pupil-matches/:id/resolve': { as: 'la2', inPath: true, otherLa: 'la3', path: (a) => `/api/v1/ap/pupil-matches/${matchOf.get(a.tenantId)}/resolve`, body: () => ({ outcome: 'different_children' }) },
  'POST /api/v1/ap/cases': { as: 'la1', inPath: false, path: () => '/api/v1/ap/cases', body: (a) => ({ route: 'la_commission', pupilId: pupilOf.get(a.tenantId), reason: 'medical_needs', requestedTier: 'tier_2', familyViews: 'x', childViews: 'x' }) },
  'POST /api/v1/ap/cases/:id/transitions': { as: 'la1', inPath: true, otherLa: 'la3', path: (a) => `/api/v1/ap/cases/${caseOf.get(a.tenantId)}/transitions`, body: () => ({ action: 'withdraw', note: 'Not theirs to withdraw' }) },
  'PUT /api/v1/ap/la-settings/:laId': { as: 'la1', inPath: true, path: (a) => `/api/v1/ap/la-settings/${a.las[0]}`, body: () => ({ tier2Weeks: 3 }) },
};

const matchOf = new Map<string, string>();

/** Routes outside the tenant scope: own-session routes and the platform admin's onboarding. */
const NOT_TENANT_DATA = (r: RouteInfo) =>
  r.isPublic || r.policy?.action === 'authenticated' || r.path.startsWith('/api/v1/admin/') || !r.path.startsWith('/api/');

const agreementOf = new Map<string, string>();
const providerOf = new Map<string, string>();
const pupilOf = new Map<string, string>();
const caseOf = new Map<string, string>();
/** An active tier 2 placement per partnership (LA one's commission at the provider organisation), for the oversight routes. */
const placementOf = new Map<string, ApPlacementFixture>();

describe('cross-tenant isolation of every tenant route', () => {
  let world: ApiWorld;
  let a: Partnership;
  let b: Partnership;
  let routes: RouteInfo[];

  beforeAll(async () => {
    world = await ApiWorld.start();
    a = await world.partnership('xa', ['330', '331']);
    b = await world.partnership('xb', ['800', '801']);
    for (const p of [a, b]) {
      const r = await world.http
        .post('/api/v1/data-sharing-agreements')
        .set('Authorization', `Bearer ${p.members.lead.token}`)
        .send({ title: 'Cross-tenant fixture', startsOn: '2026-01-01', localAuthorityIds: p.las });
      agreementOf.set(p.tenantId, r.body.id);
      const provider = await world.http
        .post('/api/v1/ap/providers')
        .set('Authorization', `Bearer ${p.members.lead.token}`)
        .send({ name: `Provider of ${p.tenantId.slice(0, 8)}`, providerType: 'pru', urn: p === a ? '135791' : '135792', tiers: ['tier_2'] });
      expect(provider.status).toBe(201);
      providerOf.set(p.tenantId, provider.body.id);
      const pupil = await world.http
        .post('/api/v1/ap/pupils')
        .set('Authorization', `Bearer ${p.members.la1.token}`)
        .send({ laId: p.las[0], upn: 'H801200001001', givenName: 'Cross', familyName: 'Tenant', dateOfBirth: '2014-02-02' });
      expect(pupil.status).toBe(201);
      pupilOf.set(p.tenantId, pupil.body.id);
      for (const who of ['la2', 'school'] as const) {
        const r = await world.http
          .post('/api/v1/ap/pupils')
          .set('Authorization', `Bearer ${p.members[who].token}`)
          .send({ laId: p.las[1], upn: 'B801200005001', givenName: 'Cross', familyName: 'Match', dateOfBirth: '2014-02-02' });
        expect(r.status).toBe(201);
      }
      const apCase = await world.http
        .post('/api/v1/ap/cases')
        .set('Authorization', `Bearer ${p.members.la1.token}`)
        .send({ route: 'la_commission', pupilId: pupil.body.id, reason: 'medical_needs', requestedTier: 'tier_2', familyViews: 'Agree', childViews: 'Agree' });
      expect(apCase.status).toBe(201);
      caseOf.set(p.tenantId, apCase.body.id);
      // a third LA, outside the data-sharing agreement: the cross-LA half of the suite
      const la3 = await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, { kind: 'local_authority', name: 'Third LA', laNumber: p === a ? '332' : '802' });
      p.members['la3'] = await world.member(p.tenantId, la3.id, 'la_officer', 'x-la3');
      placementOf.set(p.tenantId, await apPlacement(world, p, await apProvider(world, p), { startedDaysAgo: 14 }));
    }
    for (const p of [a, b]) {
      const matches = await world.http.get('/api/v1/ap/pupil-matches').set('Authorization', `Bearer ${p.members.la2.token}`);
      expect(matches.body.items.length).toBeGreaterThan(0);
      matchOf.set(p.tenantId, matches.body.items[0].id);
    }
    routes = routeTable(world.app);
  });
  afterAll(() => world?.close());

  const call = (method: string, path: string, token: string) =>
    (world.http as unknown as Record<string, (p: string) => ReturnType<ApiWorld['http']['get']>>)[method.toLowerCase()](path).set('Authorization', `Bearer ${token}`);

  it('has a fixture for every tenant-scoped route (add one when you add a route)', () => {
    const tenantRoutes = routes.filter((r) => !NOT_TENANT_DATA(r)).map((r) => `${r.method} ${r.path}`);
    const reads = tenantRoutes.filter((r) => r.startsWith('GET '));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((r) => !FIXTURES[r])).toEqual([]);
    const writes = tenantRoutes.filter((r) => !r.startsWith('GET '));
    expect(writes.filter((r) => !WRITES[r])).toEqual([]);
  });

  it("refuses B's users every write with A's ids, and an officer of A's other LA every write to an LA-scoped record", async () => {
    const state = async () => [
      (await call('GET', `/api/v1/ap/cases/${caseOf.get(a.tenantId)}`, a.members.la1.token)).body.version,
      (await call('GET', `/api/v1/ap/la-settings/${a.las[0]}`, a.members.la1.token)).body.version,
      (await call('GET', `/api/v1/ap/providers/${providerOf.get(a.tenantId)}`, a.members.la1.token)).body.checks.length,
      (await call('GET', '/api/v1/ap/pupil-matches', a.members.la2.token)).body.items.length,
    ];
    const before = await state();
    for (const [route, f] of Object.entries(WRITES)) {
      const [method] = route.split(' ');
      const r = await call(method, f.path(a), b.members[f.as].token).send(f.body(a));
      if (f.inPath) expect([route, r.status]).toEqual([route, 404]);
      else expect([route, [400, 403, 404].includes(r.status)]).toEqual([route, true]);
      if (f.otherLa) {
        const la = await call(method, f.path(a), a.members[f.otherLa].token).send(f.body(a));
        expect([route, 'other LA', la.status]).toEqual([route, 'other LA', 404]);
      }
    }
    expect(await state()).toEqual(before);
  });

  it("answers 404 to partnership B for each of A's records, which A itself can read", async () => {
    for (const [route, f] of Object.entries(FIXTURES)) {
      if (f.kind !== 'record') continue;
      const [method] = route.split(' ');
      const own = await call(method, f.path(a), a.members[f.as].token);
      expect([route, own.status]).toEqual([route, 200]);
      const other = await call(method, f.path(a), b.members[f.as].token);
      expect([route, other.status]).toEqual([route, 404]);
      if (f.laScoped) {
        const otherLa = await call(method, f.laScoped.path(a), a.members[f.laScoped.otherLa].token);
        expect([route, 'other LA', otherLa.status]).toEqual([route, 'other LA', 404]);
      }
    }
  });

  it("never shows A's ids in B's lists", async () => {
    for (const [route, f] of Object.entries(FIXTURES)) {
      if (f.kind !== 'list') continue;
      const own = await call('GET', f.path(a), a.members[f.as].token);
      expect([route, own.status]).toEqual([route, 200]);
      const aIds = f.ownIds(a, own.body);
      expect([route, aIds.length > 0]).toEqual([route, true]);
      const other = await call('GET', f.path(a), b.members[f.as].token);
      expect([route, other.status]).toEqual([route, 200]);
      const seen = JSON.stringify(other.body);
      expect([route, aIds.filter((id) => seen.includes(id))]).toEqual([route, []]);
      if (f.laScoped) {
        const otherLa = await call('GET', f.path(a), a.members[f.laScoped.otherLa].token);
        expect([route, 'other LA', otherLa.status]).toEqual([route, 'other LA', 200]);
        const seenLa = JSON.stringify(otherLa.body);
        expect([route, 'other LA', aIds.filter((id) => seenLa.includes(id))]).toEqual([route, 'other LA', []]);
      }
    }
  });

  it("refuses B's users every platform admin route", async () => {
    for (const r of routes.filter((x) => x.path.startsWith('/api/v1/admin/'))) {
      const path = r.path.replace(':tenantId', a.tenantId).replace(':userId', a.members.la1.userId).replace(':membershipId', a.members.la1.membershipId);
      const res = await call(r.method, path, b.members.lead.token);
      expect([`${r.method} ${r.path}`, res.status]).toEqual([`${r.method} ${r.path}`, 403]);
    }
  });
});
