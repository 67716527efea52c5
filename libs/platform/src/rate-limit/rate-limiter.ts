import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RedisConnection } from '../redis/redis-connection';

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters shared by every process through Redis (INCR with EXPIRE NX), so limits
 * hold across several API processes. Without Redis (embedded mode), or while Redis is down, the
 * counters live in this process. Keys are hashed: no email or address is stored in Redis.
 */
@Injectable()
export class RateLimiter {
  private readonly memory = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly redis: RedisConnection) {}

  static key(...parts: string[]): string {
    return `rl:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`;
  }

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const client = this.redis.client;
    if (client && client.status === 'ready') {
      try {
        const res = await client.multi().incr(key).expire(key, windowSeconds, 'NX').ttl(key).exec();
        const count = Number(res?.[0]?.[1] ?? 0);
        const ttl = Math.max(1, Number(res?.[2]?.[1] ?? windowSeconds));
        return { allowed: count <= limit, count, retryAfterSeconds: ttl };
      } catch {
        /* fall back to this process's counters */
      }
    }
    return this.hitMemory(key, limit, windowSeconds);
  }

  /** Forgets a key (e.g. after a successful sign-in). */
  async reset(key: string): Promise<void> {
    this.memory.delete(key);
    const client = this.redis.client;
    if (client && client.status === 'ready') await client.del(key).catch(() => undefined);
  }

  private hitMemory(key: string, limit: number, windowSeconds: number): RateLimitResult {
    const now = Date.now();
    if (this.memory.size > 10_000) for (const [k, v] of this.memory) if (v.resetAt <= now) this.memory.delete(k);
    let entry = this.memory.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.memory.set(key, entry);
    }
    entry.count += 1;
    return {
      allowed: entry.count <= limit,
      count: entry.count,
      retryAfterSeconds: Math.ceil((entry.resetAt - now) / 1000),
    };
  }
}
