import { ForbiddenException, Injectable } from '@nestjs/common';
import { AuthContext } from '@rep-hub/auth';
import { problem, schoolToday } from '@rep-hub/platform';
import { ReceivedDecision } from './decisions.model';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The National Board's decisions that concern the partnership, as they reached it (delivered by
 * `national.deliver_decisions` into `board_decisions_received`): read by its lead in the
 * partnership's own unit of work, under RLS, so a partnership sees only what was sent to it.
 */
@Injectable()
export class BoardDecisionsReceivedService {
  constructor(private readonly auth: AuthContext) {}

  /** Open actions first (soonest due first), then the rest, newest meeting first. */
  async list(today = schoolToday()): Promise<ReceivedDecision[]> {
    this.require();
    const rows: Omit<ReceivedDecision, 'overdue'>[] = await this.auth.inTenant((m) =>
      m.query(
        `SELECT decision_id AS "decisionId", reference, meeting_title AS "meetingTitle",
                to_char(meeting_held_on, 'YYYY-MM-DD') AS "meetingHeldOn", text, kind, owner,
                to_char(due_on, 'YYYY-MM-DD') AS "dueOn", status,
                to_char(received_at AT TIME ZONE 'UTC', ${ISO}) AS "receivedAt",
                to_char(updated_at AT TIME ZONE 'UTC', ${ISO}) AS "updatedAt"
           FROM board_decisions_received WHERE tenant_id = $1
          ORDER BY (status = 'open') DESC NULLS LAST, CASE WHEN status = 'open' THEN due_on END, meeting_held_on DESC, reference`,
        [this.auth.tenantId],
      ),
    );
    return rows.map((r) => ({
      ...r,
      overdue: r.kind === 'action' && r.status === 'open' && r.dueOn !== null && r.dueOn < today,
    }));
  }

  /** How many of the board's actions for the partnership are open (for the lead's home task). */
  async openActions(): Promise<number> {
    this.require();
    const [{ n }] = await this.auth.inTenant((m) =>
      m.query(`SELECT count(*)::int AS n FROM board_decisions_received WHERE tenant_id = $1 AND status = 'open'`, [
        this.auth.tenantId,
      ]),
    );
    return n;
  }

  private require(): void {
    if (!this.auth.ability.can('read', 'BoardDecisionReceived'))
      throw new ForbiddenException(problem(403, 'Only the partnership’s lead reads the National Board’s decisions.'));
  }
}
