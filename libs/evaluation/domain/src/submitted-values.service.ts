import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, isUuid, problem, schoolToday } from '@rep-hub/platform';
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { SubmittedUploadResult, SubmittedValueRow } from './indicator-library.model';
import { parsePeriod, periodOf, previousPeriod, SUBMITTED_INDICATORS } from './reference';
import { CheckedFigure, checkSubmittedFigure, SubmittedFigureInput } from './submitted-checks';
import {
  MAX_SUBMITTED_FILE_BYTES,
  readSubmittedFile,
  SubmittedFileError,
  SubmittedRowError,
  submittedRowError,
  submittedTemplate,
} from './submitted-file';
import { SubmittedValuesStore } from './submitted-values.store';

export interface SubmittedEntryInput extends SubmittedFigureInput {
  laId?: unknown;
  version?: unknown;
}

const COLUMN_OF: Record<string, string> = {
  indicatorCode: 'indicator_code',
  period: 'period',
  numerator: 'numerator',
  denominator: 'denominator',
  value: 'value',
};
const ROW_ORDER = ['file', 'la_number', 'indicator_code', 'period', 'numerator', 'denominator'];

/**
 * Figures an LA submits for indicators REP Hub does not hold: entered one at a time or uploaded
 * as a CSV file, each checked against its definition. An LA's officers and admins submit their own
 * LA's figures; every member of the partnership's evaluation reads them. A file lands whole or not
 * at all, and the same file twice changes nothing. Each entry and upload is audited.
 */
@Injectable()
export class SubmittedValuesService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /** The figures of a period (default the current one), optionally of one LA. */
  list(periodInput?: unknown, laIdInput?: unknown, today = schoolToday()): Promise<SubmittedValueRow[]> {
    this.requireRead();
    const errors: FieldError[] = [];
    const period = periodInput === undefined || periodInput === '' ? periodOf(today).code : periodInput;
    if (typeof period !== 'string' || !parsePeriod(period))
      errors.push({ field: 'period', message: 'period must be a term written like 2026-27-autumn' });
    if (laIdInput !== undefined && laIdInput !== '' && !isUuid(laIdInput))
      errors.push({ field: 'laId', message: 'laId must be the id of a local authority' });
    if (errors.length) throw new InvalidFieldsException(errors);
    const laId = laIdInput ? String(laIdInput).toLowerCase() : undefined;
    return this.auth.inTenant((m) => SubmittedValuesStore.list(m, { periods: [period as string], laId }));
  }

  /** One figure, or 404. */
  get(id: string): Promise<SubmittedValueRow> {
    this.requireRead();
    if (!isUuid(id)) throw this.notFound();
    return this.auth.inTenant(async (m) => (await SubmittedValuesStore.byId(m, id)) ?? Promise.reject(this.notFound()));
  }

  /** Whether the caller may submit figures (an LA's officer or admin). */
  canSubmit(): boolean {
    return this.auth.ability.can('create', 'EvaluationSubmittedValue');
  }

  /** The LAs the caller may submit for (their own), by name. */
  async submittingLas(): Promise<{ id: string; name: string; laNumber: string }[]> {
    const mine = this.ownLaIds();
    if (!mine.length) return [];
    const all = await this.auth.inTenant((m) => SubmittedValuesStore.localAuthorities(m, this.auth.tenantId));
    return all.filter((l) => mine.includes(l.id));
  }

  /**
   * Enters one figure by hand. A figure already there for the LA, indicator and period is
   * replaced (entering it again corrects it); with `version`, only while that is still its
   * version (409 otherwise).
   */
  async enter(input: SubmittedEntryInput, today = schoolToday()): Promise<SubmittedValueRow> {
    this.requireCreate();
    const errors: FieldError[] = [];
    const laId = this.laOf(input.laId, errors);
    const figure = checkSubmittedFigure(input, today, (field, message) => errors.push({ field, message }));
    const version = this.versionOf(input.version, errors, false);
    if (laId) await this.requireLaOfPartnership(laId);
    if (errors.length || !figure || !laId) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const existing = await SubmittedValuesStore.byKey(m, laId, figure.indicatorCode, figure.period, true);
      if (existing) {
        return this.replaceLocked(
          m,
          existing,
          figure,
          version ?? existing.version,
          'evaluation.submitted_value.replace',
        );
      }
      const id = await SubmittedValuesStore.insertEntry(
        m,
        this.auth.tenantId,
        laId,
        figure,
        this.auth.principal.userId,
      );
      if (!id)
        throw new ConflictException(problem(409, 'Someone entered this figure at the same moment: open it again.'));
      await this.audit.record({
        action: 'evaluation.submitted_value.enter',
        subjectType: 'EvaluationSubmittedValue',
        subjectIds: [id],
        laId,
        details: {
          indicatorCode: figure.indicatorCode,
          period: figure.period,
          definitionVersion: figure.definitionVersion,
        },
      });
      return (await SubmittedValuesStore.byId(m, id))!;
    });
  }

  /** Replaces a figure by its id, with the version last read (409 when it changed since). */
  async replace(id: string, input: SubmittedEntryInput, today = schoolToday()): Promise<SubmittedValueRow> {
    this.requireUpdate();
    if (!isUuid(id)) throw this.notFound();
    const errors: FieldError[] = [];
    const version = this.versionOf(input.version, errors, true);
    return this.auth.inTenant(async (m) => {
      const existing = await SubmittedValuesStore.byId(m, id, true);
      if (!existing) throw this.notFound();
      if (!this.auth.ability.can('update', subject('EvaluationSubmittedValue', this.laSubject(existing.laId)) as never))
        throw new ForbiddenException(problem(403, 'Only the LA’s own officers change its figures.'));
      const figure = checkSubmittedFigure(
        { ...input, indicatorCode: input.indicatorCode ?? existing.code, period: input.period ?? existing.period },
        today,
        (field, message) => errors.push({ field, message }),
      );
      if (figure && (figure.indicatorCode !== existing.code || figure.period !== existing.period))
        errors.push({
          field: figure.indicatorCode !== existing.code ? 'indicatorCode' : 'period',
          message: 'A figure keeps its indicator and period: enter a new figure for another',
        });
      if (errors.length || !figure || version === null) throw new InvalidFieldsException(errors);
      return this.replaceLocked(m, existing, figure, version, 'evaluation.submitted_value.replace');
    });
  }

  /**
   * A CSV file of figures for the caller's LA: every row checked (its LA number, if given, must be
   * the LA's; each figure against its definition; one row per indicator and period), every problem
   * back at once with its row and column, nothing written. With none, the upload's record and every
   * figure land in one statement; the same file again is answered as already loaded.
   */
  async upload(
    bytes: Buffer,
    filename: string | undefined,
    laIdInput?: unknown,
    today = schoolToday(),
  ): Promise<SubmittedUploadResult> {
    this.requireCreate();
    const fieldErrors: FieldError[] = [];
    const laId = this.laOf(laIdInput, fieldErrors);
    if (fieldErrors.length || !laId) throw new InvalidFieldsException(fieldErrors);
    const la = await this.requireLaOfPartnership(laId);
    if (!bytes || bytes.length === 0)
      throw new InvalidFieldsException([{ field: 'file', message: 'Choose a CSV file of figures' }]);
    if (bytes.length > MAX_SUBMITTED_FILE_BYTES)
      throw new PayloadTooLargeException(
        problem(413, 'The file must be 1 MB or smaller: split it into smaller files.'),
      );
    let rows;
    try {
      rows = readSubmittedFile(bytes);
    } catch (error) {
      if (error instanceof SubmittedFileError) throw new InvalidFieldsException(error.errors);
      throw error;
    }
    if (!rows.length)
      throw new InvalidFieldsException([
        submittedRowError(2, 'file', 'The file has no figures: add one row per figure under the header'),
      ]);
    const errors: SubmittedRowError[] = [];
    const figures: CheckedFigure[] = [];
    const seen = new Map<string, number>();
    for (const r of rows) {
      if (r.values.la_number && r.values.la_number !== la.laNumber)
        errors.push(
          submittedRowError(
            r.row,
            'la_number',
            `${r.values.la_number.slice(0, 10)} is not your LA’s number (${la.laNumber})`,
          ),
        );
      const f = checkSubmittedFigure(
        {
          indicatorCode: r.values.indicator_code,
          period: r.values.period,
          numerator: r.values.numerator,
          denominator: r.values.denominator,
        },
        today,
        (field, message) => errors.push(submittedRowError(r.row, COLUMN_OF[field], message)),
      );
      if (!f) continue;
      const key = `${f.indicatorCode}|${f.period}`;
      const first = seen.get(key);
      if (first !== undefined) {
        errors.push(
          submittedRowError(
            r.row,
            'indicator_code',
            `Rows ${first} and ${r.row} are both ${f.indicatorCode} for ${f.period}: keep one`,
          ),
        );
        continue;
      }
      seen.set(key, r.row);
      figures.push(f);
    }
    if (errors.length)
      throw new InvalidFieldsException(
        errors.sort((a, b) => a.row - b.row || ROW_ORDER.indexOf(a.column) - ROW_ORDER.indexOf(b.column)),
      );
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const name = (filename ? filename.replace(/[\\/]/g, '_').slice(-255) : '') || 'figures.csv';
    return this.auth.inTenant(async (m) => {
      const before = await SubmittedValuesStore.uploadBySha(m, this.auth.tenantId, laId, sha256);
      const upload = { id: randomUUID(), laId, filename: name, sha256, userId: this.auth.principal.userId };
      const changed = before ? null : await SubmittedValuesStore.landUpload(m, this.auth.tenantId, upload, figures);
      if (changed === null) {
        const earlier = before ?? (await SubmittedValuesStore.uploadBySha(m, this.auth.tenantId, laId, sha256))!;
        return {
          uploadId: earlier.id,
          laId,
          filename: earlier.filename,
          sha256,
          alreadyLoaded: true,
          received: figures.length,
          changed: 0,
        };
      }
      await this.audit.record({
        action: 'evaluation.submitted_upload',
        subjectType: 'EvaluationSubmittedValue',
        subjectIds: [upload.id],
        laId,
        details: { uploadId: upload.id, sha256, rows: figures.length, changed },
      });
      return {
        uploadId: upload.id,
        laId,
        filename: name,
        sha256,
        alreadyLoaded: false,
        received: figures.length,
        changed,
      };
    });
  }

  /** A CSV template: the header and a row per submitted indicator for the last period, for the caller's LA. */
  async template(laIdInput?: unknown, today = schoolToday()): Promise<{ filename: string; body: string }> {
    this.requireCreate();
    const errors: FieldError[] = [];
    const laId = this.laOf(laIdInput, errors);
    if (errors.length || !laId) throw new InvalidFieldsException(errors);
    const la = await this.requireLaOfPartnership(laId);
    const period = previousPeriod(periodOf(today)).code;
    return {
      filename: `submitted-figures-${la.laNumber}-${period}.csv`,
      body: submittedTemplate(la.laNumber, period, SUBMITTED_INDICATORS),
    };
  }

  private async replaceLocked(
    m: EntityManager,
    existing: SubmittedValueRow,
    figure: CheckedFigure,
    version: number,
    action: string,
  ): Promise<SubmittedValueRow> {
    if (existing.version !== version)
      throw new ConflictException(
        problem(409, 'This figure has changed since you opened it. Open it again to see what changed.', {
          id: existing.id,
          currentVersion: existing.version,
        }),
      );
    await SubmittedValuesStore.replaceEntry(m, this.auth.tenantId, existing.id, figure, this.auth.principal.userId);
    await this.audit.record({
      action,
      subjectType: 'EvaluationSubmittedValue',
      subjectIds: [existing.id],
      laId: existing.laId,
      details: {
        indicatorCode: figure.indicatorCode,
        period: figure.period,
        definitionVersion: figure.definitionVersion,
        fromVersion: existing.version,
      },
    });
    return (await SubmittedValuesStore.byId(m, existing.id))!;
  }

  /** The LA a figure is for: the one sent (which must be the caller's own: 403), or the caller's only LA. */
  private laOf(v: unknown, errors: FieldError[]): string | undefined {
    const mine = this.ownLaIds();
    if (v === undefined || v === null || v === '') {
      if (mine.length === 1) return mine[0];
      errors.push({ field: 'laId', message: 'Choose the local authority the figure is for' });
      return undefined;
    }
    if (!isUuid(v)) {
      errors.push({ field: 'laId', message: 'laId must be the id of a local authority' });
      return undefined;
    }
    return v.toLowerCase();
  }

  /** The LA of this partnership (404 otherwise) that is the caller's own (403 otherwise). */
  private async requireLaOfPartnership(laId: string): Promise<{ id: string; name: string; laNumber: string }> {
    const la = (await this.auth.inTenant((m) => SubmittedValuesStore.localAuthorities(m, this.auth.tenantId))).find(
      (l) => l.id === laId,
    );
    if (!la) throw new NotFoundException(problem(404, 'There is no such local authority in your partnership.'));
    if (!this.auth.ability.can('create', subject('EvaluationSubmittedValue', this.laSubject(laId)) as never))
      throw new ForbiddenException(problem(403, 'You submit figures for your own local authority only.'));
    return la;
  }

  private versionOf(v: unknown, errors: FieldError[], required: boolean): number | null {
    if (v === undefined || v === null || v === '') {
      if (required)
        errors.push({ field: 'version', message: 'Send the version you last read (a whole number from 1)' });
      return null;
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1) {
      errors.push({ field: 'version', message: 'Send the version you last read (a whole number from 1)' });
      return null;
    }
    return n;
  }

  private ownLaIds(): string[] {
    return [
      ...new Set(
        this.auth.principal.memberships
          .filter((m) => (m.role === 'la_officer' || m.role === 'la_admin') && m.localAuthorityId)
          .map((m) => m.localAuthorityId as string),
      ),
    ];
  }

  private laSubject(laId: string) {
    return { tenantId: this.auth.tenantId, laId };
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'EvaluationSubmittedValue'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private requireCreate(): void {
    if (!this.auth.ability.can('create', 'EvaluationSubmittedValue'))
      throw new ForbiddenException(problem(403, 'Only an LA’s officers and admins submit figures.'));
  }

  private requireUpdate(): void {
    if (!this.auth.ability.can('update', 'EvaluationSubmittedValue'))
      throw new ForbiddenException(problem(403, 'Only an LA’s officers and admins submit figures.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such submitted figure in your partnership.'));
  }
}
