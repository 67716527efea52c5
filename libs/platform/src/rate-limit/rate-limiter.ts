import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RedisConnection } from '../redis/redis-connection';

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * One window's count and time left, in one command: INCR, EXPIRE NX (the window starts with the
 * first request) and TTL. A script rather than MULTI … EXEC: the same three steps, atomic alike,
 * but one command and one reply, where the transaction was five of each (the client's pipeline,
 * its commands and their replies were about 3% of the API's CPU a request; docs/performance.md).
 */
export const RATE_LIMIT_SCRIPT = `local count = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
return {count, redis.call('TTL', KEYS[1])}`;

type HitClient = { rephubRateLimitHit(key: string, windowSeconds: number): Promise<[number, number]> };

/**
 * Fixed-window counters shared by every process through Redis (INCR with EXPIRE NX), so limits
 * hold across several API processes. Without Redis (embedded mode), or while Redis is down, the
 * counters live in this process. Keys are hashed: no email or address is stored in Redis.
 */
@Injectable()
export class RateLimiter {
  private readonly memory = new Map<string, { count: number; resetAt: number }>();
  private scripted = false;

  constructor(private readonly redis: RedisConnection) {}

  /** The hashed keys of recent parts: the same address asks again and again, and each hash is a SHA-256. */
  private static readonly keys = new Map<string, string>();

  static key(...parts: string[]): string {
    const joined = parts.join('\u0000');
    let key = RateLimiter.keys.get(joined);
    if (!key) {
      key = `rl:${createHash('sha256').update(joined).digest('hex').slice(0, 40)}`;
      if (RateLimiter.keys.size >= 10_000) RateLimiter.keys.clear();
      RateLimiter.keys.set(joined, key);
    }
    return key;
  }

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const client = this.redis.client;
    if (client && client.status === 'ready') {
      try {
        if (!this.scripted) {
          // EVALSHA, and EVAL once when Redis does not hold the script yet (ioredis)
          if (!('rephubRateLimitHit' in client))
            client.defineCommand('rephubRateLimitHit', { numberOfKeys: 1, lua: RATE_LIMIT_SCRIPT });
          this.scripted = true;
        }
        const [count, left] = await (client as unknown as HitClient).rephubRateLimitHit(key, windowSeconds);
        const ttl = Math.max(1, Number(left ?? windowSeconds));
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
