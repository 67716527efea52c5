import { UnitOfWork } from '@rep-hub/platform';
import session from 'express-session';

/** A web session row lives this long after it was last written; idle and absolute limits are enforced above it. */
export const WEB_SESSION_ROW_HOURS = 12;

type Callback<T = void> = (err?: unknown, value?: T) => void;

/**
 * express-session's store on the `web_sessions` platform table, through the same unit of work as
 * everything else (so it runs on PostgreSQL and on the embedded PGlite alike). Rows hold ids, the
 * CSRF token and short-lived form state, never a token or a password.
 */
export class PgSessionStore extends session.Store {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    this.uow
      .forPlatform(null, (m) => m.query(`SELECT data FROM web_sessions WHERE sid = $1 AND expires_at > now()`, [sid]))
      .then((rows: { data: session.SessionData }[]) => cb(undefined, rows[0]?.data ?? null), cb);
  }

  override set(sid: string, data: session.SessionData, cb?: Callback): void {
    this.uow
      .forPlatform(null, (m) =>
        m.query(
          `INSERT INTO web_sessions (sid, data, expires_at) VALUES ($1, $2::jsonb, now() + make_interval(hours => ${WEB_SESSION_ROW_HOURS}))
           ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at`,
          [sid, JSON.stringify(data)],
        ),
      )
      .then(
        () => cb?.(),
        (e) => cb?.(e),
      );
  }

  override touch(sid: string, _data: session.SessionData, cb?: Callback): void {
    this.uow
      .forPlatform(null, (m) =>
        m.query(
          `UPDATE web_sessions SET expires_at = now() + make_interval(hours => ${WEB_SESSION_ROW_HOURS}) WHERE sid = $1`,
          [sid],
        ),
      )
      .then(
        () => cb?.(),
        (e) => cb?.(e),
      );
  }

  override destroy(sid: string, cb?: Callback): void {
    this.uow
      .forPlatform(null, (m) => m.query(`DELETE FROM web_sessions WHERE sid = $1`, [sid]))
      .then(
        () => cb?.(),
        (e) => cb?.(e),
      );
  }
}
