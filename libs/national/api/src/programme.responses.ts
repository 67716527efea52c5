import { ApiProperty } from '@nestjs/swagger';
import { PUBLISHED_FINDING_STATUSES, PUBLISHED_RAGS, PUBLISHED_REFORM_STATUSES } from '@rep-hub/contracts';
import type { PublishedFindingStatus, PublishedRag, PublishedReformStatus } from '@rep-hub/contracts';
import type {
  ExceptionsView,
  ExceptionView,
  PartnershipExceptionsView,
  PeriodRef,
  ProgrammeReformsView,
  ProgrammeReformView,
  RagCounts,
  ReformFindingView,
  ReformLaView,
  ReformPartnershipView,
} from '@rep-hub/national-domain';

const RAGS = [...PUBLISHED_RAGS];
const REFORM_STATUSES = [...PUBLISHED_REFORM_STATUSES];
const TEST_STATUSES = [...PUBLISHED_FINDING_STATUSES];

/** Ids of the examples. */
export const NEX = {
  partnership: '2b3c4d5e-6f70-4819-8a2b-3c4d5e6f7081',
  partnership2: '3c4d5e6f-7081-492a-9b3c-4d5e6f708192',
  release: '4d5e6f70-8192-4a3b-8c4d-5e6f708192a3',
  release2: '5e6f7081-92a3-4b4c-9d5e-6f708192a3b4',
};

export class PeriodRefDto implements PeriodRef {
  @ApiProperty({ example: '2025-26-summer' }) code: string;
  @ApiProperty({ example: 'Summer term 2025 to 2026' }) name: string;
}

export class RagCountsDto implements RagCounts {
  @ApiProperty({ example: 1 }) red: number;
  @ApiProperty({ example: 2 }) amber: number;
  @ApiProperty({ example: 4 }) green: number;
}

export class ExceptionDto implements ExceptionView {
  @ApiProperty({ example: 'evaluation.ehcp_20_weeks' }) indicatorCode: string;
  @ApiProperty({ example: 'EHC plans issued within 20 weeks' }) indicatorName: string;
  @ApiProperty({ enum: RAGS, example: 'red' }) rag: PublishedRag;
  @ApiProperty({ type: String, nullable: true, description: 'Who owns the exception, by name', example: 'Sam Patel' })
  ownerName: string | null;
  @ApiProperty({ description: 'The owner’s commentary', example: 'Two panels were cancelled; both are rebooked.' })
  commentary: string;
}

export class PartnershipExceptionsDto implements PartnershipExceptionsView {
  @ApiProperty({ format: 'uuid', example: NEX.partnership }) partnershipId: string;
  @ApiProperty({ example: 'North West' }) partnershipName: string;
  @ApiProperty({ format: 'uuid', description: 'The release read (its latest version)', example: NEX.release })
  releaseId: string;
  @ApiProperty({ description: 'The release’s version (2 or more: a correction)', example: 1 }) version: number;
  @ApiProperty({ format: 'date-time', example: '2026-10-12T09:30:00.000Z' }) publishedAt: string;
  @ApiProperty({ type: RagCountsDto, description: 'How many indicators the lead rated red, amber and green' })
  counts: RagCountsDto;
  @ApiProperty({ type: [ExceptionDto], description: 'Every indicator flagged as an exception, with its commentary' })
  exceptions: ExceptionDto[];
}

export class ExceptionsDto implements ExceptionsView {
  @ApiProperty({ type: [PeriodRefDto], description: 'Every term any partnership has published, newest first' })
  periods: PeriodRefDto[];
  @ApiProperty({ type: PeriodRefDto, nullable: true, description: 'The term shown (null while nothing is published)' })
  period: PeriodRefDto | null;
  @ApiProperty({ type: [PartnershipExceptionsDto], description: 'One per partnership that published the term' })
  partnerships: PartnershipExceptionsDto[];
}

export const EXCEPTIONS_EXAMPLE: ExceptionsDto = {
  periods: [
    { code: '2025-26-summer', name: 'Summer term 2025 to 2026' },
    { code: '2025-26-spring', name: 'Spring term 2025 to 2026' },
  ],
  period: { code: '2025-26-summer', name: 'Summer term 2025 to 2026' },
  partnerships: [
    {
      partnershipId: NEX.partnership,
      partnershipName: 'North West',
      releaseId: NEX.release,
      version: 1,
      publishedAt: '2026-10-12T09:30:00.000Z',
      counts: { red: 1, amber: 2, green: 4 },
      exceptions: [
        {
          indicatorCode: 'evaluation.ehcp_20_weeks',
          indicatorName: 'EHC plans issued within 20 weeks',
          rag: 'red',
          ownerName: 'Sam Patel',
          commentary: 'Two panels were cancelled; both are rebooked and tracked weekly.',
        },
      ],
    },
  ],
};

export class ReformLaDto implements ReformLaView {
  @ApiProperty({ type: String, nullable: true, example: '888' }) laNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'E10000017' }) gssCode: string | null;
  @ApiProperty({ example: 'Lancashire' }) laName: string;
  @ApiProperty({ enum: REFORM_STATUSES, example: 'paused' }) status: PublishedReformStatus;
  @ApiProperty({ format: 'date', description: 'The day the status was set', example: '2026-05-04' }) since: string;
  @ApiProperty({ example: 'Paused over funding: next year’s high-needs settlement is not known yet.' })
  reason: string;
}

export class ReformPartnershipDto implements ReformPartnershipView {
  @ApiProperty({ format: 'uuid', example: NEX.partnership }) partnershipId: string;
  @ApiProperty({ example: 'North West' }) partnershipName: string;
  @ApiProperty({ description: 'The term of the release the register was read from', example: '2025-26-summer' })
  periodCode: string;
  @ApiProperty({ example: 'Summer term 2025 to 2026' }) periodName: string;
  @ApiProperty({ format: 'uuid', example: NEX.release }) releaseId: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ type: [ReformLaDto] }) las: ReformLaDto[];
}

export class ReformResultDto {
  @ApiProperty({ format: 'date', example: '2026-06-20' }) recordedOn: string;
  @ApiProperty({ example: 'Half term: average decision time 5.5 weeks.' }) summary: string;
}

export class ReformFindingDto implements ReformFindingView {
  @ApiProperty({ format: 'uuid', example: NEX.partnership }) partnershipId: string;
  @ApiProperty({ example: 'North West' }) partnershipName: string;
  @ApiProperty({ example: 'Multi-agency panels decide within six weeks' }) title: string;
  @ApiProperty({ enum: TEST_STATUSES, example: 'running' }) status: PublishedFindingStatus;
  @ApiProperty({ format: 'date', example: '2026-01-05' }) startsOn: string;
  @ApiProperty({ format: 'date', example: '2026-07-20' }) endsOn: string;
  @ApiProperty({ type: [String], description: 'The LAs taking part', example: ['Lancashire', 'Halton'] })
  laNames: string[];
  @ApiProperty({ example: 'Decisions now take 5.5 weeks on average, down from 8.' }) findings: string;
  @ApiProperty({ example: 'Health colleagues attend when the panel meets at the same time each week.' })
  lessons: string;
  @ApiProperty({ type: [ReformResultDto], description: 'Dated result summaries, newest first' })
  results: ReformResultDto[];
}

export class ReformStatusCountsDto {
  @ApiProperty({ example: 1 }) planned: number;
  @ApiProperty({ example: 3 }) active: number;
  @ApiProperty({ example: 1 }) paused: number;
  @ApiProperty({ example: 0 }) stopped: number;
}

export class ProgrammeReformDto implements ProgrammeReformView {
  @ApiProperty({ example: 'multi_agency_panels' }) code: string;
  @ApiProperty({ example: 'Multi-agency panels' }) name: string;
  @ApiProperty({ type: ReformStatusCountsDto, description: 'How many LAs across the programme have each status' })
  statusCounts: ReformStatusCountsDto;
  @ApiProperty({ type: [ReformPartnershipDto], description: 'The partnerships testing it and each LA’s status' })
  partnerships: ReformPartnershipDto[];
  @ApiProperty({ type: [ReformFindingDto], description: 'Test and learn findings the partnerships sent' })
  findings: ReformFindingDto[];
}

export class ProgrammeReformsDto implements ProgrammeReformsView {
  @ApiProperty({
    type: [ProgrammeReformDto],
    description: 'Every reform any partnership’s latest release records, by name',
  })
  reforms: ProgrammeReformDto[];
}

export const REFORMS_EXAMPLE: ProgrammeReformsDto = {
  reforms: [
    {
      code: 'multi_agency_panels',
      name: 'Multi-agency panels',
      statusCounts: { planned: 0, active: 1, paused: 0, stopped: 0 },
      partnerships: [
        {
          partnershipId: NEX.partnership,
          partnershipName: 'North West',
          periodCode: '2025-26-summer',
          periodName: 'Summer term 2025 to 2026',
          releaseId: NEX.release,
          version: 1,
          las: [
            {
              laNumber: '876',
              gssCode: 'E06000006',
              laName: 'Halton',
              status: 'active',
              since: '2025-09-08',
              reason: 'Weekly panel since September.',
            },
          ],
        },
      ],
      findings: [
        {
          partnershipId: NEX.partnership,
          partnershipName: 'North West',
          title: 'Multi-agency panels decide within six weeks',
          status: 'running',
          startsOn: '2025-09-08',
          endsOn: '2026-07-20',
          laNames: ['Halton', 'Lancashire'],
          findings: 'Decisions now take 5.5 weeks on average, down from 8.',
          lessons: 'Health colleagues attend when the panel meets at the same time each week.',
          results: [{ recordedOn: '2026-06-20', summary: 'Half term: average decision time 5.5 weeks.' }],
        },
      ],
    },
  ],
};
