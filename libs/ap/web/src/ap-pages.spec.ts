import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { formBody as form, isoDay, unique, UUID, WebWorld } from '@rep-hub/web-surface/testing';
import { startWebWorld } from './testing/ap-web-world';

/** A six-digit URN unlikely to clash with another test's. */
const urn = () => String(100000 + Math.floor(Math.random() * 899999));

/**
 * The AP directory pages over HTTP, as a browser without JavaScript uses them: the web app in
 * process on this worker's real database, signed in through the sign-in form.
 */
describe('AP directory pages', () => {
  let world: WebWorld;
  let officer: TestAgent;
  let schoolStaff: TestAgent;
  const signIn = (email: string) => world.signIn(email);
  const post = (agent: TestAgent, from: string, to: string, fields: Record<string, string | string[]>) =>
    world.post(agent, from, to, fields);
  const user = (label: string) => world.user(label);

  /** Adds a provider through the form; returns its page's path. */
  async function addProvider(name: string): Promise<string> {
    const res = await post(officer, '/ap/providers/new', '/ap/providers/new', {
      name,
      providerType: 'pru',
      urn: urn(),
      ukprn: '',
      tiers: ['tier_2', 'tier_3'],
    });
    expect(res.status).toBe(303);
    expect(res.headers['location']).toMatch(new RegExp(`^/ap/providers/${UUID}$`));
    return res.headers['location'];
  }

  beforeAll(async () => {
    world = await startWebWorld();

    const tenant = await world.onboarding.createTenant(
      { slug: `ap-${unique()}`, name: `AP partnership ${unique()}`, region: 'East Midlands' },
      world.adminId,
    );
    const la = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Derby City Council', laNumber: '831', isLead: true },
      world.adminId,
    );
    const school = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'school', name: 'Hill Top Primary', urn: urn(), localAuthorityId: la.id },
      world.adminId,
    );
    const o = await user('officer');
    await world.onboarding.addMembership(
      tenant.id,
      { userId: o.id, organisationId: la.id, role: 'la_officer' },
      world.adminId,
    );
    const s = await user('teacher');
    await world.onboarding.addMembership(
      tenant.id,
      { userId: s.id, organisationId: school.id, role: 'setting_staff' },
      world.adminId,
    );
    officer = await signIn(o.email);
    schoolStaff = await signIn(s.email);
  });
  afterAll(() => world?.close());

  it('links the AP directory from the LA officer’s home page', async () => {
    const home = await officer.get('/').expect(200);
    expect(home.text).toContain('href="/ap/providers"');
    expect(home.text).toContain('Providers, their quality checks and the places your local authority commissions.');
  });

  it('lets an LA officer add a provider through the form and see it in the list', async () => {
    const list = await officer.get('/ap/providers').expect(200);
    expect(list.text).toContain('<h1 class="govuk-heading-l">AP directory</h1>');
    expect(list.text).toContain('href="/ap/providers/new"');
    const form = await officer.get('/ap/providers/new').expect(200);
    for (const id of ['name', 'providerType', 'urn', 'ukprn', 'tiers']) expect(form.text).toContain(`id="${id}"`);

    const name = `Riverside Learning Centre ${unique()}`;
    const path = await addProvider(name);
    const page = await officer.get(path).expect(200);
    expect(page.text).toContain('govuk-notification-banner--success');
    expect(page.text).toContain(`${name} has been added to the AP directory`);
    expect(page.text).toContain('Pupil referral unit');
    expect(page.text).toContain('Cannot receive offers');
    expect(page.text).toContain('No safeguarding check recorded');
    expect(page.text).toContain(`href="${path}/checks/new"`);
    expect(page.text).toContain(`href="${path}/places"`);

    const after = await officer.get('/ap/providers').expect(200);
    expect(after.text).toContain(`<a class="govuk-link" href="${path}">${name}</a>`);
    const tier1 = await officer.get('/ap/providers?tier=tier_1').expect(200);
    expect(tier1.text).not.toContain(name);
    const tier3 = await officer.get('/ap/providers?tier=tier_3').expect(200);
    expect(tier3.text).toContain(name);
  });

  it('shows the error summary, linked to the fields, for a bad form', async () => {
    const res = await post(officer, '/ap/providers/new', '/ap/providers/new', {
      name: '',
      providerType: 'pru',
      urn: urn(),
      ukprn: '',
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<title>Error: Add a provider/);
    expect(res.text).toContain('govuk-error-summary');
    expect(res.text).toContain('<a href="#name">Enter the provider’s name</a>');
    expect(res.text).toContain('<a href="#tiers">Select the tiers the provider offers</a>');
    expect(res.text).toMatch(/<input\s+class="govuk-input[^"]*govuk-input--error[^"]*"\s+id="name"/);
  });

  it('turns the tag to "Can receive offers" once three in-date checks are recorded', async () => {
    const path = await addProvider(`Checked provider ${unique()}`);
    const form = await officer.get(`${path}/checks/new`).expect(200);
    for (const id of ['kind', 'checkedOn', 'expiresOn', 'body', 'outcome']) expect(form.text).toContain(`id="${id}"`);
    const bad = await post(officer, `${path}/checks/new`, `${path}/checks/new`, {
      kind: 'inspection',
      checkedOn: isoDay(-10),
      expiresOn: isoDay(300),
      body: '',
      outcome: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#body">');

    for (const kind of ['due_diligence', 'safeguarding']) {
      const res = await post(officer, `${path}/checks/new`, `${path}/checks/new`, {
        kind,
        checkedOn: isoDay(-10),
        expiresOn: isoDay(300),
      });
      expect(res.status).toBe(303);
      expect(res.headers['location']).toBe(path);
    }
    const partial = await officer.get(path).expect(200);
    expect(partial.text).toContain('Cannot receive offers');
    expect(partial.text).toContain('No insurance check recorded');
    const last = await post(officer, `${path}/checks/new`, `${path}/checks/new`, {
      kind: 'insurance',
      checkedOn: isoDay(-10),
      expiresOn: isoDay(300),
    });
    expect(last.status).toBe(303);
    const page = await officer.get(path).expect(200);
    expect(page.text).toContain('Insurance check recorded');
    expect(page.text).toContain('<strong class="govuk-tag govuk-tag--green">Can receive offers</strong>');
    expect(page.text).not.toContain('Cannot receive offers');
  });

  it('sets the places the officer’s LA commissions', async () => {
    const path = await addProvider(`Placed provider ${unique()}`);
    const form = await officer.get(`${path}/places`).expect(200);
    expect(form.text).toContain('Derby City Council');
    expect(form.text).not.toContain('value="tier_1"');
    const res = await post(officer, `${path}/places`, `${path}/places`, {
      laId: /<option value="([0-9a-f-]{36})" selected/.exec(form.text)![1],
      tier: 'tier_2',
      academicYear: '2026/27',
      places: '12',
    });
    expect(res.status).toBe(303);
    const page = await officer.get(path).expect(200);
    expect(page.text).toContain('Derby City Council commissions 12 tier 2 places in 2026/27');
  });

  it('lets school staff read the list but not add a provider', async () => {
    const name = `Read-only provider ${unique()}`;
    const path = await addProvider(name);
    const list = await schoolStaff.get('/ap/providers').expect(200);
    expect(list.text).toContain(name);
    expect(list.text).not.toContain('href="/ap/providers/new"');
    const page = await schoolStaff.get(path).expect(200);
    expect(page.text).not.toContain('Record a check');
    const res = await schoolStaff.get('/ap/providers/new');
    expect(res.status).toBe(403);
    expect(res.text).toContain('You cannot see this page');
  });

  it('refuses a POST without the CSRF token', async () => {
    const name = `No token provider ${unique()}`;
    const res = await officer
      .post('/ap/providers/new')
      .type('form')
      .send(form({ name, providerType: 'pru', urn: urn(), tiers: 'tier_1' }));
    expect(res.status).toBe(403);
    const list = await officer.get('/ap/providers').expect(200);
    expect(list.text).not.toContain(name);
  });

  it('pages the list with a "Next page" link that keeps the tier filter', async () => {
    for (let i = 0; i < 21; i++) await addProvider(`Zz paged provider ${unique()}`);
    const first = await officer.get('/ap/providers?tier=tier_2').expect(200);
    const names = (html: string) =>
      [...html.matchAll(/href="\/ap\/providers\/[0-9a-f-]{36}">([^<]+)</g)].map((m) => m[1]);
    expect(names(first.text)).toHaveLength(20);
    const next = /href="(\/ap\/providers\?tier=tier_2&amp;after=[A-Za-z0-9_-]+)"/.exec(first.text);
    expect(next).not.toBeNull();
    expect(first.text).toContain('Next');
    const second = await officer.get(next![1].replace(/&amp;/g, '&')).expect(200);
    const more = names(second.text);
    expect(more.length).toBeGreaterThan(0);
    for (const n of more) expect(names(first.text)).not.toContain(n);
    const bad = await officer.get('/ap/providers?after=not-a-cursor');
    expect(bad.status).toBe(400);
  });

  it('answers 404 for an unknown provider', async () => {
    const res = await officer.get(`/ap/providers/${randomUUID()}`);
    expect(res.status).toBe(404);
  });
});
