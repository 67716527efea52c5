import { Global, Module } from '@nestjs/common';
import { RateLimiter } from '../rate-limit/rate-limiter';
import { RedisConnection } from './redis-connection';

export { RedisConnection };

@Global()
@Module({ providers: [RedisConnection, RateLimiter], exports: [RedisConnection, RateLimiter] })
export class RedisModule {}
