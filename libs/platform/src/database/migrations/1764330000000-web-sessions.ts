import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../roles';

/**
 * Server-side sessions of the web app (ARCHITECTURE: Identity). A platform table: a row holds the
 * signed-in user's ids (never personal data), the CSRF token and short-lived form state. The row
 * expires 12 hours after it was last written; the identity retention job deletes expired rows.
 */
export class WebSessions1764330000000 implements MigrationInterface {
  name = 'WebSessions1764330000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE web_sessions (
         sid text PRIMARY KEY CHECK (length(sid) BETWEEN 16 AND 128),
         data jsonb NOT NULL,
         expires_at timestamptz NOT NULL
       )`,
      `CREATE INDEX web_sessions_expires_idx ON web_sessions (expires_at)`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON web_sessions TO ${APP_ROLE}`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_sessions`);
  }
}
