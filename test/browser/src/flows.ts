import { Browser, BrowserContext, Page } from 'playwright-core';
import { apiTokens, DEMO_PASSWORD, newPage, totpCode, totpSecrets as secrets } from './harness';

const STEP_MS = 30_000;
const step = () => Math.floor(Date.now() / STEP_MS);

/**
 * A code for a secret in a time step not used before: the server refuses a step it has accepted,
 * or an earlier one, and accepts one step either side of its own. So the next code is the current
 * step's, or the next step's when the current one is used (the server takes it now, or as its own
 * current step if the step turns meanwhile); past that, wait for the step to turn.
 */
async function freshCode(email: string): Promise<string> {
  const known = secrets.get(email)!;
  while (known.lastStep > step()) await new Promise((r) => setTimeout(r, 500));
  const use = Math.max(step(), known.lastStep + 1);
  known.lastStep = use;
  return totpCode(known.secret, use * STEP_MS);
}

/**
 * Signs in through the pages as a user would: email and password, then (for a role that can open
 * a named child) the authenticator set-up the first time or the code after. Leaves the page where
 * the service sends the user next; with `partnership`, a user asked to choose (another file on the
 * worker's server may have given them a second partnership) chooses that one.
 */
export async function signIn(
  page: Page,
  base: string,
  email: string,
  password = DEMO_PASSWORD,
  opts: { partnership?: string } = {},
): Promise<void> {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('load');
  // a refused sign-in stays on the page with an error summary: say so here, not pages later
  if (new URL(page.url()).pathname === '/sign-in') {
    const summary = page.locator('.govuk-error-summary');
    throw new Error(
      `sign-in as ${email} was refused: ${(await summary.count()) ? await summary.innerText() : page.url()}`,
    );
  }
  await completeTotp(page, email);
  if (opts.partnership && new URL(page.url()).pathname === '/choose-partnership') {
    await page.getByLabel(opts.partnership).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForLoadState('load');
  }
}

/** The TOTP step when the page asks for it. */
export async function completeTotp(page: Page, email: string): Promise<void> {
  const path = new URL(page.url()).pathname;
  if (path === '/sign-in/set-up-authenticator') {
    const secret = await page.locator('#totp-secret').getAttribute('data-secret');
    if (!secret) throw new Error('no TOTP secret on the set-up page');
    secrets.set(email, { secret, lastStep: -1 });
    await page.locator('#code').fill(await freshCode(email));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForLoadState('load');
  } else if (path === '/sign-in/authenticator-code') {
    await page.locator('#code').fill(await freshCode(email));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForLoadState('load');
  }
}

/** Tokens last 15 minutes; one kept for set-up is used for 10 at most. */
const TOKEN_REUSE_MS = 10 * 60_000;

/**
 * A kept token of this worker's files for the same server, user, partnership and password, or a
 * new one from `issue`: test set-up signs each user in to the API once, not once per file.
 */
async function keptToken(
  base: string,
  email: string,
  opts: { password?: string; tenantId?: string },
  issue: () => Promise<string>,
): Promise<string> {
  const key = JSON.stringify([base, email, opts.tenantId ?? null, opts.password ?? DEMO_PASSWORD]);
  const kept = apiTokens.get(key);
  if (kept && Date.now() - kept.issuedAt < TOKEN_REUSE_MS) return kept.token;
  const issuedAt = Date.now();
  const token = await issue();
  apiTokens.set(key, { token, email, issuedAt });
  return token;
}

/** A bearer token for the JSON API (test set-up through the API, as an outside client would). */
export function apiToken(
  base: string,
  email: string,
  opts: { password?: string; tenantId?: string } = {},
): Promise<string> {
  return keptToken(base, email, opts, async () => {
    const body = {
      email,
      password: opts.password ?? DEMO_PASSWORD,
      ...(opts.tenantId ? { tenantId: opts.tenantId } : {}),
    };
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await r.json()) as { accessToken?: string };
    if (!answer.accessToken) throw new Error(`API sign-in failed for ${email}: ${r.status} ${JSON.stringify(answer)}`);
    return answer.accessToken;
  });
}

/**
 * A bearer token for a role that needs TOTP (an LA officer, say): the password step, then the
 * authenticator set up through the API the first time (its secret is kept, so a later signIn() in
 * a browser answers the code step), or a code from the secret set up earlier by this worker's files.
 */
export function apiTokenWithTotp(
  base: string,
  email: string,
  opts: { password?: string; tenantId?: string } = {},
): Promise<string> {
  return keptToken(base, email, opts, async () => {
    const post = async (path: string, body: object) => {
      const r = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await r.json()) as { accessToken?: string; mfaToken?: string; mfaEnrolled?: boolean; secret?: string };
    };
    const login = await post('/api/v1/auth/login', {
      email,
      password: opts.password ?? DEMO_PASSWORD,
      ...(opts.tenantId ? { tenantId: opts.tenantId } : {}),
    });
    if (login.accessToken) return login.accessToken;
    if (!login.mfaToken) throw new Error(`API sign-in failed for ${email}: ${JSON.stringify(login)}`);
    if (!login.mfaEnrolled) {
      const setup = await post('/api/v1/auth/mfa/setup', { mfaToken: login.mfaToken });
      if (!setup.secret) throw new Error(`TOTP set-up failed for ${email}: ${JSON.stringify(setup)}`);
      secrets.set(email, { secret: setup.secret, lastStep: -1 });
    }
    if (!secrets.has(email)) throw new Error(`${email} set up an authenticator outside this Jest worker's files`);
    const verified = await post('/api/v1/auth/mfa/verify', { mfaToken: login.mfaToken, code: await freshCode(email) });
    if (!verified.accessToken) throw new Error(`TOTP verification failed for ${email}: ${JSON.stringify(verified)}`);
    return verified.accessToken;
  });
}

export async function api<T>(base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Gives a demo user a second role in the other demo partnership (workforce lead at its training
 * provider), through the admin API, so the user has two partnerships to switch between.
 */
export async function giveSecondPartnership(
  base: string,
  adminEmail: string,
  userEmail: string,
  otherPartnershipName: string,
): Promise<void> {
  const token = await apiToken(base, adminEmail);
  const tenants = await api<{ items: { id: string; name: string }[] }>(base, token, 'GET', '/api/v1/admin/tenants');
  const other = tenants.items.find((t) => t.name === otherPartnershipName);
  if (!other) throw new Error(`no partnership ${otherPartnershipName}`);
  const orgs = await api<{ items: { id: string; kind: string }[] }>(
    base,
    token,
    'GET',
    `/api/v1/admin/tenants/${other.id}/organisations`,
  );
  const training = orgs.items.find((o) => o.kind === 'training_provider')!;
  let user: { id: string } | undefined;
  let after: string | null | undefined;
  do {
    const page = await api<{ items: { id: string; email: string }[]; nextCursor: string | null }>(
      base,
      token,
      'GET',
      `/api/v1/admin/users${after ? `?after=${encodeURIComponent(after)}` : ''}`,
    );
    user = page.items.find((u) => u.email === userEmail);
    after = page.nextCursor;
  } while (!user && after);
  if (!user) throw new Error(`no user ${userEmail}`);
  const memberships = await api<{ items: { userId: string; organisationId: string; role: string }[] }>(
    base,
    token,
    'GET',
    `/api/v1/admin/tenants/${other.id}/memberships`,
  );
  if (memberships.items.some((m) => m.userId === user!.id && m.organisationId === training.id)) return;
  await api(base, token, 'POST', `/api/v1/admin/tenants/${other.id}/memberships`, {
    userId: user.id,
    organisationId: training.id,
    role: 'workforce_lead',
  });
}

/** The password of the users a browser test makes. */
export const PASSWORD = 'kettle orbit saffron 42';

export interface Org {
  id: string;
  kind: string;
  name: string;
  isLead?: boolean;
  localAuthorityId?: string | null;
}

/**
 * A new user with a role in the partnership (and `alsoRoles` in the same organisation: an officer's
 * LA admin right), given by the admin API, who has chosen their password. A fresh
 * user has no authenticator yet: signing in sets one up, so this file knows its secret whatever
 * other suites on the worker's database did with the demo users.
 */
export async function newMember(
  base: string,
  adminToken: string,
  opts: { tenantId: string; organisationId: string; role: string; label: string; alsoRoles?: string[] },
): Promise<string> {
  const email = `${opts.label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@browser.example`;
  const user = await api<{ id: string; invite: { token: string } }>(base, adminToken, 'POST', '/api/v1/admin/users', {
    email,
    displayName: `${opts.label} (browser test)`,
  });
  const accepted = await fetch(`${base}/api/v1/auth/invites/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: user.invite.token, password: PASSWORD }),
  });
  if (accepted.status >= 400)
    throw new Error(`accepting the invite of ${email}: ${accepted.status} ${await accepted.text()}`);
  for (const role of [opts.role, ...(opts.alsoRoles ?? [])])
    await api(base, adminToken, 'POST', `/api/v1/admin/tenants/${opts.tenantId}/memberships`, {
      userId: user.id,
      organisationId: opts.organisationId,
      role,
    });
  return email;
}

/** The page's heading. */
export const heading = (page: Page) => page.locator('h1').innerText();

/** Clicks a link, or a button (a GOV.UK button link, or a form's), and waits for the page it leads to. */
export async function go(page: Page, name: string, role: 'link' | 'button' = 'link'): Promise<void> {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole(role, { name, exact: true }).first().click(),
  ]);
}

/** Fills a GOV.UK date input (`name`-day, -month, -year) with an ISO date. */
export async function fillDate(page: Page, name: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(d)));
  await page.locator(`#${name}-month`).fill(String(Number(m)));
  await page.locator(`#${name}-year`).fill(y);
}

/**
 * A demo partnership as the platform admin sees it (admin API): the admin's token, the
 * partnership's id, its organisations, its lead LA and its AP provider organisation.
 */
export async function demoPartnership(
  base: string,
  adminEmail: string,
  name: string,
): Promise<{ admin: string; tenantId: string; orgs: Org[]; la: Org; providerOrg: Org }> {
  const admin = await apiToken(base, adminEmail);
  const tenants = await api<{ items: { id: string; name: string }[] }>(base, admin, 'GET', '/api/v1/admin/tenants');
  const tenantId = tenants.items.find((t) => t.name === name)!.id;
  const orgs = (await api<{ items: Org[] }>(base, admin, 'GET', `/api/v1/admin/tenants/${tenantId}/organisations`))
    .items;
  return {
    admin,
    tenantId,
    orgs,
    la: orgs.find((o) => o.kind === 'local_authority' && o.isLead)!,
    providerOrg: orgs.find((o) => o.kind === 'ap_provider')!,
  };
}

/** A page as a client without JavaScript gets it over HTTP: where it ended, its status, headers and body. */
export interface HttpPage {
  status: number;
  /** The path (and query) the last response came from, after redirects. */
  path: string;
  /** The paths it was redirected through, in order (empty when it answered at once). */
  redirects: string[];
  headers: Headers;
  body: string;
}

/**
 * fetch, with a GET asked again once when its connection was reset before any answer, as a browser
 * does: fetch reuses a kept-alive connection, which the server closes after 5 s idle, and a client
 * whose event loop is held up on a loaded machine can send on it in the same moment (seen as
 * `read ECONNRESET` in the crawl with six workers on two cores). A POST is never sent twice.
 */
async function fetchAnswer(url: URL, init: RequestInit & { method: string }): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (init.method !== 'GET' || !['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(code ?? '')) throw error;
    return fetch(url, init);
  }
}

/**
 * A web session over plain HTTP (fetch, no browser): the cookies the server sets are kept and sent
 * back, redirects on the server are followed as a browser would (a 303 or 302 after a POST becomes a
 * GET). For checks that need no browser (status codes, who may open what, a page's navigation), and
 * to sign in quickly before handing the session to a browser context (addCookiesTo).
 */
export class HttpSession {
  readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  /** GET a path, or POST `form` (urlencoded), following the server's redirects. */
  async request(path: string, opts: { form?: Record<string, string>; maxRedirects?: number } = {}): Promise<HttpPage> {
    let method = opts.form ? 'POST' : 'GET';
    let body: string | undefined = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
    let url = new URL(path, this.base);
    const redirects: string[] = [];
    for (let hops = 0; ; hops++) {
      const r = await fetchAnswer(url, {
        method,
        redirect: 'manual',
        headers: {
          ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          accept: 'text/html,application/xhtml+xml,*/*',
        },
        body,
      });
      for (const line of r.headers.getSetCookie()) {
        const [pair, ...attrs] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
        if (expired) this.cookies.delete(name);
        else this.cookies.set(name, pair.slice(eq + 1).trim());
      }
      const location = r.headers.get('location');
      if (r.status >= 300 && r.status < 400 && location && hops < (opts.maxRedirects ?? 10)) {
        await r.arrayBuffer();
        const next = new URL(location, url);
        if (next.origin !== url.origin) throw new Error(`${path} redirected off the server, to ${location}`);
        redirects.push(`${url.pathname}${url.search}`);
        url = next;
        if (r.status !== 307 && r.status !== 308) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      return {
        status: r.status,
        path: `${url.pathname}${url.search}`,
        redirects,
        headers: r.headers,
        body: await r.text(),
      };
    }
  }

  /** POSTs a form of `page` (the one whose action is `action`, or the page's first) with its CSRF token and `fields`. */
  submit(page: HttpPage, fields: Record<string, string>, action?: string): Promise<HttpPage> {
    const forms = [...page.body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)];
    const form = forms.find((f) => !action || attribute(f[1], 'action') === action) ?? forms[0];
    if (!form) throw new Error(`no form on ${page.path}`);
    const hidden: Record<string, string> = {};
    for (const input of form[2].matchAll(/<input\b[^>]*>/gi))
      if (attribute(input[0], 'type') === 'hidden')
        hidden[attribute(input[0], 'name') ?? ''] = attribute(input[0], 'value') ?? '';
    return this.request(attribute(form[1], 'action') ?? page.path, { form: { ...hidden, ...fields } });
  }

  /** Gives a browser context this session's cookies: its pages are signed in as this session is. */
  async addCookiesTo(context: BrowserContext): Promise<void> {
    await context.addCookies([...this.cookies].map(([name, value]) => ({ name, value, url: this.base })));
  }
}

/** An attribute's value in a start tag's text (entities decoded), or null. */
export function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decodeEntities(m[2] ?? m[3] ?? m[4]) : null;
}

export const decodeEntities = (text: string) =>
  text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * Signs in over HTTP as signIn() does in a browser (email and password, the authenticator set up
 * the first time or its code after, with the worker's TOTP secrets; with `partnership`, or when
 * asked to choose, the partnership named or else the first offered) and returns the session: for
 * HTTP checks, or for a browser context (session.addCookiesTo) that starts signed in without
 * going through the pages again. `landed` is given the page the sign-in ended on.
 */
export async function signInOverHttp(
  base: string,
  email: string,
  password = DEMO_PASSWORD,
  opts: { partnership?: string; landed?: (page: HttpPage) => void } = {},
): Promise<HttpSession> {
  const session = new HttpSession(base);
  let page = await session.submit(await session.request('/sign-in'), { email, password });
  if (page.path === '/sign-in') throw new Error(`sign-in as ${email} was refused: ${page.status}`);
  if (page.path === '/sign-in/set-up-authenticator') {
    const secret = /data-secret="([^"]+)"/.exec(page.body)?.[1];
    if (!secret) throw new Error('no TOTP secret on the set-up page');
    secrets.set(email, { secret, lastStep: -1 });
    page = await session.submit(page, { code: await freshCode(email) });
  } else if (page.path === '/sign-in/authenticator-code') {
    if (!secrets.has(email)) throw new Error(`${email} set up an authenticator outside this Jest worker's files`);
    page = await session.submit(page, { code: await freshCode(email) });
  }
  if (page.path.startsWith('/sign-in')) throw new Error(`the authenticator step refused ${email}: ${page.status}`);
  if (page.path === '/choose-partnership') {
    const radios = [...page.body.matchAll(/<input\b[^>]*name="tenantId"[^>]*>/g)].map((m) => ({
      id: attribute(m[0], 'id'),
      value: attribute(m[0], 'value')!,
    }));
    const label = (id: string | null) =>
      decodeEntities(
        new RegExp(`<label\\b[^>]*for="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(page.body)?.[1] ?? '',
      ).trim();
    const chosen = opts.partnership ? radios.find((r) => label(r.id) === opts.partnership) : radios[0];
    if (!chosen) throw new Error(`${email} cannot choose the partnership ${opts.partnership}`);
    // the page's own form: the header's sign-out form comes first on a signed-in page
    page = await session.submit(page, { tenantId: chosen.value }, '/choose-partnership');
    if (page.path === '/choose-partnership' || page.path.startsWith('/sign-in'))
      throw new Error(`${email} could not choose the partnership ${opts.partnership}: ${page.status} at ${page.path}`);
  }
  opts.landed?.(page);
  return session;
}

/**
 * A new browser page (a context of its own, JavaScript on unless `javaScript: false`) in `session`
 * (signInOverHttp's): signed in without going through the sign-in pages, for a test whose subject is
 * what comes after. A session can be handed to several pages, one after another, without signing
 * in again (and so without another authenticator code).
 */
export async function pageInSession(
  browser: Browser,
  session: HttpSession,
  opts: { javaScript?: boolean } = {},
): Promise<Page> {
  const page = await newPage(browser, opts);
  await session.addCookiesTo(page.context());
  return page;
}
