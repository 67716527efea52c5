import { Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { JobQueue, RateLimiter, UnitOfWork } from '@rep-hub/platform';
import { INVITE_EMAIL_JOB, PASSWORD_RESET_EMAIL_JOB } from './notification.jobs';

/** Self-service reset requests per email and address in an hour; beyond, the request does nothing (and still answers the same). */
export const RESET_REQUESTS_PER_EMAIL_AND_ADDRESS = 5;
/** Self-service reset requests per address in an hour, whatever the email. */
export const RESET_REQUESTS_PER_ADDRESS = 30;
/** Requests for one user within the same 10 minutes are one email. */
export const RESET_EMAIL_SLOT_MS = 10 * 60 * 1000;

/**
 * Enqueues the account emails (invite, password reset) in the caller's unit of work: the job
 * commits with the change that causes it, and the email goes after commit. Payloads are user ids;
 * the handlers make the single-use links (notification.jobs.ts).
 */
@Injectable()
export class AccountEmails {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly jobs: JobQueue,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  /** In the open unit of work: one invite email per user. */
  async enqueueInvite(userId: string): Promise<void> {
    await this.jobs.enqueue(INVITE_EMAIL_JOB, { userId }, { idempotencyKey: `invite:${userId}` });
  }

  /**
   * In the open unit of work: the invite again (a partnership lead or LA admin resending it, or a
   * new role for someone still invited), one per user per 10-minute slot. The job sends nothing once
   * the user has set a password.
   */
  async enqueueInviteAgain(userId: string, now = Date.now()): Promise<void> {
    await this.jobs.enqueue(
      INVITE_EMAIL_JOB,
      { userId },
      { idempotencyKey: `invite:${userId}:${Math.floor(now / RESET_EMAIL_SLOT_MS)}` },
    );
  }

  /** In the open unit of work: one reset email per user per 10-minute slot. */
  async enqueuePasswordReset(userId: string, now = Date.now()): Promise<void> {
    await this.jobs.enqueue(
      PASSWORD_RESET_EMAIL_JOB,
      { userId },
      { idempotencyKey: `password-reset:${userId}:${Math.floor(now / RESET_EMAIL_SLOT_MS)}` },
    );
  }

  /**
   * Self-service "forgotten password": emails a reset link when the address belongs to an active
   * user. The caller answers the same whatever happens here (unknown email, disabled account,
   * throttled), and the work is the same for a known and an unknown address (one lookup and one
   * audit row) except for the job row itself.
   */
  async requestPasswordReset(email: string, address: string): Promise<void> {
    const normalised = email.trim().toLowerCase();
    const [pair, perAddress] = await Promise.all([
      this.limiter.hit(
        RateLimiter.key('password-reset-request', normalised, address),
        RESET_REQUESTS_PER_EMAIL_AND_ADDRESS,
        3600,
      ),
      this.limiter.hit(RateLimiter.key('password-reset-request-address', address), RESET_REQUESTS_PER_ADDRESS, 3600),
    ]);
    if (!pair.allowed || !perAddress.allowed) return;
    await this.uow.forPlatform(null, async (m) => {
      const [user] = (await m.query(`SELECT id, status FROM users WHERE email = $1`, [normalised])) as {
        id: string;
        status: string;
      }[];
      const active = user?.status === 'active';
      if (active) await this.enqueuePasswordReset(user.id);
      await this.audit.record({
        action: 'auth.password_reset_requested',
        subjectType: 'User',
        subjectIds: active ? [user.id] : [],
      });
    });
  }
}
