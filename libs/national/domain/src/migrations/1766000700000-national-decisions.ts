import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, BOARD_ROLE, OWNER_ROLE, tenantTable } from '@rep-hub/platform/schema';

/**
 * The National Board's decisions and actions log (issue 23).
 *
 * - `national.board_meetings` and `national.board_decisions`: the board's own records, kept in the
 *   national schema and written as the board role (`UnitOfWork.forBoardWrite`), which may SELECT,
 *   INSERT and UPDATE them (never DELETE: a decision is dropped, not erased). The app role has no
 *   privilege on them. A decision names the partnerships it concerns (ids the board knows from the
 *   published releases); an action has an owner, a due date and a status.
 * - `board_decisions_received` (tenant, RLS): what reached a partnership, read by its lead. The
 *   app role may only SELECT it; nobody in the app writes it.
 * - `national.deliver_decisions(uuid)`: the one way in, the other way from publication. Owned by the
 *   owner role and SECURITY DEFINER; only the board role may execute it. It copies the given
 *   decision, as the board's log holds it, into the table of each partnership it concerns (an
 *   upsert, so a changed status or due date reaches them again), refuses an id that is not a
 *   partnership, and returns only how many it delivered: the board role still reads no tenant
 *   table, and can cause a write in one only through this function and only of its own decisions.
 */
export class NationalDecisions1766000700000 implements MigrationInterface {
  name = 'NationalDecisions1766000700000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE national.board_meetings (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         held_on date NOT NULL CHECK (held_on BETWEEN '2000-01-01' AND '2099-12-31'),
         title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
         recorded_by_name text NOT NULL CHECK (length(recorded_by_name) BETWEEN 1 AND 200),
         version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now()
       )`,
      `CREATE INDEX board_meetings_held_on_idx ON national.board_meetings (held_on DESC)`,

      `CREATE TABLE national.board_decisions (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         meeting_id uuid NOT NULL REFERENCES national.board_meetings (id),
         -- NB-<year>-<month of the meeting>-<number in that month>: NB-2026-12-01
         reference text NOT NULL UNIQUE CHECK (reference ~ '^NB-[0-9]{4}-[0-9]{2}-[0-9]{2,3}$'),
         text text NOT NULL CHECK (length(text) BETWEEN 1 AND 5000),
         kind text NOT NULL CHECK (kind IN ('decision', 'action')),
         -- a name or a role ("Director of AP, DfE"): the board's members are not users of a partnership
         owner text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
         due_on date CHECK (due_on BETWEEN '2000-01-01' AND '2099-12-31'),
         status text CHECK (status IN ('open', 'done', 'dropped')),
         concerns_partnership_ids uuid[] NOT NULL DEFAULT '{}' CHECK (cardinality(concerns_partnership_ids) <= 100),
         recorded_by_name text NOT NULL CHECK (length(recorded_by_name) BETWEEN 1 AND 200),
         version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         -- an action has a due date and a status; a decision has neither
         CHECK ((kind = 'action') = (due_on IS NOT NULL)),
         CHECK ((kind = 'action') = (status IS NOT NULL))
       )`,
      `CREATE INDEX board_decisions_meeting_idx ON national.board_decisions (meeting_id)`,
      `CREATE INDEX board_decisions_open_idx ON national.board_decisions (due_on) WHERE status = 'open'`,

      // the board keeps them (no DELETE); the app role nothing
      `GRANT SELECT, INSERT, UPDATE ON national.board_meetings, national.board_decisions TO ${BOARD_ROLE}`,
      `REVOKE ALL ON national.board_meetings, national.board_decisions FROM PUBLIC, ${APP_ROLE}`,

      // ---- what reached the partnership, kept in the partnership ----
      `CREATE TABLE board_decisions_received (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         decision_id uuid NOT NULL,
         reference text NOT NULL,
         meeting_title text NOT NULL,
         meeting_held_on date NOT NULL,
         text text NOT NULL,
         kind text NOT NULL CHECK (kind IN ('decision', 'action')),
         owner text NOT NULL,
         due_on date,
         status text CHECK (status IN ('open', 'done', 'dropped')),
         decision_version integer NOT NULL,
         received_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, decision_id)
       )`,
      // written only by national.deliver_decisions (as the owner, under RLS); the lead reads it
      ...tenantTable('board_decisions_received', 'SELECT'),

      `CREATE FUNCTION national.deliver_decisions(decision uuid) RETURNS integer
         LANGUAGE plpgsql SECURITY DEFINER
         SET search_path = national, pg_temp
       AS $fn$
       DECLARE
         d record;
         pid uuid;
         n integer := 0;
         -- each partnership's rows are written under its own tenant (RLS binds the owner too); the
         -- caller's setting is put back before returning (an error ends the whole transaction)
         caller_tenant text := current_setting('app.tenant_id', true);
       BEGIN
         SELECT b.id, b.reference, b.text, b.kind, b.owner, b.due_on, b.status, b.version,
                b.concerns_partnership_ids AS partnerships, m.title AS meeting_title, m.held_on AS meeting_held_on
           INTO d
           FROM national.board_decisions b JOIN national.board_meetings m ON m.id = b.meeting_id
          WHERE b.id = decision;
         IF NOT FOUND THEN
           RAISE EXCEPTION 'national.deliver_decisions: no decision % in the board''s log', decision USING ERRCODE = '22023';
         END IF;
         FOREACH pid IN ARRAY d.partnerships LOOP
           IF NOT EXISTS (SELECT 1 FROM public.tenants t WHERE t.id = pid) THEN
             RAISE EXCEPTION 'national.deliver_decisions: refused: % is not a partnership (decision %)', pid, d.reference
               USING ERRCODE = '23503';
           END IF;
           PERFORM set_config('app.tenant_id', pid::text, true);
           INSERT INTO public.board_decisions_received AS r
                  (tenant_id, decision_id, reference, meeting_title, meeting_held_on, text, kind, owner, due_on, status,
                   decision_version)
           VALUES (pid, d.id, d.reference, d.meeting_title, d.meeting_held_on, d.text, d.kind, d.owner, d.due_on, d.status,
                   d.version)
           ON CONFLICT (tenant_id, decision_id) DO UPDATE
              SET reference = EXCLUDED.reference, meeting_title = EXCLUDED.meeting_title,
                  meeting_held_on = EXCLUDED.meeting_held_on, text = EXCLUDED.text, kind = EXCLUDED.kind,
                  owner = EXCLUDED.owner, due_on = EXCLUDED.due_on, status = EXCLUDED.status,
                  decision_version = EXCLUDED.decision_version, updated_at = now()
            WHERE r.decision_version < EXCLUDED.decision_version;
           n := n + 1;
         END LOOP;
         PERFORM set_config('app.tenant_id', coalesce(caller_tenant, ''), true);
         RETURN n;
       END
       $fn$`,
      `ALTER FUNCTION national.deliver_decisions(uuid) OWNER TO ${OWNER_ROLE}`,
      `REVOKE ALL ON FUNCTION national.deliver_decisions(uuid) FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION national.deliver_decisions(uuid) TO ${BOARD_ROLE}`,
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP FUNCTION national.deliver_decisions(uuid)`,
      `DROP TABLE board_decisions_received`,
      `DROP TABLE national.board_decisions`,
      `DROP TABLE national.board_meetings`,
    ]) {
      await q.query(sql);
    }
  }
}
