import { MigrationInterface, QueryRunner } from 'typeorm';

const DRIVERS = [
  { name: 'la', column: 'la_id', where: [] as string[] },
  { name: 'setting', column: 'setting_id', where: ['setting_id IS NOT NULL'] },
  { name: 'provider', column: 'provider_id', where: ['provider_id IS NOT NULL'] },
];
const SORTS = [
  { name: 'updated', key: 'updated_at DESC, id DESC' },
  { name: 'oldest', key: 'created_at, id' },
  { name: 'panel', key: `(coalesce(panel_date, DATE '9999-12-31')), id` },
];

/**
 * The case list reads one ordered index range per LA, school or provider of the caller's scope
 * (caseListStatement): for each of those columns an index per sort, in the sort's order, and one
 * per sort with the status before the key, for the stage and status filters. The LA, setting and
 * provider indexes of 1764360000000 were in (updated_at DESC, id), not the list's (updated_at
 * DESC, id DESC): replaced by these, which begin with the same columns.
 */
export class ApCaseListRanges1764440000001 implements MigrationInterface {
  name = 'ApCaseListRanges1764440000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ap_cases_la_idx`);
    await q.query(`DROP INDEX ap_cases_setting_idx`);
    await q.query(`DROP INDEX ap_cases_provider_idx`);
    for (const d of DRIVERS)
      for (const s of SORTS) {
        const where = (extra: string[]) => (extra.length ? ` WHERE ${extra.join(' AND ')}` : '');
        await q.query(
          `CREATE INDEX ap_cases_${d.name}_${s.name}_idx ON ap_cases (tenant_id, ${d.column}, ${s.key})${where(d.where)}`,
        );
        await q.query(
          `CREATE INDEX ap_cases_${d.name}_status_${s.name}_idx ON ap_cases (tenant_id, ${d.column}, status, ${s.key})${where(d.where)}`,
        );
      }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const d of DRIVERS)
      for (const s of SORTS) {
        await q.query(`DROP INDEX ap_cases_${d.name}_${s.name}_idx`);
        await q.query(`DROP INDEX ap_cases_${d.name}_status_${s.name}_idx`);
      }
    await q.query(`CREATE INDEX ap_cases_la_idx ON ap_cases (tenant_id, la_id, status, updated_at DESC, id)`);
    await q.query(
      `CREATE INDEX ap_cases_setting_idx ON ap_cases (tenant_id, setting_id, updated_at DESC, id) WHERE setting_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX ap_cases_provider_idx ON ap_cases (tenant_id, provider_id, updated_at DESC, id) WHERE provider_id IS NOT NULL`,
    );
  }
}
