import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

/**
 * The shared Redis connection, when REDIS_URL is set. Redis holds queues and short-lived counters
 * only: losing it loses no data. Without REDIS_URL, `client` is undefined and callers fall back
 * to in-process behaviour (embedded mode).
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client?: Redis;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.redisUrl) {
      this.client = new Redis(config.redisUrl, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        connectTimeout: 2_000,
        enableOfflineQueue: false,
      });
      this.client.on('error', () => undefined); // readiness reports it; never crash on a blip
      void this.client.connect().catch(() => undefined);
    }
  }

  async ping(): Promise<boolean> {
    if (!this.client) return true;
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client && this.client.status !== 'end') this.client.disconnect();
  }
}
