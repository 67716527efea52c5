/**
 * Default retention of AP records (issue 7): how long each kind of record is kept, from when, and
 * what happens to it then. Each LA is the data controller of its pupils and its own retention
 * schedule decides: an LA sets its own rule per record type (`ap_retention_rules`), and these
 * defaults apply where it has set none. Every period here is provisional.
 */
import type { CodeList, CodeListEntry } from './code-list';

export type RetentionAction = 'delete' | 'anonymise';

export interface ApRetentionDefault extends CodeListEntry {
  /** The record type (`ap_retention_rules.record_type`). */
  readonly code: 'attendance' | 'alerts' | 'closed_cases' | 'pupils';
  /** Months kept after `from`. */
  readonly retainMonths: number;
  /** What the clock runs from, in words (the job's SQL says it exactly). */
  readonly from: string;
  readonly action: RetentionAction;
  /** The actions an LA may choose for this type. */
  readonly allowedActions: readonly RetentionAction[];
  /** Why this period. */
  readonly rationale: string;
}

export const AP_RETENTION_DEFAULTS_LIST: CodeList<ApRetentionDefault> = {
  id: 'ap-retention-defaults',
  version: '2026-01',
  validFrom: '2026-01-01',
  provisional: true,
  source:
    'IRMS Information Management Toolkit for Schools and Local Authorities (retention guidance, not re-verified); UK GDPR Article 5(1)(e)',
  note: 'Defaults only: each LA’s own retention schedule decides, and an LA sets its own rule per record type. The periods follow common LA practice and have not been checked against any one LA’s schedule.',
  entries: [
    {
      code: 'attendance',
      label: 'Attendance sessions',
      retainMonths: 36,
      from: 'the session date',
      action: 'delete',
      allowedActions: ['delete'],
      provisional: true,
      rationale:
        'Daily registers are kept for three years after the session in common school and LA practice; attendance measures over three academic years need them no longer.',
    },
    {
      code: 'alerts',
      label: 'Closed alerts',
      retainMonths: 24,
      from: 'the date the alert was closed',
      action: 'delete',
      allowedActions: ['delete'],
      provisional: true,
      rationale:
        'An alert is an operational prompt; the decision it led to is recorded on the case. Two years covers a placement, its follow-up and a complaint about how it was handled.',
    },
    {
      code: 'closed_cases',
      label: 'Closed cases',
      retainMonths: 72,
      from: 'the date the case ended, was withdrawn or was declined',
      action: 'anonymise',
      allowedActions: ['anonymise', 'delete'],
      provisional: true,
      rationale:
        'Six years after closure follows the Limitation Act 1980 period for claims; anonymising keeps the counts AP measures and evaluation rely on.',
    },
    {
      code: 'pupils',
      label: 'Pupil records',
      retainMonths: 300,
      from: 'the pupil’s date of birth',
      action: 'anonymise',
      allowedActions: ['anonymise', 'delete'],
      provisional: true,
      rationale:
        'Until the pupil is 25 (date of birth plus 25 years), as for SEN and pupil files in common LA practice; never while the pupil has an open case.',
    },
  ],
};

export const AP_RETENTION_DEFAULTS: readonly ApRetentionDefault[] = AP_RETENTION_DEFAULTS_LIST.entries;
export const AP_RETENTION_RECORD_TYPES = AP_RETENTION_DEFAULTS.map((d) => d.code);
export type ApRetentionRecordType = ApRetentionDefault['code'];
