import { Injectable } from '@nestjs/common';
import { ExtendsPrincipal, Principal, PrincipalExtension } from '@rep-hub/auth';

export const WORKFORCE_MODULE = 'workforce';

/**
 * Workforce training's part of the principal (`workforce_principal_extension()`): the LAs whose
 * participants a workforce lead (every LA of the partnership) or a training provider's staff (the
 * LAs given places in their cohorts) may see at wall 2. What they may do with those rows is their
 * ability rules' (wall 3): nothing of any other module's.
 */
@Injectable()
@ExtendsPrincipal()
export class WorkforcePrincipalExtension implements PrincipalExtension {
  readonly module = WORKFORCE_MODULE;

  laIds(part: unknown): string[] {
    const ids = (part as { la_ids?: unknown } | null | undefined)?.la_ids;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  }
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
