import { Injectable, Module } from '@nestjs/common';
import { ApRetentionService, subjectAccessPdf } from '@rep-hub/ap-domain';
import {
  ContributesSubjectAccess,
  DataSubject,
  SubjectAccessContributor,
  SubjectAccessPart,
  SubjectAccessRegistry,
} from '@rep-hub/contracts';
import {
  ContributesRetention,
  JobRunner,
  NIL_TENANT,
  RETENTION_JOB,
  RetentionContributor,
  RetentionCount,
  RetentionRegistry,
  schoolToday,
  UnitOfWork,
} from '@rep-hub/platform';
import { computeUpnCheckLetter } from '@rep-hub/reference';
import { EntityManager } from 'typeorm';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { workforceRecords } from '@rep-hub/workforce-api/testing';
import { PRODUCT_API_MODULES, PRODUCT_PARTNERSHIP_EXTRAS } from './product';

/** A second module that holds personal data: its sections of the draft read the database in the DPO's unit of work. */
@Injectable()
@ContributesSubjectAccess()
class GardenSubjectAccess implements SubjectAccessContributor {
  readonly module = 'gardens';
  readonly kinds = ['pupil'] as const;
  readonly sections = [{ key: 'gardenVisits', title: 'Garden visits' }];
  subjects: DataSubject[] = [];

  async collect(m: EntityManager, subject: DataSubject): Promise<SubjectAccessPart> {
    this.subjects.push(subject);
    if (subject.kind !== 'pupil') throw new Error('gardens keep records about children only');
    const [la] = (await m.query(`SELECT name FROM organisations WHERE tenant_id = $1 AND id = $2`, [
      subject.tenantId,
      subject.controller.laId,
    ])) as { name: string }[];
    return {
      sections: {
        gardenVisits: [
          { visitor: `${subject.givenName} ${subject.familyName}`, garden: `${la.name} community garden` },
        ],
      },
      recordIds: [],
    };
  }
}

/** Its retention: it reads each partnership's data in a unit of work of its own and says what it purged. */
@Injectable()
@ContributesRetention()
class GardenRetention implements RetentionContributor {
  readonly module = 'gardens';
  calls: string[] = [];

  constructor(private readonly uow: UnitOfWork) {}

  async purgePlatform(today: string): Promise<RetentionCount[]> {
    this.calls.push(`platform ${today}`);
    return [];
  }

  async purgeTenant(tenantId: string, today: string): Promise<RetentionCount[]> {
    const [{ n }] = (await this.uow.forTenant({ tenantId }, (m) =>
      m.query(`SELECT count(*)::int AS n FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`, [
        tenantId,
      ]),
    )) as { n: number }[];
    this.calls.push(`${tenantId} ${today}`);
    return [{ what: 'garden visits deleted', count: n }];
  }
}

@Module({ providers: [GardenSubjectAccess, GardenRetention] })
class GardensModule {}

const upn = (body: string) => `${computeUpnCheckLetter(body)}${body}`;

/**
 * The subject access and retention registries with a second module beside AP, on PostgreSQL: the
 * DPO's draft holds the other module's sections after AP's, and the one nightly retention job runs
 * every contributor (the core's, AP's, the other module's) for every partnership.
 */
describe('subject access and retention contributors', () => {
  let world: ApiWorld;
  let p: Partnership;

  beforeAll(async () => {
    world = await ApiWorld.start({
      modules: [...PRODUCT_API_MODULES, GardensModule],
      partnershipExtras: PRODUCT_PARTNERSHIP_EXTRAS,
    });
    p = await world.partnership('gardens', ['372', '373']);
  });
  afterAll(() => world?.close());

  it('finds the contributors at start: the core composes AP’s sections, then the other module’s; an adult’s from workforce training’s', () => {
    const registry = world.app.get(SubjectAccessRegistry);
    expect(registry.sections('pupil').map((s) => `${s.module}:${s.key}`)).toEqual([
      'alternative-provision:pupil',
      'alternative-provision:matchRequests',
      'alternative-provision:cases',
      'alternative-provision:attendance',
      'gardens:gardenVisits',
    ]);
    expect(registry.sections('person').map((s) => `${s.module}:${s.key}`)).toEqual([
      'workforce:trainingParticipant',
      'workforce:trainingEnrolments',
    ]);
    expect(registry.finders().map((f) => `${f.module}:${f.kind}`)).toEqual(['workforce:person']);
    expect(
      world.app
        .get(RetentionRegistry)
        .contributors()
        .map((c) => c.module),
    ).toEqual(expect.arrayContaining(['the core', 'alternative-provision', 'gardens']));
  });

  it('puts the other module’s sections in the DPO’s draft, about the same child, before the audit trail', async () => {
    const made = await world.http
      .post('/api/v1/ap/pupils')
      .set('Authorization', `Bearer ${p.members['la1'].token}`)
      .send({
        laId: p.las[0],
        upn: upn('801200009003'),
        givenName: 'Perpetua',
        familyName: 'Hollowell',
        dateOfBirth: '2013-05-04',
      });
    expect(made.status).toBe(201);
    const r = await world.http
      .get(`/api/v1/ap/subject-access/pupils/${made.body.id}`)
      .set('Authorization', `Bearer ${p.members['dpo'].token}`);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual([
      'status',
      'notice',
      'generatedAt',
      'generatedBy',
      'controller',
      'sharing',
      'pupil',
      'matchRequests',
      'cases',
      'attendance',
      'gardenVisits',
      'auditTrail',
    ]);
    expect(r.body.gardenVisits).toEqual([{ visitor: 'Perpetua Hollowell', garden: 'gardens LA one community garden' }]);
    const subject = world.app.get(GardenSubjectAccess).subjects.at(-1);
    expect(subject).toEqual({
      tenantId: p.tenantId,
      kind: 'pupil',
      recordId: made.body.id,
      upn: upn('801200009003'),
      givenName: 'Perpetua',
      familyName: 'Hollowell',
      dateOfBirth: '2013-05-04',
      controller: { laId: p.las[0], name: 'gardens LA one' },
    });
    expect((r.body.auditTrail as { action: string }[]).map((t) => t.action)).toContain('pupil.create');
    // the PDF lays out the other module's sections too
    expect((await subjectAccessPdf(r.body, { compress: false })).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  describe('an adult: a training participant found through the core’s person search', () => {
    let q: Partnership;
    let own: string;
    let otherLa: string;
    let otherTenant: string;
    let email: string;
    const as = (x: Partnership, who: string) => ({
      get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${x.members[who].token}`),
      send: (method: 'post' | 'put', path: string, body: object) =>
        world.http[method](path).set('Authorization', `Bearer ${x.members[who].token}`).send(body),
    });

    beforeAll(async () => {
      q = await world.partnership('gardens-other', ['352', '353']);
      const wf = await workforceRecords(world, p);
      own = wf.participantId;
      email = `fixture.${p.tenantId.slice(0, 8)}@school.example`;
      // the enrolment moves on (its history names who), a milestone is declared
      expect(
        (
          await as(p, 'trainer').send('post', `/api/v1/workforce/enrolments/${wf.enrolmentId}/transitions`, {
            status: 'enrolled',
            version: 1,
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await as(p, 'trainer').send('post', `/api/v1/workforce/enrolments/${wf.enrolmentId}/milestones`, {
            milestone: 'started',
            evidenceOn: '2026-10-05',
          })
        ).status,
      ).toBe(201);
      // the same person recorded by LA two of the partnership, and by an LA of another partnership
      expect(
        (
          await as(p, 'workforce').send('put', `/api/v1/workforce/cohorts/${wf.cohortId}/allocations/${p.las[1]}`, {
            places: 1,
          })
        ).status,
      ).toBe(200);
      const second = await as(p, 'trainer').send('post', '/api/v1/workforce/participants', {
        laId: p.las[1],
        fullName: 'Fixture Participant',
        workEmail: email.toUpperCase(),
        role: 'senco',
      });
      expect(second.status).toBe(201);
      otherLa = second.body.id;
      await workforceRecords(world, q);
      const theirs = await as(q, 'trainer').send('post', '/api/v1/workforce/participants', {
        laId: q.las[0],
        fullName: 'Fixture Participant',
        workEmail: email,
        role: 'teacher',
      });
      expect(theirs.status).toBe(201);
      otherTenant = theirs.body.id;
    });

    it('finds the DPO’s own LA’s record by work email or name, and names the other LA holding one (never another partnership’s)', async () => {
      const byEmail = await as(p, 'dpo').get(
        `/api/v1/subject-access/people?email=${encodeURIComponent(email.toUpperCase())}`,
      );
      expect(byEmail.status).toBe(200);
      expect(byEmail.body).toEqual({
        items: [
          {
            id: own,
            laId: p.las[0],
            laName: 'gardens LA one',
            fullName: 'Fixture Participant',
            workEmail: email,
            description: 'Workforce training participant (SENCO)',
          },
        ],
        heldByOtherLas: [{ laId: p.las[1], laName: 'gardens LA two' }],
      });
      const byName = await as(p, 'dpo').get('/api/v1/subject-access/people?name=fixture%20PART');
      expect(byName.body.items.map((i: { id: string }) => i.id)).toEqual([own]);
      expect(JSON.stringify(byName.body)).not.toContain(otherTenant);
      // the other partnership's DPO finds only their own
      const theirs = await as(q, 'dpo').get(`/api/v1/subject-access/people?email=${encodeURIComponent(email)}`);
      expect(theirs.body).toEqual({ items: [expect.objectContaining({ id: otherTenant })], heldByOtherLas: [] });
      // bad or missing input names the field; other roles may not search
      const none = await as(p, 'dpo').get('/api/v1/subject-access/people');
      expect([none.status, none.body.errors]).toEqual([
        400,
        [{ field: 'email', message: 'Enter the work email, or the name' }],
      ]);
      expect((await as(p, 'dpo').get('/api/v1/subject-access/people?email=not-an-email')).body.errors[0].field).toBe(
        'email',
      );
      expect((await as(p, 'dpo').get('/api/v1/subject-access/people?name=x')).body.errors[0].field).toBe('name');
      for (const who of ['la1', 'workforce', 'trainer'])
        expect([who, (await as(p, who).get(`/api/v1/subject-access/people?email=${email}`)).status]).toEqual([
          who,
          403,
        ]);
    });

    it('exports the own LA’s participant (record, enrolments with who and when, milestones) and no other LA’s or partnership’s; audited', async () => {
      const r = await as(p, 'dpo').get(`/api/v1/subject-access/people/${own}`);
      expect(r.status).toBe(200);
      expect(Object.keys(r.body)).toEqual([
        'status',
        'notice',
        'generatedAt',
        'generatedBy',
        'controller',
        'sharing',
        'trainingParticipant',
        'trainingEnrolments',
        'auditTrail',
      ]);
      expect(r.body.notice).toContain('everything REP Hub holds about the person');
      expect(r.body.controller).toEqual({ laId: p.las[0], name: 'gardens LA one' });
      expect(r.body.trainingParticipant).toMatchObject({
        id: own,
        fullName: 'Fixture Participant',
        workEmail: email,
        roleLabel: 'SENCO',
        laName: 'gardens LA one',
        recordedByName: 'gardens trainers',
      });
      const [enrolment] = r.body.trainingEnrolments;
      expect(enrolment).toMatchObject({
        status: 'enrolled',
        cohortName: 'Fixture cohort',
        providerName: 'gardens trainers',
      });
      expect(
        enrolment.history.map((h: { fromStatus: string | null; toStatus: string; actorName: string }) => [
          h.fromStatus,
          h.toStatus,
          h.actorName,
        ]),
      ).toEqual([
        [null, 'applied', 'gardens-trainer test user'],
        ['applied', 'enrolled', 'gardens-trainer test user'],
      ]);
      expect(enrolment.milestones).toEqual([
        expect.objectContaining({ milestone: 'started', evidenceOn: '2026-10-05', label: 'Started' }),
      ]);
      expect(r.body.auditTrail.map((t: { action: string }) => t.action)).toEqual(
        expect.arrayContaining(['workforce.participant.create', 'subject_access.search']),
      );
      // the PDF lays out the sections by their titles
      const pdf = await world.http
        .get(`/api/v1/subject-access/people/${own}/pdf`)
        .set('Authorization', `Bearer ${p.members['dpo'].token}`)
        .buffer(true)
        .parse((res, cb) => {
          const c: Buffer[] = [];
          res.on('data', (d: Buffer) => c.push(d));
          res.on('end', () => cb(null, Buffer.concat(c)));
        });
      expect([pdf.status, pdf.headers['content-type'], (pdf.body as Buffer).subarray(0, 5).toString('latin1')]).toEqual(
        [200, 'application/pdf', '%PDF-'],
      );
      // another LA's participant, another partnership's, and a pupil's id: not found
      for (const path of [
        `/api/v1/subject-access/people/${otherLa}`,
        `/api/v1/subject-access/people/${otherTenant}`,
        `/api/v1/subject-access/people/${otherLa}/pdf`,
        '/api/v1/subject-access/people/not-a-uuid',
      ])
        expect([path, (await as(p, 'dpo').get(path)).status]).toEqual([path, 404]);
      expect((await as(q, 'dpo').get(`/api/v1/subject-access/people/${own}`)).status).toBe(404);
      // audited, and the access log knows whose records the participants are
      const log = await as(p, 'dpo').get(`/api/v1/audit/access?subjectId=${own}`);
      expect(log.body.items.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['subject_access.export', 'subject_access.search']),
      );
      expect((await as(p, 'dpo').get(`/api/v1/audit/access?subjectId=${otherLa}`)).status).toBe(404);
      expect((await as(p, 'dpo').get(`/api/v1/audit/access?subjectId=${enrolment.id}`)).status).toBe(200);
    });
  });

  it('runs every retention contributor from the one nightly job, for platform data and each partnership, as of the school day', async () => {
    const garden = world.app.get(GardenRetention);
    const ap = jest.spyOn(world.app.get(ApRetentionService), 'applyRetention');
    const today = schoolToday();
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
    expect(garden.calls[0]).toBe(`platform ${today}`);
    expect(garden.calls).toContain(`${p.tenantId} ${today}`);
    expect(ap).toHaveBeenCalledWith(p.tenantId, today);
    ap.mockRestore();
    const runs = await world.app.get(RetentionRegistry).run(today);
    expect(runs).toContainEqual({
      module: 'gardens',
      tenantId: p.tenantId,
      counts: [{ what: 'garden visits deleted', count: 2 }],
    });
  });
});
