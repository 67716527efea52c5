import { ApiProperty } from '@nestjs/swagger';
import type {
  AttendanceFileFormat,
  AttendanceSessionName,
  AttendanceSessionView,
  AttendanceSummary,
  AttendanceUploadView,
  AttendanceView,
  AttendanceWriteResult,
} from '@rep-hub/ap-domain';
import { ATTENDANCE_SESSIONS } from '@rep-hub/ap-domain';
import type { AttendanceCategory } from '@rep-hub/reference';

const CATEGORIES: AttendanceCategory[] = [
  'present',
  'approved_educational_activity',
  'authorised_absence',
  'unauthorised_absence',
  'not_possible',
];
const PROVIDER = '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** What a PUT of sessions answers: sessions received, and how many were new or different. */
export class AttendanceWriteResultDto implements AttendanceWriteResult {
  @ApiProperty({ example: 2 }) received: number;
  @ApiProperty({ example: 2 }) changed: number;
}

export class AttendanceSessionViewDto implements AttendanceSessionView {
  @ApiProperty({ format: 'date', example: '2026-11-23' }) date: string;
  @ApiProperty({ enum: ATTENDANCE_SESSIONS, example: 'AM' }) session: AttendanceSessionName;
  @ApiProperty({ description: 'A code of code list attendance-codes', example: '/' }) code: string;
  @ApiProperty({ description: 'The code’s meaning in the list version in force on the date', example: 'Present (AM)' })
  meaning: string;
  @ApiProperty({ enum: CATEGORIES, example: 'present' }) category: AttendanceCategory;
  @ApiProperty({ description: 'The version of attendance-codes in force on the date', example: '2024-08' })
  codeVersion: string;
  @ApiProperty({ type: String, nullable: true, example: null }) note: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-23T09:40:00.000Z' }) recordedAt: string;
  @ApiProperty({
    description: 'The upload that wrote it; null when sent by PUT',
    format: 'uuid',
    type: String,
    nullable: true,
    example: null,
  })
  uploadId: string | null;
}

export class AttendanceSummaryDto implements AttendanceSummary {
  @ApiProperty({ example: 2 }) possibleSessions: number;
  @ApiProperty({ description: 'Present and approved educational activity', example: 1 }) attended: number;
  @ApiProperty({ example: 0 }) authorisedAbsence: number;
  @ApiProperty({ example: 1 }) unauthorisedAbsence: number;
  @ApiProperty({ example: 0 }) notPossible: number;
  @ApiProperty({
    description: 'Absences over possible sessions, to one decimal; null with none',
    type: Number,
    nullable: true,
    example: 50,
  })
  percentMissed: number | null;
}

/** A placement's sessions and their summary. */
export class AttendanceViewDto implements AttendanceView {
  @ApiProperty({ format: 'uuid', example: '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b' }) placementId: string;
  @ApiProperty({ format: 'uuid', example: '7c6b5a49-3827-4165-9a4b-3c2d1e0f9a8b' }) caseId: string;
  @ApiProperty({ example: 'AP-000042' }) reference: string;
  @ApiProperty({ format: 'uuid', example: PROVIDER }) providerId: string;
  @ApiProperty({ example: 'Irwell Learning Centre' }) providerName: string;
  @ApiProperty({ enum: ['planned', 'active', 'ended'], example: 'active' }) status: 'planned' | 'active' | 'ended';
  @ApiProperty({ format: 'date', type: String, nullable: true, example: '2026-11-09' }) startedOn: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) endedOn: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) from: string | null;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) to: string | null;
  @ApiProperty({
    description: 'Whether you may record sessions of this placement (its provider’s staff)',
    example: false,
  })
  canRecord: boolean;
  @ApiProperty({ type: [AttendanceSessionViewDto] }) sessions: AttendanceSessionViewDto[];
  @ApiProperty({ type: AttendanceSummaryDto }) summary: AttendanceSummaryDto;
}

/** An attendance file upload. */
export class AttendanceUploadDto implements AttendanceUploadView {
  @ApiProperty({ format: 'uuid', example: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' }) id: string;
  @ApiProperty({ format: 'uuid', example: PROVIDER }) providerId: string;
  @ApiProperty({ example: 'Irwell Learning Centre' }) providerName: string;
  @ApiProperty({ type: String, nullable: true, example: 'attendance-week-48.csv' }) filename: string | null;
  @ApiProperty({ enum: ['csv', 'xlsx'], example: 'csv' }) format: AttendanceFileFormat;
  @ApiProperty({ example: '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b' }) sha256: string;
  @ApiProperty({ example: 120 }) rowCount: number;
  @ApiProperty({ example: 118 }) changedCount: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-27T16:02:11.000Z' }) uploadedAt: string;
  @ApiProperty({
    description: 'Who uploaded it; null when the account has been removed',
    type: String,
    nullable: true,
    example: 'Robin Provider',
  })
  uploadedBy: string | null;
}

export class AttendanceUploadResultDto extends AttendanceUploadDto implements AttendanceWriteResult {
  @ApiProperty({ example: 120 }) received: number;
  @ApiProperty({ example: 118 }) changed: number;
}

export class AttendanceUploadListDto {
  @ApiProperty({ type: [AttendanceUploadDto] }) items: AttendanceUploadDto[];
}
