import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import {
  APP_CONFIG,
  AppConfig,
  hashPassword,
  problem,
  RateLimiter,
  UnitOfWork,
  verifyPassword,
} from '@rep-hub/platform';
import { RoleRegistry } from '@rep-hub/tenancy';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { InvalidTokenException, SignInFailedException, TooManyAttemptsException } from './auth.errors';
import {
  deriveKey,
  generateTotpSecret,
  hashToken,
  randomToken,
  signJwt,
  totpUri,
  verifyJwt,
  verifyTotp,
} from './crypto';
import { RefreshToken, Session } from './entities';
import { revokeSession } from './account-sessions';
import { Principal } from './principal';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const SESSION_HOURS = 12;
/** Wrong passwords per account and address in a minute before 429 (per address, any account: SIGN_INS_PER_ADDRESS_PER_MINUTE). */
export const LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS = 5;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  tenantId: string | null;
}

export interface SignInResult extends TokenPair {
  tenants: { id: string; name: string }[];
}

/** The answer to a right password when the user must also give a TOTP code. */
export interface MfaChallenge {
  mfaRequired: true;
  /** false: set up an authenticator first (POST /auth/mfa/setup), then verify a code. */
  mfaEnrolled: boolean;
  /** Short-lived (5 minutes); proves the password step. */
  mfaToken: string;
  tenants: { id: string; name: string }[];
}

export const MFA_TOKEN_SECONDS = 5 * 60;
export const MFA_ATTEMPTS_PER_MINUTE = 5;

/** What an access token carries: ids only. */
export interface AccessClaims {
  sub: string;
  sid: string;
  tid: string | null;
}

/** A web session's ids, kept in the server-side web session (never a token). */
export interface WebSessionIds {
  userId: string;
  sessionId: string;
  tenantId: string | null;
}

/** How a completed sign-in is handed out: bearer tokens (API) or a web session's ids. */
export type SessionIssuer<T> = (
  m: EntityManager,
  userId: string,
  tenantId: string | null,
  mfaVerifiedAt: Date | null,
) => Promise<T>;

/**
 * Sign-in, the TOTP step, tokens and switching partnership (who a request speaks for is
 * PrincipalResolver's; a user's own sessions AccountSessions'; invites and resets SingleUseLinks').
 * Credentials are read only through the
 * auth_credentials() function; refresh tokens are opaque, hashed, rotated, with reuse detection
 * (a reused token revokes its session); access tokens last 15 minutes and carry ids only, and the
 * session behind them is checked on every request.
 */
@Injectable()
export class AuthService {
  private readonly accessKey: Buffer;
  private readonly mfaKey: Buffer;
  private dummyHash?: Promise<string>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly roles: RoleRegistry,
  ) {
    this.accessKey = deriveKey(config.appSecret, 'access-token');
    this.mfaKey = deriveKey(config.appSecret, 'mfa-challenge');
  }

  /** Bearer tokens for API clients (a session of kind `api` with a rotating refresh token). */
  readonly bearer: SessionIssuer<TokenPair> = (m, userId, tenantId, mfaVerifiedAt) =>
    this.openSession(m, userId, tenantId, mfaVerifiedAt);

  /** A session of kind `web` for the web app: no tokens, its ids live in the server-side web session. */
  readonly webSession: SessionIssuer<WebSessionIds> = async (m, userId, tenantId, mfaVerifiedAt) => {
    const session = m.create(Session, {
      id: randomUUID(),
      userId,
      tenantId,
      kind: 'web',
      expiresAt: new Date(Date.now() + SESSION_HOURS * 3600 * 1000),
      lastSeenAt: new Date(),
      mfaVerifiedAt,
    });
    await m.insert(Session, session);
    return { userId, sessionId: session.id, tenantId };
  };

  signIn(
    input: { email: string; password: string; tenantId?: string },
    address: string,
  ): Promise<SignInResult | MfaChallenge>;
  signIn<T>(
    input: { email: string; password: string; tenantId?: string },
    address: string,
    issue: SessionIssuer<T>,
  ): Promise<(T & { tenants: { id: string; name: string }[] }) | MfaChallenge>;
  async signIn<T>(
    input: { email: string; password: string; tenantId?: string },
    address: string,
    issue: SessionIssuer<T> = this.bearer as unknown as SessionIssuer<T>,
  ): Promise<(T & { tenants: { id: string; name: string }[] }) | MfaChallenge> {
    const email = input.email.trim().toLowerCase();
    const pairKey = RateLimiter.key('sign-in', email, address);
    const [pair, perAddress] = await Promise.all([
      this.limiter.hit(pairKey, LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS, 60),
      this.limiter.hit(RateLimiter.key('sign-in-address', address), this.config.signInsPerAddressPerMinute, 60),
    ]);
    if (!pair.allowed || !perAddress.allowed) {
      throw new TooManyAttemptsException(
        Math.max(pair.allowed ? 0 : pair.retryAfterSeconds, perAddress.allowed ? 0 : perAddress.retryAfterSeconds),
      );
    }
    const [cred] = (await this.uow.forPlatform(null, (m) =>
      m.query(`SELECT * FROM auth_credentials($1)`, [email]),
    )) as {
      user_id: string;
      password_hash: string | null;
      status: string;
      mfa_secret: string | null;
    }[];
    // the same work for an unknown email as for a wrong password: one argon2 verification
    const passwordOk = await verifyPassword(cred?.password_hash ?? (await this.dummy()), input.password);
    if (!cred || !passwordOk || cred.status !== 'active') {
      await this.uow.forPlatform(null, () =>
        this.audit.record({
          action: 'auth.sign_in_failed',
          subjectType: 'User',
          subjectIds: cred ? [cred.user_id] : [],
        }),
      );
      throw new SignInFailedException();
    }
    await this.limiter.reset(pairKey);
    const tenants = await this.tenantsOf(cred.user_id);
    let tenantId: string | null = tenants.length === 1 ? tenants[0].id : null;
    if (input.tenantId !== undefined) {
      if (!tenants.some((t) => t.id === input.tenantId))
        throw new ForbiddenException(problem(403, 'You are not a member of that partnership.'));
      tenantId = input.tenantId;
    }
    const mfa = await this.mfaState(cred.user_id);
    if (mfa.required || mfa.enrolled) {
      const mfaToken = signJwt({ sub: cred.user_id, tid: tenantId, purpose: 'mfa' }, this.mfaKey, {
        expiresInSeconds: MFA_TOKEN_SECONDS,
      });
      return { mfaRequired: true, mfaEnrolled: mfa.enrolled, mfaToken, tenants };
    }
    const pairOut = await this.uow.forPlatform(cred.user_id, async (m) => {
      const tokens = await issue(m, cred.user_id, tenantId, null);
      await this.audit.record({ action: 'auth.sign_in', subjectType: 'User', subjectIds: [cred.user_id] });
      return tokens;
    });
    return { ...pairOut, tenants };
  }

  /** First TOTP set-up after the password step: a new secret for the user's authenticator app. */
  async mfaSetup(mfaToken: string): Promise<{ secret: string; otpauthUri: string }> {
    const claims = this.mfaClaims(mfaToken);
    return this.uow.forPlatform(claims.sub, async (m) => {
      const [user] = (await m.query(`SELECT email, mfa_enabled_at FROM users WHERE id = $1`, [claims.sub])) as {
        email: string;
        mfa_enabled_at: Date | null;
      }[];
      if (!user) throw new InvalidTokenException();
      if (user.mfa_enabled_at)
        throw new ConflictException(
          problem(409, 'An authenticator is already set up. Enter a code from it, or ask an admin to reset it.'),
        );
      const secret = generateTotpSecret();
      await m.query(
        `UPDATE users SET mfa_secret = $2, mfa_last_step = NULL, updated_at = now(), version = version + 1 WHERE id = $1`,
        [claims.sub, secret],
      );
      return { secret, otpauthUri: totpUri(secret, user.email) };
    });
  }

  /** The TOTP step: a right code (never one already used) completes sign-in, and set-up when new. */
  mfaVerify(mfaToken: string, code: string): Promise<SignInResult>;
  mfaVerify<T>(
    mfaToken: string,
    code: string,
    issue: SessionIssuer<T>,
  ): Promise<T & { tenants: { id: string; name: string }[] }>;
  async mfaVerify<T>(
    mfaToken: string,
    code: string,
    issue: SessionIssuer<T> = this.bearer as unknown as SessionIssuer<T>,
  ): Promise<T & { tenants: { id: string; name: string }[] }> {
    const claims = this.mfaClaims(mfaToken);
    const limit = await this.limiter.hit(RateLimiter.key('mfa', claims.sub), MFA_ATTEMPTS_PER_MINUTE, 60);
    if (!limit.allowed) throw new TooManyAttemptsException(limit.retryAfterSeconds);
    const outcome = await this.uow.forPlatform(claims.sub, async (m) => {
      // lock the user row: two requests with the same code cannot both pass
      await m.query(`SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, [claims.sub]);
      const [sec] = (await m.query(`SELECT * FROM auth_user_secrets($1)`, [claims.sub])) as {
        mfa_secret: string | null;
        mfa_last_step: string | null;
      }[];
      if (!sec?.mfa_secret) return null;
      const result = verifyTotp(sec.mfa_secret, code, {
        lastUsedStep: sec.mfa_last_step === null ? null : Number(sec.mfa_last_step),
      });
      if (!result.ok) {
        await this.audit.record({ action: 'auth.mfa_failed', subjectType: 'User', subjectIds: [claims.sub] });
        return null;
      }
      await m.query(
        `UPDATE users SET mfa_last_step = $2, mfa_enabled_at = coalesce(mfa_enabled_at, now()), updated_at = now(), version = version + 1 WHERE id = $1`,
        [claims.sub, result.step],
      );
      const tokens = await issue(m, claims.sub, claims.tid, new Date());
      await this.audit.record({
        action: 'auth.sign_in',
        subjectType: 'User',
        subjectIds: [claims.sub],
        details: { mfa: true },
      });
      return tokens;
    });
    if (!outcome)
      throw new InvalidTokenException(
        'The code is not right, or was already used. Enter the current code from your authenticator app.',
      );
    await this.limiter.reset(RateLimiter.key('mfa', claims.sub));
    return { ...outcome, tenants: await this.tenantsOf(claims.sub) };
  }

  /** Admin: forget a user's authenticator, so they set one up again at next sign-in. */
  resetMfa(userId: string, actorId: string): Promise<void> {
    return this.uow.joinPlatform(actorId, async (m) => {
      await m.query(
        `UPDATE users SET mfa_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL, updated_at = now(), version = version + 1 WHERE id = $1`,
        [userId],
      );
      await m.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = 'mfa_reset' WHERE user_id = $1 AND revoked_at IS NULL`,
        [userId],
      );
      await this.audit.record({ action: 'auth.mfa_reset', subjectType: 'User', subjectIds: [userId] });
    });
  }

  /** Rotates a refresh token. A token used twice revokes its whole session (reuse detection). */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const hash = hashToken(refreshToken);
    const outcome = await this.uow.forPlatform(null, async (m) => {
      const [row] = (await m.query(
        `SELECT rt.id, rt.used_at, rt.expires_at, s.id AS session_id, s.user_id, s.tenant_id, s.revoked_at, s.expires_at AS session_expires_at
           FROM refresh_tokens rt JOIN sessions s ON s.id = rt.session_id
          WHERE rt.token_hash = $1 FOR UPDATE OF rt, s`,
        [hash],
      )) as {
        id: string;
        used_at: Date | null;
        expires_at: Date;
        session_id: string;
        user_id: string;
        tenant_id: string | null;
        revoked_at: Date | null;
        session_expires_at: Date;
      }[];
      if (!row) return { kind: 'invalid' as const };
      if (row.used_at !== null) {
        if (row.revoked_at === null) {
          await revokeSession(m, row.session_id, 'refresh_token_reuse');
          await this.audit.record({
            action: 'auth.refresh_token_reused',
            subjectType: 'Session',
            subjectIds: [row.session_id],
          });
        }
        return { kind: 'reused' as const };
      }
      const now = new Date();
      if (row.revoked_at !== null || row.expires_at <= now || row.session_expires_at <= now)
        return { kind: 'invalid' as const };
      await m.update(RefreshToken, { id: row.id }, { usedAt: now });
      const refresh = await this.issueRefreshToken(m, row.session_id, row.session_expires_at);
      return {
        kind: 'ok' as const,
        tokens: this.pair({ sub: row.user_id, sid: row.session_id, tid: row.tenant_id }, refresh),
      };
    });
    if (outcome.kind !== 'ok')
      throw new InvalidTokenException(
        outcome.kind === 'reused' ? 'This sign-in has ended for safety. Sign in again.' : 'Sign in again.',
      );
    return outcome.tokens;
  }

  async signOut(principal: Principal): Promise<void> {
    await this.uow.forPlatform(principal.userId, async (m) => {
      await revokeSession(m, principal.sessionId, 'signed_out');
      await this.audit.record({ action: 'auth.sign_out', subjectType: 'Session', subjectIds: [principal.sessionId] });
    });
  }

  /** The partnerships a user may choose between. */
  partnershipsOf(userId: string): Promise<{ id: string; name: string }[]> {
    return this.tenantsOf(userId);
  }

  /** Switching partnership opens a new session for it and ends the old one. */
  switchTenant(principal: Principal, tenantId: string): Promise<TokenPair>;
  switchTenant<T>(principal: Principal, tenantId: string, issue: SessionIssuer<T>): Promise<T>;
  async switchTenant<T>(
    principal: Principal,
    tenantId: string,
    issue: SessionIssuer<T> = this.bearer as unknown as SessionIssuer<T>,
  ): Promise<T> {
    const tenants = await this.tenantsOf(principal.userId);
    if (!tenants.some((t) => t.id === tenantId))
      throw new ForbiddenException(problem(403, 'You are not a member of that partnership.'));
    return this.uow.forPlatform(principal.userId, async (m) => {
      const [old] = (await m.query(`SELECT mfa_verified_at FROM sessions WHERE id = $1`, [principal.sessionId])) as {
        mfa_verified_at: Date | null;
      }[];
      await revokeSession(m, principal.sessionId, 'tenant_switch');
      const tokens = await issue(m, principal.userId, tenantId, old?.mfa_verified_at ?? null);
      await this.audit.record({ action: 'auth.switch_tenant', subjectType: 'Tenant', subjectIds: [tenantId] });
      return tokens;
    });
  }

  // ---- internals ----

  private async tenantsOf(userId: string): Promise<{ id: string; name: string }[]> {
    return this.uow.forPlatform(userId, (m) =>
      m.query(
        `SELECT DISTINCT t.id, t.name FROM memberships ms JOIN tenants t ON t.id = ms.tenant_id
          WHERE ms.user_id = $1 AND ms.status = 'active' AND t.status = 'active' ORDER BY t.name`,
        [userId],
      ),
    );
  }

  /** Whether the user must give a TOTP code: any role that can open a named child (RoleRegistry.needsTotp), or enrolled already. */
  private mfaState(userId: string): Promise<{ required: boolean; enrolled: boolean }> {
    return this.uow.forPlatform(userId, async (m) => {
      const roles = (await m.query(`SELECT DISTINCT role FROM memberships WHERE user_id = $1 AND status = 'active'`, [
        userId,
      ])) as { role: string }[];
      const [user] = (await m.query(`SELECT mfa_enabled_at FROM users WHERE id = $1`, [userId])) as {
        mfa_enabled_at: Date | null;
      }[];
      return {
        required: this.config.mfaRequired && roles.some((r) => this.roles.needsTotp(r.role)),
        enrolled: Boolean(user?.mfa_enabled_at),
      };
    });
  }

  private mfaClaims(mfaToken: string): { sub: string; tid: string | null } {
    const c = verifyJwt(mfaToken, this.mfaKey) as { sub?: unknown; tid?: unknown; purpose?: unknown } | null;
    if (!c || c.purpose !== 'mfa' || typeof c.sub !== 'string')
      throw new InvalidTokenException('The sign-in step has expired. Sign in again.');
    return { sub: c.sub, tid: typeof c.tid === 'string' ? c.tid : null };
  }

  private async openSession(
    m: EntityManager,
    userId: string,
    tenantId: string | null,
    mfaVerifiedAt: Date | null,
  ): Promise<TokenPair> {
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600 * 1000);
    const session = m.create(Session, {
      id: randomUUID(),
      userId,
      tenantId,
      kind: 'api',
      expiresAt,
      lastSeenAt: new Date(),
      mfaVerifiedAt,
    });
    await m.insert(Session, session);
    const refresh = await this.issueRefreshToken(m, session.id, expiresAt);
    return this.pair({ sub: userId, sid: session.id, tid: tenantId }, refresh);
  }

  private async issueRefreshToken(m: EntityManager, sessionId: string, expiresAt: Date): Promise<string> {
    const token = randomToken();
    await m.insert(RefreshToken, { id: randomUUID(), sessionId, tokenHash: hashToken(token), expiresAt });
    return token;
  }

  private pair(claims: AccessClaims, refreshToken: string): TokenPair {
    return {
      accessToken: signJwt({ ...claims }, this.accessKey, { expiresInSeconds: ACCESS_TOKEN_SECONDS }),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: ACCESS_TOKEN_SECONDS,
      tenantId: claims.tid,
    };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomToken());
    return this.dummyHash;
  }
}
