import { ForbiddenException, Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { InvalidFieldsException, isUuid, problem } from '@rep-hub/platform';
import { checked, notFound, violated } from './workforce-checks';
import { ProgrammeInput } from './workforce.input';
import { Milestone, MILESTONES, ProgrammeView } from './workforce.model';
import { NATIONAL_PROGRAMMES } from './programmes.reference';
import { WorkforceStore } from './workforce.store';
import { inWorkforce } from './workforce-principal';

const PROGRAMME_FIELDS = [
  'name',
  'description',
  'milestones',
  'fundingNote',
  'qualificationWindowMonths',
  'tieInMonths',
] as const;

/** A programme code from its name: lower-case words joined by underscores, with "local_" in front. */
export const localCode = (name: string) =>
  `local_${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 33)}`.replace(/_+$/, '');

/**
 * The partnership's programmes: the national ones (copied from the versioned reference list the
 * first time they are read) and the local ones its workforce lead adds.
 */
@Injectable()
export class ProgrammesService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<ProgrammeView[]> {
    if (!this.auth.ability.can('read', 'WorkforceProgramme'))
      throw new ForbiddenException(problem(403, 'Your role does not include workforce training.'));
    return inWorkforce(this.auth, async (m) => {
      await WorkforceStore.ensureNational(
        m,
        this.auth.tenantId,
        NATIONAL_PROGRAMMES.version,
        NATIONAL_PROGRAMMES.programmes,
      );
      return WorkforceStore.programmes(m, this.auth.tenantId);
    });
  }

  get(id: string): Promise<ProgrammeView> {
    if (!isUuid(id) || !this.auth.ability.can('read', 'WorkforceProgramme')) throw notFound('programme');
    return inWorkforce(this.auth, async (m) => {
      const row = await WorkforceStore.programme(m, this.auth.tenantId, id);
      if (!row) throw notFound('programme');
      return row;
    });
  }

  mayCreate(): boolean {
    return this.auth.ability.can('create', 'WorkforceProgramme');
  }

  /** Adds a local programme (the workforce lead). */
  async create(input: ProgrammeInput): Promise<ProgrammeView> {
    if (!this.mayCreate()) throw new ForbiddenException(problem(403, 'Only the workforce lead adds programmes.'));
    const v = checked(ProgrammeInput, input, PROGRAMME_FIELDS);
    const code = localCode(v.name);
    try {
      return await inWorkforce(this.auth, async (m) => {
        const id = await WorkforceStore.insertProgramme(m, this.auth.tenantId, {
          code: code.length >= 8 ? code : `${code}_${Date.now().toString(36)}`,
          national: false,
          referenceVersion: null,
          name: v.name.trim(),
          description: v.description?.trim() ?? '',
          milestones: MILESTONES.filter((x) => v.milestones.includes(x)) as Milestone[],
          fundingNote: v.fundingNote?.trim() ?? '',
          qualificationWindowMonths: v.qualificationWindowMonths ?? null,
          tieInMonths: v.tieInMonths ?? null,
          tieInFromIntakeYear: null,
        });
        await this.audit.record({
          action: 'workforce.programme.create',
          subjectType: 'WorkforceProgramme',
          subjectIds: [id],
        });
        return (await WorkforceStore.programme(m, this.auth.tenantId, id))!;
      });
    } catch (error) {
      if (violated(error, ['23505']) === 'workforce_programmes_tenant_id_code_key')
        throw new InvalidFieldsException([{ field: 'name', message: 'A programme with this name already exists' }]);
      throw error;
    }
  }
}
