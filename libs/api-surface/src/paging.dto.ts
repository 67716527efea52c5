import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `?limit=` of every keyset-paged list. */
export class LimitQueryDto {
  @ApiPropertyOptional({ description: 'Page size (1–100, default 50)', example: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(100)
  limit?: number;
}

/** `?limit=&cursor=` with an opaque keyset cursor. */
export class PageQueryDto extends LimitQueryDto {
  @ApiPropertyOptional({
    description: 'The nextCursor of the previous page',
    example: 'WyJUcmFmZm9yZCIsIjhkOWUwZjFhIl0',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
