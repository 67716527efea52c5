import type { EntityManager } from 'typeorm';
import type { TestResultView, TestStatus } from './tests.model';

export interface TestRow {
  id: string;
  title: string;
  reform_code: string;
  reforms_version: string;
  hypothesis: string;
  comparison_group: string;
  starts_on: string;
  ends_on: string;
  status: TestStatus;
  findings: string;
  lessons: string;
  risks: string;
  created_at: string;
  updated_at: string;
  version: number;
  las: { id: string; name: string }[];
  settings: { id: string; name: string }[];
  indicator_codes: string[];
  result_count: number;
}

export interface TestValues {
  title: string;
  reformCode: string;
  reformsVersion: string;
  hypothesis: string;
  comparisonGroup: string;
  startsOn: string;
  endsOn: string;
  status: TestStatus;
  findings: string;
  lessons: string;
  risks: string;
  laIds: string[];
  settingIds: string[];
  indicatorCodes: string[];
}

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

const SELECT_TEST = `
  SELECT t.id, t.title, t.reform_code, t.reforms_version, t.hypothesis, t.comparison_group,
         to_char(t.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(t.ends_on, 'YYYY-MM-DD') AS ends_on, t.status,
         t.findings, t.lessons, t.risks, ${TS('t.created_at')} AS created_at, ${TS('t.updated_at')} AS updated_at, t.version,
         coalesce((SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name, o.id)
                     FROM evaluation_test_las l JOIN organisations o ON o.tenant_id = l.tenant_id AND o.id = l.la_id
                    WHERE l.tenant_id = t.tenant_id AND l.test_id = t.id), '[]') AS las,
         coalesce((SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY o.name, o.id)
                     FROM evaluation_test_settings s JOIN organisations o ON o.tenant_id = s.tenant_id AND o.id = s.organisation_id
                    WHERE s.tenant_id = t.tenant_id AND s.test_id = t.id), '[]') AS settings,
         coalesce((SELECT array_agg(i.indicator_code ORDER BY i.indicator_code)
                     FROM evaluation_test_indicators i WHERE i.tenant_id = t.tenant_id AND i.test_id = t.id), '{}') AS indicator_codes,
         (SELECT count(*)::int FROM evaluation_test_results r WHERE r.tenant_id = t.tenant_id AND r.test_id = t.id) AS result_count
    FROM evaluation_tests t`;

/** Test and learn's SQL (tenant RLS applies to every statement). */
export const TestsStore = {
  list(m: EntityManager, tenantId: string): Promise<TestRow[]> {
    return m.query(`${SELECT_TEST} WHERE t.tenant_id = $1 ORDER BY t.starts_on DESC, t.title, t.id`, [tenantId]);
  },

  async get(m: EntityManager, tenantId: string, id: string, lock = false): Promise<TestRow | null> {
    const [row] = (await m.query(
      `${SELECT_TEST} WHERE t.tenant_id = $1 AND t.id = $2 ${lock ? 'FOR UPDATE OF t' : ''}`,
      [tenantId, id],
    )) as TestRow[];
    return row ?? null;
  },

  /** Which of `ids` are organisations of the partnership (LAs only with `laOnly`). */
  async organisationsIn(m: EntityManager, tenantId: string, ids: string[], laOnly: boolean): Promise<string[]> {
    if (!ids.length) return [];
    const rows = (await m.query(
      `SELECT id FROM organisations WHERE tenant_id = $1 AND id = ANY ($2::uuid[]) ${laOnly ? `AND kind = 'local_authority'` : ''}`,
      [tenantId, ids],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  },

  organisations(m: EntityManager, tenantId: string): Promise<{ id: string; name: string; kind: string }[]> {
    return m.query(`SELECT id, name, kind FROM organisations WHERE tenant_id = $1 ORDER BY name, id`, [tenantId]);
  },

  async insert(m: EntityManager, tenantId: string, v: TestValues, by: string | null): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO evaluation_tests (tenant_id, title, reform_code, reforms_version, hypothesis, comparison_group, starts_on, ends_on, status, findings, lessons, risks, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [
        tenantId,
        v.title,
        v.reformCode,
        v.reformsVersion,
        v.hypothesis,
        v.comparisonGroup,
        v.startsOn,
        v.endsOn,
        v.status,
        v.findings,
        v.lessons,
        v.risks,
        by,
      ],
    )) as { id: string }[];
    await TestsStore.links(m, tenantId, row.id, v);
    return row.id;
  },

  async update(m: EntityManager, tenantId: string, id: string, v: TestValues): Promise<void> {
    await m.query(
      `UPDATE evaluation_tests SET title = $3, reform_code = $4, reforms_version = $5, hypothesis = $6, comparison_group = $7,
              starts_on = $8, ends_on = $9, status = $10, findings = $11, lessons = $12, risks = $13,
              updated_at = now(), version = version + 1
        WHERE tenant_id = $1 AND id = $2`,
      [
        tenantId,
        id,
        v.title,
        v.reformCode,
        v.reformsVersion,
        v.hypothesis,
        v.comparisonGroup,
        v.startsOn,
        v.endsOn,
        v.status,
        v.findings,
        v.lessons,
        v.risks,
      ],
    );
    for (const t of ['evaluation_test_las', 'evaluation_test_settings', 'evaluation_test_indicators'])
      await m.query(`DELETE FROM ${t} WHERE tenant_id = $1 AND test_id = $2`, [tenantId, id]);
    await TestsStore.links(m, tenantId, id, v);
  },

  async links(m: EntityManager, tenantId: string, id: string, v: TestValues): Promise<void> {
    if (v.laIds.length)
      await m.query(`INSERT INTO evaluation_test_las (tenant_id, test_id, la_id) SELECT $1, $2, unnest($3::uuid[])`, [
        tenantId,
        id,
        v.laIds,
      ]);
    if (v.settingIds.length)
      await m.query(
        `INSERT INTO evaluation_test_settings (tenant_id, test_id, organisation_id) SELECT $1, $2, unnest($3::uuid[])`,
        [tenantId, id, v.settingIds],
      );
    if (v.indicatorCodes.length)
      await m.query(
        `INSERT INTO evaluation_test_indicators (tenant_id, test_id, indicator_code) SELECT $1, $2, unnest($3::text[])`,
        [tenantId, id, v.indicatorCodes],
      );
  },

  async addResult(
    m: EntityManager,
    tenantId: string,
    testId: string,
    recordedOn: string,
    summary: string,
    by: string | null,
  ): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO evaluation_test_results (tenant_id, test_id, recorded_on, summary, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [tenantId, testId, recordedOn, summary, by],
    )) as { id: string }[];
    return row.id;
  },

  async results(m: EntityManager, tenantId: string, testId: string): Promise<TestResultView[]> {
    const rows = (await m.query(
      `SELECT r.id, to_char(r.recorded_on, 'YYYY-MM-DD') AS recorded_on, r.summary, r.recorded_by, u.display_name,
              ${TS('r.created_at')} AS created_at
         FROM evaluation_test_results r LEFT JOIN users u ON u.id = r.recorded_by
        WHERE r.tenant_id = $1 AND r.test_id = $2 ORDER BY r.recorded_on DESC, r.created_at DESC, r.id`,
      [tenantId, testId],
    )) as {
      id: string;
      recorded_on: string;
      summary: string;
      recorded_by: string | null;
      display_name: string | null;
      created_at: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      recordedOn: r.recorded_on,
      summary: r.summary,
      recordedBy: r.recorded_by,
      recordedByName: r.display_name,
      createdAt: r.created_at,
    }));
  },
};
