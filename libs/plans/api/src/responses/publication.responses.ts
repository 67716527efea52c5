import { ApiProperty } from '@nestjs/swagger';

const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const VERSION = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const PLAN = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const PUBLIC = ['published', 'superseded'];

export class PublicLaDto {
  @ApiProperty({ format: 'uuid', example: LA }) id: string;
  @ApiProperty({ example: 'Trafford' }) name: string;
}

export class PublicPlanSummaryDto {
  @ApiProperty({ format: 'uuid', example: PLAN }) planId: string;
  @ApiProperty({ example: 'Trafford local inclusion plan 2026 to 2029' }) title: string;
  @ApiProperty({ type: [PublicLaDto] }) las: PublicLaDto[];
  @ApiProperty({ format: 'date', example: '2026-09-01' }) periodStart: string;
  @ApiProperty({ format: 'date', example: '2029-08-31' }) periodEnd: string;
  @ApiProperty({ format: 'date', description: 'When the plan is next reviewed', example: '2027-07-31' })
  reviewOn: string;
  @ApiProperty({ format: 'uuid', description: 'The version now published', example: VERSION })
  publishedVersionId: string;
  @ApiProperty({ example: 2 }) publishedNumber: number;
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) publishedAt: string;
  @ApiProperty({ description: 'Earlier published versions, now superseded, that can still be read', example: 1 })
  earlierVersions: number;
}

export class PublicPartnershipPlansDto {
  @ApiProperty({ description: 'The partnership’s short name in addresses', example: 'north-west' }) slug: string;
  @ApiProperty({ example: 'North West SEND and AP Change Programme Partnership' }) name: string;
  @ApiProperty({ type: [PublicPlanSummaryDto] }) plans: PublicPlanSummaryDto[];
}

export class PublicPlansListDto {
  @ApiProperty({ type: [PublicPartnershipPlansDto], description: 'Partnerships with at least one published plan' })
  partnerships: PublicPartnershipPlansDto[];
}

export class PublicThemeDto {
  @ApiProperty({ example: 'ordinarily_available_provision' }) code: string;
  @ApiProperty({ example: 'Ordinarily available provision' }) name: string;
}

export class PublicSectionDto {
  @ApiProperty({ example: 'needs_analysis' }) key: string;
  @ApiProperty({ example: 'Needs analysis' }) name: string;
  @ApiProperty({
    type: PublicLaDto,
    nullable: true,
    description: 'The LA whose own part this is; null for the plan-wide part',
  })
  la: PublicLaDto | null;
  @ApiProperty({
    description: 'The text as written, in the safe formatting subset (the pages render it; nothing in it runs)',
    example: 'Requests for EHC needs assessment rose by 12% in 2025.',
  })
  body: string;
  @ApiProperty({ type: [PublicThemeDto] }) themes: PublicThemeDto[];
  @ApiProperty({ example: '2026-provisional-1' }) themesVersion: string;
  @ApiProperty({ description: 'Whether the theme list is provisional (not yet published nationally)', example: true })
  themesProvisional: boolean;
}

export class PublicSignOffDto {
  @ApiProperty({ example: 'Trafford Parent Carer Forum' }) organisation: string;
  @ApiProperty({
    description: 'The member’s kind (parent_carer_forum, local_authority, icb…)',
    example: 'parent_carer_forum',
  })
  kind: string;
  @ApiProperty({ enum: ['signed_off', 'dissent'], example: 'signed_off' }) decision: 'signed_off' | 'dissent';
  @ApiProperty({ type: String, nullable: true, description: 'The reason for a dissent', example: null })
  reason: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-09-20T14:00:00.000Z' }) recordedAt: string;
}

export class PublicSignOffsDto {
  @ApiProperty({ example: 6 }) signedOff: number;
  @ApiProperty({ example: 0 }) dissent: number;
  @ApiProperty({
    type: PublicSignOffDto,
    nullable: true,
    description: 'The parent carer forum’s position, or null when it recorded none',
  })
  parentCarerForum: PublicSignOffDto | null;
  @ApiProperty({ type: [PublicSignOffDto] }) organisations: PublicSignOffDto[];
}

export class PublicVersionRefDto {
  @ApiProperty({ format: 'uuid', example: VERSION }) id: string;
  @ApiProperty({ example: 2 }) number: number;
  @ApiProperty({ enum: PUBLIC, example: 'published' }) status: 'published' | 'superseded';
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) publishedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) supersededAt: string | null;
}

export class PartnershipRefDto {
  @ApiProperty({ example: 'north-west' }) slug: string;
  @ApiProperty({ example: 'North West SEND and AP Change Programme Partnership' }) name: string;
}

export class PublicVersionDto {
  @ApiProperty({ type: PartnershipRefDto }) partnership: PartnershipRefDto;
  @ApiProperty({ format: 'uuid', example: PLAN }) planId: string;
  @ApiProperty({ format: 'uuid', example: VERSION }) id: string;
  @ApiProperty({ example: 2 }) number: number;
  @ApiProperty({ enum: PUBLIC, example: 'published' }) status: 'published' | 'superseded';
  @ApiProperty({ example: 'Trafford local inclusion plan 2026 to 2029' }) title: string;
  @ApiProperty({ type: [PublicLaDto] }) las: PublicLaDto[];
  @ApiProperty({ format: 'date', example: '2026-09-01' }) periodStart: string;
  @ApiProperty({ format: 'date', example: '2029-08-31' }) periodEnd: string;
  @ApiProperty({ format: 'date', example: '2027-07-31' }) reviewOn: string;
  @ApiProperty({ format: 'date-time', example: '2026-10-01T09:30:00.000Z' }) publishedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) supersededAt: string | null;
  @ApiProperty({ example: 'Sufficiency figures for 2027/28 added.' }) changeSummary: string;
  @ApiProperty({ description: 'Whether the PDF can be downloaded (from the web page’s …/pdf)', example: true })
  pdfReady: boolean;
  @ApiProperty({ type: [PublicSectionDto] }) sections: PublicSectionDto[];
  @ApiProperty({ type: [PublicThemeDto], description: 'Every theme its sections are tagged with' })
  themes: PublicThemeDto[];
  @ApiProperty({ type: PublicSignOffsDto }) signOffs: PublicSignOffsDto;
  @ApiProperty({ type: [PublicVersionRefDto], description: 'Every public version of the plan, newest first' })
  versions: PublicVersionRefDto[];
}

export class DiffLineDto {
  @ApiProperty({ enum: ['same', 'insert', 'delete'], example: 'insert' }) op: 'same' | 'insert' | 'delete';
  @ApiProperty({ example: 'Forty more resourced provision places open in September 2027.' }) text: string;
}

export class SectionComparisonDto {
  @ApiProperty({ example: 'sufficiency' }) key: string;
  @ApiProperty({ example: 'Sufficiency of specialist and alternative provision places' }) name: string;
  @ApiProperty({ type: PublicLaDto, nullable: true }) la: PublicLaDto | null;
  @ApiProperty({ example: true }) changed: boolean;
  @ApiProperty({
    type: [DiffLineDto],
    description: 'The section’s lines in reading order: kept, deleted (only in `from`), inserted (only in `to`)',
  })
  lines: DiffLineDto[];
  @ApiProperty({ type: [String], example: ['Tailored lists and placement'] }) themesAdded: string[];
  @ApiProperty({ type: [String], example: [] }) themesRemoved: string[];
}

export class PublicComparisonDto {
  @ApiProperty({ type: PartnershipRefDto }) partnership: PartnershipRefDto;
  @ApiProperty({ format: 'uuid', example: PLAN }) planId: string;
  @ApiProperty({ example: 'Trafford local inclusion plan 2026 to 2029' }) title: string;
  @ApiProperty({ type: PublicVersionRefDto, description: 'The older of the two' }) from: PublicVersionRefDto;
  @ApiProperty({ type: PublicVersionRefDto, description: 'The newer of the two' }) to: PublicVersionRefDto;
  @ApiProperty({ type: [SectionComparisonDto] }) sections: SectionComparisonDto[];
}

export const EXAMPLES = { LA, VERSION, PLAN };
