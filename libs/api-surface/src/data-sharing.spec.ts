import { ApiWorld, Partnership } from './testing/api-world';

/**
 * Data-sharing agreements (issue 20) through the HTTP API, on PostgreSQL as the app role: the lead
 * proposes, each party LA confirms, any party ends; what an agreement grants reaches the
 * principal (wall 2) only while it is in force.
 */
describe('data-sharing agreements', () => {
  let world: ApiWorld;
  let a: Partnership;
  let b: Partnership;

  beforeAll(async () => {
    world = await ApiWorld.start();
    a = await world.partnership('dsa-alpha', ['352', '358']);
    b = await world.partnership('dsa-beta', ['851', '938']);
  });
  afterAll(() => world?.close());

  const as = (p: Partnership, who: string) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${p.members[who].token}`),
    post: (path: string, body: object) =>
      world.http.post(path).set('Authorization', `Bearer ${p.members[who].token}`).send(body),
  });
  const laIdsOf = async (p: Partnership, who: string) =>
    (await as(p, who).get('/api/v1/auth/me')).body.localAuthorityIds as string[];
  const propose = (p: Partnership, over: object = {}) =>
    as(p, 'lead').post('/api/v1/data-sharing-agreements', {
      title: 'Sharing for the AP panel',
      purpose: 'Both LAs’ AP panel follows the pupils it places',
      grants: ['named_pupils'],
      startsOn: '2026-01-01',
      localAuthorityIds: p.las,
      ...over,
    });

  it('names each wrong field of a proposal', async () => {
    const r = await propose(a, { purpose: '', grants: ['everything'], startsOn: '2026-02-30', endsOn: 'soon' });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const fields = (r.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['purpose', 'grants', 'startsOn', 'endsOn']));
    const backwards = await propose(a, { startsOn: '2027-09-01', endsOn: '2027-08-31' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'endsOn' })]);
    expect((await propose(a, { localAuthorityIds: [a.las[0]] })).status).toBe(400);
  });

  it('takes effect only once every party LA has confirmed it, and ends at once when a party ends it', async () => {
    const made = await propose(a);
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    expect(made.body.parties.map((p: { confirmedAt: string | null }) => p.confirmedAt)).toEqual([null, null]);
    expect(await laIdsOf(a, 'la1')).toEqual([a.las[0]]);

    // only a party LA's DPO or officer confirms; another tenant does not find it
    expect(
      (await as(a, 'school').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, { version: 1 })).status,
    ).toBe(403);
    expect(
      (await as(a, 'lead').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, { version: 1 })).status,
    ).toBe(403);
    expect(
      (await as(b, 'la1').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, { version: 1 })).status,
    ).toBe(404);
    expect((await as(b, 'la1').get(`/api/v1/data-sharing-agreements/${id}`)).status).toBe(404);
    const noVersion = await as(a, 'la1').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, {});
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.errors[0].field).toBe('version');

    const first = await as(a, 'dpo').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, { version: 1 });
    expect(first.status).toBe(200);
    expect(first.body).toEqual(expect.objectContaining({ state: 'proposed', version: 2 }));
    expect(await laIdsOf(a, 'la1')).toEqual([a.las[0]]);
    // the same LA again, by its officer: already confirmed
    expect(
      (await as(a, 'la1').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, { version: 2 })).status,
    ).toBe(409);
    // a stale confirmation is a 409
    const stale = await as(a, 'la2').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, { version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');

    const last = await as(a, 'la2').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, { version: 2 });
    expect(last.status).toBe(200);
    expect(last.body).toEqual(expect.objectContaining({ status: 'confirmed', state: 'in_force', version: 3 }));
    expect(last.body.parties.every((p: { confirmedAt: string | null }) => p.confirmedAt)).toBe(true);
    expect(await laIdsOf(a, 'la1')).toEqual([...a.las].sort());
    expect(await laIdsOf(a, 'la2')).toEqual([...a.las].sort());
    expect(await laIdsOf(a, 'dpo')).toEqual([a.las[0]]);
    expect(await laIdsOf(a, 'school')).toEqual([a.las[1]]);

    expect((await as(a, 'school').post(`/api/v1/data-sharing-agreements/${id}/end`, { version: 3 })).status).toBe(403);
    expect((await as(a, 'la1').post(`/api/v1/data-sharing-agreements/${id}/end`, { version: 2 })).status).toBe(409);
    const ended = await as(a, 'la2').post(`/api/v1/data-sharing-agreements/${id}/end`, {
      version: 3,
      reason: 'Pilot over',
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toEqual(
      expect.objectContaining({ state: 'ended', endedForLocalAuthorityId: a.las[1], endReason: 'Pilot over' }),
    );
    expect(await laIdsOf(a, 'la1')).toEqual([a.las[0]]);
    expect((await as(a, 'la1').post(`/api/v1/data-sharing-agreements/${id}/end`, { version: 4 })).status).toBe(409);
    expect(
      (await as(a, 'la1').post(`/api/v1/data-sharing-agreements/${id}/confirmations`, { version: 4 })).status,
    ).toBe(409);

    // each step is in the audit trail
    const log = await as(a, 'dpo').get(`/api/v1/audit/access?subjectId=${id}`);
    expect(log.status).toBe(200);
    expect((log.body.items as { action: string }[]).map((e) => e.action).sort()).toEqual([
      'data_sharing_agreement.confirm',
      'data_sharing_agreement.confirm',
      'data_sharing_agreement.end',
      'data_sharing_agreement.propose',
    ]);
  });

  it('gives officers nothing under an agreement granting only the partnership view, or before its start date', async () => {
    await world.agreementInForce(b, ['partnership_view']);
    expect(await laIdsOf(b, 'la1')).toEqual([b.las[0]]);
    const later = await world.agreementInForce(b, ['named_pupils'], '2099-01-01');
    expect((await as(b, 'la1').get(`/api/v1/data-sharing-agreements/${later}`)).body.state).toBe('awaiting_start');
    expect(await laIdsOf(b, 'la1')).toEqual([b.las[0]]);
    const list = await as(b, 'la2').get('/api/v1/data-sharing-agreements');
    expect(list.status).toBe(200);
    expect((list.body.items as { state: string }[]).map((x) => x.state).sort()).toEqual(['awaiting_start', 'in_force']);
  });
});
