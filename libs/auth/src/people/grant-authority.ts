/**
 * Who may grant what (issue 20). Each local authority is the data controller for its own pupils,
 * so a role that opens that LA's children (LA officer, DPO, school and provider staff in that LA:
 * whatever the RoleRegistry says needs TOTP, which is every role that opens a named child, the LA
 * admin right itself, and any role this app does not know) is given, changed or ended only by that
 * LA's admins (an `la_admin` membership held in the LA) or the platform admin. Partnership-wide
 * roles that see no child (partnership lead, workforce lead, ICB and parent carer forum members)
 * are the partnership lead's to give. Pure: the MembershipsService asks it inside the unit of work
 * that writes the membership, with the organisation read there.
 */

/** The core role that holds an LA's right to give the roles that open its children. */
export const LA_ADMIN_ROLE = 'la_admin';
/** The core role that gives the partnership-wide roles. */
export const PARTNERSHIP_LEAD_ROLE = 'partnership_lead';

/** One membership of the person granting (a principal's, in the partnership they work in). */
export interface GranterMembership {
  role: string;
  organisationId: string;
}

/** Who is granting: the platform admin (any partnership), or a member of the partnership. */
export interface Granter {
  platformAdmin: boolean;
  memberships: readonly GranterMembership[];
}

/** The platform admin, who onboards partnerships and may grant any role in any of them. */
export const PLATFORM_GRANTER: Granter = { platformAdmin: true, memberships: [] };

/** Where a role is held: the organisation's kind and the local authority it belongs to. */
export interface GrantPlace {
  id: string;
  kind: string;
  localAuthorityId: string | null;
}

export type GrantDecision = { allowed: true } | { allowed: false; reason: string };

/** The local authority that controls the children an organisation's roles open: the LA itself, or its LA. */
export const controllingLa = (org: GrantPlace): string | null =>
  org.kind === 'local_authority' ? org.id : org.localAuthorityId;

/**
 * Whether `granter` may give (or change, or end) `role` in `org`. `opensChildren` is the role
 * registry's answer for the role (RoleRegistry.needsTotp: true for a role that opens a named child,
 * for the LA admin right, and for a role the app does not know).
 */
export function mayGrant(granter: Granter, role: string, org: GrantPlace, opensChildren: boolean): GrantDecision {
  if (granter.platformAdmin) return { allowed: true };
  if (opensChildren) {
    const la = controllingLa(org);
    if (!la)
      return {
        allowed: false,
        reason:
          'Only the platform admin can give a role that opens children’s records in an organisation that belongs to no local authority.',
      };
    if (granter.memberships.some((m) => m.role === LA_ADMIN_ROLE && m.organisationId === la)) return { allowed: true };
    return {
      allowed: false,
      reason:
        'Only that local authority’s admins (or the platform admin) can give a role that opens its children’s records.',
    };
  }
  if (granter.memberships.some((m) => m.role === PARTNERSHIP_LEAD_ROLE)) return { allowed: true };
  return { allowed: false, reason: 'Only the partnership lead can give a partnership-wide role.' };
}

/** Whether someone manages people at all: the platform admin, a partnership lead or an LA admin. */
export const managesPeople = (granter: Granter): boolean =>
  granter.platformAdmin ||
  granter.memberships.some((m) => m.role === LA_ADMIN_ROLE || m.role === PARTNERSHIP_LEAD_ROLE);
