import { ForbiddenException, Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { InvalidFieldsException, isUuid, problem } from '@rep-hub/platform';
import { ALLOCATION_COLUMNS, COHORT_COLUMNS } from './workforce-abilities';
import { capRefusal, checked, notFound } from './workforce-checks';
import { AllocationInput, CohortInput } from './workforce.input';
import { CohortSummary, CohortView } from './workforce.model';
import { WorkforceStore } from './workforce.store';
import { inWorkforce } from './workforce-principal';

const COHORT_FIELDS = [
  'programmeId',
  'providerId',
  'name',
  'intakeYear',
  'intakeTerm',
  'startsOn',
  'endsOn',
  'fundedPlaces',
] as const;

/**
 * Cohorts: a programme's intake with one training provider, its dates and funded places, and the
 * places each LA is given. The workforce lead sets them up; a training provider's staff read their
 * own organisation's; an LA officer reads every cohort and their own LA's places. The database
 * keeps the LAs' places within the cohort's (a CHECK under the cohort's row lock).
 */
@Injectable()
export class CohortsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<CohortSummary[]> {
    if (!this.auth.ability.can('read', 'WorkforceCohort'))
      throw new ForbiddenException(problem(403, 'Your role does not include workforce training.'));
    return inWorkforce(this.auth, (m) => {
      const params: unknown[] = [this.auth.tenantId];
      const scope = positionalScope(
        sqlScope(this.auth.ability, 'read', 'WorkforceCohort', 'c', COHORT_COLUMNS),
        params,
      );
      return WorkforceStore.cohorts(m, this.auth.tenantId, scope, params);
    });
  }

  get(id: string): Promise<CohortView> {
    if (!isUuid(id)) throw notFound('cohort');
    return inWorkforce(this.auth, async (m) => {
      const cohort = await this.find(m, id);
      const params: unknown[] = [this.auth.tenantId, id];
      const scope = positionalScope(
        sqlScope(this.auth.ability, 'read', 'WorkforceAllocation', 'a', ALLOCATION_COLUMNS),
        params,
      );
      return { ...cohort, allocations: await WorkforceStore.allocations(m, this.auth.tenantId, id, scope, params) };
    });
  }

  /** The choices a cohort's form offers: training providers and local authorities of the partnership. */
  organisations(): Promise<{ providers: { id: string; name: string }[]; las: { id: string; name: string }[] }> {
    if (!this.auth.ability.can('read', 'WorkforceCohort')) throw notFound('cohort');
    return inWorkforce(this.auth, async (m) => ({
      providers: await WorkforceStore.organisations(m, this.auth.tenantId, 'training_provider'),
      las: await WorkforceStore.organisations(m, this.auth.tenantId, 'local_authority'),
    }));
  }

  mayCreate(): boolean {
    return this.auth.ability.can('create', 'WorkforceCohort');
  }

  mayAllocate(): boolean {
    return this.auth.ability.can('update', 'WorkforceAllocation');
  }

  async create(input: CohortInput): Promise<CohortView> {
    if (!this.mayCreate()) throw new ForbiddenException(problem(403, 'Only the workforce lead sets up cohorts.'));
    const v = checked(CohortInput, input, COHORT_FIELDS);
    const id = await inWorkforce(this.auth, async (m) => {
      if (!(await WorkforceStore.programme(m, this.auth.tenantId, v.programmeId)))
        throw new InvalidFieldsException([{ field: 'programmeId', message: 'Choose a programme of this partnership' }]);
      if ((await WorkforceStore.organisationKind(m, this.auth.tenantId, v.providerId)) !== 'training_provider')
        throw new InvalidFieldsException([
          { field: 'providerId', message: 'Choose a training provider of this partnership' },
        ]);
      const created = await WorkforceStore.insertCohort(m, this.auth.tenantId, { ...v, name: v.name.trim() });
      await this.audit.record({
        action: 'workforce.cohort.create',
        subjectType: 'WorkforceCohort',
        subjectIds: [created],
        details: { fundedPlaces: v.fundedPlaces },
      });
      return created;
    });
    return this.get(id);
  }

  /** Gives an LA `places` of the cohort's funded places (0 takes them back, unless filled). */
  async allocate(cohortId: string, laId: string, input: AllocationInput): Promise<CohortView> {
    if (!this.mayAllocate()) throw new ForbiddenException(problem(403, 'Only the workforce lead allocates places.'));
    if (!isUuid(cohortId)) throw notFound('cohort');
    const v = checked(AllocationInput, input, ['places']);
    try {
      await inWorkforce(this.auth, async (m) => {
        await this.find(m, cohortId);
        if (!isUuid(laId) || (await WorkforceStore.organisationKind(m, this.auth.tenantId, laId)) !== 'local_authority')
          throw notFound('local authority');
        await WorkforceStore.lockCohort(m, this.auth.tenantId, cohortId);
        await WorkforceStore.setAllocation(m, this.auth.tenantId, cohortId, laId, v.places);
        await this.audit.record({
          action: 'workforce.allocation.set',
          subjectType: 'WorkforceAllocation',
          subjectIds: [cohortId],
          laId,
          details: { places: v.places },
        });
      });
    } catch (error) {
      throw capRefusal(error) ?? error;
    }
    return this.get(cohortId);
  }

  private async find(m: Parameters<Parameters<AuthContext['inTenant']>[0]>[0], id: string) {
    const params: unknown[] = [this.auth.tenantId, id];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'WorkforceCohort', 'c', COHORT_COLUMNS), params);
    const cohort = await WorkforceStore.cohort(m, params, scope);
    if (!cohort) throw notFound('cohort');
    return cohort;
  }
}
