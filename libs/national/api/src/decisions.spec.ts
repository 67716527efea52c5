import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { NIL_TENANT, UnitOfWork } from '@rep-hub/platform';
import { publishTestRelease, TEST_PERIODS } from '@rep-hub/national-domain/testing';
import { randomUUID } from 'node:crypto';
import { NationalApiModule } from './national-api.module';

/**
 * The board's decisions and actions log through the API, on real PostgreSQL as the board role
 * (the log) and the app role under RLS (what each partnership received): a member records a
 * meeting and its decisions; the lead of the partnership concerned reads them, another
 * partnership's lead does not; a stale change is 409, bad input 400 naming the field; a
 * partnership's users may not use the board's routes, nor the board the lead's.
 */
describe('National Board decisions API', () => {
  let world: ApiWorld;
  let p: Partnership;
  let q: Partnership;
  let board: { userId: string; token: string };

  beforeAll(async () => {
    world = await ApiWorld.start({
      modules: [NationalApiModule],
    });
    p = await world.partnership('nbp', ['350', '351']);
    q = await world.partnership('nbq', ['352', '353']);
    const uow = world.app.get(UnitOfWork);
    for (const [x, name] of [
      [p, 'North West test partnership'],
      [q, 'South East test partnership'],
    ] as const)
      await uow.forTenant({ tenantId: x.tenantId }, (m) =>
        publishTestRelease(m, {
          partnershipId: x.tenantId,
          partnershipName: name,
          period: TEST_PERIODS['2025-26-spring'],
          figures: [{ indicatorCode: 'ap.referrals', value: 12 }],
        }),
      );
    board = await world.ensureBoardMember('nbd');
  });
  afterAll(() => world?.close());

  const as = (token: string) => {
    const auth = <T extends { set: (k: string, v: string) => T }>(r: T) => r.set('Authorization', `Bearer ${token}`);
    return {
      get: (path: string) => auth(world.http.get(path)),
      post: (path: string, body: object) => auth(world.http.post(path)).send(body),
      patch: (path: string, body: object) => auth(world.http.patch(path)).send(body),
    };
  };
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
  let meetingId: string;
  let actionId: string;

  it('lets a board member record a meeting, an action for one partnership and a decision for none, audited under the platform', async () => {
    const made = await as(board.token).post('/api/v1/national/meetings', {
      heldOn: '2026-12-01',
      title: 'National Board, December 2026',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ heldOn: '2026-12-01', recordedByName: 'nbd board member', decisions: [] });
    meetingId = made.body.id;
    const options = await as(board.token).get('/api/v1/national/decisions').expect(200);
    expect(options.body.partnerships).toEqual(
      expect.arrayContaining([
        { id: p.tenantId, name: 'North West test partnership' },
        { id: q.tenantId, name: 'South East test partnership' },
      ]),
    );

    const action = await as(board.token).post(`/api/v1/national/meetings/${meetingId}/decisions`, {
      text: 'North West to explain its fall in reintegration.',
      kind: 'action',
      owner: 'North West partnership lead',
      dueOn: '2027-01-12',
      partnershipIds: [p.tenantId],
    });
    expect(action.status).toBe(201);
    expect(action.body).toMatchObject({
      kind: 'action',
      status: 'open',
      dueOn: '2027-01-12',
      version: 1,
      concerns: [{ id: p.tenantId, name: 'North West test partnership' }],
    });
    expect(action.body.reference).toMatch(/^NB-2026-12-\d{2}$/);
    actionId = action.body.id;
    const decision = await as(board.token).post(`/api/v1/national/meetings/${meetingId}/decisions`, {
      text: 'The spring releases are the baseline.',
      kind: 'decision',
      owner: 'Chair',
    });
    expect(decision.status).toBe(201);
    expect(decision.body).toMatchObject({ kind: 'decision', status: null, dueOn: null, concerns: [] });
    expect(Number(decision.body.reference.slice(-2))).toBe(Number(action.body.reference.slice(-2)) + 1);

    const meeting = await as(board.token).get(`/api/v1/national/meetings/${meetingId}`).expect(200);
    expect(meeting.body.decisions.map((d: { id: string }) => d.id).sort()).toEqual([actionId, decision.body.id].sort());
    const events = await world.app
      .get(UnitOfWork)
      .forTenant({ tenantId: NIL_TENANT }, (m) =>
        m.query(`SELECT action, actor_id FROM audit_events WHERE subject_ids && $1::uuid[] ORDER BY occurred_at`, [
          [meetingId, actionId],
        ]),
      );
    expect(events).toEqual([
      { action: 'national.board_meeting.create', actor_id: board.userId },
      { action: 'national.board_decision.create', actor_id: board.userId },
    ]);
  });

  it('shows the action to the lead of the partnership it concerns, and not to another partnership’s lead', async () => {
    const mine = await as(p.members['lead'].token).get('/api/v1/board-decisions').expect(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({
        decisionId: actionId,
        kind: 'action',
        owner: 'North West partnership lead',
        dueOn: '2027-01-12',
        status: 'open',
        meetingTitle: 'National Board, December 2026',
      }),
    ]);
    const theirs = await as(q.members['lead'].token).get('/api/v1/board-decisions').expect(200);
    expect(theirs.body.items).toEqual([]);
  });

  it('changes an action’s status with its version, delivered again; a stale version is 409', async () => {
    const done = await as(board.token).patch(`/api/v1/national/decisions/${actionId}`, { status: 'done', version: 1 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', version: 2 });
    const stale = await as(board.token).patch(`/api/v1/national/decisions/${actionId}`, {
      status: 'dropped',
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(stale.body).toMatchObject({ status: 409, currentVersion: 2 });
    const mine = await as(p.members['lead'].token).get('/api/v1/board-decisions').expect(200);
    expect(mine.body.items[0]).toMatchObject({ decisionId: actionId, status: 'done' });
    const open = await as(board.token).get('/api/v1/national/decisions?open=true').expect(200);
    expect(open.body.items.map((d: { id: string }) => d.id)).not.toContain(actionId);
  });

  it('answers bad input with 400 naming each field', async () => {
    const meeting = await as(board.token).post('/api/v1/national/meetings', { heldOn: '2026-02-30' });
    expect(meeting.status).toBe(400);
    expect(fields(meeting.body)).toEqual(['heldOn', 'title']);
    const url = `/api/v1/national/meetings/${meetingId}/decisions`;
    const early = await as(board.token).post(url, {
      text: 'Too early',
      kind: 'action',
      owner: 'Chair',
      dueOn: '2026-11-30',
    });
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([
      { field: 'dueOn', message: 'The due date must be on or after 1 December 2026, the date of the meeting' },
    ]);
    const bad = await as(board.token).post(url, { kind: 'vote', partnershipIds: ['nope'] });
    expect(fields(bad.body)).toEqual(['kind', 'owner', 'partnershipIds', 'text']);
    const unpublished = await as(board.token).post(url, {
      text: 'For a stranger',
      kind: 'decision',
      owner: 'Chair',
      partnershipIds: [randomUUID()],
    });
    expect(unpublished.status).toBe(400);
    expect(fields(unpublished.body)).toEqual(['partnershipIds']);
    const change = await as(board.token).patch(`/api/v1/national/decisions/${actionId}`, { status: 'later' });
    expect(fields(change.body)).toEqual(['status', 'version']);
    const filter = await as(board.token).get('/api/v1/national/decisions?open=yes');
    expect(filter.status).toBe(400);
    expect(fields(filter.body)).toEqual(['open']);
    await as(board.token).get(`/api/v1/national/meetings/${randomUUID()}`).expect(404);
  });

  it('refuses the board’s routes to a partnership’s users, and the lead’s list to a board member or an officer', async () => {
    for (const who of ['lead', 'la1'])
      for (const [method, path] of [
        ['get', '/api/v1/national/meetings'],
        ['get', '/api/v1/national/decisions'],
        ['get', `/api/v1/national/meetings/${meetingId}`],
      ] as const)
        await as(p.members[who].token)[method](path).expect(403);
    const post = await as(p.members['lead'].token).post('/api/v1/national/meetings', {
      heldOn: '2026-12-01',
      title: 'Not ours',
    });
    expect(post.status).toBe(403);
    await as(p.members['lead'].token).patch(`/api/v1/national/decisions/${actionId}`, { version: 2 }).expect(403);
    await as(board.token).get('/api/v1/board-decisions').expect(403);
    await as(p.members['la1'].token).get('/api/v1/board-decisions').expect(403);
  });
});
