import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../http/public.decorator';
import { RedisConnection } from '../redis/redis.module';

type Check = { status: 'up' | 'down' | 'not_configured' };

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
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers, and Redis when configured' })
  @ApiOkResponse({ schema: { example: { status: 'ok', checks: { database: { status: 'up' }, redis: { status: 'up' } } } } })
  @ApiServiceUnavailableResponse({
    schema: { example: { status: 'unavailable', checks: { database: { status: 'up' }, redis: { status: 'down' } } } },
  })
  async ready(@Res({ passthrough: true }) res: Response) {
    const database: Check = { status: (await this.databaseUp()) ? 'up' : 'down' };
    const redis: Check = this.redis.client ? { status: (await this.redis.ping()) ? 'up' : 'down' } : { status: 'not_configured' };
    const ok = database.status === 'up' && redis.status !== 'down';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { database, redis } };
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
