import { loadExcel } from '@rep-hub/platform';
import { UPLOAD_COLUMNS, UploadColumn } from '@rep-hub/workforce-domain';
import { PassThrough } from 'node:stream';
import type { Client } from 'pg';

/**
 * The shape of `npm run bench:import`: one partnership of LAS local authorities, a training
 * provider with one cohort funded for every place the file takes (a cohort funds at most 100,000
 * places, the database's CHECK), its places shared evenly between the LAs, and a file of `rows`
 * new participants spread over the LAs (BENCH_IMPORT_ROWS, default 100,000: fewer for a quick look).
 */
export const IMPORT_SHAPE = { las: 10, rows: Number(process.env['BENCH_IMPORT_ROWS'] ?? 100_000) };

export interface ImportIds {
  tenantId: string;
  cohortId: string;
  providerId: string;
  userId: string;
  email: string;
  laNumbers: string[];
}

/**
 * Seeds, as the database owner (not timed): the partnership, its LAs (numbers 801…), a training
 * provider and its member of staff (who uploads), a programme with the started, retained and
 * completed milestones, and its cohort with 100,000 funded places given out evenly to the LAs.
 */
export async function seedImport(c: Client, passwordHash: string, log: (m: string) => void): Promise<ImportIds> {
  const one = async <T>(sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows[0] as T;
  const { id: tenantId } = await one<{ id: string }>(
    `INSERT INTO tenants (slug, name) VALUES ('bench-import', 'Bench import partnership') RETURNING id`,
  );
  const laNumbers = Array.from({ length: IMPORT_SHAPE.las }, (_, i) => String(801 + i));
  await c.query(
    `INSERT INTO organisations (tenant_id, kind, name, la_number, gss_code, is_lead)
     SELECT $1, 'local_authority', 'Local authority ' || n, n, 'E06' || lpad(n, 6, '0'), n = $2[1]
       FROM unnest($2::text[]) n`,
    [tenantId, laNumbers],
  );
  const { id: providerId } = await one<{ id: string }>(
    `INSERT INTO organisations (tenant_id, kind, name, ukprn) VALUES ($1, 'training_provider', 'Bench training provider', '10099001') RETURNING id`,
    [tenantId],
  );
  const email = 'trainer@bench-import.example';
  const { id: userId } = await one<{ id: string }>(
    `INSERT INTO users (email, display_name, password_hash, status) VALUES ($1, 'Bench Trainer', $2, 'active') RETURNING id`,
    [email, passwordHash],
  );
  await c.query(
    `INSERT INTO memberships (tenant_id, user_id, organisation_id, role) VALUES ($1, $2, $3, 'training_provider_staff')`,
    [tenantId, userId, providerId],
  );
  const { id: programmeId } = await one<{ id: string }>(
    `INSERT INTO workforce_programmes (tenant_id, code, name, milestones, qualification_window_months)
     VALUES ($1, 'bench_senco', 'SENCO training (bench)', ARRAY['started', 'retained', 'completed'], 36) RETURNING id`,
    [tenantId],
  );
  const { id: cohortId } = await one<{ id: string }>(
    `INSERT INTO workforce_cohorts (tenant_id, programme_id, provider_id, name, intake_year, intake_term, starts_on, ends_on, funded_places)
     VALUES ($1, $2, $3, 'Autumn 2026 intake', 2026, 'autumn', DATE '2026-09-07', DATE '2028-07-21', $4) RETURNING id`,
    [tenantId, programmeId, providerId, IMPORT_SHAPE.las * Math.ceil(IMPORT_SHAPE.rows / IMPORT_SHAPE.las)],
  );
  await c.query(
    `INSERT INTO workforce_allocations (tenant_id, cohort_id, la_id, places)
     SELECT $1, $2, id, $3 FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`,
    [tenantId, cohortId, Math.ceil(IMPORT_SHAPE.rows / IMPORT_SHAPE.las)],
  );
  await c.query('ANALYZE');
  log(`  one partnership, ${IMPORT_SHAPE.las} LAs, a cohort of ${IMPORT_SHAPE.rows} funded places`);
  return { tenantId, cohortId, providerId, userId, email, laNumbers };
}

/**
 * The file a training provider uploads: `rows` new participants, round the LAs, in the statuses a
 * real intake has (row n of 20: 1 applied, 1 withdrawn with a reason, then enrolled, active with
 * its started milestone, completed with started, retained and completed), so the load makes one
 * to three moves per enrolment, each a history row. Every row holds a place except the applied
 * and withdrawn ones.
 */
export function importFile(rows: number, laNumbers: string[]): Buffer {
  const lines: string[] = [UPLOAD_COLUMNS.join(',')];
  for (const v of importRows(rows, laNumbers)) lines.push(UPLOAD_COLUMNS.map((c) => v[c]).join(','));
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * The same rows as an Excel workbook (`BENCH_IMPORT_FORMAT=xlsx`), every cell text in the shared
 * strings table, as Excel saves a sheet of text (exceljs's streaming writer: the worksheet stored
 * in the zip before the shared strings, as Excel does).
 */
export async function importWorkbook(rows: number, laNumbers: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (b: Buffer) => chunks.push(b));
  const workbook = new (loadExcel().stream.xlsx.WorkbookWriter)({ stream, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Enrolments');
  sheet.addRow([...UPLOAD_COLUMNS]).commit();
  for (const v of importRows(rows, laNumbers)) sheet.addRow(UPLOAD_COLUMNS.map((c) => v[c] || null)).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

function* importRows(rows: number, laNumbers: string[]): Generator<Record<UploadColumn, string>> {
  const roles = ['senco', 'teacher', 'early_years_practitioner', 'job_coach'];
  for (let n = 0; n < rows; n++) {
    const k = n % 20;
    const status =
      k === 0 ? 'applied' : k === 1 ? 'withdrawn' : k % 4 === 2 ? 'enrolled' : k % 4 === 3 ? 'completed' : 'active';
    yield {
      full_name: `Participant ${n}`,
      work_email: `participant.${n}@school${n % 997}.example`,
      employing_la: laNumbers[n % laNumbers.length],
      role: roles[n % roles.length],
      setting_kind: 'school',
      setting_identifier: String(100000 + (n % 899_999)),
      took_up_post_on: '2025-09-01',
      status,
      withdrawal_reason: status === 'withdrawn' ? 'Left the post' : '',
      started_on: status === 'active' || status === 'completed' ? '2026-09-14' : '',
      retained_on: status === 'completed' ? '2026-10-12' : '',
      completed_on: status === 'completed' ? '2026-11-23' : '',
      assessed_on: '',
    };
  }
}
