import { Injectable } from '@nestjs/common';
import { ExtendsPrincipal, Principal, PrincipalExtension } from '@rep-hub/auth';

export const AP_MODULE = 'alternative-provision';

/** AP's part of the principal, as `ap_principal_extension()` answers it. */
interface ApPrincipalPart {
  providers: { id: string; la_ids: string[] }[];
}

const partOf = (part: unknown): ApPrincipalPart => {
  const p = part as Partial<ApPrincipalPart> | null | undefined;
  return { providers: Array.isArray(p?.providers) ? p.providers : [] };
};

/**
 * An AP provider's staff see the pupil rows of the LAs that commission places from their provider
 * (wall 2); which of those LAs' cases they may open is wall 3's (the cases offered to the provider).
 */
@Injectable()
@ExtendsPrincipal()
export class ApPrincipalExtension implements PrincipalExtension {
  readonly module = AP_MODULE;

  laIds(part: unknown): string[] {
    return partOf(part).providers.flatMap((p) => p.la_ids);
  }
}

/** The AP directory entries (`ap_providers.id`) of the principal's provider organisations, sorted; empty for everyone else. */
export function apProviderIds(p: Principal): string[] {
  return partOf(p.extensions[AP_MODULE])
    .providers.map((x) => x.id)
    .sort();
}
