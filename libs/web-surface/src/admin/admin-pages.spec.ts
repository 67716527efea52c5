import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { randomUUID } from 'node:crypto';
import { csrfOf, formActionOf, unique, UUID, WebWorld } from '../testing/web-world';

/**
 * The admin pages over HTTP, as a browser without JavaScript uses them: the web app in process
 * (WebSurfaceModule, sessions in PostgreSQL, the CSRF check, the web error pages) on this worker's
 * real database, signed in through the sign-in form. Jobs run in process, so invite emails land in
 * the development outbox.
 */
describe('admin pages', () => {
  let world: WebWorld;
  let admin: TestAgent;
  const signIn = (email: string) => world.signIn(email);
  const post = (agent: TestAgent, from: string, to: string, fields: Record<string, string>) =>
    world.post(agent, from, to, fields);
  const user = (label: string) => world.user(label);

  /** A partnership with one local authority, made through the service. */
  async function partnership(label: string) {
    const tenant = await world.onboarding.createTenant(
      { slug: `${label}-${unique()}`, name: `${label} partnership ${unique()}`, region: 'East Midlands' },
      world.adminId,
    );
    const la = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: `${label} City Council`, laNumber: '856', isLead: true },
      world.adminId,
    );
    return { tenant, la };
  }

  beforeAll(async () => {
    world = await WebWorld.start();
    admin = await signIn(world.adminEmail);
  });
  afterAll(() => world?.close());

  it('sends /admin to the partnerships and shows the admin sub-navigation', async () => {
    const res = await admin.get('/admin');
    expect(res.status).toBe(303);
    expect(res.headers['location']).toBe('/admin/partnerships');
    const page = await admin.get('/admin/partnerships').expect(200);
    // a signed-in page is kept by no browser or proxy; the public stylesheet keeps its own caching
    expect([page.headers['cache-control'], page.headers['etag']]).toEqual(['no-store', undefined]);
    expect((await request(world.app.getHttpServer()).get('/assets/application.css')).headers['cache-control']).toBe(
      'public, max-age=3600',
    );
    expect(page.text).toContain('class="moj-sub-navigation"');
    expect(page.text).toMatch(
      /<a class="moj-sub-navigation__link" aria-current="page" href="\/admin\/partnerships">\s*Partnerships/,
    );
    expect(page.text.match(/<h1\b/g)).toHaveLength(1);
  });

  it('refuses a partnership user with 403 and sends a signed-out visitor to sign in', async () => {
    const { tenant, la } = await partnership('refuse');
    const lead = await user('lead');
    await world.onboarding.addMembership(
      tenant.id,
      { userId: lead.id, organisationId: la.id, role: 'partnership_lead' },
      world.adminId,
    );
    const agent = await signIn(lead.email);
    const home = await agent.get('/').expect(200);
    expect(home.text).not.toContain('href="/admin"');
    const res = await agent.get('/admin/partnerships');
    expect(res.status).toBe(403);
    expect(res.text).toContain('You cannot see this page');
    expect(res.text).not.toContain(tenant.name);
    const users = await agent.get('/admin/users');
    expect(users.status).toBe(403);

    const anonymous = await request(world.app.getHttpServer()).get('/admin/users');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers['location']).toBe('/sign-in');
  });

  it('adds a partnership through the form and the check-answers page', async () => {
    const slug = `east-${unique()}`;
    const name = `East Midlands partnership ${unique()}`;
    const form = await admin.get('/admin/partnerships/new').expect(200);
    expect(form.text).toContain('id="slug"');
    expect(form.text).toContain('id="region"');
    const first = await admin
      .post(formActionOf(form.text))
      .type('form')
      .send({ _csrf: csrfOf(form.text), name, slug, region: 'East Midlands' });
    expect(first.status).toBe(303);
    const checkUrl = first.headers['location'] as string;
    const journey = /^\/admin\/partnerships\/new\/check\?journey=([\w-]{22})$/.exec(checkUrl)![1];
    expect(await world.tenancy.findTenantBySlug(slug)).toBeNull();

    const check = await admin.get(checkUrl).expect(200);
    expect(check.text).toContain('Check your answers before adding the partnership');
    expect(check.text).toContain(name);
    expect(check.text).toContain(`href="/admin/partnerships/new?journey=${journey}#slug"`);
    expect(check.text).toContain('Create partnership');
    // going back to change an answer shows what was entered; opening the form afresh shows nothing
    const again = await admin.get(`/admin/partnerships/new?journey=${journey}`).expect(200);
    expect(again.text).toContain(`value="${slug}"`);
    expect((await admin.get('/admin/partnerships/new').expect(200)).text).not.toContain(`value="${slug}"`);

    const created = await admin
      .post(formActionOf(check.text))
      .type('form')
      .send({ _csrf: csrfOf(check.text) });
    expect(created.status).toBe(303);
    expect(created.headers['location']).toMatch(new RegExp(`^/admin/partnerships/${UUID}$`));
    const tenant = await world.tenancy.findTenantBySlug(slug);
    expect(tenant?.name).toBe(name);
    expect(tenant?.region).toBe('East Midlands');

    const page = await admin.get(created.headers['location']).expect(200);
    expect(page.text).toContain('govuk-notification-banner--success');
    expect(page.text).toContain(`${name} has been added`);
    expect(page.text).toContain('Add an organisation');
    expect(page.text).toContain('Give someone a role');
    const list = await admin.get('/admin/partnerships').expect(200);
    expect(list.text).toContain(`<a class="govuk-link" href="/admin/partnerships/${tenant!.id}">${name}</a>`);
    expect(list.text).toContain(slug);
    expect(list.text).toContain('data-module="moj-sortable-table"');
    // the journey is over: its check page sends back to the form
    const done = await admin.get(checkUrl);
    expect(done.status).toBe(303);
    expect(done.headers['location']).toBe('/admin/partnerships/new');
  });

  it('shows an invalid slug in the error summary, linked to the slug input', async () => {
    const res = await post(admin, '/admin/partnerships/new', '/admin/partnerships/new', {
      name: 'Somewhere partnership',
      slug: 'Not A Slug!',
      region: '',
    });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<title>Error: Add a partnership/);
    expect(res.text).toContain('govuk-error-summary');
    expect(res.text).toContain(
      '<a href="#slug">The slug must be lower-case letters and numbers joined by hyphens, like east-midlands</a>',
    );
    expect(res.text).toContain('<a href="#region">Select the region</a>');
    expect(res.text).toMatch(/<input\s+class="govuk-input[^"]*govuk-input--error[^"]*"\s+id="slug"/);
    expect(res.text).toContain('value="Somewhere partnership"');
  });

  it('sends the user back to the form when the service refuses the partnership at the last step', async () => {
    const slug = `taken-${unique()}`;
    const first = await post(admin, '/admin/partnerships/new', '/admin/partnerships/new', {
      name: 'Taken partnership',
      slug,
      region: 'London',
    });
    expect(first.status).toBe(303);
    // someone else takes the slug between the form and the check-answers page
    await world.onboarding.createTenant({ slug, name: 'The first one' }, world.adminId);
    const res = await world.submit(admin, first.headers['location'], {});
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      '<a href="#slug">There is already a partnership with this slug. Enter a different slug</a>',
    );
    expect(res.text).toContain('value="Taken partnership"');
    expect((await world.onboarding.listTenants()).items.filter((t) => t.slug === slug)).toHaveLength(1);
  });

  it('adds organisations a question at a time: the kind, then only what that kind needs; an LA from the reference list', async () => {
    const { tenant, la } = await partnership('orgs');
    const path = `/admin/partnerships/${tenant.id}/organisations/new`;
    const first = await admin.get(path).expect(200);
    expect(first.text).toContain('What kind of organisation is it?');
    for (const id of ['name', 'laNumber', 'urn', 'ukprn'])
      expect([id, first.text.includes(`id="${id}"`)]).toEqual([id, false]);
    const noKind = await post(admin, path, path, {});
    expect(noKind.status).toBe(400);
    expect(noKind.text).toContain('<a href="#kind">Select what kind of organisation it is</a>');

    // a school: its name, its URN and its LA; never an LA number or a UKPRN
    const chosen = await post(admin, path, path, { kind: 'school' });
    expect(chosen.status).toBe(303);
    const details = chosen.headers['location'] as string;
    expect(details).toBe(`${path}/details?kind=school`);
    const schoolPage = await admin.get(details).expect(200);
    for (const [id, shown] of [
      ['name', true],
      ['urn', true],
      ['localAuthorityId', true],
      ['laNumber', false],
      ['isLead', false],
      ['ukprn', false],
      ['ofstedUrn', false],
    ] as const)
      expect([id, schoolPage.text.includes(`id="${id}"`)]).toEqual([id, shown]);
    expect(schoolPage.text).toContain(`<option value="${la.id}"`);
    const missing = await post(admin, details, details, { name: 'Hill Top Primary', urn: '', localAuthorityId: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('<a href="#urn">Enter the school’s URN</a>');
    // a field the kind does not ask for is not sent, even if posted
    const ok = await post(admin, details, details, {
      name: 'Hill Top Primary',
      urn: '120001',
      localAuthorityId: la.id,
      laNumber: '856',
      ukprn: '10012345',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers['location']).toBe(`/admin/partnerships/${tenant.id}`);
    const page = await admin.get(`/admin/partnerships/${tenant.id}`).expect(200);
    expect(page.text).toContain('Hill Top Primary has been added');
    expect(page.text).toContain('URN 120001');
    expect(page.text).toContain('School or setting');
    expect(page.text).toContain('Lead LA');

    // a local authority: chosen from the reference list (not typed), named as it is there; those already in are not offered
    const laDetails = `${path}/details?kind=local_authority`;
    const laPage = await admin.get(laDetails).expect(200);
    expect(laPage.text).not.toContain('id="name"');
    expect(laPage.text).not.toContain('<option value="856"');
    expect(laPage.text).toMatch(/<option value="830"[^>]*>Derbyshire \(830\)<\/option>/);
    const noLa = await post(admin, laDetails, laDetails, { laNumber: '' });
    expect(noLa.status).toBe(400);
    expect(noLa.text).toContain('<a href="#laNumber">Select the local authority</a>');
    const notListed = await post(admin, laDetails, laDetails, { laNumber: '999' });
    expect(notListed.status).toBe(400);
    expect(notListed.text).toContain(
      '<a href="#laNumber">Enter the DfE number of a current English local authority, like 856</a>',
    );
    expect((await post(admin, laDetails, laDetails, { laNumber: '830' })).status).toBe(303);
    expect((await admin.get(`/admin/partnerships/${tenant.id}`).expect(200)).text).toContain(
      'Derbyshire has been added',
    );
    // an unknown kind goes back to the first question
    expect((await admin.get(`${path}/details?kind=nothing`)).headers['location']).toBe(path);
  });

  it('changes an organisation from the partnership page: prefilled, errors named, a stale version shown as a conflict', async () => {
    const { tenant, la } = await partnership('change');
    const school = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'school', name: 'Oak Primary', urn: '131101', localAuthorityId: la.id },
      world.adminId,
    );
    await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'school', name: 'Elm Primary', urn: '131102', localAuthorityId: la.id },
      world.adminId,
    );
    const path = `/admin/partnerships/${tenant.id}/organisations/${school.id}/change`;
    const list = await admin.get(`/admin/partnerships/${tenant.id}`).expect(200);
    expect(list.text).toContain(`href="${path}">Change<span class="govuk-visually-hidden"> Oak Primary</span></a>`);
    expect(list.text).toContain(`/organisations/${la.id}/change`);

    // prefilled with what it is; a school shows its name and URN, never an LA number; one h1
    const form = await admin.get(path).expect(200);
    expect(form.text.match(/<h1\b/g)).toHaveLength(1);
    expect(form.text).toContain('Change Oak Primary');
    expect(form.text).toContain('value="Oak Primary"');
    expect(form.text).toContain('value="131101"');
    expect(form.text).toContain('name="version" value="1"');
    expect(form.text).not.toContain('id="laNumber"');
    expect(form.text).toContain(`action="${path}"`);

    // bad input: the error summary names the fields, what was typed stays, nothing is written
    const bad = await post(admin, path, path, { name: '', urn: '12a', version: '1' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/<title>Error: Change Oak Primary/);
    expect(bad.text).toContain('<a href="#name">Enter the organisation name</a>');
    expect(bad.text).toContain('<a href="#urn">The URN must be six digits, like 120000</a>');
    expect(bad.text).toContain('value="12a"');
    // another school's URN: named on the URN field
    const clash = await post(admin, path, path, { name: 'Oak Primary', urn: '131102', version: '1' });
    expect(clash.status).toBe(409);
    expect(clash.text).toContain('<a href="#urn">Another organisation in this partnership already has this URN</a>');
    expect((await world.onboarding.getOrganisation(tenant.id, school.id)).version).toBe(1);

    // changed: back to the partnership page with a success banner
    const ok = await post(admin, path, path, { name: 'Oak Academy', urn: '131103', version: '1' });
    expect(ok.status).toBe(303);
    expect(ok.headers['location']).toBe(`/admin/partnerships/${tenant.id}`);
    const page = await admin.get(`/admin/partnerships/${tenant.id}`).expect(200);
    expect(page.text).toContain('govuk-notification-banner--success');
    expect(page.text).toContain('Oak Academy has been changed');
    expect(page.text).toContain('URN 131103');
    expect(await world.onboarding.getOrganisation(tenant.id, school.id)).toMatchObject({
      name: 'Oak Academy',
      urn: '131103',
      version: 2,
    });

    // a form opened before that change: a clear conflict, the form showing the organisation as it is now
    const stale = await post(admin, path, path, { name: 'Lost update', urn: '131103', version: '1' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('govuk-error-summary');
    expect(stale.text).toContain('Someone else changed this organisation while you were on this page');
    expect(stale.text).toContain('value="Oak Academy"');
    expect(stale.text).toContain('name="version" value="2"');
    expect((await world.onboarding.getOrganisation(tenant.id, school.id)).name).toBe('Oak Academy');

    // an LA: its name and DfE number
    const laForm = await admin.get(`/admin/partnerships/${tenant.id}/organisations/${la.id}/change`).expect(200);
    expect(laForm.text).toContain('value="856"');
    expect(laForm.text).not.toContain('id="urn"');

    // no CSRF token: refused, nothing written
    const noToken = await admin.post(path).type('form').send({ name: 'No token', urn: '131103', version: '2' });
    expect(noToken.status).toBe(403);
    expect((await world.onboarding.getOrganisation(tenant.id, school.id)).name).toBe('Oak Academy');
    // another partnership's organisation, or none: 404
    const other = await partnership('change-other');
    expect((await admin.get(`/admin/partnerships/${tenant.id}/organisations/${other.la.id}/change`)).status).toBe(404);
    expect((await admin.get(`/admin/partnerships/${tenant.id}/organisations/not-an-id/change`)).status).toBe(404);
  });

  it('invites a user through check answers and shows the invite link', async () => {
    const email = `new.user.${unique()}@council.example`;
    const first = await post(admin, '/admin/users/new', '/admin/users/new', {
      displayName: 'Sam Jones',
      email,
      platformRole: 'none',
    });
    expect(first.status).toBe(303);
    expect(first.headers['location']).toMatch(/^\/admin\/users\/new\/check\?journey=[\w-]{22}$/);
    const check = await admin.get(first.headers['location']).expect(200);
    expect(check.text).toContain(email);
    expect(check.text).toContain('None – a partnership user');
    const sent = await admin
      .post(formActionOf(check.text))
      .type('form')
      .send({ _csrf: csrfOf(check.text) });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('govuk-panel--confirmation');
    expect(sent.text).toContain('Invitation sent');
    const link = new RegExp(`data-testid="invite-link"><a class="govuk-link" href="(http[^"]+/invites/([^"]+))"`).exec(
      sent.text,
    );
    expect(link).not.toBeNull();
    const created = await world.tenancy.findUserByEmail(email);
    expect(created?.status).toBe('invited');
    expect(sent.text).toContain(`href="/admin/users/${created!.id}/partnership"`);
    // the link shown is a working invite
    const invite = await request(world.app.getHttpServer()).get(`/invites/${link![2]}`);
    expect(invite.status).toBe(200);
    expect(invite.text).toContain('Create your password');

    // the invite email is in the development outbox, on the emails page (audited)
    let emails = '';
    for (let i = 0; i < 40 && !emails.includes(email); i++) {
      emails = (await admin.get('/admin/emails').expect(200)).text;
      if (!emails.includes(email)) await new Promise((r) => setTimeout(r, 250));
    }
    expect(emails).toContain(email);
    expect(emails).toContain('govuk-details');
    expect(emails).toContain('Create your password for REP Hub');
    const badCursor = await admin.get('/admin/emails?before=not-an-id');
    expect(badCursor.status).toBe(303);

    // the same email again is refused against the email input
    const twice = await post(admin, '/admin/users/new', '/admin/users/new', {
      displayName: 'Sam Jones',
      email,
      platformRole: 'none',
    });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain(
      '<a href="#email">There is already a user with this email address. Enter a different email address</a>',
    );
    const noRole = await post(admin, '/admin/users/new', '/admin/users/new', {
      displayName: '',
      email: 'someone@council.example',
    });
    expect(noRole.status).toBe(400);
    expect(noRole.text).toContain('<a href="#displayName">Enter their name</a>');
    expect(noRole.text).toContain('<a href="#platformRole">Select whether they have a platform role</a>');
    expect(noRole.text).toContain('id="platformRole"');
  });

  it('gives someone a role and shows it on the partnership page, then removes it', async () => {
    const { tenant, la } = await partnership('roles');
    const officer = await user('officer');
    const path = `/admin/partnerships/${tenant.id}/memberships/new`;
    const prefilled = await admin.get(`${path}?userId=${officer.id}`).expect(200);
    expect(prefilled.text).toContain(`value="${officer.email}"`);

    const wrongKind = await post(admin, path, path, {
      email: officer.email,
      organisationId: la.id,
      role: 'setting_staff',
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.text).toContain('<a href="#role">');
    const nobody = await post(admin, path, path, {
      email: `nobody.${unique()}@council.example`,
      organisationId: la.id,
      role: 'la_officer',
    });
    expect(nobody.status).toBe(400);
    expect(nobody.text).toContain('<a href="#email">There is no user with this email address. Invite them first</a>');

    const res = await post(admin, path, path, { email: officer.email, organisationId: la.id, role: 'la_officer' });
    expect(res.status).toBe(303);
    expect(res.headers['location']).toBe(`/admin/partnerships/${tenant.id}`);
    const page = await admin.get(`/admin/partnerships/${tenant.id}`).expect(200);
    expect(page.text).toContain(`${officer.displayName} is now local authority officer at roles City Council`);
    expect(page.text).toContain(officer.email);
    expect(page.text).toContain('Local authority officer');
    const membership = (await world.onboarding.listMemberships(tenant.id, world.adminId)).items.find(
      (m) => m.userId === officer.id,
    );
    expect(membership?.status).toBe('active');

    // the same role again is refused as a field error
    const twice = await post(admin, path, path, { email: officer.email, organisationId: la.id, role: 'la_officer' });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain(
      '<a href="#role">They already have this role in this organisation. Select a different role or organisation</a>',
    );

    // the user's page lists it
    const userPage = await admin.get(`/admin/users/${officer.id}`).expect(200);
    expect(userPage.text).toContain(tenant.name);
    expect(userPage.text).toContain('Local authority officer');

    const removePath = `/admin/partnerships/${tenant.id}/memberships/${membership!.id}/remove`;
    expect(page.text).toContain(`href="${removePath}"`);
    const confirm = await admin.get(removePath).expect(200);
    expect(confirm.text).toContain('Are you sure you want to remove this role?');
    const removed = await admin
      .post(removePath)
      .type('form')
      .send({ _csrf: csrfOf(confirm.text) });
    expect(removed.status).toBe(303);
    const after = (await world.onboarding.listMemberships(tenant.id, world.adminId)).items.find(
      (m) => m.id === membership!.id,
    );
    expect(after?.status).toBe('revoked');
    expect((await admin.get(removePath)).status).toBe(404);
  });

  it('shows a user, a password reset link and resets their authenticator after a confirmation page', async () => {
    const someone = await user('someone');
    const page = await admin.get(`/admin/users/${someone.id}`).expect(200);
    expect(page.text).toContain(someone.email);
    const reset = await admin
      .post(`/admin/users/${someone.id}/password-reset`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(reset.status).toBe(200);
    expect(reset.text).toMatch(
      /data-testid="reset-link"><a class="govuk-link" href="http[^"]+\/password-reset\/[A-Za-z0-9_-]+"/,
    );

    const confirm = await admin.get(`/admin/users/${someone.id}/reset-authenticator`).expect(200);
    expect(confirm.text).toContain('Are you sure you want to reset their authenticator app?');
    const done = await admin
      .post(`/admin/users/${someone.id}/reset-authenticator`)
      .type('form')
      .send({ _csrf: csrfOf(confirm.text) });
    expect(done.status).toBe(303);
    const back = await admin.get(`/admin/users/${someone.id}`).expect(200);
    expect(back.text).toContain('authenticator app has been reset');
    expect((await admin.get(`/admin/users/${randomUUID()}`)).status).toBe(404);
  });

  it('lists users by email in keyset pages', async () => {
    const first = await admin.get('/admin/users').expect(200);
    expect(first.text).toContain('href="/admin/users/new"');
    expect(first.text).toContain('Invite a user');
    // the page after a cursor starts just after it
    const from = await admin.get(`/admin/users?after=${encodeURIComponent(world.adminEmail.slice(0, -1))}`).expect(200);
    expect(from.text).toContain(`<a class="govuk-link" href="/admin/users/${world.adminId}">Platform admin</a>`);
    expect(from.text).toContain('Platform administrator');
    expect(from.text).toContain('First page');
    const past = await admin.get(`/admin/users?after=${encodeURIComponent(world.adminEmail)}`).expect(200);
    expect(past.text).not.toContain(world.adminEmail);
  });

  it('searches users by name or email, shows their partnerships, and keeps the search in the page links', async () => {
    const { tenant, la } = await partnership('usersearch');
    const label = `Searchable${unique()}`;
    const found = await world.onboarding.createUser(
      { email: `${label.toLowerCase()}@council.example`, displayName: `${label} Person` },
      world.adminId,
    );
    await world.onboarding.addMembership(
      tenant.id,
      { userId: found.id, organisationId: la.id, role: 'la_officer' },
      world.adminId,
    );
    const byName = await admin.get(`/admin/users?q=${encodeURIComponent(label.toUpperCase())}`).expect(200);
    expect(byName.text).toContain(`href="/admin/users/${found.id}">${label} Person</a>`);
    expect(byName.text).toContain(tenant.name);
    expect(byName.text).not.toContain(world.adminEmail);
    expect(byName.text).toContain('id="q"');
    // a search for text that is a pattern is the text: % matches no one here
    const pattern = await admin.get('/admin/users?q=%25%25').expect(200);
    expect(pattern.text).toContain('No user’s name or email address contains “%%”');
    const tooLong = await admin.get(`/admin/users?q=${'a'.repeat(201)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('<a href="#q">Search for 200 characters or fewer</a>');
  });

  it('shows the background jobs page', async () => {
    const res = await admin.get('/admin/queues').expect(200);
    expect(res.text).toContain('<h1 class="govuk-heading-l">Background jobs</h1>');
    expect(res.text).toContain('In this process, from the job outbox in PostgreSQL');
    expect(res.text).toContain('Notifications');
    expect(res.text).toContain('Jobs by queue and state');
    expect(res.text).toContain('Not done in time'); // outbox rows relayed but not done past OUTBOX_RELAY_AGAIN_AFTER_MS
  });

  it('refuses a form posted without its CSRF token, and creates nothing', async () => {
    const slug = `csrf-${unique()}`;
    const first = await post(admin, '/admin/partnerships/new', '/admin/partnerships/new', {
      name: 'No token partnership',
      slug,
      region: 'London',
    });
    expect(first.status).toBe(303);
    const res = await admin.post(first.headers['location']).type('form').send({});
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired');
    const wrong = await admin.post(first.headers['location']).type('form').send({ _csrf: 'not-the-token' });
    expect(wrong.status).toBe(403);
    expect(await world.tenancy.findTenantBySlug(slug)).toBeNull();
  });
});
