import type { ReformStatus } from './reference';

/** One reform in one LA: its current status (null when none is recorded) and who may change it. */
export interface ReformCell {
  reformCode: string;
  laId: string;
  laName: string;
  status: ReformStatus | null;
  reason: string;
  changedOn: string | null;
  /** The list version the status was set under (null when none is recorded). */
  reformsVersion: string | null;
  /** 0 while nothing is recorded; send it back with a change (409 when stale). */
  version: number;
  canChange: boolean;
}

/** The register: every reform of the current list × every LA of the partnership. */
export interface ReformRegister {
  reformsVersion: string;
  las: { id: string; name: string }[];
  reforms: { code: string; name: string; description: string; cells: ReformCell[] }[];
}

export interface ReformStatusChangeView {
  id: string;
  fromStatus: ReformStatus | null;
  toStatus: ReformStatus;
  reason: string;
  changedOn: string;
  changedBy: string | null;
  changedByName: string | null;
  changedAt: string;
}

/** One reform in one LA with every change, newest first. */
export interface ReformCellDetail extends ReformCell {
  reformName: string;
  changes: ReformStatusChangeView[];
}

export interface ReformStatusInput {
  status?: unknown;
  reason?: unknown;
  changedOn?: unknown;
  version?: unknown;
}

export const REFORM_STATUS_LABELS: Record<ReformStatus, string> = {
  planned: 'Planned',
  active: 'Active',
  paused: 'Paused',
  stopped: 'Stopped',
};
