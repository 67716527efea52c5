import { FieldError } from '@rep-hub/platform';
import { Membership, Organisation, OrganisationKind, Tenant, User } from '@rep-hub/tenancy';
import { isEmail, isUUID } from 'class-validator';

/** The longest email address accepted (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;

export const tenantView = (t: Tenant) => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  region: t.region,
  status: t.status,
  createdAt: t.createdAt,
});
export const organisationView = (o: Organisation) => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  laNumber: o.laNumber,
  gssCode: o.gssCode,
  isLead: o.isLead,
  urn: o.urn,
  ukprn: o.ukprn,
  ofstedUrn: o.ofstedUrn,
  localAuthorityId: o.localAuthorityId,
  status: o.status,
  version: o.version,
});
export const userView = (u: User) => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  platformRole: u.platformRole,
  status: u.status,
});
export const membershipView = (r: Membership) => ({
  id: r.id,
  userId: r.userId,
  organisationId: r.organisationId,
  role: r.role,
  status: r.status,
});

export type TenantView = ReturnType<typeof tenantView>;
export type OrganisationView = ReturnType<typeof organisationView>;
export type UserView = ReturnType<typeof userView>;
export type MembershipView = ReturnType<typeof membershipView>;

/** One role of one user, with the names of where it is held (the admin's view of a user). */
export interface UserMembershipView {
  id: string;
  tenantId: string;
  partnershipName: string;
  organisationId: string;
  organisationName: string | null;
  organisationKind: OrganisationKind | null;
  role: string;
  status: Membership['status'];
}

export const isString = (v: unknown): v is string => typeof v === 'string';
/** An optional field left out: absent, null or (as a web form posts it) blank. */
export const isBlank = (v: unknown): v is null | undefined | '' =>
  v === undefined || v === null || (isString(v) && v.trim() === '');
/** A required text field: a string of 1 to `max` characters (as the API's DTOs check it). */
export function requireText(
  errors: FieldError[],
  field: string,
  value: unknown,
  max: number,
  missing: string,
  tooLong: string,
): void {
  if (!isString(value) || value.length < 1) errors.push({ field, message: missing });
  else if (value.length > max) errors.push({ field, message: tooLong });
}
export const isId = (v: unknown): v is string => isString(v) && isUUID(v, 'all');

/** An email address field: present, at most 254 characters, of the right shape. */
export function requireEmail(errors: FieldError[], field: string, value: unknown): void {
  if (!isString(value) || value.length < 1) errors.push({ field, message: 'Enter an email address' });
  else if (value.length > MAX_EMAIL_LENGTH)
    errors.push({ field, message: 'The email address must be 254 characters or fewer' });
  else if (!isEmail(value))
    errors.push({ field, message: 'Enter an email address in the correct format, like name@example.com' });
}
