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

/**
 * Rows checked, then written, at a time inside the load's one transaction: the job holds one batch
 * of checked rows, never the whole file's (and a statement each of a few MB of arrays).
 */
const BATCH = 5_000;

type Move = { id: string; to: EnrolmentStatus; reason: string | null };

/** One row's writes, once its checks against the database have passed. */
interface Plan {
  r: CheckedUploadRow & { laId: string; key: string };
  participant?: { id: string };
  enrolment?: { id: string; status: EnrolmentStatus; milestones: Record<string, string> };
  moves: EnrolmentStatus[];
  /** a new enrolment: a change even with no move */
  added?: boolean;
}

/** What one load carries from one batch to the next: compact keys and counts, never the rows. */
interface LoadState {
  tenantId: string;
  upload: { id: string; cohortId: string; providerId: string };
  actorId: string;
  milestones: readonly string[];
  windowMonths: number | null;
  tieInEndsOn: string | null;
  byNumber: Map<string, { laId: string; laName: string; places: number; placesFilled: number }>;
  problems: TabularRowError[];
  /** each participant's key (LA and work email) and its first row: one row per participant */
  seen: Map<string, number>;
  /** per LA: places as written so far in this transaction */
  filled: Map<string, number>;
  /** per LA: places taken less those given back by the whole file (the cap's check at the end) */
  delta: Map<string, number>;
  /** per LA: places newly taken, in file order, and the rows past the LA's free places */
  taken: Map<string, number>;
  pastPlaces: Map<string, number[]>;
  /** rows whose place waits for the places the rest of the file gives back: written last */
  waiting: Plan[];
  result: UploadResult;
}

class RowProblems extends Error {
  constructor(readonly problems: TabularRowError[]) {
    super('The file has problems');
  }
}

/**
 * The load of one upload, its progress committed (on a connection of its own) so the upload's page
 * follows it: claim it, then in ONE transaction read the file and check every row, a batch at a
 * time: its own values with one-by-one enrolment's rules, then what needs the database (the
 * employing LA has places in the cohort, one row per participant across the file, a participant
 * recorded by another organisation, the moves from a status already recorded, the milestones), and
 * write the batch at once: participants, enrolments moved along the allowed moves (each move a
 * history row, by the same trigger as a single change), milestones. The file-wide checks run on
 * compact keys and counts (a Map of participants' keys, places per LA), the funded places at the
 * end, against the allocations locked for the whole load. Any problem anywhere writes nothing more
 * and rolls the transaction back: nothing is saved, and every problem is listed by row and column.
 * A row already as the file says changes nothing, so the job may run twice.
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
      const count = (n: number) => n.toLocaleString('en-GB');
      await step('checking', 10, total === null ? 'Checking the rows' : `Checking ${count(total)} rows`);
      const laIds = await this.uow.forTenant(ctx, async (m) =>
        (await UploadStore.allocations(m, tenantId, upload.cohortId)).map((a) => a.laId),
      );
      const result = await this.uow.forTenant({ tenantId, actorId: actor, laIds }, async (m) => {
        const s = await this.start(m, tenantId, upload, actor);
        // the embedded database is one session: its progress waits for the load's transaction to end
        const ownConnection = (m.connection.options as { poolSize?: number }).poolSize !== 1;
        let batch: CheckedUploadRow[] = [];
        let read = 0;
        for await (const r of rows) {
          const c = checkUploadRow(r, today, (e) => s.problems.push(e));
          if (c) batch.push(c);
          if (batch.length === this.batchRows) {
            await this.batch(m, s, batch);
            batch = [];
          }
          if (++read % CHUNK === 0 && read !== total && ownConnection)
            await step(
              s.problems.length ? 'checking' : 'writing',
              10 + (85 * read) / Math.max(read, total ?? read),
              (total === null ? `Checked ${count(read)} rows` : `Checked ${count(read)} of ${count(total)} rows`) +
                (s.problems.length ? ': nothing will be saved' : ', saving as it goes'),
            );
        }
        await this.batch(m, s, batch);
        batch = [];
        if (!read) s.problems.push(tabularRowError(1, 'file', 'The file has no rows under its header'));
        if (ownConnection)
          await step('writing', 95, `Checked ${count(read)} of ${count(read)} rows; checking the funded places`, read);
        await this.end(m, s);
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
      problems: [],
      seen: new Map(),
      filled: new Map(allocations.map((a) => [a.laId, a.placesFilled])),
      delta: new Map(),
      taken: new Map(),
      pastPlaces: new Map(),
      waiting: [],
      result: { rows: 0, participantsAdded: 0, enrolmentsAdded: 0, moves: 0, milestonesDeclared: 0, unchanged: 0 },
    };
  }

  /**
   * One batch of rows whose own values are good: checked against the cohort and the database, then
   * written, unless the file has a problem so far (the rest is then only checked, to list every
   * problem, and the transaction rolls back).
   */
  private async batch(m: EntityManager, s: LoadState, rows: CheckedUploadRow[]): Promise<void> {
    if (!rows.length) return;
    const { tenantId, upload } = s;
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
      ).map((p) => [`${p.laId}|${p.email}`, p]),
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
    // the moves each row needs, and the places they take or give back per LA
    const plans: Plan[] = good.map((r) => {
      const participant = existing.get(r.key);
      const enrolment = participant ? enrolments.get(participant.id) : undefined;
      const from = enrolment?.status ?? 'applied';
      const moves = movesBetween(from, r.status);
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
      const held = enrolment ? HOLDS_PLACE.includes(enrolment.status) : false;
      const holds = HOLDS_PLACE.includes(r.status);
      if (held !== holds) s.delta.set(r.laId, (s.delta.get(r.laId) ?? 0) + (holds ? 1 : -1));
      if (holds && !held) {
        // the rows past an LA's free places, in file order, named if the file as a whole takes too many
        const a = s.byNumber.get(r.laNumber)!;
        const n = (s.taken.get(r.laId) ?? 0) + 1;
        s.taken.set(r.laId, n);
        if (n > a.places - a.placesFilled) {
          const past = s.pastPlaces.get(r.laId) ?? [];
          s.pastPlaces.set(r.laId, past);
          past.push(r.row);
        }
      }
      return { r, participant, enrolment, moves: moves ?? [] };
    });
    if (s.problems.length) return;
    await this.write(m, s, plans);
  }

  /**
   * Writes one batch, set-based (a statement per table and per step of the moves, not per row): new
   * participants and their enrolments (applied), then the moves step by step, the enrolments that
   * give a place back first, so a file that moves one participant out and another in fits; the
   * enrolments' triggers keep the places and write each move's history row as for a single change.
   * A row that would take a place the allocation does not have yet (one the rest of the file may
   * give back) waits, and is moved after the last batch.
   */
  private async write(m: EntityManager, s: LoadState, plans: Plan[]): Promise<void> {
    const { tenantId, upload, result } = s;
    const participants: Parameters<typeof UploadStore.insertParticipants>[3] = [];
    const newEnrolments: Parameters<typeof UploadStore.insertEnrolments>[3] = [];
    const ready: Plan[] = [];
    const takes: Plan[] = [];
    for (const plan of plans) {
      const { r } = plan;
      if (!plan.participant) {
        plan.participant = { id: randomUUID() };
        participants.push({
          id: plan.participant.id,
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
      if (!plan.enrolment) {
        plan.enrolment = { id: randomUUID(), status: 'applied', milestones: {} };
        newEnrolments.push({
          id: plan.enrolment.id,
          participantId: plan.participant.id,
          laId: r.laId,
          qualificationWindowEndsOn:
            s.windowMonths && r.tookUpPostOn ? addMonths(r.tookUpPostOn, s.windowMonths) : null,
        });
        result.enrolmentsAdded++;
        plan.added = true;
      }
      const holds = HOLDS_PLACE.includes(r.status);
      const held = HOLDS_PLACE.includes(plan.enrolment.status);
      if (held && !holds) s.filled.set(r.laId, s.filled.get(r.laId)! - 1);
      (holds && !held ? takes : ready).push(plan);
    }
    // every participant of the batch before any enrolment: each statement's foreign key checks find their rows
    await UploadStore.insertParticipants(m, tenantId, upload.providerId, participants);
    await UploadStore.insertEnrolments(
      m,
      tenantId,
      { cohortId: upload.cohortId, providerId: upload.providerId, tieInEndsOn: s.tieInEndsOn },
      newEnrolments,
    );
    for (const plan of takes) {
      const a = s.byNumber.get(plan.r.laNumber)!;
      const filled = s.filled.get(plan.r.laId)!;
      if (filled >= a.places) s.waiting.push(plan);
      else {
        s.filled.set(plan.r.laId, filled + 1);
        ready.push(plan);
      }
    }
    await this.moveAndDeclare(m, s, ready);
  }

  /** The moves (those giving a place back before those taking one) and the milestones of these rows. */
  private async moveAndDeclare(m: EntityManager, s: LoadState, plans: Plan[]): Promise<void> {
    const { tenantId, upload, result } = s;
    const milestones: Parameters<typeof UploadStore.declareMany>[3] = [];
    const steps = { givesBack: [] as Move[][], takes: [] as Move[][] };
    for (const { r, enrolment, moves, added } of plans) {
      const enrolmentId = enrolment!.id;
      let changed = added === true;
      const group = HOLDS_PLACE.includes(r.status) ? steps.takes : steps.givesBack;
      moves.forEach((to, i) => {
        (group[i] ??= []).push({ id: enrolmentId, to, reason: to === 'withdrawn' ? r.reason : null });
        result.moves++;
        changed = true;
      });
      for (const x of r.milestones)
        if (!enrolment!.milestones[x.milestone]) {
          milestones.push({ enrolmentId, laId: r.laId, milestone: x.milestone, evidenceOn: x.evidenceOn });
          result.milestonesDeclared++;
          changed = true;
        }
      if (!changed) result.unchanged++;
    }
    for (const step of [...steps.givesBack, ...steps.takes]) await UploadStore.moveEnrolments(m, tenantId, step);
    await UploadStore.declareMany(m, tenantId, { providerId: upload.providerId, actorId: s.actorId }, milestones);
  }

  /** After the last batch: the funded places of the file as a whole, then the rows that waited for a place. */
  private async end(m: EntityManager, s: LoadState): Promise<void> {
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
    if (s.problems.length) throw new RowProblems(s.problems);
    // every place the file gives back is given back: the rows that waited fit (the check above)
    await this.moveAndDeclare(m, s, s.waiting);
    s.waiting = [];
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
