import { freePort, ROOT, startApp, Started, waitForHttp, workerDatabase } from '@rep-hub/platform/testing';
import { readFileSync } from 'node:fs';
import { Agent, ClientRequest, IncomingMessage, request } from 'node:http';
import { Socket } from 'node:net';
import { join } from 'node:path';

/**
 * SIGTERM under keep-alive: the API stops taking connections, closes idle keep-alive sockets,
 * answers what is in flight with `Connection: close`, and exits 0 within SHUTDOWN_DEADLINE_MS.
 * Before, it kept serving the old connections until the client left, then reset their requests,
 * and `npm run start:api` under SIGTERM left node running.
 */
describe('shutdown on SIGTERM', () => {
  let env: Record<string, string>;

  beforeAll(async () => {
    const db = await workerDatabase();
    env = { APP_DATABASE_URL: db.appUrl };
  });

  const api = async (extra: Record<string, string> = {}): Promise<{ s: Started; port: number }> => {
    const port = await freePort();
    const s = startApp('apps/api/src/main.ts', { ...env, PORT: String(port), ...extra });
    await waitForHttp(`http://127.0.0.1:${port}/api/health`, s);
    return { s, port };
  };

  /** A POST whose body is sent in two parts: in flight on the server until the second part goes. */
  const halfSent = (port: number, agent: Agent) => {
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
    return { req, response, finish: () => req.end(body.slice(5)) };
  };

  const idleSocket = (port: number, agent: Agent) =>
    new Promise<Socket>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/health', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(req.socket as Socket));
      });
      req.on('error', reject);
      req.end();
    });

  it('finishes in-flight requests with Connection: close, closes idle keep-alive sockets, refuses new connections and exits 0', async () => {
    const { s, port } = await api();
    const agent = new Agent({ keepAlive: true });
    const other = new Agent({ keepAlive: true }); // its own socket, not the idle one
    const idle = await idleSocket(port, agent);
    const idleClosed = new Promise((r) => idle.once('close', r));
    const inFlight = halfSent(port, other);
    await new Promise((r) => setTimeout(r, 200)); // let the server see the request start

    s.child.kill('SIGTERM');
    await idleClosed; // the idle keep-alive socket is closed at once
    const refused = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      () => false,
      () => true,
    );
    expect(refused).toBe(true); // no new connections

    inFlight.finish();
    const res = await inFlight.response;
    res.resume();
    expect(res.statusCode).toBe(200); // finished, not reset
    expect(res.headers['connection']).toBe('close');
    expect(await s.exited).toBe(0);
    agent.destroy();
    other.destroy();
  });

  it('closes what is still open at SHUTDOWN_DEADLINE_MS and still exits 0', async () => {
    const { s, port } = await api({ SHUTDOWN_DEADLINE_MS: '300' });
    const agent = new Agent({ keepAlive: true });
    const stuck = halfSent(port, agent); // never finished by this client
    const failed = stuck.response.then(
      () => 'answered',
      () => 'closed',
    );
    await new Promise((r) => setTimeout(r, 200));
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(await failed).toBe('closed');
    agent.destroy();
  });

  it('is started so that SIGTERM reaches node: npm scripts exec it, the image and compose start node directly', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    for (const app of ['api', 'web', 'worker'])
      // node itself, with at most V8's flags (the heap limits, docs/operations.md)
      expect(scripts[`start:${app}`]).toMatch(new RegExp(`^exec node (--[a-z-]+=\\d+ )*dist/apps/${app}/main\\.js$`));
    const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(compose).not.toMatch(/"npm", "run", "start:/);
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(
      /CMD \["node", ("--[a-z-]+=\d+", )*"dist\/apps\/api\/main\.js"\]/,
    );
    const ops = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    expect(ops).toMatch(/`node (--[a-z-]+=\d+ )*dist\/apps\/api\/main\.js`/);
  });
});
