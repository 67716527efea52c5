import { appendFileSync } from 'node:fs';
import { DataSource } from 'typeorm';

/**
 * The explicit tenant filter, checked on the statements that run (docs/scaling.md, "Many tenants:
 * Citus"). RLS scopes every tenant table to the unit of work's tenant, so a query without
 * `tenant_id` in it still returns the right rows here; on Citus, distributed by `tenant_id`, the
 * coordinator could not route it to one node and would ask every node. So a statement of a tenant
 * unit of work that names a tenant-owned table (one with a `tenant_id` column) must name
 * `tenant_id` too: as a filter, a join key, or the column it inserts. The rule is the product's:
 * a statement a test sends itself (from a spec file, a fixture or the testing harness) is not
 * checked.
 *
 * The check runs when REPHUB_TENANT_FILTER_CHECK is set (the test suites set it: every statement
 * the suites run is checked): `throw` fails the statement with the offending SQL in the message,
 * so a new query that breaks the rule fails its test; `log:<file>` appends each one to the file as
 * a JSON line instead (for a survey). It is off in production: it parses every statement.
 */
export type TenantFilterMode = { kind: 'off' } | { kind: 'throw' } | { kind: 'log'; file: string };

export function tenantFilterMode(env: Record<string, string | undefined> = process.env): TenantFilterMode {
  const raw = env['REPHUB_TENANT_FILTER_CHECK'];
  if (!raw || raw === '0' || raw === 'off') return { kind: 'off' };
  if (raw.startsWith('log:')) return { kind: 'log', file: raw.slice(4) };
  return { kind: 'throw' };
}

export class MissingTenantFilterError extends Error {
  constructor(
    readonly tables: string[],
    readonly sql: string,
  ) {
    super(
      `A statement of a tenant unit of work reads ${tables.join(', ')} with no explicit tenant_id (Citus routes on it; docs/scaling.md): ${sql.replace(/\s+/g, ' ').slice(0, 400)}`,
    );
    this.name = 'MissingTenantFilterError';
  }
}

/** The text of a statement with comments, string literals and quoted identifiers' quotes taken out. */
export function statementWords(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\$([a-z_]*)\$[\s\S]*?\$\1\$/gi, "''")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"([a-z_][a-z0-9_$]*)"/gi, '$1')
    .toLowerCase();
}

/**
 * Marks a statement that leaves out the tenant filter on purpose, to show that RLS alone keeps
 * another tenant's rows out (isolation tests); nothing else may carry it.
 */
export const RLS_ONLY = '/* RLS only */';

const TABLE_REFERENCE = /\b(?:from|join|update|into)\s+(?:only\s+)?(?:(public|[a-z_][a-z0-9_]*)\.)?([a-z_][a-z0-9_]*)/g;

/** The tenant-owned tables `sql` names with no `tenant_id` anywhere in it ([] when it is fine). */
export function tablesWithoutTenantFilter(sql: string, tenantTables: ReadonlySet<string>): string[] {
  if (sql.includes(RLS_ONLY)) return [];
  const words = statementWords(sql);
  if (/\btenant_id\b/.test(words)) return [];
  const named = new Set<string>();
  for (const m of words.matchAll(TABLE_REFERENCE)) {
    const schema = m[1] ?? 'public';
    const table = schema === 'public' ? m[2]! : `${schema}.${m[2]}`;
    if (tenantTables.has(table)) named.add(table);
  }
  return [...named].sort();
}

const tablesOf = new WeakMap<DataSource, Promise<ReadonlySet<string>>>();

/**
 * The tables with a `tenant_id` column (public ones by name, others schema-qualified), read once
 * per data source with `read` (the unit of work's own connection: a pool of one has no other).
 */
export function tenantTables(
  dataSource: DataSource,
  read: (sql: string) => Promise<{ name: string }[]>,
): Promise<ReadonlySet<string>> {
  let found = tablesOf.get(dataSource);
  if (!found) {
    found = read(
      `SELECT CASE WHEN c.table_schema = 'public' THEN c.table_name ELSE c.table_schema || '.' || c.table_name END AS name
         FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
          AND c.table_schema NOT IN ('pg_catalog', 'information_schema')`,
    ).then((rows) => new Set(rows.map((r) => r.name)));
    found.catch(() => tablesOf.delete(dataSource));
    tablesOf.set(dataSource, found);
  }
  return found;
}

/**
 * The file of the code that sent the statement: the first frame of `stack` in the project's own
 * code (libs, apps, test, scripts) other than the unit of work and this check (`undefined` when
 * there is none).
 */
export function statementOrigin(stack: string | undefined): string | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const file = /\(?((?:\/|[A-Za-z]:)[^():]+):\d+:\d+\)?$/.exec(line.trim())?.[1];
    // the project's own code (a library's frames may be source-mapped to paths outside node_modules)
    if (!file || file.includes('/node_modules/') || !/\/(libs|apps|test|scripts)\//.test(file)) continue;
    if (/\/database\/(unit-of-work|tenant-filter-check)\.ts$/.test(file)) continue;
    return file;
  }
  return undefined;
}

/** A test's own probes (spec files, fixtures, the testing harness) are not the product's queries: the rule is the product's. */
const TEST_CODE = /(\.spec\.ts|\.fixture\.ts|\/testing\/[^/]+\.ts)$/;

/** Checks one statement; throws or logs by `mode`. */
export function checkTenantFilter(mode: TenantFilterMode, sql: string, tables: ReadonlySet<string>): void {
  if (mode.kind === 'off') return;
  const missing = tablesWithoutTenantFilter(sql, tables);
  if (!missing.length) return;
  // only now (rarely) the stack: whose statement it is
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const origin = statementOrigin(new Error().stack);
  Error.stackTraceLimit = limit;
  if (origin && TEST_CODE.test(origin)) return;
  if (mode.kind === 'throw') throw new MissingTenantFilterError(missing, sql);
  appendFileSync(mode.file, JSON.stringify({ tables: missing, sql: sql.replace(/\s+/g, ' ').trim() }) + '\n');
}
