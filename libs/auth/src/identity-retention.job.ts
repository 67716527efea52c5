import { Injectable } from '@nestjs/common';
import { ContributesRetention, RetentionContributor, RetentionCount, UnitOfWork } from '@rep-hub/platform';

/** Days an ended session, or a used or expired single-use link, is kept before it is deleted. */
export const IDENTITY_RETENTION_DAYS = 30;

/** The rows of a DELETE … RETURNING (TypeORM answers `[rows, count]` for one on PostgreSQL). */
const deleted = (result: unknown): number =>
  Array.isArray(result) && typeof result[1] === 'number' ? result[1] : Array.isArray(result) ? result.length : 0;

/**
 * The core's retention, run by the nightly retention job (libs/platform's RetentionRegistry):
 * delete sessions that ended (expired or revoked) more than 30 days ago with their refresh
 * tokens, and single-use links used or expired more than 30 days ago. Web session rows (cookie
 * state, no personal data) are deleted as soon as they expire. Platform tables: no partnership.
 */
@Injectable()
@ContributesRetention()
export class IdentityRetention implements RetentionContributor {
  readonly module = 'the core';

  constructor(private readonly uow: UnitOfWork) {}

  purgePlatform(): Promise<RetentionCount[]> {
    const cutoff = `now() - make_interval(days => ${IDENTITY_RETENTION_DAYS})`;
    return this.uow.forPlatform(null, async (m) => {
      const tokens = await m.query(
        `DELETE FROM refresh_tokens WHERE session_id IN (
           SELECT id FROM sessions WHERE coalesce(revoked_at, expires_at) < ${cutoff}) RETURNING 1`,
      );
      const sessions = await m.query(
        `DELETE FROM sessions WHERE coalesce(revoked_at, expires_at) < ${cutoff} RETURNING 1`,
      );
      const links = await m.query(
        `DELETE FROM user_tokens WHERE coalesce(used_at, expires_at) < ${cutoff} RETURNING 1`,
      );
      const web = await m.query(`DELETE FROM web_sessions WHERE expires_at < now() RETURNING 1`);
      return [
        { what: 'refresh tokens deleted', count: deleted(tokens) },
        { what: 'ended sessions deleted', count: deleted(sessions) },
        { what: 'single-use links deleted', count: deleted(links) },
        { what: 'expired web sessions deleted', count: deleted(web) },
      ];
    });
  }
}
