import { ApiProperty } from '@nestjs/swagger';
import { REFORM_STATUSES, TEST_STATUSES } from '@rep-hub/evaluation-domain';
import type {
  ReformCell,
  ReformCellDetail,
  ReformRegister,
  ReformStatus,
  ReformStatusChangeView,
  TestDetail,
  TestResultView,
  TestStatus,
  TestSummary,
} from '@rep-hub/evaluation-domain';

export const REX = {
  la: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
  la2: '9e0f1a2b-3c4d-4e5f-9071-92a3b4c5d6e7',
  school: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c',
  test: '4d5e6f70-8192-4da3-9ec4-d5e6f708192a',
  result: '5e6f7081-92a3-4eb4-8fd5-e6f708192a3b',
  change: '6f708192-a3b4-4fc5-90e6-f708192a3b4c',
  user: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
};

export class LaRefDto {
  @ApiProperty({ format: 'uuid', example: REX.la }) id: string;
  @ApiProperty({ example: 'Manchester' }) name: string;
}

export class ReformCellDto implements ReformCell {
  @ApiProperty({ example: 'banding_tariffs' }) reformCode: string;
  @ApiProperty({ format: 'uuid', example: REX.la }) laId: string;
  @ApiProperty({ example: 'Manchester' }) laName: string;
  @ApiProperty({
    enum: [...REFORM_STATUSES, null],
    nullable: true,
    description: 'null while no status is recorded',
    example: 'paused',
  })
  status: ReformStatus | null;
  @ApiProperty({ example: 'Paused over funding: next year’s high-needs settlement is not known yet.' })
  reason: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-11-06' }) changedOn: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The reform list it was set under', example: '2026-1' })
  reformsVersion: string | null;
  @ApiProperty({ description: '0 while nothing is recorded; send it back with a change (409 when stale)', example: 2 })
  version: number;
  @ApiProperty({ description: 'The caller may set this LA’s status (the lead, the LA’s officers)', example: true })
  canChange: boolean;
}

export class ReformRowDto {
  @ApiProperty({ example: 'banding_tariffs' }) code: string;
  @ApiProperty({ example: 'National banding and price tariffs' }) name: string;
  @ApiProperty({ example: 'National bands and tariffs for high-needs funding.' }) description: string;
  @ApiProperty({ type: [ReformCellDto], description: 'One per LA, in the order of `las`' }) cells: ReformCellDto[];
}

export class ReformRegisterDto implements ReformRegister {
  @ApiProperty({ description: 'The version of the reform list', example: '2026-1' }) reformsVersion: string;
  @ApiProperty({ type: [LaRefDto] }) las: LaRefDto[];
  @ApiProperty({ type: [ReformRowDto] }) reforms: ReformRowDto[];
}

export class ReformChangeDto implements ReformStatusChangeView {
  @ApiProperty({ format: 'uuid', example: REX.change }) id: string;
  @ApiProperty({ enum: [...REFORM_STATUSES, null], nullable: true, example: 'active' }) fromStatus: ReformStatus | null;
  @ApiProperty({ enum: REFORM_STATUSES, example: 'paused' }) toStatus: ReformStatus;
  @ApiProperty({ example: 'Paused over funding: next year’s high-needs settlement is not known yet.' }) reason: string;
  @ApiProperty({ format: 'date', example: '2026-11-06' }) changedOn: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: REX.user }) changedBy: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Alex Moss' }) changedByName: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-06T10:00:00Z' }) changedAt: string;
}

export class ReformCellDetailDto extends ReformCellDto implements ReformCellDetail {
  @ApiProperty({ example: 'National banding and price tariffs' }) reformName: string;
  @ApiProperty({ type: [ReformChangeDto], description: 'Every change, newest first' }) changes: ReformChangeDto[];
}

const CELL_EXAMPLE = {
  reformCode: 'banding_tariffs',
  laId: REX.la,
  laName: 'Manchester',
  status: 'paused',
  reason: 'Paused over funding: next year’s high-needs settlement is not known yet.',
  changedOn: '2026-11-06',
  reformsVersion: '2026-1',
  version: 2,
  canChange: true,
};

export const REGISTER_EXAMPLE = {
  reformsVersion: '2026-1',
  las: [
    { id: REX.la, name: 'Manchester' },
    { id: REX.la2, name: 'Salford' },
  ],
  reforms: [
    {
      code: 'banding_tariffs',
      name: 'National banding and price tariffs',
      description: 'National bands and tariffs for high-needs funding.',
      cells: [
        CELL_EXAMPLE,
        {
          ...CELL_EXAMPLE,
          laId: REX.la2,
          laName: 'Salford',
          status: null,
          reason: '',
          changedOn: null,
          reformsVersion: null,
          version: 0,
        },
      ],
    },
  ],
};

export const CELL_DETAIL_EXAMPLE = {
  ...CELL_EXAMPLE,
  reformName: 'National banding and price tariffs',
  changes: [
    {
      id: REX.change,
      fromStatus: 'active',
      toStatus: 'paused',
      reason: 'Paused over funding: next year’s high-needs settlement is not known yet.',
      changedOn: '2026-11-06',
      changedBy: REX.user,
      changedByName: 'Alex Moss',
      changedAt: '2026-11-06T10:00:00Z',
    },
  ],
};

export class TestSummaryDto implements TestSummary {
  @ApiProperty({ format: 'uuid', example: REX.test }) id: string;
  @ApiProperty({ example: 'Multi-agency panels decide within six weeks' }) title: string;
  @ApiProperty({ example: 'multi_agency_panels' }) reformCode: string;
  @ApiProperty({ example: 'Multi-agency panels' }) reformName: string;
  @ApiProperty({ enum: TEST_STATUSES, example: 'running' }) status: TestStatus;
  @ApiProperty({ format: 'date', example: '2026-09-01' }) startsOn: string;
  @ApiProperty({ format: 'date', example: '2027-07-31' }) endsOn: string;
  @ApiProperty({ type: [LaRefDto], description: 'The LAs involved' }) las: LaRefDto[];
  @ApiProperty({ example: 2 }) resultCount: number;
}

export class TestListDto {
  @ApiProperty({ type: [TestSummaryDto] }) items: TestSummaryDto[];
}

export class TestResultDto implements TestResultView {
  @ApiProperty({ format: 'uuid', example: REX.result }) id: string;
  @ApiProperty({ format: 'date', example: '2026-11-20' }) recordedOn: string;
  @ApiProperty({ example: 'Half term: average decision time 5.5 weeks.' }) summary: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: REX.user }) recordedBy: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Alex Moss' }) recordedByName: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-20T10:00:00Z' }) createdAt: string;
}

export class OrganisationRefDto {
  @ApiProperty({ format: 'uuid', example: REX.school }) id: string;
  @ApiProperty({ example: 'Hill Top Primary' }) name: string;
}

export class TestDetailDto extends TestSummaryDto implements TestDetail {
  @ApiProperty({ example: '2026-1' }) reformsVersion: string;
  @ApiProperty({ example: 'A weekly multi-agency panel decides on requests within six weeks.' }) hypothesis: string;
  @ApiProperty({ example: 'Requests in the same LAs in the year before.' }) comparisonGroup: string;
  @ApiProperty({ type: [OrganisationRefDto], description: 'The settings involved' }) settings: OrganisationRefDto[];
  @ApiProperty({ type: [String], example: ['evaluation.ehcp_20_weeks'] }) indicatorCodes: string[];
  @ApiProperty({ example: 'Decisions take 5.5 weeks on average.' }) findings: string;
  @ApiProperty({ example: 'Health colleagues attend when the panel meets at a fixed time.' }) lessons: string;
  @ApiProperty({ example: 'Attendance falls in school holidays.' }) risks: string;
  @ApiProperty({ format: 'date-time', example: '2026-09-01T10:00:00Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-20T10:00:00Z' }) updatedAt: string;
  @ApiProperty({ description: 'Optimistic-concurrency counter: send it back with an update', example: 2 })
  version: number;
  @ApiProperty({ type: [TestResultDto], description: 'Every result, newest first' }) results: TestResultDto[];
  @ApiProperty({ description: 'The caller may change the test (the lead)', example: true }) canEdit: boolean;
  @ApiProperty({ description: 'The caller may add a result (the lead, officers of its LAs)', example: true })
  canAddResult: boolean;
}

export const TEST_SUMMARY_EXAMPLE = {
  id: REX.test,
  title: 'Multi-agency panels decide within six weeks',
  reformCode: 'multi_agency_panels',
  reformName: 'Multi-agency panels',
  status: 'running',
  startsOn: '2026-09-01',
  endsOn: '2027-07-31',
  las: [{ id: REX.la, name: 'Manchester' }],
  resultCount: 1,
};

export const TEST_DETAIL_EXAMPLE = {
  ...TEST_SUMMARY_EXAMPLE,
  reformsVersion: '2026-1',
  hypothesis: 'A weekly multi-agency panel decides on requests within six weeks.',
  comparisonGroup: 'Requests in the same LAs in the year before.',
  settings: [],
  indicatorCodes: ['evaluation.ehcp_20_weeks'],
  findings: 'Decisions take 5.5 weeks on average.',
  lessons: '',
  risks: '',
  createdAt: '2026-09-01T10:00:00Z',
  updatedAt: '2026-11-20T10:00:00Z',
  version: 2,
  results: [
    {
      id: REX.result,
      recordedOn: '2026-11-20',
      summary: 'Half term: average decision time 5.5 weeks.',
      recordedBy: REX.user,
      recordedByName: 'Alex Moss',
      createdAt: '2026-11-20T10:00:00Z',
    },
  ],
  canEdit: true,
  canAddResult: true,
};
