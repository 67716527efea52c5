import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

/** The terms of a comparison; the service checks each and names a bad one. */
export class CompareQueryDto {
  @ApiPropertyOptional({
    description: 'The first term (default: the earliest published, at most twelve terms before `to`)',
    example: '2025-26-spring',
  })
  @IsOptional()
  from?: string;

  @ApiPropertyOptional({ description: 'The last term (default: the latest published)', example: '2026-27-autumn' })
  @IsOptional()
  to?: string;
}

export class RankingQueryDto {
  @ApiPropertyOptional({ description: 'The term (default: the latest with the indicator)', example: '2026-27-autumn' })
  @IsOptional()
  period?: string;
}

export class LocalAuthoritiesQueryDto {
  @ApiPropertyOptional({
    description: 'The term (default: the partnership’s latest with the indicator)',
    example: '2026-27-autumn',
  })
  @IsOptional()
  period?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The partnership (required)',
    example: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  })
  @IsOptional()
  partnershipId?: string;
}

export class ReturnsQueryDto {
  @ApiPropertyOptional({
    description: 'The term (default: the latest any partnership published)',
    example: '2026-27-autumn',
  })
  @IsOptional()
  period?: string;
}
