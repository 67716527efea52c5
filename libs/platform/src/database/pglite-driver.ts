import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';

/**
 * A `pg`-shaped driver over one in-process PGlite instance, for TypeORM's `driver` option.
 *
 * PGlite is a single backend session, so this pool hands out one client at a time: a client is
 * held from `connect` to `release`, which makes a TypeORM transaction (one query runner) exclusive
 * and stops another request's queries from running inside it. Queries wait their turn; a unit of
 * work must never open another while it holds one (it would wait for itself).
 */
export function pgliteDriver(db: PGlite): { Pool: new (options?: unknown) => EventEmitter } {
  let tail: Promise<void> = Promise.resolve();

  function acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const turn = tail.then(() => release);
    tail = tail.then(() => held);
    return turn;
  }

  async function run(sql: string, params?: unknown[]) {
    const hasParams = Array.isArray(params) && params.length > 0;
    if (hasParams) {
      const r = await db.query<Record<string, unknown>>(sql, params as unknown[]);
      return toPgResult(sql, r.rows, r.affectedRows);
    }
    const results = await db.exec(sql);
    const last = results[results.length - 1];
    return toPgResult(sql, last?.rows ?? [], last?.affectedRows);
  }

  function toPgResult(sql: string, rows: Record<string, unknown>[], affectedRows?: number) {
    const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
    const rowCount = command === 'SELECT' || command === 'WITH' ? rows.length : (affectedRows ?? rows.length);
    return { rows, rowCount, command };
  }

  class Client extends EventEmitter {
    private released = false;
    constructor(private readonly releaseLock: () => void) {
      super();
    }
    query(
      sql: string | { text: string; values?: unknown[] },
      params?: unknown[] | ((err: Error | null, r?: unknown) => void),
      cb?: (err: Error | null, r?: unknown) => void,
    ) {
      const callback = typeof params === 'function' ? params : cb;
      // a config object ({ name, text, values }, as preparedQuery sends): PGlite is one session, the name is not needed
      const promise =
        typeof sql === 'string'
          ? run(sql, typeof params === 'function' ? undefined : params)
          : run(sql.text, sql.values);
      if (callback)
        promise.then(
          (r) => callback(null, r),
          (e: Error) => callback(e),
        );
      return promise;
    }
    release = () => {
      if (this.released) return;
      this.released = true;
      this.releaseLock();
    };
  }

  class Pool extends EventEmitter {
    constructor(_options?: unknown) {
      super();
    }
    connect(cb?: (err: Error | null, client?: Client, release?: () => void) => void): Promise<Client> {
      const promise = acquire().then((unlock) => new Client(unlock));
      if (cb)
        promise.then(
          (c) => cb(null, c, c.release),
          (e: Error) => cb(e),
        );
      return promise;
    }
    async query(sql: string, params?: unknown[]) {
      const client = await this.connect();
      try {
        return await client.query(sql, params);
      } finally {
        client.release();
      }
    }
    end(cb?: (err: Error | null) => void): Promise<void> {
      cb?.(null);
      return Promise.resolve();
    }
  }

  return { Pool };
}
