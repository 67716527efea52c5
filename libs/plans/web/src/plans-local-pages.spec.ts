import { UnitOfWork } from '@rep-hub/platform';
import { dateBoxes, unique, UUID, versionOf, WebWorld } from '@rep-hub/web-surface/testing';
import type TestAgent from 'supertest/lib/agent';
import { PlansWebModule } from './plans-web.module';

/**
 * The local partnership and plan action pages over HTTP, as a browser without JavaScript uses
 * them: the web app in process on this worker's real database, signed in through the form.
 */
describe('local partnership and plan action pages', () => {
  let world: WebWorld;
  let officer: TestAgent;
  let otherOfficer: TestAgent;
  let teacher: TestAgent;
  let tenantId = '';
  let laId = '';
  let schoolId = '';
  let lpPath = '';

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [PlansWebModule] });
    const tenant = await world.onboarding.createTenant(
      { slug: `lp-${unique()}`, name: `LP partnership ${unique()}`, region: 'East Midlands' },
      world.adminId,
    );
    tenantId = tenant.id;
    const la = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Derby City Council', laNumber: '831', isLead: true },
      world.adminId,
    );
    laId = la.id;
    const la2 = await world.onboarding.createOrganisation(
      tenant.id,
      { kind: 'local_authority', name: 'Derbyshire County Council', laNumber: '830' },
      world.adminId,
    );
    const school = await world.onboarding.createOrganisation(
      tenant.id,
      {
        kind: 'school',
        name: 'Hill Top Primary',
        urn: String(100000 + Math.floor(Math.random() * 899999)),
        localAuthorityId: la.id,
      },
      world.adminId,
    );
    schoolId = school.id;
    ({ officer, otherOfficer, teacher } = await world.members(tenant.id, [
      ['officer', la.id, 'la_officer'],
      ['otherOfficer', la2.id, 'la_officer'],
      ['teacher', school.id, 'setting_staff'],
    ]));
  });
  afterAll(() => world?.close());

  it('lets an LA officer set up their local partnership, add a member and a representative, naming bad fields', async () => {
    const home = await officer.get('/').expect(200);
    expect(home.text).toContain('href="/local-partnerships"');
    const empty = await world.post(officer, '/local-partnerships/new', '/local-partnerships/new', {
      laId: '',
      name: '',
    });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('href="#laId"');
    expect(empty.text).toContain('Enter the name of the local partnership');
    const made = await world.post(officer, '/local-partnerships/new', '/local-partnerships/new', {
      laId,
      name: 'Derby SEND and AP partnership',
    });
    expect(made.status).toBe(303);
    expect(made.headers['location']).toMatch(new RegExp(`^/local-partnerships/${UUID}$`));
    lpPath = made.headers['location'];
    const member = await world.post(officer, `${lpPath}/members/new`, `${lpPath}/members/new`, {
      kind: 'school_college',
      organisationId: schoolId,
      name: '',
      ...dateBoxes('joinedOn', '2026-09-01'),
    });
    expect(member.status).toBe(303);
    const page = await officer.get(lpPath).expect(200);
    const memberId = /\/local-partnerships\/members\/([0-9a-f-]{36})\/representatives\/new/.exec(page.text)![1];
    const repForm = `/local-partnerships/members/${memberId}/representatives/new`;
    const badDate = await world.post(officer, repForm, repForm, {
      fullName: 'Robin Ash',
      ...dateBoxes('fromOn', '2027-02-31'),
    });
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('href="#fromOn-day"');
    const bad = await world.post(officer, repForm, repForm, { fullName: 'Robin Ash', email: 'robin at school' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#email"');
    const rep = await world.post(officer, repForm, repForm, {
      fullName: 'Robin Ash',
      roleTitle: 'SENCo',
      email: 'robin.ash@example.org',
    });
    expect(rep.status).toBe(303);
    const after = await teacher.get(lpPath).expect(200);
    expect(after.text).toContain('Robin Ash');
    expect(after.text).toContain('Hill Top Primary');
    expect(after.text).not.toContain('Add a member organisation');
  });

  it('keeps the terms of reference as safe text, editable by the LA’s own officers only', async () => {
    const form = await officer.get(`${lpPath}/terms`).expect(200);
    const saved = await world.post(officer, `${lpPath}/terms`, `${lpPath}/terms`, {
      termsOfReference: 'We agree the plan.\n\n<script>alert(1)</script>',
      version: versionOf(form.text),
    });
    expect(saved.status).toBe(303);
    const page = await teacher.get(lpPath).expect(200);
    expect(page.text).toContain('<p class="govuk-body">We agree the plan.</p>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const stale = await world.post(officer, `${lpPath}/terms`, `${lpPath}/terms`, {
      termsOfReference: 'Again',
      version: versionOf(form.text),
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('has changed since you opened it');
    expect((await otherOfficer.get(`${lpPath}/terms`)).status).toBe(403);
  });

  it('records a meeting with attendance, a paper and a decision', async () => {
    const bad = await world.post(officer, `${lpPath}/meetings/new`, `${lpPath}/meetings/new`, {
      title: 'Autumn board',
      status: 'held',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#heldOn-day"');
    const made = await world.post(officer, `${lpPath}/meetings/new`, `${lpPath}/meetings/new`, {
      title: 'Autumn board',
      status: 'held',
      ...dateBoxes('heldOn', '2026-10-01'),
      notes: '',
    });
    expect(made.status).toBe(303);
    const meeting = made.headers['location'];
    const att = await officer.get(`${meeting}/attendance`).expect(200);
    const repId = /name="att-([0-9a-f-]{36})"/.exec(att.text)![1];
    expect(
      (
        await world.post(officer, `${meeting}/attendance`, `${meeting}/attendance`, {
          [`att-${repId}`]: 'attended',
          version: versionOf(att.text),
        })
      ).status,
    ).toBe(303);
    const http = await world.post(officer, `${meeting}/papers/new`, `${meeting}/papers/new`, {
      title: 'Sufficiency',
      url: 'http://example.org/a.pdf',
    });
    expect(http.status).toBe(400);
    expect(http.text).toContain('Enter a link starting https://');
    expect(
      (
        await world.post(officer, `${meeting}/papers/new`, `${meeting}/papers/new`, {
          title: 'Sufficiency',
          url: 'https://example.org/a.pdf',
        })
      ).status,
    ).toBe(303);
    const decision = await world.post(officer, `${meeting}/decisions/new`, `${meeting}/decisions/new`, {
      decision: 'Commission ten more places',
      ownerMemberId: '',
      ...dateBoxes('dueOn', '2027-03-31'),
    });
    expect(decision.status).toBe(303);
    const page = await teacher.get(meeting).expect(200);
    expect(page.text).toContain('Attended');
    expect(page.text).toContain('href="https://example.org/a.pdf"');
    expect(page.text).toContain('Commission ten more places');
    expect(page.text).toContain('31 March 2027');
    expect((await otherOfficer.get(`${meeting}/decisions/new`)).status).toBe(403);
  });

  it('lets the plan’s LA officer add an action and its owner record progress', async () => {
    const planId = await world.app.get(UnitOfWork).forTenant({ tenantId }, async (m) => {
      const [plan] = (await m.query(
        `INSERT INTO inclusion_plans (tenant_id, title, period_start, period_end, review_on) VALUES ($1, 'Derby inclusion plan', '2026-09-01', '2029-08-31', '2027-09-01') RETURNING id`,
        [tenantId],
      )) as { id: string }[];
      await m.query(`INSERT INTO inclusion_plan_las (tenant_id, plan_id, la_id) VALUES ($1, $2, $3)`, [
        tenantId,
        plan.id,
        laId,
      ]);
      return plan.id;
    });
    const form = `/plans/${planId}/actions/new`;
    expect((await otherOfficer.get(form)).status).toBe(403);
    const bad = await world.post(officer, form, form, { title: '', sectionKey: '', ownerOrganisationId: schoolId });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('href="#title"');
    expect(bad.text).toContain('href="#dueOn-day"');
    const made = await world.post(officer, form, form, {
      title: 'Publish the ordinarily available provision guide',
      sectionKey: 'ordinarily_available_provision',
      themeCode: 'ordinarily_available_provision',
      indicatorCode: '',
      ownerOrganisationId: schoolId,
      laId: '',
      ...dateBoxes('dueOn', '2027-03-31'),
    });
    expect(made.status).toBe(303);
    const mine = await teacher.get('/plans/actions/mine').expect(200);
    const actionPath = /href="(\/plans\/actions\/[0-9a-f-]{36})"/.exec(mine.text)![1];
    const page = await teacher.get(actionPath).expect(200);
    const saved = await world.post(teacher, actionPath, actionPath, {
      status: 'in_progress',
      rag: 'amber',
      progressNote: 'Draft shared with the forum',
      version: versionOf(page.text),
    });
    expect(saved.status).toBe(303);
    const after = await officer.get(actionPath).expect(200);
    expect(after.text).toContain('Draft shared with the forum');
    expect(after.text).toContain('teacher test user');
    const list = await officer.get(`/plans/${planId}/actions`).expect(200);
    expect(list.text).toContain('In progress');
    const notOwner = await world.post(otherOfficer, actionPath, actionPath, {
      status: 'done',
      rag: 'green',
      version: '2',
    });
    expect(notOwner.status).toBe(403);
  });
});
