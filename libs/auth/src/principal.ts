import type { PlatformRole } from '@rep-hub/tenancy';

export interface PrincipalMembership {
  id: string;
  role: string;
  organisationId: string;
  organisationKind: string;
  /** The organisation's local authority: itself for an LA, the maintaining LA for a school. */
  localAuthorityId: string | null;
}

/**
 * Who is making a request, resolved afresh on every request from the session, the user and the
 * memberships (nothing cached), so a revoked session or membership stops at the next request.
 */
export interface Principal {
  userId: string;
  sessionId: string;
  tenantId: string | null;
  platformRole: PlatformRole | null;
  memberships: PrincipalMembership[];
  /** The LAs whose pupil rows this principal's units of work may see (own LAs + agreements). */
  laIds: string[];
  /**
   * What each domain module adds to the principal, by module (its PrincipalExtension's part of
   * `principal_context()`): read by that module only. Empty for a platform session.
   */
  extensions: Readonly<Record<string, unknown>>;
}

export const hasRole = (p: Principal, role: string) => p.memberships.some((m) => m.role === role);
