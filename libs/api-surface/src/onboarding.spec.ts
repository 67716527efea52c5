import { ConflictException, NotFoundException } from '@nestjs/common';
import { OnboardingService } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, NIL_TENANT, UnitOfWork } from '@rep-hub/platform';
import { TenancyService } from '@rep-hub/tenancy';
import { randomUUID } from 'node:crypto';
import { ApiWorld } from './testing/api-world';

/**
 * OnboardingService called with plain input, as the web admin's forms call it (no DTO layer in
 * front): bad values answer InvalidFieldsException naming the fields, never a 500, and nothing is
 * written; a user's memberships across partnerships are listed with names and audited.
 * Real PostgreSQL, as the app role.
 */
describe('OnboardingService with plain input', () => {
  let world: ApiWorld;
  let onboarding: OnboardingService;
  let uow: UnitOfWork;
  let actorId: string;

  beforeAll(async () => {
    world = await ApiWorld.start();
    onboarding = world.app.get(OnboardingService);
    uow = world.app.get(UnitOfWork);
    const me = await world.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${world.adminToken}`);
    actorId = me.body.userId;
    expect(actorId).toMatch(/^[0-9a-f-]{36}$/);
  });
  afterAll(() => world?.close());

  /** The field errors the call was refused with (fails the test if it was not). */
  async function fieldErrors(call: Promise<unknown>): Promise<FieldError[]> {
    const error = await call.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidFieldsException);
    expect((error as InvalidFieldsException).getStatus()).toBe(400);
    return (error as InvalidFieldsException).fieldErrors;
  }
  const fields = (errors: FieldError[]) => errors.map((e) => e.field).sort();
  const unique = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
  const platformAudits = (action: string, subjectId: string) =>
    uow.forTenant({ tenantId: NIL_TENANT }, (m) =>
      m.query(
        `SELECT actor_id, subject_type, subject_ids FROM audit_events WHERE action = $1 AND subject_ids @> ARRAY[$2]::uuid[] ORDER BY occurred_at`,
        [action, subjectId],
      ),
    ) as Promise<{ actor_id: string; subject_type: string; subject_ids: string[] }[]>;

  async function newTenant(label: string) {
    return onboarding.createTenant({ slug: unique(label), name: `${label} partnership` }, actorId);
  }

  describe('createTenant', () => {
    it('names each bad field with a GOV.UK message and writes nothing', async () => {
      const before = (await onboarding.listTenants()).items.length;
      const errors = await fieldErrors(
        onboarding.createTenant({ slug: 'Not A Slug', name: '', region: 'x'.repeat(101) }, actorId),
      );
      expect(errors).toEqual([
        {
          field: 'slug',
          message: 'The slug must be lower-case letters and numbers joined by hyphens, like east-midlands',
        },
        { field: 'name', message: 'Enter the partnership name' },
        { field: 'region', message: 'The region must be 100 characters or fewer' },
      ]);
      const missing = await fieldErrors(onboarding.createTenant({} as never, actorId));
      expect(missing).toEqual([
        { field: 'slug', message: 'Enter the partnership slug' },
        { field: 'name', message: 'Enter the partnership name' },
      ]);
      expect(
        fields(
          await fieldErrors(onboarding.createTenant({ slug: 'a'.repeat(64), name: 'n', region: 7 as never }, actorId)),
        ),
      ).toEqual(['region', 'slug']);
      expect((await onboarding.listTenants()).items.length).toBe(before);
    });

    it('creates with its audit row, refuses a taken slug with 409, and finds it by id (404 for none)', async () => {
      const slug = unique('plain');
      const tenant = await onboarding.createTenant(
        { slug, name: 'Plain partnership', region: 'East Midlands' },
        actorId,
      );
      expect(tenant).toMatchObject({ slug, name: 'Plain partnership', region: 'East Midlands', status: 'active' });
      expect(Object.keys(tenant).sort()).toEqual(['createdAt', 'id', 'name', 'region', 'slug', 'status']);
      const audits = await platformAudits('tenant.create', tenant.id);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({ actor_id: actorId, subject_type: 'Tenant' });
      await expect(onboarding.createTenant({ slug, name: 'Again' }, actorId)).rejects.toBeInstanceOf(ConflictException);
      expect((await onboarding.getTenant(tenant.id)).slug).toBe(slug);
      await expect(onboarding.getTenant(randomUUID())).rejects.toBeInstanceOf(NotFoundException);
      await expect(onboarding.getTenant('not-a-uuid')).rejects.toBeInstanceOf(NotFoundException);
    });
  });

  describe('createOrganisation', () => {
    let tenantId: string;
    beforeAll(async () => {
      tenantId = (await newTenant('orgs')).id;
    });

    it('checks kind, name and the identifiers’ shapes', async () => {
      const errors = await fieldErrors(
        onboarding.createOrganisation(
          tenantId,
          {
            kind: 'charity' as never,
            name: '',
            laNumber: '85',
            urn: '12345',
            ukprn: 'x',
            ofstedUrn: 7 as never,
            isLead: 'yes' as never,
            localAuthorityId: 'la',
          },
          actorId,
        ),
      );
      expect(errors).toEqual(
        expect.arrayContaining([
          { field: 'kind', message: 'Select the kind of organisation' },
          { field: 'name', message: 'Enter the organisation name' },
          { field: 'laNumber', message: 'The LA number must be three digits, like 856' },
          { field: 'urn', message: 'The URN must be six digits, like 120000' },
          { field: 'ukprn', message: 'The UKPRN must be eight digits, like 10012345' },
          {
            field: 'ofstedUrn',
            message: 'The Ofsted URN must be EY and six digits, or six or seven digits, like EY123456',
          },
          { field: 'isLead', message: 'Select whether the local authority leads the partnership' },
          { field: 'localAuthorityId', message: 'Select the local authority from the list' },
        ]),
      );
      expect(errors).toHaveLength(8);
      expect(
        fields(
          await fieldErrors(onboarding.createOrganisation(tenantId, { kind: 'icb', name: 'x'.repeat(201) }, actorId)),
        ),
      ).toEqual(['name']);
      expect((await onboarding.listOrganisations(tenantId)).items).toEqual([]);
    });

    it('treats blank optional fields as left out and still does the cross-field checks', async () => {
      expect(
        await fieldErrors(
          onboarding.createOrganisation(
            tenantId,
            { kind: 'local_authority', name: 'Blank LA', laNumber: '', isLead: null },
            actorId,
          ),
        ),
      ).toEqual([{ field: 'laNumber', message: 'Enter the local authority’s three-digit DfE number' }]);
      expect(
        await fieldErrors(
          onboarding.createOrganisation(
            tenantId,
            { kind: 'school', name: 'Blank school', urn: '  ', ukprn: '', laNumber: '' },
            actorId,
          ),
        ),
      ).toEqual([{ field: 'urn', message: 'Enter the school’s URN' }]);
      // an Ofsted URN is checked by the reference validator, whatever the kind
      expect(
        await fieldErrors(
          onboarding.createOrganisation(tenantId, { kind: 'icb', name: 'An ICB', ofstedUrn: 'EY12' }, actorId),
        ),
      ).toEqual([{ field: 'ofstedUrn', message: 'An Ofsted URN starting EY has 6 digits after it' }]);
      expect(
        await fieldErrors(
          onboarding.createOrganisation(
            tenantId,
            { kind: 'school', name: 'Lead school', urn: '120001', isLead: true },
            actorId,
          ),
        ),
      ).toEqual([{ field: 'isLead', message: 'Only a local authority has an LA number or is a lead' }]);
      expect(
        fields(
          await fieldErrors(
            onboarding.createOrganisation(
              tenantId,
              { kind: 'local_authority', name: 'Nowhere', laNumber: '999' },
              actorId,
            ),
          ),
        ),
      ).toEqual(['laNumber']);
      expect((await onboarding.listOrganisations(tenantId)).items).toEqual([]);
    });

    it('creates an LA (ONS code looked up) and a school under it from form-like input, each audited', async () => {
      const la = await onboarding.createOrganisation(
        tenantId,
        { kind: 'local_authority', name: 'Leicester', laNumber: '856', isLead: true, urn: '', ukprn: '' },
        actorId,
      );
      expect(la).toMatchObject({
        kind: 'local_authority',
        laNumber: '856',
        gssCode: 'E06000016',
        isLead: true,
        urn: null,
        ukprn: null,
        localAuthorityId: null,
        status: 'active',
      });
      const school = await onboarding.createOrganisation(
        tenantId,
        {
          kind: 'school',
          name: 'A school',
          urn: String(900000 + Math.floor(Math.random() * 99999)),
          localAuthorityId: la.id,
          laNumber: '',
        },
        actorId,
      );
      expect(school).toMatchObject({ kind: 'school', laNumber: null, isLead: false, localAuthorityId: la.id });
      // localAuthorityId must be an LA of this partnership: a school is not
      expect(
        await fieldErrors(
          onboarding.createOrganisation(
            tenantId,
            { kind: 'school', name: 'B school', urn: '120002', localAuthorityId: school.id },
            actorId,
          ),
        ),
      ).toEqual([
        { field: 'localAuthorityId', message: 'localAuthorityId must be a local authority of this partnership' },
      ]);
      expect((await onboarding.listOrganisations(tenantId)).items.map((o) => o.id).sort()).toEqual(
        [la.id, school.id].sort(),
      );
      const audits = await uow.forTenant({ tenantId }, (m) =>
        m.query(`SELECT subject_ids FROM audit_events WHERE action = 'organisation.create' ORDER BY occurred_at`),
      );
      expect(audits.map((a: { subject_ids: string[] }) => a.subject_ids[0])).toEqual([la.id, school.id]);
    });

    it('answers 404 for an unknown or malformed partnership before anything else', async () => {
      await expect(
        onboarding.createOrganisation(randomUUID(), { kind: 'charity' as never, name: '' }, actorId),
      ).rejects.toBeInstanceOf(NotFoundException);
      await expect(onboarding.createOrganisation('nope', { kind: 'icb', name: 'ICB' }, actorId)).rejects.toBeInstanceOf(
        NotFoundException,
      );
      await expect(onboarding.listOrganisations(randomUUID())).rejects.toBeInstanceOf(NotFoundException);
    });
  });

  describe('createUser and listUsers', () => {
    it('checks email, name and platform role, and writes nothing when any is wrong', async () => {
      const email = `${unique('bad')}@council.example`;
      expect(
        await fieldErrors(
          onboarding.createUser(
            { email: 'not-an-email', displayName: '', platformRole: 'superuser' as never },
            actorId,
          ),
        ),
      ).toEqual([
        { field: 'email', message: 'Enter an email address in the correct format, like name@example.com' },
        { field: 'displayName', message: 'Enter the user’s name' },
        { field: 'platformRole', message: 'Select platform admin, National Board or no platform role' },
      ]);
      expect(
        fields(await fieldErrors(onboarding.createUser({ email: '', displayName: 'x'.repeat(201) }, actorId))),
      ).toEqual(['displayName', 'email']);
      expect(
        fields(
          await fieldErrors(
            onboarding.createUser({ email: `${'a'.repeat(250)}@x.example`, displayName: 'Long' }, actorId),
          ),
        ),
      ).toEqual(['email']);
      expect(
        fields(
          await fieldErrors(
            onboarding.createUser({ email, displayName: 'Real name', platformRole: 'superuser' as never }, actorId),
          ),
        ),
      ).toEqual(['platformRole']);
      expect(await world.app.get(TenancyService).findUserByEmail(email)).toBeNull();
    });

    it('creates an invited user from form-like input (blank platform role: none), with an invite link; 409 for the same email', async () => {
      const email = `${unique('plain')}@council.example`;
      const user = await onboarding.createUser(
        { email, displayName: 'Plain user', platformRole: '' as never },
        actorId,
      );
      expect(user).toMatchObject({ email, displayName: 'Plain user', platformRole: null, status: 'invited' });
      expect(user.invite.token).toEqual(expect.any(String));
      expect(user.invite.url).toContain(user.invite.token);
      expect(await platformAudits('user.create', user.id)).toHaveLength(1);
      await expect(
        onboarding.createUser({ email: email.toUpperCase(), displayName: 'Again' }, actorId),
      ).rejects.toBeInstanceOf(ConflictException);
      expect(await onboarding.getUser(user.id)).toEqual({
        id: user.id,
        email,
        displayName: 'Plain user',
        platformRole: null,
        status: 'invited',
      });
      await expect(onboarding.getUser(randomUUID())).rejects.toBeInstanceOf(NotFoundException);
    });

    it('pages users by email with a limit, audits each page, and refuses a bad limit or cursor', async () => {
      for (let i = 0; i < 3; i++)
        await onboarding.createUser({ email: `${unique('page')}@council.example`, displayName: `Page ${i}` }, actorId);
      const one = await onboarding.listUsers({ limit: 2 }, actorId);
      expect(one.items).toHaveLength(2);
      expect(one.nextCursor).toBe(one.items[1].email);
      const two = await onboarding.listUsers({ after: one.nextCursor!, limit: 2 }, actorId);
      expect(two.items[0].email > one.items[1].email).toBe(true);
      expect(two.items.map((u) => u.id)).not.toEqual(expect.arrayContaining([one.items[0].id]));
      const audit = await platformAudits('user.list', two.items[0].id);
      expect(
        audit.some(
          (a) => a.subject_ids.length === 2 && a.subject_ids.every((id) => two.items.some((u) => u.id === id)),
        ),
      ).toBe(true);
      const all = await onboarding.listUsers({}, actorId);
      expect(all.items.length).toBeGreaterThanOrEqual(5);
      expect(all.items.length).toBeLessThanOrEqual(100);
      for (const limit of [0, 101, 1.5, Number.NaN])
        expect(fields(await fieldErrors(onboarding.listUsers({ limit }, actorId)))).toEqual(['limit']);
      expect(fields(await fieldErrors(onboarding.listUsers({ after: ['a', 'b'] as never }, actorId)))).toEqual([
        'after',
      ]);
      expect(fields(await fieldErrors(onboarding.listUsers({ after: 'a'.repeat(255) }, actorId)))).toEqual(['after']);
    });
  });

  describe('memberships', () => {
    let alpha: { id: string; name: string };
    let beta: { id: string; name: string };
    let alphaLa: string;
    let betaSchool: string;
    let userId: string;

    beforeAll(async () => {
      alpha = await onboarding.createTenant(
        { slug: unique('m-alpha'), name: 'Alpha memberships partnership' },
        actorId,
      );
      beta = await onboarding.createTenant({ slug: unique('m-beta'), name: 'Beta memberships partnership' }, actorId);
      alphaLa = (
        await onboarding.createOrganisation(
          alpha.id,
          { kind: 'local_authority', name: 'Alpha LA', laNumber: '352' },
          actorId,
        )
      ).id;
      const betaLa = (
        await onboarding.createOrganisation(
          beta.id,
          { kind: 'local_authority', name: 'Beta LA', laNumber: '358' },
          actorId,
        )
      ).id;
      betaSchool = (
        await onboarding.createOrganisation(
          beta.id,
          {
            kind: 'school',
            name: 'Beta school',
            urn: String(900000 + Math.floor(Math.random() * 99999)),
            localAuthorityId: betaLa,
          },
          actorId,
        )
      ).id;
      userId = (
        await onboarding.createUser({ email: `${unique('member')}@council.example`, displayName: 'Member' }, actorId)
      ).id;
    });

    it('checks ids and role before any lookup (an unknown role is a field error, not a 500)', async () => {
      expect(
        await fieldErrors(
          onboarding.addMembership(
            alpha.id,
            { userId: 'someone', organisationId: '', role: 'owner' as never },
            actorId,
          ),
        ),
      ).toEqual([
        { field: 'userId', message: 'Select the user' },
        { field: 'organisationId', message: 'Select the organisation' },
        { field: 'role', message: 'Select the role' },
      ]);
      expect(
        await fieldErrors(
          onboarding.addMembership(alpha.id, { userId, organisationId: alphaLa, role: 'setting_staff' }, actorId),
        ),
      ).toEqual([{ field: 'role', message: 'A setting_staff belongs to a school, not a local_authority' }]);
      expect(
        fields(
          await fieldErrors(
            onboarding.addMembership(alpha.id, { userId, organisationId: betaSchool, role: 'setting_staff' }, actorId),
          ),
        ),
      ).toEqual(['organisationId']);
      expect(
        fields(
          await fieldErrors(
            onboarding.addMembership(
              alpha.id,
              { userId: randomUUID(), organisationId: alphaLa, role: 'la_officer' },
              actorId,
            ),
          ),
        ),
      ).toEqual(['userId']);
      await expect(
        onboarding.addMembership(randomUUID(), { userId, organisationId: alphaLa, role: 'la_officer' }, actorId),
      ).rejects.toBeInstanceOf(NotFoundException);
      expect((await onboarding.listUserMemberships(userId, actorId)).items).toEqual([]);
    });

    it("lists one user's memberships across partnerships with names and status, audited as membership.list", async () => {
      const officer = await onboarding.addMembership(
        alpha.id,
        { userId, organisationId: alphaLa, role: 'la_officer' },
        actorId,
      );
      expect(officer).toMatchObject({
        tenantId: alpha.id,
        userId,
        organisationId: alphaLa,
        role: 'la_officer',
        status: 'active',
      });
      await expect(
        onboarding.addMembership(alpha.id, { userId, organisationId: alphaLa, role: 'la_officer' }, actorId),
      ).rejects.toBeInstanceOf(ConflictException);
      const staff = await onboarding.addMembership(
        beta.id,
        { userId, organisationId: betaSchool, role: 'setting_staff' },
        actorId,
      );
      const dpo = await onboarding.addMembership(
        alpha.id,
        { userId, organisationId: alphaLa, role: 'data_protection_officer' },
        actorId,
      );
      await onboarding.revokeMembership(alpha.id, dpo.id, actorId);
      await expect(onboarding.revokeMembership(alpha.id, dpo.id, actorId)).rejects.toBeInstanceOf(NotFoundException);
      await expect(onboarding.revokeMembership(beta.id, officer.id, actorId)).rejects.toBeInstanceOf(NotFoundException);
      await expect(onboarding.revokeMembership(alpha.id, 'not-an-id', actorId)).rejects.toBeInstanceOf(
        NotFoundException,
      );

      const before = (await platformAudits('membership.list', userId)).length;
      const { items } = await onboarding.listUserMemberships(userId, actorId);
      expect(items).toEqual([
        {
          id: dpo.id,
          tenantId: alpha.id,
          partnershipName: alpha.name,
          organisationId: alphaLa,
          organisationName: 'Alpha LA',
          organisationKind: 'local_authority',
          role: 'data_protection_officer',
          status: 'revoked',
        },
        {
          id: officer.id,
          tenantId: alpha.id,
          partnershipName: alpha.name,
          organisationId: alphaLa,
          organisationName: 'Alpha LA',
          organisationKind: 'local_authority',
          role: 'la_officer',
          status: 'active',
        },
        {
          id: staff.id,
          tenantId: beta.id,
          partnershipName: beta.name,
          organisationId: betaSchool,
          organisationName: 'Beta school',
          organisationKind: 'school',
          role: 'setting_staff',
          status: 'active',
        },
      ]);
      const audits = await platformAudits('membership.list', userId);
      expect(audits).toHaveLength(before + 1);
      expect(audits[audits.length - 1]).toEqual({ actor_id: actorId, subject_type: 'User', subject_ids: [userId] });

      // the partnership's list shows the same rows, the revoked one included
      const alphaList = await onboarding.listMemberships(alpha.id, actorId);
      expect(alphaList.items.map((x) => [x.id, x.status])).toEqual([
        [officer.id, 'active'],
        [dpo.id, 'revoked'],
      ]);
    });

    it('answers 404 for an unknown user, and an empty list for a user with no roles', async () => {
      await expect(onboarding.listUserMemberships(randomUUID(), actorId)).rejects.toBeInstanceOf(NotFoundException);
      await expect(onboarding.listUserMemberships('x', actorId)).rejects.toBeInstanceOf(NotFoundException);
      expect((await onboarding.listUserMemberships(actorId, actorId)).items).toEqual([]);
    });
  });

  describe('password and MFA resets', () => {
    it('answers 404 for an unknown user and makes a link for a real one', async () => {
      await expect(onboarding.passwordReset(randomUUID(), actorId)).rejects.toBeInstanceOf(NotFoundException);
      await expect(onboarding.passwordReset('x', actorId)).rejects.toBeInstanceOf(NotFoundException);
      await expect(onboarding.mfaReset(randomUUID(), actorId)).rejects.toBeInstanceOf(NotFoundException);
      const user = await onboarding.createUser(
        { email: `${unique('reset')}@council.example`, displayName: 'Reset' },
        actorId,
      );
      const link = await onboarding.passwordReset(user.id, actorId);
      expect(link.token).toEqual(expect.any(String));
      expect(link.token).not.toBe(user.invite.token);
      await expect(onboarding.mfaReset(user.id, actorId)).resolves.toBeUndefined();
    });
  });
});
