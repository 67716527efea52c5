import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, UnitOfWork } from '@rep-hub/platform';
import { RoleRegistry, User } from '@rep-hub/tenancy';
import { deriveKey, verifyJwt } from './crypto';
import { Session } from './entities';
import { PrincipalExtensions } from './principal-extensions';
import { Principal, PrincipalMembership } from './principal';
import type { AccessClaims, WebSessionIds } from './auth.service';

/** What `principal_context()` (a database function, see its migration) answers: timestamps as JSON text. */
interface PrincipalRow {
  id: string;
  kind: string;
  tenant_id: string | null;
  revoked_at: string | null;
  expires_at: string;
  last_seen_at: string;
  mfa_verified_at: string | null;
  user_status: string;
  platform_role: string | null;
  memberships: {
    id: string;
    role: string;
    organisation_id: string;
    kind: string | null;
    local_authority_id: string | null;
  }[];
  shared_la_ids: string[];
  extensions: Record<string, unknown> | null;
}

/**
 * Who a request speaks for: a bearer token or a web session's ids, checked against the session,
 * the user and the memberships now, on every request (the guard's one call).
 */
@Injectable()
export class PrincipalResolver {
  private readonly accessKey: Buffer;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly extensions: PrincipalExtensions,
    private readonly roles: RoleRegistry,
  ) {
    this.accessKey = deriveKey(config.appSecret, 'access-token');
  }

  /** Who a bearer token speaks for, checked against the session, user and memberships now. */
  async resolve(accessToken: string): Promise<Principal | null> {
    const claims = verifyJwt(accessToken, this.accessKey) as Partial<AccessClaims> | null;
    if (!claims || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return null;
    const tid = typeof claims.tid === 'string' ? claims.tid : null;
    return this.resolveSession({ userId: claims.sub, sessionId: claims.sid, tenantId: tid }, 'api');
  }

  /**
   * Who a session speaks for, checked now: the session is live and of this kind, the user active,
   * the memberships current. Marks the session seen (at most once a minute).
   */
  async resolveSession(ids: WebSessionIds, kind: 'api' | 'web'): Promise<Principal | null> {
    if (!ids.tenantId) return this.resolvePlatformSession(ids, kind);
    const tid = ids.tenantId;
    // every request resolves its principal: one statement, which sets its tenant for itself and
    // marks the session seen (at most once a minute), since each round trip to the database costs
    // the API more than the query does (npm run bench:ap)
    const [{ p: r }] = await this.uow.statement<{ p: PrincipalRow | null }>(
      `SELECT principal_context($1, $2, $3) AS p`,
      [ids.sessionId, ids.userId, tid],
    );
    const row =
      r &&
      r.kind === kind &&
      !r.revoked_at &&
      Date.parse(r.expires_at) > Date.now() &&
      r.tenant_id === tid &&
      r.user_status === 'active'
        ? r
        : null;
    if (!row || row.memberships.length === 0) return null;
    // a role that can open a named child (the RoleRegistry says which) needs a session that passed the TOTP step
    if (this.config.mfaRequired && !row.mfa_verified_at && row.memberships.some((x) => this.roles.needsTotp(x.role)))
      return null;
    const memberships = row.memberships.map((x): PrincipalMembership => ({
      id: x.id,
      role: x.role,
      organisationId: x.organisation_id,
      organisationKind: x.kind ?? 'unknown',
      localAuthorityId: x.kind === 'local_authority' ? x.organisation_id : (x.local_authority_id ?? null),
    }));
    const own = [...new Set(memberships.map((x) => x.localAuthorityId).filter((x): x is string => !!x))];
    // a module may widen the LAs whose pupil rows the principal sees (wall 2) through its part of
    // the principal; what the principal may open in them is wall 3's, the module's own rules
    const extensions = row.extensions ?? {};
    const moduleLas = this.extensions.all().flatMap((e) => e.laIds(extensions[e.module]));
    return {
      userId: ids.userId,
      sessionId: row.id,
      tenantId: tid,
      platformRole: row.platform_role as Principal['platformRole'],
      memberships,
      laIds: [...new Set([...own, ...row.shared_la_ids, ...moduleLas])].sort(),
      extensions,
    };
  }

  /** A session with no partnership (the platform admin's): the session, user and that no tenant is involved. */
  private async resolvePlatformSession(ids: WebSessionIds, kind: 'api' | 'web'): Promise<Principal | null> {
    const base = await this.uow.forPlatform(ids.userId, async (m) => {
      const session = await m.findOne(Session, { where: { id: ids.sessionId } });
      if (
        !session ||
        session.userId !== ids.userId ||
        session.kind !== kind ||
        session.revokedAt ||
        session.expiresAt <= new Date()
      )
        return null;
      if (session.tenantId !== null) return null;
      if (Date.now() - session.lastSeenAt.getTime() > 60_000) {
        await m.query(`UPDATE sessions SET last_seen_at = now() WHERE id = $1`, [session.id]);
      }
      const user = await m.findOne(User, { where: { id: ids.userId } });
      if (!user || user.status !== 'active') return null;
      return { session, user };
    });
    if (!base) return null;
    return {
      userId: base.user.id,
      sessionId: base.session.id,
      tenantId: null,
      platformRole: base.user.platformRole,
      memberships: [],
      laIds: [],
      extensions: {},
    };
  }
}
