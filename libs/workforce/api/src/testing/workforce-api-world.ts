import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { WorkforceApiModule } from '../workforce-api.module';

/** Each test partnership's training provider organisation (the one its trainer works for), by tenant. */
const TRAINING_PROVIDERS = new Map<string, string>();
export const trainingProviderOf = (p: Partnership): string => TRAINING_PROVIDERS.get(p.tenantId) ?? '';

/**
 * What workforce training adds to each test partnership: a training provider organisation and a
 * member of its staff (`members.trainer`).
 */
export async function workforcePartnership(world: ApiWorld, p: Partnership, label: string): Promise<void> {
  const org = await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, {
    kind: 'training_provider',
    name: `${label} trainers`,
  });
  TRAINING_PROVIDERS.set(p.tenantId, org.id);
  p.members.trainer = await world.member(p.tenantId, org.id, 'training_provider_staff', `${label}-trainer`);
}

/** The API with workforce training's routes, for this module's suites. */
export const startWorkforceApiWorld = (
  options: Omit<Parameters<typeof ApiWorld.start>[0] & object, 'modules' | 'partnershipExtras'> = {},
) => ApiWorld.start({ ...options, modules: [WorkforceApiModule], partnershipExtras: [workforcePartnership] });

export interface WorkforceRecords {
  programmeId: string;
  cohortId: string;
  participantId: string;
  enrolmentId: string;
  /** A queued upload of the cohort (its job not run). */
  uploadId: string;
}

/**
 * One of each of a partnership's workforce records, through the API: an NPQ for SENCOs cohort at
 * its training provider with places for LA one, a participant employed by LA one, and their
 * enrolment (for the whole-product suites' fixtures).
 */
export async function workforceRecords(world: ApiWorld, p: Partnership): Promise<WorkforceRecords> {
  const as = (who: string) => ({
    get: (path: string) => world.http.get(path).set('Authorization', `Bearer ${p.members[who].token}`),
    send: (method: 'post' | 'put', path: string, body: object) =>
      world.http[method](path).set('Authorization', `Bearer ${p.members[who].token}`).send(body),
  });
  const ok = <T extends { status: number; body: { id?: string } }>(r: T, status: number): T => {
    if (r.status !== status) throw new Error(`workforce fixture: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  const programmes = ok(await as('workforce').get('/api/v1/workforce/programmes'), 200).body.items as {
    id: string;
    code: string;
  }[];
  const programmeId = programmes.find((x) => x.code === 'npq_senco')!.id;
  const cohort = ok(
    await as('workforce').send('post', '/api/v1/workforce/cohorts', {
      programmeId,
      providerId: trainingProviderOf(p),
      name: 'Fixture cohort',
      intakeYear: 2026,
      intakeTerm: 'autumn',
      startsOn: '2026-10-05',
      endsOn: '2028-06-30',
      fundedPlaces: 4,
    }),
    201,
  );
  ok(
    await as('workforce').send('put', `/api/v1/workforce/cohorts/${cohort.body.id}/allocations/${p.las[0]}`, {
      places: 2,
    }),
    200,
  );
  const participant = ok(
    await as('trainer').send('post', '/api/v1/workforce/participants', {
      laId: p.las[0],
      fullName: 'Fixture Participant',
      workEmail: `fixture.${p.tenantId.slice(0, 8)}@school.example`,
      role: 'senco',
    }),
    201,
  );
  const enrolment = ok(
    await as('trainer').send('post', `/api/v1/workforce/cohorts/${cohort.body.id}/enrolments`, {
      participantId: participant.body.id,
    }),
    201,
  );
  const upload = ok(
    await world.http
      .post(`/api/v1/workforce/cohorts/${cohort.body.id}/uploads`)
      .set('Authorization', `Bearer ${p.members['trainer'].token}`)
      .attach(
        'file',
        Buffer.from(
          `full_name,work_email,employing_la,role,status\r\nFixture Upload,upload.${p.tenantId.slice(0, 8)}@school.example,352,senco,applied\r\n`,
        ),
        'fixture.csv',
      ),
    202,
  );
  return {
    programmeId,
    cohortId: cohort.body.id as string,
    participantId: participant.body.id as string,
    enrolmentId: enrolment.body.id as string,
    uploadId: (upload.body as { upload: { id: string } }).upload.id,
  };
}
