/**
 * The baseline of `npm run bench:ap`: a minimal Fastify + `pg` handler for the case list that does
 * the same work as GET /api/v1/ap/cases, and nothing else:
 * - verifies the bearer token (the same HMAC and key as the API), counts the request in Redis
 *   against the same per-address limit (the API's script: INCR, EXPIRE NX, TTL on the same key, one
 *   command), and resolves the
 *   principal with the same `principal_context()` statement, refusing a revoked or expired session,
 *   so a revoked session fails on the next request here too;
 * - runs the same SQL (the service's own SELECT, the principal's LAs as an LA officer's scope, the
 *   same keyset order and page size) in one transaction under the same RLS settings (SET LOCAL
 *   app.tenant_id, app.actor_id, app.la_ids as the app role, and the list's planner settings: the
 *   unit of work's own `contextStatements`, sent with BEGIN in one round trip as the API does), writes the same audit insert, and
 *   answers the same JSON.
 * What it leaves out is what the product's own layers add: Nest, Express, CASL, validation, the
 * unit of work and the logging.
 *
 * BASELINE_PREPARED=1 runs the list and audit statements as named prepared statements, as the API
 * does (preparedQuery); without it each is parsed and planned on every request, as a minimal handler
 * would. The bench measures both.
 *
 * WEB_CONCURRENCY above 1 runs that many copies sharing the port, supervised by the API's own
 * runServer, so both sides use the same number of processes.
 *
 * Environment: BASELINE_PORT, APP_DATABASE_URL, REDIS_URL, API_REQUESTS_PER_MINUTE (as the API's),
 * DATABASE_POOL_SIZE (as the API's), BASELINE_PREPARED, WEB_CONCURRENCY; APP_SECRET as the API's
 * (the development secret when unset, as there).
 */
import { CASE_LIST_SETTINGS, caseListItem, CaseListRow, caseListStatement } from '@rep-hub/ap-domain';
import { deriveKey, verifyJwt } from '@rep-hub/auth';
import { contextStatements, loadConfig, RATE_LIMIT_SCRIPT, RateLimiter, runServer } from '@rep-hub/platform';
import Fastify from 'fastify';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { Pool, QueryConfig } from 'pg';

type HitClient = { rephubRateLimitHit(key: string, windowSeconds: number): Promise<[number, number]> };

// as many processes as the API (WEB_CONCURRENCY), supervised the same way
runServer(serve);

/** What the API's principal comes to for this handler: the session checked now, and its LAs. */
interface PrincipalRow {
  kind: string;
  tenant_id: string;
  revoked_at: string | null;
  expires_at: string;
  user_status: string;
  memberships: { organisation_id: string; kind: string | null; local_authority_id: string | null }[];
  shared_la_ids: string[];
}

async function serve(): Promise<void> {
  const env = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} is required`);
    return v;
  };
  const config = loadConfig();
  const accessKey = deriveKey(config.appSecret, 'access-token');
  const redis = new Redis(env('REDIS_URL'), { maxRetriesPerRequest: 1 });
  // the API's rate-limit script: INCR, EXPIRE NX and TTL in one command
  redis.defineCommand('rephubRateLimitHit', { numberOfKeys: 1, lua: RATE_LIMIT_SCRIPT });
  const prepared = process.env['BASELINE_PREPARED'] === '1';
  const pool = new Pool({
    connectionString: env('APP_DATABASE_URL'),
    max: Number(process.env['DATABASE_POOL_SIZE'] ?? 10),
  });
  const LIMIT = 50;
  // the WHERE as the service writes it for an LA officer (its scope from CASL, then positional)
  // (the scope's tenant and LAs as $2 and $3, then the LAs the list reads ranges of, and no school or provider)
  const LIST = caseListStatement([null, null, null], {
    scope: `(c.tenant_id = $2 AND c.la_id = ANY ($3))`,
    drivers: { la_id: [], setting_id: [], provider_id: [] },
    sort: 'updated',
    limit: LIMIT,
  });
  const AUDIT_SQL = `INSERT INTO audit_events (tenant_id, id, actor_id, action, subject_type, subject_ids, la_id, request_id, details)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6::uuid[], $7::uuid, $8, $9::jsonb)`;
  const statement = (name: string, text: string, values: unknown[]): QueryConfig =>
    prepared ? { name, text, values } : { text, values };

  /** Who the token speaks for, checked now as the API checks it: the session's tenant, user and LAs; null refuses. */
  const principal = async (authorization: string | undefined) => {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const claims = token ? verifyJwt(token, accessKey) : null;
    const [sid, sub, tid] = [claims?.['sid'], claims?.['sub'], claims?.['tid']];
    if (typeof sid !== 'string' || typeof sub !== 'string' || typeof tid !== 'string') return null;
    const {
      rows: [{ p }],
    } = await pool.query<{ p: PrincipalRow | null }>(
      statement('principal', 'SELECT principal_context($1, $2, $3) AS p', [sid, sub, tid]),
    );
    if (
      !p ||
      p.kind !== 'api' ||
      p.revoked_at ||
      Date.parse(p.expires_at) <= Date.now() ||
      p.tenant_id !== tid ||
      p.user_status !== 'active' ||
      p.memberships.length === 0
    )
      return null;
    const own = p.memberships.map((m) => (m.kind === 'local_authority' ? m.organisation_id : m.local_authority_id));
    const laIds = [...new Set([...own.filter((x): x is string => !!x), ...p.shared_la_ids])].sort();
    return { tenantId: tid, userId: sub, laIds };
  };

  const app = Fastify({ logger: false });
  app.get('/api/v1/ap/cases', async (req, reply) => {
    const key = RateLimiter.key('api', req.ip);
    const [count] = await (redis as unknown as HitClient).rephubRateLimitHit(key, 60);
    if (count > config.apiRequestsPerMinute) return reply.code(429).send();
    const who = await principal(req.headers.authorization);
    if (!who) return reply.code(401).send();
    const { tenantId, userId, laIds } = who;
    const c = await pool.connect();
    try {
      // one round trip: the unit of work's own SET LOCAL statements, with the list's settings
      await c.query(`BEGIN; ${contextStatements({ tenantId, actorId: userId, laIds, settings: CASE_LIST_SETTINGS })}`);
      const { rows } = await c.query<CaseListRow>(
        statement('case_list', LIST.text, [tenantId, tenantId, laIds, laIds, [], []]),
      );
      const page = rows.slice(0, LIMIT);
      await c.query(
        statement('audit_insert', AUDIT_SQL, [
          tenantId,
          randomUUID(),
          userId,
          'ap_case.list',
          'Pupil',
          `{${[...new Set(page.map((r) => r.pupil_id))].join(',')}}`,
          null,
          randomUUID(),
          '{}',
        ]),
      );
      await c.query('COMMIT');
      const last = page[page.length - 1];
      reply.header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify({
        items: page.map(caseListItem),
        nextCursor:
          rows.length > LIMIT && last
            ? Buffer.from(JSON.stringify([last.updated_key, last.id])).toString('base64url')
            : null,
      });
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      c.release();
    }
  });

  await app.listen({ port: Number(env('BASELINE_PORT')), host: '127.0.0.1' });
  process.stdout.write('baseline ready\n');
}
