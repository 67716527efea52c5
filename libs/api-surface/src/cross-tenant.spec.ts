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
  // pupils are LA-scoped too; the LA wall is tested in ap-pupils.spec.ts (here the two LAs share by agreement)
  'GET /api/v1/ap/pupils': { kind: 'list', as: 'la1', path: () => '/api/v1/ap/pupils?limit=100', ownIds: (a) => [pupilOf.get(a.tenantId)!] },
  'GET /api/v1/ap/pupils/:id': { kind: 'record', as: 'la1', path: (a) => `/api/v1/ap/pupils/${pupilOf.get(a.tenantId)}` },
  'GET /api/v1/audit/access': { kind: 'list', as: 'dpo', path: (a) => `/api/v1/audit/access?subjectId=${a.las[0]}`, ownIds: (_a, body) => body.items.map((i) => i.id) },
};

/** Routes outside the tenant scope: own-session routes and the platform admin's onboarding. */
const NOT_TENANT_DATA = (r: RouteInfo) =>
  r.isPublic || r.policy?.action === 'authenticated' || r.path.startsWith('/api/v1/admin/') || !r.path.startsWith('/api/');

const agreementOf = new Map<string, string>();
const providerOf = new Map<string, string>();
const pupilOf = new Map<string, string>();

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
