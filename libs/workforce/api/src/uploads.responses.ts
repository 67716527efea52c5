import { ApiProperty } from '@nestjs/swagger';
import type { UploadResult, UploadStatus, UploadView } from '@rep-hub/workforce-domain';
import { WEX } from './workforce.dto';

export const UPLOAD_ID_EXAMPLE = '7a8b9c0d-1e2f-4a3b-8c5d-6e7f8091a2b3';
const SHA = '9f2c1d6e0b7a4c3d8e5f6a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3';

export class WorkforceUploadRowErrorDto {
  @ApiProperty({ example: 'rows[3].work_email' }) field: string;
  @ApiProperty({ description: 'The spreadsheet row (the header is row 1)', example: 3 }) row: number;
  @ApiProperty({ description: 'The column, or `file` for the whole file', example: 'work_email' }) column: string;
  @ApiProperty({ example: 'Enter a work email address, like name@example.org' }) message: string;
}

export class WorkforceUploadResultDto implements UploadResult {
  @ApiProperty({ example: 240 }) rows: number;
  @ApiProperty({ example: 236 }) participantsAdded: number;
  @ApiProperty({ example: 238 }) enrolmentsAdded: number;
  @ApiProperty({ description: 'Status moves made (each one a history row)', example: 470 }) moves: number;
  @ApiProperty({ example: 120 }) milestonesDeclared: number;
  @ApiProperty({ description: 'Rows already as the file says: nothing changed', example: 2 }) unchanged: number;
}

export class WorkforceUploadDto implements UploadView {
  @ApiProperty({ format: 'uuid', example: UPLOAD_ID_EXAMPLE }) id: string;
  @ApiProperty({ format: 'uuid', example: WEX.cohort }) cohortId: string;
  @ApiProperty({ example: 'npq-autumn-2026.xlsx' }) filename: string;
  @ApiProperty({ enum: ['csv', 'xlsx'], example: 'xlsx' }) format: 'csv' | 'xlsx';
  @ApiProperty({ example: 48213 }) sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 of the file: the same file again is this upload', example: SHA }) sha256: string;
  @ApiProperty({
    enum: ['queued', 'checking', 'writing', 'done', 'rejected', 'failed'],
    description:
      'queued, checking and writing: still running; done: every row saved; rejected: nothing saved, see problems; failed: nothing saved, upload again',
    example: 'done',
  })
  status: UploadStatus;
  @ApiProperty({ minimum: 0, maximum: 100, example: 100 }) progress: number;
  @ApiProperty({ type: String, nullable: true, example: 'Saved 240 rows' }) progressText: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The data rows of the file, counted when it is uploaded (null for an upload made before they were)',
    example: 240,
  })
  rowsTotal: number | null;
  @ApiProperty({ type: [WorkforceUploadRowErrorDto], description: 'Every problem by row and column (rejected)' })
  problems: WorkforceUploadRowErrorDto[];
  @ApiProperty({ type: WorkforceUploadResultDto, nullable: true }) result: WorkforceUploadResultDto | null;
  @ApiProperty({ format: 'uuid', example: WEX.participant }) uploadedBy: string;
  @ApiProperty({ example: '2026-11-23T10:15:00Z' }) uploadedAt: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-23T10:15:09Z' }) finishedAt: string | null;
}

export class WorkforceUploadAcceptedDto {
  @ApiProperty({
    description: 'True when this very file was uploaded for this cohort before: nothing changes',
    example: false,
  })
  alreadyLoaded: boolean;
  @ApiProperty({ type: WorkforceUploadDto }) upload: WorkforceUploadDto;
}

export const UPLOAD_EXAMPLE: WorkforceUploadDto = {
  id: UPLOAD_ID_EXAMPLE,
  cohortId: WEX.cohort,
  filename: 'npq-autumn-2026.xlsx',
  format: 'xlsx',
  sizeBytes: 48213,
  sha256: SHA,
  status: 'done',
  progress: 100,
  progressText: 'Saved 240 rows',
  rowsTotal: 240,
  problems: [],
  result: {
    rows: 240,
    participantsAdded: 236,
    enrolmentsAdded: 238,
    moves: 470,
    milestonesDeclared: 120,
    unchanged: 2,
  },
  uploadedBy: WEX.participant,
  uploadedAt: '2026-11-23T10:15:00Z',
  finishedAt: '2026-11-23T10:15:09Z',
};

export const QUEUED_EXAMPLE: WorkforceUploadDto = {
  ...UPLOAD_EXAMPLE,
  status: 'queued',
  progress: 0,
  progressText: 'Waiting to start',
  result: null,
  finishedAt: null,
};
