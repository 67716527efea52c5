import { subject } from '@casl/ability';
import {
  ConflictException,
  ForbiddenException,
  HttpException,
  Injectable,
  Logger,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, UUID_PATTERN } from '@rep-hub/platform';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { parsePeriod, reformName } from './reference';
import { ReformsStore } from './reforms.store';
import { RETURN_PUBLISHER, ReturnPublisher } from './return-publisher';
import { ReturnSnapshot, SNAPSHOT_SCHEMA, SnapshotFinding, SnapshotReform } from './return-snapshot.model';
import { ReturnView } from './returns.model';
import { versionProblems } from './returns.rules';
import { ReturnsService } from './returns.service';
import { LaRow, ReturnRow, ReturnsStore } from './returns.store';
import { TestsStore } from './tests.store';

/** JSON with every object's keys in order, so the same snapshot always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/**
 * The return's sign-offs and its sending: each LA's officer signs off their LA's part of a draft
 * (when every LA has, the return is signed off by the LAs); the lead signs off the whole (a
 * narrative, a RAG for every indicator, each red one an exception with an owner and commentary);
 * the lead sends it, which freezes its snapshot with lineage, hands it to the publisher if one is
 * registered, and supersedes the version it corrects, all in one transaction.
 */
@Injectable()
export class ReturnSignOffService {
  private readonly logger = new Logger('EvaluationReturns');

  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly returns: ReturnsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  async laSignOff(id: string, input: { laId?: unknown; comment?: unknown; version?: unknown }): Promise<ReturnView> {
    this.returns.requireRead();
    this.returns.checkId(id);
    const errors: FieldError[] = [];
    if (typeof input.laId !== 'string' || !UUID_PATTERN.test(input.laId))
      errors.push({ field: 'laId', message: 'Choose the local authority whose part you sign off' });
    if (input.comment !== undefined && input.comment !== null && typeof input.comment !== 'string')
      errors.push({ field: 'comment', message: 'The comment must be text' });
    else if (typeof input.comment === 'string' && input.comment.trim().length > 2000)
      errors.push({ field: 'comment', message: 'The comment must be 2,000 characters or fewer' });
    errors.push(...versionProblems(input.version));
    if (errors.length) throw new InvalidFieldsException(errors);
    const laId = input.laId as string;
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      if (!(await ReturnsStore.get(m, tenantId, id))) throw this.returns.notFound();
      const las = await ReturnsStore.returnLas(m, tenantId, id);
      const la = las.find((l) => l.id === laId);
      if (!la)
        throw new InvalidFieldsException([
          { field: 'laId', message: 'Choose a local authority the return was assembled for' },
        ]);
      if (!this.auth.ability.can('create', subject('EvaluationReturnSignOff', { tenantId, laId }) as never))
        throw new ForbiddenException(problem(403, `Only an officer of ${la.name} signs off its part of the return.`));
      const r = await this.returns.lockSeen(m, id, input.version as number);
      if (r.status !== 'draft') throw this.returns.stageConflict(r, 'la-sign-off');
      if (!r.assembledAt)
        throw this.returns.stageConflict(
          r,
          'la-sign-off',
          'The return is still being assembled: sign off when it is ready.',
        );
      const signed = await ReturnsStore.signOffs(m, tenantId, id);
      if (signed.some((s) => s.laId === laId))
        throw new ConflictException(
          problem(409, `${la.name} has already signed off its part of this return.`, { returnStatus: r.status }),
        );
      const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
      await ReturnsStore.signOff(m, tenantId, id, laId, this.auth.principal.userId, comment);
      const all = las.every((l) => l.id === laId || signed.some((s) => s.laId === l.id));
      await ReturnsStore.update(m, tenantId, id, all ? `status = 'la_signed_off'` : 'narrative = narrative');
      await this.audit.record({
        action: 'evaluation_return.la_sign_off',
        subjectType: 'EvaluationReturn',
        subjectIds: [id],
        laId,
        details: { period: r.period, everyLa: all, ...(all ? { from: 'draft', to: 'la_signed_off' } : {}) },
      });
      return this.returns.load(m, id);
    });
  }

  async leadSignOff(id: string, input: { version?: unknown }): Promise<ReturnView> {
    this.returns.requireRead();
    this.returns.checkId(id);
    const errors = versionProblems(input.version);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      if (!(await ReturnsStore.get(m, tenantId, id))) throw this.returns.notFound();
      this.returns.requireLead();
      const r = await this.returns.lockSeen(m, id, input.version as number);
      if (r.status !== 'la_signed_off') throw this.returns.stageConflict(r, 'lead-sign-off');
      const codes = [...new Set((await ReturnsStore.figures(m, tenantId, id)).map((f) => f.indicatorCode))];
      const ratings = await ReturnsStore.ratings(m, tenantId, id);
      const unrated = codes.filter((c) => !ratings.some((x) => x.indicatorCode === c));
      const incomplete = ratings.filter((x) => x.rag === 'red' && (!x.exception || !x.ownerUserId || !x.commentary));
      const missing = [
        ...(r.narrative.trim() ? [] : ['narrative']),
        ...unrated.map((c) => `rating:${c}`),
        ...incomplete.map((x) => `exception:${x.indicatorCode}`),
      ];
      if (missing.length)
        throw new ConflictException(
          problem(
            409,
            `The lead signs off a return with a narrative, a RAG rating for every indicator and, for each red one, an exception with an owner and commentary. Still to do: ${missing.length} ${missing.length === 1 ? 'item' : 'items'}.`,
            { returnStatus: r.status, missing },
          ),
        );
      await ReturnsStore.update(
        m,
        tenantId,
        id,
        `status = 'lead_signed_off', lead_signed_off_by = $3, lead_signed_off_at = now()`,
        [this.auth.principal.userId],
      );
      await this.audit.record({
        action: 'evaluation_return.lead_sign_off',
        subjectType: 'EvaluationReturn',
        subjectIds: [id],
        details: { period: r.period, from: r.status, to: 'lead_signed_off' },
      });
      return this.returns.load(m, id);
    });
  }

  /** Sends the return: its snapshot frozen, published through the seam if registered; all or nothing. */
  async send(id: string, input: { version?: unknown }): Promise<ReturnView> {
    this.returns.requireRead();
    this.returns.checkId(id);
    const errors = versionProblems(input.version);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      if (!(await ReturnsStore.get(m, tenantId, id))) throw this.returns.notFound();
      this.returns.requireLead();
      const r = await this.returns.lockSeen(m, id, input.version as number);
      if (r.status !== 'lead_signed_off') throw this.returns.stageConflict(r, 'send');
      const { sha256, published, superseded } = await this.freeze(m, tenantId, r, this.auth.principal.userId);
      await this.audit.record({
        action: 'evaluation_return.send',
        subjectType: 'EvaluationReturn',
        subjectIds: r.correctsReturnId ? [id, r.correctsReturnId] : [id],
        details: {
          period: r.period,
          returnVersion: r.returnVersion,
          from: r.status,
          to: 'sent',
          sha256,
          published,
          superseded,
        },
      });
      return this.returns.load(m, id);
    });
  }

  /**
   * The send itself, in the caller's unit of work: the return sent, the version it corrects
   * superseded, its snapshot frozen with its SHA-256 and handed to the publisher if one is
   * registered (a publisher's error rolls it all back). The demo seed sends this way too.
   */
  async freeze(
    m: EntityManager,
    tenantId: string,
    r: ReturnRow,
    userId: string,
  ): Promise<{ sha256: string; published: boolean; superseded: number }> {
    const id = r.id;
    await ReturnsStore.update(m, tenantId, id, `status = 'sent', sent_by = $3, sent_at = now()`, [userId]);
    let superseded = 0;
    if (r.correctsReturnId) {
      const rows = (await m.query(
        `UPDATE evaluation_returns SET status = 'superseded', updated_at = now(), version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND status = 'sent' RETURNING id`,
        [tenantId, r.correctsReturnId],
      )) as unknown[];
      superseded = (Array.isArray(rows[0]) ? (rows[0] as unknown[]) : rows).length;
    }
    const snapshot = await this.buildSnapshot(m, tenantId, id);
    const json = canonicalJson(snapshot);
    const sha256 = createHash('sha256').update(json).digest('hex');
    await ReturnsStore.insertSnapshot(m, tenantId, id, json, sha256);
    const publisher = this.publisher();
    if (publisher) {
      try {
        await publisher.publish(m, snapshot);
      } catch (e) {
        this.logger.warn({ err: e, returnId: id }, 'The return could not be published; nothing was sent');
        if (e instanceof HttpException) throw e;
        throw new ServiceUnavailableException(
          problem(503, 'The return could not be published, so it was not sent. Try again later.'),
        );
      }
    }
    return { sha256, published: !!publisher, superseded };
  }

  private publisher(): ReturnPublisher | undefined {
    try {
      return this.moduleRef.get<ReturnPublisher>(RETURN_PUBLISHER, { strict: false });
    } catch {
      return undefined;
    }
  }

  /** What a sent return freezes: every figure with its lineage, the ratings, sign-offs and narrative. */
  async buildSnapshot(m: EntityManager, tenantId: string, id: string): Promise<ReturnSnapshot> {
    const r = (await ReturnsStore.get(m, tenantId, id)) as ReturnRow;
    const p = parsePeriod(r.period);
    const las = await ReturnsStore.las(m, tenantId);
    const defs = this.returns.definitions();
    const figures = await ReturnsStore.figures(m, tenantId, id);
    const laNames = new Map(las.map((l) => [l.id, l.name]));
    return {
      schema: SNAPSHOT_SCHEMA,
      tenantId,
      partnershipName: await ReturnsStore.partnershipName(m, tenantId),
      returnId: id,
      returnVersion: r.returnVersion,
      correctsReturnId: r.correctsReturnId,
      correctionReason: r.correctionReason,
      period: { code: r.period, name: p?.name ?? r.period, from: p?.from ?? '', to: p?.to ?? '' },
      narrative: r.narrative,
      figures: figures.map((f) => {
        const la = las.find((l) => l.id === f.laId);
        return {
          indicatorCode: f.indicatorCode,
          indicatorName: defs.get(f.indicatorCode)?.name ?? f.indicatorCode,
          unit: defs.get(f.indicatorCode)?.unit ?? 'count',
          definitionVersion: f.definitionVersion,
          source: f.source,
          laId: f.laId,
          laNumber: la?.laNumber ?? null,
          gssCode: la?.gssCode ?? null,
          laName: la?.name ?? null,
          numerator: f.numerator,
          denominator: f.denominator,
          value: f.value,
          lineage: f.lineage,
        };
      }),
      ratings: (await ReturnsStore.ratings(m, tenantId, id)).map((x) => ({
        indicatorCode: x.indicatorCode,
        rag: x.rag,
        exception: x.exception,
        ownerName: x.ownerName,
        commentary: x.commentary,
      })),
      reforms: await this.registerAsSent(m, tenantId, las),
      findings: await this.findingsAsSent(m, tenantId),
      laSignOffs: (await ReturnsStore.signOffs(m, tenantId, id)).map((s) => ({
        laId: s.laId,
        laName: laNames.get(s.laId) ?? '',
        signedOffBy: s.signedOffBy.name,
        signedOffAt: s.signedOffAt,
        comment: s.comment,
      })),
      leadSignedOffBy: r.leadSignedOffBy?.name ?? '',
      leadSignedOffAt: r.leadSignedOffAt ?? '',
      sentBy: r.sentBy?.name ?? '',
      sentAt: r.sentAt ?? '',
    };
  }

  /** The reform register as it stands at sending: each recorded status in each LA, by LA then reform. */
  private async registerAsSent(m: EntityManager, tenantId: string, las: LaRow[]): Promise<SnapshotReform[]> {
    const byId = new Map(las.map((l) => [l.id, l]));
    const out: SnapshotReform[] = [];
    for (const s of await ReformsStore.statuses(m, tenantId)) {
      const la = byId.get(s.la_id);
      if (!la) continue;
      out.push({
        reformCode: s.reform_code,
        reformName: reformName(s.reform_code, s.reforms_version),
        reformsVersion: s.reforms_version,
        laId: la.id,
        laNumber: la.laNumber,
        gssCode: la.gssCode,
        laName: la.name,
        status: s.status,
        since: s.changed_on,
        reason: s.reason,
      });
    }
    return out.sort((a, b) => a.reformCode.localeCompare(b.reformCode) || a.laName.localeCompare(b.laName));
  }

  /** The test and learn records at sending: text, dates and the LAs by name (never the settings taking part). */
  private async findingsAsSent(m: EntityManager, tenantId: string): Promise<SnapshotFinding[]> {
    const out: SnapshotFinding[] = [];
    for (const t of await TestsStore.list(m, tenantId)) {
      out.push({
        testId: t.id,
        title: t.title,
        reformCode: t.reform_code,
        reformName: reformName(t.reform_code, t.reforms_version),
        status: t.status,
        startsOn: t.starts_on,
        endsOn: t.ends_on,
        laNames: t.las.map((l) => l.name),
        findings: t.findings,
        lessons: t.lessons,
        results: (await TestsStore.results(m, tenantId, t.id)).map((r) => ({
          recordedOn: r.recordedOn,
          summary: r.summary,
        })),
      });
    }
    return out;
  }
}
