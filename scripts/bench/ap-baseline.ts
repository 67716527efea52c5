/**
 * The baseline of `npm run bench:ap`: a minimal Fastify + `pg` handler for the case list. It runs
 * the same SQL as GET /api/v1/ap/cases (the service's own SELECT, an LA officer's scope, the same
 * keyset order and page size) in one transaction under the same RLS settings (SET LOCAL
 * app.tenant_id, app.actor_id, app.la_ids as the app role), writes the same audit insert, and
 * answers the same JSON. What it leaves out is what the product adds: resolving the bearer
 * token's session, user, memberships and LAs, the rate limit, CASL, validation, Nest and Express.
 *
 * BASELINE_PREPARED=1 runs the two statements as named prepared statements, as the API does
 * (preparedQuery); without it each is parsed and planned on every request, as a minimal handler
 * would. The bench measures both.
 *
 * WEB_CONCURRENCY above 1 runs that many copies sharing the port through node's cluster module, as
 * the API does (runServer), so both sides use the same number of processes.
 *
 * Environment: BASELINE_PORT, APP_DATABASE_URL, BENCH_TENANT_ID, BENCH_USER_ID, BENCH_LA_IDS
 * (comma-separated), DATABASE_POOL_SIZE (as the API's), BASELINE_PREPARED, WEB_CONCURRENCY.
 */
import { CASE_LIST_SELECT, caseListItem, CaseListRow } from '@rep-hub/ap-domain';
import Fastify from 'fastify';
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { Pool, QueryConfig } from 'pg';

const processes = Number(process.env['WEB_CONCURRENCY'] ?? 1);
if (cluster.isPrimary && processes > 1) {
  let listening = 0;
  for (let i = 0; i < processes; i++)
    cluster.fork().on('listening', () => {
      if (++listening === processes) process.stdout.write('baseline ready\n');
    });
  cluster.on('exit', (_w, code) => process.exit(code ?? 1));
  process.once('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  });
} else serve();

function serve(): void {
  const env = (k: string) => {
    const v = process.env[k];
    if (!v) throw new Error(`${k} is required`);
    return v;
  };
  const tenantId = env('BENCH_TENANT_ID');
  const userId = env('BENCH_USER_ID');
  const laIds = env('BENCH_LA_IDS').split(',');
  const prepared = process.env['BASELINE_PREPARED'] === '1';
  const pool = new Pool({
    connectionString: env('APP_DATABASE_URL'),
    max: Number(process.env['DATABASE_POOL_SIZE'] ?? 10),
  });
  const LIMIT = 50;
  // the WHERE as the service writes it for an LA officer (its scope from CASL, then positional)
  const LIST_SQL = `${CASE_LIST_SELECT} WHERE c.tenant_id = $1 AND (c.tenant_id = $3 AND c.la_id = ANY ($2))
  ORDER BY c.updated_at DESC, c.id DESC LIMIT ${LIMIT + 1}`;
  const AUDIT_SQL = `INSERT INTO audit_events (tenant_id, id, actor_id, action, subject_type, subject_ids, la_id, request_id, details)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6::uuid[], $7::uuid, $8, $9::jsonb)`;
  const statement = (name: string, text: string, values: unknown[]): QueryConfig =>
    prepared ? { name, text, values } : { text, values };

  const app = Fastify({ logger: false });
  app.get('/api/v1/ap/cases', async (_req, reply) => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `SET LOCAL app.tenant_id = '${tenantId}'; SET LOCAL app.actor_id = '${userId}'; SET LOCAL app.la_ids = '${laIds.join(',')}'`,
      );
      const { rows } = await c.query<CaseListRow>(statement('case_list', LIST_SQL, [tenantId, laIds, tenantId]));
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

  app.listen({ port: Number(env('BASELINE_PORT')), host: '127.0.0.1' }).then(
    () => process.stdout.write('baseline ready\n'),
    (error) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
