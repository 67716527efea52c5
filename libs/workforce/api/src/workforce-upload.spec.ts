import ExcelJS from 'exceljs';
import { UnitOfWork } from '@rep-hub/platform';
import { EnrolmentUploadLoader } from '@rep-hub/workforce-domain';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { startWorkforceApiWorld, trainingProviderOf } from './testing';

const HEADER =
  'full_name,work_email,employing_la,role,setting_kind,setting_identifier,took_up_post_on,status,withdrawal_reason,started_on';

/** A zip whose central directory declares `size` bytes unzipped (a zip bomb's shape). */
function zipDeclaring(size: number): Buffer {
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  const central = Buffer.alloc(47);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(1, 28);
  central.write('x', 46);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(local.length, 16);
  return Buffer.concat([local, central, end]);
}

/**
 * Bulk upload of enrolments on real PostgreSQL, through the API and the upload's job: a good file
 * saves every row (with history), a bad row saves nothing and is named by row and column, the
 * same file twice changes nothing, malformed files are refused at once, the funded places hold,
 * and only the cohort's own provider uploads.
 */
describe('workforce bulk upload', () => {
  let world: ApiWorld;
  let uow: UnitOfWork;
  let p: Partnership;
  let other: Partnership;
  let cohortId: string;
  let la1: string;

  beforeAll(async () => {
    world = await startWorkforceApiWorld();
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('wfu', ['354', '355']);
    other = await world.partnership('wfv', ['356', '357']);
    la1 = '354';
    const programmes = (await as('workforce').get('/api/v1/workforce/programmes')).body.items as {
      id: string;
      code: string;
    }[];
    const made = await as('workforce').post('/api/v1/workforce/cohorts', {
      programmeId: programmes.find((x) => x.code === 'npq_senco')!.id,
      providerId: trainingProviderOf(p),
      name: 'Upload cohort',
      intakeYear: 2026,
      intakeTerm: 'autumn',
      startsOn: '2026-10-05',
      endsOn: '2028-06-30',
      fundedPlaces: 10,
    });
    expect(made.status).toBe(201);
    cohortId = made.body.id;
    expect(
      (await as('workforce').put(`/api/v1/workforce/cohorts/${cohortId}/allocations/${p.las[0]}`, { places: 3 }))
        .status,
    ).toBe(200);
  });
  afterAll(() => world?.close());

  const as = (who: string, q: Partnership = p) => {
    const auth = (r: ReturnType<typeof world.http.get>) => r.set('Authorization', `Bearer ${q.members[who].token}`);
    return {
      get: (path: string) => auth(world.http.get(path)),
      post: (path: string, body: object) => auth(world.http.post(path)).send(body),
      put: (path: string, body: object) => auth(world.http.put(path)).send(body),
      upload: (path: string, bytes: Buffer, name: string) => auth(world.http.post(path)).attach('file', bytes, name),
    };
  };
  const uploads = () => `/api/v1/workforce/cohorts/${cohortId}/uploads`;
  const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');
  const counts = async () =>
    (
      (await uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
        m.query(
          `SELECT (SELECT count(*) FROM workforce_participants WHERE tenant_id = $1)::int AS participants,
                  (SELECT count(*) FROM workforce_enrolments WHERE tenant_id = $1)::int AS enrolments,
                  (SELECT count(*) FROM workforce_enrolment_events WHERE tenant_id = $1)::int AS events,
                  (SELECT count(*) FROM workforce_milestones WHERE tenant_id = $1)::int AS milestones`,
          [p.tenantId],
        ),
      )) as Record<string, number>[]
    )[0];
  /** Uploads a file, runs its job, and answers the upload as its page's API reads it. */
  async function load(bytes: Buffer, name = 'enrolments.csv') {
    const res = await as('trainer').upload(uploads(), bytes, name);
    expect([202, 200]).toContain(res.status);
    if (res.status === 202) {
      expect(res.body.upload.status).toBe('queued');
      await world.app.get(EnrolmentUploadLoader).load(p.tenantId, res.body.upload.id, p.members.trainer.userId);
    }
    const got = await as('trainer').get(`${uploads()}/${res.body.upload.id}`);
    expect(got.status).toBe(200);
    return { accepted: res, upload: got.body };
  }
  const refused = async (bytes: Buffer, name: string) => {
    const before = await counts();
    const res = await as('trainer').upload(uploads(), bytes, name);
    expect(await counts()).toEqual(before);
    return res;
  };

  it('gives the templates to a training provider only', async () => {
    const c = await as('trainer').get('/api/v1/workforce/upload-template.csv');
    expect(c.status).toBe(200);
    expect(c.text.replace('\uFEFF', '').split('\r\n')[0]).toBe(`${HEADER},retained_on,completed_on,assessed_on`);
    const x = await as('trainer')
      .get('/api/v1/workforce/upload-template.xlsx')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(x.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Enrolments', 'Guide']);
    expect((await as('la1').get('/api/v1/workforce/upload-template.csv')).status).toBe(403);
  });

  it('a file with a bad row saves nothing and names every problem by row and column', async () => {
    const before = await counts();
    const { upload } = await load(
      csv(
        `Ada One,ada.one@school.example,${la1},senco,school,123456,2026-09-01,active,,2026-10-06`,
        `Bad Two,not-an-email,${la1},wizard,school,12,2026-09-01,active,,`,
        `Cy Three,cy.three@school.example,999,senco,,,,enrolled,,`,
      ),
    );
    expect(upload.status).toBe('rejected');
    expect(upload.problems.map((e: { field: string }) => e.field).sort()).toEqual(
      ['rows[3].role', 'rows[3].setting_identifier', 'rows[3].work_email', 'rows[4].employing_la'].sort(),
    );
    expect(await counts()).toEqual(before);
  });

  it('a good file saves every row with its history; the same file again changes nothing', async () => {
    const before = await counts();
    const good = csv(
      `Ada One,ada.one@school.example,${la1},senco,school,123456,2026-09-01,active,,2026-10-06`,
      `Bo Two,bo.two@school.example,${la1},senco,,,,applied,,`,
      `Cy Three,cy.three@school.example,${la1},teacher,,,,withdrawn,Moved school,`,
    );
    const { accepted, upload } = await load(good);
    expect(accepted.status).toBe(202);
    expect(accepted.headers['location']).toBe(`${uploads()}/${upload.id}`);
    expect([upload.status, upload.progress, upload.result]).toEqual([
      'done',
      100,
      { rows: 3, participantsAdded: 3, enrolmentsAdded: 3, moves: 3, milestonesDeclared: 1, unchanged: 0 },
    ]);
    const after = await counts();
    // history: an insert row each, then applied → enrolled → active, applied → withdrawn
    expect(after).toEqual({
      participants: before.participants + 3,
      enrolments: before.enrolments + 3,
      events: before.events + 6,
      milestones: before.milestones + 1,
    });
    const again = await as('trainer').upload(uploads(), good, 'enrolments-copy.csv');
    expect([again.status, again.body.alreadyLoaded, again.body.upload.id]).toEqual([200, true, upload.id]);
    expect(await counts()).toEqual(after);
    // the same rows in another file (natural keys) change nothing either
    const { upload: same } = await load(Buffer.concat([good, Buffer.from('\r\n')]));
    expect([same.status, same.result.unchanged, same.result.moves]).toEqual(['done', 3, 0]);
    expect(await counts()).toEqual(after);
    const cohort = await as('trainer').get(`/api/v1/workforce/cohorts/${cohortId}`);
    expect(cohort.body.placesFilled).toBe(1);
  });

  it('refuses a file past the LA’s funded places, naming the rows, and saves nothing', async () => {
    // one of three places is filled: three more active rows are one too many
    const before = await counts();
    const { upload } = await load(
      csv(
        `Di Four,di.four@school.example,${la1},senco,,,,enrolled,,`,
        `Ed Five,ed.five@school.example,${la1},senco,,,,active,,`,
        `Fi Six,fi.six@school.example,${la1},senco,,,,active,,`,
      ),
    );
    expect(upload.status).toBe('rejected');
    expect(upload.problems.map((e: { field: string }) => e.field)).toEqual(['rows[4].employing_la']);
    expect(upload.problems[0].message).toMatch(/no funded places left/);
    expect(await counts()).toEqual(before);
  });

  it('refuses an impossible move from a recorded status, naming the allowed ones', async () => {
    const { upload } = await load(csv(`Cy Three,cy.three@school.example,${la1},teacher,,,,active,,`));
    expect(upload.status).toBe('rejected');
    expect(upload.problems).toEqual([
      expect.objectContaining({ row: 2, column: 'status', message: 'The enrolment is withdrawn and cannot change' }),
    ]);
  });

  it('refuses malformed files at once, clearly, changing nothing', async () => {
    const wrong = await refused(Buffer.from('name,email\r\nAda,ada@school.example\r\n'), 'wrong.csv');
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['rows[1].full_name', 'rows[1].work_email', 'rows[1].name', 'rows[1].email']),
    );
    const latin1 = await refused(
      Buffer.concat([
        Buffer.from(`${HEADER}\r\nZo`),
        Buffer.from([0xeb]),
        Buffer.from(`,z@school.example,${la1},senco,,,,applied,,\r\n`),
      ]),
      'latin1.csv',
    );
    expect([latin1.status, latin1.body.errors[0].message]).toEqual([400, expect.stringMatching(/UTF-8/)]);
    const formulaCsv = await refused(csv(`=1+2,f@school.example,${la1},senco,,,,applied,,`), 'f.csv');
    expect([formulaCsv.status, formulaCsv.body.errors[0].field]).toEqual([400, 'rows[2].full_name']);
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Enrolments');
    sheet.addRow(HEADER.split(','));
    sheet.addRow([
      'Gu Seven',
      'gu@school.example',
      la1,
      'senco',
      '',
      '',
      '',
      { formula: '"act"&"ive"', result: 'active' },
    ]);
    const formulaXlsx = await refused(Buffer.from(await wb.xlsx.writeBuffer()), 'f.xlsx');
    expect([formulaXlsx.status, formulaXlsx.body.errors[0].field]).toEqual([400, 'rows[2].status']);
    const bomb = await refused(zipDeclaring(512 * 1024 * 1024), 'bomb.xlsx');
    expect([bomb.status, bomb.body.errors[0].message]).toEqual([400, expect.stringMatching(/too large once opened/)]);
    const notXlsx = await refused(Buffer.from('hello'), 'fake.xlsx');
    expect(notXlsx.status).toBe(400);
    const big = await refused(Buffer.alloc(16 * 1024 * 1024 + 1, 0x61), 'big.csv');
    expect(big.status).toBe(413);
    const none = await as('trainer').post(uploads(), {});
    expect([none.status, none.body.errors[0].field]).toEqual([400, 'file']);
  });

  it('lets only the cohort’s own provider upload or read its uploads', async () => {
    const file = csv(`Ha Eight,ha@school.example,${la1},senco,,,,applied,,`);
    // another partnership's provider: no such cohort
    expect((await as('trainer', other).upload(uploads(), file, 'x.csv')).status).toBe(404);
    // the lead reads the cohort but does not enrol in it
    expect((await as('workforce').upload(uploads(), file, 'x.csv')).status).toBe(403);
    // another training provider of the same partnership: not its cohort
    const org = await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, {
      kind: 'training_provider',
      name: 'Other trainers',
    });
    p.members.rival = await world.member(p.tenantId, org.id, 'training_provider_staff', 'wfu-rival');
    expect((await as('rival').upload(uploads(), file, 'x.csv')).status).toBe(404);
    const { upload } = await load(file);
    expect((await as('rival').get(`${uploads()}/${upload.id}`)).status).toBe(404);
    expect((await as('trainer', other).get(`${uploads()}/${upload.id}`)).status).toBe(404);
  });

  /** Runs `f` with the job writing `n` rows per batch. */
  async function inBatchesOf<T>(n: number, f: () => Promise<T>): Promise<T> {
    const loader = world.app.get(EnrolmentUploadLoader);
    const before = loader.batchRows;
    loader.batchRows = n;
    try {
      return await f();
    } finally {
      loader.batchRows = before;
    }
  }
  const placesFilled = async () => (await as('trainer').get(`/api/v1/workforce/cohorts/${cohortId}`)).body.placesFilled;

  it('a problem found after the first batches are written saves nothing, naming every problem across batches', async () => {
    // two of three places free; batches of two rows: rows 2 and 3 are written before rows 4 to 6 are read
    expect(await placesFilled()).toBe(1);
    const before = await counts();
    const { upload } = await inBatchesOf(2, () =>
      load(
        csv(
          `Ia Nine,ia.nine@school.example,${la1},senco,,,,enrolled,,`,
          `Jo Ten,jo.ten@school.example,${la1},senco,,,,enrolled,,`,
          `Ka Eleven,ka.eleven@school.example,${la1},senco,,,,enrolled,,`,
          `La Twelve,la.twelve@school.example,${la1},senco,,,,applied,,`,
          `Ia Nine,IA.NINE@school.example,${la1},senco,,,,applied,,`,
        ),
        'late-problem.csv',
      ),
    );
    expect(upload.status).toBe('rejected');
    expect(upload.problems.map((e: { field: string; message: string }) => [e.field, e.message])).toEqual([
      ['rows[4].employing_la', expect.stringMatching(/no funded places left in this cohort \(3 places, 1 filled/)],
      ['rows[6].work_email', 'This participant is already in row 2'],
    ]);
    expect(await counts()).toEqual(before);
    expect(await placesFilled()).toBe(1);
  });

  it('a row that takes a place given back further down the file, in another batch, fits', async () => {
    // two places free: rows 2 to 4 take three, row 6 (another batch) gives Ada's back
    const before = await counts();
    const { upload } = await inBatchesOf(2, () =>
      load(
        csv(
          `Ev Thirteen,ev.thirteen@school.example,${la1},senco,,,,active,,`,
          `Fa Fourteen,fa.fourteen@school.example,${la1},senco,,,,enrolled,,`,
          `Gi Fifteen,gi.fifteen@school.example,${la1},senco,,,,enrolled,,`,
          `Ha Eight,ha@school.example,${la1},senco,,,,applied,,`,
          `Ada One,ada.one@school.example,${la1},senco,school,123456,2026-09-01,withdrawn,Left the post,`,
        ),
        'swap.csv',
      ),
    );
    expect([upload.status, upload.result]).toEqual([
      'done',
      { rows: 5, participantsAdded: 3, enrolmentsAdded: 3, moves: 5, milestonesDeclared: 0, unchanged: 1 },
    ]);
    expect(await counts()).toEqual({
      ...before,
      participants: before.participants + 3,
      enrolments: before.enrolments + 3,
      events: before.events + 3 + 5,
    });
    expect(await placesFilled()).toBe(3);
    const statuses = (await uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
      m.query(
        `SELECT lower(p.work_email) AS email, e.status FROM workforce_enrolments e
           JOIN workforce_participants p ON p.tenant_id = e.tenant_id AND p.id = e.participant_id
          WHERE e.tenant_id = $1 AND e.cohort_id = $2 AND e.status <> 'applied' ORDER BY 1`,
        [p.tenantId, cohortId],
      ),
    )) as { email: string; status: string }[];
    expect(statuses).toEqual([
      { email: 'ada.one@school.example', status: 'withdrawn' },
      { email: 'cy.three@school.example', status: 'withdrawn' },
      { email: 'ev.thirteen@school.example', status: 'active' },
      { email: 'fa.fourteen@school.example', status: 'enrolled' },
      { email: 'gi.fifteen@school.example', status: 'enrolled' },
    ]);
    // a new enrolment is inserted at its status, with the history of the way it came from applied;
    // one recorded moves by an UPDATE per step
    const history = async (email: string) =>
      (await uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
        m.query(
          `SELECT ev.from_status AS "from", ev.to_status AS "to", ev.reason, ev.actor_id AS "actorId"
             FROM workforce_enrolment_events ev
             JOIN workforce_enrolments e ON e.tenant_id = ev.tenant_id AND e.id = ev.enrolment_id
             JOIN workforce_participants w ON w.tenant_id = e.tenant_id AND w.id = e.participant_id
            WHERE ev.tenant_id = $1 AND w.work_email = $2 ORDER BY ev.at`,
          [p.tenantId, email],
        ),
      )) as { from: string | null; to: string; reason: string | null; actorId: string }[];
    const trainer = p.members.trainer.userId;
    expect(await history('ev.thirteen@school.example')).toEqual([
      { from: null, to: 'applied', reason: null, actorId: trainer },
      { from: 'applied', to: 'enrolled', reason: null, actorId: trainer },
      { from: 'enrolled', to: 'active', reason: null, actorId: trainer },
    ]);
    expect(await history('cy.three@school.example')).toEqual([
      { from: null, to: 'applied', reason: null, actorId: trainer },
      { from: 'applied', to: 'withdrawn', reason: 'Moved school', actorId: trainer },
    ]);
    expect((await history('ada.one@school.example')).slice(-1)).toEqual([
      { from: 'active', to: 'withdrawn', reason: 'Left the post', actorId: trainer },
    ]);
  });

  it('reads a workbook as a stream through the job: a bad row saves nothing, then the good workbook saves its rows and dates', async () => {
    const workbook = async (role: string) => {
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('Enrolments');
      sheet.addRow(HEADER.split(','));
      // a date typed into a date cell, as a spreadsheet keeps it
      sheet.addRow([
        'Ma Sixteen',
        'ma.sixteen@school.example',
        la1,
        'senco',
        '',
        '',
        new Date(Date.UTC(2026, 8, 1)),
        'applied',
      ]);
      sheet.addRow(['Ne Seventeen', 'ne.seventeen@school.example', la1, role, '', '', '', 'applied']);
      wb.addWorksheet('Guide').addRow(['not', 'read']);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const before = await counts();
    const { upload: bad } = await load(await workbook('wizard'), 'bad.xlsx');
    expect([bad.status, bad.problems.map((e: { field: string }) => e.field)]).toEqual(['rejected', ['rows[3].role']]);
    expect(await counts()).toEqual(before);
    const { upload: good } = await load(await workbook('teacher'), 'good.xlsx');
    expect([good.status, good.result.participantsAdded, good.result.rows]).toEqual(['done', 2, 2]);
    const [ma] = (await uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
      m.query(
        `SELECT to_char(took_up_post_on, 'YYYY-MM-DD') AS "tookUpPostOn" FROM workforce_participants WHERE tenant_id = $1 AND work_email = $2`,
        [p.tenantId, 'ma.sixteen@school.example'],
      ),
    )) as { tookUpPostOn: string }[];
    expect(ma.tookUpPostOn).toBe('2026-09-01');
  });
});
