import { AuthContext } from '@rep-hub/auth';
import { EntityManager } from 'typeorm';

/**
 * Small pieces the placement-oversight services (reviews, reintegration follow-ups) share: the
 * case's columns their CASL conditions name, date arithmetic, and the case timeline entry each of
 * their writes adds.
 */

/** The columns of `ap_cases` the oversight subjects' conditions use (ApReview, ApFollowUp). */

/** `d` (YYYY-MM-DD) plus `n` days. */
export const plusDays = (d: string, n: number): string => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/** The case row an oversight write needs: its walls' columns and status. */
export interface OversightCase {
  id: string;
  la_id: string;
  setting_id: string | null;
  provider_id: string | null;
  status: string;
  pupil_id: string;
}

/**
 * One line of the case's timeline, in the caller's transaction. An oversight entry does not move
 * the case: from and to are its current status.
 */
export async function oversightEvent(
  m: EntityManager,
  auth: AuthContext,
  e: {
    caseId: string;
    laId: string;
    status: string;
    action: string;
    note: string | null;
    details: Record<string, unknown>;
  },
): Promise<void> {
  const p = auth.principal;
  const role =
    p.memberships.find(
      (x) =>
        (x.role === 'la_officer' && x.localAuthorityId === e.laId) ||
        x.role === 'setting_staff' ||
        x.role === 'ap_provider_staff',
    )?.role ??
    p.memberships[0]?.role ??
    null;
  await m.query(
    `INSERT INTO ap_case_events (tenant_id, case_id, la_id, actor_id, actor_role, action, from_status, to_status, note, details) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9::jsonb)`,
    [auth.tenantId, e.caseId, e.laId, p.userId, role, e.action, e.status, e.note, JSON.stringify(e.details)],
  );
}
