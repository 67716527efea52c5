import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { ReturnsOverviewService } from '@rep-hub/national-domain';
import { problem } from '@rep-hub/platform';
import { ReturnsQueryDto } from './compare.dto';
import { CEX, CompareReturnsOverviewDto } from './responses/compare.responses';

const PERIOD = { code: '2026-27-autumn', name: 'Autumn term 2026 to 2027', from: '2026-09-01', to: '2026-12-31' };

/** Completeness and timeliness of the partnerships' returns per term (the National Board only). */
@ApiTags('national')
@ApiBearerAuth()
@Controller('api/v1/national/returns')
export class NationalReturnsOverviewController {
  constructor(private readonly returns: ReturnsOverviewService) {}

  @Policy('read', 'NationalRelease')
  @Get()
  @ApiOperation({
    summary: 'Which partnerships published a term’s return, when against the due date, and how complete',
    description:
      'Every partnership that ever published is expected. A return is due 42 days after its term ends and is judged on the day its first version was published; a correction keeps that day. Completeness counts the partnership-level figures of the latest version that carry a value, and those with a symbol in its place.',
  })
  @ApiOkResponse({
    type: CompareReturnsOverviewDto,
    example: {
      period: PERIOD,
      dueOn: '2027-02-11',
      summary: { expected: 2, published: 1, onTime: 1, late: 0, notPublished: 1, overdue: 1 },
      partnerships: [
        {
          partnershipId: CEX.partnership,
          partnershipName: 'Greater Manchester partnership',
          published: true,
          releaseId: CEX.release,
          version: 1,
          firstPublishedOn: '2027-02-01',
          correctedOn: null,
          onTime: true,
          daysLate: 0,
          overdue: false,
          indicatorsWithValue: 5,
          indicatorsWithSymbol: 1,
          symbols: { c: 1, x: 0, z: 0, low: 0 },
        },
        {
          partnershipId: CEX.other,
          partnershipName: 'Devon partnership',
          published: false,
          releaseId: null,
          version: null,
          firstPublishedOn: null,
          correctedOn: null,
          onTime: null,
          daysLate: null,
          overdue: true,
          indicatorsWithValue: 0,
          indicatorsWithSymbol: 0,
          symbols: { c: 0, x: 0, z: 0, low: 0 },
        },
      ],
      periods: [PERIOD],
    },
  })
  @ApiProblems({
    400: problem(400, undefined, {
      title: 'Your request has invalid fields',
      errors: [{ field: 'period', message: 'period must be a term written like 2026-27-autumn' }],
    }),
  })
  overview(@Query() q: ReturnsQueryDto): Promise<CompareReturnsOverviewDto> {
    return this.returns.overview(q.period) as Promise<CompareReturnsOverviewDto>;
  }
}
