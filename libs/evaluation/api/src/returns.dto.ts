import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  periodOf,
  periodProblems,
  previousPeriod,
  RAGS,
  ratingsProblems,
  versionProblems,
} from '@rep-hub/evaluation-domain';
import { IsCheckedBy, IsCodeIn, liveExample, schoolToday } from '@rep-hub/platform';
import { IsOptional } from 'class-validator';
import { LA_ID, USER_ID } from './responses/returns.responses';

type Errors = { field: string; message: string }[];
/** The message of the service's own rule for one field (the API and the pages say the same). */
const of = (errors: Errors, field: string) => errors.find((e) => e.field === field)?.message;
const versionRule = (v: unknown) => of(versionProblems(v), 'version');

class VersionedDto {
  @ApiProperty({ description: 'The return’s version you saw; a different current version answers 409', example: 1 })
  @IsCheckedBy(versionRule)
  version: number;
}

/** A term four before this one: begun, and before the three the demo partnerships have sent (so the example works on the demo). */
const exampleUnsentPeriod = () =>
  liveExample(() => [1, 2, 3, 4].reduce((p) => previousPeriod(p), periodOf(schoolToday())).code);

export class CreateReturnDto {
  @ApiProperty({
    description:
      'The period, a term coded like 2026-27-autumn (autumn 1 September to 31 December, spring 1 January to 31 March, summer 1 April to 31 August), that has begun',
    pattern: '^[0-9]{4}-[0-9]{2}-(autumn|spring|summer)$',
    example: exampleUnsentPeriod(),
  })
  @IsCheckedBy((v) => of(periodProblems(v), 'period'))
  period: string;
}

export class AssembleReturnDto extends VersionedDto {}
export class LeadSignOffDto extends VersionedDto {}
export class SendReturnDto extends VersionedDto {}

export class NarrativeDto extends VersionedDto {
  @ApiProperty({
    description: 'The lead’s narrative of the period (up to 20,000 characters)',
    maxLength: 20000,
    example: 'Assessments recovered after the autumn panels were rebooked; suspensions fell in both LAs.',
  })
  @IsCheckedBy((v) =>
    typeof v !== 'string'
      ? 'Enter the narrative (it may be empty)'
      : v.length > 20000
        ? 'The narrative must be 20,000 characters or fewer'
        : undefined,
  )
  narrative: string;
}

export class RatingBodyDto {
  @ApiProperty({ description: 'An indicator of the return', example: 'evaluation.ehcp_20_weeks' })
  indicatorCode: string;
  @ApiProperty({ enum: RAGS, example: 'green' }) rag: string;
  @ApiPropertyOptional({ description: 'An exception (always, for red)', example: false }) exception?: boolean;
  @ApiPropertyOptional({
    format: 'uuid',
    type: String,
    nullable: true,
    description: 'The exception’s owner: a person of the partnership (needed for an exception)',
    example: USER_ID,
  })
  ownerUserId?: string | null;
  @ApiPropertyOptional({
    description: 'The owner’s commentary (needed for an exception; up to 5,000 characters)',
    example: 'On track.',
  })
  commentary?: string;
}

export class RatingsDto extends VersionedDto {
  @ApiProperty({
    type: [RatingBodyDto],
    description:
      'Every rating of the return (replaces those before). A red one is an exception: it needs an owner and commentary (400 naming ratings[i].ownerUserId otherwise).',
    example: [{ indicatorCode: 'evaluation.ehcp_20_weeks', rag: 'green', exception: false, commentary: 'On track.' }],
  })
  // each rating's fields are checked by the service, which names them (ratings[0].ownerUserId)
  @IsCheckedBy((v) => (Array.isArray(v) ? undefined : of(ratingsProblems(v), 'ratings')))
  ratings: RatingBodyDto[];
}

export class LaSignOffDto extends VersionedDto {
  @ApiProperty({ format: 'uuid', description: 'Your LA, whose part of the return you sign off', example: LA_ID })
  @IsCheckedBy((v) =>
    typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v)
      ? undefined
      : 'Choose the local authority whose part you sign off',
  )
  laId: string;

  @ApiPropertyOptional({
    description: 'A comment with the sign-off (up to 2,000 characters)',
    example: 'Checked against our SEN2 return.',
  })
  @IsOptional()
  @IsCheckedBy((v) =>
    typeof v === 'string' && v.trim().length <= 2000 ? undefined : 'The comment must be 2,000 characters or fewer',
  )
  comment?: string;
}

export class CorrectionDto extends VersionedDto {
  @ApiProperty({
    description: 'Why the sent return is corrected (1 to 2,000 characters)',
    example: 'Trafford’s SEN2 figures were revised by the LA after the return was sent.',
  })
  @IsCheckedBy((v) =>
    typeof v !== 'string' || !v.trim()
      ? 'Say why the return is corrected'
      : v.trim().length > 2000
        ? 'The reason must be 2,000 characters or fewer'
        : undefined,
  )
  reason: string;
}

export class ReturnExportQueryDto {
  @ApiProperty({ enum: ['csv', 'xlsx'], example: 'csv' })
  @IsCodeIn(() => ['csv', 'xlsx'], { message: 'format must be csv or xlsx' })
  format: 'csv' | 'xlsx';
}
