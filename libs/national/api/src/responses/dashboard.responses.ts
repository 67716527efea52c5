import { ApiProperty } from '@nestjs/swagger';
import { PUBLISHED_SYMBOLS, PUBLISHED_UNITS } from '@rep-hub/contracts';
import type { PublishedSymbol, PublishedUnit } from '@rep-hub/contracts';
import { CompareNationalPointDto, ComparePeriodDto } from './compare.responses';

const UNITS = [...PUBLISHED_UNITS];
const SYMBOLS = [...PUBLISHED_SYMBOLS];
const SYMBOL_TEXT =
  'The GSS symbol shown in place of a withheld value: c suppressed, x not available, z not applicable, low rounds to zero; null when the value is shown';

/** Ids of the documents' examples. */
export const DEX = {
  partnership: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  release: '9e3f4a5b-6c7d-4e8f-9a01-b2c3d4e5f6a7',
};

export class GssSymbolDto {
  @ApiProperty({ enum: SYMBOLS, example: 'c' }) symbol: PublishedSymbol;
  @ApiProperty({ example: 'Suppressed (confidential)' }) meaning: string;
}

export class IndicatorCoverageDto {
  @ApiProperty({ example: 2, description: 'Partnerships whose latest release of some term has a figure for it' })
  partnerships: number;
  @ApiProperty({ type: ComparePeriodDto }) firstPeriod: ComparePeriodDto;
  @ApiProperty({ type: ComparePeriodDto }) lastPeriod: ComparePeriodDto;
  @ApiProperty({ example: true, description: 'Whether any latest release has figures for it per local authority' })
  localAuthorityFigures: boolean;
}

export class IndicatorMeaningDto {
  @ApiProperty({ example: 'evaluation.ehcp_20_weeks' }) code: string;
  @ApiProperty({
    example: 'New EHC plans issued within 20 weeks, excluding exceptions',
    description: 'REP Hub’s name for it, or the name it was published under when REP Hub has no definition',
  })
  name: string;
  @ApiProperty({ enum: UNITS, example: 'percentage' }) unit: PublishedUnit;
  @ApiProperty({ example: true, description: 'false: REP Hub has no definition; the name is the published one' })
  defined: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'New EHC plans issued within 20 weeks, excluding exception cases',
    description: 'What is counted (for a percentage, above the line)',
  })
  numerator: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'New EHC plans issued, excluding exception cases',
    description: 'What it is counted out of (a percentage’s denominator); null for counts and days',
  })
  denominator: string | null;
  @ApiProperty({
    enum: ['higher_is_better', 'lower_is_better', 'neither', 'unknown'],
    example: 'higher_is_better',
  })
  direction: string;
  @ApiProperty({ example: 'The LA’s SEN2 return, entered in REP Hub by each local authority.' }) source: string;
  @ApiProperty({
    type: [String],
    example: [
      'These are the partnerships’ own published returns, not official statistics.',
      'Small numbers are withheld to protect children’s privacy: a count from 1 to 4, and any figure from which one could be worked out, is shown as c (suppressed) instead of a number.',
    ],
    description: 'What a reader must know before reading anything into the figures',
  })
  caveats: string[];
  @ApiProperty({ type: IndicatorCoverageDto }) coverage: IndicatorCoverageDto;
}

export class IndicatorMeaningListDto {
  @ApiProperty({ type: [IndicatorMeaningDto], description: 'Every published indicator, by name' })
  items: IndicatorMeaningDto[];
  @ApiProperty({ type: [GssSymbolDto], description: 'The key of the symbols shown in place of a value' })
  symbols: GssSymbolDto[];
}

export class DashboardFigureDto {
  @ApiProperty({ example: '2026-27-autumn' }) periodCode: string;
  @ApiProperty({ type: Number, nullable: true, example: 62.2 }) value: number | null;
  @ApiProperty({ type: String, enum: SYMBOLS, nullable: true, example: null, description: SYMBOL_TEXT })
  symbol: PublishedSymbol | null;
  @ApiProperty({ type: Number, nullable: true, example: 112 }) numerator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 180 }) denominator: number | null;
}

export class DashboardPartnershipFigureDto extends DashboardFigureDto {
  @ApiProperty({ format: 'uuid', example: DEX.release, description: 'The release the figure is in' })
  releaseId: string;
  @ApiProperty({ example: 1, description: 'The latest version of that release (a correction is the next)' })
  releaseVersion: number;
}

export class DashboardLocalAuthorityDto {
  @ApiProperty({ example: 'E08000003' }) gssCode: string;
  @ApiProperty({ example: '352' }) laNumber: string;
  @ApiProperty({ example: 'Manchester' }) name: string;
  @ApiProperty({ type: [DashboardFigureDto], description: 'One per term it has a figure, oldest first' })
  figures: DashboardFigureDto[];
}

export class DashboardPartnershipSeriesDto {
  @ApiProperty({ format: 'uuid', example: DEX.partnership }) id: string;
  @ApiProperty({ example: 'North West (demo)' }) name: string;
  @ApiProperty({
    type: [DashboardPartnershipFigureDto],
    description: 'One per term it published a figure, oldest first',
  })
  figures: DashboardPartnershipFigureDto[];
  @ApiProperty({ type: [DashboardLocalAuthorityDto] }) localAuthorities: DashboardLocalAuthorityDto[];
}

export class IndicatorDashboardDto {
  @ApiProperty({ type: IndicatorMeaningDto }) indicator: IndicatorMeaningDto;
  @ApiProperty({ type: [ComparePeriodDto], description: 'Every term with a published figure, oldest first' })
  periods: ComparePeriodDto[];
  @ApiProperty({ type: [DashboardPartnershipSeriesDto], description: 'Each partnership that published it, by name' })
  partnerships: DashboardPartnershipSeriesDto[];
  @ApiProperty({ type: [CompareNationalPointDto], description: 'The national figure of each term' })
  national: CompareNationalPointDto[];
  @ApiProperty({
    example:
      'The national figure is the sum of the numerators shown over the sum of the denominators shown, over the partnerships that show both; a partnership whose numerator or denominator is suppressed is left out, and the number left out is given.',
  })
  nationalMethod: string;
  @ApiProperty({ type: [GssSymbolDto] }) symbols: GssSymbolDto[];
}
