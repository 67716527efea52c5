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

type Move = { id: string; to: EnrolmentStatus; reason: string | null };

class RowProblems extends Error {
  constructor(readonly problems: TabularRowError[]) {
    super('The file has problems');
  }
}

/**
 * The load of one upload, step by step, its progress committed so the upload's page follows it:
 * claim it, read the file, check every row's own values with one-by-one enrolment's rules (a
 * chunk at a time), then in ONE transaction check what needs the database (the employing LA has
 * places in the cohort, the funded places, the moves from a status already recorded, a
 * participant recorded by another organisation) and write: participants, enrolments moved along
 * the allowed moves (each move a history row, by the same trigger as a single change), milestones.
 * Any problem writes nothing and lists every problem by row and column. A row already as the file
 * says changes nothing, so the job may run twice.
 */
@Injectable()
export class EnrolmentUploadLoader {
  private readonly logger = new Logger('WorkforceUploads');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async load(tenantId: string, uploadId: string, actorId: string | null, today = schoolToday()): Promise<string> {
    const ctx = { tenantId, actorId };
    let claimed = await this.uow.forTenant(ctx, (m) => UploadStore.claim(m, tenantId, uploadId));
    if (!claimed) return 'skipped';
    const upload = (await this.uow.forTenant(ctx, (m) => UploadStore.get(m, tenantId, uploadId)))!;
    // the uploader is the actor of every change (history rows, milestones), as for a single change
    const actor = actorId ?? upload.uploadedBy;
    const step = (status: 'checking' | 'writing', progress: number, text: string, total?: number) =>
      this.uow.forTenant(ctx, (m) => UploadStore.progress(m, tenantId, uploadId, status, progress, text, total));
    const finish = (status: 'done' | 'rejected' | 'failed', v: Parameters<typeof UploadStore.finish>[4]) =>
      this.uow.forTenant(ctx, (m) => UploadStore.finish(m, tenantId, uploadId, status, v));
    try {
      // the rows come one at a time as they are parsed; only what the database checks need is kept
      const { rows } = await openUploadFile(claimed.body, claimed.filename);
      claimed = undefined; // the rows hold the file until the last one is read, and no longer
      const total = upload.rowsTotal;
      const count = (n: number) => n.toLocaleString('en-GB');
      await step('checking', 10, total === null ? 'Checking the rows' : `Checking ${count(total)} rows`);
      const problems: TabularRowError[] = [];
      const checked: CheckedUploadRow[] = [];
      let read = 0;
      for await (const r of rows) {
        const c = checkUploadRow(r, today, (e) => problems.push(e));
        if (c) checked.push(c);
        if (++read % CHUNK === 0 && read !== total)
          await step(
            'checking',
            10 + (50 * read) / Math.max(read, total ?? read),
            total === null ? `Checked ${count(read)} rows` : `Checked ${count(read)} of ${count(total)} rows`,
          );
      }
      await step('checking', 60, `Checked ${count(read)} of ${count(read)} rows`, read);
      if (!read) problems.push(tabularRowError(1, 'file', 'The file has no rows under its header'));
      // the rows' own problems and the database's are listed together: the load checks the good rows, then writes nothing
      await step('writing', 60, 'Checking places and saving the rows');
      const laIds = await this.uow.forTenant(ctx, async (m) =>
        (await UploadStore.allocations(m, tenantId, upload.cohortId)).map((a) => a.laId),
      );
      const result = await this.uow.forTenant({ tenantId, actorId: actor, laIds }, async (m) => {
        const r = await this.write(m, tenantId, upload, checked, actor, problems);
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

  /** Every database check and every write of one file, in the caller's one transaction; RowProblems writes nothing. */
  private async write(
    m: EntityManager,
    tenantId: string,
    upload: { id: string; cohortId: string; providerId: string },
    rows: CheckedUploadRow[],
    actorId: string,
    problems: TabularRowError[],
  ): Promise<UploadResult> {
    const add = (row: number, column: string, message: string) => problems.push(tabularRowError(row, column, message));
    const cohort = (await WorkforceStore.cohort(m, [tenantId, upload.cohortId], 'TRUE'))!;
    const programme = (await WorkforceStore.programme(m, tenantId, cohort.programmeId))!;
    const allocations = await UploadStore.allocations(m, tenantId, upload.cohortId);
    const byNumber = new Map(allocations.map((a) => [a.laNumber, a]));
    // one row per participant: the LA and the work email name them
    const good = checkRowsAgainstCohort(rows, byNumber, programme.milestones, add);
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
    const delta = new Map<string, number>();
    const chains = new Map<string, EnrolmentStatus[] | null>(); // one array per pair of statuses, not per row
    const plans = good.map((r) => {
      const participant = existing.get(r.key);
      const enrolment = participant ? enrolments.get(participant.id) : undefined;
      const from = enrolment?.status ?? 'applied';
      const way = `${from} ${r.status}`;
      if (!chains.has(way)) chains.set(way, movesBetween(from, r.status));
      const moves = chains.get(way)!;
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
      if (held !== holds) delta.set(r.laId, (delta.get(r.laId) ?? 0) + (holds ? 1 : -1));
      return { r, participant, enrolment, moves: moves ?? [] };
    });
    // the funded places: the rows past an LA's places, named
    for (const a of allocations) {
      const free = a.places - a.placesFilled;
      if ((delta.get(a.laId) ?? 0) <= free) continue;
      let taken = 0;
      for (const { r, enrolment } of plans) {
        if (
          r.laId !== a.laId ||
          !HOLDS_PLACE.includes(r.status) ||
          (enrolment && HOLDS_PLACE.includes(enrolment.status))
        )
          continue;
        if (++taken > free)
          add(
            r.row,
            'employing_la',
            `${a.laName} has no funded places left in this cohort (${a.places} places, ${a.placesFilled} filled before this file)`,
          );
      }
    }
    if (problems.length) throw new RowProblems(problems);

    const result: UploadResult = {
      rows: rows.length,
      participantsAdded: 0,
      enrolmentsAdded: 0,
      moves: 0,
      milestonesDeclared: 0,
      unchanged: 0,
    };
    // the writes, set-based (a statement per slice of rows, not per row): new participants and
    // their enrolments (applied), then the moves step by step, the enrolments that give a place
    // back first, so a file that moves one participant out and another in fits; the enrolments'
    // triggers keep the places and write each move's history row as for a single change
    const tieInEndsOn =
      programme.tieInMonths && cohort.intakeYear >= (programme.tieInFromIntakeYear ?? 0)
        ? addMonths(cohort.endsOn, programme.tieInMonths)
        : null;
    const participants: Parameters<typeof UploadStore.insertParticipants>[3] = [];
    const newEnrolments: Parameters<typeof UploadStore.insertEnrolments>[3] = [];
    const milestones: Parameters<typeof UploadStore.declareMany>[3] = [];
    const steps = { givesBack: [] as Move[][], takes: [] as Move[][] };
    for (const { r, participant, enrolment, moves } of plans) {
      let changed = false;
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
      let enrolmentId = enrolment?.id;
      if (!enrolmentId) {
        enrolmentId = randomUUID();
        newEnrolments.push({
          id: enrolmentId,
          participantId,
          laId: r.laId,
          qualificationWindowEndsOn:
            programme.qualificationWindowMonths && r.tookUpPostOn
              ? addMonths(r.tookUpPostOn, programme.qualificationWindowMonths)
              : null,
        });
        result.enrolmentsAdded++;
        changed = true;
      }
      const group = HOLDS_PLACE.includes(r.status) ? steps.takes : steps.givesBack;
      moves.forEach((to, i) => {
        (group[i] ??= []).push({ id: enrolmentId, to, reason: to === 'withdrawn' ? r.reason : null });
        result.moves++;
        changed = true;
      });
      for (const x of r.milestones)
        if (!enrolment?.milestones[x.milestone]) {
          milestones.push({ enrolmentId, laId: r.laId, milestone: x.milestone, evidenceOn: x.evidenceOn });
          result.milestonesDeclared++;
          changed = true;
        }
      if (!changed) result.unchanged++;
    }
    // every participant before any enrolment: written a slice of each in turn, the enrolments' inserts
    // took minutes instead of seconds (their foreign key checks, planned against a table of one slice)
    await UploadStore.insertParticipants(m, tenantId, upload.providerId, participants);
    await UploadStore.insertEnrolments(
      m,
      tenantId,
      { cohortId: upload.cohortId, providerId: upload.providerId, tieInEndsOn },
      newEnrolments,
    );
    for (const step of [...steps.givesBack, ...steps.takes]) await UploadStore.moveEnrolments(m, tenantId, step);
    await UploadStore.declareMany(m, tenantId, { providerId: upload.providerId, actorId }, milestones);
    return result;
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
