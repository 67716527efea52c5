import { ApiProperty } from '@nestjs/swagger';
import type {
  Offerability,
  PlacesView,
  ProviderDetail,
  ProviderListItem,
  ProviderSummary,
  QualityCheckKind,
  QualityCheckView,
} from '@rep-hub/ap-domain';
import { QUALITY_CHECK_KINDS } from '@rep-hub/ap-domain';
import { AP_PROVIDER_TYPES, AP_TIERS } from '@rep-hub/reference';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const TIERS = AP_TIERS.map((t) => t.code).join(', ');
const PROVIDER_TYPES = AP_PROVIDER_TYPES.map((t) => t.code).join(', ');

/** A provider of the directory. */
export class ProviderDto implements ProviderSummary {
  @ApiProperty({ format: 'uuid', example: '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }) id: string;
  @ApiProperty({ example: 'Irwell Learning Centre' }) name: string;
  @ApiProperty({ description: `Code list ap-provider-types (now ${PROVIDER_TYPES})`, example: 'pru' })
  providerType: string;
  @ApiProperty({ description: 'URN (6 digits)', type: String, nullable: true, example: '135790' }) urn: string | null;
  @ApiProperty({ description: 'UKPRN (8 digits)', type: String, nullable: true, example: null }) ukprn: string | null;
  @ApiProperty({ description: `Code list ap-tiers (now ${TIERS})`, type: [String], example: ['tier_2', 'tier_3'] })
  tiers: string[];
  @ApiProperty({ description: 'active (providers are not removed today)', example: 'active' }) status: string;
  @ApiProperty({
    description: 'The provider’s organisation in this partnership, when it has one',
    format: 'uuid',
    type: String,
    nullable: true,
    example: null,
  })
  organisationId: string | null;
}

export class OfferBlockDto {
  @ApiProperty({ enum: QUALITY_CHECK_KINDS, example: 'safeguarding' }) kind: QualityCheckKind;
  @ApiProperty({ enum: ['missing', 'expired'], example: 'expired' }) reason: 'missing' | 'expired';
  @ApiProperty({
    required: false,
    description: 'When the check expired (reason expired)',
    format: 'date',
    example: '2026-08-31',
  })
  expiredOn?: string;
}

export class OfferabilityDto implements Offerability {
  @ApiProperty({
    description: 'true when every required check is recorded and in date: a new offer may go to this provider',
    example: true,
  })
  canReceiveOffers: boolean;
  @ApiProperty({ description: 'The required checks that are missing or expired', type: [OfferBlockDto] })
  blockedBy: OfferBlockDto[];
}

export class ProviderListItemDto extends ProviderDto implements ProviderListItem {
  @ApiProperty({ type: OfferabilityDto }) offerability: OfferabilityDto;
}

export class ProviderPageDto {
  @ApiProperty({ type: [ProviderListItemDto] }) items: ProviderListItemDto[];
  @ApiProperty({
    description: 'Pass as `cursor` for the next page; null on the last',
    type: String,
    nullable: true,
    example: null,
  })
  nextCursor: string | null;
}

export class QualityCheckViewDto implements QualityCheckView {
  @ApiProperty({ format: 'uuid', example: '0c1d2e3f-4a5b-4c6d-8e7f-8a9b0c1d2e3f' }) id: string;
  @ApiProperty({ enum: QUALITY_CHECK_KINDS, example: 'safeguarding' }) kind: QualityCheckKind;
  @ApiProperty({ format: 'date', example: '2026-09-01' }) checkedOn: string;
  @ApiProperty({ format: 'date', example: '2027-08-31' }) expiresOn: string;
  @ApiProperty({ description: 'Inspections: who inspected', type: String, nullable: true, example: null }) body:
    string | null;
  @ApiProperty({ description: 'Inspections: the outcome', type: String, nullable: true, example: null }) outcome:
    string | null;
  @ApiProperty({ description: 'Expired today (blocks new offers when the check is required)', example: false })
  expired: boolean;
}

export class PlacesViewDto implements PlacesView {
  @ApiProperty({ format: 'uuid', example: LA }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({ description: `Code list ap-tiers (now ${TIERS})`, example: 'tier_2' }) tier: string;
  @ApiProperty({ example: '2026/27' }) academicYear: string;
  @ApiProperty({ example: 12 }) places: number;
}

export class ProviderDetailDto extends ProviderDto implements ProviderDetail {
  @ApiProperty({ type: [QualityCheckViewDto] }) checks: QualityCheckViewDto[];
  @ApiProperty({ type: [PlacesViewDto] }) places: PlacesViewDto[];
  @ApiProperty({ type: OfferabilityDto }) offerability: OfferabilityDto;
}
