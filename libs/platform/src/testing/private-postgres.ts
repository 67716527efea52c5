import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './processes';

const BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL 15 cluster of this test's own (initdb in a temporary folder, trust on loopback, a
 * free port), for tests that stop, restart or restore a server: never the shared one on 5432 that
 * other suites use. Run as root, the server runs as the `postgres` user (initdb refuses root).
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'rephub-pg-'));
    const pg = new PrivatePostgres(dir, await freePort());
    if (process.getuid?.() === 0)
      chownSync(
        dir,
        Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
        Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
      );
    pg.exec('initdb', [
      '-D',
      pg.data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    await pg.start();
    return pg;
  }

  get data(): string {
    return join(this.dir, 'data');
  }

  /** The superuser's URL for a database on this server. */
  url(database = 'postgres', user = 'postgres'): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    this.exec('pg_ctl', [
      '-D',
      this.data,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
  }

  /** Stops the server the way a restart does (`fast`: sessions are ended, transactions rolled back). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    this.exec('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async query<T>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> {
    const c = new Client({ connectionString: this.url(database) });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  /** Stops the server and deletes its folder. */
  async destroy(): Promise<void> {
    try {
      await this.stop('immediate');
    } catch {
      /* not running */
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Runs a PostgreSQL program, as the postgres user when this process is root. */
  exec(program: string, args: string[]): string {
    const bin = join(BIN, program);
    const [cmd, argv] = process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
    return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  }
}
