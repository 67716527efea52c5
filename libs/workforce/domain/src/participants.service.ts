import { ForbiddenException, Injectable } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { InvalidFieldsException, isUuid, problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { PARTICIPANT_COLUMNS } from './workforce-abilities';
import { checked, notFound, violated } from './workforce-checks';
import { inWorkforce, trainingProviderIds, workforceLaIds } from './workforce-principal';
import { ParticipantInput } from './workforce.input';
import { ParticipantView } from './workforce.model';
import { WorkforceStore } from './workforce.store';

const PARTICIPANT_FIELDS = [
  'laId',
  'fullName',
  'workEmail',
  'role',
  'settingKind',
  'settingIdentifier',
  'tookUpPostOn',
] as const;

/**
 * Participants: the least personal data that does the job (name, work email, role, the setting by
 * URN, UKPRN or Ofsted URN, the employing LA, the date they took up the post where a programme's
 * window counts from it). A training provider's staff record them (their organisation is the
 * recorder); the workforce lead and the employing LA's officers read them. Each row is walled by
 * the employing LA (wall 2); every list and record shown is audited.
 */
@Injectable()
export class ParticipantsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<ParticipantView[]> {
    if (!this.auth.ability.can('read', 'WorkforceParticipant'))
      throw new ForbiddenException(problem(403, 'Your role does not include workforce participants.'));
    return inWorkforce(this.auth, async (m) => {
      const params: unknown[] = [this.auth.tenantId];
      const rows = await WorkforceStore.participants(m, params, this.scope('read', params));
      await this.audit.record({
        action: 'workforce.participant.list',
        subjectType: 'WorkforceParticipant',
        subjectIds: rows.map((r) => r.id),
      });
      return rows;
    });
  }

  get(id: string): Promise<ParticipantView> {
    if (!isUuid(id)) throw notFound('participant');
    return inWorkforce(this.auth, async (m) => {
      const row = await this.find(m, id);
      await this.audit.record({
        action: 'workforce.participant.view',
        subjectType: 'WorkforceParticipant',
        subjectIds: [row.id],
        laId: row.laId,
      });
      return row;
    });
  }

  mayCreate(): boolean {
    return this.auth.ability.can('create', 'WorkforceParticipant');
  }

  /** Records a participant (a training provider's staff), for their organisation. */
  async create(input: ParticipantInput): Promise<ParticipantView> {
    const providers = trainingProviderIds(this.auth.principal);
    if (!this.mayCreate() || !providers.length)
      throw new ForbiddenException(problem(403, 'Only a training provider’s staff record participants.'));
    const v = checked(ParticipantInput, input, PARTICIPANT_FIELDS);
    const settingKind = v.settingKind ? v.settingKind : null;
    const identifier = settingKind ? v.settingIdentifier!.trim().toUpperCase() : null;
    try {
      return await inWorkforce(this.auth, async (m) => {
        // the employing LA must be one this provider trains for (wall 2 would refuse the row otherwise)
        if (!workforceLaIds(this.auth.principal).includes(v.laId))
          throw new InvalidFieldsException([
            { field: 'laId', message: 'Choose a local authority with places in your cohorts' },
          ]);
        const id = await WorkforceStore.insertParticipant(m, this.auth.tenantId, {
          laId: v.laId,
          recordedByOrgId: providers[0],
          fullName: v.fullName.trim(),
          workEmail: v.workEmail.trim(),
          role: v.role,
          settingKind,
          settingIdentifier: identifier,
          tookUpPostOn: v.tookUpPostOn || null,
        });
        await this.audit.record({
          action: 'workforce.participant.create',
          subjectType: 'WorkforceParticipant',
          subjectIds: [id],
          laId: v.laId,
        });
        return this.find(m, id);
      });
    } catch (error) {
      if (violated(error, ['23505']) === 'workforce_participants_email_key')
        throw new InvalidFieldsException([
          {
            field: 'workEmail',
            message: 'A participant with this work email is already recorded in this local authority',
          },
        ]);
      throw error;
    }
  }

  /** The LAs a provider's participant may be employed by: those given places in its cohorts. */
  localAuthorities(): Promise<{ id: string; name: string }[]> {
    if (!this.auth.ability.can('read', 'WorkforceParticipant')) throw notFound('participant');
    return inWorkforce(this.auth, async (m) =>
      (await WorkforceStore.organisations(m, this.auth.tenantId, 'local_authority')).filter((o) =>
        workforceLaIds(this.auth.principal).includes(o.id),
      ),
    );
  }

  private scope(action: 'read' | 'create', params: unknown[]): string {
    return positionalScope(
      sqlScope(this.auth.ability, action, 'WorkforceParticipant', 'w', PARTICIPANT_COLUMNS),
      params,
    );
  }

  private async find(m: EntityManager, id: string): Promise<ParticipantView> {
    const params: unknown[] = [this.auth.tenantId, id];
    const row = await WorkforceStore.participant(m, params, this.scope('read', params));
    if (!row) throw notFound('participant');
    return row;
  }
}
