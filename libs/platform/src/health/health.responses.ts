import { ApiProperty } from '@nestjs/swagger';

const CHECK_STATUSES = ['up', 'down', 'not_configured'];

export class LivenessDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status: 'ok';
}

export class DependencyCheckDto {
  @ApiProperty({ enum: CHECK_STATUSES, example: 'up' }) status: 'up' | 'down' | 'not_configured';
}

export class ReadinessChecksDto {
  @ApiProperty({ type: DependencyCheckDto }) database: DependencyCheckDto;
  @ApiProperty({ description: 'not_configured where no Redis is set', type: DependencyCheckDto })
  redis: DependencyCheckDto;
}

/** Readiness: ok, degraded (Redis down: still serving) or unavailable (the database is down: 503). */
export class ReadinessDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'unavailable'], example: 'ok' }) status: 'ok' | 'degraded' | 'unavailable';
  @ApiProperty({ type: ReadinessChecksDto }) checks: ReadinessChecksDto;
}
