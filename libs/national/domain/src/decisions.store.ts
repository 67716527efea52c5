import { EntityManager } from 'typeorm';
import { ActionStatus, BoardMeeting, DecisionKind, PartnershipRef } from './decisions.model';

/** A decision row as the store reads it (names of the partnerships it concerns are the caller's). */
export interface DecisionRow {
  id: string;
  meetingId: string;
  meetingTitle: string;
  meetingHeldOn: string;
  reference: string;
  text: string;
  kind: DecisionKind;
  owner: string;
  dueOn: string | null;
  status: ActionStatus | null;
  partnershipIds: string[];
  recordedByName: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

const DECISION_COLUMNS = `d.id, d.meeting_id AS "meetingId", m.title AS "meetingTitle",
  to_char(m.held_on, 'YYYY-MM-DD') AS "meetingHeldOn", d.reference, d.text, d.kind, d.owner,
  to_char(d.due_on, 'YYYY-MM-DD') AS "dueOn", d.status, d.concerns_partnership_ids::text[] AS "partnershipIds",
  d.recorded_by_name AS "recordedByName", d.version,
  to_char(d.created_at AT TIME ZONE 'UTC', ${ISO}) AS "createdAt",
  to_char(d.updated_at AT TIME ZONE 'UTC', ${ISO}) AS "updatedAt"`;

const MEETING_COLUMNS = `m.id, to_char(m.held_on, 'YYYY-MM-DD') AS "heldOn", m.title, m.recorded_by_name AS "recordedByName",
  m.version, (SELECT count(*)::int FROM national.board_decisions d WHERE d.meeting_id = m.id) AS "decisionCount",
  to_char(m.created_at AT TIME ZONE 'UTC', ${ISO}) AS "createdAt"`;

/**
 * The board's decisions and actions log in the national schema: every query here runs as the
 * board role (`forBoard` to read, `forBoardWrite` to write), which reaches no tenant table. A
 * decision reaches the partnerships it concerns only through `national.deliver_decisions`.
 */
export const DecisionsStore = {
  async meetings(m: EntityManager): Promise<BoardMeeting[]> {
    return m.query(
      `SELECT ${MEETING_COLUMNS} FROM national.board_meetings m ORDER BY m.held_on DESC, m.created_at DESC`,
    );
  },

  async meeting(m: EntityManager, id: string, lock = false): Promise<BoardMeeting | undefined> {
    const [row] = await m.query(
      `SELECT ${MEETING_COLUMNS} FROM national.board_meetings m WHERE m.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  },

  async insertMeeting(m: EntityManager, heldOn: string, title: string, by: string): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO national.board_meetings (held_on, title, recorded_by_name) VALUES ($1, $2, $3) RETURNING id`,
      [heldOn, title, by],
    );
    return id;
  },

  async decisions(
    m: EntityManager,
    where: { meetingId?: string; id?: string; open?: boolean; dueBefore?: string },
    lock = false,
  ): Promise<DecisionRow[]> {
    return m.query(
      `SELECT ${DECISION_COLUMNS}
         FROM national.board_decisions d JOIN national.board_meetings m ON m.id = d.meeting_id
        WHERE ($1::uuid IS NULL OR d.meeting_id = $1)
          AND ($2::uuid IS NULL OR d.id = $2)
          AND (NOT $3::boolean OR d.status = 'open')
          AND ($4::date IS NULL OR (d.status = 'open' AND d.due_on < $4::date))
        ORDER BY m.held_on DESC, d.reference${lock ? ' FOR UPDATE OF d' : ''}`,
      [where.meetingId ?? null, where.id ?? null, where.open ?? false, where.dueBefore ?? null],
    );
  },

  /** The next reference of the meeting's month (NB-2026-12-03), under a lock held to the end of the transaction. */
  async nextReference(m: EntityManager, heldOn: string): Promise<string> {
    const prefix = `NB-${heldOn.slice(0, 4)}-${heldOn.slice(5, 7)}-`;
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('national.board_decisions.reference'))`);
    const [{ n }] = await m.query(
      `SELECT coalesce(max(substring(reference FROM ${prefix.length + 1})::int), 0) + 1 AS n
         FROM national.board_decisions WHERE starts_with(reference, $1)`,
      [prefix],
    );
    return `${prefix}${String(n).padStart(2, '0')}`;
  },

  async insertDecision(
    m: EntityManager,
    d: {
      meetingId: string;
      reference: string;
      text: string;
      kind: DecisionKind;
      owner: string;
      dueOn: string | null;
      partnershipIds: string[];
      by: string;
    },
  ): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO national.board_decisions
              (meeting_id, reference, text, kind, owner, due_on, status, concerns_partnership_ids, recorded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $4 = 'action' THEN 'open' END, $7::uuid[], $8) RETURNING id`,
      [d.meetingId, d.reference, d.text, d.kind, d.owner, d.dueOn, d.partnershipIds, d.by],
    );
    return id;
  },

  async updateAction(m: EntityManager, id: string, status: ActionStatus, dueOn: string): Promise<void> {
    await m.query(
      `UPDATE national.board_decisions SET status = $2, due_on = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, status, dueOn],
    );
  },

  /** Copies the decision into the table of each partnership it concerns (the owner's function); how many. */
  async deliver(m: EntityManager, id: string): Promise<number> {
    const [{ n }] = await m.query(`SELECT national.deliver_decisions($1) AS n`, [id]);
    return Number(n);
  },

  /** The partnerships that published a release: id and the name of their latest release. */
  async partnerships(m: EntityManager): Promise<PartnershipRef[]> {
    return m
      .query(
        `SELECT DISTINCT ON (r.partnership_id) r.partnership_id AS id, r.partnership_name AS name
         FROM national.releases r ORDER BY r.partnership_id, r.published_at DESC`,
      )
      .then((rows: PartnershipRef[]) => rows.sort((a, b) => a.name.localeCompare(b.name)));
  },
};
