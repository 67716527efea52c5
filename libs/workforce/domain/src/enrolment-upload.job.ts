import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import {
  defineJob,
  HandlesJob,
  JobContext,
  JobHandler,
  schoolToday,
  TabularFileError,
  TabularRowError,
  tabularRowError,
  UnitOfWork,
} from '@rep-hub/platform';
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { addMonths } from './enrolments.service';
import {
  CheckedUploadRow,
  checkRowsAgainstCohort,
  checkUploadRow,
  MILESTONE_COLUMNS,
  movesBetween,
  openUploadFile,
} from './enrolment-upload-file';
import { PendingRow, PendingRows } from './enrolment-upload-pending';
import { UploadResult, UploadStore } from './enrolment-upload.store';
import { capRefusal } from './workforce-checks';
import { ENROLMENT_MOVES, EnrolmentStatus, HOLDS_PLACE } from './workforce.model';
import { WorkforceStore } from './workforce.store';

export type LoadEnrolmentUploadPayload = { uploadId: string };

/** Loads a training provider's upload of enrolment rows (queued when the file is uploaded). */
export const LOAD_ENROLMENT_UPLOAD_JOB = defineJob<LoadEnrolmentUploadPayload>('workforce.load_upload', 'imports', {
  attempts: 3,
});

/** Rows checked between two commits of the progress the upload's page shows. */
const CHUNK = 2_000;

/** Rows checked against the database, and their new participants written, at a time. */
const BATCH = 5_000;

/** Rows per statement of the enrolments' writes (and between two commits of their progress). */
const SLICE = 5_000;

/** What one load carries from one batch to the next: compact keys, counts and what is left to write, never the rows. */
interface LoadState {
  tenantId: string;
  upload: { id: string; cohortId: string; providerId: string };
  actorId: string;
  milestones: readonly string[];
  windowMonths: number | null;
  tieInEndsOn: string | null;
  byNumber: Map<string, { laId: string; laName: string; places: number; placesFilled: number }>;
  /** each LA's number by its id (a participant's key is its LA's number and its work email) */
  numberOf: Map<string, string>;
  /** the qualification window's end by the date the post was taken up: one string per date, not per row */
  windows: Map<string, string | null>;
  problems: TabularRowError[];
  /** each participant's key (LA and work email) and its first row: one row per participant */
  seen: Map<string, number>;
  /** one array of moves per pair of statuses, not per row */
  chains: Map<string, EnrolmentStatus[] | null>;
  /** per LA: places taken less those given back by the whole file (the cap's check at the end) */
  delta: Map<string, number>;
  /** per LA: places newly taken, in file order, and the rows past the LA's free places */
  taken: Map<string, number>;
  pastPlaces: Map<string, number[]>;
  /** what each row has left to write, as columns (PendingRows), not an object per row */
  pending: PendingRows;
  result: UploadResult;
}

const count = (n: number) => n.toLocaleString('en-GB');

class RowProblems extends Error {
  constructor(readonly problems: TabularRowError[]) {
    super('The file has problems');
  }
}

/**
 * The load of one upload, its progress committed (on a connection of its own) so the upload's page
 * follows it. It claims the upload, then in ONE transaction reads the file and checks every row, a
 * batch at a time: its own values with one-by-one enrolment's rules, then what needs the database
 * (the employing LA has places in the cohort, one row per participant across the file, a
 * participant recorded by another organisation, the moves from a status already recorded, the
 * milestones), and writes the batch's new participants at once. The file-wide checks run on
 * compact keys and counts (a Map of participants' keys, places per LA); the funded places are
 * checked at the end, against the allocations locked for the whole load. Then it writes what each
 * row has left, kept until then as columns of numbers (PendingRows: about 60 bytes a row, not an
 * object of some 800): enrolments, moved along the allowed moves (each move a history row, by the
 * same trigger as a single change), milestones. Any problem anywhere writes
 * nothing more and rolls the transaction back: nothing is saved, and every problem is listed by row
 * and column. A row already as the file says changes nothing, so the job may run twice.
 *
 * Why the enrolments wait for the last participant: each enrolment's foreign key to its
 * participant is checked (at its insert and at each of its moves in the same transaction) with a
 * plan made once per connection. Planned against a participants table of one batch with no
 * statistics (a partnership's first upload), PostgreSQL rated an index on the tenant alone as good
 * as the key and chose it, so every check read every participant of the file so far: 5,000 rows
 * took 1 s to move at the first batch, 18 s at the fifth, and a 100,000-row file never finished in
 * the bench. Planned against the whole file's participants, the key is chosen.
 */
@Injectable()
export class EnrolmentUploadLoader {
  private readonly logger = new Logger('WorkforceUploads');
  /** Rows per batch (a test makes it small, to find a problem after a batch is written). */
  batchRows = BATCH;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async load(tenantId: string, uploadId: string, actorId: string | null, today = schoolToday()): Promise<string> {
    const ctx = { tenantId, actorId };
    // the progress is committed in a unit of work of its own, outside the load's transaction (whose
    // writes no one sees until it commits): from the async context the load started in
    const outside = new AsyncResource('workforce.upload.progress');
    let claimed = await this.uow.forTenant(ctx, (m) => UploadStore.claim(m, tenantId, uploadId));
    if (!claimed) return 'skipped';
    const upload = (await this.uow.forTenant(ctx, (m) => UploadStore.get(m, tenantId, uploadId)))!;
    // the uploader is the actor of every change (history rows, milestones), as for a single change
    const actor = actorId ?? upload.uploadedBy;
    const step = (status: 'checking' | 'writing', progress: number, text: string, total?: number) =>
      outside.runInAsyncScope(() =>
        this.uow.forTenant(ctx, (m) => UploadStore.progress(m, tenantId, uploadId, status, progress, text, total)),
      );
    const finish = (status: 'done' | 'rejected' | 'failed', v: Parameters<typeof UploadStore.finish>[4]) =>
      this.uow.forTenant(ctx, (m) => UploadStore.finish(m, tenantId, uploadId, status, v));
    try {
      // the rows come one at a time as they are parsed; a batch of them is kept, then written
      const { rows } = await openUploadFile(claimed.body, claimed.filename);
      claimed = undefined; // the rows hold the file until the last one is read, and no longer
      const total = upload.rowsTotal;
      await step('checking', 10, total === null ? 'Checking the rows' : `Checking ${count(total)} rows`);
      const laIds = await this.uow.forTenant(ctx, async (m) =>
        (await UploadStore.allocations(m, tenantId, upload.cohortId)).map((a) => a.laId),
      );
      const result = await this.uow.forTenant({ tenantId, actorId: actor, laIds }, async (m) => {
        // the embedded database is one session: its progress waits for the load's transaction to end
        const progress = (m.connection.options as { poolSize?: number }).poolSize !== 1 ? step : async () => undefined;
        const s = await this.start(m, tenantId, upload, actor);
        let batch: CheckedUploadRow[] = [];
        let read = 0;
        for await (const r of rows) {
          const c = checkUploadRow(r, today, (e) => s.problems.push(e));
          if (c) batch.push(c);
          if (batch.length === this.batchRows) {
            await this.batch(m, s, batch);
            batch = [];
          }
          if (++read % CHUNK === 0 && read !== total)
            await progress(
              'checking',
              10 + (50 * read) / Math.max(read, total ?? read),
              total === null ? `Checked ${count(read)} rows` : `Checked ${count(read)} of ${count(total)} rows`,
            );
        }
        await this.batch(m, s, batch);
        batch = [];
        if (!read) s.problems.push(tabularRowError(1, 'file', 'The file has no rows under its header'));
        await progress('checking', 60, `Checked ${count(read)} of ${count(read)} rows`, read);
        this.checkPlaces(s);
        s.seen.clear(); // the participants' keys are not needed to write
        if (s.problems.length) throw new RowProblems(s.problems);
        await this.writePending(m, s, (text, fraction) => progress('writing', 60 + 39 * fraction, text));
        const r = { ...s.result, rows: read };
        await UploadStore.finish(m, tenantId, uploadId, 'done', {
          result: r,
          text: `Saved ${r.rows.toLocaleString('en-GB')} rows`,
        });
        await this.audit.record({
          action: 'workforce.upload.load',
          subjectType: 'WorkforceCohort',
          subjectIds: [upload.cohortId, uploadId],
          details: { ...r },
        });
        return r;
      });
      this.logger.log({ uploadId, ...result }, 'Upload loaded');
      return 'done';
    } catch (error) {
      const problems =
        error instanceof RowProblems || error instanceof TabularFileError
          ? error instanceof RowProblems
            ? error.problems
            : error.errors
          : capRefusal(error)
            ? [tabularRowError(1, 'file', String((capRefusal(error)!.getResponse() as { detail?: string }).detail))]
            : null;
      if (problems) {
        problems.sort((a, b) => a.row - b.row);
        await finish('rejected', {
          problems: problems.slice(0, 5_000),
          text: `Nothing was saved: the file has ${problems.length.toLocaleString('en-GB')} ${problems.length === 1 ? 'problem' : 'problems'}`,
        });
        return 'rejected';
      }
      this.logger.warn({ uploadId, err: error }, 'Upload failed');
      await finish('failed', { text: 'The upload could not be loaded. Nothing was saved: upload the file again.' });
      return 'failed';
    }
  }

  /** The cohort, its programme and its allocations (locked until the load commits or rolls back). */
  private async start(
    m: EntityManager,
    tenantId: string,
    upload: { id: string; cohortId: string; providerId: string },
    actorId: string,
  ): Promise<LoadState> {
    const cohort = (await WorkforceStore.cohort(m, [tenantId, upload.cohortId], 'TRUE'))!;
    const programme = (await WorkforceStore.programme(m, tenantId, cohort.programmeId))!;
    const allocations = await UploadStore.allocations(m, tenantId, upload.cohortId);
    return {
      tenantId,
      upload,
      actorId,
      milestones: programme.milestones,
      windowMonths: programme.qualificationWindowMonths ?? null,
      tieInEndsOn:
        programme.tieInMonths && cohort.intakeYear >= (programme.tieInFromIntakeYear ?? 0)
          ? addMonths(cohort.endsOn, programme.tieInMonths)
          : null,
      byNumber: new Map(allocations.map((a) => [a.laNumber, a])),
      numberOf: new Map(allocations.map((a) => [a.laId, a.laNumber])),
      windows: new Map(),
      problems: [],
      seen: new Map(),
      chains: new Map(),
      delta: new Map(),
      taken: new Map(),
      pastPlaces: new Map(),
      pending: new PendingRows(),
      result: { rows: 0, participantsAdded: 0, enrolmentsAdded: 0, moves: 0, milestonesDeclared: 0, unchanged: 0 },
    };
  }

  /**
   * One batch of rows whose own values are good: checked against the cohort and the database; its
   * new participants written and what is left to write kept, unless the file has a problem so far
   * (the rest is then only checked, to list every problem, and the transaction rolls back).
   */
  private async batch(m: EntityManager, s: LoadState, rows: CheckedUploadRow[]): Promise<void> {
    if (!rows.length) return;
    const { tenantId, upload, result } = s;
    const add = (row: number, column: string, message: string) =>
      s.problems.push(tabularRowError(row, column, message));
    // one row per participant across the file: the LA and the work email name them (a participant's
    // second row is named as such, and checked no further)
    const good = checkRowsAgainstCohort(rows, s.byNumber, s.milestones, add, s.seen).filter(
      (r) => s.seen.get(r.key) === r.row,
    );
    const existing = new Map(
      (
        await UploadStore.participants(
          m,
          tenantId,
          [...new Set(good.map((r) => r.laId))],
          [...new Set(good.map((r) => r.workEmail.toLowerCase()))],
        )
      ).map((p) => [`${s.numberOf.get(p.laId)}|${p.email}`, p]),
    );
    for (const r of good) {
      const p = existing.get(r.key);
      if (p && p.recordedByOrgId !== upload.providerId)
        add(
          r.row,
          'work_email',
          'A participant with this work email in this local authority is recorded by another organisation',
        );
    }
    const enrolments = new Map(
      (
        await UploadStore.enrolments(
          m,
          tenantId,
          upload.cohortId,
          [...existing.values()].map((p) => p.id),
        )
      ).map((e) => [e.participantId, e]),
    );
    const participants: Parameters<typeof UploadStore.insertParticipants>[3] = [];
    const pending: PendingRow[] = [];
    for (const r of good) {
      const participant = existing.get(r.key);
      const enrolment = participant ? enrolments.get(participant.id) : undefined;
      const from = enrolment?.status ?? 'applied';
      const way = `${from} ${r.status}`;
      if (!s.chains.has(way)) s.chains.set(way, movesBetween(from, r.status));
      const moves = s.chains.get(way)!;
      if (!moves) {
        const allowed = ENROLMENT_MOVES[from];
        add(
          r.row,
          'status',
          allowed.length
            ? `The enrolment is ${from}: it cannot become ${r.status}; it can become ${allowed.join(' or ')}`
            : `The enrolment is ${from} and cannot change`,
        );
      }
      for (const x of r.milestones) {
        const had = enrolment?.milestones[x.milestone];
        if (had && had !== x.evidenceOn)
          add(
            r.row,
            MILESTONE_COLUMNS[x.milestone],
            `The ${x.milestone} milestone is already declared with the evidence date ${had}`,
          );
      }
      // the places the row takes or gives back, per LA; the rows past an LA's free places, in file order
      const held = enrolment ? HOLDS_PLACE.includes(enrolment.status) : false;
      const holds = HOLDS_PLACE.includes(r.status);
      if (held !== holds) s.delta.set(r.laId, (s.delta.get(r.laId) ?? 0) + (holds ? 1 : -1));
      if (holds && !held) {
        const a = s.byNumber.get(r.laNumber)!;
        const n = (s.taken.get(r.laId) ?? 0) + 1;
        s.taken.set(r.laId, n);
        if (n > a.places - a.placesFilled) {
          const past = s.pastPlaces.get(r.laId) ?? [];
          s.pastPlaces.set(r.laId, past);
          past.push(r.row);
        }
      }
      if (s.problems.length) continue; // nothing more is written: only checked
      let participantId = participant?.id;
      if (!participantId) {
        participantId = randomUUID();
        participants.push({
          id: participantId,
          laId: r.laId,
          fullName: r.fullName,
          workEmail: r.workEmail,
          role: r.role,
          settingKind: r.settingKind,
          settingIdentifier: r.settingIdentifier,
          tookUpPostOn: r.tookUpPostOn,
        });
        result.participantsAdded++;
      }
      const milestones = enrolment ? r.milestones.filter((x) => !enrolment.milestones[x.milestone]) : r.milestones;
      if (enrolment && !moves!.length && !milestones.length) {
        result.unchanged++;
        continue;
      }
      pending.push({
        participantId,
        enrolmentId: enrolment?.id ?? null,
        laId: r.laId,
        windowEndsOn: this.windowEndsOn(s, r.tookUpPostOn),
        moves: moves!,
        reason: r.status === 'withdrawn' ? r.reason : null,
        milestones,
        takes: holds,
      });
    }
    if (s.problems.length) return;
    await UploadStore.insertParticipants(m, tenantId, upload.providerId, participants);
    for (const x of pending) s.pending.push(x);
  }

  private windowEndsOn(s: LoadState, tookUpPostOn: string | null): string | null {
    if (!s.windowMonths || !tookUpPostOn) return null;
    if (!s.windows.has(tookUpPostOn)) s.windows.set(tookUpPostOn, addMonths(tookUpPostOn, s.windowMonths));
    return s.windows.get(tookUpPostOn)!;
  }

  /** The funded places of the file as a whole: an LA's rows past its free places, named, when the file takes more than it gives back. */
  private checkPlaces(s: LoadState): void {
    for (const a of s.byNumber.values()) {
      if ((s.delta.get(a.laId) ?? 0) <= a.places - a.placesFilled) continue;
      for (const row of s.pastPlaces.get(a.laId) ?? [])
        s.problems.push(
          tabularRowError(
            row,
            'employing_la',
            `${a.laName} has no funded places left in this cohort (${a.places} places, ${a.placesFilled} filled before this file)`,
          ),
        );
    }
  }

  /**
   * What every row has left to write, set-based (a statement per slice of rows, not per row), the
   * rows that give a place back (or keep theirs) before those that take one, so a file that moves
   * one participant out and another in fits: the moves of enrolments already recorded, step by
   * step (each move a history row, by the same trigger as a single change); the new enrolments,
   * each inserted at its status (the trigger writes the history of the way it came along the
   * allowed moves from applied, a row each, and takes the places); then the milestones.
   */
  private async writePending(
    m: EntityManager,
    s: LoadState,
    progress: (text: string, fraction: number) => Promise<unknown>,
  ): Promise<void> {
    const { tenantId, upload, result } = s;
    const pending = s.pending;
    // the rows by what they write, before anything is written (a new enrolment holds an id once written)
    const rowsOf = (recorded: boolean, takes: boolean) => {
      const out: number[] = [];
      for (let i = 0; i < pending.length; i++)
        if (pending.recorded(i) === recorded && pending.takes(i) === takes) out.push(i);
      return out;
    };
    let done = 0;
    const each = async (rows: number[], what: string, write: (slice: number[]) => Promise<void>) => {
      for (let i = 0; i < rows.length; i += SLICE) {
        const slice = rows.slice(i, i + SLICE);
        await write(slice);
        done += slice.length;
        // every row once for its enrolment, once for its milestones
        await progress(
          `${what}: ${count(i + slice.length)} of ${count(rows.length)} rows`,
          done / (2 * pending.length),
        );
      }
    };
    const move = async (slice: number[]) => {
      const rows = slice.map((i) => pending.at(i));
      for (let i = 0; rows.some((x) => x.moves.length > i); i++)
        await UploadStore.moveEnrolments(
          m,
          tenantId,
          rows
            .filter((x) => x.moves.length > i)
            .map((x) => ({ id: x.enrolmentId!, to: x.moves[i], reason: x.moves[i] === 'withdrawn' ? x.reason : null })),
        );
    };
    const insert = async (slice: number[]) => {
      const rows = slice.map((i) => {
        const id = randomUUID();
        pending.setEnrolmentId(i, id);
        return { ...pending.at(i), enrolmentId: id };
      });
      await UploadStore.insertEnrolments(
        m,
        tenantId,
        { cohortId: upload.cohortId, providerId: upload.providerId, tieInEndsOn: s.tieInEndsOn },
        rows.map((x) => ({
          id: x.enrolmentId,
          participantId: x.participantId,
          laId: x.laId,
          status: x.moves[x.moves.length - 1] ?? 'applied',
          reason: x.reason,
          qualificationWindowEndsOn: x.windowEndsOn,
        })),
      );
    };
    const order = [false, true].flatMap((takes) => [
      { rows: rowsOf(true, takes), what: 'Moving the enrolments recorded', write: move },
      { rows: rowsOf(false, takes), what: 'Saving the enrolments', write: insert },
    ]);
    for (let i = 0; i < pending.length; i++) {
      result.moves += pending.movesOf(i).length;
      if (!pending.recorded(i)) result.enrolmentsAdded++;
    }
    for (const x of order) await each(x.rows, x.what, x.write);
    const all = Array.from({ length: pending.length }, (_, i) => i);
    await each(all, 'Declaring the milestones', async (slice) => {
      const milestones = slice.flatMap((i) => {
        const x = pending.at(i);
        return x.milestones.map((y) => ({ enrolmentId: x.enrolmentId!, laId: x.laId, ...y }));
      });
      result.milestonesDeclared += milestones.length;
      await UploadStore.declareMany(m, tenantId, { providerId: upload.providerId, actorId: s.actorId }, milestones);
    });
  }
}

/** Runs a queued upload's load (in the worker, or in process with no Redis). */
@Injectable()
@HandlesJob(LOAD_ENROLMENT_UPLOAD_JOB)
export class LoadEnrolmentUploadHandler implements JobHandler<LoadEnrolmentUploadPayload> {
  constructor(private readonly loader: EnrolmentUploadLoader) {}

  async handle(ctx: JobContext, payload: LoadEnrolmentUploadPayload): Promise<void> {
    await this.loader.load(ctx.envelope.tenantId, payload.uploadId, ctx.envelope.actorId);
  }
}
