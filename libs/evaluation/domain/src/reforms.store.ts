import type { EntityManager } from 'typeorm';
import type { ReformStatus } from './reference';
import type { ReformStatusChangeView } from './reforms.model';

export interface StatusRow {
  id: string;
  reform_code: string;
  la_id: string;
  reforms_version: string;
  status: ReformStatus;
  reason: string;
  changed_on: string;
  version: number;
}

const SELECT_STATUS = `SELECT id, reform_code, la_id, reforms_version, status, reason, to_char(changed_on, 'YYYY-MM-DD') AS changed_on, version
  FROM evaluation_reform_statuses`;

/** The reform register's SQL (tenant RLS applies to every statement). */
export const ReformsStore = {
  las(m: EntityManager, tenantId: string): Promise<{ id: string; name: string }[]> {
    return m.query(
      `SELECT id, name FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' ORDER BY name, id`,
      [tenantId],
    );
  },

  async la(m: EntityManager, tenantId: string, laId: string): Promise<{ id: string; name: string } | null> {
    const [la] = (await m.query(
      `SELECT id, name FROM organisations WHERE tenant_id = $1 AND id = $2 AND kind = 'local_authority'`,
      [tenantId, laId],
    )) as { id: string; name: string }[];
    return la ?? null;
  },

  statuses(m: EntityManager, tenantId: string): Promise<StatusRow[]> {
    return m.query(`${SELECT_STATUS} WHERE tenant_id = $1`, [tenantId]);
  },

  async status(
    m: EntityManager,
    tenantId: string,
    reformCode: string,
    laId: string,
    lock: boolean,
  ): Promise<StatusRow | null> {
    const [row] = (await m.query(
      `${SELECT_STATUS} WHERE tenant_id = $1 AND reform_code = $2 AND la_id = $3 ${lock ? 'FOR UPDATE' : ''}`,
      [tenantId, reformCode, laId],
    )) as StatusRow[];
    return row ?? null;
  },

  /** The new status's id, or null when another change recorded one first. */
  async insert(
    m: EntityManager,
    s: {
      tenantId: string;
      laId: string;
      reformCode: string;
      reformsVersion: string;
      status: string;
      reason: string;
      changedOn: string;
    },
  ): Promise<string | null> {
    const [row] = (await m.query(
      `INSERT INTO evaluation_reform_statuses (tenant_id, la_id, reform_code, reforms_version, status, reason, changed_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, la_id, reform_code) DO NOTHING RETURNING id`,
      [s.tenantId, s.laId, s.reformCode, s.reformsVersion, s.status, s.reason, s.changedOn],
    )) as { id: string }[];
    return row?.id ?? null;
  },

  update(
    m: EntityManager,
    tenantId: string,
    id: string,
    status: string,
    reason: string,
    changedOn: string,
    reformsVersion: string,
  ): Promise<unknown> {
    return m.query(
      `UPDATE evaluation_reform_statuses SET status = $3, reason = $4, changed_on = $5, reforms_version = $6,
              updated_at = now(), version = version + 1
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id, status, reason, changedOn, reformsVersion],
    );
  },

  logChange(
    m: EntityManager,
    c: {
      tenantId: string;
      statusId: string;
      from: string | null;
      to: string;
      reason: string;
      changedOn: string;
      by: string | null;
    },
  ): Promise<unknown> {
    return m.query(
      `INSERT INTO evaluation_reform_status_changes (tenant_id, reform_status_id, from_status, to_status, reason, changed_on, changed_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [c.tenantId, c.statusId, c.from, c.to, c.reason, c.changedOn, c.by],
    );
  },

  async changes(m: EntityManager, tenantId: string, statusId: string): Promise<ReformStatusChangeView[]> {
    const rows = (await m.query(
      `SELECT c.id, c.from_status, c.to_status, c.reason, to_char(c.changed_on, 'YYYY-MM-DD') AS changed_on,
              c.changed_by, u.display_name,
              to_char(c.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS changed_at
         FROM evaluation_reform_status_changes c LEFT JOIN users u ON u.id = c.changed_by
        WHERE c.tenant_id = $1 AND c.reform_status_id = $2
        ORDER BY c.changed_on DESC, c.changed_at DESC, c.id`,
      [tenantId, statusId],
    )) as {
      id: string;
      from_status: ReformStatus | null;
      to_status: ReformStatus;
      reason: string;
      changed_on: string;
      changed_by: string | null;
      display_name: string | null;
      changed_at: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      reason: r.reason,
      changedOn: r.changed_on,
      changedBy: r.changed_by,
      changedByName: r.display_name,
      changedAt: r.changed_at,
    }));
  },
};
