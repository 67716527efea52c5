import { ApRetentionService, RETENTION_REMOVED_TEXT, subjectAccessPdf } from '@rep-hub/ap-domain';
import { JobRunner, jobSchedules, NIL_TENANT, RETENTION_JOB, UnitOfWork } from '@rep-hub/platform';
import { computeUpnCheckLetter } from '@rep-hub/reference';
import { apPlacement, apProvider, startApiWorld } from './testing';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';

const upn = (body: string) => `${computeUpnCheckLetter(body)}${body}`;
type Row = Record<string, unknown>;

/**
 * Subject access (the DPO's draft export of everything held about one pupil, JSON and PDF) and
 * retention (each LA's rules and the nightly job that deletes or anonymises what has expired).
 */
describe('AP subject access and retention', () => {
  let world: ApiWorld;
  let uow: UnitOfWork;
  let p: Partnership;
  let q: Partnership;

  beforeAll(async () => {
    world = await startApiWorld();
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('sar', ['358', '359']);
    q = await world.partnership('sarb', ['370', '371']);
  });
  afterAll(async () => {
    for (const t of [p, q])
      await uow?.forTenant({ tenantId: t.tenantId }, (m) =>
        m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [t.tenantId]),
      );
    await world?.close();
  });

  const as = (t: Partnership, who: string) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${t.members[who].token}`),
    put: (path: string, body: object) =>
      world.http.put(path).set('Authorization', `Bearer ${t.members[who].token}`).send(body),
  });
  const sql = (t: Partnership, laIds: string[], text: string, params: unknown[] = []) =>
    uow.forTenant({ tenantId: t.tenantId, laIds }, (m) => m.query(text, params)) as Promise<Row[]>;

  describe('subject access', () => {
    const first = {
      upn: upn('801200007001'),
      givenName: 'Quillon',
      familyName: 'Farthingale',
      dateOfBirth: '2012-07-19',
      ehcCaseworker: 'Caseworker Wyndham-Pell',
      ehcNextAnnualReview: '2027-02-11',
      contact: {
        name: 'Odessa Farthingale',
        relationship: 'Grandparent',
        phone: '0161 496 0777',
        email: 'odessa.f@example.com',
        parentalResponsibility: true,
      },
    };
    const second = {
      upn: upn('801200008002'),
      givenName: 'Zebedee',
      familyName: 'Oxenholme',
      dateOfBirth: '2011-03-03',
      caseworker: 'Caseworker Tremlett',
      contact: 'Marigold Oxenholme',
      phone: '0161 496 0999',
      views: 'Oxenholme family views kept apart',
    };
    let placement: { caseId: string; placementId: string; pupilId: string; laId: string };
    let secondId: string;
    let matchedId: string;
    let body: Row;

    beforeAll(async () => {
      const providerId = await apProvider(world, p);
      placement = await apPlacement(world, p, providerId, {
        startedDaysAgo: 30,
        pupil: {
          upn: first.upn,
          upnUnknownReason: undefined,
          givenName: first.givenName,
          familyName: first.familyName,
          dateOfBirth: first.dateOfBirth,
          currentSchoolId: p.schoolId,
          senProvision: 'E',
          needs: ['SEMH', 'SLCN'],
          ehcCaseworker: first.ehcCaseworker,
          ehcNextAnnualReview: first.ehcNextAnnualReview,
          lookedAfter: true,
          freeSchoolMeals: true,
          safeguardingFlags: ['early_help', 'missing_episodes'],
          contacts: [first.contact],
        },
      });
      const la = [placement.laId];
      const [pl] = await sql(p, la, `SELECT provider_id FROM ap_placements WHERE tenant_id = $1 AND id = $2`, [
        p.tenantId,
        placement.placementId,
      ]);
      await sql(
        p,
        la,
        `UPDATE ap_cases SET reason_detail = 'Reason detail Brambleford', exclusion_type = 'suspension', exclusion_start = '2026-01-12', exclusion_days = 5 WHERE tenant_id = $1 AND id = $2`,
        [p.tenantId, placement.caseId],
      );
      for (const [d, s, code, note] of [
        ['2026-03-02', 'AM', '/', 'Attendance note Kestrelwood'],
        ['2026-03-02', 'PM', 'O', null],
        ['2026-04-01', 'AM', 'I', null],
      ]) {
        await sql(
          p,
          la,
          `INSERT INTO ap_attendance (tenant_id, placement_id, session_date, session, la_id, provider_id, code, code_version, category, note) VALUES ($1, $2, $3, $4, $5, $6, $7, '2024-08', $8, $9)`,
          [
            p.tenantId,
            placement.placementId,
            d,
            s,
            placement.laId,
            pl['provider_id'],
            code,
            code === '/' ? 'present' : code === 'O' ? 'unauthorised_absence' : 'authorised_absence',
            note,
          ],
        );
      }
      await sql(
        p,
        la,
        `INSERT INTO ap_reviews (tenant_id, case_id, placement_id, la_id, provider_id, due_on, status, held_on, attendees, progress, next_steps) VALUES ($1, $2, $3, $4, $5, '2026-03-10', 'held', '2026-03-10', ARRAY['Attendee Pemberton-Fyfe'], 'Progress Lanthorn', 'Next steps Quarrendon')`,
        [p.tenantId, placement.caseId, placement.placementId, placement.laId, pl['provider_id']],
      );
      await sql(
        p,
        la,
        `INSERT INTO ap_followups (tenant_id, case_id, placement_id, la_id, weeks, due_on, outcome, recorded_on, note) VALUES ($1, $2, $3, $4, 6, '2026-05-01', 'held', '2026-05-02', 'Follow-up note Whinmoor')`,
        [p.tenantId, placement.caseId, placement.placementId, placement.laId],
      );
      await sql(
        p,
        la,
        `INSERT INTO ap_alerts (tenant_id, la_id, case_id, placement_id, provider_id, kind, dedupe_key, status, closed_at, decision, decision_note) VALUES ($1, $2, $3, $4, $5, 'review_due', 'sar-review', 'closed', now(), 'noted', 'Alert decision Glaisdale')`,
        [p.tenantId, placement.laId, placement.caseId, placement.placementId, pl['provider_id']],
      );
      // a second pupil with values of its own, and a case
      const [s] = await sql(
        p,
        [p.las[0]],
        `INSERT INTO pupils (tenant_id, la_id, upn, given_name, family_name, date_of_birth, sen_provision, ehc_caseworker, contacts) VALUES ($1, $2, $3, $4, $5, $6, 'E', $7, $8::jsonb) RETURNING id`,
        [
          p.tenantId,
          p.las[0],
          second.upn,
          second.givenName,
          second.familyName,
          second.dateOfBirth,
          second.caseworker,
          JSON.stringify([
            { name: second.contact, relationship: 'Parent', phone: second.phone, parentalResponsibility: true },
          ]),
        ],
      );
      secondId = s['id'] as string;
      await sql(
        p,
        [p.las[0]],
        `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, reason, requested_tier, family_views, child_views, status) VALUES ($1, $2, $3, 'la_commission', 'other', 'tier_1', $4, $4, 'referred')`,
        [p.tenantId, p.las[0], secondId, second.views],
      );
      // LA two records the first pupil's UPN: a match request for LA one, about a record of its own
      const matched = await world.http
        .post('/api/v1/ap/pupils')
        .set('Authorization', `Bearer ${p.members['la2'].token}`)
        .send({
          laId: p.las[1],
          upn: first.upn,
          givenName: 'Matchrecord',
          familyName: 'Ollerenshaw',
          dateOfBirth: '2012-07-20',
        });
      expect(matched.status).toBe(201);
      matchedId = matched.body.id;
      const r = await as(p, 'dpo').get(`/api/v1/ap/subject-access/pupils/${placement.pupilId}`);
      expect(r.status).toBe(200);
      body = r.body;
    });

    it('finds the child’s records of the DPO’s own LA by UPN, or by family name and date of birth, and names the other LA holding one; 400 without a usable query', async () => {
      const byUpn = await as(p, 'dpo').get(`/api/v1/ap/subject-access/pupils?upn=${first.upn.toLowerCase()}`);
      expect(byUpn.status).toBe(200);
      expect(byUpn.body.items.map((i: Row) => i['id']).sort()).toEqual([placement.pupilId]);
      // LA two's record of the same child: which LA to ask, and nothing of the record
      expect(byUpn.body.heldByOtherLas).toEqual([{ laId: p.las[1], laName: 'sar LA two' }]);
      expect(JSON.stringify(byUpn.body)).not.toContain(matchedId);
      expect(JSON.stringify(byUpn.body)).not.toContain('Matchrecord');
      // and the DPO of LA one cannot open it
      expect((await as(p, 'dpo').get(`/api/v1/ap/subject-access/pupils/${matchedId}`)).status).toBe(404);
      const mine = byUpn.body.items.find((i: Row) => i['id'] === placement.pupilId);
      expect(mine).toMatchObject({
        laId: p.las[0],
        laName: 'sar LA one',
        recordedBy: 'sar LA one',
        givenName: first.givenName,
        familyName: first.familyName,
        dateOfBirth: first.dateOfBirth,
        upn: first.upn,
      });
      const byName = await as(p, 'dpo').get(
        `/api/v1/ap/subject-access/pupils?familyName=${first.familyName.toUpperCase()}&dateOfBirth=${first.dateOfBirth}`,
      );
      expect(byName.body.items.map((i: Row) => i['id'])).toEqual([placement.pupilId]);
      const none = await as(p, 'dpo').get('/api/v1/ap/subject-access/pupils');
      expect(none.status).toBe(400);
      expect(none.body.errors.map((e: Row) => e['field'])).toEqual(['upn']);
      const half = await as(p, 'dpo').get(
        '/api/v1/ap/subject-access/pupils?familyName=Farthingale&dateOfBirth=2012-02-30',
      );
      expect(half.status).toBe(400);
      expect(half.body.errors.map((e: Row) => e['field'])).toEqual(['dateOfBirth']);
      const [audit] = await sql(
        p,
        [],
        `SELECT subject_ids::text[] AS ids, details FROM audit_events WHERE tenant_id = $1 AND action = 'subject_access.search' AND details->>'by' = 'upn' ORDER BY occurred_at DESC LIMIT 1`,
        [p.tenantId],
      );
      expect(audit['ids'] as string[]).toEqual([placement.pupilId]);
      expect(audit['details']).toMatchObject({ count: 1, heldByOtherLas: 1 });
    });

    it('exports a draft holding every seeded value of the pupil', () => {
      expect(body['status']).toBe('draft_for_redaction');
      expect(String(body['notice'])).toMatch(/redact third-party data/);
      expect(body['controller']).toEqual({ laId: p.las[0], name: 'sar LA one' });
      // no agreement in force when it was made
      expect(body['sharing']).toEqual([]);
      const pupil = body['pupil'] as Row;
      expect(pupil).toMatchObject({
        id: placement.pupilId,
        upn: first.upn,
        givenName: first.givenName,
        familyName: first.familyName,
        dateOfBirth: first.dateOfBirth,
        currentSchoolId: p.schoolId,
        senProvision: 'E',
        needs: ['SEMH', 'SLCN'],
        ehcCaseworker: first.ehcCaseworker,
        ehcNextAnnualReview: first.ehcNextAnnualReview,
        lookedAfter: true,
        freeSchoolMeals: true,
        safeguardingFlags: ['early_help', 'missing_episodes'],
        contacts: [first.contact],
        recordedBy: 'sar LA one',
        currentSchoolName: 'sar school',
      });
      for (const column of ['createdAt', 'updatedAt', 'createdBy', 'upnUnknownReason', 'anonymisedAt', 'version'])
        expect(Object.keys(pupil)).toContain(column);
      const text = JSON.stringify(body);
      for (const v of [
        'Reason detail Brambleford',
        'The family agree to a placement.',
        'Would like a smaller group.',
        'Ready for panel',
        'Attendance note Kestrelwood',
        'Attendee Pemberton-Fyfe',
        'Progress Lanthorn',
        'Next steps Quarrendon',
        'Follow-up note Whinmoor',
        'Alert decision Glaisdale',
        '2026-01-12',
      ]) {
        expect([v, text.includes(v)]).toEqual([v, true]);
      }
      const [c] = body['cases'] as Row[];
      expect(c).toMatchObject({
        id: placement.caseId,
        exclusionType: 'suspension',
        exclusionDays: 5,
        status: 'placement_active',
      });
      expect((c['timeline'] as Row[]).map((e) => e['action'])).toEqual([
        'commission_for_panel',
        'triage',
        'screen',
        'decide_offer',
        'accept',
        'start',
      ]);
      expect((c['timeline'] as Row[])[0]).toMatchObject({
        actorName: expect.any(String),
        actorId: p.members['la1'].userId,
      });
      expect((c['placement'] as Row)['id']).toBe(placement.placementId);
      expect((body['attendance'] as Row[]).map((a) => `${a['sessionDate']} ${a['session']} ${a['code']}`)).toEqual([
        '2026-03-02 AM /',
        '2026-03-02 PM O',
        '2026-04-01 AM I',
      ]);
      expect(body['matchRequests']).toEqual([
        expect.objectContaining({ status: 'open', thisRecordIs: 'the_record_held_first' }),
      ]);
      expect(
        (body['auditTrail'] as Row[]).some(
          (t) =>
            t['action'] === 'pupil.create' ||
            t['action'] === 'ap_case.create' ||
            (t['records'] as string[]).includes(placement.caseId),
        ),
      ).toBe(true);
    });

    it('holds nothing of any other pupil, not even the matched record', () => {
      const text = JSON.stringify(body);
      for (const v of [
        secondId,
        second.upn,
        second.givenName,
        second.familyName,
        second.dateOfBirth,
        second.caseworker,
        second.contact,
        second.phone,
        second.views,
        matchedId,
        'Matchrecord',
        'Ollerenshaw',
        '2012-07-20',
      ]) {
        expect([v, text.includes(v)]).toEqual([v, false]);
      }
    });

    it('gives the same draft as a PDF attachment', async () => {
      const r = await as(p, 'dpo')
        .get(`/api/v1/ap/subject-access/pupils/${placement.pupilId}/pdf`)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/^application\/pdf/);
      expect(r.headers['content-disposition']).toBe(
        `attachment; filename="subject-access-draft-${placement.pupilId}.pdf"`,
      );
      expect((r.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // uncompressed, the document's title and its pages can be read
      const plain = (await subjectAccessPdf(body as never, { compress: false })).toString('latin1');
      expect(plain).toContain('DRAFT for redaction, not for release');
      expect((plain.match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThan(1);
    });

    it('is for the DPO only: every other role 403, the other partnership’s DPO 404; each export audited', async () => {
      for (const who of ['lead', 'la1', 'la2', 'school', 'provider', 'workforce']) {
        expect([who, (await as(p, who).get(`/api/v1/ap/subject-access/pupils/${placement.pupilId}`)).status]).toEqual([
          who,
          403,
        ]);
        expect([who, (await as(p, who).get(`/api/v1/ap/subject-access/pupils?upn=${first.upn}`)).status]).toEqual([
          who,
          403,
        ]);
      }
      expect((await as(q, 'dpo').get(`/api/v1/ap/subject-access/pupils/${placement.pupilId}`)).status).toBe(404);
      expect((await as(q, 'dpo').get(`/api/v1/ap/subject-access/pupils/${placement.pupilId}/pdf`)).status).toBe(404);
      expect((await as(q, 'dpo').get(`/api/v1/ap/subject-access/pupils?upn=${first.upn}`)).body.items).toEqual([]);
      const audits = await sql(
        p,
        [],
        `SELECT actor_id, details->>'format' AS format, la_id FROM audit_events WHERE tenant_id = $1 AND action = 'subject_access.export' AND $2 = ANY (subject_ids) ORDER BY occurred_at`,
        [p.tenantId, placement.pupilId],
      );
      expect(audits.map((a) => a['format'])).toEqual(['json', 'pdf']);
      expect(audits.every((a) => a['actor_id'] === p.members['dpo'].userId && a['la_id'] === p.las[0])).toBe(true);
    });

    it('gives the DPO the access log of their own LA’s records only, by record or by user', async () => {
      const own = await as(p, 'dpo').get(`/api/v1/audit/access?subjectId=${placement.pupilId}`);
      expect(own.status).toBe(200);
      expect((own.body.items as Row[]).map((e) => e['action'])).toContain('subject_access.export');
      expect((await as(p, 'dpo').get(`/api/v1/audit/access?subjectId=${matchedId}`)).status).toBe(404);
      const both = await as(p, 'dpo').get(
        `/api/v1/audit/access?subjectId=${placement.pupilId}&actorId=${p.members['dpo'].userId}`,
      );
      expect(both.status).toBe(400);
      expect(both.body.errors[0].field).toBe('subjectId');
      // LA two's officer recorded only LA two's pupil (the matched record): none of it is LA one's DPO's
      const theirs = await as(p, 'dpo').get(`/api/v1/audit/access?actorId=${p.members['la2'].userId}`);
      expect(theirs.status).toBe(200);
      expect((theirs.body.items as Row[]).map((e) => e['action'])).not.toContain('pupil.create');
      const mine = await as(p, 'dpo').get(`/api/v1/audit/access?actorId=${p.members['dpo'].userId}`);
      expect((mine.body.items as Row[]).map((e) => e['action'])).toContain('subject_access.export');
    });

    it('says on the draft which agreement in force shares the LA’s records, and still covers only its own', async () => {
      const agreementId = await world.agreementInForce(p, ['named_pupils']);
      const r = await as(p, 'dpo').get(`/api/v1/ap/subject-access/pupils/${placement.pupilId}`);
      expect(r.status).toBe(200);
      expect(r.body.sharing).toEqual([
        expect.objectContaining({
          agreementId,
          grants: ['named_pupils'],
          otherParties: [{ laId: p.las[1], name: 'sar LA two' }],
        }),
      ]);
      // the agreement widens LA officers, not the DPO: LA two's record is still not theirs to open
      expect((await as(p, 'dpo').get(`/api/v1/ap/subject-access/pupils/${matchedId}`)).status).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain('Matchrecord');
    });
  });

  describe('retention', () => {
    const AS_OF = '2031-06-15';
    let r: Partnership;
    let providerId: string;
    let ids: Record<string, string>;

    /** A case straight into the database, closed (or open) as given, with a placement, a timeline event, a held review, a follow-up and an alert. */
    async function seedCase(
      laId: string,
      pupilId: string,
      status: string,
      closedAt: string | null,
      updatedAt = '2030-01-01T12:00:00Z',
    ): Promise<{ caseId: string; placementId: string }> {
      const [c] = await sql(
        r,
        [laId],
        `INSERT INTO ap_cases (tenant_id, la_id, pupil_id, route, reason, reason_detail, requested_tier, family_views, child_views, status, decision_reason, tier, provider_id, closed_at, updated_at)
        VALUES ($1, $2, $3, 'la_commission', 'medical_needs', 'Detail to remove', 'tier_2', 'Family views to remove', 'Child views to remove', $4, 'Decision to remove', 'tier_2', $5, $6, $7) RETURNING id`,
        [r.tenantId, laId, pupilId, status, providerId, closedAt, updatedAt],
      );
      const caseId = c['id'] as string;
      const ended = status === 'ended';
      const [pl] = await sql(
        r,
        [laId],
        `INSERT INTO ap_placements (tenant_id, case_id, la_id, provider_id, tier, academic_year, status, planned_start, started_on, ended_on, end_reason, destination)
        VALUES ($1, $2, $3, $4, 'tier_2', '2024/25', $5, '2024-09-02', '2024-09-02', $6, $7, $8) RETURNING id`,
        [
          r.tenantId,
          caseId,
          laId,
          providerId,
          ended ? 'ended' : 'active',
          ended ? '2025-01-31' : null,
          ended ? 'End reason to remove' : null,
          ended ? 'returned_to_home_school' : null,
        ],
      );
      const placementId = pl['id'] as string;
      await sql(
        r,
        [laId],
        `INSERT INTO ap_case_events (tenant_id, case_id, la_id, action, to_status, note, details) VALUES ($1, $2, $3, 'commission_for_panel', 'referred', 'Event note to remove', '{"urgency":"high"}')`,
        [r.tenantId, caseId, laId],
      );
      await sql(
        r,
        [laId],
        `INSERT INTO ap_case_events (tenant_id, case_id, la_id, action, from_status, to_status) VALUES ($1, $2, $3, 'triage', 'referred', 'triaged')`,
        [r.tenantId, caseId, laId],
      );
      await sql(
        r,
        [laId],
        `INSERT INTO ap_reviews (tenant_id, case_id, placement_id, la_id, provider_id, due_on, status, held_on, attendees, progress, next_steps) VALUES ($1, $2, $3, $4, $5, '2024-10-01', 'held', '2024-10-01', ARRAY['Attendee to remove'], 'Progress to remove', 'Next steps to remove')`,
        [r.tenantId, caseId, placementId, laId, providerId],
      );
      await sql(
        r,
        [laId],
        `INSERT INTO ap_followups (tenant_id, case_id, placement_id, la_id, weeks, due_on, outcome, recorded_on, note) VALUES ($1, $2, $3, $4, 6, '2025-03-14', 'held', '2025-03-14', 'Follow-up note to remove')`,
        [r.tenantId, caseId, placementId, laId],
      );
      return { caseId, placementId };
    }
    async function seedPupil(laId: string, dob: string, name: string): Promise<string> {
      const [row] = await sql(
        r,
        [laId],
        `INSERT INTO pupils (tenant_id, la_id, upn, given_name, family_name, date_of_birth, sen_provision, needs, ehc_caseworker, ehc_next_annual_review, safeguarding_flags, contacts, looked_after)
        VALUES ($1, $2, $3, $4, 'Retained', $5, 'E', '{SEMH}', 'Caseworker', '2031-01-01', '{early_help}', '[{"name":"A Parent","relationship":"Parent","parentalResponsibility":true}]', true) RETURNING id`,
        [r.tenantId, laId, upn(`80120${String(Math.floor(Math.random() * 9_999_999)).padStart(7, '0')}`), name, dob],
      );
      return row['id'] as string;
    }
    const attendance = (laId: string, placementId: string, date: string) =>
      sql(
        r,
        [laId],
        `INSERT INTO ap_attendance (tenant_id, placement_id, session_date, session, la_id, provider_id, code, code_version, category, note) VALUES ($1, $2, $3, 'AM', $4, $5, '/', '2024-08', 'present', 'note') ON CONFLICT DO NOTHING`,
        [r.tenantId, placementId, date, laId, providerId],
      );
    const alert = (laId: string, caseId: string, key: string, status: 'open' | 'closed', closedAt: string | null) =>
      sql(
        r,
        [laId],
        `INSERT INTO ap_alerts (tenant_id, la_id, case_id, kind, dedupe_key, status, closed_at, decision, decision_note) VALUES ($1, $2, $3, 'review_due', $4, $5, $6, $7, $8) RETURNING id`,
        [
          r.tenantId,
          laId,
          caseId,
          key,
          status,
          closedAt,
          status === 'closed' ? 'noted' : null,
          status === 'closed' ? 'Alert note' : null,
        ],
      ).then((x) => x[0]['id'] as string);

    /** Everything the job may touch, to compare before and after. */
    const snapshot = () =>
      uow.forTenant({ tenantId: r.tenantId, laIds: r.las }, async (m) => ({
        pupils: await m.query(
          `SELECT to_jsonb(p) - 'updated_at' AS row FROM pupils p WHERE tenant_id = $1 ORDER BY id`,
          [r.tenantId],
        ),
        cases: await m.query(`SELECT to_jsonb(c) AS row FROM ap_cases c WHERE tenant_id = $1 ORDER BY id`, [
          r.tenantId,
        ]),
        events: await m.query(
          `SELECT case_id, action, note, details FROM ap_case_events WHERE tenant_id = $1 ORDER BY case_id, at, action`,
          [r.tenantId],
        ),
        reviews: await m.query(`SELECT to_jsonb(x) AS row FROM ap_reviews x WHERE tenant_id = $1 ORDER BY id`, [
          r.tenantId,
        ]),
        followups: await m.query(`SELECT to_jsonb(x) AS row FROM ap_followups x WHERE tenant_id = $1 ORDER BY id`, [
          r.tenantId,
        ]),
        alerts: await m.query(`SELECT id FROM ap_alerts WHERE tenant_id = $1 ORDER BY id`, [r.tenantId]),
        attendance: await m.query(
          `SELECT la_id, placement_id, to_char(session_date, 'YYYY-MM-DD') AS d FROM ap_attendance WHERE tenant_id = $1 ORDER BY la_id, d`,
          [r.tenantId],
        ),
        audit: await m.query(
          `SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND action LIKE 'retention.%'`,
          [r.tenantId],
        ),
      }));

    beforeAll(async () => {
      r = await world.partnership('ret', ['372', '373']);
      providerId = await apProvider(world, r, { tier_2: 5 });
      const [la1, la2] = r.las;
      ids = {};
      ids['pupilA'] = await seedPupil(la1, '2010-01-01', 'Cases');
      // closed cases: closed exactly 72 months before (expired), a day later (kept), withdrawn long ago without closed_at (expired), open (kept)
      const expired = await seedCase(la1, ids['pupilA'], 'ended', '2025-06-15T12:00:00Z');
      const kept = await seedCase(la1, ids['pupilA'], 'ended', '2025-06-16T12:00:00Z');
      const withdrawn = await seedCase(la1, ids['pupilA'], 'withdrawn', null, '2020-02-02T12:00:00Z');
      ids['caseExpired'] = expired.caseId;
      ids['caseKept'] = kept.caseId;
      ids['caseWithdrawn'] = withdrawn.caseId;
      ids['placementKept'] = kept.placementId;
      // attendance: 36 months by default (LA one), 12 months by LA two's own rule
      await attendance(la1, kept.placementId, '2028-06-15');
      await attendance(la1, kept.placementId, '2028-06-16');
      await attendance(la1, kept.placementId, '2030-06-15');
      ids['pupilB'] = await seedPupil(la2, '2012-01-01', 'Other LA');
      const two = await seedCase(la2, ids['pupilB'], 'placement_active', null);
      ids['caseOpen'] = two.caseId;
      await attendance(la2, two.placementId, '2030-06-15');
      await attendance(la2, two.placementId, '2030-06-16');
      await attendance(la2, two.placementId, '2028-06-16');
      // alerts: 24 months after closing
      ids['alertExpired'] = await alert(la1, kept.caseId, 'a1', 'closed', '2029-06-15T10:00:00Z');
      ids['alertKept'] = await alert(la1, kept.caseId, 'a2', 'closed', '2029-06-16T10:00:00Z');
      ids['alertOpen'] = await alert(la1, kept.caseId, 'a3', 'open', null);
      // pupils: 25 years from the date of birth, never with an open case
      ids['pupilExpired'] = await seedPupil(la1, '2006-06-15', 'Expired');
      ids['pupilKept'] = await seedPupil(la1, '2006-06-16', 'Kept');
      ids['pupilOpenCase'] = await seedPupil(la2, '1999-03-03', 'Opencase');
      ids['pupil1995'] = await seedPupil(la2, '1995-05-05', 'Ninetyfive');
      await seedCase(la2, ids['pupilOpenCase'], 'placement_active', null);
      const rule = await as(r, 'la2').put(`/api/v1/ap/retention-rules/${la2}/attendance`, {
        retainMonths: 12,
        action: 'delete',
        version: 0,
      });
      expect(rule.status).toBe(200);
    });

    it('lists each LA’s effective rules, default or own, to the lead, the DPO and each LA’s officers (own LA only)', async () => {
      const lead = await as(r, 'lead').get('/api/v1/ap/retention-rules');
      expect(lead.status).toBe(200);
      expect(lead.body.items.map((i: Row) => i['laId']).sort()).toEqual([...r.las].sort());
      const two = lead.body.items.find((i: Row) => i['laId'] === r.las[1]);
      expect(two.rules.find((x: Row) => x['recordType'] === 'attendance')).toMatchObject({
        retainMonths: 12,
        action: 'delete',
        source: 'la',
        version: 1,
        defaultMonths: 36,
      });
      const one = lead.body.items.find((i: Row) => i['laId'] === r.las[0]);
      expect(
        one.rules.map((x: Row) => [x['recordType'], x['retainMonths'], x['action'], x['source'], x['provisional']]),
      ).toEqual([
        ['attendance', 36, 'delete', 'default', true],
        ['alerts', 24, 'delete', 'default', true],
        ['closed_cases', 72, 'anonymise', 'default', true],
        ['pupils', 300, 'anonymise', 'default', true],
      ]);
      expect((await as(r, 'dpo').get('/api/v1/ap/retention-rules')).body.items).toHaveLength(2);
      expect((await as(r, 'la1').get('/api/v1/ap/retention-rules')).body.items.map((i: Row) => i['laId'])).toEqual([
        r.las[0],
      ]);
      for (const who of ['school', 'provider', 'workforce'])
        expect([who, (await as(r, who).get('/api/v1/ap/retention-rules')).status]).toEqual([who, 403]);
    });

    it('changes a rule only as the lead or the LA’s officers, with the actions the type allows and the version seen', async () => {
      const path = `/api/v1/ap/retention-rules/${r.las[0]}/alerts`;
      const bad = await as(r, 'la1').put(path, { retainMonths: 0, action: 'anonymise' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: Row) => e['field'])).toEqual(['retainMonths']);
      // which actions a type of record allows is the service's rule (attendance is only deleted)
      const anonymise = await as(r, 'la1').put(path, { retainMonths: 30, action: 'anonymise' });
      expect(anonymise.status).toBe(400);
      expect(anonymise.body.errors.map((e: Row) => e['field'])).toEqual(['action']);
      expect((await as(r, 'dpo').put(path, { retainMonths: 30, action: 'delete' })).status).toBe(403);
      expect((await as(r, 'la2').put(path, { retainMonths: 30, action: 'delete' })).status).toBe(404);
      expect(
        (
          await as(r, 'la1').put(`/api/v1/ap/retention-rules/${r.las[0]}/invoices`, {
            retainMonths: 30,
            action: 'delete',
          })
        ).status,
      ).toBe(404);
      const saved = await as(r, 'lead').put(path, { retainMonths: 24, action: 'delete', version: 0 });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ recordType: 'alerts', retainMonths: 24, source: 'la', version: 1 });
      expect((await as(r, 'la1').put(path, { retainMonths: 30, action: 'delete', version: 0 })).status).toBe(409);
      const [audit] = await sql(
        r,
        [],
        `SELECT details FROM audit_events WHERE tenant_id = $1 AND action = 'ap_retention_rule.update' AND la_id = $2 ORDER BY occurred_at DESC LIMIT 1`,
        [r.tenantId, r.las[0]],
      );
      expect(audit['details']).toMatchObject({ recordType: 'alerts', retainMonths: 24, ruleAction: 'delete' });
    });

    it('removes exactly the expired records, once, and audits the counts', async () => {
      const before = await snapshot();
      const outcome = await world.app.get(ApRetentionService).applyRetention(r.tenantId, AS_OF);
      const after = await snapshot();
      const [la1, la2] = r.las;
      expect(outcome.map((o) => [o.laId === la1 ? 'la1' : 'la2', o.recordType, o.action, o.count]).sort()).toEqual(
        [
          ['la1', 'attendance', 'delete', 1],
          ['la1', 'alerts', 'delete', 1],
          ['la1', 'closed_cases', 'anonymise', 2],
          ['la1', 'pupils', 'anonymise', 1],
          ['la2', 'attendance', 'delete', 2],
          ['la2', 'pupils', 'anonymise', 1],
        ].sort(),
      );
      // attendance: LA one keeps the boundary's next day (36 months); LA two's own rule (12 months) removes what LA one would keep
      expect((after.attendance as Row[]).map((a) => `${a['la_id'] === la1 ? 'la1' : 'la2'} ${a['d']}`).sort()).toEqual([
        'la1 2028-06-16',
        'la1 2030-06-15',
        'la2 2030-06-16',
      ]);
      expect((before.attendance as Row[]).length - (after.attendance as Row[]).length).toBe(3);
      expect((after.alerts as Row[]).map((a) => a['id']).sort()).toEqual([ids['alertKept'], ids['alertOpen']].sort());
      // cases: the expired and the old withdrawn one anonymised; the kept and the open one untouched
      const caseRow = (s: typeof after, id: string) => (s.cases as { row: Row }[]).find((c) => c.row['id'] === id)!.row;
      for (const id of [ids['caseExpired'], ids['caseWithdrawn']]) {
        expect(caseRow(after, id)).toMatchObject({
          family_views: RETENTION_REMOVED_TEXT,
          child_views: RETENTION_REMOVED_TEXT,
          reason_detail: null,
          decision_reason: null,
          anonymised_at: expect.any(String),
        });
      }
      expect(caseRow(after, ids['caseKept'])).toEqual(caseRow(before, ids['caseKept']));
      expect(caseRow(after, ids['caseOpen'])).toEqual(caseRow(before, ids['caseOpen']));
      const events = (s: typeof after, id: string) => (s.events as Row[]).filter((e) => e['case_id'] === id);
      expect(events(after, ids['caseExpired']).map((e) => [e['action'], e['note'], e['details']])).toEqual([
        ['commission_for_panel', null, {}],
        ['triage', null, {}],
      ]);
      expect(events(after, ids['caseKept'])).toEqual(events(before, ids['caseKept']));
      const review = (s: typeof after, id: string) =>
        (s.reviews as { row: Row }[]).find((x) => x.row['case_id'] === id)!.row;
      expect(review(after, ids['caseExpired'])).toMatchObject({
        attendees: ['Removed'],
        progress: RETENTION_REMOVED_TEXT,
        next_steps: RETENTION_REMOVED_TEXT,
      });
      expect(review(after, ids['caseKept'])).toEqual(review(before, ids['caseKept']));
      const followup = (s: typeof after, id: string) =>
        (s.followups as { row: Row }[]).find((x) => x.row['case_id'] === id)!.row;
      expect(followup(after, ids['caseExpired'])['note']).toBeNull();
      expect(followup(after, ids['caseKept'])).toEqual(followup(before, ids['caseKept']));
      // pupils: past the boundary and without an open case
      const pupil = (s: typeof after, id: string) => (s.pupils as { row: Row }[]).find((x) => x.row['id'] === id)!.row;
      expect(pupil(after, ids['pupilExpired'])).toMatchObject({
        given_name: 'Removed',
        family_name: 'Removed',
        upn: null,
        upn_unknown_reason: 'UN5',
        date_of_birth: '2006-01-01',
        contacts: [],
        ehc_caseworker: null,
        ehc_next_annual_review: null,
        safeguarding_flags: [],
        needs: ['SEMH'],
        sen_provision: 'E',
        looked_after: true,
        anonymised_at: expect.any(String),
      });
      expect(pupil(after, ids['pupil1995'])).toMatchObject({ given_name: 'Removed', date_of_birth: '1995-01-02' });
      for (const id of [ids['pupilKept'], ids['pupilOpenCase'], ids['pupilA'], ids['pupilB']])
        expect(pupil(after, id)).toEqual(pupil(before, id));
      // one audit event per LA and type, by the system, with counts and ids
      const audits = await sql(
        r,
        [],
        `SELECT action, subject_type, subject_ids::text[] AS ids, la_id, actor_id, details FROM audit_events WHERE tenant_id = $1 AND action LIKE 'retention.%'`,
        [r.tenantId],
      );
      expect(audits).toHaveLength(6);
      expect(audits.every((a) => a['actor_id'] === null)).toBe(true);
      const cases = audits.find((a) => (a['details'] as Row)['recordType'] === 'closed_cases')!;
      expect(cases).toMatchObject({
        action: 'retention.anonymise',
        subject_type: 'ApCase',
        la_id: la1,
        details: expect.objectContaining({ count: 2, retainMonths: 72, asOf: AS_OF }),
      });
      expect((cases['ids'] as string[]).sort()).toEqual([ids['caseExpired'], ids['caseWithdrawn']].sort());
      const att2 = audits.find((a) => (a['details'] as Row)['recordType'] === 'attendance' && a['la_id'] === la2)!;
      expect(att2).toMatchObject({
        action: 'retention.delete',
        details: expect.objectContaining({ count: 2, retainMonths: 12 }),
      });
      expect(JSON.stringify(audits)).not.toMatch(/Expired|Retained|remove/);

      // a second run changes nothing and audits nothing
      expect(await world.app.get(ApRetentionService).applyRetention(r.tenantId, AS_OF)).toEqual([]);
      expect(await snapshot()).toEqual(after);
    });

    it('runs nightly at 03:00 as a contributor of the one retention job', async () => {
      const schedule = jobSchedules().find((s) => s.id === 'retention-nightly');
      expect(schedule).toMatchObject({ pattern: '0 3 * * *', job: RETENTION_JOB });
      const before = await snapshot();
      await world.app.get(JobRunner).run(
        {
          v: 1,
          name: RETENTION_JOB.name,
          tenantId: NIL_TENANT,
          actorId: null,
          correlationId: null,
          idempotencyKey: 'test',
          outboxId: 'schedule',
          payload: {},
        },
        1,
      );
      // as of today nothing of this partnership's is due that the 2031 run left
      expect(await snapshot()).toEqual(before);
    });
  });
});
