import { humanDate } from '@rep-hub/platform';
import { ATTENDANCE_CODE_VERSIONS, AttendanceCategory, attendanceCodeFor, versionInForce } from '@rep-hub/reference';
import { AttendanceFileFormat } from './attendance-file';
import { realDate, text } from './input';

// Attendance as the service reads and shows it: sessions, summaries, the checks of one session, the placement rows and their SQL.

export const ATTENDANCE_SESSIONS = ['AM', 'PM'] as const;
export type AttendanceSessionName = (typeof ATTENDANCE_SESSIONS)[number];
/** At most this many sessions in one PUT (a term of one pupil's registers). */
export const MAX_SESSIONS_PER_REQUEST = 500;
const NOTE_MAX = 500;

/** One session as sent: the API's body item, a posted page, or a file row. */
export interface AttendanceSessionInput {
  date?: unknown;
  session?: unknown;
  code?: unknown;
  note?: unknown;
}

export interface AttendanceSessionView {
  date: string;
  session: AttendanceSessionName;
  code: string;
  /** The code's meaning in the list version in force on the date. */
  meaning: string;
  category: AttendanceCategory;
  codeVersion: string;
  note: string | null;
  recordedAt: string;
  uploadId: string | null;
}

/** Sessions counted as DfE counts them: possible sessions exclude the not-possible codes (X, Y, D, Z, #…). */
export interface AttendanceSummary {
  possibleSessions: number;
  /** Present (/, \, L) and approved educational activity (K, B, V, P, W). */
  attended: number;
  authorisedAbsence: number;
  unauthorisedAbsence: number;
  notPossible: number;
  /** Absences as a percentage of possible sessions, to one decimal; null with no possible session. */
  percentMissed: number | null;
}

export interface AttendanceView {
  placementId: string;
  caseId: string;
  reference: string;
  providerId: string;
  providerName: string;
  status: 'planned' | 'active' | 'ended';
  startedOn: string | null;
  endedOn: string | null;
  from: string | null;
  to: string | null;
  /** Whether the caller may record sessions of this placement (its provider's staff). */
  canRecord: boolean;
  sessions: AttendanceSessionView[];
  summary: AttendanceSummary;
}

export interface AttendanceUploadView {
  id: string;
  providerId: string;
  providerName: string;
  filename: string | null;
  format: AttendanceFileFormat;
  sha256: string;
  rowCount: number;
  changedCount: number;
  uploadedAt: string;
  uploadedBy: string | null;
}

export interface AttendancePlacementItem {
  placementId: string;
  caseId: string;
  reference: string;
  pupil: { givenName: string; familyName: string };
  providerId: string;
  providerName: string;
  startedOn: string | null;
  lastRecorded: string | null;
}

/** A day's register of a provider: each current placement with what is recorded for its two sessions on the date. */
export interface AttendanceRegisterView {
  date: string;
  providerId: string;
  pupils: {
    placementId: string;
    reference: string;
    pupil: { givenName: string; familyName: string };
    startedOn: string | null;
    am: { code: string; note: string | null } | null;
    pm: { code: string; note: string | null } | null;
  }[];
}

/** What a file upload or a PUT answers: sessions received, and how many were new or different. */
export interface AttendanceWriteResult {
  received: number;
  changed: number;
}

export interface PlacementRow {
  id: string;
  case_id: string;
  reference: string;
  la_id: string;
  setting_id: string | null;
  provider_id: string;
  provider_name: string;
  pupil_id: string;
  status: 'planned' | 'active' | 'ended';
  started_on: string | null;
  ended_on: string | null;
}

export interface Checked {
  date: string;
  session: AttendanceSessionName;
  code: string;
  codeVersion: string;
  category: AttendanceCategory;
  note: string | null;
}

export const REFERENCE = /^AP-?(\d{1,12})$/i;

export const PLACEMENT_SELECT = `SELECT pl.id, pl.case_id, c.reference::text AS reference, c.la_id, c.setting_id, pl.provider_id, pr.name AS provider_name, c.pupil_id, pl.status,
    to_char(pl.started_on, 'YYYY-MM-DD') AS started_on, to_char(pl.ended_on, 'YYYY-MM-DD') AS ended_on
  FROM ap_placements pl
  JOIN ap_cases c ON c.tenant_id = pl.tenant_id AND c.id = pl.case_id
  JOIN ap_providers pr ON pr.tenant_id = pl.tenant_id AND pr.id = pl.provider_id`;

/** A date (YYYY-MM-DD) as GOV.UK writes it. */
const longDate = (iso: string) => humanDate(new Date(`${iso}T00:00:00Z`));

/** The meaning of a code in the version it was recorded under. */
export function attendanceCodeMeaning(code: string, version: string): string {
  return (
    ATTENDANCE_CODE_VERSIONS.find((v) => v.version === version)?.entries.find((e) => e.code === code)?.label ?? code
  );
}

/** The summary figures of a set of sessions. */
export function summariseAttendance(sessions: readonly { category: AttendanceCategory }[]): AttendanceSummary {
  const n = (c: AttendanceCategory) => sessions.filter((s) => s.category === c).length;
  const attended = n('present') + n('approved_educational_activity');
  const authorisedAbsence = n('authorised_absence');
  const unauthorisedAbsence = n('unauthorised_absence');
  const possibleSessions = attended + authorisedAbsence + unauthorisedAbsence;
  return {
    possibleSessions,
    attended,
    authorisedAbsence,
    unauthorisedAbsence,
    notPossible: n('not_possible'),
    percentMissed: possibleSessions
      ? Math.round(((authorisedAbsence + unauthorisedAbsence) * 1000) / possibleSessions) / 10
      : null,
  };
}

/**
 * Checks one session's own values (not yet against its placement): a real date not in the
 * future, AM or PM, a code of the list version in force on that date, and a note where the code
 * needs one. `err` receives each problem under the column's name.
 */
export function checkAttendanceSession(
  v: AttendanceSessionInput,
  today: string,
  err: (column: 'date' | 'session' | 'code' | 'note', message: string) => void,
): Checked | null {
  const before = { n: 0 };
  const fail = (c: 'date' | 'session' | 'code' | 'note', m: string) => {
    before.n++;
    err(c, m);
  };
  const date = text(v.date);
  let dateOk = false;
  if (!date) fail('date', 'Enter the date of the session as YYYY-MM-DD');
  else if (!realDate(date)) fail('date', 'The date must be a real date written YYYY-MM-DD');
  else if (date > today) fail('date', 'The date cannot be in the future');
  else dateOk = true;
  const session = text(v.session)?.toUpperCase();
  if (!session) fail('session', 'Enter the session: AM or PM');
  else if (!ATTENDANCE_SESSIONS.includes(session as AttendanceSessionName))
    fail('session', 'The session must be AM or PM');
  const codeText = typeof v.code === 'string' ? v.code.trim() : undefined;
  let entry: ReturnType<typeof attendanceCodeFor>;
  let version: string | undefined;
  if (!codeText) fail('code', 'Enter the attendance code');
  else if (dateOk) {
    version = versionInForce(ATTENDANCE_CODE_VERSIONS, date)?.version;
    entry = attendanceCodeFor(codeText, date);
    if (!entry || !version)
      fail('code', `“${codeText.slice(0, 10)}” is not an attendance code in force on ${longDate(date!)}`);
  }
  const note =
    v.note === undefined || v.note === null
      ? undefined
      : typeof v.note === 'string'
        ? v.note.trim() || undefined
        : undefined;
  if (v.note !== undefined && v.note !== null && typeof v.note !== 'string') fail('note', 'The note must be text');
  else if (note && note.length > NOTE_MAX) fail('note', `The note must be ${NOTE_MAX} characters or fewer`);
  else if (entry?.requiresNote && !note)
    fail('note', `Code ${entry.code} needs a note: say what the provision or cause was`);
  if (before.n || !entry || !version) return null;
  return {
    date: date!,
    session: session as AttendanceSessionName,
    code: entry.code,
    codeVersion: version,
    category: entry.category,
    note: note ?? null,
  };
}

/** Whether a session's date fits its placement; the message when it does not. */
export function misfit(p: Pick<PlacementRow, 'status' | 'started_on' | 'ended_on'>, date: string): string | null {
  if (p.started_on && date < p.started_on)
    return `The date must be on or after the placement started (${longDate(p.started_on)})`;
  if (p.ended_on && date > p.ended_on)
    return `The date must be on or before the placement ended (${longDate(p.ended_on)})`;
  return null;
}
