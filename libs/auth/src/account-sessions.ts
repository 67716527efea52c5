import { Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { UnitOfWork } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import type { WebSessionIds } from './auth.service';
import { Principal } from './principal';

/** One of a user's sessions, for the account page. */
export interface SessionSummary {
  id: string;
  kind: 'api' | 'web';
  tenantName: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/** Ends a session; the row stays for the audit trail. */
export async function revokeSession(m: EntityManager, sessionId: string, reason: string): Promise<void> {
  await m.query(
    `UPDATE sessions SET revoked_at = now(), revoked_reason = $2, version = version + 1 WHERE id = $1 AND revoked_at IS NULL`,
    [sessionId, reason],
  );
}

/** A user's own sessions: the account page's list, "sign out everywhere" and the web app's idle timeout. */
@Injectable()
export class AccountSessions {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /** Ends every session of the user (web and API): "sign out everywhere". */
  async signOutEverywhere(principal: Principal): Promise<number> {
    return this.uow.forPlatform(principal.userId, async (m) => {
      const res = await m.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = 'signed_out_everywhere', version = version + 1
          WHERE user_id = $1 AND revoked_at IS NULL`,
        [principal.userId],
      );
      await this.audit.record({
        action: 'auth.sign_out_everywhere',
        subjectType: 'User',
        subjectIds: [principal.userId],
      });
      return Number(res?.[1] ?? 0);
    });
  }

  /** The user's live sessions, newest first. */
  listSessions(userId: string): Promise<SessionSummary[]> {
    return this.uow.forPlatform(userId, async (m) => {
      const rows = (await m.query(
        `SELECT s.id, s.kind, t.name AS tenant_name, s.created_at, s.last_seen_at, s.expires_at
           FROM sessions s LEFT JOIN tenants t ON t.id = s.tenant_id
          WHERE s.user_id = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          ORDER BY s.last_seen_at DESC, s.id LIMIT 50`,
        [userId],
      )) as {
        id: string;
        kind: 'api' | 'web';
        tenant_name: string | null;
        created_at: Date;
        last_seen_at: Date;
        expires_at: Date;
      }[];
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        tenantName: r.tenant_name,
        createdAt: r.created_at,
        lastSeenAt: r.last_seen_at,
        expiresAt: r.expires_at,
      }));
    });
  }

  /** Ends a session after the web app's idle timeout (the session row stays for the audit trail). */
  async endIdleSession(ids: WebSessionIds): Promise<void> {
    await this.uow.forPlatform(ids.userId, async (m) => {
      await revokeSession(m, ids.sessionId, 'idle_timeout');
      await this.audit.record({ action: 'auth.session_timeout', subjectType: 'Session', subjectIds: [ids.sessionId] });
    });
  }
}
