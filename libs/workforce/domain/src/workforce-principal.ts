import { Injectable } from '@nestjs/common';
import { AuthContext, ExtendsPrincipal, Principal, PrincipalExtension } from '@rep-hub/auth';
import { EntityManager } from 'typeorm';

export const WORKFORCE_MODULE = 'workforce';

/**
 * Workforce training's part of the principal (`workforce_principal_extension()`): the LAs whose
 * participants a workforce lead (every LA of the partnership) or a training provider's staff (the
 * LAs given places in their cohorts) may see. They are not added to the principal's LAs, which
 * wall every module's pupil rows: only workforce training's own units of work see them
 * (`inWorkforce`), so a workforce lead who is also an LA officer reads no other LA's pupils.
 */
@Injectable()
@ExtendsPrincipal()
export class WorkforcePrincipalExtension implements PrincipalExtension {
  readonly module = WORKFORCE_MODULE;

  laIds(): string[] {
    return [];
  }
}

/** The LAs workforce training's roles reach for this principal (its part of the principal), besides their own. */
export function workforceLaIds(p: Principal): string[] {
  const ids = (p.extensions[WORKFORCE_MODULE] as { la_ids?: unknown } | null | undefined)?.la_ids;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * One unit of work of workforce training as the signed-in user: wall 2 over their own LAs and
 * those their workforce role reaches (workforceLaIds); what they may do there is still their
 * ability rules', compiled into every query.
 */
export function inWorkforce<T>(auth: AuthContext, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const p = auth.principal;
  return auth.inTenantWithLas([...new Set([...p.laIds, ...workforceLaIds(p)])], work);
}

/** The training-provider organisations the principal works for (training_provider_staff memberships), sorted. */
export function trainingProviderIds(p: Principal): string[] {
  return [
    ...new Set(
      p.memberships
        .filter((m) => m.role === 'training_provider_staff' && m.organisationKind === 'training_provider')
        .map((m) => m.organisationId),
    ),
  ].sort();
}
