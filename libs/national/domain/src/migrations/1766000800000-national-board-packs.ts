import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, BOARD_ROLE } from '@rep-hub/platform/schema';

/**
 * Board packs (issue 23): a PDF and an XLSX for a board meeting, built by a job from the exact
 * published releases the pack names (`release_ids`, chosen when it is asked for, so a correction
 * published later never changes it). Every build is a new version of the pack of its meeting and
 * title; a rebuild names the same releases. The board's own record: the board role reads and
 * writes it (its units of work), the app role has no privilege on it at all. Nothing about a child.
 */
export class NationalBoardPacks1766000800000 implements MigrationInterface {
  name = 'NationalBoardPacks1766000800000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE national.board_packs (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         meeting_date date NOT NULL,
         title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
         pack_version integer NOT NULL CHECK (pack_version >= 1),
         period_code text NOT NULL CHECK (period_code ~ '^[0-9]{4}-[0-9]{2}-(autumn|spring|summer)$'),
         period_name text NOT NULL CHECK (length(period_name) BETWEEN 1 AND 100),
         -- the exact release versions the pack is built from (national.releases ids)
         release_ids uuid[] NOT NULL CHECK (cardinality(release_ids) BETWEEN 1 AND 2000),
         rebuilt_from uuid REFERENCES national.board_packs (id),
         status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'building', 'ready', 'failed')),
         progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
         progress_text text CHECK (length(progress_text) <= 300),
         error text CHECK (length(error) <= 500),
         pdf bytea,
         xlsx bytea,
         pdf_sha256 char(64) CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
         xlsx_sha256 char(64) CHECK (xlsx_sha256 ~ '^[0-9a-f]{64}$'),
         -- the SHA-256 of the pack's content (its figures and sections, not the files' bytes): equal for equal releases
         content_sha256 char(64) CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
         requested_by uuid NOT NULL,
         requested_by_name text NOT NULL CHECK (length(requested_by_name) BETWEEN 1 AND 200),
         created_at timestamptz NOT NULL DEFAULT now(),
         started_at timestamptz,
         finished_at timestamptz,
         UNIQUE (meeting_date, title, pack_version),
         CHECK ((status = 'ready') = (pdf IS NOT NULL AND xlsx IS NOT NULL AND pdf_sha256 IS NOT NULL AND xlsx_sha256 IS NOT NULL)),
         CHECK (status <> 'failed' OR error IS NOT NULL)
       )`,
      `CREATE INDEX board_packs_created_idx ON national.board_packs (created_at DESC, id)`,
      // the board's own record: it reads and writes it; the app role nothing
      `GRANT SELECT, INSERT, UPDATE ON national.board_packs TO ${BOARD_ROLE}`,
      `REVOKE ALL ON national.board_packs FROM PUBLIC, ${APP_ROLE}`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE national.board_packs`);
  }
}
