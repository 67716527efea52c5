import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { BoardPackStatus, BoardPackSummary } from './board-packs.model';

/** A pack's row as the board reads it (no file bytes). */
export interface BoardPackRow extends BoardPackSummary {
  releaseIds: string[];
  rebuiltFrom: string | null;
  error: string | null;
  startedAt: string | null;
  pdfSha256: string | null;
  xlsxSha256: string | null;
  contentSha256: string | null;
}

const COLUMNS = `p.id, p.title, to_char(p.meeting_date, 'YYYY-MM-DD') AS "meetingDate", p.pack_version AS "packVersion",
  p.period_code AS "periodCode", p.period_name AS "periodName", p.status, p.progress, p.progress_text AS "progressText",
  p.requested_by_name AS "requestedByName", p.created_at AS "createdAt", p.finished_at AS "finishedAt",
  p.release_ids::text[] AS "releaseIds", p.rebuilt_from AS "rebuiltFrom", p.error, p.started_at AS "startedAt",
  p.pdf_sha256 AS "pdfSha256", p.xlsx_sha256 AS "xlsxSha256", p.content_sha256 AS "contentSha256"`;

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d === null || d === undefined ? null : String(d));
const row = (r: Record<string, unknown>): BoardPackRow =>
  ({
    ...r,
    createdAt: iso(r['createdAt']),
    finishedAt: iso(r['finishedAt']),
    startedAt: iso(r['startedAt']),
  }) as unknown as BoardPackRow;

/**
 * The board's packs in `national.board_packs`, read and written in the board's units of work
 * (`forBoard`, `forBoardWrite`). The file bytes are read only by `file`.
 */
@Injectable()
export class BoardPacksStore {
  async list(m: EntityManager): Promise<BoardPackRow[]> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${COLUMNS} FROM national.board_packs p ORDER BY p.meeting_date DESC, p.title, p.pack_version DESC LIMIT 500`,
    );
    return rows.map(row);
  }

  async get(m: EntityManager, id: string, lock = false): Promise<BoardPackRow | null> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT ${COLUMNS} FROM national.board_packs p WHERE p.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? row(rows[0]) : null;
  }

  /** The next version of the pack of this meeting and title, under a lock on that pair (two requests at once get two versions). */
  async nextVersion(m: EntityManager, meetingDate: string, title: string): Promise<number> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`national-board-pack:${meetingDate}:${title}`]);
    const [{ n }] = await m.query(
      `SELECT coalesce(max(pack_version), 0) + 1 AS n FROM national.board_packs WHERE meeting_date = $1 AND title = $2`,
      [meetingDate, title],
    );
    return Number(n);
  }

  async insert(
    m: EntityManager,
    p: {
      title: string;
      meetingDate: string;
      packVersion: number;
      periodCode: string;
      periodName: string;
      releaseIds: string[];
      rebuiltFrom: string | null;
      requestedBy: string;
      requestedByName: string;
    },
  ): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO national.board_packs (title, meeting_date, pack_version, period_code, period_name, release_ids,
                                         rebuilt_from, requested_by, requested_by_name, progress_text)
       VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9, 'Waiting to be built') RETURNING id`,
      [
        p.title,
        p.meetingDate,
        p.packVersion,
        p.periodCode,
        p.periodName,
        p.releaseIds,
        p.rebuiltFrom,
        p.requestedBy,
        p.requestedByName,
      ],
    );
    return id;
  }

  /** Takes a pack to build: queued or building (a retried job) or failed (a retry after a failure); null when it is ready or gone. */
  async claim(m: EntityManager, id: string): Promise<{ releaseIds: string[] } | null> {
    const res: unknown[] = await m.query(
      `UPDATE national.board_packs
          SET status = 'building', progress = 5, progress_text = 'Reading the releases', error = NULL,
              started_at = coalesce(started_at, now())
        WHERE id = $1 AND status IN ('queued', 'building', 'failed')
        RETURNING release_ids::text[] AS "releaseIds"`,
      [id],
    );
    // TypeORM answers an UPDATE … RETURNING with [rows, count]
    const rows = (Array.isArray(res[0]) ? res[0] : res) as { releaseIds: string[] }[];
    return rows[0] ?? null;
  }

  async progress(m: EntityManager, id: string, progress: number, text: string): Promise<void> {
    await m.query(
      `UPDATE national.board_packs SET progress = $2, progress_text = $3 WHERE id = $1 AND status = 'building'`,
      [id, Math.max(0, Math.min(99, Math.round(progress))), text.slice(0, 300)],
    );
  }

  async ready(
    m: EntityManager,
    id: string,
    files: { pdf: Buffer; xlsx: Buffer; pdfSha256: string; xlsxSha256: string; contentSha256: string },
  ): Promise<void> {
    await m.query(
      `UPDATE national.board_packs
          SET status = 'ready', progress = 100, progress_text = 'Ready', pdf = $2, xlsx = $3,
              pdf_sha256 = $4, xlsx_sha256 = $5, content_sha256 = $6, finished_at = now()
        WHERE id = $1 AND status = 'building'`,
      [id, files.pdf, files.xlsx, files.pdfSha256, files.xlsxSha256, files.contentSha256],
    );
  }

  async failed(m: EntityManager, id: string, error: string): Promise<void> {
    await m.query(
      `UPDATE national.board_packs SET status = 'failed', error = $2, progress_text = 'Failed', finished_at = now()
        WHERE id = $1 AND status IN ('queued', 'building')`,
      [id, error.slice(0, 500)],
    );
  }

  /** A ready pack's file; null when there is no such pack, the status when it is not ready. */
  async file(
    m: EntityManager,
    id: string,
    format: 'pdf' | 'xlsx',
  ): Promise<{
    status: BoardPackStatus;
    body: Buffer | null;
    title: string;
    meetingDate: string;
    packVersion: number;
  } | null> {
    const rows = await m.query(
      `SELECT status, ${format === 'pdf' ? 'pdf' : 'xlsx'} AS body, title, to_char(meeting_date, 'YYYY-MM-DD') AS "meetingDate",
              pack_version AS "packVersion"
         FROM national.board_packs WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }
}
