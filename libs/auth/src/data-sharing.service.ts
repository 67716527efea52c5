import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { InvalidFieldsException, problem } from '@rep-hub/platform';
import { Organisation } from '@rep-hub/tenancy';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuthContext } from './auth-context';
import { sqlScope } from './authz/sql-scope';
import { DataSharingAgreement, DataSharingAgreementParty } from './entities';

export interface AgreementView {
  id: string;
  title: string;
  startsOn: string;
  endsOn: string | null;
  status: 'active' | 'ended';
  localAuthorityIds: string[];
  createdAt: string;
}

const COLUMNS = { tenantId: 'tenant_id', id: 'id' };

/**
 * Data-sharing agreements between a partnership's local authorities (wall 2). While one is in
 * force, units of work of users at a party LA carry every party LA, so LA-scoped policies let them
 * see those pupils; without one, each LA sees only its own.
 */
@Injectable()
export class DataSharingService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  record(input: {
    title: string;
    startsOn: string;
    endsOn?: string | null;
    localAuthorityIds: string[];
  }): Promise<AgreementView> {
    const las = [...new Set(input.localAuthorityIds)];
    if (las.length < 2)
      throw new InvalidFieldsException([
        { field: 'localAuthorityIds', message: 'Choose at least two local authorities of this partnership' },
      ]);
    if (input.endsOn && input.endsOn < input.startsOn)
      throw new InvalidFieldsException([
        { field: 'endsOn', message: 'The end date must be on or after the start date' },
      ]);
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
      const agreement = m.create(DataSharingAgreement, {
        tenantId,
        id: randomUUID(),
        title: input.title,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        status: 'active',
        recordedBy: this.auth.principal.userId,
      });
      await m.insert(DataSharingAgreement, agreement);
      await m.insert(
        DataSharingAgreementParty,
        las.map((laId) => ({ tenantId, agreementId: agreement.id, laId })),
      );
      await this.audit.record({
        action: 'data_sharing_agreement.create',
        subjectType: 'DataSharingAgreement',
        subjectIds: [agreement.id, ...las],
      });
      return (await this.load(m, agreement.id))!;
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
      const visible = await this.scoped(m).andWhere('a.id = :id', { id }).getCount();
      const view = visible ? await this.load(m, id) : null;
      if (!view) throw new NotFoundException(problem(404, 'There is no such data-sharing agreement.'));
      return view;
    });
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
    const parties = await m.find(DataSharingAgreementParty, { where: { tenantId: a.tenantId, agreementId: a.id } });
    return {
      id: a.id,
      title: a.title,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      status: a.status,
      localAuthorityIds: parties.map((p) => p.laId).sort(),
      createdAt: a.createdAt.toISOString(),
    };
  }
}
