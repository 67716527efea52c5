import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { canonicalJson, periodOf, previousPeriod, seedDemoReturns } from '@rep-hub/evaluation-domain';
import { recordPublications, runAssemblyJobs } from '@rep-hub/evaluation-domain/testing';
import { schoolToday, UnitOfWork } from '@rep-hub/platform';
import { ModuleRef } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { startReturnsApiWorld } from './testing';

type Who = 'lead' | 'la1' | 'la2' | 'school';
interface Figure {
  indicatorCode: string;
  laId: string | null;
  source: string;
  value: number | null;
  present: boolean;
  onTime: boolean;
  definitionVersion: number;
  lineage: Record<string, unknown>;
}
interface Return {
  id: string;
  status: string;
  version: number;
  returnVersion: number;
  assembling: boolean;
  correctsReturnId: string | null;
  completeness: { expected: number; present: number; missing: number; onTime: number; late: number };
  las: { id: string; signOff: unknown; present: number; late: number }[];
  figures: Figure[];
  allowedMoves: string[];
  snapshotSha256: string | null;
}

const BASE = '/api/v1/evaluation/returns';
// a past term, so timeliness is decided: spring 2026 (1 January to 31 March), due 12 May 2026
const PERIOD = '2025-26-spring';

/**
 * Evidence returns through the API on real PostgreSQL under RLS as the app role: a return made
 * and assembled by its job (a module's computed figure through the indicator registry, as the lead;
 * the LAs' submitted figures; missing ones), completeness and timeliness, every stage move on the
 * server with its 409, the LA officers' sign-offs (another LA's → 403), ratings checked by field,
 * the lead's sign-off and the send (snapshot and publisher in one transaction: a publisher error
 * sends nothing), the snapshot immutable for the app role, and a correction superseding the sent one.
 */
describe('evidence returns API', () => {
  let world: ApiWorld;
  let uow: UnitOfWork;
  let p: Partnership;
  let first: Return;
  let publisher: ReturnType<typeof recordPublications>;

  beforeAll(async () => {
    world = await startReturnsApiWorld();
    publisher = recordPublications(world.app);
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('evr', ['350', '351']);
    // LA one's EHCP figure entered on time, LA two's late; LA one's mediation cases by an upload
    await uow.forTenant({ tenantId: p.tenantId }, async (m) => {
      const [upload] = (await m.query(
        `INSERT INTO evaluation_uploads (tenant_id, la_id, filename, sha256, row_count) VALUES ($1, $2, 'sen2.csv', $3, 1) RETURNING id`,
        [p.tenantId, p.las[0], 'a'.repeat(64)],
      )) as { id: string }[];
      await m.query(
        `INSERT INTO evaluation_submitted_values (tenant_id, la_id, indicator_code, definition_version, period, numerator, denominator, value, upload_id, entered_by, entered_at)
         VALUES ($1, $2, 'evaluation.ehcp_20_weeks', 1, $4, 41, 60, 68.3, NULL, $5, '2026-04-20T10:00:00Z'),
                ($1, $3, 'evaluation.ehcp_20_weeks', 1, $4, 30, 40, 75, NULL, $6, '2026-06-01T10:00:00Z'),
                ($1, $2, 'evaluation.mediation_cases', 1, $4, 4, NULL, 4, $7, $5, '2026-04-21T10:00:00Z')`,
        [p.tenantId, p.las[0], p.las[1], PERIOD, p.members.la1.userId, p.members.la2.userId, upload.id],
      );
      // the register and a test and learn record, which a sent return takes with it
      await m.query(
        `INSERT INTO evaluation_reform_statuses (tenant_id, la_id, reform_code, reforms_version, status, reason, changed_on)
         VALUES ($1, $2, 'mediation', '2026-1', 'paused', 'The contract ended.', '2026-02-02')`,
        [p.tenantId, p.las[1]],
      );
      const [test] = (await m.query(
        `INSERT INTO evaluation_tests (tenant_id, title, reform_code, reforms_version, hypothesis, comparison_group, starts_on, ends_on, status, findings, lessons, risks)
         VALUES ($1, 'Panels decide within six weeks', 'multi_agency_panels', '2026-1', 'Faster decisions', 'Last year', '2026-01-05', '2026-07-20', 'running', 'Decisions take 5.5 weeks.', '', '')
         RETURNING id`,
        [p.tenantId],
      )) as { id: string }[];
      await m.query(`INSERT INTO evaluation_test_las (tenant_id, test_id, la_id) VALUES ($1, $2, $3)`, [
        p.tenantId,
        test.id,
        p.las[0],
      ]);
      await m.query(`INSERT INTO evaluation_test_settings (tenant_id, test_id, organisation_id) VALUES ($1, $2, $3)`, [
        p.tenantId,
        test.id,
        p.schoolId,
      ]);
    });
  });
  afterAll(async () => {
    await uow?.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [p.tenantId]),
    );
    publisher?.restore();
    await world?.close();
  });

  const as = (who: Who) => {
    const auth = (r: ReturnType<ApiWorld['http']['get']>) => r.set('Authorization', `Bearer ${p.members[who].token}`);
    return {
      get: (path: string) => auth(world.http.get(path)),
      post: (path: string, body: object) => auth(world.http.post(path)).send(body),
      put: (path: string, body: object) => auth(world.http.put(path)).send(body),
    };
  };
  const get = async (id: string): Promise<Return> => {
    const r = await as('lead').get(`${BASE}/${id}`);
    expect(r.status).toBe(200);
    return r.body as Return;
  };
  const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
  const expectConflict = (r: { status: number; body: Record<string, unknown> }, detail: RegExp) => {
    expect(r.status).toBe(409);
    expect(r.body['status']).toBe(409);
    expect(r.body['detail']).toMatch(detail);
  };
  const audit = async (id: string) =>
    (await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(
        `SELECT action, details, la_id FROM audit_events WHERE tenant_id = $1 AND $2::uuid = ANY (subject_ids) ORDER BY occurred_at, id`,
        [p.tenantId, id],
      ),
    )) as { action: string; details: Record<string, unknown>; la_id: string | null }[];
  const codes = (r: Return) => [...new Set(r.figures.map((f) => f.indicatorCode))];
  const greens = (r: Return) => codes(r).map((c) => ({ indicatorCode: c, rag: 'green' }));

  it('makes a return only as the lead, for a period that has begun, one open per period', async () => {
    const bad = await as('lead').post(BASE, { period: '2026-28-autumn' });
    expect([bad.status, fields(bad.body)]).toEqual([400, ['period']]);
    const future = await as('lead').post(BASE, { period: '2099-00-autumn' });
    expect([future.status, fields(future.body)]).toEqual([400, ['period']]);
    expect((await as('la1').post(BASE, { period: PERIOD })).status).toBe(403);

    const made = await as('lead').post(BASE, { period: PERIOD });
    expect(made.status).toBe(201);
    expect([made.body.status, made.body.assembling, made.body.returnVersion]).toEqual(['draft', true, 1]);
    expectConflict(await as('lead').post(BASE, { period: PERIOD }), /already open/);
    first = made.body as Return;
    const list = await as('la2').get(BASE);
    expect(list.body.items.map((x: Return) => x.id)).toEqual([first.id]);
  });

  it('is assembled by its job: every indicator for every LA and the partnership, each with its lineage', async () => {
    // an LA officer cannot sign off before the figures are there
    expectConflict(
      await as('la1').post(`${BASE}/${first.id}/la-sign-offs`, { laId: p.las[0], version: first.version }),
      /still being assembled/,
    );
    expect(await runAssemblyJobs(world.app, p.tenantId, first.id)).toBe(1);
    first = await get(first.id);
    expect(first.assembling).toBe(false);
    // one computed indicator and six submitted, each for two LAs and the partnership
    expect(first.figures).toHaveLength(7 * 3);
    for (const f of first.figures) expect(['computed', 'submitted', 'missing']).toContain(f.lineage['kind']);
    const widgets = first.figures.filter((f) => f.indicatorCode === 'testmod.widgets');
    // the days of the period for each LA, and both LAs' for the partnership
    expect(widgets.map((f) => [f.value, f.definitionVersion, f.lineage['module'], f.lineage['queryVersion']])).toEqual([
      [90, 3, 'testmod', 3],
      [90, 3, 'testmod', 3],
      [180, 3, 'testmod', 3],
    ]);
    const ehcp = (laId: string | null) =>
      first.figures.find((f) => f.indicatorCode === 'evaluation.ehcp_20_weeks' && f.laId === laId)!;
    expect([ehcp(p.las[0]).value, ehcp(p.las[0]).onTime, ehcp(p.las[0]).lineage['enteredBy']]).toEqual([
      68.3,
      true,
      p.members.la1.userId,
    ]);
    expect([ehcp(p.las[1]).present, ehcp(p.las[1]).onTime]).toEqual([true, false]);
    // the partnership's figure from both LAs' numerators and denominators: 71 of 100
    expect([ehcp(null).value, (ehcp(null).lineage['parts'] as unknown[]).length]).toEqual([71, 2]);
    const mediation = first.figures.filter((f) => f.indicatorCode === 'evaluation.mediation_cases');
    expect(mediation.map((f) => [f.laId, f.lineage['kind'], f.lineage['uploadSha256'] ?? null])).toEqual([
      [p.las[0], 'submitted', 'a'.repeat(64)],
      [p.las[1], 'missing', null],
      [null, 'missing', null],
    ]);
    // over the LAs' 14 figures: widgets twice, EHCP twice (one late), mediation once
    expect(first.completeness).toEqual({ expected: 14, present: 5, missing: 9, onTime: 4, late: 1 });
    expect(first.las.map((l) => [l.present, l.late])).toEqual([
      [3, 0],
      [2, 1],
    ]);
  });

  it('refuses every move its stage does not allow, and a stale version, with a 409 problem', async () => {
    const v = first.version;
    expectConflict(
      await as('lead').post(`${BASE}/${first.id}/lead-sign-off`, { version: v }),
      /cannot take “lead-sign-off”/,
    );
    expectConflict(await as('lead').post(`${BASE}/${first.id}/send`, { version: v }), /cannot take “send”/);
    expectConflict(
      await as('lead').post(`${BASE}/${first.id}/corrections`, { reason: 'Wrong', version: v }),
      /cannot take “correct”/,
    );
    expectConflict(
      await as('lead').put(`${BASE}/${first.id}/narrative`, { narrative: 'x', version: v - 1 }),
      /changed since/,
    );
    expect((await as('lead').get(`${BASE}/${first.id}/snapshot`)).status).toBe(404);
  });

  it('lets an LA officer sign off their own LA’s part only; every LA signed off moves the return on', async () => {
    const other = await as('la1').post(`${BASE}/${first.id}/la-sign-offs`, { laId: p.las[1], version: first.version });
    expect(other.status).toBe(403);
    expect(
      (await as('lead').post(`${BASE}/${first.id}/la-sign-offs`, { laId: p.las[0], version: first.version })).status,
    ).toBe(403);
    const one = await as('la1').post(`${BASE}/${first.id}/la-sign-offs`, {
      laId: p.las[0],
      comment: 'Checked against our SEN2 return.',
      version: first.version,
    });
    expect([one.status, one.body.status]).toEqual([200, 'draft']);
    expectConflict(
      await as('la1').post(`${BASE}/${first.id}/la-sign-offs`, { laId: p.las[0], version: one.body.version }),
      /already signed off/,
    );
    const two = await as('la2').post(`${BASE}/${first.id}/la-sign-offs`, { laId: p.las[1], version: one.body.version });
    expect([two.status, two.body.status]).toEqual([200, 'la_signed_off']);
    expect(two.body.allowedMoves).toEqual([]);
    first = await get(first.id);
    expect(first.allowedMoves).toEqual(['lead-sign-off', 'narrative', 'ratings']);
  });

  it('checks the ratings by field: a red one is an exception with an owner of the partnership and commentary', async () => {
    const red = await as('lead').put(`${BASE}/${first.id}/ratings`, {
      ratings: [{ indicatorCode: 'evaluation.ehcp_20_weeks', rag: 'red', commentary: 'Panels cancelled' }],
      version: first.version,
    });
    expect([red.status, fields(red.body)]).toEqual([400, ['ratings[0].ownerUserId']]);
    const purple = await as('lead').put(`${BASE}/${first.id}/ratings`, {
      ratings: [{ indicatorCode: 'evaluation.ehcp_20_weeks', rag: 'purple' }],
      version: first.version,
    });
    expect(fields(purple.body)).toEqual(['ratings[0].rag']);
    const stranger = await as('lead').put(`${BASE}/${first.id}/ratings`, {
      ratings: [
        {
          indicatorCode: 'evaluation.ehcp_20_weeks',
          rag: 'red',
          ownerUserId: '2f6e5b7d-8a9c-43a4-9f5a-6b7c8d9e0f1a',
          commentary: 'x',
        },
      ],
      version: first.version,
    });
    expect([stranger.status, fields(stranger.body)]).toEqual([400, ['ratings[0].ownerUserId']]);
    expect((await as('la1').put(`${BASE}/${first.id}/ratings`, { ratings: [], version: first.version })).status).toBe(
      403,
    );
  });

  it('lets the lead sign off with a narrative and every indicator rated, then nothing more is edited', async () => {
    const ratings = greens(first).map((r) =>
      r.indicatorCode === 'evaluation.ehcp_20_weeks'
        ? { ...r, rag: 'red', ownerUserId: p.members.la2.userId, commentary: 'Two panels were cancelled.' }
        : r,
    );
    const rated = await as('lead').put(`${BASE}/${first.id}/ratings`, { ratings, version: first.version });
    expect(rated.status).toBe(200);
    const noNarrative = await as('lead').post(`${BASE}/${first.id}/lead-sign-off`, { version: rated.body.version });
    expectConflict(noNarrative, /Still to do: 1 item/);
    expect(noNarrative.body.missing).toEqual(['narrative']);
    const told = await as('lead').put(`${BASE}/${first.id}/narrative`, {
      narrative: 'Assessments recovered in the spring.',
      version: rated.body.version,
    });
    expect(told.status).toBe(200);
    const signed = await as('lead').post(`${BASE}/${first.id}/lead-sign-off`, { version: told.body.version });
    expect([signed.status, signed.body.status, signed.body.allowedMoves]).toEqual([200, 'lead_signed_off', ['send']]);
    first = signed.body as Return;
    expectConflict(
      await as('lead').put(`${BASE}/${first.id}/ratings`, { ratings, version: first.version }),
      /cannot take “ratings”/,
    );
    expectConflict(
      await as('lead').put(`${BASE}/${first.id}/narrative`, { narrative: 'Later', version: first.version }),
      /cannot take “narrative”/,
    );
    expectConflict(
      await as('lead').post(`${BASE}/${first.id}/assemble`, { version: first.version }),
      /cannot take “assemble”/,
    );
  });

  it('sends nothing when the publisher fails: the return stays signed off by the lead, with no snapshot', async () => {
    publisher.fail = true;
    try {
      const r = await as('lead').post(`${BASE}/${first.id}/send`, { version: first.version });
      expect(r.status).toBe(503);
    } finally {
      publisher.fail = false;
    }
    const after = await get(first.id);
    expect([after.status, after.version, after.snapshotSha256]).toEqual(['lead_signed_off', first.version, null]);
    const [{ n }] = await uow.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(`SELECT count(*)::int AS n FROM evaluation_return_snapshots WHERE tenant_id = $1`, [p.tenantId]),
    );
    expect(n).toBe(0);
    expect(publisher.calls).toHaveLength(0);
  });

  it('sends: the snapshot with every figure’s lineage is frozen, hashed and published in the same transaction', async () => {
    const sent = await as('lead').post(`${BASE}/${first.id}/send`, { version: first.version });
    expect([sent.status, sent.body.status, sent.body.allowedMoves]).toEqual([200, 'sent', ['correct']]);
    const snap = await as('la1').get(`${BASE}/${first.id}/snapshot`);
    expect(snap.status).toBe(200);
    expect(snap.body.sha256).toBe(createHash('sha256').update(canonicalJson(snap.body.snapshot)).digest('hex'));
    expect(sent.body.snapshotSha256).toBe(snap.body.sha256);
    const s = snap.body.snapshot;
    expect([s.returnId, s.period.code, s.figures.length, s.laSignOffs.length, s.ratings.length]).toEqual([
      first.id,
      PERIOD,
      21,
      2,
      7,
    ]);
    for (const f of s.figures) expect(f.lineage.kind).toMatch(/^(computed|submitted|missing)$/);
    expect(publisher.calls.map((c) => c.returnId)).toEqual([first.id]);
    // what goes on to the national level with the figures: the exception with its owner and commentary,
    // the register as it stood and the test's findings (the LAs by name, never the school taking part)
    const given = publisher.calls[0];
    expect(given.ratings.filter((r) => r.exception)).toEqual([
      {
        indicatorCode: 'evaluation.ehcp_20_weeks',
        rag: 'red',
        exception: true,
        ownerName: 'evr-la2 test user',
        commentary: 'Two panels were cancelled.',
      },
    ]);
    expect(given.reforms).toEqual([
      expect.objectContaining({
        reformCode: 'mediation',
        reformName: 'Mediation',
        laId: p.las[1],
        laNumber: '351',
        laName: 'evr LA two',
        status: 'paused',
        since: '2026-02-02',
        reason: 'The contract ended.',
      }),
    ]);
    expect(given.findings).toEqual([
      expect.objectContaining({
        title: 'Panels decide within six weeks',
        reformName: 'Multi-agency panels',
        status: 'running',
        laNames: ['evr LA one'],
        findings: 'Decisions take 5.5 weeks.',
        results: [],
      }),
    ]);
    expect(JSON.stringify(given.findings)).not.toContain('evr school');
    expect(s.reforms).toEqual(given.reforms);
    expectConflict(
      await as('lead').post(`${BASE}/${first.id}/send`, { version: sent.body.version }),
      /cannot take “send”/,
    );
    expect((await audit(first.id)).map((a) => a.action)).toEqual([
      'evaluation_return.create',
      'evaluation_return.la_sign_off',
      'evaluation_return.la_sign_off',
      'evaluation_return.ratings',
      'evaluation_return.narrative',
      'evaluation_return.lead_sign_off',
      'evaluation_return.send',
    ]);
    first = sent.body as Return;
  });

  it('keeps the snapshot immutable: the app role may not change or remove it', async () => {
    for (const sql of [
      `UPDATE evaluation_return_snapshots SET sha256 = $3 WHERE tenant_id = $1 AND return_id = $2`,
      `DELETE FROM evaluation_return_snapshots WHERE tenant_id = $1 AND return_id = $2`,
    ]) {
      const params = sql.startsWith('UPDATE') ? [p.tenantId, first.id, 'b'.repeat(64)] : [p.tenantId, first.id];
      await expect(uow.forTenant({ tenantId: p.tenantId }, (m) => m.query(sql, params))).rejects.toMatchObject({
        driverError: { code: '42501' },
      });
    }
    expect((await get(first.id)).snapshotSha256).toBe(first.snapshotSha256);
  });

  it('corrects a sent return only by a new version that says why; sending it supersedes the one it corrects', async () => {
    expectConflict(await as('lead').post(BASE, { period: PERIOD }), /was sent: correct it/);
    const noReason = await as('lead').post(`${BASE}/${first.id}/corrections`, { reason: ' ', version: first.version });
    expect([noReason.status, fields(noReason.body)]).toEqual([400, ['reason']]);
    const made = await as('lead').post(`${BASE}/${first.id}/corrections`, {
      reason: 'LA two revised its SEN2 figures.',
      version: first.version,
    });
    expect(made.status).toBe(201);
    expect([made.body.status, made.body.returnVersion, made.body.correctsReturnId]).toEqual(['draft', 2, first.id]);
    expectConflict(
      await as('lead').post(`${BASE}/${first.id}/corrections`, { reason: 'Again', version: first.version }),
      /already open/,
    );
    await runAssemblyJobs(world.app, p.tenantId, made.body.id);
    let v2 = await get(made.body.id);
    // re-assembling a draft clears its LA sign-offs, in the audit trail
    const one = await as('la1').post(`${BASE}/${v2.id}/la-sign-offs`, { laId: p.las[0], version: v2.version });
    const again = await as('lead').post(`${BASE}/${v2.id}/assemble`, { version: one.body.version });
    expect([again.status, again.body.assembling, again.body.las.map((l: { signOff: unknown }) => l.signOff)]).toEqual([
      200,
      true,
      [null, null],
    ]);
    expect((await audit(v2.id)).find((a) => a.action === 'evaluation_return.reassemble')?.details).toMatchObject({
      laSignOffsCleared: 1,
    });
    await runAssemblyJobs(world.app, p.tenantId, v2.id);
    v2 = await get(v2.id);
    let version = v2.version;
    for (const [who, la] of [
      ['la1', p.las[0]],
      ['la2', p.las[1]],
    ] as const)
      version = (await as(who).post(`${BASE}/${v2.id}/la-sign-offs`, { laId: la, version })).body.version;
    version = (await as('lead').put(`${BASE}/${v2.id}/ratings`, { ratings: greens(v2), version })).body.version;
    version = (await as('lead').put(`${BASE}/${v2.id}/narrative`, { narrative: 'Corrected.', version })).body.version;
    version = (await as('lead').post(`${BASE}/${v2.id}/lead-sign-off`, { version })).body.version;
    const sent = await as('lead').post(`${BASE}/${v2.id}/send`, { version });
    expect(sent.body.status).toBe('sent');
    const old = await get(first.id);
    expect([old.status, old.allowedMoves]).toEqual(['superseded', []]);
    const snap = await as('lead').get(`${BASE}/${v2.id}/snapshot`);
    expect([snap.body.snapshot.correctsReturnId, snap.body.snapshot.correctionReason]).toEqual([
      first.id,
      'LA two revised its SEN2 figures.',
    ]);
  });

  it('exports the figures with their lineage as CSV and XLSX', async () => {
    const csv = await as('la2').get(`${BASE}/${first.id}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="evidence-return-${PERIOD}-v1.csv"`);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(22);
    expect(lines.find((l) => l.includes('evaluation.mediation_cases') && l.includes(p.las[0]))).toContain(
      `sha256 ${'a'.repeat(64)}`,
    );
    const xlsx = await as('la2')
      .get(`${BASE}/${first.id}/export?format=xlsx`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    expect((await as('la2').get(`${BASE}/${first.id}/export?format=pdf`)).status).toBe(400);
  });

  it('seeds the demo: the last three terms’ returns sent with their snapshots, this term’s in progress; a second run changes nothing', async () => {
    const calls = publisher.calls.length;
    const seed = () => seedDemoReturns(uow, world.app.get(ModuleRef), { slugs: p.slug });
    const current = periodOf(schoolToday());
    const sentPeriods = [previousPeriod(current)];
    while (sentPeriods.length < 3) sentPeriods.unshift(previousPeriod(sentPeriods[0]));
    // a period that already has a return (this suite's own) is left alone
    const fresh = sentPeriods.map((x) => x.code).filter((c) => c !== PERIOD);
    expect(await seed()).toBe(fresh.length + 1);
    expect(await seed()).toBe(0);
    const items = (await as('lead').get(BASE)).body.items as (Return & { period: string })[];
    const open = items.find((x) => x.period === current.code)!;
    const sent = fresh.map((c) => items.find((x) => x.period === c)!);
    expect([...sent.map((x) => x.status), open.status]).toEqual([...fresh.map(() => 'sent'), 'draft']);
    const full = await get(sent[sent.length - 1].id);
    expect([full.snapshotSha256 !== null, full.las.every((l) => l.signOff), full.figures.length]).toEqual([
      true,
      true,
      21,
    ]);
    const draft = await get(open.id);
    expect([draft.assembling, draft.las.map((l) => !!l.signOff)]).toEqual([false, [true, false]]);
    const published = publisher.calls.slice(calls);
    expect(published.map((c) => c.period.code)).toEqual(fresh);
    // each sent term has an exception with its owner's commentary, and not the same indicator every term
    for (const c of published)
      expect(c.ratings.filter((r) => r.rag === 'red' && r.exception && r.ownerName && r.commentary)).toHaveLength(1);
    expect(new Set(published.map((c) => c.ratings.find((r) => r.exception)!.indicatorCode)).size).toBe(fresh.length);
  });
});
