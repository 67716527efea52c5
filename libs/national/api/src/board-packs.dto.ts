import { ApiProperty } from '@nestjs/swagger';
import { meetingDateProblem, periodProblem, titleProblem } from '@rep-hub/national-domain';
import { IsCheckedBy } from '@rep-hub/platform';

export class CreateBoardPackDto {
  @ApiProperty({
    description: 'The pack’s title (1 to 200 characters)',
    maxLength: 200,
    example: 'Implementation Board, September 2026',
  })
  @IsCheckedBy(titleProblem)
  title: string;

  @ApiProperty({ format: 'date', description: 'The date of the meeting the pack is for', example: '2026-09-17' })
  @IsCheckedBy(meetingDateProblem)
  meetingDate: string;

  @ApiProperty({
    description:
      'The period the pack reports (a term coded like 2025-26-summer) with a published release; its charts run over the periods up to it',
    pattern: '^[0-9]{4}-[0-9]{2}-(autumn|spring|summer)$',
    example: '2025-26-summer',
  })
  @IsCheckedBy(periodProblem)
  period: string;
}
