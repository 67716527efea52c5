import { ALERT_KINDS, AlertKind, AlertsService, AP_CLOCKS_JOB, ApClocksHandler, RaisedAlert } from '@rep-hub/ap-domain';
import {
  JobRegistry,
  JobRunner,
  jobSchedules,
  NotificationRow,
  OutboxRow,
  renderNotification,
  toEnvelope,
  UnitOfWork,
} from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import { apPlacement, ApPlacementFixture, apProvider, startApiWorld } from './testing';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';

type Who = 'lead' | 'la1' | 'la2' | 'school' | 'provider' | 'workforce' | 'dpo';

/** YYYY-MM-DD, `n` days from `iso`. */
const plus = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const isWeekday = (iso: string) => ![0, 6].includes(new Date(`${iso}T00:00:00Z`).getUTCDay());
/** The weekdays from `from` to the day before `to`, oldest first. */
const weekdays = (from: string, to: string) => {
  const out: string[] = [];
  for (let d = from; d < to; d = plus(d, 1)) if (isWeekday(d)) out.push(d);
  return out;
};
/** ISO week of a date, as PostgreSQL's IYYY-"W"IW writes it. */
const isoWeek = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - day + 3);
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((d.getTime() - jan4.getTime()) / 86_400_000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
};

type Session = { date: string; session: 'AM' | 'PM'; code: string; category: string };
const PRESENT = { code: '/', category: 'present' };
const ILL = { code: 'I', category: 'authorised_absence' };

/** `n` sessions on consecutive weekdays from `days[0]`, AM then PM, the first `missed` of them absences. */
const sessions = (days: string[], n: number, missed: number): Session[] =>
  Array.from(
    { length: n },
    (_, i) =>
      ({ date: days[Math.floor(i / 2)], session: i % 2 ? 'PM' : 'AM', ...(i < missed ? ILL : PRESENT) }) as Session,
  );

/**
 * The AP clocks on real PostgreSQL: each alert fires on its fixture and stays quiet on its control,
 * absence at its exact boundaries, each alert raised once, the notices to the right people and
 * naming no child, the walls, and closing with a recorded decision (a children-missing-education
 * decision only by the LA's officer, with a note, in the case timeline).
 */
describe('AP alerts', () => {
  let world: ApiWorld;
  let p: Partnership;
  let q: Partnership;
  let uow: UnitOfWork;
  let providerId: string;
  const asOf = new Date().toISOString().slice(0, 10);
  const fx: Record<string, ApPlacementFixture> = {};
  const reviews: Record<string, string> = {};
  const followups: Record<string, string> = {};
  let raised: RaisedAlert[] = [];

  const as = (who: Who, partnership?: Partnership) => {
    const token = (partnership ?? p).members[who].token;
    return {
      get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${token}`),
      post: (path: string, body: object) => world.http.post(path).set('Authorization', `Bearer ${token}`).send(body),
    };
  };
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();
  const alertOf = (kind: AlertKind, f: ApPlacementFixture) =>
    raised.find((a) => a.kind === kind && a.placementId === f.placementId);
  const kindsOf = (f: ApPlacementFixture) =>
    raised
      .filter((a) => a.placementId === f.placementId)
      .map((a) => a.kind)
      .sort();

  async function attend(f: ApPlacementFixture, rows: Session[]): Promise<void> {
    await uow.forTenant({ tenantId: p.tenantId, laIds: [f.laId] }, async (m) => {
      for (const r of rows) {
        await m.query(
          `INSERT INTO ap_attendance (tenant_id, placement_id, session_date, session, la_id, provider_id, code, code_version, category) VALUES ($1, $2, $3, $4, $5, $6, $7, '2024-08', $8)`,
          [p.tenantId, f.placementId, r.date, r.session, f.laId, providerId, r.code, r.category],
        );
      }
    });
  }
  const sql = (f: ApPlacementFixture, text: string, params: unknown[]) =>
    uow.forTenant({ tenantId: p.tenantId, laIds: [f.laId] }, (m) => m.query(text, params));

  beforeAll(async () => {
    world = await startApiWorld();
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('apal', ['370', '371']);
    q = await world.partnership('apaq', ['372', '373']);
    providerId = await apProvider(world, p);
    for (const [name, days, school] of [
      ['a', 35, false],
      ['b', 35, false],
      ['c', 35, false],
      ['d', 35, false],
      ['e', 35, false],
      ['f', 35, false],
      ['s', 14, true],
    ] as const) {
      fx[name] = await apPlacement(world, p, providerId, { startedDaysAgo: days, school });
    }
    const la1 = p.las[0];
    // LA one's clocks: 3 unexplained sessions raise an alert; its safeguarding contact
    await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `INSERT INTO ap_la_settings (tenant_id, la_id, unexplained_absence_sessions, safeguarding_email) VALUES ($1, $2, 3, 'safeguarding@la-one.example')
         ON CONFLICT (tenant_id, la_id) DO UPDATE SET unexplained_absence_sessions = 3, safeguarding_email = 'safeguarding@la-one.example'`,
        [p.tenantId, la1],
      ),
    );

    // tier 2 overrun: A ended yesterday by plan (fires); B ends tomorrow (quiet)
    await sql(fx.a, `UPDATE ap_placements SET planned_end = $2 WHERE tenant_id = $1 AND id = $3`, [
      p.tenantId,
      plus(asOf, -1),
      fx.a.placementId,
    ]);
    await sql(fx.b, `UPDATE ap_placements SET planned_end = $2 WHERE tenant_id = $1 AND id = $3`, [
      p.tenantId,
      plus(asOf, 1),
      fx.b.placementId,
    ]);

    // absence over the sessions since the start: A 3 of 30 (10%: persistent), B 3 of 31 (just under),
    // C 15 of 30 (50%: severe), D 15 of 31 (just under); A's planned closure is not a possible session
    const since = weekdays(plus(asOf, -35), asOf);
    await attend(fx.a, [
      ...sessions(since, 30, 3),
      { date: since[15], session: 'AM', code: '#', category: 'not_possible' },
    ]);
    await attend(fx.b, sessions(since, 31, 3));
    await attend(fx.c, sessions(since, 30, 15));
    await attend(fx.d, sessions(since, 31, 15));

    // E and F: every session since the start recorded (no attendance missing; 3 absences of about 50
    // sessions is under 10%), E with 3 unexplained sessions in the last 10 weekdays (the LA's level:
    // fires), F with 2 (quiet)
    const recent = weekdays(plus(asOf, -35), asOf);
    const full = (unexplained: number): Session[] =>
      recent
        .flatMap((date) => (['AM', 'PM'] as const).map((session) => ({ date, session, ...PRESENT })))
        .map((s, i, all) =>
          i >= all.length - unexplained ? { ...s, code: i % 2 ? 'O' : 'N', category: 'unauthorised_absence' } : s,
        );
    await attend(fx.e, full(3));
    await attend(fx.f, full(2));

    // the reviews scheduled when each placement started are the reviews suite's: these fixtures hold their own
    for (const f of Object.values(fx))
      await sql(f, `DELETE FROM ap_reviews WHERE tenant_id = $1 AND placement_id = $2`, [p.tenantId, f.placementId]);
    // reviews of A: due in 3 days (due), 2 days ago (overdue), held (quiet), due in 10 days (quiet)
    for (const [name, due, held] of [
      ['due', 3, false],
      ['overdue', -2, false],
      ['held', -4, true],
      ['later', 10, false],
    ] as const) {
      const [r] = (await sql(
        fx.a,
        `INSERT INTO ap_reviews (tenant_id, case_id, placement_id, la_id, provider_id, due_on, status, held_on, attendees, progress, next_steps)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
        [
          p.tenantId,
          fx.a.caseId,
          fx.a.placementId,
          fx.a.laId,
          providerId,
          plus(asOf, due),
          held ? 'held' : 'scheduled',
          held ? plus(asOf, due) : null,
          held ? ['Provider'] : [],
          held ? 'Settled well' : null,
        ],
      )) as { id: string }[];
      reviews[name] = r.id;
    }
    // follow-ups of A: due yesterday (fires), due in 5 days (quiet), recorded (quiet); of S (a school referral): due today (fires)
    for (const [name, f, weeks, due, outcome] of [
      ['due', fx.a, 6, -1, null],
      ['later', fx.a, 13, 5, null],
      ['recorded', fx.a, 26, -3, 'held'],
      ['school', fx.s, 6, 0, null],
    ] as const) {
      const [r] = (await sql(
        f,
        `INSERT INTO ap_followups (tenant_id, case_id, placement_id, la_id, weeks, due_on, outcome, recorded_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          p.tenantId,
          f.caseId,
          f.placementId,
          f.laId,
          weeks,
          plus(asOf, due),
          outcome,
          outcome ? plus(asOf, due) : null,
        ],
      )) as { id: string }[];
      followups[name] = r.id;
    }

    raised = await world.app.get(ApClocksHandler).runTenant(p.tenantId, asOf);
  });
  afterAll(async () => {
    // this producer app runs no jobs: the notices it enqueued are not left for the next suite's worker
    for (const t of [p, q])
      if (t)
        await uow?.forTenant({ tenantId: t.tenantId }, (m) =>
          m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [t.tenantId]),
        );
    await world?.close();
  });

  it('raises tier 2 overrun past the planned end, not the day before it ends', () => {
    expect(alertOf('tier2_overrun', fx.a)).toBeDefined();
    expect(alertOf('tier2_overrun', fx.b)).toBeUndefined();
    // C to F and S end 12 weeks after they started
    expect(raised.filter((a) => a.kind === 'tier2_overrun').map((a) => a.placementId)).toEqual([fx.a.placementId]);
  });

  it('raises review due within 7 days and review overdue, never for a held review or one further off', async () => {
    const keys = (await uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
      m.query(
        `SELECT kind, dedupe_key FROM ap_alerts WHERE tenant_id = $1 AND kind IN ('review_due', 'review_overdue') ORDER BY kind`,
        [p.tenantId],
      ),
    )) as { kind: string; dedupe_key: string }[];
    expect(keys).toEqual([
      { kind: 'review_due', dedupe_key: reviews['due'] },
      { kind: 'review_overdue', dedupe_key: reviews['overdue'] },
    ]);
  });

  it('raises attendance missing for a placement with unrecorded sessions, keyed by the week of the earliest missing day; quiet when every session is in', async () => {
    for (const f of [fx.a, fx.b, fx.c, fx.d, fx.s]) expect(alertOf('attendance_missing', f)).toBeDefined();
    expect(alertOf('attendance_missing', fx.e)).toBeUndefined();
    expect(alertOf('attendance_missing', fx.f)).toBeUndefined();
    const [row] = (await sql(fx.s, `SELECT dedupe_key, details FROM ap_alerts WHERE tenant_id = $1 AND id = $2`, [
      p.tenantId,
      alertOf('attendance_missing', fx.s)!.id,
    ])) as { dedupe_key: string; details: Record<string, unknown> }[];
    // S started 14 days ago and has no attendance
    // the last 10 weekdays before today, less the LA's 2 weekdays' grace (the default), from the start
    const eligible = weekdays(plus(asOf, -21), asOf)
      .slice(-10)
      .slice(0, 9)
      .filter((d) => d >= plus(asOf, -14));
    expect(row.details['earliestMissing']).toBe(eligible[0]);
    expect(row.details['missingDays']).toBe(eligible.length);
    expect(row.details['missingSessions']).toBe(eligible.length * 2);
    expect(row.dedupe_key).toBe(`${fx.s.placementId}:${isoWeek(eligible[0])}`);
    expect(row.details['dueDays']).toBe(2);
  });

  it('raises persistent absence at exactly 10% of possible sessions and severe at exactly 50%, not just below', () => {
    expect(kindsOf(fx.a).filter((k) => k.endsWith('_absence'))).toEqual(['persistent_absence']); // 3 of 30
    expect(kindsOf(fx.b).filter((k) => k.endsWith('_absence'))).toEqual([]); // 3 of 31
    expect(kindsOf(fx.c).filter((k) => k.endsWith('_absence'))).toEqual(['persistent_absence', 'severe_absence']); // 15 of 30
    expect(kindsOf(fx.d).filter((k) => k.endsWith('_absence'))).toEqual(['persistent_absence']); // 15 of 31: severe just below
  });

  it('raises unexplained absence when N and O sessions reach the LA’s level, not one below', () => {
    expect(alertOf('unexplained_absence', fx.e)).toBeDefined();
    expect(alertOf('unexplained_absence', fx.f)).toBeUndefined();
    expect(kindsOf(fx.f)).toEqual([]);
  });

  it('raises a follow-up due with no outcome, not one recorded or still to come', async () => {
    const due = raised.filter((a) => a.kind === 'followup_due');
    expect(due.map((a) => a.placementId).sort()).toEqual([fx.a.placementId, fx.s.placementId].sort());
    const keys = (await uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
      m.query(`SELECT dedupe_key FROM ap_alerts WHERE tenant_id = $1 AND kind = 'followup_due'`, [p.tenantId]),
    )) as {
      dedupe_key: string;
    }[];
    expect(keys.map((k) => k.dedupe_key).sort()).toEqual([followups['due'], followups['school']].sort());
  });

  it('raises nothing new the second time, through the job’s seam or the service', async () => {
    expect(raised.length).toBeGreaterThan(10);
    expect(await world.app.get(ApClocksHandler).runTenant(p.tenantId, asOf)).toEqual([]);
    expect(
      await uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
        world.app.get(AlertsService).raiseAlerts(m, p.tenantId, asOf),
      ),
    ).toEqual([]);
    const [{ n }] = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(`SELECT count(*)::int AS n FROM job_outbox WHERE tenant_id = $1 AND job_name = 'ap.alert_notice'`, [
        p.tenantId,
      ]),
    )) as { n: number }[];
    expect(n).toBe(raised.length);
    // each raise is audited
    const audit = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT unnest(subject_ids)::text AS id FROM audit_events WHERE tenant_id = $1 AND action = 'ap_alert.raise'`,
        [p.tenantId],
      ),
    )) as { id: string }[];
    expect(audit.map((a) => a.id).sort()).toEqual(raised.map((a) => a.id).sort());
  });

  it('registers the nightly schedule and its handlers', () => {
    expect(jobSchedules().filter((s) => s.id === 'ap-clocks-nightly')).toEqual([
      expect.objectContaining({ job: AP_CLOCKS_JOB, pattern: '30 1 * * *', everyMs: 86_400_000 }),
    ]);
    const registry = world.app.get(JobRegistry);
    expect(registry.handler('ap.clocks')).toBe(world.app.get(ApClocksHandler));
    expect(registry.handler('ap.alert_notice')).toBeDefined();
    expect([...ALERT_KINDS].sort()).toEqual([
      'attendance_missing',
      'followup_due',
      'persistent_absence',
      'review_due',
      'review_overdue',
      'severe_absence',
      'tier2_overrun',
      'unexplained_absence',
    ]);
  });

  it('emails each alert to the people its kind concerns, once, never naming the child', async () => {
    const rows = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT id, tenant_id, job_name, idempotency_key, actor_id, correlation_id, payload, attempts FROM job_outbox WHERE tenant_id = $1 AND job_name = 'ap.alert_notice'`,
        [p.tenantId],
      ),
    )) as OutboxRow[];
    for (const row of rows) {
      await world.app.get(JobRunner).run(toEnvelope(row), 1);
      await world.app.get(JobRunner).run(toEnvelope(row), 2); // a retry sends nothing twice
    }
    const sent = async (a: RaisedAlert | undefined) =>
      (await uow.forPlatform(null, (m) =>
        m.query(`SELECT * FROM notifications WHERE idempotency_key LIKE $1 ORDER BY email`, [
          `ap-alert-notice:${a!.id}:%`,
        ]),
      )) as NotificationRow[];
    const to = async (a: RaisedAlert | undefined) => (await sent(a)).map((n) => n.email).sort();
    const { la1, la2, provider, school } = p.members;
    const safeguarding = 'safeguarding@la-one.example';
    expect(await to(alertOf('attendance_missing', fx.a))).toEqual([la1.email, provider.email].sort());
    expect(await to(alertOf('tier2_overrun', fx.a))).toEqual([la1.email, provider.email].sort());
    expect(await to(raised.find((a) => a.kind === 'review_overdue'))).toEqual([la1.email, provider.email].sort());
    expect(await to(alertOf('persistent_absence', fx.a))).toEqual([la1.email]);
    expect(await to(alertOf('severe_absence', fx.c))).toEqual([la1.email, provider.email].sort());
    expect(await to(alertOf('unexplained_absence', fx.e))).toEqual([la1.email, safeguarding].sort());
    expect(await to(alertOf('followup_due', fx.a))).toEqual([la1.email]);
    // a school's referral to LA two: LA two's officers, and the school checks the return
    expect(await to(alertOf('followup_due', fx.s))).toEqual([la2.email, school.email].sort());
    expect(await to(alertOf('attendance_missing', fx.s))).toEqual([la2.email, provider.email].sort());

    const all = (await uow.forPlatform(null, (m) =>
      m.query(
        `SELECT * FROM notifications WHERE idempotency_key LIKE 'ap-alert-notice:%' AND idempotency_key LIKE ANY ($1)`,
        [raised.map((a) => `ap-alert-notice:${a.id}:%`)],
      ),
    )) as NotificationRow[];
    expect(all.length).toBeGreaterThanOrEqual(raised.length);
    const names = (await uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
      m.query(`SELECT given_name, family_name FROM pupils WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`, [
        p.tenantId,
        Object.values(fx).map((f) => f.pupilId),
      ]),
    )) as { given_name: string; family_name: string }[];
    expect(names.length).toBe(7);
    for (const n of all) {
      const { subject, body } = renderNotification('ap_alert', n.personalisation!);
      for (const pupil of names)
        for (const name of [pupil.given_name, pupil.family_name])
          expect([n.email, `${subject}\n${body}`.includes(name)]).toEqual([n.email, false]);
      expect(body).toContain('/ap/alerts/');
      expect(subject).toMatch(/AP-\d{6}/);
    }
  });

  it('shows each role the alerts of its cases: a provider not persistent absence, another LA and another partnership nothing', async () => {
    const mine = await as('la1').get('/api/v1/ap/alerts?limit=100').expect(200);
    const ids = (mine.body.items as { id: string }[]).map((i) => i.id);
    for (const a of raised.filter((x) => x.laId === p.las[0])) expect(ids).toContain(a.id);
    expect(ids).not.toContain(alertOf('followup_due', fx.s)!.id);
    const unexplained = mine.body.items.find((i: { id: string }) => i.id === alertOf('unexplained_absence', fx.e)!.id);
    expect(unexplained).toMatchObject({
      kind: 'unexplained_absence',
      status: 'open',
      laId: p.las[0],
      caseId: fx.e.caseId,
      details: { sessions: 3, threshold: 3 },
      version: 1,
    });
    expect(unexplained.caseReference).toMatch(/^AP-\d{6}$/);
    expect(unexplained.allowedDecisions).toEqual([
      'noted',
      'action_taken',
      'cme_referral_made',
      'cme_referral_not_needed',
    ]);

    const seen = await as('provider').get('/api/v1/ap/alerts?limit=100').expect(200);
    const kinds = new Set((seen.body.items as { kind: string }[]).map((i) => i.kind));
    expect([...kinds].sort()).toEqual([
      'attendance_missing',
      'review_due',
      'review_overdue',
      'severe_absence',
      'tier2_overrun',
    ]);
    expect((await as('provider').get(`/api/v1/ap/alerts/${alertOf('persistent_absence', fx.a)!.id}`)).status).toBe(404);
    expect((await as('provider').get(`/api/v1/ap/alerts/${alertOf('unexplained_absence', fx.e)!.id}`)).status).toBe(
      404,
    );
    const severe = await as('provider')
      .get(`/api/v1/ap/alerts/${alertOf('severe_absence', fx.c)!.id}`)
      .expect(200);
    expect(severe.body).toMatchObject({
      kind: 'severe_absence',
      details: { possible: 30, missed: 15, percent: 50 },
      allowedDecisions: [],
    });

    // LA two's officer (no data-sharing agreement) and the school see none of LA one's; another partnership nothing
    const a = alertOf('attendance_missing', fx.a)!.id;
    expect((await as('la2').get(`/api/v1/ap/alerts/${a}`)).status).toBe(404);
    expect((await as('school').get(`/api/v1/ap/alerts/${a}`)).status).toBe(404);
    expect((await as('la1', q).get(`/api/v1/ap/alerts/${a}`)).status).toBe(404);
    expect(JSON.stringify((await as('la1', q).get('/api/v1/ap/alerts?limit=100').expect(200)).body)).not.toContain(a);
    expect(JSON.stringify((await as('la2').get('/api/v1/ap/alerts?limit=100').expect(200)).body)).not.toContain(a);
    // the school sees its referral's alerts
    expect(JSON.stringify((await as('school').get('/api/v1/ap/alerts?limit=100').expect(200)).body)).toContain(
      alertOf('followup_due', fx.s)!.id,
    );
    // roles that never see alerts
    for (const who of ['lead', 'workforce', 'dpo'] as const)
      expect([who, (await as(who).get('/api/v1/ap/alerts')).status]).toEqual([who, 403]);
    expect((await as('la1').get(`/api/v1/ap/alerts/${randomUUID()}`)).status).toBe(404);
    expect((await as('la1').get('/api/v1/ap/alerts/not-an-id')).status).toBe(404);
  });

  it('filters by kind and status, pages with a cursor, and refuses a kind it does not know', async () => {
    const r = await as('la1').get('/api/v1/ap/alerts?kind=attendance_missing').expect(200);
    expect(r.body.items.length).toBe(4);
    expect(new Set(r.body.items.map((i: { kind: string }) => i.kind))).toEqual(new Set(['attendance_missing']));
    const first = await as('la1').get('/api/v1/ap/alerts?limit=2').expect(200);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await as('la1').get(`/api/v1/ap/alerts?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.length).toBe(2);
    expect(second.body.items.map((i: { id: string }) => i.id)).not.toContain(first.body.items[0].id);
    const bad = await as('la1').get('/api/v1/ap/alerts?kind=fire&status=gone');
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['kind', 'status']);
  });

  it('records a children-missing-education decision only by the LA’s officer, on an absence alert, with a note, in the case timeline', async () => {
    const id = alertOf('unexplained_absence', fx.e)!.id;
    const path = `/api/v1/ap/alerts/${id}/close`;
    // the provider never closes alerts; the other LA cannot see it
    expect((await as('provider').post(path, { decision: 'noted', version: 1 })).status).toBe(403);
    expect((await as('la2').post(path, { decision: 'cme_referral_made', note: 'x', version: 1 })).status).toBe(404);
    // bad input: nothing changes
    const empty = await as('la1').post(path, {});
    expect(empty.status).toBe(400);
    expect(fields(empty.body)).toEqual(['decision', 'version']);
    const noNote = await as('la1').post(path, { decision: 'cme_referral_not_needed', version: 1 });
    expect(noNote.status).toBe(400);
    expect(fields(noNote.body)).toEqual(['note']);
    const stale = await as('la1').post(path, {
      decision: 'cme_referral_not_needed',
      note: 'Spoke to the parent',
      version: 7,
    });
    expect(stale.status).toBe(409);
    expect((await as('la1').get(`/api/v1/ap/alerts/${id}`)).body).toMatchObject({ status: 'open', version: 1 });

    const done = await as('la1').post(path, {
      decision: 'cme_referral_not_needed',
      note: 'Spoke to the parent: ill, back tomorrow.',
      version: 1,
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'closed',
      decision: 'cme_referral_not_needed',
      decisionNote: 'Spoke to the parent: ill, back tomorrow.',
      closedBy: { userId: p.members.la1.userId },
      allowedDecisions: [],
      version: 2,
    });
    expect((await as('la1').post(path, { decision: 'noted', version: 2 })).status).toBe(409);
    // closed alerts leave the open list and appear in the closed one
    expect(JSON.stringify((await as('la1').get('/api/v1/ap/alerts?limit=100')).body)).not.toContain(id);
    expect(JSON.stringify((await as('la1').get('/api/v1/ap/alerts?status=closed&limit=100')).body)).toContain(id);

    const c = (await as('la1').get(`/api/v1/ap/cases/${fx.e.caseId}`).expect(200)).body;
    expect(c.timeline[0]).toMatchObject({
      action: 'cme_decision',
      label: 'Children missing education: decision recorded',
      fromStatus: 'placement_active',
      toStatus: 'placement_active',
      note: 'Spoke to the parent: ill, back tomorrow.',
      details: { alertId: id, kind: 'unexplained_absence', decision: 'cme_referral_not_needed' },
      by: { userId: p.members.la1.userId, role: 'la_officer' },
    });
    expect(c.status).toBe('placement_active');
    const audit = (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT action, details FROM audit_events WHERE tenant_id = $1 AND $2 = ANY (subject_ids) AND action = 'ap_alert.cme_decision'`,
        [p.tenantId, id],
      ),
    )) as {
      details: Record<string, string>;
    }[];
    expect(audit).toEqual([
      expect.objectContaining({ details: { kind: 'unexplained_absence', decision: 'cme_referral_not_needed' } }),
    ]);
  });

  it('refuses a CME decision on other kinds and by a school, and lets the school close its own alert', async () => {
    // la1 on a tier 2 overrun: not an attendance or absence alert
    const overrun = alertOf('tier2_overrun', fx.a)!.id;
    const wrong = await as('la1').post(`/api/v1/ap/alerts/${overrun}/close`, {
      decision: 'cme_referral_made',
      note: 'Referred',
      version: 1,
    });
    expect(wrong.status).toBe(400);
    expect(fields(wrong.body)).toEqual(['decision']);
    // the school on its referral's attendance alert: not an LA officer
    const schoolAlert = alertOf('attendance_missing', fx.s)!.id;
    const shown = await as('school').get(`/api/v1/ap/alerts/${schoolAlert}`).expect(200);
    expect(shown.body.allowedDecisions).toEqual(['noted', 'action_taken']);
    expect(
      (
        await as('school').post(`/api/v1/ap/alerts/${schoolAlert}/close`, {
          decision: 'cme_referral_made',
          note: 'Referred',
          version: 1,
        })
      ).status,
    ).toBe(403);
    // LA two's officer may record it on the same alert
    expect((await as('la2').get(`/api/v1/ap/alerts/${schoolAlert}`).expect(200)).body.allowedDecisions).toContain(
      'cme_referral_made',
    );
    const followup = alertOf('followup_due', fx.s)!.id;
    const closed = await as('school').post(`/api/v1/ap/alerts/${followup}/close`, {
      decision: 'action_taken',
      note: 'Called the school: the return is holding.',
      version: 1,
    });
    expect(closed.status).toBe(200);
    const c = (await as('school').get(`/api/v1/ap/cases/${fx.s.caseId}`).expect(200)).body;
    expect(c.timeline[0]).toMatchObject({
      action: 'alert_closed',
      label: 'Alert closed',
      fromStatus: c.status,
      toStatus: c.status,
      details: { decision: 'action_taken', kind: 'followup_due' },
    });
  });
});
