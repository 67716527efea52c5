import { ApiWorld, Member, Partnership, RouteInfo, routeTable } from '@rep-hub/api-surface/testing';
import { PRODUCT_API_MODULES, PRODUCT_PARTNERSHIP_EXTRAS } from './product';

/**
 * ICB and parent carer forum members (issue 20) see no child, ever: over every tenant route of the
 * product's API, their reads are refused unless the route is one of the partnership-wide ones that
 * name no child (organisations, people, agreements, the AP directory, each LA's AP practice,
 * local inclusion plans and the sufficiency of places of a plan),
 * and nothing they are shown carries a pupil's or a case's id or name. A new route joins the check
 * by existing.
 */
const PARTNERSHIP_WIDE_SUBJECTS = [
  'Tenant',
  'Organisation',
  'Membership',
  'DataSharingAgreement',
  'ApProvider',
  'ApLaSettings',
  'InclusionPlan',
  // a plan's places by LA, type and year: places, not children (docs/security.md)
  'InclusionPlanSufficiency',
  // local partnerships and plan actions: every member reads them, and nothing in them is about a child (issue 21)
  'LocalPartnership',
  'LocalPartnershipMeeting',
  'InclusionPlanAction',
];

describe('partnership-wide roles open no child', () => {
  let world: ApiWorld;
  let a: Partnership;
  let routes: RouteInfo[];
  const child: { pupilId?: string; caseId?: string } = {};
  const members = {} as Record<'icb' | 'forum', Member>;

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: PRODUCT_API_MODULES, partnershipExtras: PRODUCT_PARTNERSHIP_EXTRAS });
    a = await world.partnership('wide', ['330', '331']);
    const base = `/api/v1/admin/tenants/${a.tenantId}/organisations`;
    const icb = await world.created('post', base, { kind: 'icb', name: 'Wide ICB' });
    const forum = await world.created('post', base, { kind: 'parent_carer_forum', name: 'Wide forum' });
    members.icb = await world.member(a.tenantId, icb.id, 'icb_member', 'wide-icb');
    members.forum = await world.member(a.tenantId, forum.id, 'parent_carer_forum_member', 'wide-forum');
    // an agreement in force, a pupil and a case: what a wider role would see
    await world.http
      .post('/api/v1/data-sharing-agreements')
      .set('Authorization', `Bearer ${a.members.lead.token}`)
      .send({ title: 'Wide', startsOn: '2026-01-01', localAuthorityIds: a.las });
    const pupil = await world.http
      .post('/api/v1/ap/pupils')
      .set('Authorization', `Bearer ${a.members.la1.token}`)
      .send({
        laId: a.las[0],
        upn: 'H801200001001',
        givenName: 'Nochild',
        familyName: 'Seen',
        dateOfBirth: '2014-02-02',
      });
    expect(pupil.status).toBe(201);
    child.pupilId = pupil.body.id;
    const apCase = await world.http
      .post('/api/v1/ap/cases')
      .set('Authorization', `Bearer ${a.members.la1.token}`)
      .send({
        route: 'la_commission',
        pupilId: pupil.body.id,
        reason: 'medical_needs',
        requestedTier: 'tier_2',
        familyViews: 'Agree',
        childViews: 'Agree',
      });
    expect(apCase.status).toBe(201);
    child.caseId = apCase.body.id;
    routes = routeTable(world.app).filter(
      (r) =>
        r.method === 'GET' &&
        r.path.startsWith('/api/v1/') &&
        !r.path.startsWith('/api/v1/admin/') &&
        !r.isPublic &&
        r.policy?.action !== 'authenticated',
    );
  });
  afterAll(() => world?.close());

  it('signs them in with their role', async () => {
    for (const [who, role] of [
      ['icb', 'icb_member'],
      ['forum', 'parent_carer_forum_member'],
    ] as const) {
      const me = await world.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${members[who].token}`);
      expect(me.status).toBe(200);
      expect(me.body.roles.map((r: { role: string }) => r.role)).toEqual([role]);
    }
  });

  it('refuses them every read of a child, and shows no child in what they may read', async () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const who of ['icb', 'forum'] as const) {
      for (const r of routes) {
        for (const id of [child.pupilId!, child.caseId!]) {
          const path = r.path.replace(/:[A-Za-z]+/g, id);
          const res = await world.http.get(path).set('Authorization', `Bearer ${members[who].token}`);
          const route = `${who} GET ${r.path}`;
          if (!PARTNERSHIP_WIDE_SUBJECTS.includes(r.policy!.subject)) expect([route, res.status]).toEqual([route, 403]);
          // a refusal's problem names the path asked for (with the id sent): only what they are shown counts
          const body =
            res.status < 300 ? JSON.stringify(res.body ?? '') + (res.text ?? '') : (res.text ?? '').replace(path, '');
          expect([route, [child.pupilId!, child.caseId!, 'Nochild'].filter((x) => body.includes(x))]).toEqual([
            route,
            [],
          ]);
        }
      }
    }
  });

  it('lets them give no role', async () => {
    const r = await world.http
      .post('/api/v1/people')
      .set('Authorization', `Bearer ${members.icb.token}`)
      .send({ displayName: 'Someone', email: 'someone@wide.example', organisationId: a.las[0], role: 'icb_member' });
    expect(r.status).toBe(403);
  });
});
