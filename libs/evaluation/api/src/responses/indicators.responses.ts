import { ApiProperty } from '@nestjs/swagger';
import type {
  LaFigure,
  LibraryDefinition,
  PeriodValues,
  SubmittedUploadResult,
  SubmittedValueRow,
  ValuesOverTime,
} from '@rep-hub/evaluation-domain';

export const IEX = {
  la: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  value: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
  upload: '6f708192-a3b4-4c5d-8e6f-708192a3b4c5',
  user: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
  sha256: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
};

export class LibraryDefinitionDto implements LibraryDefinition {
  @ApiProperty({ description: 'Unique across the library: module.name', example: 'evaluation.ehcp_20_weeks' })
  code: string;
  @ApiProperty({ example: 'New EHC plans issued within 20 weeks, excluding exceptions' }) name: string;
  @ApiProperty({ enum: ['count', 'percentage', 'days'], example: 'percentage' }) unit: 'count' | 'percentage' | 'days';
  @ApiProperty({ example: 'New EHC plans issued within 20 weeks, excluding exception cases' }) numerator: string;
  @ApiProperty({ type: String, nullable: true, example: 'New EHC plans issued, excluding exception cases' })
  denominator: string | null;
  @ApiProperty({ enum: ['higher_is_better', 'lower_is_better', 'neither'], example: 'higher_is_better' })
  direction: 'higher_is_better' | 'lower_is_better' | 'neither';
  @ApiProperty({ type: [String], enum: ['la', 'partnership'], example: ['la', 'partnership'] })
  levels: ('la' | 'partnership')[];
  @ApiProperty({
    enum: ['computed', 'submitted'],
    description: 'computed: by a module from its records; submitted: entered or uploaded by each LA',
    example: 'submitted',
  })
  kind: 'computed' | 'submitted';
  @ApiProperty({ type: String, nullable: true, description: 'The module that computes it', example: null })
  module: string | null;
  @ApiProperty({
    description: '“computed by <module>”, or where an LA finds the figure',
    example: 'The LA’s SEN2 return',
  })
  source: string;
  @ApiProperty({ description: 'The definition’s version (a computed one’s query version)', example: 1 })
  version: number;
}

export class LibraryDefinitionListDto {
  @ApiProperty({ type: [LibraryDefinitionDto] }) items: LibraryDefinitionDto[];
}

export class ReturnPeriodDto {
  @ApiProperty({ example: '2025-26-summer' }) code: string;
  @ApiProperty({ example: 'Summer term 2025 to 2026' }) name: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-08-31' }) to: string;
}

export class LaFigureDto implements LaFigure {
  @ApiProperty({ format: 'uuid', example: IEX.la }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({ type: Number, nullable: true, example: 112 }) numerator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 180 }) denominator: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The figure: a count, or a percentage to one decimal',
    example: 62.2,
  })
  value: number | null;
}

export class PartnershipFigureDto {
  @ApiProperty({ type: Number, nullable: true, example: 201 }) numerator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 330 }) denominator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 60.9 }) value: number | null;
  @ApiProperty({ description: 'How many LAs have a figure for the period', example: 2 }) lasReporting: number;
}

export class PeriodValuesDto implements PeriodValues {
  @ApiProperty({ type: ReturnPeriodDto }) period: ReturnPeriodDto;
  @ApiProperty({ type: [LaFigureDto] }) las: LaFigureDto[];
  @ApiProperty({ type: PartnershipFigureDto }) partnership: PartnershipFigureDto;
}

export class LaNameDto {
  @ApiProperty({ format: 'uuid', example: IEX.la }) id: string;
  @ApiProperty({ example: 'Manchester' }) name: string;
}

export class ValuesOverTimeDto implements ValuesOverTime {
  @ApiProperty({ type: LibraryDefinitionDto }) definition: LibraryDefinitionDto;
  @ApiProperty({ type: [LaNameDto] }) las: LaNameDto[];
  @ApiProperty({ type: [PeriodValuesDto], description: 'Oldest first' }) periods: PeriodValuesDto[];
}

export class SubmittedValueDto implements SubmittedValueRow {
  @ApiProperty({ format: 'uuid', example: IEX.value }) id: string;
  @ApiProperty({ format: 'uuid', example: IEX.la }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({ example: 'evaluation.ehcp_20_weeks' }) code: string;
  @ApiProperty({ example: '2025-26-summer' }) period: string;
  @ApiProperty({ example: 1 }) definitionVersion: number;
  @ApiProperty({ example: 112 }) numerator: number;
  @ApiProperty({ type: Number, nullable: true, example: 180 }) denominator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 62.2 }) value: number | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The upload it came in, if any',
    example: null,
  })
  uploadId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) uploadSha256: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Who entered it by hand',
    example: IEX.user,
  })
  enteredBy: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-10-05T09:12:00Z' }) enteredAt: string;
  @ApiProperty({ description: 'Optimistic-concurrency counter: send it back to replace the figure', example: 1 })
  version: number;
}

export class SubmittedValueListDto {
  @ApiProperty({ type: [SubmittedValueDto] }) items: SubmittedValueDto[];
}

export class SubmittedUploadResultDto implements SubmittedUploadResult {
  @ApiProperty({ format: 'uuid', example: IEX.upload }) uploadId: string;
  @ApiProperty({ format: 'uuid', example: IEX.la }) laId: string;
  @ApiProperty({ example: 'figures-352-2025-26-summer.csv' }) filename: string;
  @ApiProperty({ example: IEX.sha256 }) sha256: string;
  @ApiProperty({ description: 'True when this very file was loaded before: nothing changed', example: false })
  alreadyLoaded: boolean;
  @ApiProperty({ description: 'Figures in the file', example: 6 }) received: number;
  @ApiProperty({ description: 'Figures added or changed', example: 6 }) changed: number;
}

export const VALUE_EXAMPLE: SubmittedValueRow = {
  id: IEX.value,
  laId: IEX.la,
  laName: 'Manchester',
  code: 'evaluation.ehcp_20_weeks',
  period: '2025-26-summer',
  definitionVersion: 1,
  numerator: 112,
  denominator: 180,
  value: 62.2,
  uploadId: null,
  uploadSha256: null,
  enteredBy: IEX.user,
  enteredAt: '2026-10-05T09:12:00Z',
  version: 1,
};
