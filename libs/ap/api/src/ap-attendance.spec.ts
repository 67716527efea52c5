import { UnitOfWork } from '@rep-hub/platform';
import ExcelJS from 'exceljs';
import { apPlacement, ApPlacementFixture, apProvider, daysFromNow, startApiWorld } from './testing';
import { ApiWorld, Member, Partnership } from '@rep-hub/api-surface/testing';

type Who = 'lead' | 'la1' | 'la2' | 'school' | 'provider' | 'workforce' | 'dpo' | 'otherProvider';

/**
 * AP attendance through the API on real PostgreSQL: sessions recorded per item with their
 * errors, the summary on a small fixture, files that land whole or not at all (and change
 * nothing the second time), 5,000 rows, XLSX, templates, and the walls around each placement.
 */
describe('AP attendance', () => {
  let world: ApiWorld;
  let p: Partnership;
  let uow: UnitOfWork;
  let providerId: string;
  let la: ApPlacementFixture;
  let schoolCase: ApPlacementFixture;
  let otherProvider: Member;

  beforeAll(async () => {
    world = await startApiWorld();
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('att', ['370', '371']);
    providerId = await apProvider(world, p, { tier_1: 5, tier_2: 40, tier_3: 5 });
    la = await apPlacement(world, p, providerId, { startedDaysAgo: 30 });
    schoolCase = await apPlacement(world, p, providerId, { school: true, startedDaysAgo: 30 });
    // a second provider of the same partnership, with its own staff
    const org = await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, {
      kind: 'ap_provider',
      name: 'Other provider',
      ukprn: String(10000000 + Math.floor(Math.random() * 9999999)),
    });
    otherProvider = await world.member(p.tenantId, org.id, 'ap_provider_staff', 'att-other-provider');
    await apProvider(world, { ...p, providerId: org.id });
  }, 120_000);
  afterAll(async () => {
    await uow?.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [p.tenantId]),
    );
    await world?.close();
  });

  const token = (who: Who) => (who === 'otherProvider' ? otherProvider.token : p.members[who].token);
  const as = (who: Who) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${token(who)}`),
    put: (path: string, body: object) =>
      world.http
        .put(path)
        .set('Authorization', `Bearer ${token(who)}`)
        .send(body),
    upload: (bytes: Buffer | string, filename: string, fields: Record<string, string> = {}) => {
      const r = world.http.post('/api/v1/ap/attendance-uploads').set('Authorization', `Bearer ${token(who)}`);
      for (const [k, v] of Object.entries(fields)) r.field(k, v);
      return r.attach('file', Buffer.from(bytes), filename);
    },
  });
  const path = (f: ApPlacementFixture) => `/api/v1/ap/placements/${f.placementId}/attendance`;
  const referenceOf = async (f: ApPlacementFixture) =>
    (await as('provider').get(`/api/v1/ap/cases/${f.caseId}`).expect(200)).body.reference as string;
  /** Every stored row of a placement, every column, in key order. */
  const rowsOf = (placementId: string) =>
    uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
      m.query(`SELECT * FROM ap_attendance WHERE tenant_id = $1 AND placement_id = $2 ORDER BY session_date, session`, [
        p.tenantId,
        placementId,
      ]),
    ) as Promise<Record<string, unknown>[]>;
  const csv = (rows: string[][]) =>
    ['case_reference,date,session,code,note', ...rows.map((r) => r.join(','))].join('\n') + '\n';

  it('checks every session of a PUT and names each item; any error writes nothing', async () => {
    const r = await as('provider').put(path(la), {
      sessions: [
        { date: daysFromNow(-2), session: 'AM', code: '/' },
        { date: '2026-02-30', session: 'AM', code: '/' },
        { date: daysFromNow(3), session: 'PM', code: '/' },
        { date: daysFromNow(-40), session: 'AM', code: '/' },
        { date: daysFromNow(-2), session: 'XM', code: '/' },
        { date: daysFromNow(-3), session: 'AM', code: 'Q9' },
        { date: daysFromNow(-3), session: 'PM', code: 'K' },
        { date: daysFromNow(-4), session: 'AM', code: 'I', note: 'x'.repeat(501) },
        { date: daysFromNow(-2), session: 'AM', code: 'O' },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect((r.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
      'sessions[1].date',
      'sessions[2].date',
      'sessions[4].session',
      'sessions[5].code',
      'sessions[6].note',
      'sessions[7].note',
    ]);
    expect(await rowsOf(la.placementId)).toEqual([]);
    // each session well formed: a session sent twice, and a day outside the placement (what the
    // service checks against the placement), are named together
    const misfits = await as('provider').put(path(la), {
      sessions: [
        { date: daysFromNow(-2), session: 'AM', code: '/' },
        { date: daysFromNow(-40), session: 'AM', code: '/' },
        { date: daysFromNow(-2), session: 'AM', code: 'O' },
      ],
    });
    expect(misfits.status).toBe(400);
    expect((misfits.body.errors as { field: string }[]).map((e) => e.field)).toEqual([
      'sessions[2].session',
      'sessions[1].date',
    ]);
    expect(await rowsOf(la.placementId)).toEqual([]);
    const empty = await as('provider').put(path(la), { sessions: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toEqual([{ field: 'sessions', message: 'Send at least one session' }]);
  });

  it('records sessions, sums them as DfE counts them, and leaves an unchanged session untouched', async () => {
    const d = (n: number) => daysFromNow(-n);
    const sessions = [
      { date: d(10), session: 'AM', code: '/' },
      { date: d(10), session: 'PM', code: '\\' },
      { date: d(9), session: 'AM', code: 'L' },
      { date: d(9), session: 'PM', code: 'K', note: 'Maths at the provision' },
      { date: d(8), session: 'AM', code: 'I' },
      { date: d(8), session: 'PM', code: 'M' },
      { date: d(7), session: 'AM', code: 'O' },
      { date: d(7), session: 'PM', code: 'x' }, // lower case is read as X: not a possible session
      { date: d(6), session: 'am', code: 'Y1' },
      { date: d(6), session: 'PM', code: '/' },
    ];
    const first = await as('provider').put(path(la), { sessions });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ received: 10, changed: 10 });
    const read = await as('la1').get(path(la)).expect(200);
    // possible: 10 - X - Y1 = 8; attended: / \ L K / = 5; authorised: I M = 2; unauthorised: O = 1; missed 3/8
    expect(read.body.summary).toEqual({
      possibleSessions: 8,
      attended: 5,
      authorisedAbsence: 2,
      unauthorisedAbsence: 1,
      notPossible: 2,
      percentMissed: 37.5,
    });
    expect(read.body.sessions).toHaveLength(10);
    expect(read.body.sessions[3]).toMatchObject({
      date: d(9),
      session: 'PM',
      code: 'K',
      category: 'approved_educational_activity',
      codeVersion: '2024-08',
      note: 'Maths at the provision',
      meaning: 'Attending education provision arranged by the local authority',
    });
    expect(read.body.canRecord).toBe(false);
    expect((await as('provider').get(path(la)).expect(200)).body.canRecord).toBe(true);
    const before = await rowsOf(la.placementId);

    const again = await as('provider').put(path(la), { sessions });
    expect(again.body).toEqual({ received: 10, changed: 0 });
    expect(await rowsOf(la.placementId)).toEqual(before);

    const changed = await as('provider').put(path(la), { sessions: [{ date: d(7), session: 'AM', code: 'I' }] });
    expect(changed.body).toEqual({ received: 1, changed: 1 });
    const after = await as('school').get(path(la));
    expect(after.status).toBe(404); // the case is LA one's own commission: not this school's
    const ranged = await as('la1')
      .get(`${path(la)}?from=${d(8)}&to=${d(7)}`)
      .expect(200);
    expect(ranged.body.sessions.map((s: { code: string }) => s.code)).toEqual(['I', 'M', 'I', 'X']);
    expect(ranged.body.summary).toEqual({
      possibleSessions: 3,
      attended: 0,
      authorisedAbsence: 3,
      unauthorisedAbsence: 0,
      notPossible: 1,
      percentMissed: 100,
    });
    const bad = await as('la1').get(`${path(la)}?from=2026-13-01`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('from');
  });

  it('keeps the walls: another provider, an LA outside, another case’s school get 404; the roles that never read get 403', async () => {
    await as('provider')
      .put(path(schoolCase), { sessions: [{ date: daysFromNow(-1), session: 'AM', code: '/' }] })
      .expect(200);
    // the school's own case (a referral to LA two) is the school's to read, and LA two's
    expect((await as('school').get(path(schoolCase))).status).toBe(200);
    expect((await as('la2').get(path(schoolCase))).status).toBe(200);
    expect((await as('provider').get(path(schoolCase))).status).toBe(200);
    // LA one has no data-sharing agreement with LA two here: each LA sees its own placements only
    expect((await as('la1').get(path(schoolCase))).status).toBe(404);
    expect((await as('la2').get(path(la))).status).toBe(404);
    expect((await as('otherProvider').get(path(la))).status).toBe(404);
    expect(
      (await as('otherProvider').put(path(la), { sessions: [{ date: daysFromNow(-1), session: 'AM', code: 'O' }] }))
        .status,
    ).toBe(404);
    for (const who of ['lead', 'workforce', 'dpo'] as const)
      expect([who, (await as(who).get(path(la))).status]).toEqual([who, 403]);
    for (const who of ['la1', 'school', 'lead'] as const)
      expect([
        who,
        (await as(who).put(path(la), { sessions: [{ date: daysFromNow(-1), session: 'AM', code: 'O' }] })).status,
      ]).toEqual([who, 403]);
    expect((await as('la1').upload(csv([]), 'a.csv')).status).toBe(403);
    expect((await as('provider').get('/api/v1/ap/placements/not-a-uuid/attendance')).status).toBe(404);
    // another provider naming this provider's case in a file: refused, nothing written
    const ref = await referenceOf(la);
    const before = await rowsOf(la.placementId);
    const theirs = await as('otherProvider').upload(csv([[ref, daysFromNow(-1), 'AM', 'O', '']]), 'theirs.csv');
    expect(theirs.status).toBe(400);
    expect(theirs.body.errors).toEqual([
      {
        field: 'rows[2].case_reference',
        row: 2,
        column: 'case_reference',
        message: `${ref} is not a placement at your provision`,
      },
    ]);
    expect(await rowsOf(la.placementId)).toEqual(before);
  });

  describe('files', () => {
    let u: ApPlacementFixture;
    let ref: string;
    beforeAll(async () => {
      u = await apPlacement(world, p, providerId, { startedDaysAgo: 20 });
      ref = await referenceOf(u);
    }, 60_000);

    it('lands nothing from a file with one bad row, and names its row and column', async () => {
      const file = csv([
        [ref, daysFromNow(-5), 'AM', '/', ''],
        [ref, daysFromNow(-5), 'PM', '/', ''],
        [ref, daysFromNow(-4), 'AM', 'Q9', ''],
        [ref, daysFromNow(-4), 'PM', '/', ''],
      ]);
      const r = await as('provider').upload(file, 'week.csv');
      expect(r.status).toBe(400);
      expect(r.body.errors).toEqual([
        {
          field: 'rows[4].code',
          row: 4,
          column: 'code',
          message: expect.stringContaining('“Q9” is not an attendance code'),
        },
      ]);
      expect(await rowsOf(u.placementId)).toEqual([]);
      expect((await as('provider').get('/api/v1/ap/attendance-uploads').expect(200)).body.items).toEqual([]);
    });

    it('names both rows of a session given twice, and every other problem at once', async () => {
      const r = await as('provider').upload(
        csv([
          [ref, daysFromNow(-5), 'AM', '/', ''],
          [ref, daysFromNow(-5), 'am', 'O', ''],
          ['AP-9999999', daysFromNow(-5), 'AM', '/', ''],
          ['nonsense', '05/11/2026', 'XM', 'K', ''],
          [ref, daysFromNow(-30), 'PM', '/', ''],
        ]),
        'dupes.csv',
      );
      expect(r.status).toBe(400);
      expect((r.body.errors as { field: string; message: string }[]).map((e) => e.field)).toEqual([
        'rows[3].session',
        'rows[4].case_reference',
        'rows[5].case_reference',
        'rows[5].date',
        'rows[5].session',
        'rows[6].date',
      ]);
      expect(r.body.errors[0].message).toContain('Rows 2 and 3');
      const header = await as('provider').upload('reference,day,session,code\n', 'bad.csv');
      expect(header.status).toBe(400);
      expect(header.body.errors.map((e: { column: string }) => e.column)).toEqual(['case_reference', 'date']);
      expect(await rowsOf(u.placementId)).toEqual([]);
    });

    it('gives identical data when the same file is uploaded twice, and changed 0 the second time', async () => {
      const rows: string[][] = [];
      for (let n = 10; n >= 1; n--)
        rows.push(
          [ref, daysFromNow(-n), 'AM', '/', ''],
          [ref, daysFromNow(-n), 'PM', n === 3 ? 'B' : 'O', n === 3 ? 'Forest school' : ''],
        );
      const file = csv(rows);
      const first = await as('provider').upload(file, 'fortnight.csv');
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        received: 20,
        changed: 20,
        rowCount: 20,
        changedCount: 20,
        format: 'csv',
        filename: 'fortnight.csv',
        providerId,
      });
      const stored = await rowsOf(u.placementId);
      expect(stored).toHaveLength(20);
      expect(stored.every((r) => r['upload_id'] === first.body.id)).toBe(true);
      const second = await as('provider').upload(file, 'fortnight.csv');
      expect(second.status).toBe(201);
      expect(second.body).toMatchObject({ received: 20, changed: 0, changedCount: 0, sha256: first.body.sha256 });
      expect(await rowsOf(u.placementId)).toEqual(stored);
      const list = await as('provider').get('/api/v1/ap/attendance-uploads').expect(200);
      expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([second.body.id, first.body.id]);
      expect((await as('otherProvider').get('/api/v1/ap/attendance-uploads').expect(200)).body.items).toEqual([]);
    });

    it('lands an XLSX file with real date cells', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Sheet1');
      sheet.addRow(['Case_Reference', 'Date', 'Session', 'Code', 'Note']);
      const day = daysFromNow(-12);
      sheet.addRow([ref, new Date(`${day}T00:00:00Z`), 'AM', 'M', null]);
      sheet.addRow([ref, day, 'PM', 'K', 'Tuition']);
      const r = await as('provider').upload(Buffer.from(await workbook.xlsx.writeBuffer()), 'week.xlsx');
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ received: 2, changed: 2, format: 'xlsx' });
      const read = await as('provider')
        .get(`${path(u)}?from=${day}&to=${day}`)
        .expect(200);
      expect(
        read.body.sessions.map((s: { session: string; code: string; note: string | null }) => [
          s.session,
          s.code,
          s.note,
        ]),
      ).toEqual([
        ['AM', 'M', null],
        ['PM', 'K', 'Tuition'],
      ]);
      const notXlsx = await as('provider').upload('case_reference,date,session,code\n', 'fake.xlsx');
      expect(notXlsx.status).toBe(400);
      expect(notXlsx.body.errors[0].column).toBe('file');
    });

    it('serves templates as attachments: CSV with a row per active placement, XLSX with the codes in force', async () => {
      const c = await as('provider').get('/api/v1/ap/attendance-uploads/template?format=csv').expect(200);
      expect(c.headers['content-type']).toContain('text/csv');
      expect(c.headers['content-disposition']).toMatch(/^attachment; filename="attendance-\d{4}-\d{2}-\d{2}\.csv"$/);
      const lines = c.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r\n/);
      expect(lines[0]).toBe('case_reference,date,session,code,note');
      // a row for each of the three active placements: its reference, today, AM, no code
      for (const line of lines.slice(1)) expect(line).toMatch(/^AP-\d{6},\d{4}-\d{2}-\d{2},AM,,$/);
      expect(
        lines
          .slice(1)
          .map((l) => l.split(',')[0])
          .sort(),
      ).toEqual([ref, await referenceOf(la), await referenceOf(schoolCase)].sort());
      const x = await as('provider')
        .get('/api/v1/ap/attendance-uploads/template?format=xlsx')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (b: Buffer) => chunks.push(b));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(x.status).toBe(200);
      expect(x.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(x.body as ArrayBuffer);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['Attendance', 'Codes']);
      const codes: string[] = [];
      workbook
        .getWorksheet('Codes')!
        .eachRow((row, n) => n > 1 && row.getCell(1).value && codes.push(String(row.getCell(1).value)));
      expect(codes).toEqual(expect.arrayContaining(['/', 'K', 'C2', 'Y7', 'O']));
      expect((await as('provider').get('/api/v1/ap/attendance-uploads/template?format=pdf')).status).toBe(400);
      expect((await as('provider').get(`/api/v1/ap/attendance-uploads/template?providerId=${p.las[0]}`)).status).toBe(
        404,
      );
      expect((await as('la1').get('/api/v1/ap/attendance-uploads/template')).status).toBe(403);
    });

    it('refuses files over 5 MB (413) and over 20,000 rows (400)', async () => {
      const big = await as('provider').upload(Buffer.alloc(5 * 1024 * 1024 + 10, 'a'), 'big.csv');
      expect(big.status).toBe(413);
      const many = csv(Array.from({ length: 20_001 }, () => [ref, daysFromNow(-1), 'AM', '/', '']));
      const r = await as('provider').upload(many, 'many.csv');
      expect(r.status).toBe(400);
      expect(r.body.errors[0].message).toContain('more than 20,000 rows');
    });
  });

  it('lands a 5,000-row file in one transaction', async () => {
    const placements: ApPlacementFixture[] = [];
    for (let i = 0; i < 10; i++) placements.push(await apPlacement(world, p, providerId, { startedDaysAgo: 250 }));
    const refs = await Promise.all(placements.map(referenceOf));
    const rows: string[][] = [];
    for (const ref of refs)
      for (let n = 250; n >= 1; n--)
        rows.push([ref, daysFromNow(-n), 'AM', '/', ''], [ref, daysFromNow(-n), 'PM', n % 7 === 0 ? 'O' : '\\', '']);
    expect(rows).toHaveLength(5000);
    const started = Date.now();
    const r = await as('provider').upload(csv(rows), 'year.csv');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ received: 5000, changed: 5000, rowCount: 5000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    const [{ n }] = (await uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
      m.query(`SELECT count(*)::int AS n FROM ap_attendance WHERE tenant_id = $1 AND upload_id = $2`, [
        p.tenantId,
        r.body.id,
      ]),
    )) as { n: number }[];
    expect(n).toBe(5000);
    const again = await as('provider').upload(csv(rows), 'year.csv');
    expect(again.body).toMatchObject({ received: 5000, changed: 0 });
  }, 180_000);
});

/** B's provider naming A's case reference in a file (the cross-tenant suite cannot send a multipart body). */
describe('AP attendance across partnerships', () => {
  let world: ApiWorld;
  let a: Partnership;
  let b: Partnership;
  afterAll(() => world?.close());

  it('refuses a file from another partnership’s provider that names this partnership’s case, writing nothing', async () => {
    world = await startApiWorld();
    a = await world.partnership('atta', ['372', '373']);
    b = await world.partnership('attb', ['812', '813']);
    const placed = await apPlacement(world, a, await apProvider(world, a), { startedDaysAgo: 5 });
    await apProvider(world, b);
    const ref = (
      await world.http
        .get(`/api/v1/ap/cases/${placed.caseId}`)
        .set('Authorization', `Bearer ${a.members.provider.token}`)
        .expect(200)
    ).body.reference;
    const r = await world.http
      .post('/api/v1/ap/attendance-uploads')
      .set('Authorization', `Bearer ${b.members.provider.token}`)
      .attach('file', Buffer.from(`case_reference,date,session,code\n${ref},${daysFromNow(-1)},AM,O\n`), 'a.csv');
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([
      {
        field: 'rows[2].case_reference',
        row: 2,
        column: 'case_reference',
        message: `${ref} is not a placement at your provision`,
      },
    ]);
    const put = await world.http
      .put(`/api/v1/ap/placements/${placed.placementId}/attendance`)
      .set('Authorization', `Bearer ${b.members.provider.token}`)
      .send({ sessions: [{ date: daysFromNow(-1), session: 'AM', code: 'O' }] });
    expect(put.status).toBe(404);
    const own = await world.http
      .get(`/api/v1/ap/placements/${placed.placementId}/attendance`)
      .set('Authorization', `Bearer ${a.members.la1.token}`)
      .expect(200);
    expect(own.body.sessions).toEqual([]);
  }, 120_000);
});
