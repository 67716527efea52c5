import { AP_PROVIDER_TYPES, AP_TIERS } from '@rep-hub/reference';
import { formatDate } from '@rep-hub/web-surface';
import type { Offerability, QualityCheckKind } from '@rep-hub/ap-domain';

export const CHECK_KIND_LABELS: Record<QualityCheckKind, string> = {
  due_diligence: 'Due diligence',
  safeguarding: 'Safeguarding',
  insurance: 'Insurance',
  inspection: 'Inspection',
};

export const typeLabel = (code: string): string => AP_PROVIDER_TYPES.find((t) => t.code === code)?.label ?? code;
export const tierLabel = (code: string): string => AP_TIERS.find((t) => t.code === code)?.label ?? code;
/** "Tier 1" from "Tier 1: targeted support in mainstream": short enough for a table cell. */
export const tierShort = (code: string): string => tierLabel(code).split(':')[0];

/** Whether a provider can receive offers, as a GOV.UK tag and the reasons it cannot. */
export function offerView(o: Offerability): { text: string; classes: string; reasons: string[] } {
  return {
    text: o.canReceiveOffers ? 'Can receive offers' : 'Cannot receive offers',
    classes: o.canReceiveOffers ? 'govuk-tag--green' : 'govuk-tag--red',
    reasons: o.blockedBy.map((b) =>
      b.reason === 'expired'
        ? `${CHECK_KIND_LABELS[b.kind]} check expired on ${formatDate(b.expiredOn)}`
        : `No ${CHECK_KIND_LABELS[b.kind].toLowerCase()} check recorded`,
    ),
  };
}
