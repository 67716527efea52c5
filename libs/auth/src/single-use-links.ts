import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { APP_CONFIG, AppConfig, hashPassword, InvalidFieldsException, UnitOfWork } from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import { InvalidLinkException } from './auth.errors';
import { checkNewPassword, hashToken, randomToken } from './crypto';
import { UserToken } from './entities';

export const INVITE_DAYS = 7;
export const RESET_HOURS = 2;

export interface SingleUseLink {
  url: string;
  token: string;
  expiresAt: string;
}

/**
 * Single-use links: invites (7 days) and password resets (2 hours). Only a hash of the token is
 * kept; a link works once, and using one ends the user's other links for the same purpose.
 */
@Injectable()
export class SingleUseLinks {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A single-use invite link for a new user (returned to the admin; the invite job emails another). */
  createInvite(userId: string, actorId: string | null): Promise<SingleUseLink> {
    return this.createLink(userId, 'invite', INVITE_DAYS * 24 * 3600, actorId, 'invites');
  }

  createPasswordReset(userId: string, actorId: string | null): Promise<SingleUseLink> {
    return this.createLink(userId, 'password_reset', RESET_HOURS * 3600, actorId, 'password-reset');
  }

  /** Accepts an invite: sets the password and activates the user. Single use. */
  acceptInvite(token: string, password: string): Promise<{ userId: string }> {
    return this.useLink(token, 'invite', password);
  }

  /** Completes a reset: sets the password and ends every session of the user. Single use. */
  completePasswordReset(token: string, password: string): Promise<{ userId: string }> {
    return this.useLink(token, 'password_reset', password);
  }

  // ---- internals ----

  private async createLink(
    userId: string,
    purpose: UserToken['purpose'],
    seconds: number,
    actorId: string | null,
    path: string,
  ): Promise<SingleUseLink> {
    const token = randomToken();
    const expiresAt = new Date(Date.now() + seconds * 1000);
    await this.uow.joinPlatform(actorId, async (m) => {
      await m.insert(UserToken, {
        id: randomUUID(),
        userId,
        purpose,
        tokenHash: hashToken(token),
        createdBy: actorId,
        expiresAt,
      });
      await this.audit.record({ action: `auth.${purpose}_created`, subjectType: 'User', subjectIds: [userId] });
    });
    return { url: `${this.config.publicUrl}/${path}/${token}`, token, expiresAt: expiresAt.toISOString() };
  }

  private async useLink(token: string, purpose: UserToken['purpose'], password: string): Promise<{ userId: string }> {
    const hash = hashToken(token);
    const found = await this.uow.forPlatform(null, async (m) => {
      const [row] = (await m.query(
        // an invite works only while the user is still invited: once they have a password (from
        // another invite link, say, or a reset) no invite link can set a new one
        `SELECT ut.id, ut.user_id, u.email, u.display_name FROM user_tokens ut JOIN users u ON u.id = ut.user_id
          WHERE ut.token_hash = $1 AND ut.purpose = $2 AND ut.used_at IS NULL AND ut.expires_at > now()
            AND (ut.purpose <> 'invite' OR u.status = 'invited')`,
        [hash, purpose],
      )) as { id: string; user_id: string; email: string; display_name: string }[];
      return row ?? null;
    });
    if (!found) throw new InvalidLinkException();
    const policy = checkNewPassword(password, { email: found.email, displayName: found.display_name });
    if (!policy.ok) throw new InvalidFieldsException([{ field: 'password', message: policy.reason }]);
    const passwordHash = await hashPassword(password);
    const used = await this.uow.forPlatform(found.user_id, async (m) => {
      // single use even under a race: only one UPDATE can flip used_at
      const res = await m.query(`UPDATE user_tokens SET used_at = now() WHERE id = $1 AND used_at IS NULL`, [found.id]);
      if (Number(res?.[1] ?? 0) !== 1) return false;
      // the user's other links for the same purpose (the invite the admin was shown and the one
      // emailed, or an earlier reset email) stop working with this one
      await m.query(`UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [
        found.user_id,
        purpose,
      ]);
      await m.query(
        `UPDATE users SET password_hash = $2, status = CASE WHEN status = 'disabled' THEN status ELSE 'active' END,
                updated_at = now(), version = version + 1 WHERE id = $1`,
        [found.user_id, passwordHash],
      );
      if (purpose === 'password_reset') {
        await m.query(
          `UPDATE sessions SET revoked_at = now(), revoked_reason = 'password_reset' WHERE user_id = $1 AND revoked_at IS NULL`,
          [found.user_id],
        );
      }
      await this.audit.record({ action: `auth.${purpose}_used`, subjectType: 'User', subjectIds: [found.user_id] });
      return true;
    });
    if (!used) throw new InvalidLinkException();
    return { userId: found.user_id };
  }
}
