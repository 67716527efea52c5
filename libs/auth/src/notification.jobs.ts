import { Injectable, Logger } from '@nestjs/common';
import {
  defineJob,
  defineSchedule,
  HandlesJob,
  humanDate,
  humanDateTime,
  JobContext,
  JobHandler,
  NotificationService,
  SERVICE_NAME,
} from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { SingleUseLinks } from './single-use-links';

type UserPayload = { userId: string };

/** Email a new user their invite: a fresh single-use link (7 days). Enqueued when an admin creates the user. */
export const INVITE_EMAIL_JOB = defineJob<UserPayload>('notifications.invite', 'notifications');

/** Email a user a password reset: a fresh single-use link (2 hours). */
export const PASSWORD_RESET_EMAIL_JOB = defineJob<UserPayload>('notifications.password_reset', 'notifications');

/** Daily at 08:00 (UK time): remind invited users whose invitation expires within a day. */
export const INVITE_REMINDER_JOB = defineJob('reminders.invite_expiring', 'reminders', { attempts: 3 });
defineSchedule({
  id: 'invite-reminders-daily',
  job: INVITE_REMINDER_JOB,
  everyMs: 24 * 3600 * 1000,
  pattern: '0 8 * * *',
});

/** The idempotency key of the reminder for one invite (one reminder per invite link). */
export const inviteReminderKey = (userTokenId: string) => `invite-reminder:${userTokenId}`;

const ROLE_DESCRIPTIONS: Record<string, string> = {
  platform_admin: 'Your account is for a REP Hub platform administrator.',
  national_board: 'Your account is for a member of the SEND and AP Implementation Board.',
};

interface UserRow {
  id: string;
  email: string;
  status: 'invited' | 'active' | 'disabled';
  platform_role: string | null;
}

/** Locks the user row, so two runs of one job for the same user go one after the other. */
async function lockUser(m: EntityManager, userId: string): Promise<UserRow | null> {
  const [row] = (await m.query(`SELECT id, email, status, platform_role FROM users WHERE id = $1 FOR UPDATE`, [
    userId,
  ])) as UserRow[];
  return row ?? null;
}

/**
 * A job that runs twice sends once: the notification's key is the job's idempotency key, and it is
 * looked up before a link is made (a second run would otherwise make a second, unsent link).
 * Everything happens in one unit of work, so a failed send leaves no link behind either.
 */
abstract class LinkEmailHandler implements JobHandler<UserPayload> {
  protected readonly logger = new Logger('Jobs');

  constructor(
    protected readonly links: SingleUseLinks,
    protected readonly notifications: NotificationService,
  ) {}

  protected abstract wanted(user: UserRow): boolean;
  protected abstract sendTo(user: UserRow, ctx: JobContext): Promise<void>;

  async handle(ctx: JobContext, payload: UserPayload): Promise<void> {
    const key = ctx.envelope.idempotencyKey;
    await ctx.work(async (m) => {
      if (await this.notifications.find(key)) return;
      const user = await lockUser(m, payload.userId);
      // after the lock: a concurrent run of this job may have sent it meanwhile
      if (!user || !this.wanted(user) || (await this.notifications.find(key))) {
        if (user && !this.wanted(user))
          this.logger.log(
            { job: ctx.envelope.name, outboxId: ctx.envelope.outboxId, userStatus: user.status },
            'Nothing to send',
          );
        return;
      }
      await this.sendTo(user, ctx);
    });
  }
}

@Injectable()
@HandlesJob(INVITE_EMAIL_JOB)
export class InviteEmailHandler extends LinkEmailHandler {
  constructor(links: SingleUseLinks, notifications: NotificationService) {
    super(links, notifications);
  }

  /** Only someone still invited: not once they have set a password, not when disabled. */
  protected wanted(user: UserRow): boolean {
    return user.status === 'invited';
  }

  protected async sendTo(user: UserRow, ctx: JobContext): Promise<void> {
    const link = await this.links.createInvite(user.id, ctx.envelope.actorId);
    const role = user.platform_role ? ROLE_DESCRIPTIONS[user.platform_role] : undefined;
    await this.notifications.send({
      template: 'invite',
      to: { userId: user.id, email: user.email },
      personalisation: {
        service_name: SERVICE_NAME,
        link: link.url,
        expires_on: humanDate(new Date(link.expiresAt)),
        ...(role ? { role_description: role } : {}),
      },
      idempotencyKey: ctx.envelope.idempotencyKey,
    });
  }
}

@Injectable()
@HandlesJob(PASSWORD_RESET_EMAIL_JOB)
export class PasswordResetEmailHandler extends LinkEmailHandler {
  constructor(links: SingleUseLinks, notifications: NotificationService) {
    super(links, notifications);
  }

  /** Never to a disabled account. */
  protected wanted(user: UserRow): boolean {
    return user.status !== 'disabled';
  }

  protected async sendTo(user: UserRow, ctx: JobContext): Promise<void> {
    const link = await this.links.createPasswordReset(user.id, ctx.envelope.actorId);
    await this.notifications.send({
      template: 'password_reset',
      to: { userId: user.id, email: user.email },
      personalisation: {
        service_name: SERVICE_NAME,
        link: link.url,
        expires_at: humanDateTime(new Date(link.expiresAt)),
      },
      idempotencyKey: ctx.envelope.idempotencyKey,
    });
  }
}

interface DueInvite {
  token_id: string;
  user_id: string;
  email: string;
  expires_at: Date;
  created_at: Date;
}

const REMINDER_BATCH = 200;

/**
 * Finds invited users whose newest unused invite expires within the next 24 hours and who have
 * not been reminded of that invite, and reminds each once (the key is the invite's id). The
 * reminder carries no link (links are stored only as hashes): it says to use the invite email by
 * when. Each reminder is its own unit of work; one that fails is retried with the job.
 */
@Injectable()
@HandlesJob(INVITE_REMINDER_JOB)
export class InviteReminderHandler implements JobHandler {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly notifications: NotificationService) {}

  async handle(ctx: JobContext): Promise<void> {
    let failed = 0;
    const tried = new Set<string>();
    for (;;) {
      const due = await ctx.work((m) => this.due(m, [...tried]));
      if (!due.length) break;
      for (const invite of due) {
        tried.add(invite.token_id);
        try {
          await ctx.work(() =>
            this.notifications.send({
              template: 'invite_reminder',
              to: { userId: invite.user_id, email: invite.email },
              personalisation: {
                service_name: SERVICE_NAME,
                expires_at: humanDateTime(invite.expires_at),
                invited_on: humanDate(invite.created_at),
              },
              idempotencyKey: inviteReminderKey(invite.token_id),
            }),
          );
        } catch (error) {
          failed += 1;
          this.logger.warn(
            { job: ctx.envelope.name, userTokenId: invite.token_id, err: error },
            'Invite reminder not sent',
          );
        }
      }
      if (due.length < REMINDER_BATCH) break;
    }
    if (failed) throw new Error(`${failed} invite reminders were not sent; the job will try again`);
  }

  private due(m: EntityManager, skip: string[]): Promise<DueInvite[]> {
    return m.query(
      `SELECT t.id AS token_id, t.user_id, u.email, t.expires_at, t.created_at
         FROM (SELECT DISTINCT ON (ut.user_id) ut.id, ut.user_id, ut.expires_at, ut.created_at
                 FROM user_tokens ut JOIN users iu ON iu.id = ut.user_id AND iu.status = 'invited'
                WHERE ut.purpose = 'invite' AND ut.used_at IS NULL
                ORDER BY ut.user_id, ut.created_at DESC, ut.id DESC) t
         JOIN users u ON u.id = t.user_id
        WHERE t.expires_at > now() AND t.expires_at <= now() + interval '24 hours'
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.idempotency_key = 'invite-reminder:' || t.id::text)
          AND NOT (t.id = ANY ($1::uuid[]))
        ORDER BY t.expires_at, t.id
        LIMIT ${REMINDER_BATCH}`,
      [skip],
    ) as Promise<DueInvite[]>;
  }
}
