/**
 * The leanest loader of an enrolment upload, for `npm run bench:import`: no Nest, no HTTP, no job,
 * no ORM. It reads the same file with the same shared reader, checks every row with the module's
 * own row check (the shared reference validators through it), then in one transaction on one
 * connection does the database's checks the product does (the LA's places in the cohort, a
 * participant once per file, recorded by another organisation, the allowed moves from a status
 * already recorded, the programme's milestones, the funded places per LA) and writes the same rows
 * with PostgreSQL COPY: participants, enrolments in their final status, every history row the
 * product's trigger writes (the insert and each move, with the uploader as actor), milestones, and
 * each LA's places filled. To COPY the history itself it switches the enrolments' two triggers
 * (places and history) off for its transaction (as the owner; the CHECKs and foreign keys stay
 * on) and does their work itself: the history rows in the COPY, one UPDATE of the places. Any problem rolls back and writes nothing.
 */
import {
  addMonths,
  CheckedUploadRow,
  checkRowsAgainstCohort,
  checkUploadRow,
  ENROLMENT_MOVES,
  EnrolmentStatus,
  HOLDS_PLACE,
  movesBetween,
  openUploadFile,
} from '@rep-hub/workforce-domain';
import { TabularRowError, tabularRowError } from '@rep-hub/platform';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The rows to COPY, table by table, as COPY's text format. */
export interface CopyPayloads {
  participants: string[];
  enrolments: string[];
  events: string[];
  milestones: string[];
  /** places taken per LA id */
  places: Map<string, number>;
}

export const COPY_COLUMNS = {
  workforce_participants:
    'tenant_id, id, la_id, recorded_by_org_id, full_name, work_email, role, setting_kind, setting_identifier, took_up_post_on',
  workforce_enrolments:
    'tenant_id, id, cohort_id, participant_id, la_id, provider_id, status, withdrawal_reason, qualification_window_ends_on, tie_in_ends_on',
  workforce_enrolment_events: 'tenant_id, enrolment_id, la_id, from_status, to_status, reason, actor_id',
  workforce_milestones: 'tenant_id, enrolment_id, milestone, la_id, provider_id, evidence_on, declared_by',
} as const;

/** One line of COPY's text format (\N for null; backslash, tab and line ends escaped). */
const line = (values: (string | null)[]) =>
  values
    .map((v) =>
      v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'),
    )
    .join('\t') + '\n';

/** COPY `lines` into `table` on `c`, in slices so no one string grows huge. */
export async function copyInto(c: Client, table: keyof typeof COPY_COLUMNS, lines: string[]): Promise<void> {
  if (!lines.length) return;
  const stream = c.query(copyFrom(`COPY ${table} (${COPY_COLUMNS[table]}) FROM STDIN`));
  await pipeline(
    Readable.from(
      (function* () {
        for (let i = 0; i < lines.length; i += 1000) yield lines.slice(i, i + 1000).join('');
      })(),
    ),
    stream,
  );
}

export async function copyAll(c: Client, p: CopyPayloads, ids: { tenantId: string; cohortId: string }) {
  await copyInto(c, 'workforce_participants', p.participants);
  await copyInto(c, 'workforce_enrolments', p.enrolments);
  await copyInto(c, 'workforce_enrolment_events', p.events);
  await copyInto(c, 'workforce_milestones', p.milestones);
  await c.query(
    `UPDATE workforce_allocations a SET places_filled = a.places_filled + d.n
       FROM unnest($3::uuid[], $4::int[]) d (la_id, n)
      WHERE a.tenant_id = $1 AND a.cohort_id = $2 AND a.la_id = d.la_id`,
    [ids.tenantId, ids.cohortId, [...p.places.keys()], [...p.places.values()]],
  );
}

export class LeanProblems extends Error {
  constructor(readonly problems: TabularRowError[]) {
    super(`the lean loader found ${problems.length} problems, first: ${JSON.stringify(problems[0])}`);
  }
}

/**
 * Loads `bytes` into the cohort, connected to `url` as the owner; answers the rows it copied (for
 * the plain COPY's timing) and what it wrote.
 */
export async function leanLoad(
  url: string,
  ids: { tenantId: string; cohortId: string; providerId: string; userId: string },
  bytes: Buffer,
  filename: string,
  today: string,
): Promise<{ payloads: CopyPayloads; readAndCheckMs: number }> {
  const started = Date.now();
  const { rows } = await openUploadFile(bytes, filename);
  const problems: TabularRowError[] = [];
  const add = (row: number, column: string, message: string) => problems.push(tabularRowError(row, column, message));
  const checked: CheckedUploadRow[] = [];
  for await (const r of rows) {
    const x = checkUploadRow(r, today, (e) => problems.push(e));
    if (x) checked.push(x);
  }
  const readAndCheckMs = Date.now() - started;
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    const {
      rows: [cohort],
    } = await c.query(
      `SELECT c.ends_on::text AS "endsOn", c.intake_year AS "intakeYear", p.milestones,
              p.qualification_window_months AS "windowMonths", p.tie_in_months AS "tieInMonths", p.tie_in_from_intake_year AS "tieInFrom"
         FROM workforce_cohorts c JOIN workforce_programmes p ON p.tenant_id = c.tenant_id AND p.id = c.programme_id
        WHERE c.tenant_id = $1 AND c.id = $2 FOR UPDATE OF c`,
      [ids.tenantId, ids.cohortId],
    );
    const { rows: allocations } = await c.query(
      `SELECT a.la_id AS "laId", o.la_number AS "laNumber", o.name AS "laName", a.places, a.places_filled AS "placesFilled"
         FROM workforce_allocations a JOIN organisations o ON o.tenant_id = a.tenant_id AND o.id = a.la_id
        WHERE a.tenant_id = $1 AND a.cohort_id = $2 ORDER BY a.la_id FOR UPDATE OF a`,
      [ids.tenantId, ids.cohortId],
    );
    const byNumber = new Map(allocations.map((a) => [a.laNumber as string, a]));
    const good = checkRowsAgainstCohort(checked, byNumber, cohort.milestones as string[], add);
    // participants and enrolments already recorded (none in a fresh cohort, but checked as the product checks)
    const { rows: existing } = await c.query(
      `SELECT p.id, p.la_id AS "laId", lower(p.work_email) AS email, p.recorded_by_org_id AS "recordedBy",
              e.id AS "enrolmentId", e.status
         FROM workforce_participants p
         LEFT JOIN workforce_enrolments e ON e.tenant_id = p.tenant_id AND e.participant_id = p.id AND e.cohort_id = $4
        WHERE p.tenant_id = $1 AND p.la_id = ANY ($2::uuid[]) AND lower(p.work_email) = ANY ($3::text[])`,
      [
        ids.tenantId,
        [...new Set(good.map((r) => r.laId))],
        [...new Set(good.map((r) => r.workEmail.toLowerCase()))],
        ids.cohortId,
      ],
    );
    if (existing.length)
      // the bench loads a fresh cohort: a file that changes recorded enrolments is the product's to measure
      throw new Error(`the lean loader loads new participants only; ${existing.length} are recorded already`);
    const delta = new Map<string, number>();
    const plans = good.map((r) => {
      const moves = movesBetween('applied', r.status);
      if (!moves) {
        add(r.row, 'status', `The enrolment is applied: it can become ${ENROLMENT_MOVES.applied.join(' or ')}`);
      }
      if (HOLDS_PLACE.includes(r.status)) delta.set(r.laId, (delta.get(r.laId) ?? 0) + 1);
      return { r, moves: moves ?? [] };
    });
    for (const a of allocations) {
      const free = a.places - a.placesFilled;
      if ((delta.get(a.laId) ?? 0) <= free) continue;
      let taken = 0;
      for (const { r } of plans)
        if (r.laId === a.laId && HOLDS_PLACE.includes(r.status) && ++taken > free)
          add(
            r.row,
            'employing_la',
            `${a.laName} has no funded places left in this cohort (${a.places} places, ${a.placesFilled} filled before this file)`,
          );
    }
    if (problems.length) throw new LeanProblems(problems);

    const payloads: CopyPayloads = { participants: [], enrolments: [], events: [], milestones: [], places: delta };
    const tieIn =
      cohort.tieInMonths && cohort.intakeYear >= (cohort.tieInFrom ?? 0)
        ? addMonths(cohort.endsOn, cohort.tieInMonths)
        : null;
    for (const { r, moves } of plans) {
      const participantId = randomUUID();
      const enrolmentId = randomUUID();
      const status: EnrolmentStatus = r.status;
      const reason = status === 'withdrawn' ? r.reason : null;
      payloads.participants.push(
        line([
          ids.tenantId,
          participantId,
          r.laId,
          ids.providerId,
          r.fullName,
          r.workEmail,
          r.role,
          r.settingKind,
          r.settingIdentifier,
          r.tookUpPostOn,
        ]),
      );
      payloads.enrolments.push(
        line([
          ids.tenantId,
          enrolmentId,
          ids.cohortId,
          participantId,
          r.laId,
          ids.providerId,
          status,
          reason,
          cohort.windowMonths && r.tookUpPostOn ? addMonths(r.tookUpPostOn, cohort.windowMonths) : null,
          tieIn,
        ]),
      );
      // the history the trigger writes: the insert (applied), then each move, the reason on the withdrawal
      payloads.events.push(line([ids.tenantId, enrolmentId, r.laId, null, 'applied', null, ids.userId]));
      let from: EnrolmentStatus = 'applied';
      for (const to of moves) {
        payloads.events.push(
          line([ids.tenantId, enrolmentId, r.laId, from, to, to === 'withdrawn' ? r.reason : null, ids.userId]),
        );
        from = to;
      }
      for (const x of r.milestones)
        payloads.milestones.push(
          line([ids.tenantId, enrolmentId, x.milestone, r.laId, ids.providerId, x.evidenceOn, ids.userId]),
        );
    }
    await c.query(
      `ALTER TABLE workforce_enrolments DISABLE TRIGGER workforce_enrolments_added, DISABLE TRIGGER workforce_enrolments_changed`,
    );
    await copyAll(c, payloads, ids);
    await c.query(
      `ALTER TABLE workforce_enrolments ENABLE TRIGGER workforce_enrolments_added, ENABLE TRIGGER workforce_enrolments_changed`,
    );
    await c.query('COMMIT');
    return { payloads, readAndCheckMs };
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await c.end();
  }
}
