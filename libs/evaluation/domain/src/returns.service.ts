import { subject } from '@casl/ability';
import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { IndicatorRegistry } from '@rep-hub/contracts';
import { FieldError, InvalidFieldsException, JobQueue, problem, UUID_PATTERN } from '@rep-hub/platform';
import type { EntityManager } from 'typeorm';
import { dueOn, parsePeriod, SUBMITTED_INDICATORS } from './reference';
import { ASSEMBLE_RETURN_JOB } from './return-assembly.service';
import {
  EDITABLE_RETURN_STATUSES,
  Rag,
  RatingInput,
  RETURN_MOVES,
  RETURN_STATUS_LABELS,
  ReturnFigureView,
  ReturnIndicatorView,
  ReturnStatus,
  ReturnSummary,
  ReturnView,
} from './returns.model';
import { periodProblems, ratingsProblems, versionProblems } from './returns.rules';
import { ReturnRow, ReturnsStore } from './returns.store';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * Evidence returns: the list, one return with its completeness, making one for a period (and its
 * corrected versions), its narrative and ratings, and queuing its assembly. The sign-offs and the
 * send are ReturnSignOffService's. Every change locks the return's row, checks its stage and the
 * version the client saw (409 otherwise) and is audited in the same transaction.
 */
@Injectable()
export class ReturnsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly registry: IndicatorRegistry,
  ) {}

  requireRead(): void {
    if (!this.auth.ability.can('read', 'EvaluationReturn'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  requireLead(): void {
    if (!this.auth.ability.can('update', subject('EvaluationReturn', { tenantId: this.auth.tenantId }) as never))
      throw new ForbiddenException(problem(403, 'Only the partnership lead does this to a return.'));
  }

  notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such return in your partnership.'));
  }

  /** The 409 of a move the return's stage does not allow. */
  stageConflict(r: ReturnRow, move: string, why?: string): ConflictException {
    const allowed = RETURN_MOVES[r.status];
    return new ConflictException(
      problem(
        409,
        why ??
          `This return is ${RETURN_STATUS_LABELS[r.status].toLowerCase()}: it cannot take “${move}”. ${allowed.length ? `You can: ${allowed.join(', ')}.` : 'Nothing more can be done to it.'}`,
        { returnStatus: r.status, allowedMoves: [...allowed] },
      ),
    );
  }

  /** Locks the return, checks the version the client saw; the row. */
  async lockSeen(m: EntityManager, id: string, seen: number): Promise<ReturnRow> {
    const r = await ReturnsStore.get(m, this.auth.tenantId, id, true);
    if (!r) throw this.notFound();
    if (r.version !== seen)
      throw new ConflictException(
        problem(409, 'This return has changed since you opened it. Open it again to see what changed.', {
          currentVersion: r.version,
          returnStatus: r.status,
        }),
      );
    return r;
  }

  checkId(id: string): void {
    if (!UUID_PATTERN.test(id)) throw this.notFound();
  }

  async list(): Promise<ReturnSummary[]> {
    this.requireRead();
    return this.auth.inTenant(async (m) => (await ReturnsStore.list(m, this.auth.tenantId)).map(summary));
  }

  async get(id: string): Promise<ReturnView> {
    this.requireRead();
    this.checkId(id);
    return this.auth.inTenant((m) => this.load(m, id));
  }

  /** A new return for a period that has begun, assembled by its job (the lead; 409 if one is open or was sent). */
  async create(input: { period?: unknown }): Promise<ReturnView> {
    this.requireRead();
    this.requireLead();
    const errors = periodProblems(input.period);
    if (errors.length) throw new InvalidFieldsException(errors);
    const period = input.period as string;
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`evaluation-return:${tenantId}:${period}`]);
      const existing = await ReturnsStore.ofPeriod(m, tenantId, period);
      const open = existing.find((r) =>
        (EDITABLE_RETURN_STATUSES as string[]).concat('lead_signed_off').includes(r.status),
      );
      if (open)
        throw new ConflictException(
          problem(409, `The ${parsePeriod(period)?.name} return is already open: carry on with it.`, {
            field: 'period',
            openReturnId: open.id,
          }),
        );
      const sent = existing.find((r) => r.status === 'sent');
      if (sent)
        throw new ConflictException(
          problem(409, `The ${parsePeriod(period)?.name} return was sent: correct it with a new version instead.`, {
            field: 'period',
            sentReturnId: sent.id,
          }),
        );
      const id = await ReturnsStore.insert(m, tenantId, {
        period,
        returnVersion: 1,
        correctsReturnId: null,
        reason: null,
        by: this.auth.principal.userId,
      });
      await this.jobs.enqueue(ASSEMBLE_RETURN_JOB, { returnId: id }, { idempotencyKey: `evaluation-assemble:${id}:1` });
      await this.audit.record({
        action: 'evaluation_return.create',
        subjectType: 'EvaluationReturn',
        subjectIds: [id],
        details: { period, returnVersion: 1 },
      });
      return this.load(m, id);
    });
  }

  /** Assemble a draft again: its LA sign-offs are cleared (they signed off other figures). */
  async reassemble(id: string, input: { version?: unknown }): Promise<ReturnView> {
    this.requireRead();
    this.checkId(id);
    const errors = versionProblems(input.version);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      if (!(await ReturnsStore.get(m, tenantId, id))) throw this.notFound();
      this.requireLead();
      const r = await this.lockSeen(m, id, input.version as number);
      if (r.status !== 'draft') throw this.stageConflict(r, 'assemble');
      const cleared = await ReturnsStore.clearSignOffs(m, tenantId, id);
      await ReturnsStore.update(m, tenantId, id, 'assembled_at = NULL');
      await this.jobs.enqueue(
        ASSEMBLE_RETURN_JOB,
        { returnId: id },
        { idempotencyKey: `evaluation-assemble:${id}:${r.version + 1}` },
      );
      await this.audit.record({
        action: 'evaluation_return.reassemble',
        subjectType: 'EvaluationReturn',
        subjectIds: [id],
        details: { period: r.period, laSignOffsCleared: cleared },
      });
      return this.load(m, id);
    });
  }

  async narrative(id: string, input: { narrative?: unknown; version?: unknown }): Promise<ReturnView> {
    this.requireRead();
    this.checkId(id);
    const errors = versionProblems(input.version);
    if (typeof input.narrative !== 'string')
      errors.unshift({ field: 'narrative', message: 'Enter the narrative (it may be empty)' });
    else if (input.narrative.length > 20000)
      errors.unshift({ field: 'narrative', message: 'The narrative must be 20,000 characters or fewer' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      if (!(await ReturnsStore.get(m, this.auth.tenantId, id))) throw this.notFound();
      this.requireLead();
      const r = await this.lockSeen(m, id, input.version as number);
      if (!EDITABLE_RETURN_STATUSES.includes(r.status)) throw this.stageConflict(r, 'narrative');
      await ReturnsStore.update(m, this.auth.tenantId, id, 'narrative = $3', [(input.narrative as string).trim()]);
      await this.audit.record({
        action: 'evaluation_return.narrative',
        subjectType: 'EvaluationReturn',
        subjectIds: [id],
        details: { period: r.period, length: (input.narrative as string).trim().length },
      });
      return this.load(m, id);
    });
  }

  /** Replaces the return's RAG ratings (before the lead signs off); each red one is an exception with an owner. */
  async ratings(id: string, input: { ratings?: unknown; version?: unknown }): Promise<ReturnView> {
    this.requireRead();
    this.checkId(id);
    const errors = [...ratingsProblems(input.ratings), ...versionProblems(input.version)];
    if (errors.length) throw new InvalidFieldsException(errors);
    const ratings = (input.ratings as RatingInput[]).map((r) => {
      const exception = r.rag === 'red' || r.exception === true;
      return {
        indicatorCode: r.indicatorCode as string,
        rag: r.rag as Rag,
        exception,
        ownerUserId: text(r.ownerUserId) ?? null,
        commentary: typeof r.commentary === 'string' ? r.commentary.trim() : '',
      };
    });
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      if (!(await ReturnsStore.get(m, tenantId, id))) throw this.notFound();
      this.requireLead();
      const r = await this.lockSeen(m, id, input.version as number);
      if (!EDITABLE_RETURN_STATUSES.includes(r.status)) throw this.stageConflict(r, 'ratings');
      const codes = new Set((await ReturnsStore.figures(m, tenantId, id)).map((f) => f.indicatorCode));
      const members = new Set((await ReturnsStore.members(m, tenantId)).map((u) => u.id));
      const bad: FieldError[] = [];
      ratings.forEach((x, i) => {
        if (!codes.has(x.indicatorCode))
          bad.push({ field: `ratings[${i}].indicatorCode`, message: 'Rate an indicator of this return' });
        if (x.ownerUserId && !members.has(x.ownerUserId))
          bad.push({
            field: `ratings[${i}].ownerUserId`,
            message: 'Choose the exception’s owner from the partnership’s people',
          });
      });
      if (bad.length) throw new InvalidFieldsException(bad);
      await ReturnsStore.replaceRatings(m, tenantId, id, this.auth.principal.userId, ratings);
      await ReturnsStore.update(m, tenantId, id, 'narrative = narrative');
      await this.audit.record({
        action: 'evaluation_return.ratings',
        subjectType: 'EvaluationReturn',
        subjectIds: [id],
        details: {
          period: r.period,
          red: ratings.filter((x) => x.rag === 'red').length,
          amber: ratings.filter((x) => x.rag === 'amber').length,
          green: ratings.filter((x) => x.rag === 'green').length,
        },
      });
      return this.load(m, id);
    });
  }

  /** A sent return corrected: a new version (a draft, assembled again) that says why; the sent one is superseded when it is sent. */
  async correct(id: string, input: { reason?: unknown; version?: unknown }): Promise<ReturnView> {
    this.requireRead();
    this.checkId(id);
    const errors = versionProblems(input.version);
    const reason = text(input.reason);
    if (!reason) errors.unshift({ field: 'reason', message: 'Say why the return is corrected' });
    else if (reason.length > 2000)
      errors.unshift({ field: 'reason', message: 'The reason must be 2,000 characters or fewer' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      if (!(await ReturnsStore.get(m, tenantId, id))) throw this.notFound();
      this.requireLead();
      const r = await this.lockSeen(m, id, input.version as number);
      if (r.status !== 'sent') throw this.stageConflict(r, 'correct');
      const versions = await ReturnsStore.ofPeriod(m, tenantId, r.period);
      const open = versions.find((v) => v.status !== 'sent' && v.status !== 'superseded');
      if (open)
        throw new ConflictException(
          problem(409, `Version ${open.returnVersion} of this period’s return is already open: carry on with it.`, {
            openReturnId: open.id,
            returnStatus: r.status,
          }),
        );
      const returnVersion = Math.max(...versions.map((v) => v.returnVersion)) + 1;
      const newId = await ReturnsStore.insert(m, tenantId, {
        period: r.period,
        returnVersion,
        correctsReturnId: id,
        reason: reason as string,
        by: this.auth.principal.userId,
      });
      await this.jobs.enqueue(
        ASSEMBLE_RETURN_JOB,
        { returnId: newId },
        { idempotencyKey: `evaluation-assemble:${newId}:1` },
      );
      await this.audit.record({
        action: 'evaluation_return.correct',
        subjectType: 'EvaluationReturn',
        subjectIds: [newId, id],
        details: { period: r.period, returnVersion, reasonLength: (reason as string).length },
      });
      return this.load(m, newId);
    });
  }

  async snapshot(id: string) {
    this.requireRead();
    this.checkId(id);
    return this.auth.inTenant(async (m) => {
      const r = await ReturnsStore.get(m, this.auth.tenantId, id);
      if (!r) throw this.notFound();
      const s = await ReturnsStore.snapshot(m, this.auth.tenantId, id);
      if (!s) throw new NotFoundException(problem(404, 'This return has not been sent: it has no snapshot yet.'));
      return { returnId: id, ...s };
    });
  }

  /** The partnership's people (the owners an exception may name). */
  async owners(): Promise<{ id: string; name: string }[]> {
    this.requireRead();
    return this.auth.inTenant((m) => ReturnsStore.members(m, this.auth.tenantId));
  }

  /** The indicators' names and units by code: the modules' and the submitted ones. */
  definitions(): Map<string, { name: string; unit: 'count' | 'percentage' | 'days' }> {
    const out = new Map<string, { name: string; unit: 'count' | 'percentage' | 'days' }>();
    for (const d of this.registry.definitions()) out.set(d.code, { name: d.name, unit: d.unit });
    for (const d of SUBMITTED_INDICATORS) out.set(d.code, { name: d.name, unit: d.unit });
    return out;
  }

  /** One return with its figures, completeness, sign-offs, ratings and what the caller may do. */
  async load(m: EntityManager, id: string): Promise<ReturnView> {
    const tenantId = this.auth.tenantId;
    const r = await ReturnsStore.get(m, tenantId, id);
    if (!r) throw this.notFound();
    const period = parsePeriod(r.period);
    const due = period ? dueOn(period) : '';
    const las = await ReturnsStore.returnLas(m, tenantId, id);
    const names = new Map(las.map((l) => [l.id, l.name]));
    const order = (laId: string | null) => (laId === null ? las.length : las.findIndex((l) => l.id === laId));
    const defs = this.definitions();
    const rows = (await ReturnsStore.figures(m, tenantId, id)).sort(
      (a, b) => a.indicatorCode.localeCompare(b.indicatorCode) || order(a.laId) - order(b.laId),
    );
    const figures: ReturnFigureView[] = rows.map((f) => {
      const present = f.lineage.kind !== 'missing';
      return {
        indicatorCode: f.indicatorCode,
        indicatorName: defs.get(f.indicatorCode)?.name ?? f.indicatorCode,
        unit: defs.get(f.indicatorCode)?.unit ?? 'count',
        source: f.source,
        definitionVersion: f.definitionVersion,
        laId: f.laId,
        laName: f.laId ? (names.get(f.laId) ?? '') : 'Partnership',
        numerator: f.numerator,
        denominator: f.denominator,
        value: f.value,
        present,
        onTime: present && (f.source === 'computed' || (!!f.submittedOn && f.submittedOn <= due)),
        submittedAt: f.submittedAt,
        lineage: f.lineage,
      };
    });
    const laFigures = figures.filter((f) => f.laId !== null);
    const count = (fs: ReturnFigureView[]) => ({
      present: fs.filter((f) => f.present).length,
      missing: fs.filter((f) => !f.present).length,
      onTime: fs.filter((f) => f.onTime).length,
      late: fs.filter((f) => f.present && !f.onTime).length,
    });
    const indicators: ReturnIndicatorView[] = [];
    for (const f of figures)
      if (!indicators.some((i) => i.code === f.indicatorCode))
        indicators.push({
          code: f.indicatorCode,
          name: f.indicatorName,
          unit: f.unit,
          source: f.source,
          ...count(laFigures.filter((x) => x.indicatorCode === f.indicatorCode)),
        });
    const signOffs = await ReturnsStore.signOffs(m, tenantId, id);
    const ratings = await ReturnsStore.ratings(m, tenantId, id);
    const snapshot =
      r.status === 'sent' || r.status === 'superseded' ? await ReturnsStore.snapshot(m, tenantId, id) : null;
    const view: ReturnView = {
      ...summary(r),
      narrative: r.narrative,
      assembledAt: r.assembledAt,
      leadSignedOffAt: r.leadSignedOffAt,
      leadSignedOffBy: r.leadSignedOffBy,
      sentBy: r.sentBy,
      completeness: { expected: laFigures.length, ...count(laFigures) },
      indicators,
      las: las.map((l) => ({
        id: l.id,
        name: l.name,
        ...count(laFigures.filter((f) => f.laId === l.id)),
        signOff: signOffs.find((s) => s.laId === l.id) ?? null,
      })),
      figures,
      ratings,
      allowedMoves: [],
      snapshotSha256: snapshot?.sha256 ?? null,
    };
    view.allowedMoves = await this.allowedMoves(m, view);
    return view;
  }

  private async allowedMoves(m: EntityManager, v: ReturnView): Promise<string[]> {
    const lead = this.auth.ability.can(
      'update',
      subject('EvaluationReturn', { tenantId: this.auth.tenantId }) as never,
    );
    const out: string[] = [];
    if (v.status === 'draft') {
      if (lead) out.push('assemble', 'narrative', 'ratings');
      if (!v.assembling)
        for (const la of v.las)
          if (
            !la.signOff &&
            this.auth.ability.can(
              'create',
              subject('EvaluationReturnSignOff', { tenantId: this.auth.tenantId, laId: la.id }) as never,
            )
          )
            out.push(`la-sign-off:${la.id}`);
    }
    if (v.status === 'la_signed_off' && lead) out.push('lead-sign-off', 'narrative', 'ratings');
    if (v.status === 'lead_signed_off' && lead) out.push('send');
    if (v.status === 'sent' && lead) {
      const open = (await ReturnsStore.ofPeriod(m, this.auth.tenantId, v.period)).some(
        (x) => x.status !== 'sent' && x.status !== 'superseded',
      );
      if (!open) out.push('correct');
    }
    return out;
  }
}

export function summary(r: ReturnRow): ReturnSummary {
  const p = parsePeriod(r.period);
  return {
    id: r.id,
    period: r.period,
    periodName: p?.name ?? r.period,
    returnVersion: r.returnVersion,
    status: r.status as ReturnStatus,
    assembling: r.status === 'draft' && r.assembledAt === null,
    dueOn: p ? dueOn(p) : '',
    correctsReturnId: r.correctsReturnId,
    correctionReason: r.correctionReason,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
    version: r.version,
  };
}
