import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

/** The exceptions' filter: the service checks the term and names it when it is not one. */
export class ExceptionsQueryDto {
  @ApiPropertyOptional({
    description: 'The term, as 2025-26-autumn (default: the newest term any partnership has published)',
    example: '2025-26-summer',
  })
  @IsOptional()
  period?: string;
}
