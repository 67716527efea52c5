import { controllingLa, Granter, managesPeople, mayGrant, PLATFORM_GRANTER } from './grant-authority';

/** Who may grant what, as a table: each LA decides who opens its children; the lead gives partnership-wide roles. */
describe('who may grant what', () => {
  const laA = { id: 'la-a', kind: 'local_authority', localAuthorityId: null };
  const schoolOfA = { id: 'school-a', kind: 'school', localAuthorityId: 'la-a' };
  const providerWithNoLa = { id: 'provider', kind: 'provider_kind', localAuthorityId: null };
  const icb = { id: 'icb', kind: 'icb', localAuthorityId: null };
  const as = (role: string, organisationId: string): Granter => ({
    platformAdmin: false,
    memberships: [{ role, organisationId }],
  });

  it('gives the roles that open an LA’s children to that LA’s admins and the platform admin only', () => {
    for (const place of [laA, schoolOfA]) {
      expect(mayGrant(as('la_admin', 'la-a'), 'la_officer', place, true).allowed).toBe(true);
      expect(mayGrant(PLATFORM_GRANTER, 'la_officer', place, true).allowed).toBe(true);
      expect(mayGrant(as('la_admin', 'la-b'), 'la_officer', place, true).allowed).toBe(false);
      expect(mayGrant(as('partnership_lead', 'la-a'), 'la_officer', place, true).allowed).toBe(false);
      expect(mayGrant(as('la_officer', 'la-a'), 'la_officer', place, true).allowed).toBe(false);
    }
    // an organisation that belongs to no LA: the platform admin only
    expect(mayGrant(as('la_admin', 'la-a'), 'staff_role', providerWithNoLa, true).allowed).toBe(false);
    expect(mayGrant(PLATFORM_GRANTER, 'staff_role', providerWithNoLa, true).allowed).toBe(true);
  });

  it('gives the partnership-wide roles to the lead (of any LA) and the platform admin only', () => {
    expect(mayGrant(as('partnership_lead', 'la-b'), 'icb_member', icb, false).allowed).toBe(true);
    expect(mayGrant(as('partnership_lead', 'la-b'), 'workforce_lead', laA, false).allowed).toBe(true);
    expect(mayGrant(as('la_admin', 'la-a'), 'workforce_lead', laA, false).allowed).toBe(false);
    expect(mayGrant(as('icb_member', 'icb'), 'icb_member', icb, false)).toEqual({
      allowed: false,
      reason: 'Only the partnership lead can give a partnership-wide role.',
    });
  });

  it('knows an organisation’s LA and who manages people', () => {
    expect([controllingLa(laA), controllingLa(schoolOfA), controllingLa(icb)]).toEqual(['la-a', 'la-a', null]);
    expect([
      managesPeople(PLATFORM_GRANTER),
      managesPeople(as('partnership_lead', 'la-a')),
      managesPeople(as('la_admin', 'la-a')),
      managesPeople(as('la_officer', 'la-a')),
    ]).toEqual([true, true, true, false]);
  });
});
