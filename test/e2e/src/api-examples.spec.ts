import { ApiWorld, nextAddress, Partnership } from '@rep-hub/api-surface/testing';
import { insertBarePlan } from '@rep-hub/plans-api/testing';
import { totpCode } from '@rep-hub/auth';
import { workerDatabase } from '@rep-hub/platform/testing';
import { DEMO_PASSWORD, DemoSeeder } from '@rep-hub/tenancy';
import { insertPlan } from '@rep-hub/plans-domain/testing';
import { UnitOfWork } from '@rep-hub/platform';
import { PRODUCT_API_MODULES } from './product';

type Body = Record<string, unknown>;
type Schema = { $ref?: string; properties?: Record<string, { example?: unknown }> };
interface Media {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Doc {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, Media> } }>>;
  components: { schemas: Record<string, Schema> };
}

/**
 * What an integrator does with the document: sign in to the demo (`npm start`'s data, with TOTP
 * as the demo has it) and send every request example as written. Only what cannot be written in
 * a document is filled in: the path's ids and the body fields that name a live record or carry a
 * token (listed per operation below). Any refusal fails. A new operation with a request body must
 * be added to SENDS, or the first test fails.
 */
describe('every request example of the OpenAPI document, sent as written on the demo data', () => {
  let world: ApiWorld;
  let doc: Doc;
  const tokens: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const state: Record<string, string> = {};

  beforeAll(async () => {
    // a database of its own: the examples add LAs and plans to the demo partnerships, which the
    // suites that check the demo seed (on this worker's shared database) must not meet
    const db = await workerDatabase('examples');
    world = await ApiWorld.start({
      modules: PRODUCT_API_MODULES,
      mfa: true,
      // the board role follows the app role's database (testConfig), for the National Board's operations
      env: { APP_DATABASE_URL: db.appUrl },
    });
    await world.app.get(DemoSeeder).seed();
    doc = (await world.http.get('/api/docs-json')).body as Doc;
  });
  afterAll(() => world?.close());

  /** The example an integrator sends: the body's own example, else every field's example together. */
  function example(method: string, path: string): Body {
    const media = doc.paths[path][method].requestBody!.content!['application/json'];
    if (media.examples) return structuredClone(Object.values(media.examples)[0].value as Body);
    if (media.example) return structuredClone(media.example as Body);
    const schema = media.schema!.$ref ? doc.components.schemas[media.schema!.$ref.split('/').pop()!] : media.schema!;
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, p]) => [k, structuredClone(p.example)]));
  }

  /** A demo user's bearer token, through TOTP set-up or a code as the demo asks. */
  async function as(local: string): Promise<string> {
    if (tokens[local]) return tokens[local];
    const login = await world.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', nextAddress())
      .send({ email: `${local}@demo.rephub.example`, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    let body = login.body as { accessToken?: string; mfaToken?: string; mfaEnrolled?: boolean };
    if (body.mfaToken) {
      if (!body.mfaEnrolled)
        secrets[local] = (
          await world.http.post('/api/v1/auth/mfa/setup').send({ mfaToken: body.mfaToken })
        ).body.secret;
      const verify = await world.http
        .post('/api/v1/auth/mfa/verify')
        .send({ mfaToken: body.mfaToken, code: totpCode(secrets[local], Date.now()) });
      expect(verify.status).toBe(200);
      body = verify.body;
    }
    return (tokens[local] = body.accessToken!);
  }
  const get = async (who: string, url: string) => {
    const r = await world.http.get(url).set('Authorization', `Bearer ${await as(who)}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const post = async (who: string, url: string, body: Body) => {
    const r = await world.http
      .post(url)
      .set('Authorization', `Bearer ${await as(who)}`)
      .send(body);
    if (r.status >= 300) throw new Error(`${url} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  interface Send {
    /** the demo user (the part of the email before @), or null for a public operation */
    who: string | null;
    params?: Record<string, string>;
    /** body fields that name a live record or carry a token */
    live?: Body;
    /** keeps what the answer gives for later operations */
    after?: (answer: Body) => void;
  }

  /** In order: each operation after the ones whose records it needs. */
  const SENDS: [string, () => Promise<Send>][] = [
    ['post /api/v1/reference/upn-checks', async () => ({ who: null })],
    ['post /api/v1/auth/login', async () => ({ who: null })],
    [
      'post /api/v1/auth/mfa/setup',
      async () => {
        const login = await world.http
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', nextAddress())
          .send({ email: 'se.la1@demo.rephub.example', password: DEMO_PASSWORD });
        state['mfaToken'] = login.body.mfaToken;
        return {
          who: null,
          live: { mfaToken: login.body.mfaToken },
          after: (a) => void (secrets['se.la1'] = a['secret'] as string),
        };
      },
    ],
    [
      'post /api/v1/auth/mfa/verify',
      async () => ({ who: null, live: { mfaToken: state['mfaToken'], code: totpCode(secrets['se.la1'], Date.now()) } }),
    ],
    [
      'post /api/v1/auth/refresh',
      async () => {
        const login = await world.http
          .post('/api/v1/auth/login')
          .set('X-Forwarded-For', nextAddress())
          .send({ email: 'nw.workforce@demo.rephub.example', password: DEMO_PASSWORD });
        return { who: null, live: { refreshToken: login.body.refreshToken } };
      },
    ],
    [
      'post /api/v1/auth/switch-tenant',
      async () => ({ who: 'nw.workforce', live: { tenantId: (await get('nw.lead', '/api/v1/auth/me')).tenant.id } }),
    ],
    ['post /api/v1/auth/password-resets', async () => ({ who: null })],
    [
      'post /api/v1/admin/tenants',
      async () => ({ who: 'admin', after: (a) => void (state['tenantId'] = a['id'] as string) }),
    ],
    [
      'post /api/v1/admin/tenants/{tenantId}/organisations',
      async () => ({
        who: 'admin',
        params: { tenantId: state['tenantId'] },
        after: (a) => void (state['organisationId'] = a['id'] as string),
      }),
    ],
    [
      'patch /api/v1/admin/tenants/{tenantId}/organisations/{organisationId}',
      async () => ({ who: 'admin', params: { tenantId: state['tenantId'], organisationId: state['organisationId'] } }),
    ],
    [
      'post /api/v1/admin/users',
      async () => ({
        who: 'admin',
        after: (a) =>
          void ((state['userId'] = a['id'] as string), (state['invite'] = (a['invite'] as Body)['token'] as string)),
      }),
    ],
    ['post /api/v1/auth/invites/accept', async () => ({ who: null, live: { token: state['invite'] } })],
    [
      'post /api/v1/auth/password-resets/complete',
      async () => ({
        who: null,
        live: {
          token: (
            (await post('admin', `/api/v1/admin/users/${state['userId']}/password-reset`, {})) as { token: string }
          ).token,
        },
      }),
    ],
    [
      'post /api/v1/admin/tenants/{tenantId}/memberships',
      async () => ({
        who: 'admin',
        params: { tenantId: state['tenantId'] },
        live: { userId: state['userId'], organisationId: state['organisationId'] },
      }),
    ],
    [
      'post /api/v1/admin/tenants/{tenantId}/people',
      async () => ({
        who: 'admin',
        params: { tenantId: state['tenantId'] },
        live: { organisationId: state['organisationId'] },
        after: (a) => void (state['adminPersonId'] = a['id'] as string),
      }),
    ],
    [
      'patch /api/v1/admin/tenants/{tenantId}/memberships/{membershipId}',
      async () => ({ who: 'admin', params: { tenantId: state['tenantId'], membershipId: state['adminPersonId'] } }),
    ],
    ['post /api/v1/admin/queue-probes', async () => ({ who: 'admin' })],
    [
      'post /api/v1/people',
      async () => ({
        who: 'nw.lead',
        live: { organisationId: (await get('nw.lead', '/api/v1/organisations?kind=training_provider')).items[0].id },
        after: (a) => void (state['personId'] = a['id'] as string),
      }),
    ],
    [
      'patch /api/v1/people/{membershipId}',
      async () => ({ who: 'nw.lead', params: { membershipId: state['personId'] } }),
    ],
    [
      'post /api/v1/people/{membershipId}/end',
      async () => ({ who: 'nw.lead', params: { membershipId: state['personId'] } }),
    ],
    [
      'post /api/v1/data-sharing-agreements',
      async () => ({
        who: 'nw.lead',
        live: {
          localAuthorityIds: (await get('nw.lead', '/api/v1/organisations?kind=local_authority')).items.map(
            (o: { id: string }) => o.id,
          ),
        },
        after: (a) => void (state['agreementId'] = a['id'] as string),
      }),
    ],
    [
      'post /api/v1/data-sharing-agreements/{id}/confirmations',
      async () => ({
        who: 'nw.la1',
        params: { id: state['agreementId'] },
        live: {
          version: 1,
          localAuthorityId: (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId,
        },
      }),
    ],
    [
      'post /api/v1/data-sharing-agreements/{id}/end',
      async () => ({ who: 'nw.la1', params: { id: state['agreementId'] }, live: { version: 2 } }),
    ],
    [
      'post /api/v1/ap/providers',
      async () => ({ who: 'nw.la1', after: (a) => void (state['providerId'] = a['id'] as string) }),
    ],
    [
      'post /api/v1/ap/providers/{id}/quality-checks',
      async () => ({ who: 'nw.la1', params: { id: state['providerId'] } }),
    ],
    [
      'put /api/v1/ap/providers/{id}/places',
      async () => ({
        who: 'nw.la1',
        params: { id: state['providerId'] },
        live: { laId: (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId },
      }),
    ],
    [
      // a plan of the LA (the demo's, or one written here when this build seeds none), and the row's version if it has one
      'put /api/v1/plans/{planId}/sufficiency',
      async () => {
        const me = await get('nw.la1', '/api/v1/auth/me');
        const laId = me.roles[0].organisationId as string;
        const tenantId = me.tenant.id as string;
        const uow = world.app.get(UnitOfWork);
        const found = (await uow.forTenant({ tenantId }, (m) =>
          m.query(`SELECT plan_id FROM inclusion_plan_las WHERE tenant_id = $1 AND la_id = $2`, [tenantId, laId]),
        )) as { plan_id: string }[];
        const planId =
          found[0]?.plan_id ??
          (
            await insertPlan(world.app, tenantId, {
              title: 'Examples plan',
              las: [laId],
              versions: [{ status: 'draft' }],
            })
          ).planId;
        const sent = example('put', '/api/v1/plans/{planId}/sufficiency');
        const rows = (await get('nw.la1', `/api/v1/plans/${planId}/sufficiency`)).items as Body[];
        const row = rows.find(
          (r) =>
            r['laId'] === laId && r['placeType'] === sent['placeType'] && r['academicYear'] === sent['academicYear'],
        );
        return { who: 'nw.la1', params: { planId }, live: { laId, ...(row ? { version: row['version'] } : {}) } };
      },
    ],
    [
      'post /api/v1/ap/pupils',
      async () => ({ who: 'nw.la1', live: { laId: (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId } }),
    ],
    [
      'patch /api/v1/ap/pupils/{id}',
      async () => {
        // a pupil of the officer's own LA, at its version now
        const laId = (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId;
        const pupil = ((await get('nw.la1', '/api/v1/ap/pupils?limit=100')).items as Body[]).find(
          (x) => x['laId'] === laId,
        )!;
        return { who: 'nw.la1', params: { id: pupil['id'] as string }, live: { version: pupil['version'] } };
      },
    ],
    [
      'post /api/v1/ap/pupil-matches/{id}/resolve',
      async () => ({ who: 'nw.la1', params: { id: (await get('nw.la1', '/api/v1/ap/pupil-matches')).items[0].id } }),
    ],
    [
      'post /api/v1/ap/cases',
      async () => {
        // a pupil of the school's own with no case yet
        const pupil = await post('nw.school', '/api/v1/ap/pupils', {
          upnUnknownReason: 'UN2',
          givenName: 'Robin',
          familyName: 'Example',
          dateOfBirth: '2013-05-01',
        });
        return {
          who: 'nw.school',
          live: { pupilId: pupil['id'] },
          after: (a) => void (state['caseId'] = a['id'] as string),
        };
      },
    ],
    ['post /api/v1/ap/cases/{id}/transitions', async () => ({ who: 'nw.la1', params: { id: state['caseId'] } })],
    [
      'put /api/v1/ap/la-settings/{laId}',
      async () => ({
        who: 'nw.la1',
        params: { laId: (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId },
      }),
    ],
    [
      'put /api/v1/ap/placements/{placementId}/attendance',
      async () => {
        const active = (await get('nw.provider', '/api/v1/ap/cases?status=placement_active')).items[0];
        state['activeCase'] = active.id;
        return {
          who: 'nw.provider',
          params: { placementId: (await get('nw.provider', `/api/v1/ap/cases/${active.id}`)).placement.id },
        };
      },
    ],
    [
      'post /api/v1/ap/cases/{id}/reviews',
      async () => ({
        who: 'nw.la1',
        params: { id: state['activeCase'] },
        after: (a) => void (state['review'] = a['id'] as string),
      }),
    ],
    ['post /api/v1/ap/reviews/{id}/record', async () => ({ who: 'nw.la1', params: { id: state['review'] } })],
    [
      'post /api/v1/ap/reviews/{id}/cancel',
      async () => ({
        who: 'nw.la1',
        params: {
          id: (
            (await post('nw.la1', `/api/v1/ap/cases/${state['activeCase']}/reviews`, {
              dueOn: example('post', '/api/v1/ap/reviews/{id}/record')['heldOn'] as string,
            })) as { id: string }
          ).id,
        },
      }),
    ],
    [
      'put /api/v1/ap/reviews/{id}',
      async () => ({
        who: 'nw.la1',
        params: {
          id: (
            (await post(
              'nw.la1',
              `/api/v1/ap/cases/${state['activeCase']}/reviews`,
              example('post', '/api/v1/ap/cases/{id}/reviews'),
            )) as { id: string }
          ).id,
        },
      }),
    ],
    [
      'post /api/v1/ap/follow-ups/{id}/record',
      async () => {
        const ended = (await get('nw.la1', '/api/v1/ap/cases?status=ended')).items[0];
        const open = (await get('nw.la1', `/api/v1/ap/cases/${ended.id}/follow-ups`)).items.find(
          (f: { outcome: string | null }) => f.outcome === null,
        );
        return { who: 'nw.la1', params: { id: open.id } };
      },
    ],
    [
      'post /api/v1/ap/alerts/{id}/close',
      async () => ({ who: 'nw.la1', params: { id: (await get('nw.la1', '/api/v1/ap/alerts')).items[0].id } }),
    ],
    [
      'put /api/v1/ap/retention-rules/{laId}/{recordType}',
      async () => ({
        who: 'nw.la1',
        params: { laId: (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId, recordType: 'attendance' },
      }),
    ],
    [
      'post /api/v1/plans',
      async () => {
        // both demo LAs have a plan (an LA is in one at most): a third LA of the demo partnership
        const la = await post(
          'admin',
          `/api/v1/admin/tenants/${(await get('nw.lead', '/api/v1/auth/me')).tenant.id}/organisations`,
          {
            kind: 'local_authority',
            name: 'Wigan (examples)',
            laNumber: '359',
          },
        );
        return {
          who: 'nw.lead',
          live: { laIds: [la['id']] },
          after: (a) =>
            void (
              (state['planId'] = a['id'] as string),
              (state['planVersionId'] = (a['versions'] as Body[])[0]['id'] as string)
            ),
        };
      },
    ],
    [
      'put /api/v1/plans/{planId}/versions/{versionId}/sections/{sectionId}',
      async () => ({
        who: 'nw.lead',
        params: {
          planId: state['planId'],
          versionId: state['planVersionId'],
          sectionId: (await get('nw.lead', `/api/v1/plans/${state['planId']}/versions/${state['planVersionId']}`))
            .sections[0].id,
        },
      }),
    ],
    [
      'post /api/v1/plans/{planId}/versions/{versionId}/transitions',
      async () => ({ who: 'nw.lead', params: { planId: state['planId'], versionId: state['planVersionId'] } }),
    ],
    [
      'post /api/v1/plans/{planId}/versions/{versionId}/sign-offs',
      async () => {
        // the demo plan in co-production (not the one made above): the ICB's member records its decision
        const plan = (await get('nw.icb', '/api/v1/plans')).items.find(
          (x: { id: string; latestVersion: { status: string } }) =>
            x.latestVersion.status === 'co_production' && x.id !== state['planId'],
        );
        const version = await get('nw.icb', `/api/v1/plans/${plan.id}/versions/${plan.latestVersion.id}`);
        return {
          who: 'nw.icb',
          params: { planId: plan.id, versionId: version.id },
          live: { memberId: version.signOffs.find((d: { kind: string }) => d.kind === 'icb').memberId },
        };
      },
    ],
    [
      'post /api/v1/plans/{planId}/versions',
      async () => ({
        who: 'nw.la1',
        params: {
          planId: (await get('nw.la1', '/api/v1/plans')).items.find(
            (x: { latestVersion: { status: string } }) => x.latestVersion.status === 'published',
          ).id,
        },
      }),
    ],
    // local partnerships and plan actions (issue 21): an LA of the demo partnership set up here, so that it has none yet
    [
      'post /api/v1/local-partnerships',
      async () => {
        const tenantId = (await get('nw.lead', '/api/v1/auth/me')).tenant.id as string;
        state['nwTenant'] = tenantId;
        const la = await world.created('post', `/api/v1/admin/tenants/${tenantId}/organisations`, {
          kind: 'local_authority',
          name: 'Examples LA',
          laNumber: '908',
        });
        state['lpLa'] = la.id;
        return { who: 'nw.lead', live: { laId: la.id }, after: (a) => void (state['lp'] = a['id'] as string) };
      },
    ],
    ['put /api/v1/local-partnerships/{id}', async () => ({ who: 'nw.lead', params: { id: state['lp'] } })],
    [
      'post /api/v1/national/board-packs',
      async () => {
        // a period the demo has published (last term's sent returns): it moves with the calendar
        const [{ period }] = await world.app
          .get(UnitOfWork)
          .forBoard((m) =>
            m.query(`SELECT period_code AS period FROM national.releases ORDER BY period_from DESC LIMIT 1`),
          );
        return { who: 'board', live: { period } };
      },
    ],
    [
      'post /api/v1/local-partnerships/{id}/members',
      async () => ({
        who: 'nw.lead',
        params: { id: state['lp'] },
        after: (a) => void (state['member'] = a['id'] as string),
      }),
    ],
    [
      'put /api/v1/local-partnerships/{id}/members/{memberId}',
      async () => ({ who: 'nw.lead', params: { id: state['lp'], memberId: state['member'] } }),
    ],
    [
      'post /api/v1/local-partnerships/{id}/members/{memberId}/representatives',
      async () => ({
        who: 'nw.lead',
        params: { id: state['lp'], memberId: state['member'] },
        after: (a) => void (state['rep'] = a['id'] as string),
      }),
    ],
    [
      'put /api/v1/local-partnerships/{id}/representatives/{representativeId}',
      async () => ({ who: 'nw.lead', params: { id: state['lp'], representativeId: state['rep'] } }),
    ],
    [
      'post /api/v1/local-partnerships/{id}/meetings',
      async () => ({
        who: 'nw.lead',
        params: { id: state['lp'] },
        after: (a) => void (state['meeting'] = a['id'] as string),
      }),
    ],
    [
      'put /api/v1/local-partnerships/{id}/meetings/{meetingId}/attendance',
      async () => ({
        who: 'nw.lead',
        params: { id: state['lp'], meetingId: state['meeting'] },
        live: { entries: [{ representativeId: state['rep'], attendance: 'attended' }] },
      }),
    ],
    [
      'post /api/v1/local-partnerships/{id}/meetings/{meetingId}/papers',
      async () => ({ who: 'nw.lead', params: { id: state['lp'], meetingId: state['meeting'] } }),
    ],
    [
      'post /api/v1/local-partnerships/{id}/meetings/{meetingId}/decisions',
      async () => ({ who: 'nw.lead', params: { id: state['lp'], meetingId: state['meeting'] } }),
    ],
    [
      'put /api/v1/local-partnerships/{id}/meetings/{meetingId}',
      async () => ({
        who: 'nw.lead',
        params: { id: state['lp'], meetingId: state['meeting'] },
        live: {
          version: (await get('nw.lead', `/api/v1/local-partnerships/${state['lp']}/meetings/${state['meeting']}`))
            .version,
        },
      }),
    ],
    [
      'post /api/v1/plan-actions',
      async () => {
        const planId = await insertBarePlan(world, { tenantId: state['nwTenant'] } as Partnership, [state['lpLa']]);
        return {
          who: 'nw.lead',
          live: {
            planId,
            ownerOrganisationId: (await get('nw.school', '/api/v1/auth/me')).roles[0].organisationId,
          },
          after: (a) => void (state['action'] = a['id'] as string),
        };
      },
    ],
    ['put /api/v1/plan-actions/{id}', async () => ({ who: 'nw.school', params: { id: state['action'] } })],
    // evaluation's reform register (a reform the demo has not recorded in LA one: version 0) and test and learn
    [
      'put /api/v1/evaluation/reforms/{reformCode}/las/{laId}',
      async () => ({
        who: 'nw.la1',
        params: {
          reformCode: 'tailored_lists',
          laId: (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId,
        },
      }),
    ],
    [
      'post /api/v1/evaluation/tests',
      async () => ({
        who: 'nw.lead',
        live: { laIds: [(await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId] },
        after: (a) => void (state['evaluationTest'] = a['id'] as string),
      }),
    ],
    ['put /api/v1/evaluation/tests/{id}', async () => ({ who: 'nw.lead', params: { id: state['evaluationTest'] } })],
    [
      'post /api/v1/evaluation/tests/{id}/results',
      async () => ({ who: 'nw.la1', params: { id: state['evaluationTest'] } }),
    ],
    [
      'post /api/v1/evaluation/submitted-values',
      async () => {
        const laId = (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId as string;
        const sent = example('post', '/api/v1/evaluation/submitted-values');
        const rows = (await get('nw.la1', `/api/v1/evaluation/submitted-values?laId=${laId}&period=${sent['period']}`))
          .items as Body[];
        const row = rows.find((r) => r['code'] === sent['indicatorCode']);
        return {
          who: 'nw.la1',
          live: { laId, version: row ? row['version'] : undefined },
          after: (a) => void (state['figure'] = a['id'] as string),
        };
      },
    ],
    [
      'put /api/v1/evaluation/submitted-values/{id}',
      async () => ({
        who: 'nw.la1',
        params: { id: state['figure'] },
        live: {
          version: (
            await get(
              'nw.la1',
              `/api/v1/evaluation/submitted-values?laId=${(await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId}&period=${example('post', '/api/v1/evaluation/submitted-values')['period']}`,
            )
          ).items.find((i: Body) => i['id'] === state['figure']).version,
        },
      }),
    ],
    // evidence returns (issue 22): a new return for a term the demo has none of; the demo's return
    // in progress (assembled, one LA signed off) taken through the rest; last term's sent one corrected
    [
      'post /api/v1/evaluation/returns',
      async () => ({ who: 'nw.lead', after: (a) => void (state['newReturn'] = a['id'] as string) }),
    ],
    [
      'post /api/v1/evaluation/returns/{returnId}/assemble',
      async () => ({
        who: 'nw.lead',
        params: { returnId: state['newReturn'] },
        live: { version: (await get('nw.lead', `/api/v1/evaluation/returns/${state['newReturn']}`)).version },
      }),
    ],
    [
      'put /api/v1/evaluation/returns/{returnId}/narrative',
      async () => {
        const open = (await get('nw.lead', '/api/v1/evaluation/returns')).items.find(
          (x: { status: string; id: string }) => x.status === 'draft' && x.id !== state['newReturn'],
        );
        state['openReturn'] = open.id;
        return { who: 'nw.lead', params: { returnId: open.id }, live: { version: open.version } };
      },
    ],
    [
      'put /api/v1/evaluation/returns/{returnId}/ratings',
      async () => ({
        who: 'nw.lead',
        params: { returnId: state['openReturn'] },
        live: { version: (await get('nw.lead', `/api/v1/evaluation/returns/${state['openReturn']}`)).version },
      }),
    ],
    [
      'post /api/v1/evaluation/returns/{returnId}/la-sign-offs',
      async () => {
        const r = await get('nw.lead', `/api/v1/evaluation/returns/${state['openReturn']}`);
        const la = r.las.find((x: { signOff: unknown }) => !x.signOff).id as string;
        const who = (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId === la ? 'nw.la1' : 'nw.la2';
        return { who, params: { returnId: state['openReturn'] }, live: { laId: la, version: r.version } };
      },
    ],
    [
      'post /api/v1/evaluation/returns/{returnId}/lead-sign-off',
      async () => {
        // every indicator rated first (the example rates one)
        const url = `/api/v1/evaluation/returns/${state['openReturn']}`;
        const r = await get('nw.lead', url);
        const rated = await world.http
          .put(`${url}/ratings`)
          .set('Authorization', `Bearer ${await as('nw.lead')}`)
          .send({
            ratings: r.indicators.map((i: { code: string }) => ({ indicatorCode: i.code, rag: 'green' })),
            version: r.version,
          });
        expect(rated.status).toBe(200);
        return { who: 'nw.lead', params: { returnId: state['openReturn'] }, live: { version: rated.body.version } };
      },
    ],
    [
      'post /api/v1/evaluation/returns/{returnId}/send',
      async () => ({
        who: 'nw.lead',
        params: { returnId: state['openReturn'] },
        live: { version: (await get('nw.lead', `/api/v1/evaluation/returns/${state['openReturn']}`)).version },
      }),
    ],
    [
      'post /api/v1/evaluation/returns/{returnId}/corrections',
      async () => {
        const sent = (await get('nw.lead', '/api/v1/evaluation/returns')).items.find(
          (x: { status: string; id: string }) => x.status === 'sent' && x.id !== state['openReturn'],
        );
        return { who: 'nw.lead', params: { returnId: sent.id }, live: { version: sent.version } };
      },
    ],
    // the National Board's decisions log: a meeting, an action for North West (its release is published above), its change
    [
      'post /api/v1/national/meetings',
      async () => ({ who: 'board', after: (a) => void (state['boardMeeting'] = a['id'] as string) }),
    ],
    [
      'post /api/v1/national/meetings/{id}/decisions',
      async () => ({
        who: 'board',
        params: { id: state['boardMeeting'] },
        live: { partnershipIds: [(await get('nw.lead', '/api/v1/auth/me')).tenant.id] },
        after: (a) => void (state['boardAction'] = a['id'] as string),
      }),
    ],
    ['patch /api/v1/national/decisions/{id}', async () => ({ who: 'board', params: { id: state['boardAction'] } })],
    // workforce training: the lead's local programme and a cohort with places for LA one, then the
    // training provider's participant, their enrolment, a move and a milestone
    [
      'post /api/v1/workforce/programmes',
      async () => {
        // the switch of partnership above spent the workforce lead's token: sign in afresh
        delete tokens['nw.workforce'];
        return { who: 'nw.workforce' };
      },
    ],
    [
      'post /api/v1/workforce/cohorts',
      async () => {
        const programmes = (await get('nw.workforce', '/api/v1/workforce/programmes')).items as Body[];
        return {
          who: 'nw.workforce',
          live: {
            programmeId: programmes.find((x) => x['code'] === 'npq_senco')!['id'],
            providerId: (await get('nw.trainer', '/api/v1/auth/me')).roles[0].organisationId,
          },
          after: (a) => void (state['cohort'] = a['id'] as string),
        };
      },
    ],
    [
      'put /api/v1/workforce/cohorts/{id}/allocations/{laId}',
      async () => ({
        who: 'nw.workforce',
        params: { id: state['cohort'], laId: (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId },
      }),
    ],
    [
      'post /api/v1/workforce/participants',
      async () => ({
        who: 'nw.trainer',
        live: { laId: (await get('nw.la1', '/api/v1/auth/me')).roles[0].organisationId },
        after: (a) => void (state['participant'] = a['id'] as string),
      }),
    ],
    [
      'post /api/v1/workforce/cohorts/{id}/enrolments',
      async () => ({
        who: 'nw.trainer',
        params: { id: state['cohort'] },
        live: { participantId: state['participant'] },
        after: (a) => void (state['enrolment'] = a['id'] as string),
      }),
    ],
    [
      'post /api/v1/workforce/enrolments/{id}/transitions',
      async () => ({ who: 'nw.trainer', params: { id: state['enrolment'] } }),
    ],
    [
      'post /api/v1/workforce/enrolments/{id}/milestones',
      async () => ({ who: 'nw.trainer', params: { id: state['enrolment'] } }),
    ],
  ];

  it('knows how to send every operation that takes a JSON body', () => {
    const withBody = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.requestBody?.content?.['application/json'])
        .map(([m]) => `${m} ${path}`),
    );
    expect(SENDS.map(([key]) => key).sort()).toEqual(withBody.sort());
  });

  it('accepts each example as written (ids and tokens of live records filled in)', async () => {
    const refused: string[] = [];
    for (const [key, prepare] of SENDS) {
      const [method, path] = key.split(' ');
      let send: Send;
      try {
        send = await prepare();
      } catch (e) {
        refused.push(`${key}: could not prepare: ${(e as Error).message}`);
        continue;
      }
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => send.params![name]);
      const body = { ...example(method, path), ...send.live };
      let req = world.http[method as 'post' | 'put' | 'patch'](url).set('X-Forwarded-For', nextAddress());
      if (send.who) req = req.set('Authorization', `Bearer ${await as(send.who)}`);
      const res = await req.send(body);
      if (res.status >= 400)
        refused.push(`${key} → ${res.status}: ${JSON.stringify(res.body)}\n  sent ${JSON.stringify(body)}`);
      else send.after?.(res.body);
    }
    expect(refused).toEqual([]);
  });

  it('answers open data’s reads signed out on the demo data, in the shape of their examples (the query’s as written, the release id live)', async () => {
    type Op = {
      parameters?: { in: string; name: string; schema?: { example?: unknown }; example?: unknown }[];
      responses: Record<string, { content?: Record<string, { example?: Body }> }>;
    };
    const op = (path: string) => (doc.paths[path] as unknown as Record<string, Op>)['get'];
    const list = op('/api/v1/public/open-data/releases');
    const query = Object.fromEntries(
      (list.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => [p.name, String(p.example ?? p.schema?.example)]),
    );
    expect(Object.keys(query).sort()).toEqual(['partnership', 'period']);
    const keys = (o: unknown) => Object.keys(o as Body).sort();
    const listed = await world.http.get('/api/v1/public/open-data/releases').query(query);
    expect(listed.status).toBe(200);
    const all = await world.http.get('/api/v1/public/open-data/releases');
    const example = list.responses['200'].content!['application/json'].example!;
    expect(keys(all.body)).toEqual(keys(example));
    const correction = (all.body.items as { id: string; version: number }[]).find((r) => r.version > 1)!;
    expect(keys(correction)).toEqual(keys((example['items'] as Body[])[0]));
    const one = op('/api/v1/public/open-data/releases/{releaseId}');
    const release = await world.http.get(`/api/v1/public/open-data/releases/${correction.id}`);
    expect(release.status).toBe(200);
    const releaseExample = one.responses['200'].content!['application/json'].example!;
    expect(keys(release.body)).toEqual(keys(releaseExample));
    expect(keys(release.body.changes)).toEqual(keys(releaseExample['changes']));
    expect(keys(release.body.figures[0])).toEqual(keys((releaseExample['figures'] as Body[])[0]));
    for (const file of Object.values(release.body.files as Record<string, string>))
      expect([file, (await world.http.get(file)).status]).toEqual([file, 200]);
  });

  it('answers the public dashboard’s path examples as written, signed out, on the demo data', async () => {
    type Op = { parameters?: { name: string; in: string; example?: unknown; schema?: { example?: unknown } }[] };
    const paths = doc.paths as unknown as Record<string, Record<string, Op>>;
    const answered: [string, number][] = [];
    for (const path of ['/api/v1/public/open-data/indicators', '/api/v1/public/open-data/indicators/{indicatorCode}']) {
      const params = paths[path]['get'].parameters ?? [];
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(
          String(
            [params.find((p) => p.in === 'path' && p.name === name)!].map((p) => p.example ?? p.schema?.example)[0],
          ),
        ),
      );
      answered.push([url, (await world.http.get(url).set('X-Forwarded-For', nextAddress())).status]);
    }
    expect(answered).toEqual([
      ['/api/v1/public/open-data/indicators', 200],
      ['/api/v1/public/open-data/indicators/evaluation.ehcp_20_weeks', 200],
    ]);
  });
});
