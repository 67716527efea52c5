import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { FieldError, isUuid, InvalidFieldsException, problem, schoolToday } from '@rep-hub/platform';
import { Organisation } from '@rep-hub/tenancy';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuthContext } from './auth-context';
import { sqlScope } from './authz/sql-scope';
import { AgreementStatus, DataSharingAgreement, DataSharingAgreementParty } from './entities';
import { Principal } from './principal';

/** What an agreement may grant. */
export const AGREEMENT_GRANTS = ['partnership_view', 'named_pupils'] as const;
export type AgreementGrant = (typeof AGREEMENT_GRANTS)[number];

/** Where an agreement stands today: its status and, once confirmed, its dates. */
export const AGREEMENT_STATES = ['proposed', 'awaiting_start', 'in_force', 'expired', 'ended'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** The roles that act for a party LA (confirm or end an agreement for it), held in that LA itself. */
export const AGREEMENT_ROLES: readonly string[] = ['data_protection_officer', 'la_officer'];

export interface AgreementPartyView {
  localAuthorityId: string;
  name: string;
  confirmedAt: string | null;
}

export interface AgreementView {
  id: string;
  title: string;
  purpose: string;
  grants: AgreementGrant[];
  startsOn: string;
  endsOn: string | null;
  status: AgreementStatus;
  state: AgreementState;
  parties: AgreementPartyView[];
  localAuthorityIds: string[];
  confirmedAt: string | null;
  endedAt: string | null;
  endedForLocalAuthorityId: string | null;
  endReason: string | null;
  /** Send with a confirmation or an end: a stale one is a 409. */
  version: number;
  createdAt: string;
  /** What the signed-in user may do: the party LAs they may still confirm for, and whether they may end it. */
  yourActions: { confirmFor: string[]; end: boolean };
}

export interface ProposeAgreementInput {
  title?: unknown;
  purpose?: unknown;
  grants?: unknown;
  startsOn?: unknown;
  endsOn?: unknown;
  localAuthorityIds?: unknown;
}

const COLUMNS = { tenantId: 'tenant_id', id: 'id' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const realDate = (v: unknown): v is string =>
  typeof v === 'string' && DATE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The party LAs the principal acts for: where they are the DPO or an LA officer of the LA itself. */
export function agreementLasOf(p: Principal): string[] {
  return [
    ...new Set(
      p.memberships
        .filter((m) => AGREEMENT_ROLES.includes(m.role) && m.organisationKind === 'local_authority')
        .map((m) => m.organisationId),
    ),
  ];
}

/** The checks of a proposal, shared by the API and the pages (each names its field). */
export function checkProposal(input: ProposeAgreementInput, today = schoolToday()): FieldError[] {
  const errors: FieldError[] = [];
  const title = text(input.title);
  if (!title) errors.push({ field: 'title', message: 'Enter a title' });
  else if (title.length > 200) errors.push({ field: 'title', message: 'The title must be 200 characters or fewer' });
  const purpose = text(input.purpose);
  if (!purpose) errors.push({ field: 'purpose', message: 'Enter what the agreement is for' });
  else if (purpose.length > 2000)
    errors.push({ field: 'purpose', message: 'The purpose must be 2000 characters or fewer' });
  const grants = input.grants;
  if (
    !Array.isArray(grants) ||
    !grants.length ||
    grants.some((g) => typeof g !== 'string' || !(AGREEMENT_GRANTS as readonly string[]).includes(g))
  )
    errors.push({
      field: 'grants',
      message: 'Choose what the agreement grants: the partnership view, named pupils, or both',
    });
  const las = input.localAuthorityIds;
  if (!Array.isArray(las) || las.some((l) => typeof l !== 'string' || !isUuid(l)))
    errors.push({ field: 'localAuthorityIds', message: 'Choose the local authorities that are party to it' });
  else if (new Set(las).size < 2)
    errors.push({ field: 'localAuthorityIds', message: 'Choose at least two local authorities of this partnership' });
  else if (las.length > 20)
    errors.push({ field: 'localAuthorityIds', message: 'Choose 20 local authorities or fewer' });
  if (!realDate(input.startsOn))
    errors.push({ field: 'startsOn', message: 'Enter the start date as a real date, like 2026-09-01' });
  if (input.endsOn !== undefined && input.endsOn !== null && input.endsOn !== '') {
    if (!realDate(input.endsOn))
      errors.push({ field: 'endsOn', message: 'Enter the end date as a real date, like 2027-08-31' });
    else if (realDate(input.startsOn) && input.endsOn < input.startsOn)
      errors.push({ field: 'endsOn', message: 'The end date must be on or after the start date' });
    else if (input.endsOn < today) errors.push({ field: 'endsOn', message: 'The end date must be today or later' });
  }
  return errors;
}

/**
 * Data-sharing agreements between a partnership's local authorities (wall 2). Each LA is the
 * controller of its pupils' records: the lead proposes an agreement (parties, purpose, grants,
 * dates), each party LA confirms it (its DPO or one of its LA officers), and only then, within its
 * dates, does it grant anything (`data_sharing_in_force()` in SQL, read by `principal_context()`
 * for named pupils and by partnership-wide views for the pseudonymised view). Any party, or the
 * lead, ends it at once. Every step is audited; a confirmation or end sent with a stale version
 * is a 409.
 */
@Injectable()
export class DataSharingService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  propose(input: ProposeAgreementInput): Promise<AgreementView> {
    const errors = checkProposal(input);
    if (errors.length) throw new InvalidFieldsException(errors);
    const las = [...new Set(input.localAuthorityIds as string[])];
    const grants = new Set(input.grants as AgreementGrant[]);
    return this.auth.inTenant(async (m) => {
      const tenantId = this.auth.tenantId;
      const found = await m
        .createQueryBuilder(Organisation, 'o')
        .where(`o.tenant_id = :tenantId AND o.kind = 'local_authority' AND o.id IN (:...las)`, { tenantId, las })
        .getCount();
      if (found !== las.length) {
        throw new InvalidFieldsException([
          { field: 'localAuthorityIds', message: 'Each id must be a local authority of this partnership' },
        ]);
      }
      const id = randomUUID();
      await m.insert(DataSharingAgreement, {
        tenantId,
        id,
        title: text(input.title)!,
        purpose: text(input.purpose)!,
        grantsPartnershipView: grants.has('partnership_view'),
        grantsNamedPupils: grants.has('named_pupils'),
        startsOn: input.startsOn as string,
        endsOn: (input.endsOn as string | undefined) || null,
        status: 'proposed',
        recordedBy: this.auth.principal.userId,
      });
      await m.insert(
        DataSharingAgreementParty,
        las.map((laId) => ({ tenantId, agreementId: id, laId })),
      );
      await this.audit.record({
        action: 'data_sharing_agreement.propose',
        subjectType: 'DataSharingAgreement',
        subjectIds: [id, ...las],
        details: { grants: [...grants].sort().join(',') },
      });
      return (await this.load(m, id))!;
    });
  }

  list(): Promise<AgreementView[]> {
    return this.auth.inTenant(async (m) => {
      const ids = (await this.scoped(m)
        .select('a.id', 'id')
        .orderBy('a.starts_on', 'DESC')
        .addOrderBy('a.id')
        .getRawMany()) as { id: string }[];
      const out: AgreementView[] = [];
      for (const { id } of ids) out.push((await this.load(m, id))!);
      return out;
    });
  }

  get(id: string): Promise<AgreementView> {
    return this.auth.inTenant(async (m) => {
      await this.visible(m, id);
      return (await this.load(m, id))!;
    });
  }

  /**
   * A party LA confirms (its DPO or one of its LA officers). The last confirmation puts the
   * agreement in force from its start date. `localAuthorityId` chooses the LA when the user acts
   * for more than one party.
   */
  confirm(id: string, input: { version?: unknown; localAuthorityId?: unknown }): Promise<AgreementView> {
    const version = this.version(input.version);
    if (
      input.localAuthorityId !== undefined &&
      (typeof input.localAuthorityId !== 'string' || !isUuid(input.localAuthorityId))
    )
      throw new InvalidFieldsException([
        { field: 'localAuthorityId', message: 'Choose a local authority party to the agreement' },
      ]);
    return this.auth.inTenant(async (m) => {
      await this.visible(m, id);
      const a = await this.lock(m, id);
      const parties = await m.find(DataSharingAgreementParty, { where: { tenantId: a.tenantId, agreementId: id } });
      const mine = agreementLasOf(this.auth.principal);
      const partyIds = parties.map((p) => p.laId);
      if (input.localAuthorityId !== undefined && !partyIds.includes(input.localAuthorityId as string))
        throw new InvalidFieldsException([
          { field: 'localAuthorityId', message: 'That local authority is not a party to this agreement' },
        ]);
      const actsFor = partyIds.filter((l) => mine.includes(l));
      if (
        !actsFor.length ||
        (input.localAuthorityId !== undefined && !actsFor.includes(input.localAuthorityId as string))
      )
        throw new ForbiddenException(
          problem(
            403,
            'Only the data protection officer or an LA officer of a party local authority may confirm it for that LA.',
          ),
        );
      if (a.status !== 'proposed')
        throw new ConflictException(
          problem(409, `This agreement is ${a.status}: it is no longer waiting for confirmations.`),
        );
      this.current(a, version);
      const open = parties.filter((p) => !p.confirmedAt && actsFor.includes(p.laId));
      let target: DataSharingAgreementParty | undefined;
      if (input.localAuthorityId !== undefined) target = parties.find((p) => p.laId === input.localAuthorityId);
      else if (open.length > 1)
        throw new InvalidFieldsException([
          { field: 'localAuthorityId', message: 'Choose which local authority you are confirming for' },
        ]);
      else target = open[0] ?? parties.find((p) => actsFor.includes(p.laId));
      if (!target || target.confirmedAt)
        throw new ConflictException(problem(409, 'Your local authority has already confirmed this agreement.'));
      const userId = this.auth.principal.userId;
      await m.query(
        `UPDATE data_sharing_agreement_parties SET confirmed_at = now(), confirmed_by = $4
          WHERE tenant_id = $1 AND agreement_id = $2 AND la_id = $3 AND confirmed_at IS NULL`,
        [a.tenantId, id, target.laId, userId],
      );
      const allConfirmed = parties.every((p) => p.laId === target!.laId || p.confirmedAt);
      await this.bump(m, a, allConfirmed ? `, status = 'confirmed', confirmed_at = now()` : '');
      await this.audit.record({
        action: 'data_sharing_agreement.confirm',
        subjectType: 'DataSharingAgreement',
        subjectIds: [id, target.laId],
        laId: target.laId,
        details: { allConfirmed },
      });
      return (await this.load(m, id))!;
    });
  }

  /** A party LA (its DPO or an LA officer), or the lead, ends the agreement: at once, whatever its state. */
  end(id: string, input: { version?: unknown; reason?: unknown }): Promise<AgreementView> {
    const version = this.version(input.version);
    const reason =
      input.reason === undefined || input.reason === null || input.reason === '' ? null : text(input.reason);
    if (input.reason !== undefined && input.reason !== null && input.reason !== '' && (!reason || reason.length > 1000))
      throw new InvalidFieldsException([
        { field: 'reason', message: 'The reason must be text of 1000 characters or fewer' },
      ]);
    return this.auth.inTenant(async (m) => {
      await this.visible(m, id);
      const a = await this.lock(m, id);
      const parties = await m.find(DataSharingAgreementParty, { where: { tenantId: a.tenantId, agreementId: id } });
      const mine = agreementLasOf(this.auth.principal);
      const forLa = parties.map((p) => p.laId).find((l) => mine.includes(l)) ?? null;
      if (!forLa && !this.isLead())
        throw new ForbiddenException(
          problem(403, 'Only a party local authority (its DPO or an LA officer) or the partnership lead may end it.'),
        );
      if (a.status === 'ended') throw new ConflictException(problem(409, 'This agreement has already ended.'));
      this.current(a, version);
      await this.bump(
        m,
        a,
        `, status = 'ended', ended_at = now(), ended_by = $4, ended_for_la_id = $5, end_reason = $6`,
        [this.auth.principal.userId, forLa, reason],
      );
      await this.audit.record({
        action: 'data_sharing_agreement.end',
        subjectType: 'DataSharingAgreement',
        subjectIds: forLa ? [id, forLa] : [id],
        laId: forLa,
        details: { reason: reason ? 'given' : 'none' },
      });
      return (await this.load(m, id))!;
    });
  }

  private isLead(): boolean {
    return this.auth.principal.memberships.some((x) => x.role === 'partnership_lead');
  }

  private version(v: unknown): number {
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
      throw new InvalidFieldsException([{ field: 'version', message: 'Send the version of the agreement you read' }]);
    return n;
  }

  private current(a: DataSharingAgreement, version: number): void {
    if (a.version !== version)
      throw new ConflictException(
        problem(
          409,
          'The agreement has changed since you read it (another party confirmed or ended it): read it again.',
        ),
      );
  }

  private async visible(m: EntityManager, id: string): Promise<void> {
    const visible = isUuid(id) && (await this.scoped(m).andWhere('a.id = :id', { id }).getCount());
    if (!visible) throw new NotFoundException(problem(404, 'There is no such data-sharing agreement.'));
  }

  private async lock(m: EntityManager, id: string): Promise<DataSharingAgreement> {
    const a = await m
      .createQueryBuilder(DataSharingAgreement, 'a')
      .setLock('pessimistic_write')
      .where('a.tenant_id = :tenantId AND a.id = :id', { tenantId: this.auth.tenantId, id })
      .getOne();
    if (!a) throw new NotFoundException(problem(404, 'There is no such data-sharing agreement.'));
    return a;
  }

  private async bump(m: EntityManager, a: DataSharingAgreement, set: string, extra: unknown[] = []): Promise<void> {
    const [, count] = (await m.query(
      `UPDATE data_sharing_agreements SET version = version + 1, updated_at = now()${set}
        WHERE tenant_id = $1 AND id = $2 AND version = $3`,
      [a.tenantId, a.id, a.version, ...extra],
    )) as [unknown, number];
    if (count !== 1)
      throw new ConflictException(problem(409, 'The agreement has changed since you read it: read it again.'));
  }

  private scoped(m: EntityManager) {
    const scope = sqlScope(this.auth.ability, 'read', 'DataSharingAgreement', 'a', COLUMNS);
    return m
      .createQueryBuilder(DataSharingAgreement, 'a')
      .where('a.tenant_id = :tenantId', { tenantId: this.auth.tenantId })
      .andWhere(scope.sql, scope.params);
  }

  private async load(m: EntityManager, id: string): Promise<AgreementView | null> {
    const a = await m.findOne(DataSharingAgreement, { where: { tenantId: this.auth.tenantId, id } });
    if (!a) return null;
    const parties = (await m.query(
      `SELECT p.la_id, o.name, p.confirmed_at FROM data_sharing_agreement_parties p
         JOIN organisations o ON o.tenant_id = p.tenant_id AND o.id = p.la_id
        WHERE p.tenant_id = $1 AND p.agreement_id = $2 ORDER BY o.name, p.la_id`,
      [a.tenantId, a.id],
    )) as { la_id: string; name: string; confirmed_at: Date | null }[];
    const mine = agreementLasOf(this.auth.principal);
    const today = schoolToday();
    const state: AgreementState =
      a.status === 'ended'
        ? 'ended'
        : a.status === 'proposed'
          ? 'proposed'
          : a.startsOn > today
            ? 'awaiting_start'
            : a.endsOn && a.endsOn < today
              ? 'expired'
              : 'in_force';
    const grants: AgreementGrant[] = [];
    if (a.grantsPartnershipView) grants.push('partnership_view');
    if (a.grantsNamedPupils) grants.push('named_pupils');
    return {
      id: a.id,
      title: a.title,
      purpose: a.purpose,
      grants,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      status: a.status,
      state,
      parties: parties.map((p) => ({
        localAuthorityId: p.la_id,
        name: p.name,
        confirmedAt: p.confirmed_at ? new Date(p.confirmed_at).toISOString() : null,
      })),
      localAuthorityIds: parties.map((p) => p.la_id).sort(),
      confirmedAt: a.confirmedAt ? a.confirmedAt.toISOString() : null,
      endedAt: a.endedAt ? a.endedAt.toISOString() : null,
      endedForLocalAuthorityId: a.endedForLaId,
      endReason: a.endReason,
      version: a.version,
      createdAt: a.createdAt.toISOString(),
      yourActions: {
        confirmFor:
          a.status === 'proposed'
            ? parties.filter((p) => !p.confirmed_at && mine.includes(p.la_id)).map((p) => p.la_id)
            : [],
        end: a.status !== 'ended' && (this.isLead() || parties.some((p) => mine.includes(p.la_id))),
      },
    };
  }
}
