import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

/** The list's filters; the service checks each and names a bad one. */
export class OpenDataListQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only this partnership’s releases',
    example: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  })
  @IsOptional()
  partnership?: string;

  @ApiPropertyOptional({ description: 'Only this term’s releases', example: '2025-26-summer' })
  @IsOptional()
  period?: string;
}
