/**
 * National attendance and absence codes for school registers (DOMAIN §7.8), one AM and one PM
 * mark per session.
 *
 * Two versions:
 *  - '2024-08': The School Attendance (Pupil Registration) (England) Regulations 2024 (SI 2024/208,
 *    regulation 10) and the statutory guidance "Working together to improve school attendance",
 *    in force from 19 August 2024.
 *  - '2013-09': the codes of the Education (Pupil Registration) (England) Regulations 2006 as
 *    amended from September 2013 (code F withdrawn), used until 18 August 2024; kept for
 *    historic records.
 *
 * Statistical treatment (category, possible session): codes counted as attendance are present
 * (/, \, L) and approved educational activity; authorised and unauthorised absences count as
 * possible sessions; D, X, Q and Y codes are not counted as possible sessions; Z and # are
 * administrative and not collected.
 */
import type { CodeList, CodeListEntry, DateInput } from './code-list';
import { entryFor, sortVersions, versionInForce } from './code-list';

export type AttendanceCategory =
  'present' | 'approved_educational_activity' | 'authorised_absence' | 'unauthorised_absence' | 'not_possible';

export interface AttendanceCode extends CodeListEntry {
  readonly category: AttendanceCategory;
  /** True where the session counts as a possible session in attendance statistics. */
  readonly countsAsPossibleSession: boolean;
  /** Absences: true = authorised, false = unauthorised. Null for attendance and not-possible codes. */
  readonly authorised: boolean | null;
  /** True where the school must record a note with the code (2024: B, K, Y7). */
  readonly requiresNote: boolean;
}

export const ATTENDANCE_CODES_LIST_ID = 'attendance-codes';

const ATTENDANCE_CATEGORY_LABELS: Readonly<Record<AttendanceCategory, string>> = {
  present: 'Present',
  approved_educational_activity: 'Attending an approved educational activity',
  authorised_absence: 'Authorised absence',
  unauthorised_absence: 'Unauthorised absence',
  not_possible: 'Not counted as a possible session (administrative)',
};

/** Human-readable label of an attendance category. */
export function attendanceCategoryLabel(category: AttendanceCategory): string {
  return ATTENDANCE_CATEGORY_LABELS[category];
}

function present(code: string, label: string): AttendanceCode {
  return { code, label, category: 'present', countsAsPossibleSession: true, authorised: null, requiresNote: false };
}
function aea(code: string, label: string, requiresNote = false, note?: string): AttendanceCode {
  return {
    code,
    label,
    category: 'approved_educational_activity',
    countsAsPossibleSession: true,
    authorised: null,
    requiresNote,
    ...(note ? { note } : {}),
  };
}
function authorised(code: string, label: string, note?: string): AttendanceCode {
  return {
    code,
    label,
    category: 'authorised_absence',
    countsAsPossibleSession: true,
    authorised: true,
    requiresNote: false,
    ...(note ? { note } : {}),
  };
}
function unauthorised(code: string, label: string): AttendanceCode {
  return {
    code,
    label,
    category: 'unauthorised_absence',
    countsAsPossibleSession: true,
    authorised: false,
    requiresNote: false,
  };
}
function notPossible(
  code: string,
  label: string,
  options: { requiresNote?: boolean; note?: string; provisional?: boolean } = {},
): AttendanceCode {
  return {
    code,
    label,
    category: 'not_possible',
    countsAsPossibleSession: false,
    authorised: null,
    requiresNote: options.requiresNote ?? false,
    ...(options.note ? { note: options.note } : {}),
    ...(options.provisional ? { provisional: true } : {}),
  };
}

const DUAL_REGISTRATION_NOTE =
  'Dual registered: the pupil is attending the other school at which they are registered, which records the attendance; not a possible session here.';

const CODES_2024: readonly AttendanceCode[] = [
  // Attending the school
  present('/', 'Present (AM)'),
  present('\\', 'Present (PM)'),
  present('L', 'Late arrival before the register closed'),
  // Attending a place other than the school
  aea(
    'K',
    'Attending education provision arranged by the local authority',
    true,
    'LA-arranged provision under s19(1) Education Act 1996 or s42(2)/s61(1) Children and Families Act 2014: how many AP sessions are coded. The nature of the provision must be recorded.',
  ),
  aea('V', 'Attending an educational visit or trip'),
  aea('P', 'Participating in a sporting activity'),
  aea('W', 'Attending work experience'),
  aea(
    'B',
    'Attending any other approved educational activity',
    true,
    'Narrower than before August 2024; the nature of the activity must be recorded.',
  ),
  notPossible('D', 'Dual registered: attending another school', { note: DUAL_REGISTRATION_NOTE }),
  // Absent: leave of absence
  authorised('C1', 'Leave of absence for a regulated performance or regulated employment abroad'),
  authorised('M', 'Leave of absence for a medical or dental appointment'),
  authorised('J1', 'Leave of absence for an interview for employment or admission to another educational institution'),
  authorised('S', 'Leave of absence: study leave'),
  notPossible('X', 'Non-compulsory school age pupil not required to be in school'),
  authorised('C2', 'Leave of absence for a compulsory school age pupil subject to a part-time timetable'),
  authorised('C', 'Leave of absence for exceptional circumstances'),
  // Absent: other authorised reasons
  authorised('T', 'Parent travelling for occupational purposes'),
  authorised('R', 'Religious observance'),
  authorised('I', 'Illness (not medical or dental appointment)'),
  authorised('E', 'Suspended or permanently excluded and no alternative provision made'),
  // Absent: unable to attend because of an unavoidable cause
  notPossible('Q', 'Unable to attend the school because of a lack of access arrangements', {
    provisional: true,
    note: 'Treated as not a possible session, like the Y codes; not confirmed against the guidance table.',
  }),
  notPossible('Y1', 'Unable to attend due to transport normally provided not being available'),
  notPossible('Y2', 'Unable to attend due to widespread disruption to travel'),
  notPossible('Y3', 'Unable to attend due to part of the school premises being closed'),
  notPossible('Y4', 'Unable to attend due to the whole school site being unexpectedly closed'),
  notPossible('Y5', 'Unable to attend as pupil is in criminal justice detention'),
  notPossible('Y6', 'Unable to attend in accordance with public health guidance or law'),
  notPossible('Y7', 'Unable to attend because of any other unavoidable cause', {
    requiresNote: true,
    note: 'The nature of the unavoidable cause must be recorded.',
  }),
  // Absent: unauthorised
  unauthorised('G', 'Holiday not granted by the school'),
  unauthorised('N', 'Reason for absence not yet established'),
  unauthorised('O', 'Absent in other or unknown circumstances'),
  unauthorised('U', 'Arrived in school after registration closed'),
  // Administrative
  notPossible('Z', 'Prospective pupil not on admission register', { note: 'Administrative; not collected.' }),
  notPossible('#', 'Planned whole school closure', {
    note: 'Administrative; not collected. No longer used for staggered starts from August 2024.',
  }),
];

const CODES_2013: readonly AttendanceCode[] = [
  present('/', 'Present (AM)'),
  present('\\', 'Present (PM)'),
  present('L', 'Late (before registers closed)'),
  aea('B', 'Off-site educational activity'),
  notPossible('D', 'Dual registered: at another educational establishment', { note: DUAL_REGISTRATION_NOTE }),
  aea('J', 'Interview', false, 'Approved educational activity until August 2024; replaced by J1 (authorised absence).'),
  aea('P', 'Participating in a supervised sporting activity'),
  aea('V', 'Educational visit or trip'),
  aea('W', 'Work experience'),
  authorised('C', 'Leave of absence authorised by the school'),
  authorised('E', 'Excluded (no alternative provision made)'),
  authorised('H', 'Holiday authorised by the school'),
  authorised('I', 'Illness (not medical or dental appointment)'),
  authorised('M', 'Medical or dental appointment'),
  authorised('R', 'Religious observance'),
  authorised('S', 'Study leave'),
  authorised('T', 'Gypsy, Roma and Traveller absence'),
  unauthorised('G', 'Holiday not authorised by the school or in excess of the period authorised'),
  unauthorised('N', 'Reason for absence not yet provided'),
  unauthorised('O', 'Absent from school without authorisation'),
  unauthorised('U', 'Arrived in school after registers closed'),
  notPossible('X', 'Not required to be in school (non-compulsory school age)', {
    note: 'From September 2020 to summer 2022 X was also used for non-attendance in circumstances related to coronavirus (COVID-19); dates not verified.',
  }),
  notPossible('Y', 'Unable to attend due to exceptional circumstances'),
  notPossible('Z', 'Pupil not on admission register', { note: 'Administrative; not collected.' }),
  notPossible('#', 'Planned whole or partial school closure', { note: 'Administrative; not collected.' }),
];

export const ATTENDANCE_CODE_VERSIONS: readonly CodeList<AttendanceCode>[] = sortVersions([
  {
    id: ATTENDANCE_CODES_LIST_ID,
    version: '2013-09',
    validFrom: '2013-09-01',
    validTo: '2024-08-18',
    source:
      'Education (Pupil Registration) (England) Regulations 2006 as amended 2013; DfE school attendance guidance (2016-2022)',
    note: 'Kept for historic records. Start date is the 2013 amendment (code F withdrawn); earlier records used the same codes plus F.',
    entries: CODES_2013,
  },
  {
    id: ATTENDANCE_CODES_LIST_ID,
    version: '2024-08',
    validFrom: '2024-08-19',
    source:
      'School Attendance (Pupil Registration) (England) Regulations 2024 (SI 2024/208) reg. 10; DfE "Working together to improve school attendance" (applies from 19 August 2024)',
    entries: CODES_2024,
  },
]);

function normaliseAttendanceCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The attendance code in force on a date (default: today in England), or undefined. */
export function attendanceCodeFor(code: string, onDate?: DateInput): AttendanceCode | undefined {
  return entryFor(versionInForce(ATTENDANCE_CODE_VERSIONS, onDate), normaliseAttendanceCode(code));
}

/** All attendance codes in force on a date (default: today). */
export function attendanceCodes(onDate?: DateInput): readonly AttendanceCode[] {
  return versionInForce(ATTENDANCE_CODE_VERSIONS, onDate)?.entries ?? [];
}

/**
 * True when the code counts as attendance on that date: present (/, \, L) or attending an
 * approved educational activity (e.g. K, B). False for unknown codes.
 */
export function isPresentCode(code: string, onDate?: DateInput): boolean {
  const entry = attendanceCodeFor(code, onDate);
  return entry?.category === 'present' || entry?.category === 'approved_educational_activity';
}

/** True when the code is an absence (authorised or unauthorised) on that date. False for unknown codes. */
export function isAbsenceCode(code: string, onDate?: DateInput): boolean {
  const entry = attendanceCodeFor(code, onDate);
  return entry?.category === 'authorised_absence' || entry?.category === 'unauthorised_absence';
}
