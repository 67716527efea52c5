import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import {
  assertVersion,
  codeOf,
  FieldError,
  InvalidFieldsException,
  isUuid,
  longDate,
  optionalText,
  problem,
  requiredDate,
  schoolToday,
  versionOf,
} from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { CURRENT_REFORMS, REFORM_STATUSES, ReformStatus, reformName } from './reference';
import { ReformCell, ReformCellDetail, ReformRegister, ReformStatusInput } from './reforms.model';
import { ReformsStore, StatusRow } from './reforms.store';

const REFORM_CODES = CURRENT_REFORMS.reforms.map((r) => r.code);

/**
 * The reform register: each reform of the current list in each LA of the partnership, with its
 * status (planned, active, paused, stopped; none recorded until someone sets one) and the reason
 * and date of every change. The lead sets it for any LA; an LA's officers and admins for their own
 * LA only. Each change is checked against the version read (409 when stale) and audited.
 */
@Injectable()
export class ReformRegisterService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /** The grid: every reform of the current list × every LA of the partnership. */
  register(): Promise<ReformRegister> {
    this.requireRead();
    return this.auth.inTenant(async (m) => {
      const las = await ReformsStore.las(m, this.auth.tenantId);
      const rows = await ReformsStore.statuses(m, this.auth.tenantId);
      const byKey = new Map(rows.map((r) => [`${r.reform_code}/${r.la_id}`, r]));
      return {
        reformsVersion: CURRENT_REFORMS.version,
        las,
        reforms: CURRENT_REFORMS.reforms.map((r) => ({
          code: r.code,
          name: r.name,
          description: r.description,
          cells: las.map((la) => this.cell(r.code, la, byKey.get(`${r.code}/${la.id}`))),
        })),
      };
    });
  }

  /** One reform in one LA with its changes, newest first. 404 for a reform not on the list or an LA not of the partnership. */
  get(reformCode: string, laId: string): Promise<ReformCellDetail> {
    this.requireRead();
    this.checkReform(reformCode);
    return this.auth.inTenant(async (m) => this.detail(m, reformCode, await this.findLa(m, laId)));
  }

  /** Sets a reform's status in an LA, with the reason and the date it changed (not in the future). */
  async setStatus(
    reformCode: string,
    laId: string,
    input: ReformStatusInput,
    today = schoolToday(),
  ): Promise<ReformCellDetail> {
    if (!this.auth.ability.can('update', 'EvaluationReform'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    this.checkReform(reformCode);
    const errors: FieldError[] = [];
    const status = codeOf(input.status, REFORM_STATUSES, 'status', 'Select planned, active, paused or stopped', errors);
    const reason = optionalText(input.reason, 'reason', 2000, 'The reason', errors);
    if (status && (status === 'paused' || status === 'stopped') && reason === '')
      errors.push({ field: 'reason', message: `Say why the reform is ${status}` });
    const changedOn = requiredDate(input.changedOn, 'changedOn', 'the date the status changed', errors, today);
    const version = versionOf(input.version, errors, 0);
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const la = await this.findLa(m, laId);
      if (!this.mayChange(la.id))
        throw new ForbiddenException(
          problem(403, 'Only the lead and the local authority’s own officers can set its reform statuses.'),
        );
      const current = await ReformsStore.status(m, this.auth.tenantId, reformCode, la.id, true);
      assertVersion('reform’s status', current?.version ?? 0, version!);
      // the history reads in date order, so a change is dated no earlier than the status it changes
      if (current && changedOn! < current.changed_on)
        throw new InvalidFieldsException([
          {
            field: 'changedOn',
            message: `The date it changed must be on or after ${longDate(current.changed_on)}, the date of the status it changes`,
          },
        ]);
      let id: string;
      if (current) {
        id = current.id;
        await ReformsStore.update(m, this.auth.tenantId, id, status!, reason!, changedOn!, CURRENT_REFORMS.version);
      } else {
        const made = await ReformsStore.insert(m, {
          tenantId: this.auth.tenantId,
          laId: la.id,
          reformCode,
          reformsVersion: CURRENT_REFORMS.version,
          status: status!,
          reason: reason!,
          changedOn: changedOn!,
        });
        // another change recorded the first status meanwhile
        if (!made)
          throw new ConflictException(
            problem(409, 'This reform’s status has changed since you opened it. Open it again to see what changed.', {
              currentVersion: 1,
            }),
          );
        id = made;
      }
      await ReformsStore.logChange(m, {
        tenantId: this.auth.tenantId,
        statusId: id,
        from: current?.status ?? null,
        to: status!,
        reason: reason!,
        changedOn: changedOn!,
        by: this.auth.principal.userId,
      });
      await this.audit.record({
        action: 'evaluation.reform.status',
        subjectType: 'EvaluationReform',
        subjectIds: [id],
        laId: la.id,
        details: {
          reformCode,
          reformsVersion: CURRENT_REFORMS.version,
          fromStatus: current?.status ?? null,
          toStatus: status!,
          changedOn: changedOn!,
        },
      });
      return this.detail(m, reformCode, la);
    });
  }

  // ---- helpers ----

  private async detail(m: EntityManager, reformCode: string, la: { id: string; name: string }) {
    const row = await ReformsStore.status(m, this.auth.tenantId, reformCode, la.id, false);
    const changes = row ? await ReformsStore.changes(m, this.auth.tenantId, row.id) : [];
    return { ...this.cell(reformCode, la, row), reformName: reformName(reformCode), changes };
  }

  private cell(reformCode: string, la: { id: string; name: string }, row?: StatusRow | null): ReformCell {
    return {
      reformCode,
      laId: la.id,
      laName: la.name,
      status: (row?.status as ReformStatus | undefined) ?? null,
      reason: row?.reason ?? '',
      changedOn: row?.changed_on ?? null,
      reformsVersion: row?.reforms_version ?? null,
      version: row?.version ?? 0,
      canChange: this.mayChange(la.id),
    };
  }

  private async findLa(m: EntityManager, laId: string): Promise<{ id: string; name: string }> {
    const la = isUuid(laId) ? await ReformsStore.la(m, this.auth.tenantId, laId.toLowerCase()) : null;
    // the LA is the record's identity (in the path): one not of this partnership is not found
    if (!la) throw new NotFoundException(problem(404, 'laId: there is no such local authority in your partnership.'));
    return la;
  }

  private checkReform(reformCode: string): void {
    if (!REFORM_CODES.includes(reformCode))
      throw new NotFoundException(
        problem(404, `There is no reform ${JSON.stringify(reformCode)} on the list ${CURRENT_REFORMS.version}.`),
      );
  }

  private mayChange(laId: string): boolean {
    return this.auth.ability.can(
      'update',
      subject('EvaluationReform', { tenantId: this.auth.tenantId, laId }) as never,
    );
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'EvaluationReform'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }
}
