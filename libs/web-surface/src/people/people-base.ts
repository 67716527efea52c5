import { ConflictException, ForbiddenException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AppAbility, Granter, MembershipsService } from '@rep-hub/auth';
import { FieldError, UnitOfWork } from '@rep-hub/platform';
import { Organisation, rolesInForce } from '@rep-hub/tenancy';
import { EntityManager } from 'typeorm';
import { Journey, JourneyOwner } from '../journeys';

/**
 * Where the people pages work and for whom: a partnership's own people managers (the lead, each
 * LA's admins) at /people, or the platform admin at /admin/partnerships/:tenantId/people. The
 * same pages and the same MembershipsService serve both; only the granter, the base path and the
 * journey (one per place, so an admin's answers for one partnership never reach another's) differ.
 */
export interface PeopleWhere {
  tenantId: string;
  tenantName: string;
  /** The pages' base path: `/people` or `/admin/partnerships/<id>/people`. */
  base: string;
  granter: Granter;
  actorId: string;
  owner: JourneyOwner;
  /** The ability that chooses the list's projection (emails for the lead and DPO; all for the admin). */
  ability: AppAbility;
  laIds: readonly string[];
  journey: Journey;
  /** The layout the pages extend: the admin's (with its sub-navigation) or the service's. */
  layout: string;
}

/** What the people pages and the invite journey share: where they work, and the service's refusals as page errors. */
export abstract class PeoplePagesBase {
  constructor(
    protected readonly memberships: MembershipsService,
    protected readonly uow: UnitOfWork,
    protected readonly audit: AuditService,
  ) {}

  protected common(w: PeopleWhere) {
    return { layout: w.layout, base: w.base, tenantName: w.tenantName };
  }

  protected inTenant<T>(w: PeopleWhere, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.uow.forTenant({ tenantId: w.tenantId, actorId: w.actorId, laIds: w.laIds }, work);
  }

  protected organisations(m: EntityManager, tenantId: string): Promise<Organisation[]> {
    return m.find(Organisation, { where: { tenantId, status: 'active' }, order: { name: 'ASC', id: 'ASC' } });
  }

  /** The organisations and roles this user may give (for the role page's choices). */
  protected grantable(w: PeopleWhere, organisations: Organisation[]) {
    const out: { org: Organisation; roles: string[] }[] = [];
    for (const org of organisations) {
      const roles = rolesInForce()
        .roleCodes()
        .filter((r) => this.memberships.mayGive(w.granter, r, org));
      if (roles.length) out.push({ org, roles });
    }
    return out;
  }

  /** A 403 (a role the user may not give) or a 409 of the service as an error on `field`; undefined for anything else. */
  protected refusal(error: unknown, field: string): { errors: FieldError[]; status: number } | undefined {
    if (error instanceof ForbiddenException) {
      const detail = (error.getResponse() as { detail?: string }).detail ?? 'You cannot give this role here.';
      return { errors: [{ field, message: `You cannot give this role here. ${detail}` }], status: 403 };
    }
    if (error instanceof ConflictException)
      return {
        errors: [{ field, message: 'They already have this role in this organisation. Choose another role' }],
        status: 409,
      };
    return undefined;
  }
}

export const withArticle = (words: string): string => `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;

export function pick(fields: Record<string, string>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, fields[n] ?? '']));
}
