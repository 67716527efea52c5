import { Type } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { appCoreModules, OnboardingService, SingleUseLinks, TenantRoleCode } from '@rep-hub/auth';
import { configureHttpApp, UUID_SOURCE } from '@rep-hub/platform';
import { testConfig } from '@rep-hub/platform/testing';
import { TenancyService } from '@rep-hub/tenancy';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { configureWeb } from '../configure-web';
import { webErrorPages } from '../web-errors';
import { WebSurfaceModule } from '../web-surface.module';

/** The password of every user a WebWorld makes. */
export const PASSWORD = 'kettle orbit saffron 42';
/** A UUID inside a pattern of the tests (unanchored): the platform's one. */
export const UUID = UUID_SOURCE;
export const unique = () => randomUUID().slice(0, 8);

let addressCounter = 1;
/** A fresh client address per sign-in, so the per-address sign-in limit never trips by accident. */
const nextAddress = () => `198.51.100.${(addressCounter++ % 250) + 1}`;

/** The CSRF token of the page (every signed-in page has one, in the sign-out form at least). */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('The page has no CSRF field');
  return m[1];
}

/** The action of a page's own form (method post; not the sign-out form in the header), unescaped. */
export function formActionOf(html: string): string {
  const actions = [...html.matchAll(/<form[^>]*method="post"[^>]*action="([^"]+)"/g)]
    .map((m) => m[1].replace(/&amp;/g, '&'))
    .filter((a) => a !== '/sign-out' && a !== '/session/extend');
  if (!actions.length) throw new Error('The page has no form of its own');
  return actions[0];
}

/** YYYY-MM-DD, `offsetDays` from today (negative: in the past). */
export const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** A date as the pages write it: 3 December 2026. */
export const longDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${iso}T00:00:00Z`),
  );

/** A GOV.UK date input's three boxes for an ISO date, as the form posts them. */
export const dateBoxes = (name: string, iso: string): Record<string, string> => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
};

/** The version a page's form carries (its hidden `version` field). */
export const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];

/** A form body as a browser sends it: repeated names for a checkbox group. */
export function formBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return body.toString();
}

/**
 * The web app in process, as apps/web composes it (sessions in PostgreSQL, the CSRF check, the web
 * error pages, jobs in process), on this worker's real database, with a platform admin; users sign
 * in through the sign-in form, as a browser without JavaScript does.
 */
export class WebWorld {
  private constructor(
    readonly app: NestExpressApplication,
    readonly onboarding: OnboardingService,
    readonly tenancy: TenancyService,
    readonly adminEmail: string,
    readonly adminId: string,
  ) {}

  /**
   * `modules`: the domain modules' web modules to serve beside the core pages (a module's suites
   * list their own); `env` adds configuration variables (as ApiWorld's does).
   */
  static async start(options: { modules?: Type<unknown>[]; env?: Record<string, string> } = {}): Promise<WebWorld> {
    const config = await testConfig({ MFA_REQUIRED: 'false', ...options.env });
    const moduleRef = await Test.createTestingModule({
      imports: [...appCoreModules(config, 'web', { jobs: 'embedded' }), WebSurfaceModule, ...(options.modules ?? [])],
    }).compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
    configureHttpApp(app, { openApi: false, errorPages: webErrorPages });
    configureWeb(app, { production: false });
    await app.init();
    const tenancy = app.get(TenancyService);
    const adminEmail = `admin.${unique()}@platform.example`;
    await tenancy.ensurePlatformAdmin(adminEmail, PASSWORD);
    const adminId = (await tenancy.findUserByEmail(adminEmail))!.id;
    return new WebWorld(app, app.get(OnboardingService), tenancy, adminEmail, adminId);
  }

  close(): Promise<void> {
    return this.app.close();
  }

  /** A browser-like agent (it keeps the session cookie) signed in through the form. */
  async signIn(email: string): Promise<TestAgent> {
    const agent = request.agent(this.app.getHttpServer());
    await this.signInWith(agent, email);
    return agent;
  }

  /** Signs in through the form on an agent that may already hold a session (a browser used again); the answer is the sign-in's redirect. */
  async signInWith(agent: TestAgent, email: string) {
    const page = await agent.get('/sign-in').expect(200);
    const res = await agent
      .post('/sign-in')
      .set('X-Forwarded-For', nextAddress())
      .type('form')
      .send({ _csrf: csrfOf(page.text), email, password: PASSWORD });
    if (res.status !== 303) throw new Error(`sign-in of ${email} answered ${res.status}`);
    return res;
  }

  /** Posts a form as the page at `from` would: with that page's CSRF token. */
  async post(agent: TestAgent, from: string, to: string, fields: Record<string, string | string[]>) {
    const page = await agent.get(from);
    if (page.status !== 200) throw new Error(`GET ${from} answered ${page.status}`);
    return agent
      .post(to)
      .type('form')
      .send(formBody({ ...fields, _csrf: csrfOf(page.text) }));
  }

  /**
   * Sends the form of the page at `url` as a browser would: to the page's own form action (which
   * carries a journey instance's id), with its CSRF token. The sign-out form is not the page's.
   */
  async submit(agent: TestAgent, url: string, fields: Record<string, string | string[]>) {
    const page = await agent.get(url);
    if (page.status !== 200) throw new Error(`GET ${url} answered ${page.status}`);
    return agent
      .post(formActionOf(page.text))
      .type('form')
      .send(formBody({ ...fields, _csrf: csrfOf(page.text) }));
  }

  /**
   * Answers a journey's question pages from `url` on, as a browser goes through them: each page is
   * sent the same `fields` (it takes only its own) while its answer leads to a path under `within`.
   * Every page must take its answer (303). Returns where they lead and the pages' paths.
   */
  async submitPages(
    agent: TestAgent,
    url: string,
    fields: Record<string, string | string[]>,
    within: string,
  ): Promise<{ to: string; pages: string[] }> {
    const pages: string[] = [];
    let at = url;
    while (at.startsWith(within)) {
      if (pages.length >= 20) throw new Error(`More than 20 pages under ${within}: ${pages.join(', ')}`);
      pages.push(at.split('?')[0]);
      const res = await this.submit(agent, at, fields);
      if (res.status !== 303) throw new Error(`POST of ${at} answered ${res.status}`);
      at = res.headers['location'] as string;
    }
    return { to: at, pages };
  }

  /** One user per label with one role in the partnership, each signed in through the form: an agent per label. */
  async members<K extends string>(
    tenantId: string,
    roles: [K, string, TenantRoleCode][],
  ): Promise<Record<K, TestAgent>> {
    const agents = {} as Record<K, TestAgent>;
    for (const [who, organisationId, role] of roles) {
      const u = await this.user(who);
      await this.onboarding.addMembership(tenantId, { userId: u.id, organisationId, role }, this.adminId);
      agents[who] = await this.signIn(u.email);
    }
    return agents;
  }

  /** An invited user who has set their password. */
  async user(label: string): Promise<{ id: string; email: string; displayName: string }> {
    const email = `${label}.${unique()}@council.example`;
    const created = await this.onboarding.createUser({ email, displayName: `${label} test user` }, this.adminId);
    await this.app.get(SingleUseLinks).acceptInvite(created.invite.token, PASSWORD);
    return { id: created.id, email, displayName: created.displayName };
  }
}
