import { ApiProperty } from '@nestjs/swagger';
import { RAGS, RETURN_STATUSES } from '@rep-hub/evaluation-domain';
import type { FigureLineage, Rag, ReturnStatus } from '@rep-hub/evaluation-domain';

export const RETURN_ID = '3a7f6c8e-9b0d-44b5-8a6b-7c8d9e0f1a2b';
export const LA_ID = '1e5d4a6c-7f8b-4293-8e4f-5a6b7c8d9e0f';
export const USER_ID = '2f6e5b7d-8a9c-43a4-9f5a-6b7c8d9e0f1a';
export const SUBMITTED_ID = '4b8a7d9f-0c1e-45c6-9b7c-8d9e0f1a2b3c';

const LINEAGE = {
  type: 'object',
  additionalProperties: true,
  description:
    'Where the figure came from: `{ kind: "computed", module, queryVersion, computedAt }`, `{ kind: "submitted", submittedValueId, uploadId, uploadSha256, enteredBy, enteredAt }` (the partnership’s submitted figure adds `parts`, one per LA) or `{ kind: "missing" }`',
} as const;

export class ReturnSummaryDto {
  @ApiProperty({ format: 'uuid', example: RETURN_ID }) id: string;
  @ApiProperty({ example: '2026-27-autumn', description: 'The period’s code' }) period: string;
  @ApiProperty({ example: 'Autumn term 2026 to 2027' }) periodName: string;
  @ApiProperty({ example: 1, description: 'The return’s version for its period (a correction is the next)' })
  returnVersion: number;
  @ApiProperty({ enum: RETURN_STATUSES, example: 'draft' }) status: ReturnStatus;
  @ApiProperty({ example: false, description: 'true while its assembly job has not finished' }) assembling: boolean;
  @ApiProperty({ format: 'date', example: '2027-02-11', description: 'Figures entered after this day are late' })
  dueOn: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: null }) correctsReturnId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) correctionReason: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T09:00:00.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: null }) sentAt: string | null;
  @ApiProperty({ example: 2, description: 'The row’s counter: send it back with every change (409 when stale)' })
  version: number;
}

export class ReturnListDto {
  @ApiProperty({ type: [ReturnSummaryDto] }) items: ReturnSummaryDto[];
}

export class ReturnActorDto {
  @ApiProperty({ format: 'uuid', example: USER_ID }) id: string;
  @ApiProperty({ example: 'Manchester partnership lead (demo)' }) name: string;
}

export class ReturnCountsDto {
  @ApiProperty({ example: 12 }) expected: number;
  @ApiProperty({ example: 10 }) present: number;
  @ApiProperty({ example: 2 }) missing: number;
  @ApiProperty({ example: 9 }) onTime: number;
  @ApiProperty({ example: 1 }) late: number;
}

export class ReturnIndicatorDto {
  @ApiProperty({ example: 'evaluation.ehcp_20_weeks' }) code: string;
  @ApiProperty({ example: 'New EHC plans issued within 20 weeks, excluding exceptions' }) name: string;
  @ApiProperty({ enum: ['count', 'percentage', 'days'], example: 'percentage' }) unit: string;
  @ApiProperty({ enum: ['computed', 'submitted'], example: 'submitted' }) source: string;
  @ApiProperty({ example: 2 }) present: number;
  @ApiProperty({ example: 0 }) missing: number;
  @ApiProperty({ example: 2 }) onTime: number;
  @ApiProperty({ example: 0 }) late: number;
}

export class ReturnSignOffDto {
  @ApiProperty({ type: ReturnActorDto }) signedOffBy: ReturnActorDto;
  @ApiProperty({ format: 'date-time', example: '2026-12-02T10:00:00.000Z' }) signedOffAt: string;
  @ApiProperty({ example: 'Checked against our SEN2 return' }) comment: string;
}

export class ReturnLaDto {
  @ApiProperty({ format: 'uuid', example: LA_ID }) id: string;
  @ApiProperty({ example: 'Manchester' }) name: string;
  @ApiProperty({ example: 6 }) present: number;
  @ApiProperty({ example: 0 }) missing: number;
  @ApiProperty({ example: 6 }) onTime: number;
  @ApiProperty({ example: 0 }) late: number;
  @ApiProperty({ type: ReturnSignOffDto, nullable: true, description: 'The LA’s sign-off of its part, if given' })
  signOff: ReturnSignOffDto | null;
}

export class ReturnFigureDto {
  @ApiProperty({ example: 'evaluation.ehcp_20_weeks' }) indicatorCode: string;
  @ApiProperty({ example: 'New EHC plans issued within 20 weeks, excluding exceptions' }) indicatorName: string;
  @ApiProperty({ enum: ['count', 'percentage', 'days'], example: 'percentage' }) unit: string;
  @ApiProperty({ enum: ['computed', 'submitted'], example: 'submitted' }) source: string;
  @ApiProperty({ example: 1 }) definitionVersion: number;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: LA_ID, description: 'null: the partnership' })
  laId: string | null;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({ type: Number, nullable: true, example: 41 }) numerator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 60 }) denominator: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 68.3 }) value: number | null;
  @ApiProperty({ example: true }) present: boolean;
  @ApiProperty({ example: true }) onTime: boolean;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: '2027-01-20T09:00:00.000Z' })
  submittedAt: string | null;
  @ApiProperty({
    ...LINEAGE,
    example: {
      kind: 'submitted',
      submittedValueId: SUBMITTED_ID,
      uploadId: null,
      uploadSha256: null,
      enteredBy: USER_ID,
      enteredAt: '2027-01-20T09:00:00.000Z',
    },
  })
  lineage: FigureLineage;
}

export class ReturnRatingDto {
  @ApiProperty({ example: 'evaluation.ehcp_20_weeks' }) indicatorCode: string;
  @ApiProperty({ enum: RAGS, example: 'red' }) rag: Rag;
  @ApiProperty({ example: true }) exception: boolean;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: USER_ID }) ownerUserId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Manchester LA officer (demo)' }) ownerName: string | null;
  @ApiProperty({ example: 'Two panels were cancelled in November; both are rebooked for January.' })
  commentary: string;
}

export class ReturnDto extends ReturnSummaryDto {
  @ApiProperty({ example: 'Assessments recovered after the autumn panels were rebooked.' }) narrative: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: '2026-12-01T09:00:05.000Z' })
  assembledAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: null }) leadSignedOffAt: string | null;
  @ApiProperty({ type: ReturnActorDto, nullable: true }) leadSignedOffBy: ReturnActorDto | null;
  @ApiProperty({ type: ReturnActorDto, nullable: true }) sentBy: ReturnActorDto | null;
  @ApiProperty({ type: ReturnCountsDto, description: 'Completeness and timeliness over every LA’s figures' })
  completeness: ReturnCountsDto;
  @ApiProperty({ type: [ReturnIndicatorDto] }) indicators: ReturnIndicatorDto[];
  @ApiProperty({ type: [ReturnLaDto] }) las: ReturnLaDto[];
  @ApiProperty({ type: [ReturnFigureDto], description: 'One per indicator and LA, and the partnership’s' })
  figures: ReturnFigureDto[];
  @ApiProperty({ type: [ReturnRatingDto] }) ratings: ReturnRatingDto[];
  @ApiProperty({
    type: [String],
    description: 'What you may do now: assemble, narrative, ratings, la-sign-off:<laId>, lead-sign-off, send, correct',
    example: ['assemble', 'narrative', 'ratings'],
  })
  allowedMoves: string[];
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The sent snapshot’s SHA-256' })
  snapshotSha256: string | null;
}

export class ReturnSnapshotDto {
  @ApiProperty({ format: 'uuid', example: RETURN_ID }) returnId: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The return as sent: every figure with its lineage, ratings, sign-offs and narrative',
    example: { schema: 1, returnId: RETURN_ID, returnVersion: 1, figures: [], ratings: [], laSignOffs: [] },
  })
  snapshot: Record<string, unknown>;
  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description: 'SHA-256 of the snapshot as canonical JSON (keys in order)',
  })
  sha256: string;
  @ApiProperty({ format: 'date-time', example: '2027-02-01T10:00:00.000Z' }) frozenAt: string;
}
