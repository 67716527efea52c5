import { ApiProperty } from '@nestjs/swagger';
import { PUBLISHED_SYMBOLS, PUBLISHED_UNITS } from '@rep-hub/contracts';
import type { PublishedSymbol, PublishedUnit } from '@rep-hub/contracts';

export const CEX = {
  partnership: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  other: '8d2e3f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
  release: '9e3f4a5b-6c7d-4e8f-9a01-b2c3d4e5f6a7',
};

const UNITS = [...PUBLISHED_UNITS];
const SYMBOLS = [...PUBLISHED_SYMBOLS];
const SYMBOL_TEXT =
  'The GSS symbol shown in place of a withheld value: c suppressed, x not available, z not applicable, low rounds to zero; null when the value is shown';

export class ComparePublishedIndicatorDto {
  @ApiProperty({ example: 'evaluation.ehcp_20_weeks' }) code: string;
  @ApiProperty({ example: 'New EHC plans issued within 20 weeks, excluding exceptions' }) name: string;
  @ApiProperty({ enum: UNITS, example: 'percentage' }) unit: PublishedUnit;
  @ApiProperty({ example: 9, description: 'Partnerships whose latest release of some term has a figure for it' })
  partnerships: number;
  @ApiProperty({ example: '2025-26-spring' }) firstPeriod: string;
  @ApiProperty({ example: '2026-27-autumn' }) lastPeriod: string;
  @ApiProperty({ example: true, description: 'Whether any release has it per local authority' })
  localAuthorityFigures: boolean;
}

export class ComparePublishedIndicatorListDto {
  @ApiProperty({ type: [ComparePublishedIndicatorDto] }) items: ComparePublishedIndicatorDto[];
}

export class ComparePeriodDto {
  @ApiProperty({ example: '2026-27-autumn' }) code: string;
  @ApiProperty({ example: 'Autumn term 2026 to 2027' }) name: string;
  @ApiProperty({ format: 'date', example: '2026-09-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-12-31' }) to: string;
}

export class CompareIndicatorRefDto {
  @ApiProperty({ example: 'evaluation.ehcp_20_weeks' }) code: string;
  @ApiProperty({ example: 'New EHC plans issued within 20 weeks, excluding exceptions' }) name: string;
  @ApiProperty({ enum: UNITS, example: 'percentage' }) unit: PublishedUnit;
}

export class ComparisonPointDto {
  @ApiProperty({ example: '2026-27-autumn' }) periodCode: string;
  @ApiProperty({ example: true, description: 'false: no release for the term, or no figure for the indicator in it' })
  published: boolean;
  @ApiProperty({ type: Number, nullable: true, example: 62.2 }) value: number | null;
  @ApiProperty({ type: String, enum: SYMBOLS, nullable: true, example: null, description: SYMBOL_TEXT })
  symbol: PublishedSymbol | null;
  @ApiProperty({ type: Number, nullable: true, example: 112 }) numerator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 180 }) denominator: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: CEX.release }) releaseId: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1,
    description: 'The latest version of the release (a correction is the next)',
  })
  releaseVersion: number | null;
}

export class ComparePartnershipSeriesDto {
  @ApiProperty({ format: 'uuid', example: CEX.partnership }) partnershipId: string;
  @ApiProperty({ example: 'Greater Manchester partnership' }) partnershipName: string;
  @ApiProperty({ type: [ComparisonPointDto], description: 'One per term asked for, oldest first' })
  points: ComparisonPointDto[];
}

export class CompareNationalPointDto {
  @ApiProperty({ example: '2026-27-autumn' }) periodCode: string;
  @ApiProperty({ type: Number, nullable: true, example: 64.1 }) value: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 410 }) numerator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 640 }) denominator: number | null;
  @ApiProperty({
    enum: ['ratio_of_sums', 'sum', 'weighted_mean', 'not_combined', 'none'],
    example: 'ratio_of_sums',
    description:
      'ratio_of_sums: Σ numerators / Σ denominators (percentages); sum (counts); weighted_mean: by denominators (days); not_combined: days without denominators; none: nothing to combine',
  })
  method: string;
  @ApiProperty({ example: 2 }) partnershipsIncluded: number;
  @ApiProperty({
    example: 1,
    description: 'Published the indicator but left out: suppressed, or without what the method needs',
  })
  partnershipsLeftOut: number;
  @ApiProperty({ example: '410 of 640 over 2 partnerships. 1 partnership was left out (suppressed or not shown).' })
  note: string;
}

export class ComparisonSeriesDto {
  @ApiProperty({ type: CompareIndicatorRefDto }) indicator: CompareIndicatorRefDto;
  @ApiProperty({ type: [ComparePeriodDto] }) periods: ComparePeriodDto[];
  @ApiProperty({ type: [ComparePartnershipSeriesDto] }) partnerships: ComparePartnershipSeriesDto[];
  @ApiProperty({ type: [CompareNationalPointDto], description: 'One per term, over every partnership' })
  national: CompareNationalPointDto[];
  @ApiProperty({ description: 'How the national figure is formed for this unit' }) method: string;
}

export class CompareIntervalDto {
  @ApiProperty({ example: 55.3 }) low: number;
  @ApiProperty({ example: 69.4 }) high: number;
}

export class CompareRankingEntryDto {
  @ApiProperty({ format: 'uuid', example: CEX.partnership }) partnershipId: string;
  @ApiProperty({ example: 'Greater Manchester partnership' }) partnershipName: string;
  @ApiProperty({ type: Number, nullable: true, example: 62.2 }) value: number | null;
  @ApiProperty({ type: String, enum: SYMBOLS, nullable: true, example: null, description: SYMBOL_TEXT })
  symbol: PublishedSymbol | null;
  @ApiProperty({ type: Number, nullable: true, example: 112 }) numerator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 180 }) denominator: number | null;
  @ApiProperty({
    type: CompareIntervalDto,
    nullable: true,
    description: 'The 95% Wilson score interval, in percent (percentages with a shown numerator and denominator only)',
  })
  interval: CompareIntervalDto | null;
  @ApiProperty({
    enum: ['above', 'similar', 'below', 'not_assessed', 'suppressed', 'not_published', 'not_ranked'],
    example: 'similar',
    description:
      'above / below: the whole interval is above / below the national figure; similar: it overlaps it; not_ranked: counts and days, never ranked by size',
  })
  band: string;
}

export class CompareRankingDto {
  @ApiProperty({ type: CompareIndicatorRefDto }) indicator: CompareIndicatorRefDto;
  @ApiProperty({ type: ComparePeriodDto }) period: ComparePeriodDto;
  @ApiProperty({ type: CompareNationalPointDto }) national: CompareNationalPointDto;
  @ApiProperty({ example: true, description: 'false for counts and days: listed by name, not ranked' }) ranked: boolean;
  @ApiProperty({ type: [CompareRankingEntryDto], description: 'By band, then value (percentages); by name otherwise' })
  entries: CompareRankingEntryDto[];
  @ApiProperty({ type: [String], description: 'What to know before reading anything into the order' })
  caveats: string[];
}

export class CompareShownFigureDto {
  @ApiProperty({ type: Number, nullable: true, example: 58.1 }) value: number | null;
  @ApiProperty({ type: String, enum: SYMBOLS, nullable: true, example: null, description: SYMBOL_TEXT })
  symbol: PublishedSymbol | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The symbol’s GSS meaning in words' })
  symbolMeaning: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 50 }) numerator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 86 }) denominator: number | null;
}

export class CompareLocalAuthorityFigureDto extends CompareShownFigureDto {
  @ApiProperty({ example: '352' }) laNumber: string;
  @ApiProperty({ example: 'E08000003' }) gssCode: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
}

export class ComparePartnershipRefDto {
  @ApiProperty({ format: 'uuid', example: CEX.partnership }) id: string;
  @ApiProperty({ example: 'Greater Manchester partnership' }) name: string;
}

export class CompareReleaseRefDto {
  @ApiProperty({ format: 'uuid', example: CEX.release }) id: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ format: 'date-time', example: '2027-01-20T09:00:00.000Z' }) publishedAt: string;
}

export class CompareLocalAuthorityDrillDownDto {
  @ApiProperty({ type: CompareIndicatorRefDto }) indicator: CompareIndicatorRefDto;
  @ApiProperty({ type: ComparePeriodDto }) period: ComparePeriodDto;
  @ApiProperty({ type: ComparePartnershipRefDto }) partnership: ComparePartnershipRefDto;
  @ApiProperty({
    type: CompareReleaseRefDto,
    description: 'The latest version of the partnership’s release for the term',
  })
  release: CompareReleaseRefDto;
  @ApiProperty({ type: CompareShownFigureDto, nullable: true }) partnershipFigure: CompareShownFigureDto | null;
  @ApiProperty({ example: true, description: 'false: the release has no figure per LA for this indicator' })
  localAuthorityFiguresPublished: boolean;
  @ApiProperty({ type: [CompareLocalAuthorityFigureDto] }) localAuthorities: CompareLocalAuthorityFigureDto[];
}

export class CompareSymbolCountsDto {
  @ApiProperty({ example: 1 }) c: number;
  @ApiProperty({ example: 0 }) x: number;
  @ApiProperty({ example: 0 }) z: number;
  @ApiProperty({ example: 0 }) low: number;
}

export class ComparePartnershipReturnDto {
  @ApiProperty({ format: 'uuid', example: CEX.partnership }) partnershipId: string;
  @ApiProperty({ example: 'Greater Manchester partnership' }) partnershipName: string;
  @ApiProperty({ example: true }) published: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: CEX.release }) releaseId: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) version: number | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: '2027-02-01',
    description: 'The first version’s day in England',
  })
  firstPublishedOn: string | null;
  @ApiProperty({
    type: String,
    format: 'date',
    nullable: true,
    example: null,
    description: 'The latest version’s day, when a correction',
  })
  correctedOn: string | null;
  @ApiProperty({ type: Boolean, nullable: true, example: true }) onTime: boolean | null;
  @ApiProperty({ type: Number, nullable: true, example: 0 }) daysLate: number | null;
  @ApiProperty({ example: false, description: 'Not published and past the due date' }) overdue: boolean;
  @ApiProperty({ example: 5 }) indicatorsWithValue: number;
  @ApiProperty({ example: 1 }) indicatorsWithSymbol: number;
  @ApiProperty({ type: CompareSymbolCountsDto }) symbols: CompareSymbolCountsDto;
}

export class CompareReturnsSummaryDto {
  @ApiProperty({ example: 9 }) expected: number;
  @ApiProperty({ example: 8 }) published: number;
  @ApiProperty({ example: 7 }) onTime: number;
  @ApiProperty({ example: 1 }) late: number;
  @ApiProperty({ example: 1 }) notPublished: number;
  @ApiProperty({ example: 1 }) overdue: number;
}

export class CompareReturnsOverviewDto {
  @ApiProperty({ type: ComparePeriodDto }) period: ComparePeriodDto;
  @ApiProperty({ format: 'date', example: '2027-02-11', description: 'The term’s end plus 42 days' }) dueOn: string;
  @ApiProperty({ type: CompareReturnsSummaryDto }) summary: CompareReturnsSummaryDto;
  @ApiProperty({ type: [ComparePartnershipReturnDto] }) partnerships: ComparePartnershipReturnDto[];
  @ApiProperty({ type: [ComparePeriodDto], description: 'The terms any partnership published, newest first' })
  periods: ComparePeriodDto[];
}
