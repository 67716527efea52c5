import {
  RLS_ONLY,
  statementOrigin,
  statementWords,
  tablesWithoutTenantFilter,
  tenantFilterMode,
} from './tenant-filter-check';

const TENANT_TABLES = new Set(['organisations', 'people_records', 'case_notes', 'national.releases']);

describe('the explicit tenant filter on each statement of a unit of work', () => {
  it('names the tenant tables a statement reads, writes or joins without tenant_id', () => {
    expect(tablesWithoutTenantFilter(`SELECT * FROM people_records WHERE id = $1`, TENANT_TABLES)).toEqual([
      'people_records',
    ]);
    expect(
      tablesWithoutTenantFilter(
        `SELECT c.id FROM case_notes c JOIN "people_records" p ON p.id = c.person_id`,
        TENANT_TABLES,
      ),
    ).toEqual(['case_notes', 'people_records']);
    expect(tablesWithoutTenantFilter(`UPDATE organisations SET name = $2 WHERE id = $1`, TENANT_TABLES)).toEqual([
      'organisations',
    ]);
    expect(tablesWithoutTenantFilter(`DELETE FROM ONLY people_records WHERE id = $1`, TENANT_TABLES)).toEqual([
      'people_records',
    ]);
    expect(tablesWithoutTenantFilter(`SELECT * FROM national.releases`, TENANT_TABLES)).toEqual(['national.releases']);
  });

  it('passes a statement that names tenant_id, and one of no tenant table', () => {
    expect(
      tablesWithoutTenantFilter(`SELECT * FROM people_records WHERE tenant_id = $1 AND id = $2`, TENANT_TABLES),
    ).toEqual([]);
    expect(
      tablesWithoutTenantFilter(`INSERT INTO people_records (tenant_id, id) VALUES ($1, $2)`, TENANT_TABLES),
    ).toEqual([]);
    expect(tablesWithoutTenantFilter(`SELECT id FROM tenants WHERE status = 'active'`, TENANT_TABLES)).toEqual([]);
    expect(tablesWithoutTenantFilter(`SELECT principal_context($1, $2)`, TENANT_TABLES)).toEqual([]);
  });

  it('is not fooled by tenant_id in a comment or a string, nor by a table name in one', () => {
    expect(
      tablesWithoutTenantFilter(`SELECT * FROM people_records -- tenant_id\n WHERE id = $1`, TENANT_TABLES),
    ).toEqual(['people_records']);
    expect(tablesWithoutTenantFilter(`SELECT * FROM people_records WHERE note = 'tenant_id'`, TENANT_TABLES)).toEqual([
      'people_records',
    ]);
    expect(tablesWithoutTenantFilter(`SELECT 'from people_records' AS x`, TENANT_TABLES)).toEqual([]);
    expect(statementWords(`SELECT $q$ FROM people_records $q$ /* FROM case_notes */`)).not.toMatch(
      /people_records|case_notes/,
    );
  });

  it('lets a statement marked as probing RLS alone through, and nothing else', () => {
    expect(
      tablesWithoutTenantFilter(`${RLS_ONLY} SELECT count(*) FROM people_records WHERE id = $1`, TENANT_TABLES),
    ).toEqual([]);
    expect(
      tablesWithoutTenantFilter(`/* RLS */ SELECT count(*) FROM people_records WHERE id = $1`, TENANT_TABLES),
    ).toEqual(['people_records']);
  });

  it('is off unless asked for, throws by default when asked, and can log to a file instead', () => {
    expect(tenantFilterMode({})).toEqual({ kind: 'off' });
    expect(tenantFilterMode({ REPHUB_TENANT_FILTER_CHECK: '0' })).toEqual({ kind: 'off' });
    expect(tenantFilterMode({ REPHUB_TENANT_FILTER_CHECK: '1' })).toEqual({ kind: 'throw' });
    expect(tenantFilterMode({ REPHUB_TENANT_FILTER_CHECK: 'log:/tmp/x.jsonl' })).toEqual({
      kind: 'log',
      file: '/tmp/x.jsonl',
    });
  });

  it('finds whose statement it is: the first frame outside the driver, TypeORM and the unit of work', () => {
    const stack = [
      'Error',
      '    at checkTenantFilter (/r/libs/platform/src/database/tenant-filter-check.ts:120:20)',
      '    at PostgresQueryRunner.runner.query (/r/libs/platform/src/database/unit-of-work.ts:320:22)',
      '    at EntityManager.query (/r/node_modules/typeorm/entity-manager/EntityManager.js:186:32)',
      '    at async NotesStore.list (/r/libs/some-module/domain/src/notes.store.ts:40:5)',
      '    at async Object.<anonymous> (/r/libs/some-module/api/src/notes.spec.ts:10:1)',
    ].join('\n');
    expect(statementOrigin(stack)).toBe('/r/libs/some-module/domain/src/notes.store.ts');
    expect(statementOrigin('Error\n    at node:internal/process/task_queues:95:5')).toBeUndefined();
  });
});
