import { UnitOfWork } from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import { apPlacement, ApPlacementFixture, apProvider, daysFromNow, startApiWorld } from './testing';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';

type Who = 'lead' | 'la1' | 'la2' | 'school' | 'provider' | 'workforce' | 'dpo';

/**
 * Placement reviews, reintegration follow-ups and each LA's clocks through the API on real
 * PostgreSQL: the first review scheduled from the LA's setting when a placement starts, the next
 * at its cadence when one is held, versions, the walls of each role, the EHC annual review beside
 * the reviews, and follow-ups at each of the LA's points after a return to mainstream.
 */
describe('AP reviews, follow-ups and clocks', () => {
  let world: ApiWorld;
  let uow: UnitOfWork;
  let p: Partnership;
  let providerId: string;

  beforeAll(async () => {
    world = await startApiWorld();
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('apr', ['343', '344']);
    providerId = await apProvider(world, p);
    // LA one: first review three weeks in, then every four weeks; follow-ups at 4 and 13 weeks
    const set = await as('la1').put(`/api/v1/ap/la-settings/${p.las[0]}`, {
      firstReviewWeeks: 3,
      reviewCadenceWeeks: 4,
      followUpWeeks: [13, 4],
    });
    expect(set.status).toBe(200);
  });
  afterAll(async () => {
    await uow?.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [p.tenantId]),
    );
    await world?.close();
  });

  function as(who: Who) {
    return {
      get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${p.members[who].token}`),
      post: (path: string, body: object) =>
        world.http.post(path).set('Authorization', `Bearer ${p.members[who].token}`).send(body),
      put: (path: string, body: object) =>
        world.http.put(path).set('Authorization', `Bearer ${p.members[who].token}`).send(body),
    };
  }
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
  const reviewsOf = async (caseId: string, who: Who = 'la1') => {
    const r = await as(who).get(`/api/v1/ap/cases/${caseId}/reviews`);
    expect(r.status).toBe(200);
    return r.body as {
      items: {
        id: string;
        dueOn: string;
        status: string;
        version: number;
        heldOn: string | null;
        attendees: string[];
      }[];
      ehcAnnualReview: { nextDue: string | null } | null;
    };
  };
  const end = (pl: ApPlacementFixture, destination: string, endedOn: string) =>
    as('provider').post(`/api/v1/ap/cases/${pl.caseId}/transitions`, {
      action: 'end',
      destination,
      endedOn,
      note: 'Planned end',
    });
  const timeline = async (caseId: string, who: Who = 'la1') =>
    (
      (await as(who).get(`/api/v1/ap/cases/${caseId}`)).body as {
        timeline: { action: string; label: string; details: Record<string, unknown> }[];
      }
    ).timeline;

  it('keeps each LA’s new clocks, with defaults, field-named validation and the version check', async () => {
    const la2 = p.las[1];
    const before = await as('la2').get(`/api/v1/ap/la-settings/${la2}`);
    expect(before.body).toMatchObject({
      firstReviewWeeks: 2,
      reviewCadenceWeeks: 6,
      attendanceDueDays: 2,
      unexplainedAbsenceSessions: 4,
      safeguardingEmail: null,
      followUpWeeks: [6, 13, 26],
    });

    const bad = await as('la2').put(`/api/v1/ap/la-settings/${la2}`, {
      firstReviewWeeks: 0,
      reviewCadenceWeeks: 27,
      attendanceDueDays: 11,
      unexplainedAbsenceSessions: 41,
      safeguardingEmail: 'not an email',
      followUpWeeks: [6, 6],
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual([
      'attendanceDueDays',
      'firstReviewWeeks',
      'followUpWeeks',
      'reviewCadenceWeeks',
      'safeguardingEmail',
      'unexplainedAbsenceSessions',
    ]);
    for (const followUpWeeks of [[], [0], [105], [1, 2, 3, 4, 5, 6, 7], ['six'], [2.5]]) {
      const r = await as('la2').put(`/api/v1/ap/la-settings/${la2}`, { followUpWeeks });
      expect([JSON.stringify(followUpWeeks), r.status, fields(r.body)]).toEqual([
        JSON.stringify(followUpWeeks),
        400,
        ['followUpWeeks'],
      ]);
    }
    for (const [field, value] of [
      ['firstReviewWeeks', 26],
      ['reviewCadenceWeeks', 1],
      ['attendanceDueDays', 10],
      ['unexplainedAbsenceSessions', 40],
    ] as const) {
      const r = await as('la2').put(`/api/v1/ap/la-settings/${la2}`, { [field]: value });
      expect([field, r.status, r.body[field]]).toEqual([field, 200, value]);
    }

    const current = (await as('la2').get(`/api/v1/ap/la-settings/${la2}`)).body as { version: number };
    const saved = await as('la2').put(`/api/v1/ap/la-settings/${la2}`, {
      firstReviewWeeks: 4,
      reviewCadenceWeeks: 8,
      attendanceDueDays: 3,
      unexplainedAbsenceSessions: 6,
      safeguardingEmail: 'safeguarding@la-two.example',
      followUpWeeks: '26, 6, 39',
      version: current.version,
    });
    expect(saved.status).toBe(200);
    const read = await as('school').get(`/api/v1/ap/la-settings/${la2}`);
    expect(read.body).toMatchObject({
      firstReviewWeeks: 4,
      reviewCadenceWeeks: 8,
      attendanceDueDays: 3,
      unexplainedAbsenceSessions: 6,
      safeguardingEmail: 'safeguarding@la-two.example',
      followUpWeeks: [6, 26, 39],
      version: current.version + 1,
    });
    const stale = await as('la2').put(`/api/v1/ap/la-settings/${la2}`, {
      firstReviewWeeks: 5,
      version: current.version,
    });
    expect(stale.status).toBe(409);
    expect((await as('la2').get(`/api/v1/ap/la-settings/${la2}`)).body.firstReviewWeeks).toBe(4);
    // another LA's officer cannot set them
    expect((await as('la1').put(`/api/v1/ap/la-settings/${la2}`, { firstReviewWeeks: 5 })).status).toBe(403);
  });

  it('schedules the first review when the placement starts, the LA’s firstReviewWeeks after the start', async () => {
    const pl = await apPlacement(world, p, providerId, { startedDaysAgo: 10 });
    const { items, ehcAnnualReview } = await reviewsOf(pl.caseId);
    expect(items).toEqual([
      expect.objectContaining({
        dueOn: daysFromNow(-10 + 21),
        status: 'scheduled',
        heldOn: null,
        attendees: [],
        version: 1,
      }),
    ]);
    expect(ehcAnnualReview).toBeNull();
    const start = (await timeline(pl.caseId)).find((e) => e.action === 'start');
    expect(start?.details).toMatchObject({ firstReviewDue: daysFromNow(11) });
  });

  it('records a review held, schedules the next at the LA’s cadence, and refuses bad fields, stale versions and a second record', async () => {
    const pl = await apPlacement(world, p, providerId, { startedDaysAgo: 10 });
    const [first] = (await reviewsOf(pl.caseId)).items;
    const path = `/api/v1/ap/reviews/${first.id}/record`;
    const empty = await as('provider').post(path, {});
    expect(empty.status).toBe(400);
    expect(fields(empty.body)).toEqual(['attendees', 'heldOn', 'nextSteps', 'progress', 'version']);
    const good = {
      heldOn: daysFromNow(-1),
      attendees: ['Jo Officer (LA commissioner)', 'Sam Mentor (key worker)'],
      progress: 'Attending every session.',
      nextSteps: 'Two mornings at the home school.',
      version: 1,
    };
    for (const [change, field] of [
      [{ heldOn: daysFromNow(1) }, 'heldOn'],
      [{ heldOn: '2026-02-30' }, 'heldOn'],
      [{ heldOn: daysFromNow(-11) }, 'heldOn'],
      [{ attendees: [] }, 'attendees'],
      [{ attendees: ['   '] }, 'attendees'],
      [{ attendees: [7] }, 'attendees'],
      [{ progress: 'x'.repeat(4001) }, 'progress'],
      [{ version: 'one' }, 'version'],
    ] as const) {
      const r = await as('provider').post(path, { ...good, ...change });
      expect([JSON.stringify(change), r.status, fields(r.body)]).toEqual([JSON.stringify(change), 400, [field]]);
    }
    const stale = await as('provider').post(path, { ...good, version: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(1);

    const held = await as('provider').post(path, good);
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({
      id: first.id,
      status: 'held',
      heldOn: daysFromNow(-1),
      attendees: good.attendees,
      progress: good.progress,
      nextSteps: good.nextSteps,
      version: 2,
    });
    // LA one's cadence is four weeks
    expect(held.body.nextReview).toMatchObject({ status: 'scheduled', dueOn: daysFromNow(-1 + 28), version: 1 });
    const again = await as('la1').post(path, { ...good, version: 2 });
    expect(again.status).toBe(409);
    expect(again.body.reviewStatus).toBe('held');

    const list = await reviewsOf(pl.caseId);
    expect(list.items.map((r) => [r.status, r.dueOn])).toEqual([
      ['held', daysFromNow(11)],
      ['scheduled', daysFromNow(27)],
    ]);
    const events = await timeline(pl.caseId);
    expect(events[0]).toMatchObject({
      action: 'review_held',
      label: 'Review held',
      details: { reviewId: first.id, attendees: 2, nextReviewDue: daysFromNow(27) },
    });
    const audited = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND action = 'ap_review.record' AND $2 = ANY (subject_ids)`,
        [p.tenantId, first.id],
      ),
    )) as { n: number }[];
    expect(audited[0].n).toBe(1);

    // the next one: rescheduled (not to the past; not with a stale version), then cancelled with a reason
    const next = held.body.nextReview as { id: string };
    expect((await as('la1').put(`/api/v1/ap/reviews/${next.id}`, { dueOn: daysFromNow(-3), version: 1 })).status).toBe(
      400,
    );
    expect((await as('la1').put(`/api/v1/ap/reviews/${next.id}`, { dueOn: daysFromNow(30), version: 7 })).status).toBe(
      409,
    );
    const moved = await as('la1').put(`/api/v1/ap/reviews/${next.id}`, { dueOn: daysFromNow(30), version: 1 });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ dueOn: daysFromNow(30), version: 2 });
    const noReason = await as('la1').post(`/api/v1/ap/reviews/${next.id}/cancel`, { version: 2 });
    expect(fields(noReason.body)).toEqual(['reason']);
    const cancelled = await as('la1').post(`/api/v1/ap/reviews/${next.id}/cancel`, {
      reason: 'Merged with the EHC annual review',
      version: 2,
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Merged with the EHC annual review',
      version: 3,
    });
    expect((await as('la1').put(`/api/v1/ap/reviews/${next.id}`, { dueOn: daysFromNow(31), version: 3 })).status).toBe(
      409,
    );

    // the commissioner schedules one; a date in the past or not real is refused
    expect(
      fields((await as('la1').post(`/api/v1/ap/cases/${pl.caseId}/reviews`, { dueOn: daysFromNow(-1) })).body),
    ).toEqual(['dueOn']);
    expect(fields((await as('la1').post(`/api/v1/ap/cases/${pl.caseId}/reviews`, { dueOn: 'soon' })).body)).toEqual([
      'dueOn',
    ]);
    const scheduled = await as('la1').post(`/api/v1/ap/cases/${pl.caseId}/reviews`, { dueOn: daysFromNow(14) });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body).toMatchObject({
      status: 'scheduled',
      dueOn: daysFromNow(14),
      caseId: pl.caseId,
      placementId: pl.placementId,
    });
    const actions = (await timeline(pl.caseId)).map((e) => e.action);
    for (const a of ['review_scheduled', 'review_cancelled', 'review_rescheduled', 'review_held'])
      expect([a, actions.includes(a)]).toEqual([a, true]);
  });

  it('lets the provider and the commissioner write; the lead, workforce and DPO get 403; the LA outside the agreement and another school 404', async () => {
    const pl = await apPlacement(world, p, providerId, { startedDaysAgo: 3 });
    const [first] = (await reviewsOf(pl.caseId)).items;
    for (const who of ['lead', 'workforce', 'dpo'] as const) {
      expect([who, (await as(who).get(`/api/v1/ap/cases/${pl.caseId}/reviews`)).status]).toEqual([who, 403]);
      expect([
        who,
        (await as(who).post(`/api/v1/ap/cases/${pl.caseId}/reviews`, { dueOn: daysFromNow(5) })).status,
      ]).toEqual([who, 403]);
      expect([
        who,
        (await as(who).post(`/api/v1/ap/reviews/${first.id}/cancel`, { reason: 'No', version: 1 })).status,
      ]).toEqual([who, 403]);
      expect([who, (await as(who).get('/api/v1/ap/reviews')).status]).toEqual([who, 403]);
    }
    // LA two's officer (no data-sharing agreement) and the school (not its case) never see it
    for (const who of ['la2', 'school'] as const) {
      expect([who, (await as(who).get(`/api/v1/ap/cases/${pl.caseId}/reviews`)).status]).toEqual([who, 404]);
      expect([
        who,
        (await as(who).post(`/api/v1/ap/cases/${pl.caseId}/reviews`, { dueOn: daysFromNow(5) })).status,
      ]).toEqual([who, 404]);
      expect([
        who,
        (await as(who).put(`/api/v1/ap/reviews/${first.id}`, { dueOn: daysFromNow(5), version: 1 })).status,
      ]).toEqual([who, 404]);
      expect([
        who,
        (await as(who).post(`/api/v1/ap/reviews/${first.id}/cancel`, { reason: 'Not mine', version: 1 })).status,
      ]).toEqual([who, 404]);
    }
    expect((await as('la1').get(`/api/v1/ap/cases/${randomUUID()}/reviews`)).status).toBe(404);
    expect(
      (await as('la1').post(`/api/v1/ap/reviews/${randomUUID()}/cancel`, { reason: 'x', version: 1 })).status,
    ).toBe(404);
    expect((await as('la1').post('/api/v1/ap/reviews/not-an-id/cancel', { reason: 'x', version: 1 })).status).toBe(404);
    // nothing changed
    expect((await reviewsOf(pl.caseId)).items).toEqual([
      expect.objectContaining({ id: first.id, status: 'scheduled', version: 1 }),
    ]);
    // the provider and the commissioner both write
    expect(
      (await as('provider').post(`/api/v1/ap/cases/${pl.caseId}/reviews`, { dueOn: daysFromNow(20) })).status,
    ).toBe(201);
    expect((await as('la1').put(`/api/v1/ap/reviews/${first.id}`, { dueOn: daysFromNow(12), version: 1 })).status).toBe(
      200,
    );
    expect((await as('provider').get(`/api/v1/ap/cases/${pl.caseId}/reviews`)).status).toBe(200);
  });

  it('shows the EHC plan’s annual review beside the reviews for a pupil with a plan', async () => {
    const pl = await apPlacement(world, p, providerId, {
      pupil: {
        senProvision: 'E',
        needs: ['SEMH'],
        ehcCaseworker: 'J. Caseworker',
        ehcNextAnnualReview: daysFromNow(90),
      },
    });
    const { items, ehcAnnualReview } = await reviewsOf(pl.caseId);
    expect(ehcAnnualReview).toEqual({ nextDue: daysFromNow(90) });
    expect(items).toHaveLength(1);
  });

  it('lists each user’s upcoming and overdue scheduled reviews across the cases they can see', async () => {
    const overdue = await apPlacement(world, p, providerId, { startedDaysAgo: 30 });
    const [late] = (await reviewsOf(overdue.caseId)).items;
    const upcoming = await as('provider').get('/api/v1/ap/reviews');
    expect(upcoming.status).toBe(200);
    const mine = (
      upcoming.body.items as {
        id: string;
        dueOn: string;
        overdue: boolean;
        reference: string;
        pupil: { givenName: string };
      }[]
    ).find((i) => i.id === late.id);
    expect(mine).toMatchObject({ dueOn: daysFromNow(-30 + 21), overdue: true });
    expect(mine!.reference).toMatch(/^AP-\d{6}$/);
    const dues = (upcoming.body.items as { dueOn: string }[]).map((i) => i.dueOn);
    expect(dues).toEqual([...dues].sort());
    expect(
      (await as('la1').get('/api/v1/ap/reviews?withinDays=0')).body.items.some((i: { id: string }) => i.id === late.id),
    ).toBe(true);
    expect(JSON.stringify((await as('la2').get('/api/v1/ap/reviews')).body)).not.toContain(late.id);
    expect(fields((await as('la1').get('/api/v1/ap/reviews?withinDays=lots')).body)).toEqual(['withinDays']);
  });

  it('creates follow-ups at each of the LA’s points after a return to mainstream only, cancels the scheduled reviews, and records each once', async () => {
    const back = await apPlacement(world, p, providerId, { startedDaysAgo: 20 });
    const special = await apPlacement(world, p, providerId, { startedDaysAgo: 20 });
    const endedOn = daysFromNow(-5);
    expect((await end(back, 'returned_to_home_school', endedOn)).status).toBe(200);
    expect((await end(special, 'special_school', endedOn)).status).toBe(200);

    const list = await as('la1').get(`/api/v1/ap/cases/${back.caseId}/follow-ups`);
    expect(list.status).toBe(200);
    // LA one's points: 4 and 13 weeks
    expect(
      list.body.items.map((f: { weeks: number; label: string; dueOn: string; outcome: null }) => [
        f.weeks,
        f.label,
        f.dueOn,
        f.outcome,
      ]),
    ).toEqual([
      [4, '4 weeks', daysFromNow(-5 + 28), null],
      [13, 'One term (13 weeks)', daysFromNow(-5 + 91), null],
    ]);
    expect((await as('la1').get(`/api/v1/ap/cases/${special.caseId}/follow-ups`)).body.items).toEqual([]);
    expect((await reviewsOf(back.caseId)).items.map((r) => r.status)).toEqual(['cancelled']);
    expect((await timeline(back.caseId))[0].details).toMatchObject({
      destination: 'returned_to_home_school',
      followUps: 2,
      reviewsCancelled: 1,
    });

    const [six] = list.body.items as { id: string; version: number }[];
    const path = `/api/v1/ap/follow-ups/${six.id}/record`;
    // roles: the provider is not part of the follow-up, nor are the lead or workforce; LA two never sees it
    for (const who of ['provider', 'lead', 'workforce', 'dpo'] as const)
      expect([
        who,
        (await as(who).post(path, { outcome: 'held', recordedOn: daysFromNow(0), version: 1 })).status,
      ]).toEqual([who, 403]);
    for (const who of ['la2', 'school'] as const) {
      expect([
        who,
        (await as(who).post(path, { outcome: 'held', recordedOn: daysFromNow(0), version: 1 })).status,
      ]).toEqual([who, 404]);
      expect([who, (await as(who).get(`/api/v1/ap/cases/${back.caseId}/follow-ups`)).status]).toEqual([who, 404]);
    }
    expect(fields((await as('la1').post(path, {})).body)).toEqual(['outcome', 'recordedOn', 'version']);
    expect(
      fields((await as('la1').post(path, { outcome: 'not_held', recordedOn: daysFromNow(0), version: 1 })).body),
    ).toEqual(['note']);
    expect(
      fields((await as('la1').post(path, { outcome: 'maybe', recordedOn: daysFromNow(0), version: 1 })).body),
    ).toEqual(['outcome']);
    expect(
      fields((await as('la1').post(path, { outcome: 'held', recordedOn: daysFromNow(1), version: 1 })).body),
    ).toEqual(['recordedOn']);
    expect(
      fields((await as('la1').post(path, { outcome: 'held', recordedOn: daysFromNow(-6), version: 1 })).body),
    ).toEqual(['recordedOn']);
    expect((await as('la1').post(path, { outcome: 'held', recordedOn: daysFromNow(0), version: 4 })).status).toBe(409);
    const recorded = await as('la1').post(path, {
      outcome: 'held',
      recordedOn: daysFromNow(0),
      note: 'Full-time at the home school.',
      version: 1,
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({
      outcome: 'held',
      recordedOn: daysFromNow(0),
      note: 'Full-time at the home school.',
      version: 2,
    });
    const twice = await as('la1').post(path, {
      outcome: 'not_held',
      recordedOn: daysFromNow(0),
      note: 'Changed my mind',
      version: 2,
    });
    expect(twice.status).toBe(409);
    expect((await timeline(back.caseId))[0]).toMatchObject({
      action: 'follow_up_recorded',
      label: 'Reintegration follow-up recorded',
      details: { weeks: 4, outcome: 'held' },
    });
  });

  it('lets the referring school record the follow-ups of its own case, at its LA’s points', async () => {
    const pl = await apPlacement(world, p, providerId, { school: true, startedDaysAgo: 20 });
    const points = ((await as('la2').get(`/api/v1/ap/la-settings/${p.las[1]}`)).body as { followUpWeeks: number[] })
      .followUpWeeks;
    expect((await end(pl, 'moved_to_another_mainstream_school', daysFromNow(-2))).status).toBe(200);
    const list = await as('school').get(`/api/v1/ap/cases/${pl.caseId}/follow-ups`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((f: { weeks: number }) => f.weeks)).toEqual(points);
    const [first] = list.body.items as { id: string }[];
    expect(
      (
        await as('la1').post(`/api/v1/ap/follow-ups/${first.id}/record`, {
          outcome: 'held',
          recordedOn: daysFromNow(0),
          version: 1,
        })
      ).status,
    ).toBe(404);
    const notHeld = await as('school').post(`/api/v1/ap/follow-ups/${first.id}/record`, {
      outcome: 'not_held',
      recordedOn: daysFromNow(0),
      note: 'Back on a part-time timetable.',
      version: 1,
    });
    expect(notHeld.status).toBe(200);
    expect(notHeld.body).toMatchObject({ outcome: 'not_held', note: 'Back on a part-time timetable.' });
  });
});
