import { ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { Client } from 'pg';
import { freePort, startApp, Started, waitForHttp } from '@rep-hub/platform/testing';

/** What the job tests share: a private Redis, the apps on it, an admin's token, database inspection. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a value that is not false/null/undefined; fails with `what` at the deadline. */
export async function until<T>(
  what: string,
  check: () => Promise<T | false | null | undefined>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== false && value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(everyMs);
  }
}

/** Sends PING over a raw socket; true when Redis answers PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/**
 * A redis-server of this test's own on a free port (never the shared one on 6379), without
 * persistence, as a child process the test stops and starts itself.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts (or starts again) on the same port, and waits until it answers. */
  async start(): Promise<void> {
    if (this.running) throw new Error('this Redis is already running');
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      {
        stdio: 'ignore',
      },
    );
    this.child = child;
    await until(
      `redis-server answers on port ${this.port}`,
      async () => child.exitCode === null && (await ping(this.port)),
      10_000,
      50,
    );
  }

  /** Stops it (SIGKILL: no goodbye to its clients) and waits until the port is closed. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    await until(`port ${this.port} is closed`, async () => !(await ping(this.port)), 5_000, 50);
  }
}

export const ADMIN = {
  ADMIN_EMAIL: `jobs.admin.${process.pid}@platform.example`,
  ADMIN_PASSWORD: 'jobs admin password 2026',
};

/** One process started from source on its own port. */
export interface App {
  started: Started;
  base: string;
  port: number;
}

/** Starts the api (creating the platform admin) and the workers the test asks for, on one database and Redis. */
export class JobsWorld {
  readonly apps: Started[] = [];
  token = '';

  constructor(private readonly env: Record<string, string>) {}

  async api(): Promise<App> {
    const port = await freePort();
    const started = startApp('apps/api/src/main.ts', {
      ...this.env,
      ...ADMIN,
      MFA_REQUIRED: 'false',
      PORT: String(port),
    });
    this.apps.push(started);
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/api/health`, started);
    return { started, base, port };
  }

  async worker(extra: Record<string, string> = {}): Promise<App> {
    const port = await freePort();
    const started = startApp('apps/worker/src/main.ts', { ...this.env, WORKER_PORT: String(port), ...extra });
    this.apps.push(started);
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/ready`, started);
    return { started, base, port };
  }

  /** Signs in as the platform admin the api created at its start. */
  async signIn(api: App): Promise<void> {
    const r = await fetch(`${api.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.ADMIN_EMAIL, password: ADMIN.ADMIN_PASSWORD }),
    });
    const body = (await r.json()) as { accessToken?: string };
    if (r.status !== 200 || !body.accessToken) throw new Error(`sign-in answered ${r.status}: ${JSON.stringify(body)}`);
    this.token = body.accessToken;
  }

  async call<T>(api: App, method: 'GET' | 'POST', path: string, body?: object): Promise<{ status: number; body: T }> {
    const r = await fetch(`${api.base}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Stops every process still running (SIGKILL after 10 s). */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.apps.map(async (s) => {
        if (s.child.exitCode !== null || s.child.signalCode !== null) return;
        const timer = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
        await s.stop();
        clearTimeout(timer);
      }),
    );
  }
}

export interface QueueCounts {
  backend: string;
  queues: { queue: string; counts: Record<string, number> }[];
}

export const countsOf = (counts: QueueCounts, queue: string) => counts.queues.find((q) => q.queue === queue)!.counts;

export interface ProbeStatus {
  id: string;
  requestedAt: string;
  completedAt: string | null;
  completedAttempt: number | null;
}

/** Reads the database as its superuser (inspection only: the apps run as the app role). */
export async function inspect<T>(adminUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A Prometheus sample's value from the worker's /metrics, or undefined. */
export async function metric(worker: App, sample: string): Promise<number | undefined> {
  const text = await (await fetch(`${worker.base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}
