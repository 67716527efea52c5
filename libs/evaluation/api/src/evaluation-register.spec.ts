import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { schoolToday, UnitOfWork } from '@rep-hub/platform';
import { seedReforms } from '@rep-hub/evaluation-domain/testing';
import { startEvaluationApiWorld } from './testing';

type Who = 'lead' | 'la1' | 'la2' | 'laAdmin' | 'school';

/**
 * The reform register and test and learn through the API on real PostgreSQL under RLS as the app
 * role: the lead sets statuses in any LA, an LA's officer in their own only; stale versions 409;
 * bad input named by field; the history newest first; tests created, changed (status moves on the
 * server) and their results added by the lead or an involved LA's officer only; the demo's
 * register seeded once; and another partnership sees none of it.
 */
describe('evaluation register API', () => {
  let world: ApiWorld;
  let p: Partnership;
  let q: Partnership;

  beforeAll(async () => {
    world = await startEvaluationApiWorld();
    p = await world.partnership('evr', ['350', '351']);
    q = await world.partnership('evq', ['352', '353']);
  });
  afterAll(() => world?.close());

  const as = (who: Who, of: Partnership = p) => {
    const auth = (r: ReturnType<ApiWorld['http']['get']>) => r.set('Authorization', `Bearer ${of.members[who].token}`);
    return {
      get: (path: string) => auth(world.http.get(path)),
      post: (path: string, body: object) => auth(world.http.post(path)).send(body),
      put: (path: string, body: object) => auth(world.http.put(path)).send(body),
    };
  };
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
  const cellUrl = (code: string, laId: string) => `/api/v1/evaluation/reforms/${code}/las/${laId}`;

  it('lets the lead set a reform active in one LA and paused in the other, shown in the grid and audited', async () => {
    const a = await as('lead').put(cellUrl('banding_tariffs', p.las[0]), {
      status: 'active',
      changedOn: '2026-09-01',
      version: 0,
    });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ status: 'active', version: 1, laId: p.las[0], reformsVersion: '2026-1' });
    const b = await as('lead').put(cellUrl('banding_tariffs', p.las[1]), {
      status: 'paused',
      reason: 'Over funding',
      changedOn: '2026-10-01',
      version: 0,
    });
    expect(b.status).toBe(200);
    const grid = await as('la2').get('/api/v1/evaluation/reforms').expect(200);
    const banding = grid.body.reforms.find((r: { code: string }) => r.code === 'banding_tariffs');
    expect(banding.cells.map((c: { status: string | null }) => c.status)).toEqual(
      grid.body.las.map((la: { id: string }) => (la.id === p.las[0] ? 'active' : 'paused')),
    );
    // an officer may change only their own LA's cell
    expect(banding.cells.map((c: { laId: string; canChange: boolean }) => [c.laId === p.las[1], c.canChange])).toEqual(
      expect.arrayContaining([
        [true, true],
        [false, false],
      ]),
    );
    const mediation = grid.body.reforms.find((r: { code: string }) => r.code === 'mediation');
    expect(mediation.cells.every((c: { status: null; version: number }) => c.status === null && c.version === 0)).toBe(
      true,
    );
    const audited = await world.app
      .get(UnitOfWork)
      .forTenant({ tenantId: p.tenantId }, (m) =>
        m.query(
          `SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND action = 'evaluation.reform.status'`,
          [p.tenantId],
        ),
      );
    expect(audited[0].n).toBe(2);
  });

  it('lets an LA officer and admin set their own LA only (403 on the other), and 409s a stale version', async () => {
    const own = await as('la1').put(cellUrl('banding_tariffs', p.las[0]), {
      status: 'paused',
      reason: 'Funding not agreed',
      changedOn: '2026-11-01',
      version: 1,
    });
    expect(own.status).toBe(200);
    expect(own.body.version).toBe(2);
    const earlier = await as('la1').put(cellUrl('banding_tariffs', p.las[0]), {
      status: 'active',
      changedOn: '2026-10-31',
      version: 2,
    });
    expect([earlier.status, fields(earlier.body)]).toEqual([400, ['changedOn']]);
    const other = await as('la1').put(cellUrl('banding_tariffs', p.las[1]), {
      status: 'active',
      changedOn: '2026-11-01',
      version: 1,
    });
    expect(other.status).toBe(403);
    const stale = await as('laAdmin').put(cellUrl('banding_tariffs', p.las[0]), {
      status: 'active',
      changedOn: '2026-11-02',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(2);
    // a first status over one someone recorded meanwhile is stale too
    const first = await as('laAdmin').put(cellUrl('banding_tariffs', p.las[0]), {
      status: 'active',
      changedOn: '2026-11-02',
      version: 0,
    });
    expect(first.status).toBe(409);
    const school = await as('school').put(cellUrl('mediation', p.las[1]), {
      status: 'active',
      changedOn: '2026-11-02',
      version: 0,
    });
    expect(school.status).toBe(403);
  });

  it('names each bad field: status, reason, date (not in the future) and version; an LA not of the partnership is not found', async () => {
    const bad = await as('lead').put(cellUrl('mediation', p.las[0]), {
      status: 'halted',
      changedOn: '2026-02-30',
      version: 'x',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['changedOn', 'status', 'version']);
    const future = await as('lead').put(cellUrl('mediation', p.las[0]), {
      status: 'stopped',
      changedOn: '2099-01-01',
      version: 0,
    });
    expect(future.status).toBe(400);
    expect(fields(future.body)).toEqual(['changedOn', 'reason']);
    // the LA is in the path: one not of this partnership (another's, a school, no id at all) is not found, named
    for (const la of [q.las[0], p.schoolId, 'not-an-id']) {
      const r = await as('lead').put(cellUrl('mediation', la), {
        status: 'active',
        changedOn: '2026-11-01',
        version: 0,
      });
      expect([la, r.status, r.body.detail]).toEqual([la, 404, expect.stringMatching(/^laId: /)]);
    }
    await as('lead')
      .put(cellUrl('no_such_reform', p.las[0]), { status: 'active', changedOn: '2026-11-01', version: 0 })
      .expect(404);
    const cell = await as('lead').get(cellUrl('mediation', p.las[0])).expect(200);
    expect(cell.body).toMatchObject({ status: null, version: 0, changes: [] });
  });

  it('lists a reform’s changes in an LA newest first, with who made each', async () => {
    const h = await as('la1').get(cellUrl('banding_tariffs', p.las[0])).expect(200);
    expect(
      h.body.changes.map((c: { fromStatus: string | null; toStatus: string; changedOn: string }) => [
        c.fromStatus,
        c.toStatus,
        c.changedOn,
      ]),
    ).toEqual([
      ['active', 'paused', '2026-11-01'],
      [null, 'active', '2026-09-01'],
    ]);
    expect(h.body.changes[0].reason).toBe('Funding not agreed');
    expect(h.body.changes[0].changedBy).toBe(p.members.la1.userId);
  });

  let testId = '';

  it('records a test (the lead only), checking its LAs, settings, dates and indicators', async () => {
    const body = {
      title: 'Panels decide within six weeks',
      reformCode: 'multi_agency_panels',
      hypothesis: 'A weekly panel decides within six weeks.',
      laIds: [p.las[0]],
      settingIds: [p.schoolId],
      startsOn: '2026-09-01',
      endsOn: '2027-07-31',
      comparisonGroup: 'The year before',
      indicatorCodes: ['evaluation.ehcp_20_weeks'],
    };
    await as('la1').post('/api/v1/evaluation/tests', body).expect(403);
    const bad = await as('lead').post('/api/v1/evaluation/tests', {
      ...body,
      reformCode: 'nope',
      laIds: [q.las[0]],
      endsOn: '2026-08-01',
      indicatorCodes: ['ap.nothing'],
      status: 'over',
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['endsOn', 'indicatorCodes', 'reformCode', 'status']);
    const foreign = await as('lead').post('/api/v1/evaluation/tests', {
      ...body,
      laIds: [q.las[0]],
      settingIds: [q.schoolId],
    });
    expect(foreign.status).toBe(400);
    expect(fields(foreign.body)).toEqual(['laIds', 'settingIds']);
    const made = await as('lead').post('/api/v1/evaluation/tests', body);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      status: 'planned',
      version: 1,
      las: [{ id: p.las[0] }],
      settings: [{ id: p.schoolId }],
      indicatorCodes: ['evaluation.ehcp_20_weeks'],
      results: [],
    });
    testId = made.body.id;
    const list = await as('la2').get('/api/v1/evaluation/tests').expect(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toEqual([testId]);
  });

  it('changes a test under its version, moving its status only forward', async () => {
    const url = `/api/v1/evaluation/tests/${testId}`;
    const running = await as('lead').put(url, { status: 'running', findings: 'Early signs good', version: 1 });
    expect(running.status).toBe(200);
    expect(running.body).toMatchObject({
      status: 'running',
      findings: 'Early signs good',
      version: 2,
      title: 'Panels decide within six weeks',
    });
    expect((await as('lead').put(url, { findings: 'x', version: 1 })).status).toBe(409);
    const back = await as('lead').put(url, { status: 'planned', version: 2 });
    expect(back.status).toBe(409);
    const badEnd = await as('lead').put(url, { endsOn: '2026-01-01', version: 2 });
    expect([badEnd.status, fields(badEnd.body)]).toEqual([400, ['endsOn']]);
    await as('la1').put(url, { findings: 'mine', version: 2 }).expect(403);
    const after = await as('lead').get(url).expect(200);
    expect([after.body.version, after.body.findings]).toEqual([2, 'Early signs good']);
  });

  it('takes results from the lead and an involved LA’s officer, not from another LA’s (403)', async () => {
    const url = `/api/v1/evaluation/tests/${testId}/results`;
    const one = await as('la1').post(url, { recordedOn: '2026-10-01', summary: 'First month: 12 of 15 on time.' });
    expect(one.status).toBe(201);
    expect(one.body.canAddResult).toBe(true);
    await as('lead').post(url, { recordedOn: '2026-11-01', summary: 'Second month: 14 of 15.' }).expect(201);
    const other = await as('la2').post(url, { recordedOn: '2026-11-02', summary: 'Not ours' });
    expect(other.status).toBe(403);
    const bad = await as('lead').post(url, { recordedOn: '2099-01-01', summary: '' });
    expect([bad.status, fields(bad.body)]).toEqual([400, ['recordedOn', 'summary']]);
    const seen = await as('la2').get(`/api/v1/evaluation/tests/${testId}`).expect(200);
    expect(seen.body.canAddResult).toBe(false);
    expect(
      seen.body.results.map((r: { recordedOn: string; recordedBy: string }) => [r.recordedOn, r.recordedBy]),
    ).toEqual([
      ['2026-11-01', p.members.lead.userId],
      ['2026-10-01', p.members.la1.userId],
    ]);
  });

  it('shows another partnership’s user none of it (404, and an empty register and list)', async () => {
    await as('lead', q).get(`/api/v1/evaluation/tests/${testId}`).expect(404);
    await as('lead', q).put(`/api/v1/evaluation/tests/${testId}`, { findings: 'x', version: 2 }).expect(404);
    await as('lead', q)
      .post(`/api/v1/evaluation/tests/${testId}/results`, { recordedOn: '2026-11-01', summary: 'x' })
      .expect(404);
    expect((await as('lead', q).get('/api/v1/evaluation/tests').expect(200)).body.items).toEqual([]);
    const grid = await as('lead', q).get('/api/v1/evaluation/reforms').expect(200);
    expect(grid.body.las.map((l: { id: string }) => l.id).sort()).toEqual([...q.las].sort());
    expect(
      grid.body.reforms.flatMap((r: { cells: { status: string | null }[] }) => r.cells.map((c) => c.status)),
    ).toEqual(Array(grid.body.reforms.length * 2).fill(null));
    await as('lead', q).get(cellUrl('banding_tariffs', p.las[0])).expect(404);
  });

  it('seeds the demo register and test once: a second run adds nothing', async () => {
    const uow = world.app.get(UnitOfWork);
    const today = schoolToday();
    const first = await uow.forTenant({ tenantId: q.tenantId }, (m) => seedReforms(m, q.tenantId, today));
    expect(first).toBe(11);
    const again = await uow.forTenant({ tenantId: q.tenantId }, (m) => seedReforms(m, q.tenantId, today));
    expect(again).toBe(0);
    const grid = await as('la1', q).get('/api/v1/evaluation/reforms').expect(200);
    const banding = grid.body.reforms.find((r: { code: string }) => r.code === 'banding_tariffs');
    expect(banding.cells.map((c: { status: string }) => c.status)).toEqual(['paused', 'paused']);
    const tests = await as('la1', q).get('/api/v1/evaluation/tests').expect(200);
    const t = await as('la1', q).get(`/api/v1/evaluation/tests/${tests.body.items[0].id}`).expect(200);
    expect([t.body.results.length, t.body.findings.length > 0, t.body.las.length]).toEqual([2, true, 2]);
  });
});
