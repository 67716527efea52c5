import { Injectable } from '@nestjs/common';
import { defineJob, defineSchedule, HandlesJob, JobContext, JobHandler } from '@rep-hub/platform';

/** Days an ended session, or a used or expired single-use link, is kept before it is deleted. */
export const IDENTITY_RETENTION_DAYS = 30;

/**
 * Nightly at 02:30 (UK time): delete sessions that ended (expired or revoked) more than 30 days
 * ago with their refresh tokens, and single-use links used or expired more than 30 days ago.
 * Web session rows (cookie state, no personal data) are deleted as soon as they expire.
 */
export const IDENTITY_RETENTION_JOB = defineJob('maintenance.identity_retention', 'maintenance', { attempts: 3 });
defineSchedule({ id: 'identity-retention-nightly', job: IDENTITY_RETENTION_JOB, everyMs: 24 * 3600 * 1000, pattern: '30 2 * * *' });

@Injectable()
@HandlesJob(IDENTITY_RETENTION_JOB)
export class IdentityRetentionHandler implements JobHandler {
  async handle(ctx: JobContext): Promise<void> {
    const cutoff = `now() - make_interval(days => ${IDENTITY_RETENTION_DAYS})`;
    await ctx.work(async (m) => {
      await m.query(
        `DELETE FROM refresh_tokens WHERE session_id IN (
           SELECT id FROM sessions WHERE coalesce(revoked_at, expires_at) < ${cutoff})`,
      );
      await m.query(`DELETE FROM sessions WHERE coalesce(revoked_at, expires_at) < ${cutoff}`);
      await m.query(`DELETE FROM user_tokens WHERE coalesce(used_at, expires_at) < ${cutoff}`);
      await m.query(`DELETE FROM web_sessions WHERE expires_at < now()`);
    });
  }
}
