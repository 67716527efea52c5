import {
  csvCell,
  fieldErrorsOf,
  isRealDate,
  loadExcel,
  openTabularFile,
  TabularRow,
  TabularRowError,
  tabularRowError,
} from '@rep-hub/platform';
import { ParticipantInput, TransitionInput } from './workforce.input';
import {
  ENROLMENT_MOVES,
  ENROLMENT_STATUSES,
  EnrolmentStatus,
  Milestone,
  MILESTONES,
  PARTICIPANT_ROLES,
  SETTING_KINDS,
} from './workforce.model';

/** The columns of an enrolment upload, in template order. */
export const UPLOAD_COLUMNS = [
  'full_name',
  'work_email',
  'employing_la',
  'role',
  'setting_kind',
  'setting_identifier',
  'took_up_post_on',
  'status',
  'withdrawal_reason',
  'started_on',
  'retained_on',
  'completed_on',
  'assessed_on',
] as const;
export type UploadColumn = (typeof UPLOAD_COLUMNS)[number];
const REQUIRED: readonly UploadColumn[] = ['full_name', 'work_email', 'employing_la', 'role', 'status'];

/** What each column holds, for the template's guide, the API's description and docs/api.md. */
export const UPLOAD_COLUMN_GUIDE: Record<UploadColumn, string> = {
  full_name: 'Required. The participant’s full name (up to 200 characters).',
  work_email:
    'Required. Their work email; with employing_la it names the participant (the same row again changes nothing).',
  employing_la: 'Required. The DfE three-digit number of the employing local authority, one with places in the cohort.',
  role: `Required. One of ${PARTICIPANT_ROLES.join(', ')}.`,
  setting_kind: `Optional. One of ${SETTING_KINDS.join(', ')}.`,
  setting_identifier: 'With setting_kind: a school’s URN, a provider’s UKPRN or an early years setting’s Ofsted URN.',
  took_up_post_on: 'Optional. The date they took up the post, YYYY-MM-DD (a qualification window counts from it).',
  status: `Required. The enrolment’s status: ${ENROLMENT_STATUSES.join(', ')}; reached through the allowed moves, each kept in the history.`,
  withdrawal_reason: 'Required when the status is withdrawn (up to 500 characters).',
  started_on: 'Optional. The evidence date of the started milestone, YYYY-MM-DD, not in the future.',
  retained_on: 'Optional. The evidence date of the retained milestone.',
  completed_on: 'Optional. The evidence date of the completed milestone.',
  assessed_on: 'Optional. The evidence date of the assessed milestone.',
};

/** At most this many data rows in one file, and this many bytes. */
export const MAX_UPLOAD_ROWS = 100_000;
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024;

export const MILESTONE_COLUMNS: Record<Milestone, UploadColumn> = {
  started: 'started_on',
  retained: 'retained_on',
  completed: 'completed_on',
  assessed: 'assessed_on',
};

/** A row whose own values are good: what the database checks then need. */
export interface CheckedUploadRow {
  row: number;
  laNumber: string;
  fullName: string;
  workEmail: string;
  role: string;
  settingKind: string | null;
  settingIdentifier: string | null;
  tookUpPostOn: string | null;
  status: EnrolmentStatus;
  reason: string | null;
  milestones: { milestone: Milestone; evidenceOn: string }[];
}

const UPLOAD_SPEC = {
  columns: UPLOAD_COLUMNS,
  required: REQUIRED,
  maxRows: MAX_UPLOAD_ROWS,
  refuseFormulas: true,
  refuseUnknownColumns: true,
};

/** An upload's header checked, its rows then read one at a time (openTabularFile). */
export const openUploadFile = (bytes: Buffer, filename: string | undefined) =>
  openTabularFile(bytes, filename, UPLOAD_SPEC);

const PARTICIPANT_COLUMN: Record<string, UploadColumn> = {
  fullName: 'full_name',
  workEmail: 'work_email',
  role: 'role',
  settingKind: 'setting_kind',
  settingIdentifier: 'setting_identifier',
  tookUpPostOn: 'took_up_post_on',
};

const canonical = <T extends string>(list: readonly T[], v: T | string): T => list.find((x) => x === v) ?? (v as T);

/**
 * Checks one row's own values with the rules of one-by-one enrolment (the participant's and the
 * move's inputs, the reference validators through them); what needs the database (the LA, the
 * caps, the moves from a status already recorded) is checked when the file is loaded.
 */
export function checkUploadRow(
  r: TabularRow<UploadColumn>,
  today: string,
  problem: (e: TabularRowError) => void,
): CheckedUploadRow | null {
  const v = r.values;
  let bad = false;
  const add = (column: string, message: string) => {
    bad = true;
    problem(tabularRowError(r.row, column, message));
  };
  if (!/^[0-9]{3}$/.test(v.employing_la))
    add('employing_la', 'Enter the employing local authority’s DfE three-digit number, like 352');
  for (const e of fieldErrorsOf(ParticipantInput, {
    laId: '00000000-0000-4000-8000-000000000000',
    fullName: v.full_name,
    workEmail: v.work_email,
    role: v.role,
    settingKind: v.setting_kind,
    settingIdentifier: v.setting_identifier || undefined,
    ...(v.took_up_post_on ? { tookUpPostOn: v.took_up_post_on } : {}),
  }))
    add(PARTICIPANT_COLUMN[e.field] ?? e.field, e.message);
  for (const e of fieldErrorsOf(TransitionInput, {
    status: v.status,
    ...(v.withdrawal_reason ? { reason: v.withdrawal_reason } : {}),
  }))
    add(e.field === 'reason' ? 'withdrawal_reason' : 'status', e.message);
  if (v.withdrawal_reason && v.status !== 'withdrawn')
    add('withdrawal_reason', 'Leave the withdrawal reason empty unless the status is withdrawn');
  const milestones: CheckedUploadRow['milestones'] = [];
  for (const m of MILESTONES) {
    const c = MILESTONE_COLUMNS[m];
    const d = v[c];
    if (!d) continue;
    if (!isRealDate(d)) add(c, 'Enter the evidence date as a real date, like 2026-11-23');
    else if (d > today) add(c, 'The evidence date must be today or in the past');
    else milestones.push({ milestone: m, evidenceOn: d });
  }
  if (milestones.length && (v.status === 'applied' || v.status === 'withdrawn'))
    add('status', `A milestone cannot be declared for an enrolment whose status is ${v.status}`);
  if (bad) return null;
  return {
    row: r.row,
    laNumber: v.employing_la,
    fullName: v.full_name.trim(),
    workEmail: v.work_email.trim(),
    // the values of a short list as the list's own strings: one copy each, not one per row
    role: canonical(PARTICIPANT_ROLES, v.role),
    settingKind: v.setting_kind ? canonical(SETTING_KINDS, v.setting_kind) : null,
    settingIdentifier: v.setting_kind ? v.setting_identifier.trim().toUpperCase() : null,
    tookUpPostOn: v.took_up_post_on || null,
    status: canonical(ENROLMENT_STATUSES, v.status as EnrolmentStatus),
    reason: v.status === 'withdrawn' ? v.withdrawal_reason.trim() : null,
    milestones,
  };
}

/**
 * The checks of a file's rows against its cohort that need no more than the cohort's places per
 * LA and its programme's milestones: the LA has places in the cohort, each participant (LA and
 * work email) is in one row only, and each milestone declared is one of the programme's. Each
 * problem goes to `add`; the rows that name an LA with places come back with it and their key
 * (set on the row itself). `seen` (each participant's key and its first row) carries the check of
 * one row per participant from one batch of a file's rows to the next.
 */
export function checkRowsAgainstCohort(
  rows: CheckedUploadRow[],
  laByNumber: ReadonlyMap<string, { laId: string }>,
  milestones: readonly string[],
  add: (row: number, column: string, message: string) => void,
  seen = new Map<string, number>(),
): (CheckedUploadRow & { laId: string; key: string })[] {
  const good: (CheckedUploadRow & { laId: string; key: string })[] = [];
  for (const r of rows) {
    const a = laByNumber.get(r.laNumber);
    if (!a) {
      add(r.row, 'employing_la', `Local authority ${r.laNumber} has no places in this cohort`);
      continue;
    }
    // the LA's three digits rather than its id: 100,000 keys are kept for the whole file
    const key = `${r.laNumber}|${r.workEmail.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) add(r.row, 'work_email', `This participant is already in row ${first}`);
    else seen.set(key, r.row);
    for (const x of r.milestones)
      if (!milestones.includes(x.milestone))
        add(r.row, MILESTONE_COLUMNS[x.milestone], `This programme’s milestones are ${milestones.join(', ')}`);
    // the row itself takes its LA and key (a copy of each of 100,000 rows would be as large again)
    good.push(Object.assign(r as CheckedUploadRow & { laId: string; key: string }, { laId: a.laId, key }));
  }
  return good;
}

/** The shortest chain of allowed moves from one status to another (empty: the same; null: none). */
export function movesBetween(from: EnrolmentStatus, to: EnrolmentStatus): EnrolmentStatus[] | null {
  const paths = new Map<EnrolmentStatus, EnrolmentStatus[]>([[from, []]]);
  const queue: EnrolmentStatus[] = [from];
  while (queue.length) {
    const at = queue.shift()!;
    if (at === to) return paths.get(at)!;
    for (const next of ENROLMENT_MOVES[at])
      if (!paths.has(next)) {
        paths.set(next, [...paths.get(at)!, next]);
        queue.push(next);
      }
  }
  return null;
}

/** The template: the header and one example row, as CSV (with a BOM, so Excel reads UTF-8) or as a workbook with a guide. */
export async function uploadTemplate(format: 'csv' | 'xlsx'): Promise<Buffer> {
  const example: Record<UploadColumn, string> = {
    full_name: 'Sam Example',
    work_email: 'sam.example@school.example',
    employing_la: '352',
    role: 'senco',
    setting_kind: 'school',
    setting_identifier: '123456',
    took_up_post_on: '2026-09-01',
    status: 'active',
    withdrawal_reason: '',
    started_on: '2026-10-05',
    retained_on: '',
    completed_on: '',
    assessed_on: '',
  };
  if (format === 'csv') {
    const lines = [UPLOAD_COLUMNS.join(','), UPLOAD_COLUMNS.map((c) => csvCell(example[c])).join(',')];
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const workbook = new (loadExcel().Workbook)();
  workbook.creator = 'REP Hub';
  const sheet = workbook.addWorksheet('Enrolments');
  sheet.columns = UPLOAD_COLUMNS.map((c) => ({ header: c, key: c, width: Math.max(14, c.length + 4) }));
  sheet.getRow(1).font = { bold: true };
  // every column as text, so no locale turns a date into 05/10/2026 or a URN into a number
  for (const c of UPLOAD_COLUMNS) sheet.getColumn(c).numFmt = '@';
  sheet.addRow(example);
  const guide = workbook.addWorksheet('Guide');
  guide.columns = [
    { header: 'column', key: 'column', width: 20 },
    { header: 'what it holds', key: 'what', width: 110 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const c of UPLOAD_COLUMNS) guide.addRow({ column: c, what: UPLOAD_COLUMN_GUIDE[c] });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
