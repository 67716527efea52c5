import { Type } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { appCoreModules } from '@rep-hub/auth';
import { NIL_TENANT, NotifyEmailClient, UnitOfWork } from '@rep-hub/platform';
import { createTestApp, testConfig } from '@rep-hub/platform/testing';
import { TenancyService } from '@rep-hub/tenancy';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApiSurfaceModule } from '../api-surface.module';
import { OpenApiContract, OpenApiDocument } from './contract';

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export const PASSWORD = 'kettle orbit saffron 42';

let addressCounter = 1;
/** A fresh client address per sign-in, so the per-address limit never trips by accident. */
export const nextAddress = () => `198.51.100.${(addressCounter++ % 250) + 1}`;

export interface Member {
  userId: string;
  email: string;
  token: string;
  refreshToken: string;
  membershipId: string;
}

export interface Partnership {
  tenantId: string;
  slug: string;
  las: string[];
  schoolId: string;
  /** The AP provider organisation a module's partnership extra adds ('' when none does). */
  providerId: string;
  members: Record<string, Member>;
}

/**
 * What a domain module adds to every test partnership of its suites (its organisations and the
 * members who hold its roles), given the world, the partnership so far and its label.
 */
export type PartnershipExtra = (world: ApiWorld, p: Partnership, label: string) => Promise<void>;

/**
 * The API in process on this worker's database, with helpers that onboard partnerships through
 * the admin endpoints exactly as a platform admin would.
 */
export class ApiWorld {
  adminToken = '';
  private extras: PartnershipExtra[] = [];
  /** The served OpenAPI document, which every response through `http` is checked against. */
  contract: OpenApiContract | null = null;
  private constructor(readonly app: NestExpressApplication) {}

  /**
   * `mfa: false` switches TOTP off (MFA_REQUIRED=false) for suites about other things; mfa.spec.ts
   * tests it on. `env` adds configuration variables; `notifyClient` stands in for GOV.UK Notify;
   * `modules` are the domain modules' API modules to serve beside the core routes (a module's
   * suites list their own; the whole-product suites in test/e2e list every one), and
   * `partnershipExtras` what those modules add to each test partnership.
   */
  static async start(
    options: {
      mfa?: boolean;
      env?: Record<string, string>;
      notifyClient?: NotifyEmailClient;
      modules?: Type<unknown>[];
      partnershipExtras?: PartnershipExtra[];
    } = {},
  ): Promise<ApiWorld> {
    const config = await testConfig({ ...(options.mfa ? {} : { MFA_REQUIRED: 'false' }), ...options.env });
    const app = await createTestApp(
      (cfg) => [
        ...appCoreModules(cfg, 'test', { jobs: 'producer', notifyClient: options.notifyClient }),
        ApiSurfaceModule,
        ...(options.modules ?? []),
      ],
      config,
    );
    const world = new ApiWorld(app);
    world.extras = options.partnershipExtras ?? [];
    world.contract = new OpenApiContract(
      (await request(app.getHttpServer()).get('/api/docs-json')).body as OpenApiDocument,
    );
    const email = `admin.${randomUUID().slice(0, 8)}@platform.example`;
    await app.get(TenancyService).ensurePlatformAdmin(email, PASSWORD);
    world.adminToken = (await world.signIn(email, PASSWORD)).accessToken;
    return world;
  }

  /**
   * supertest on the app. Every response is checked against the served OpenAPI document (status
   * declared, JSON body matching its schema); `close()` fails the suite with what did not match.
   */
  get http() {
    const agent = request(this.app.getHttpServer());
    const contract = this.contract;
    if (!contract) return agent;
    return new Proxy(agent, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof key !== 'string' || !HTTP_METHODS.has(key) || typeof value !== 'function') return value;
        return (url: string) => {
          const test = (value as (url: string) => request.Test).call(target, url);
          test.on('response', (res: request.Response) =>
            contract.check(key, url, {
              status: res.status,
              headers: res.headers as Record<string, string>,
              body: res.body,
            }),
          );
          return test;
        };
      },
    });
  }

  /**
   * Closes the app. This producer app runs no jobs, so it first forgets the platform jobs its
   * requests left pending (invite and reset emails): the next suite on this worker's database,
   * which may run jobs, starts with none.
   */
  async close(): Promise<void> {
    const drift = [...(this.contract?.problems ?? [])];
    try {
      await this.app
        .get(UnitOfWork)
        .forPlatform(null, (m) =>
          m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [NIL_TENANT]),
        );
    } finally {
      await this.app.close();
    }
    if (drift.length)
      throw new Error(`Responses that do not match the OpenAPI document (/api/docs-json):\n${drift.join('\n')}`);
  }

  async signIn(email: string, password = PASSWORD, extra: Record<string, unknown> = {}) {
    const res = await this.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', nextAddress())
      .send({ email, password, ...extra });
    if (res.status !== 200) throw new Error(`sign-in of ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as {
      accessToken: string;
      refreshToken: string;
      tenantId: string | null;
      tenants: { id: string }[];
    };
  }

  admin(method: 'get' | 'post' | 'delete', path: string, body?: object) {
    const r = this.http[method](path).set('Authorization', `Bearer ${this.adminToken}`);
    return body ? r.send(body) : r;
  }

  async created(method: 'post', path: string, body: object): Promise<{ id: string; [k: string]: unknown }> {
    const res = await this.admin(method, path, body);
    if (res.status !== 201) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** Creates a user, accepts the invite with PASSWORD and gives them a role; returns their sign-in. */
  async member(tenantId: string, organisationId: string, role: string, label: string): Promise<Member> {
    const email = `${label}.${randomUUID().slice(0, 8)}@council.example`;
    const user = await this.created('post', '/api/v1/admin/users', { email, displayName: `${label} test user` });
    const accept = await this.http
      .post('/api/v1/auth/invites/accept')
      .send({ token: (user['invite'] as { token: string }).token, password: PASSWORD });
    if (accept.status !== 200) throw new Error(`accept answered ${accept.status}: ${JSON.stringify(accept.body)}`);
    const membership = await this.created('post', `/api/v1/admin/tenants/${tenantId}/memberships`, {
      userId: user.id,
      organisationId,
      role,
    });
    const tokens = await this.signIn(email, PASSWORD, { tenantId });
    return {
      userId: user.id,
      email,
      token: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      membershipId: membership.id,
    };
  }

  /**
   * A National Board member (platform role national_board, in no partnership), signed in: their
   * token. Made directly through the tenancy service, as the platform admin's own account is.
   */
  async ensureBoardMember(label = 'board'): Promise<{ userId: string; email: string; token: string }> {
    const email = `${label}.${randomUUID().slice(0, 8)}@board.example`;
    const user = await this.app.get(TenancyService).createUser({
      email,
      password: PASSWORD,
      displayName: `${label} board member`,
      platformRole: 'national_board',
      status: 'active',
    });
    return { userId: user.id, email, token: (await this.signIn(email)).accessToken };
  }

  /**
   * A data-sharing agreement between the partnership's two LAs granting `grants`, proposed by the
   * lead and confirmed by each LA's officer (so in force from `startsOn`); returns its id.
   */
  async agreementInForce(
    p: Partnership,
    grants: ('partnership_view' | 'named_pupils')[],
    startsOn = '2026-01-01',
  ): Promise<string> {
    const as = (who: string) => (path: string, body: object) =>
      this.http.post(path).set('Authorization', `Bearer ${p.members[who].token}`).send(body);
    const made = await as('lead')('/api/v1/data-sharing-agreements', {
      title: `Agreement ${randomUUID().slice(0, 8)}`,
      purpose: 'Tests',
      grants,
      startsOn,
      localAuthorityIds: p.las,
    });
    if (made.status !== 201) throw new Error(`propose answered ${made.status}: ${JSON.stringify(made.body)}`);
    for (const [i, who] of ['la1', 'la2'].entries()) {
      const r = await as(who)(`/api/v1/data-sharing-agreements/${made.body.id}/confirmations`, { version: i + 1 });
      if (r.status !== 200) throw new Error(`confirm answered ${r.status}: ${JSON.stringify(r.body)}`);
    }
    return made.body.id as string;
  }

  /** A partnership with two LAs, a school, a training provider and a user of every core tenant role, and what the modules' extras add. */
  async partnership(label: string, laNumbers: [string, string]): Promise<Partnership> {
    const slug = `${label}-${randomUUID().slice(0, 8)}`;
    const tenant = await this.created('post', '/api/v1/admin/tenants', { slug, name: `${label} partnership` });
    const base = `/api/v1/admin/tenants/${tenant.id}/organisations`;
    const la1 = await this.created('post', base, {
      kind: 'local_authority',
      name: `${label} LA one`,
      laNumber: laNumbers[0],
      isLead: true,
    });
    const la2 = await this.created('post', base, {
      kind: 'local_authority',
      name: `${label} LA two`,
      laNumber: laNumbers[1],
    });
    const school = await this.created('post', base, {
      kind: 'school',
      name: `${label} school`,
      urn: String(900000 + Math.floor(Math.random() * 99999)),
      localAuthorityId: la2.id,
    });
    const training = await this.created('post', base, { kind: 'training_provider', name: `${label} training` });
    const members: Record<string, Member> = {
      lead: await this.member(tenant.id, la1.id, 'partnership_lead', `${label}-lead`),
      la1: await this.member(tenant.id, la1.id, 'la_officer', `${label}-la1`),
      la2: await this.member(tenant.id, la2.id, 'la_officer', `${label}-la2`),
      school: await this.member(tenant.id, school.id, 'setting_staff', `${label}-school`),
      workforce: await this.member(tenant.id, training.id, 'workforce_lead', `${label}-workforce`),
      dpo: await this.member(tenant.id, la1.id, 'data_protection_officer', `${label}-dpo`),
    };
    const p: Partnership = {
      tenantId: tenant.id,
      slug,
      las: [la1.id, la2.id],
      schoolId: school.id,
      providerId: '',
      members,
    };
    for (const extra of this.extras) await extra(this, p, label);
    return p;
  }
}
