import { ApiProperty } from '@nestjs/swagger';
import { BOARD_PACK_STATUSES } from '@rep-hub/national-domain';
import type { BoardPackStatus } from '@rep-hub/national-domain';

export const PACK_ID = '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const RELEASE_ID = '7d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a';
export const PARTNERSHIP_ID = '8e3f4a5b-6c7d-4e8f-8a9b-1c2d3e4f5a6b';

export class BoardPackSummaryDto {
  @ApiProperty({ format: 'uuid', example: PACK_ID }) id: string;
  @ApiProperty({ example: 'Implementation Board, September 2026' }) title: string;
  @ApiProperty({ format: 'date', example: '2026-09-17' }) meetingDate: string;
  @ApiProperty({ example: 1, description: 'The version of the pack of this meeting and title (a rebuild is the next)' })
  packVersion: number;
  @ApiProperty({ example: '2025-26-summer', description: 'The period the pack reports' }) periodCode: string;
  @ApiProperty({ example: 'Summer term 2025 to 2026' }) periodName: string;
  @ApiProperty({ enum: BOARD_PACK_STATUSES, example: 'building' }) status: BoardPackStatus;
  @ApiProperty({ minimum: 0, maximum: 100, example: 45, description: 'How far the build has got, in per cent' })
  progress: number;
  @ApiProperty({ type: String, nullable: true, example: 'Indicator 3 of 6: Referrals to AP' })
  progressText: string | null;
  @ApiProperty({ example: 'Board member (demo)' }) requestedByName: string;
  @ApiProperty({ format: 'date-time', example: '2026-09-10T09:00:00.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: null }) finishedAt: string | null;
}

export class BoardPackListDto {
  @ApiProperty({ type: [BoardPackSummaryDto], description: 'Newest meeting first, each title’s versions newest first' })
  items: BoardPackSummaryDto[];
}

export class BoardPackReleaseDto {
  @ApiProperty({ format: 'uuid', example: RELEASE_ID }) id: string;
  @ApiProperty({ format: 'uuid', example: PARTNERSHIP_ID }) partnershipId: string;
  @ApiProperty({ example: 'Greater Manchester' }) partnershipName: string;
  @ApiProperty({ example: '2025-26-summer' }) periodCode: string;
  @ApiProperty({ example: 'Summer term 2025 to 2026' }) periodName: string;
  @ApiProperty({ example: 1, description: 'The release’s version (a correction is a later one)' }) version: number;
  @ApiProperty({ format: 'date-time', example: '2026-09-01T08:30:00.000Z' }) publishedAt: string;
}

export class BoardPackDto extends BoardPackSummaryDto {
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    example: null,
    description: 'The pack this one rebuilds',
  })
  rebuiltFrom: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) error: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: '2026-09-10T09:00:01.000Z' })
  startedAt: string | null;
  @ApiProperty({
    type: [BoardPackReleaseDto],
    description: 'The exact releases the pack is built from, named when it was asked for',
  })
  releases: BoardPackReleaseDto[];
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The PDF’s SHA-256, when ready' })
  pdfSha256: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The XLSX’s SHA-256, when ready' })
  xlsxSha256: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description:
      'The SHA-256 of the pack’s content (its figures and sections): the same for every build from the same releases',
  })
  contentSha256: string | null;
}
