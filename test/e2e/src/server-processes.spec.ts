import { freePort, startApp, Started, waitForHttp, workerDatabase } from '@rep-hub/platform/testing';
import { execFileSync } from 'node:child_process';
import { Agent, ClientRequest, IncomingMessage, request } from 'node:http';

/**
 * One process per core (runServer, WEB_CONCURRENCY): the API started with two processes serves from
 * both, replaces one that dies, refuses to loop when a start fails, and on SIGTERM drains every
 * process and exits 0.
 */
describe('the API on every core', () => {
  let env: Record<string, string>;
  let adminUrl: string;

  beforeAll(async () => {
    const db = await workerDatabase();
    env = { APP_DATABASE_URL: db.appUrl, WEB_CONCURRENCY: '2' };
    adminUrl = db.adminUrl;
  });

  /** The pids of the processes the supervisor started. */
  const children = (s: Started): number[] => {
    try {
      return execFileSync('ps', ['--ppid', String(s.child.pid), '-o', 'pid='], { encoding: 'utf8' })
        .split('\n')
        .map((l) => Number(l.trim()))
        .filter((n) => n > 0);
    } catch {
      return []; // ps exits 1 when there are none
    }
  };

  const until = async (s: Started, what: () => boolean, timeoutMs = 60_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!what()) {
      if (Date.now() > deadline) throw new Error(`timed out; the processes said:\n${s.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('serves from two processes, replaces one that dies, and drains both on SIGTERM (in-flight finished, exit 0)', async () => {
    const port = await freePort();
    const s = startApp('apps/api/src/main.ts', { ...env, PORT: String(port) });
    await waitForHttp(`http://127.0.0.1:${port}/api/health`, s);
    // the second starts once the first listens
    await until(s, () => s.output().split('REP Hub API listening on').length - 1 === 2);
    expect(children(s)).toHaveLength(2);
    const [first, second] = children(s);
    for (let i = 0; i < 20; i++) expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

    process.kill(second, 'SIGKILL');
    await until(s, () => !alive(second) && children(s).length === 2 && !children(s).includes(second));
    expect(children(s)).toContain(first);
    await until(s, () => s.output().includes('A process died: starting another'));
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);

    // a request half sent when SIGTERM arrives is still answered, with Connection: close
    const agent = new Agent({ keepAlive: true });
    const body = '{"upn":"H801200001001"}';
    const req: ClientRequest = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/reference/upn-checks',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
    });
    req.write(body.slice(0, 5));
    await new Promise((r) => setTimeout(r, 300));
    const pids = children(s);
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    req.end(body.slice(5));
    const res = await response;
    res.resume();
    expect(res.statusCode).toBe(200);
    expect(res.headers['connection']).toBe('close');
    expect(await s.exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    agent.destroy();
  });

  it('stops at once, with the one line of the process that failed to start, instead of starting it again', async () => {
    const s = startApp('apps/api/src/main.ts', { ...env, APP_DATABASE_URL: adminUrl, PORT: String(await freePort()) });
    expect(await s.exited).toBe(1);
    expect(s.output().trim()).toMatch(/^Refusing to run: database role "\w+" is a superuser[^\n]*$/);
  });

  it('refuses more than one process in embedded mode, naming the variable', async () => {
    const s = startApp('apps/server/src/main.ts', { WEB_CONCURRENCY: '2', PORT: String(await freePort()) });
    expect(await s.exited).toBe(78);
    expect(s.output().trim()).toBe(
      'Configuration error: WEB_CONCURRENCY must be 1 in embedded mode: the embedded database is one process',
    );
  });
});
