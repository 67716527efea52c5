import { ApiProperty } from '@nestjs/swagger';
import { IsUuid } from '@rep-hub/platform';
import { EXAMPLES } from './responses/publication.responses';

/** The two public versions of one plan to compare (either order: the older is shown first). */
export class CompareQueryDto {
  @ApiProperty({ format: 'uuid', description: 'One public version of the plan', example: EXAMPLES.VERSION })
  @IsUuid({ message: 'from must be the id of a published or superseded version' })
  from: string;

  @ApiProperty({
    format: 'uuid',
    description: 'Another public version of the same plan',
    example: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  })
  @IsUuid({ message: 'to must be the id of a published or superseded version' })
  to: string;
}
