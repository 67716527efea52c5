import { ApiProperty } from '@nestjs/swagger';
import { PUBLISHED_LEVELS, PUBLISHED_SYMBOLS, PUBLISHED_UNITS } from '@rep-hub/contracts';
import type { PublishedLevel, PublishedSymbol, PublishedUnit } from '@rep-hub/contracts';

export const ODX = {
  release: '4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d',
  earlier: '3f4a5b6c-7d8e-4f9a-8b0c-1d2e3f4a5b6c',
  partnership: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
};

const SYMBOLS = [...PUBLISHED_SYMBOLS];
const SYMBOL_TEXT =
  'The GSS symbol shown in place of a withheld value: c suppressed, x not available, z not applicable, low rounds to zero; null when the value is shown';

export class OpenDataPeriodDto {
  @ApiProperty({ example: '2025-26-summer' }) code: string;
  @ApiProperty({ example: 'Summer term 2025 to 2026' }) name: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-08-31' }) to: string;
}

export class OpenDataReleaseSummaryDto {
  @ApiProperty({ format: 'uuid', example: ODX.release }) id: string;
  @ApiProperty({ format: 'uuid', example: ODX.partnership }) partnershipId: string;
  @ApiProperty({ example: 'North West SEND and AP Change Programme Partnership' }) partnershipName: string;
  @ApiProperty({ type: OpenDataPeriodDto }) period: OpenDataPeriodDto;
  @ApiProperty({ example: 2, description: 'A correction is the next version of the same partnership and term' })
  version: number;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) replacesVersion: number | null;
  @ApiProperty({ example: true, description: 'No later version of this partnership’s release for the term exists' })
  latest: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Oldham’s figures were uploaded late' })
  correctionReason: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-10-14T09:30:00.000Z' }) publishedAt: string;
}

export class OpenDataReleaseListDto {
  @ApiProperty({
    type: [OpenDataReleaseSummaryDto],
    description: 'Newest term first, then partnership, then newest version',
  })
  items: OpenDataReleaseSummaryDto[];
}

export class OpenDataFigureDto {
  @ApiProperty({ example: 'evaluation.ehcp_20_weeks' }) indicatorCode: string;
  @ApiProperty({ example: 'New EHC plans issued within 20 weeks, excluding exceptions' }) indicatorName: string;
  @ApiProperty({ enum: [...PUBLISHED_UNITS], example: 'percentage' }) unit: PublishedUnit;
  @ApiProperty({ enum: [...PUBLISHED_LEVELS], example: 'local_authority' }) level: PublishedLevel;
  @ApiProperty({ type: String, nullable: true, example: '352', description: 'The LA number (old_la_code)' })
  laNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'E08000003', description: 'The GSS code (new_la_code)' })
  gssCode: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Manchester' }) laName: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 112 }) numerator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 180 }) denominator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 62.2 }) value: number | null;
  @ApiProperty({ type: String, enum: SYMBOLS, nullable: true, example: null, description: SYMBOL_TEXT })
  symbol: PublishedSymbol | null;
}

export class OpenDataFigureStateDto {
  @ApiProperty({ type: Number, nullable: true, example: 112 }) numerator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 180 }) denominator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 62.2 }) value: number | null;
  @ApiProperty({ type: String, enum: SYMBOLS, nullable: true, example: null, description: SYMBOL_TEXT })
  symbol: PublishedSymbol | null;
}

export class OpenDataChangeDto {
  @ApiProperty({ example: 'evaluation.ehcp_20_weeks' }) indicatorCode: string;
  @ApiProperty({ example: 'New EHC plans issued within 20 weeks, excluding exceptions' }) indicatorName: string;
  @ApiProperty({ enum: [...PUBLISHED_UNITS], example: 'percentage' }) unit: PublishedUnit;
  @ApiProperty({ enum: [...PUBLISHED_LEVELS], example: 'local_authority' }) level: PublishedLevel;
  @ApiProperty({ type: String, nullable: true, example: '353' }) laNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'E08000004' }) gssCode: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Oldham' }) laName: string | null;
  @ApiProperty({
    enum: ['changed', 'added', 'removed'],
    example: 'changed',
    description:
      'changed: a value, symbol, numerator or denominator differs; added: only in this version; removed: only in the one it replaces',
  })
  change: string;
  @ApiProperty({ type: OpenDataFigureStateDto, nullable: true }) before: OpenDataFigureStateDto | null;
  @ApiProperty({ type: OpenDataFigureStateDto, nullable: true }) after: OpenDataFigureStateDto | null;
}

export class OpenDataChangesDto {
  @ApiProperty({ format: 'uuid', example: ODX.earlier }) replacesReleaseId: string;
  @ApiProperty({ example: 1 }) replacesVersion: number;
  @ApiProperty({ example: 'Oldham’s figures were uploaded late' }) reason: string;
  @ApiProperty({ type: [OpenDataChangeDto] }) items: OpenDataChangeDto[];
}

export class OpenDataSymbolDto {
  @ApiProperty({ enum: SYMBOLS, example: 'c' }) symbol: PublishedSymbol;
  @ApiProperty({ example: 'Suppressed (confidential)' }) meaning: string;
}

export class OpenDataVersionRefDto {
  @ApiProperty({ format: 'uuid', example: ODX.release }) id: string;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ format: 'date-time', example: '2026-10-14T09:30:00.000Z' }) publishedAt: string;
  @ApiProperty({ example: true }) latest: boolean;
}

export class OpenDataFilesDto {
  @ApiProperty({ example: `/api/v1/public/open-data/releases/${ODX.release}/data.csv` }) data: string;
  @ApiProperty({ example: `/api/v1/public/open-data/releases/${ODX.release}/metadata.csv` }) metadata: string;
  @ApiProperty({ example: `/api/v1/public/open-data/releases/${ODX.release}/method.txt` }) method: string;
}

export class OpenDataReleaseDto extends OpenDataReleaseSummaryDto {
  @ApiProperty({
    type: [String],
    description: 'How the figures were controlled for disclosure, one paragraph per line',
  })
  methodNote: string[];
  @ApiProperty({ type: [OpenDataSymbolDto] }) symbols: OpenDataSymbolDto[];
  @ApiProperty({
    type: [OpenDataFigureDto],
    description: 'By indicator, the partnership’s figure first, then LAs by number',
  })
  figures: OpenDataFigureDto[];
  @ApiProperty({
    type: OpenDataChangesDto,
    nullable: true,
    description: 'What a correction changed; null for a first version',
  })
  changes: OpenDataChangesDto | null;
  @ApiProperty({ type: [OpenDataVersionRefDto], description: 'Every version of this release, oldest first' })
  versions: OpenDataVersionRefDto[];
  @ApiProperty({ type: OpenDataFilesDto }) files: OpenDataFilesDto;
}
