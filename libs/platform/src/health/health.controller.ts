import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { registerOpenApiTag } from '../http/openapi-document';
import { Public } from '../http/public.decorator';
import { RedisConnection } from '../redis/redis.module';
import { LivenessDto, ReadinessDto } from './health.responses';

type Check = { status: 'up' | 'down' | 'not_configured' };

registerOpenApiTag('health', 'Liveness and readiness of the service (public)');

/** Liveness and readiness, public, for load balancers and orchestrators. */
@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  @Public()
  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @ApiOkResponse({ type: LivenessDto, example: { status: 'ok' } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness means "route requests here": it depends only on what a request needs, the database.
   * Redis is not needed to serve a request (work goes through the outbox in PostgreSQL; rate-limit
   * counters fall back to this process), so Redis trouble shows in the checks as a detail
   * (`degraded`) and never takes the instance out of a load balancer.
   */
  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 while the database answers; Redis is reported, not required' })
  @ApiOkResponse({
    type: ReadinessDto,
    example: { status: 'degraded', checks: { database: { status: 'up' }, redis: { status: 'down' } } },
  })
  @ApiServiceUnavailableResponse({
    type: ReadinessDto,
    example: { status: 'unavailable', checks: { database: { status: 'down' }, redis: { status: 'up' } } },
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const database: Check = { status: (await this.databaseUp()) ? 'up' : 'down' };
    const redis: Check = this.redis.client
      ? { status: (await this.redis.ping()) ? 'up' : 'down' }
      : { status: 'not_configured' };
    const ok = database.status === 'up';
    res.status(ok ? 200 : 503);
    return { status: !ok ? 'unavailable' : redis.status === 'down' ? 'degraded' : 'ok', checks: { database, redis } };
  }

  private async databaseUp(): Promise<boolean> {
    try {
      await this.ds.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
