/** Test and learn: a test of a reform, the LAs and settings involved, and its dated results. */
export const TEST_STATUSES = ['planned', 'running', 'finished', 'stopped'] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

export const TEST_STATUS_LABELS: Record<TestStatus, string> = {
  planned: 'Planned',
  running: 'Running',
  finished: 'Finished',
  stopped: 'Stopped',
};

/** The moves a test's status may make (a finished or stopped test stays so). */
export const TEST_MOVES: Record<TestStatus, readonly TestStatus[]> = {
  planned: ['running', 'stopped'],
  running: ['finished', 'stopped'],
  finished: [],
  stopped: [],
};

export interface TestSummary {
  id: string;
  title: string;
  reformCode: string;
  reformName: string;
  status: TestStatus;
  startsOn: string;
  endsOn: string;
  las: { id: string; name: string }[];
  resultCount: number;
}

export interface TestResultView {
  id: string;
  recordedOn: string;
  summary: string;
  recordedBy: string | null;
  recordedByName: string | null;
  createdAt: string;
}

export interface TestDetail extends TestSummary {
  reformsVersion: string;
  hypothesis: string;
  comparisonGroup: string;
  settings: { id: string; name: string }[];
  indicatorCodes: string[];
  findings: string;
  lessons: string;
  risks: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Every result, newest first. */
  results: TestResultView[];
  canEdit: boolean;
  canAddResult: boolean;
}

export interface TestInput {
  title?: unknown;
  reformCode?: unknown;
  hypothesis?: unknown;
  laIds?: unknown;
  settingIds?: unknown;
  startsOn?: unknown;
  endsOn?: unknown;
  comparisonGroup?: unknown;
  indicatorCodes?: unknown;
  status?: unknown;
  findings?: unknown;
  lessons?: unknown;
  risks?: unknown;
}

export interface TestResultInput {
  recordedOn?: unknown;
  summary?: unknown;
}
