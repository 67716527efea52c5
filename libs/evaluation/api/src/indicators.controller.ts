import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '@rep-hub/api-surface';
import { Policy } from '@rep-hub/auth';
import { IndicatorLibraryService } from '@rep-hub/evaluation-domain';
import { ValuesQueryDto } from './indicators.dto';
import { LibraryDefinitionListDto, ValuesOverTimeDto } from './responses/indicators.responses';

const DEFINITION_EXAMPLE = {
  code: 'evaluation.ehcp_20_weeks',
  name: 'New EHC plans issued within 20 weeks, excluding exceptions',
  unit: 'percentage',
  numerator: 'New EHC plans issued within 20 weeks, excluding exception cases',
  denominator: 'New EHC plans issued, excluding exception cases',
  direction: 'higher_is_better',
  levels: ['la', 'partnership'],
  kind: 'submitted',
  module: null,
  source: 'The LA’s SEN2 return',
  version: 1,
};

/**
 * The indicator library: versioned definitions of what the modules compute (through the
 * indicator contract) and of what each LA submits, and their values over time per LA and for the
 * partnership. The partnership's own, unsuppressed figures: its members only.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluation/indicators')
export class EvaluationIndicatorsController {
  constructor(private readonly library: IndicatorLibraryService) {}

  @Policy('read', 'EvaluationSubmittedValue')
  @Get()
  @ApiOperation({ summary: 'Every indicator of the library: computed ones (by module), then submitted ones' })
  @ApiOkResponse({
    type: LibraryDefinitionListDto,
    example: {
      items: [
        {
          code: 'ap.placements_started',
          name: 'AP placements started',
          unit: 'count',
          numerator: 'Placements started in the period',
          denominator: null,
          direction: 'neither',
          levels: ['la', 'partnership'],
          kind: 'computed',
          module: 'ap',
          source: 'computed by ap',
          version: 1,
        },
        DEFINITION_EXAMPLE,
      ],
    },
  })
  list(): LibraryDefinitionListDto {
    return { items: this.library.definitions() as LibraryDefinitionListDto['items'] };
  }

  @Policy('read', 'EvaluationSubmittedValue')
  @Get(':code/values')
  @ApiParam({ name: 'code', description: 'An indicator code of the library', example: 'evaluation.ehcp_20_weeks' })
  @ApiOperation({
    summary: 'An indicator’s values for each term, per LA and for the partnership (default: the last six terms)',
    description:
      'Computed indicators are computed by their module for each term’s dates; submitted ones are the LAs’ figures, the partnership’s being the sum of numerators over the sum of denominators (a percentage) or the sum (a count) of the LAs that reported.',
  })
  @ApiOkResponse({
    type: ValuesOverTimeDto,
    example: {
      definition: DEFINITION_EXAMPLE,
      las: [{ id: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6', name: 'Manchester' }],
      periods: [
        {
          period: { code: '2025-26-summer', name: 'Summer term 2025 to 2026', from: '2026-04-01', to: '2026-08-31' },
          las: [
            {
              laId: '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
              laName: 'Manchester',
              numerator: 112,
              denominator: 180,
              value: 62.2,
            },
          ],
          partnership: { numerator: 112, denominator: 180, value: 62.2, lasReporting: 1 },
        },
      ],
    },
  })
  @ApiProblems(404)
  async values(@Param('code') code: string, @Query() q: ValuesQueryDto): Promise<ValuesOverTimeDto> {
    this.library.definition(code);
    return (await this.library.valuesOverTime(code, this.library.periods(q.from, q.to))) as ValuesOverTimeDto;
  }
}
