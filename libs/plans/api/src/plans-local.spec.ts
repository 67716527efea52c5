import { Injectable, Module } from '@nestjs/common';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { IndicatorPublisher, PublishesIndicators } from '@rep-hub/contracts';
import { PlansRemindersHandler, PlansRetention } from '@rep-hub/plans-domain';
import { JobRunner, NotificationRow, OutboxRow, toEnvelope, UnitOfWork } from '@rep-hub/platform';
import { PlansApiModule } from './plans-api.module';
import { insertBarePlan } from './testing';

/** An indicator some module publishes, so that an action can link to one that exists. */
@Injectable()
@PublishesIndicators()
class TestIndicators implements IndicatorPublisher {
  readonly module = 'testmod';
  definitions() {
    return [
      {
        code: 'testmod.places_filled',
        name: 'Places filled',
        unit: 'count' as const,
        numerator: 'Places filled',
        denominator: null,
        direction: 'higher_is_better' as const,
        levels: ['la' as const],
      },
    ];
  }
  compute() {
    return Promise.resolve([]);
  }
}
@Module({ providers: [TestIndicators] })
class TestIndicatorsModule {}

/**
 * Local partnerships and plan actions through the API on real PostgreSQL, under RLS as the app
 * role: who may change what (the lead, the LA's own officers, owners their own actions), field
 * errors, 409 on a stale version, isolation across partnerships, and the reminders job on a fixed day.
 */
describe('local partnerships and plan actions', () => {
  let world: ApiWorld;
  let p: Partnership;
  let q: Partnership;
  let uow: UnitOfWork;

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: [PlansApiModule, TestIndicatorsModule] });
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('lpa', ['350', '351']);
    q = await world.partnership('lpb', ['352', '353']);
  });
  afterAll(async () => {
    for (const t of [p, q])
      if (t)
        await uow?.forTenant({ tenantId: t.tenantId }, (m) =>
          m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [t.tenantId]),
        );
    await world?.close();
  });

  const as = (who: string, t: Partnership = p) => {
    const auth = (r: ReturnType<ApiWorld['http']['get']>) => r.set('Authorization', `Bearer ${t.members[who].token}`);
    return {
      get: (path: string) => auth(world.http.get(path)),
      post: (path: string, body: object) => auth(world.http.post(path)).send(body),
      put: (path: string, body: object) => auth(world.http.put(path)).send(body),
    };
  };
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
  const LP = '/api/v1/local-partnerships';
  let lpId = '';
  let memberId = '';
  let repId = '';

  it('lets an LA officer set up their own LA’s local partnership only; every member reads it; 409 on a second', async () => {
    const other = await as('la2').post(LP, { laId: p.las[0], name: 'Not theirs' });
    expect(other.status).toBe(403);
    expect((await as('school').post(LP, { laId: p.las[0], name: 'Not theirs' })).status).toBe(403);
    const bad = await as('la1').post(LP, { laId: 'nope', name: 'x'.repeat(201) });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['laId', 'name']);
    const made = await as('la1').post(LP, { laId: p.las[0], name: 'LA one SEND and AP partnership' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ laId: p.las[0], members: [], meetings: [], version: 1 });
    lpId = made.body.id;
    expect((await as('lead').post(LP, { laId: p.las[0], name: 'Again' })).status).toBe(409);
    expect((await as('lead').post(LP, { laId: p.las[1], name: 'LA two partnership' })).status).toBe(201);
    const read = await as('school').get(`${LP}/${lpId}`);
    expect(read.status).toBe(200);
    const list = await as('school').get(LP);
    expect(list.body.items.map((i: { laId: string }) => i.laId).sort()).toEqual([...p.las].sort());
  });

  it('keeps members and representatives with field errors, 409 on a stale version and 403 for another LA', async () => {
    const named = await as('la1').post(`${LP}/${lpId}/members`, { kind: 'icb' });
    expect(fields(named.body)).toEqual(['name']);
    const dates = await as('la1').post(`${LP}/${lpId}/members`, {
      kind: 'icb',
      name: 'North ICB',
      joinedOn: '1999-12-31',
      leftOn: '2026-02-30',
    });
    expect(dates.status).toBe(400);
    expect(fields(dates.body)).toEqual(['joinedOn', 'leftOn']);
    const foreign = await as('la1').post(`${LP}/${lpId}/members`, {
      kind: 'school_college',
      organisationId: q.schoolId,
    });
    expect([foreign.status, fields(foreign.body)]).toEqual([400, ['organisationId']]);
    const school = await as('la1').post(`${LP}/${lpId}/members`, {
      kind: 'school_college',
      organisationId: p.schoolId,
    });
    expect(school.status).toBe(201);
    expect(school.body.name).toBe('lpa school');
    memberId = school.body.id;
    expect((await as('la2').post(`${LP}/${lpId}/members`, { kind: 'icb', name: 'North ICB' })).status).toBe(403);

    const badRep = await as('la1').post(`${LP}/${lpId}/members/${memberId}/representatives`, {
      fullName: 'Robin Ash',
      email: 'not an email',
      userId: q.members.school.userId,
    });
    expect(fields(badRep.body)).toEqual(['email']);
    const notOurs = await as('la1').post(`${LP}/${lpId}/members/${memberId}/representatives`, {
      fullName: 'Robin Ash',
      userId: q.members.school.userId,
    });
    expect([notOurs.status, fields(notOurs.body)]).toEqual([400, ['userId']]);
    const rep = await as('la1').post(`${LP}/${lpId}/members/${memberId}/representatives`, {
      fullName: 'Robin Ash',
      roleTitle: 'SENCo',
      email: 'robin.ash@example.org',
      userId: p.members.school.userId,
      fromOn: '2026-09-01',
    });
    expect(rep.status).toBe(201);
    repId = rep.body.id;
    const body = { fullName: 'Robin Ash', toOn: '2027-07-31', version: 1 };
    expect((await as('la1').put(`${LP}/${lpId}/representatives/${repId}`, body)).status).toBe(200);
    const stale = await as('lead').put(`${LP}/${lpId}/representatives/${repId}`, body);
    expect([stale.status, stale.body.currentVersion]).toEqual([409, 2]);
    expect((await as('la2').put(`${LP}/${lpId}/representatives/${repId}`, { ...body, version: 2 })).status).toBe(403);
    const left = await as('la1').put(`${LP}/${lpId}/members/${memberId}`, {
      kind: 'school_college',
      organisationId: p.schoolId,
      joinedOn: '2026-09-01',
      leftOn: '2026-08-01',
      version: 1,
    });
    expect(fields(left.body)).toEqual(['leftOn']);
  });

  it('replaces the terms of reference under the version, refusing over-long text', async () => {
    const long = await as('la1').put(`${LP}/${lpId}`, { termsOfReference: 'x'.repeat(50_001), version: 1 });
    expect(fields(long.body)).toEqual(['termsOfReference']);
    const terms = 'We agree the plan.\n\n<script>alert(1)</script>';
    const done = await as('la1').put(`${LP}/${lpId}`, { termsOfReference: terms, version: 1 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ termsOfReference: terms, version: 2 });
    expect((await as('lead').put(`${LP}/${lpId}`, { name: 'Renamed', version: 1 })).status).toBe(409);
    expect((await as('la2').put(`${LP}/${lpId}`, { name: 'Renamed', version: 2 })).status).toBe(403);
  });

  it('records a meeting with attendance, papers and decisions', async () => {
    const future = await as('la1').post(`${LP}/${lpId}/meetings`, {
      title: 'Board',
      heldOn: '2099-01-01',
      status: 'held',
    });
    expect(fields(future.body)).toEqual(['heldOn']);
    const made = await as('la1').post(`${LP}/${lpId}/meetings`, {
      title: 'Autumn board',
      heldOn: '2026-10-01',
      status: 'held',
    });
    expect(made.status).toBe(201);
    const mt = `${LP}/${lpId}/meetings/${made.body.id}`;
    const other = await as('lead').post(`${LP}/${lpId}/members`, { kind: 'icb', name: 'North ICB' });
    const otherLp = (await as('lead').get(LP)).body.items.find((i: { laId: string }) => i.laId === p.las[1]).id;
    const foreignMember = await as('lead').post(`${LP}/${otherLp}/members`, { kind: 'icb', name: 'South ICB' });
    const foreignRep = await as('lead').post(`${LP}/${otherLp}/members/${foreignMember.body.id}/representatives`, {
      fullName: 'Kit Lowe',
    });
    const wrongRep = await as('la1').put(`${mt}/attendance`, {
      entries: [{ representativeId: foreignRep.body.id, attendance: 'attended' }],
      version: 1,
    });
    expect([wrongRep.status, fields(wrongRep.body)]).toEqual([400, ['entries[0].representativeId']]);
    const att = await as('la1').put(`${mt}/attendance`, {
      entries: [{ representativeId: repId, attendance: 'attended' }],
      version: 1,
    });
    expect(att.status).toBe(200);
    expect(att.body.attendance).toEqual([
      { representativeId: repId, fullName: 'Robin Ash', memberName: 'lpa school', attendance: 'attended' },
    ]);
    expect((await as('la1').put(`${mt}/attendance`, { entries: [], version: 1 })).status).toBe(409);
    const http = await as('la1').post(`${mt}/papers`, { title: 'Sufficiency', url: 'http://example.org/a.pdf' });
    expect(fields(http.body)).toEqual(['url']);
    const none = await as('la1').post(`${mt}/papers`, { title: 'Sufficiency' });
    expect(fields(none.body)).toEqual(['url']);
    expect(
      (await as('la1').post(`${mt}/papers`, { title: 'Sufficiency', url: 'https://example.org/a.pdf' })).status,
    ).toBe(201);
    const badOwner = await as('la1').post(`${mt}/decisions`, {
      decision: 'More places',
      ownerMemberId: foreignMember.body.id,
    });
    expect(fields(badOwner.body)).toEqual(['ownerMemberId']);
    expect(
      (
        await as('la1').post(`${mt}/decisions`, {
          decision: 'More places',
          ownerMemberId: memberId,
          dueOn: '2027-03-31',
        })
      ).status,
    ).toBe(201);
    expect((await as('la2').post(`${mt}/decisions`, { decision: 'Not theirs' })).status).toBe(403);
    const read = await as('school').get(mt);
    expect(read.body).toMatchObject({
      status: 'held',
      version: 4,
      papers: [{ title: 'Sufficiency', url: 'https://example.org/a.pdf' }],
      decisions: [{ decision: 'More places', ownerMemberName: 'lpa school', dueOn: '2027-03-31' }],
    });
    expect(other.status).toBe(201);
  });

  it("answers 404 to another partnership's users for every local partnership record and lists none of them", async () => {
    const lp = await as('la1').get(`${LP}/${lpId}`);
    const meeting = lp.body.meetings[0].id;
    for (const path of [`${LP}/${lpId}`, `${LP}/${lpId}/meetings/${meeting}`])
      expect([path, (await as('lead', q).get(path)).status]).toEqual([path, 404]);
    expect(
      (await as('lead', q).put(`${LP}/${lpId}/representatives/${repId}`, { fullName: 'X', version: 2 })).status,
    ).toBe(404);
    expect((await as('lead', q).post(`${LP}/${lpId}/members`, { kind: 'icb', name: 'X' })).status).toBe(404);
    expect(JSON.stringify((await as('lead', q).get(LP)).body)).not.toContain(lpId);
    // the same under RLS with no route: B's unit of work sees no row of A's
    const seen = await uow.forTenant({ tenantId: q.tenantId }, (m) =>
      m.query(`/* RLS only */ SELECT count(*)::int AS n FROM local_partnership_representatives WHERE id = $1`, [repId]),
    );
    expect(seen).toEqual([{ n: 0 }]);
  });

  let planId = '';
  let actionId = '';

  it('lets the lead and the plan’s LA officers add actions with checked links, and no one else', async () => {
    planId = await insertBarePlan(world, p, [p.las[0]], { reviewOn: '2027-04-20' });
    const A = '/api/v1/plan-actions';
    const L = `/api/v1/plan-actions?planId=${planId}`;
    const body = {
      title: 'Publish the ordinarily available provision guide',
      sectionKey: 'ordinarily_available_provision',
      themeCode: 'ordinarily_available_provision',
      indicatorCode: 'testmod.places_filled',
      ownerOrganisationId: p.schoolId,
      dueOn: '2027-03-31',
      planId,
    };
    expect((await as('la2').post(A, body)).status).toBe(403);
    expect((await as('school').post(A, body)).status).toBe(403);
    const bad = await as('la1').post(A, {
      ...body,
      sectionKey: 'nope',
      themeCode: 'nope',
      indicatorCode: 'ap.nothing',
      dueOn: '2027-02-30',
      title: 'x'.repeat(301),
    });
    expect(fields(bad.body)).toEqual(['dueOn', 'indicatorCode', 'sectionKey', 'themeCode', 'title']);
    expect(fields((await as('la1').post(A, { ...body, laId: p.las[1] })).body)).toEqual(['laId']);
    expect(fields((await as('la1').post(A, { ...body, ownerOrganisationId: q.schoolId })).body)).toEqual([
      'ownerOrganisationId',
    ]);
    const made = await as('la1').post(A, { ...body, laId: p.las[0] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'not_started', rag: 'green', canManage: true, overdue: false });
    actionId = made.body.id;
    const late = await as('lead').post(A, {
      ...body,
      title: 'Late one',
      dueOn: '2020-01-31',
      ownerOrganisationId: p.las[0],
    });
    expect(late.body.overdue).toBe(true);
    expect((await as('la2').get(L)).body.items.map((a: { id: string }) => a.id)).toContain(actionId);
    expect((await as('lead', q).get(L)).status).toBe(404);
    expect((await as('lead', q).get(`/api/v1/plan-actions/${actionId}`)).status).toBe(404);
  });

  it('lets the owner update its own action’s progress only, logged with who and when; 409 when stale', async () => {
    const U = `/api/v1/plan-actions/${actionId}`;
    expect((await as('la2').put(U, { status: 'in_progress', version: 1 })).status).toBe(403);
    expect((await as('school').put(U, { dueOn: '2028-01-01', version: 1 })).status).toBe(403);
    expect((await as('lead', q).put(U, { status: 'done', version: 1 })).status).toBe(404);
    const done = await as('school').put(U, {
      status: 'in_progress',
      rag: 'amber',
      progressNote: 'Draft shared',
      version: 1,
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'in_progress',
      rag: 'amber',
      progressNote: 'Draft shared',
      version: 2,
      canManage: false,
    });
    expect(done.body.updates[0]).toMatchObject({
      status: 'in_progress',
      note: 'Draft shared',
      recordedBy: p.members.school.userId,
    });
    expect(done.body.updates).toHaveLength(2);
    const stale = await as('la1').put(U, { rag: 'red', version: 1 });
    expect([stale.status, stale.body.currentVersion]).toEqual([409, 2]);
    expect(fields((await as('school').put(U, { rag: 'purple', progressNote: 5, version: 2 })).body)).toEqual([
      'progressNote',
      'rag',
    ]);
    expect((await as('la1').put(U, { dueOn: '2027-05-31', version: 2 })).body.dueOn).toBe('2027-05-31');
    const mine = await as('school').get('/api/v1/plan-actions/mine');
    expect(mine.body.items.map((a: { id: string }) => a.id)).toEqual([actionId]);
    const audit = await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT action, count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND $2 = ANY (subject_ids) GROUP BY action ORDER BY action`,
        [p.tenantId, actionId],
      ),
    );
    expect(audit).toEqual([
      { action: 'plans.action.create', n: 1 },
      { action: 'plans.action.update', n: 2 },
    ]);
  });

  it('reminds overdue owners once per due date and the plan’s LA officers of its review, through the outbox once', async () => {
    const reminders = world.app.get(PlansRemindersHandler);
    const first = await reminders.runTenant(p.tenantId, '2027-06-01');
    expect(first.reviews).toEqual([planId]);
    expect(first.actions).toContain(actionId);
    const again = await reminders.runTenant(p.tenantId, '2027-06-02');
    expect(again).toEqual({ actions: [], reviews: [] });
    const rows = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT id, tenant_id, job_name, idempotency_key, actor_id, correlation_id, payload, attempts FROM job_outbox
          WHERE tenant_id = $1 AND job_name = 'plans.reminder_notice' ORDER BY idempotency_key`,
        [p.tenantId],
      ),
    )) as OutboxRow[];
    const keys = rows.map((r) => r.idempotency_key);
    expect(keys).toHaveLength(first.actions.length + 1);
    expect(keys).toEqual(
      expect.arrayContaining([`plans-action-overdue:${actionId}:2027-05-31`, `plans-review-due:${planId}:2027-04-20`]),
    );
    for (const row of rows) {
      await world.app.get(JobRunner).run(toEnvelope(row), 1);
      await world.app.get(JobRunner).run(toEnvelope(row), 2); // a retry sends nothing twice
    }
    const sent = (await uow.forPlatform(null, (m) =>
      m.query(`SELECT * FROM notifications WHERE idempotency_key LIKE ANY ($1) ORDER BY template, email`, [
        [`plans-action-overdue:${actionId}:%`, `plans-review-due:${planId}:%`],
      ]),
    )) as NotificationRow[];
    expect(sent.map((n) => [n.template, n.email])).toEqual([
      ['plans_action_overdue', p.members.school.email],
      ['plans_review_due', p.members.la1.email],
    ]);
    // a new due date reminds again
    await as('la1').put(`/api/v1/plan-actions/${actionId}`, { dueOn: '2027-06-10', version: 3 });
    expect((await reminders.runTenant(p.tenantId, '2027-06-11')).actions).toEqual([actionId]);
  });

  it('deletes representatives six years after they stopped, and audits it', async () => {
    const retention = world.app.get(PlansRetention);
    expect(await retention.purgeTenant(p.tenantId, '2033-07-31')).toEqual([]);
    expect(await retention.purgeTenant(p.tenantId, '2033-08-01')).toEqual([
      { what: 'local partnership representatives (deleted)', count: 1 },
    ]);
    expect(await retention.purgeTenant(p.tenantId, '2033-08-01')).toEqual([]);
    const rep = await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(`SELECT count(*)::int AS n FROM local_partnership_representatives WHERE tenant_id = $1 AND id = $2`, [
        p.tenantId,
        repId,
      ]),
    );
    expect(rep).toEqual([{ n: 0 }]);
    const audit = await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT subject_ids FROM audit_events WHERE tenant_id = $1 AND action = 'plans.representative.retention_delete'`,
        [p.tenantId],
      ),
    );
    expect(audit).toEqual([{ subject_ids: [repId] }]);
  });
});
