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
import { PRODUCT_API_MODULES, PRODUCT_PARTNERSHIP_EXTRAS } from './product';

/** A second module that holds personal data: its sections of the draft read the database in the DPO's unit of work. */
@Injectable()
@ContributesSubjectAccess()
class GardenSubjectAccess implements SubjectAccessContributor {
  readonly module = 'gardens';
  readonly sections = [{ key: 'gardenVisits', title: 'Garden visits' }];
  subjects: DataSubject[] = [];

  async collect(m: EntityManager, subject: DataSubject): Promise<SubjectAccessPart> {
    this.subjects.push(subject);
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

  it('finds the contributors at start: the core composes AP’s sections, then the other module’s', () => {
    expect(
      world.app
        .get(SubjectAccessRegistry)
        .sections()
        .map((s) => `${s.module}:${s.key}`),
    ).toEqual([
      'alternative-provision:pupil',
      'alternative-provision:matchRequests',
      'alternative-provision:cases',
      'alternative-provision:attendance',
      'gardens:gardenVisits',
    ]);
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
