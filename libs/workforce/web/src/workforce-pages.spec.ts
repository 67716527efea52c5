import type TestAgent from 'supertest/lib/agent';
import { schoolToday } from '@rep-hub/platform';
import { unique, WebWorld } from '@rep-hub/web-surface/testing';
import { addMonths } from '@rep-hub/workforce-domain';
import { WorkforceWebModule } from './workforce-web.module';

type Who = 'workforce' | 'trainer' | 'officer' | 'otherOfficer' | 'school' | 'dpo';

/**
 * Workforce training's pages over HTTP, as a browser without JavaScript uses them: the lead's
 * "Training" task in place of "Coming soon", a cohort set up (problems named on the same page) and
 * its places given; the training provider records a participant, enrols them, is told which moves
 * are possible, changes the status and declares a milestone; an LA officer reads their own LA's
 * enrolments only, and settings' staff have nothing here; the overview lists the windows to
 * qualify ending soon to those who may see the enrolment. The LA's data protection officer finds
 * the participant on the core's subject access pages about adults and downloads the draft.
 */
describe('workforce pages', () => {
  let world: WebWorld;
  let laId: string;
  let otherLaId: string;
  let providerId: string;
  let cohortUrl = '';
  let enrolmentUrl = '';
  const agents = {} as Record<Who, TestAgent>;

  beforeAll(async () => {
    world = await WebWorld.start({ modules: [WorkforceWebModule] });
    const o = world.onboarding;
    const tenant = await o.createTenant(
      { slug: `wfw-${unique()}`, name: `Workforce pages partnership ${unique()}`, region: 'North West' },
      world.adminId,
    );
    const org = (x: Parameters<typeof o.createOrganisation>[1]) => o.createOrganisation(tenant.id, x, world.adminId);
    laId = (await org({ kind: 'local_authority', name: 'Bolton', laNumber: '350', isLead: true })).id;
    otherLaId = (await org({ kind: 'local_authority', name: 'Bury', laNumber: '351' })).id;
    providerId = (await org({ kind: 'training_provider', name: 'Northern Training' })).id;
    const school = await org({ kind: 'school', name: 'Hilltop Primary', urn: '912345', localAuthorityId: laId });
    Object.assign(
      agents,
      await world.members(tenant.id, [
        ['workforce', laId, 'workforce_lead'],
        ['trainer', providerId, 'training_provider_staff'],
        ['officer', laId, 'la_officer'],
        ['otherOfficer', otherLaId, 'la_officer'],
        ['school', school.id, 'setting_staff'],
        ['dpo', laId, 'data_protection_officer'],
      ]),
    );
  });
  afterAll(() => world?.close());

  it('gives the workforce lead the Training task in place of “Coming soon”, and the overview with the national programmes', async () => {
    const home = await agents.workforce.get('/').expect(200);
    expect(home.text).toContain('href="/workforce"');
    expect(home.text).not.toMatch(/Training<\/span> <strong class="govuk-tag govuk-tag--grey">Coming soon/);
    const overview = await agents.workforce.get('/workforce').expect(200);
    expect(overview.text.match(/<h1/g)).toHaveLength(1);
    for (const name of [
      'Early years SENCO level 3',
      'NPQ for SENCOs',
      'Educational psychologist training',
      'Supported internship job coach training',
    ])
      expect([name, overview.text.includes(name)]).toEqual([name, true]);
    expect(overview.text).toContain('href="/workforce/cohorts/new"');
    await agents.school.get('/workforce').expect(403);
  });

  it('sets up a cohort through the form, naming each problem on the same page, then gives an LA its places', async () => {
    const bad = await world.post(agents.workforce, '/workforce/cohorts/new', '/workforce/cohorts/new', {
      programmeId: '',
      providerId,
      name: '',
      intakeYear: '2026',
      intakeTerm: 'autumn',
      'startsOn-day': '5',
      'startsOn-month': '10',
      'startsOn-year': '2026',
      'endsOn-day': '30',
      'endsOn-month': '6',
      'endsOn-year': '2028',
      fundedPlaces: 'ten',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('There is a problem');
    for (const id of ['#programmeId', '#name', '#fundedPlaces'])
      expect([id, bad.text.includes(`href="${id}"`)]).toEqual([id, true]);
    const form = await agents.workforce.get('/workforce/cohorts/new').expect(200);
    const npq = /<option value="([0-9a-f-]{36})"[^>]*>NPQ for SENCOs<\/option>/.exec(form.text)![1];
    const made = await world.post(agents.workforce, '/workforce/cohorts/new', '/workforce/cohorts/new', {
      programmeId: npq,
      providerId,
      name: 'NPQ for SENCOs, autumn 2026',
      intakeYear: '2026',
      intakeTerm: 'autumn',
      'startsOn-day': '5',
      'startsOn-month': '10',
      'startsOn-year': '2026',
      'endsOn-day': '30',
      'endsOn-month': '6',
      'endsOn-year': '2028',
      fundedPlaces: '3',
    });
    expect(made.status).toBe(303);
    cohortUrl = made.headers['location'];
    const over = await world.post(agents.workforce, cohortUrl, `${cohortUrl}/allocations`, { laId, places: '4' });
    expect(over.status).toBe(409);
    expect(over.text).toContain('add up to more than the cohort’s funded places');
    const saved = await world.post(agents.workforce, cohortUrl, `${cohortUrl}/allocations`, { laId, places: '2' });
    expect(saved.status).toBe(303);
    const page = await agents.workforce.get(cohortUrl).expect(200);
    expect(page.text).toContain('3 (2 allocated, 0 filled)');
  });

  // took up the post 35 months ago: the NPQ's 36-month window to qualify ends in about a month
  const [tookY, tookM, tookD] = addMonths(schoolToday(), -35).split('-');

  it('lets the provider record and enrol a participant, move them and declare a milestone', async () => {
    const bad = await world.post(agents.trainer, '/workforce/participants/new', '/workforce/participants/new', {
      fullName: 'Amina Shah',
      workEmail: 'amina',
      role: 'senco',
      laId,
      settingKind: 'early_years',
      settingIdentifier: 'XX1',
    });
    expect(bad.status).toBe(400);
    for (const id of ['#workEmail', '#settingIdentifier'])
      expect([id, bad.text.includes(`href="${id}"`)]).toEqual([id, true]);
    const made = await world.post(agents.trainer, '/workforce/participants/new', '/workforce/participants/new', {
      fullName: 'Amina Shah',
      workEmail: 'amina.shah@nursery.example',
      role: 'early_years_practitioner',
      laId,
      settingKind: 'early_years',
      settingIdentifier: 'EY123456',
      'tookUpPostOn-day': String(Number(tookD)),
      'tookUpPostOn-month': String(Number(tookM)),
      'tookUpPostOn-year': tookY,
    });
    expect(made.status).toBe(303);
    const cohort = await agents.trainer.get(cohortUrl).expect(200);
    const who = /<option value="([0-9a-f-]{36})"[^>]*>Amina Shah \(Bolton\)<\/option>/.exec(cohort.text)![1];
    const enrolled = await world.post(agents.trainer, cohortUrl, `${cohortUrl}/enrolments`, { participantId: who });
    expect(enrolled.status).toBe(303);
    enrolmentUrl = enrolled.headers['location'];
    const impossible = await world.post(agents.trainer, enrolmentUrl, `${enrolmentUrl}/transitions`, {
      status: 'completed',
      version: '1',
    });
    expect(impossible.status).toBe(409);
    expect(impossible.text).toContain('it can become enrolled or withdrawn');
    for (const [status, version] of [
      ['enrolled', '1'],
      ['active', '2'],
    ])
      expect(
        (await world.post(agents.trainer, enrolmentUrl, `${enrolmentUrl}/transitions`, { status, version })).status,
      ).toBe(303);
    const milestone = await world.post(agents.trainer, enrolmentUrl, `${enrolmentUrl}/milestones`, {
      milestone: 'started',
      'evidenceOn-day': '5',
      'evidenceOn-month': '10',
      'evidenceOn-year': '2026',
    });
    expect(milestone.status).toBe(303);
    const page = await agents.trainer.get(enrolmentUrl).expect(200);
    expect(page.text).toContain('Started: evidence dated 5 October 2026');
    expect(page.text).toContain('Enrolled to Active');
  });

  it('shows the LA officer their own LA’s enrolments only, without the provider’s forms', async () => {
    const page = await agents.officer.get(enrolmentUrl).expect(200);
    expect(page.text).not.toContain('Change the status');
    await agents.otherOfficer.get(enrolmentUrl).expect(404);
    const cohort = await agents.otherOfficer.get(cohortUrl).expect(200);
    expect(cohort.text).not.toContain('Amina Shah');
    await agents.school.get(enrolmentUrl).expect(403);
  });

  it('lists the window to qualify ending soon on the overview, for those who may see the enrolment only', async () => {
    const ends = /<td class="govuk-table__cell">([^<]+)<\/td>\s*<td class="govuk-table__cell">Window to qualify<\/td>/;
    for (const who of ['workforce', 'officer', 'trainer'] as const) {
      const page = await agents[who].get('/workforce').expect(200);
      expect([who, page.text.includes('data-testid="ending-soon"'), page.text.includes('Amina Shah')]).toEqual([
        who,
        true,
        true,
      ]);
      expect(ends.exec(page.text)?.[1]).toMatch(new RegExp(`^\\d{1,2} \\w+ ${Number(tookY) + 3}$`));
      expect(page.text).toContain(`href="${enrolmentUrl}"`);
    }
    const other = await agents.otherOfficer.get('/workforce').expect(200);
    expect(other.text).not.toContain('Amina Shah');
    expect(other.text).not.toContain('data-testid="ending-soon"');
  });

  it('lets the LA’s data protection officer find the participant by work email or name, see what is held and download the draft', async () => {
    const home = await agents.dpo.get('/').expect(200);
    expect(home.text).toContain('href="/subject-access/people"');
    const form = await agents.dpo.get('/subject-access/people').expect(200);
    expect(form.text).toContain('Work email');
    const empty = await agents.dpo.get('/subject-access/people?email=&name=');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('href="#email"');
    const found = await agents.dpo.get('/subject-access/people?email=AMINA.SHAH%40nursery.example').expect(200);
    const id = /href="\/subject-access\/people\/([0-9a-f-]{36})"/.exec(found.text)![1];
    expect(found.text).toContain('Workforce training participant (Early years practitioner)');
    const byName = await agents.dpo.get('/subject-access/people?name=shah').expect(200);
    expect(byName.text).toContain(`/subject-access/people/${id}`);
    const held = await agents.dpo.get(`/subject-access/people/${id}`).expect(200);
    expect(held.text).toContain('What is held about this person');
    expect(held.text).toContain('amina.shah@nursery.example');
    expect(held.text).toContain('Training enrolments, their history and milestones');
    const json = await agents.dpo.get(`/subject-access/people/${id}/draft.json`).expect(200);
    expect(json.headers['content-disposition']).toBe(`attachment; filename="subject-access-draft-${id}.json"`);
    const draft = JSON.parse(json.text) as { trainingEnrolments: { history: { toStatus: string }[] }[] };
    expect(draft.trainingEnrolments[0].history.map((h) => h.toStatus)).toEqual(['applied', 'enrolled', 'active']);
    const pdf = await agents.dpo
      .get(`/subject-access/people/${id}/draft.pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await agents.officer.get('/subject-access/people').expect(403);
    await agents.officer.get(`/subject-access/people/${id}`).expect(403);
  });
});
