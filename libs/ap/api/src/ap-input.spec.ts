import { UnitOfWork } from '@rep-hub/platform';
import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { apPlacement, ApPlacementFixture, apProvider, daysFromNow, startApiWorld } from './testing';

/**
 * One way to read input: every AP body and query is a class-validator DTO, so bad input stops at
 * the global ValidationPipe with a 400 problem+json naming each field (the messages the service
 * and the web forms give), before any service runs and without writing anything.
 */
describe('AP input refused at the DTO', () => {
  let world: ApiWorld;
  let uow: UnitOfWork;
  let p: Partnership;
  let providerId: string;
  let placed: ApPlacementFixture;
  const SOME_ID = '0f0e0d0c-0b0a-4909-8807-060504030201';

  beforeAll(async () => {
    world = await startApiWorld();
    uow = world.app.get(UnitOfWork);
    p = await world.partnership('apin', ['392', '393']);
    providerId = await apProvider(world, p);
    placed = await apPlacement(world, p, providerId);
  });
  afterAll(async () => {
    await uow?.forTenant({ tenantId: p.tenantId }, (m) =>
      m.query(`DELETE FROM job_outbox WHERE tenant_id = $1 AND status = 'pending'`, [p.tenantId]),
    );
    await world?.close();
  });

  const TABLES = [
    'pupils',
    'ap_providers',
    'ap_quality_checks',
    'ap_commissioned_places',
    'ap_cases',
    'ap_case_events',
    'ap_attendance',
    'ap_reviews',
    'ap_la_settings',
    'ap_retention_rules',
    'audit_events',
  ];
  /** Rows of every table a refused request could have written, in the partnership (both LAs seen). */
  const counts = () =>
    uow.forTenant({ tenantId: p.tenantId, laIds: p.las }, async (m) => {
      const out: Record<string, number> = {};
      for (const t of TABLES) out[t] = Number((await m.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n);
      return out;
    });

  const send = (who: string, method: 'get' | 'post' | 'put', path: string, body?: object) => {
    const r = world.http[method](path).set('Authorization', `Bearer ${p.members[who]!.token}`);
    return body ? r.send(body) : r;
  };

  type Case = [
    who: string,
    method: 'get' | 'post' | 'put',
    path: () => string,
    body: object | undefined,
    errors: object,
  ];
  const CASES: [string, Case][] = [
    [
      'a pupil with a bad UPN, no first name, a date of birth that is no date and contacts that are not people',
      [
        'la1',
        'post',
        () => '/api/v1/ap/pupils',
        {
          laId: 'not-an-id',
          upn: 'A801200005001',
          givenName: ' ',
          familyName: 'Example',
          dateOfBirth: '2013-02-30',
          senProvision: 'X',
          lookedAfter: 'yes',
          contacts: [{ name: '', relationship: 'Parent', phone: 'call me' }],
        },
        {
          laId: 'Select the pupil’s home local authority',
          upn: 'The UPN is not valid: wrong check letter at character 1',
          givenName: 'Enter the pupil’s first name',
          dateOfBirth: 'Enter the date of birth as YYYY-MM-DD',
          senProvision: 'SEN provision must be E (EHC plan), K (SEN support) or N (none)',
          lookedAfter: 'lookedAfter must be true or false',
          'contacts[0].name': 'Enter the contact’s name',
          'contacts[0].phone': 'Enter a phone number, like 0161 496 0000',
        },
      ],
    ],
    [
      'a provider of no known type offering tier 4',
      [
        'lead',
        'post',
        () => '/api/v1/ap/providers',
        { name: 'Somewhere', providerType: 'castle', urn: '12', tiers: ['tier_4'] },
        {
          providerType: 'Select the type of provider',
          urn: 'URN must be 6 digits',
          tiers: 'Tiers must be tier_1, tier_2 or tier_3',
        },
      ],
    ],
    [
      'a quality check of an unknown kind with a date that is no date',
      [
        'lead',
        'post',
        () => `/api/v1/ap/providers/${providerId}/quality-checks`,
        { kind: 'vibes', checkedOn: '2026-13-01', expiresOn: exampleFuture() },
        { kind: 'Select the kind of check', checkedOn: 'Enter the date of the check as YYYY-MM-DD' },
      ],
    ],
    [
      'places given as text in a year that is not one',
      [
        'lead',
        'put',
        () => `/api/v1/ap/providers/${providerId}/places`,
        { laId: SOME_ID, tier: 'tier_2', academicYear: '2026/28', places: 'twelve' },
        {
          academicYear: 'Enter the academic year like 2026/27',
          places: 'Enter the number of places, a whole number from 0 to 10,000',
        },
      ],
    ],
    [
      'a case by an unknown route, for no pupil, with an unknown reason and tier',
      [
        'la1',
        'post',
        () => '/api/v1/ap/cases',
        {
          route: 'by_post',
          pupilId: 'x',
          reason: 'bored',
          requestedTier: 'tier_4',
          familyViews: 'Agreed.',
          childViews: 'Agreed.',
          exclusionDays: 3,
        },
        {
          route: 'route must be school_referral, school_commission or la_commission',
          pupilId: 'Choose the pupil',
          reason: expect.stringMatching(/^Choose the reason: /),
          requestedTier: 'Choose the tier: tier_1, tier_2 or tier_3',
          exclusionType: 'Say whether the exclusion is a suspension or a permanent exclusion',
        },
      ],
    ],
    [
      'a triage with an unknown urgency, a panel date that is no date and a version that is text',
      [
        'la1',
        'post',
        () => `/api/v1/ap/cases/${placed.caseId}/transitions`,
        { action: 'triage', urgency: 'whenever', panelDate: 'next week', version: 'one' },
        {
          urgency: 'Choose the urgency: urgent, high or standard',
          panelDate: 'Enter the panel date as YYYY-MM-DD',
          version: 'version must be the case’s version number',
        },
      ],
    ],
    [
      'attendance with a session of the evening and a code nobody uses',
      [
        'provider',
        'put',
        () => `/api/v1/ap/placements/${placed.placementId}/attendance`,
        {
          sessions: [
            { date: daysFromNow(0), session: 'EVE', code: '/' },
            { date: daysFromNow(0), session: 'AM', code: 'Q9' },
          ],
        },
        {
          'sessions[0].session': 'The session must be AM or PM',
          'sessions[1].code': expect.stringMatching(/^“Q9” is not an attendance code in force on /),
        },
      ],
    ],
    [
      'a review due yesterday',
      [
        'la1',
        'post',
        () => `/api/v1/ap/cases/${placed.caseId}/reviews`,
        { dueOn: daysFromNow(-1) },
        { dueOn: 'The review must be due today or later' },
      ],
    ],
    [
      'an alert closed with an unknown decision and no version',
      [
        'la1',
        'post',
        () => `/api/v1/ap/alerts/${SOME_ID}/close`,
        { decision: 'ignored' },
        {
          decision: expect.stringMatching(/^Choose the decision: noted, action_taken/),
          version: 'version must be the alert’s version number',
        },
      ],
    ],
    [
      'LA settings out of range, with an address that is not one',
      [
        'la1',
        'put',
        () => `/api/v1/ap/la-settings/${p.las[0]}`,
        { panelCadenceDays: 0, tier2Weeks: 'twelve', safeguardingEmail: 'not an address', followUpWeeks: [6, 6] },
        {
          panelCadenceDays: 'Enter how often the panel meets, in days, from 1 to 92',
          tier2Weeks: 'Enter the tier 2 placement length in weeks, from 1 to 52',
          safeguardingEmail: 'Enter the safeguarding contact’s email address in the correct format',
          followUpWeeks: 'Each follow-up point must be a different number of weeks',
        },
      ],
    ],
    [
      'a retention rule of no months and an action nobody has',
      [
        'la1',
        'put',
        () => `/api/v1/ap/retention-rules/${p.las[0]}/attendance`,
        { retainMonths: 0, action: 'shred' },
        {
          retainMonths: 'Enter how many months to keep the records, from 1 to 1,200',
          action: 'Choose what happens: delete or anonymise',
        },
      ],
    ],
    [
      'a list of cases by a tier and a status nobody has',
      [
        'la1',
        'get',
        () => '/api/v1/ap/cases?tier=tier_9&status=lost&laId=nowhere',
        undefined,
        {
          tier: 'tier is tier_1, tier_2 or tier_3',
          status: 'status is a case status',
          laId: 'laId must be a local authority id',
        },
      ],
    ],
    [
      'measures for a period that starts on no day',
      [
        'lead',
        'get',
        () => '/api/v1/ap/measures?from=2026-02-30',
        undefined,
        { from: 'Enter the start of the period as a real date, YYYY-MM-DD' },
      ],
    ],
  ];

  it.each(CASES)('refuses %s: 400 problem+json naming each field, nothing written', async (_name, c) => {
    const [who, method, path, body, errors] = c;
    const before = await counts();
    const r = await send(who, method, path(), body);
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 400, title: 'Bad request', detail: 'Your request has invalid fields.' });
    const named = Object.fromEntries(
      (r.body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]),
    );
    expect(named).toEqual(errors);
    // one message a field, as the GOV.UK error summary shows
    expect(r.body.errors).toHaveLength(Object.keys(errors).length);
    expect(await counts()).toEqual(before);
  });

  it('refuses a field the operation does not have, naming it', async () => {
    const before = await counts();
    const r = await send('lead', 'post', '/api/v1/ap/providers', {
      name: 'Irwell Learning Centre',
      providerType: 'pru',
      ukprn: '10012345',
      tiers: ['tier_2'],
      tenantId: SOME_ID,
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: 'tenantId', message: 'property tenantId should not exist' }]);
    expect(await counts()).toEqual(before);
  });
});

/** A date well in the future (an expiry). */
function exampleFuture(): string {
  return daysFromNow(300);
}
