import { ApiProperty } from '@nestjs/swagger';
import { AGREEMENT_GRANTS, AGREEMENT_STATES } from '@rep-hub/auth';
import type { AgreementGrant, AgreementPartyView, AgreementState, AgreementView, SingleUseLink } from '@rep-hub/auth';

type AgreementStatusName = AgreementView['status'];
import type { AccessLogEntry, AccessLogPage } from '@rep-hub/audit';
import { ORGANISATION_KIND_ENUM } from '../registered-codes';

const ID = '5b2d7c1e-8f3a-4c59-9d7e-2a1b3c4d5e6f';
const LA = '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6';
const NEXT_CURSOR = {
  description: 'Pass as `cursor` for the next page; null on the last',
  type: String,
  nullable: true,
  example: null,
} as const;

// ---- reference data

export class CodeListVersionRefDto {
  @ApiProperty({ example: '2023-03' }) version: string;
  @ApiProperty({ format: 'date', example: '2023-03-02' }) validFrom: string;
  @ApiProperty({
    description: 'Last day in force; null: open-ended',
    format: 'date',
    type: String,
    nullable: true,
    example: null,
  })
  validTo: string | null;
}

export class CodeListRefDto {
  @ApiProperty({ example: 'sen-provision' }) id: string;
  @ApiProperty({ type: [CodeListVersionRefDto] }) versions: CodeListVersionRefDto[];
}

export class CodeListIndexDto {
  @ApiProperty({ type: [CodeListRefDto] }) items: CodeListRefDto[];
}

export class CodeListEntryDto {
  @ApiProperty({ description: 'The code as recorded in data', example: 'E' }) code: string;
  @ApiProperty({ example: 'Education, health and care plan' }) label: string;
  @ApiProperty({
    required: false,
    description: 'true where the entry could not be verified against a primary source',
    example: false,
  })
  provisional?: boolean;
  @ApiProperty({ required: false, example: 'Caveats and usage' }) note?: string;
}

/** A version of a code list; entries of some lists carry more fields (a category, an outcome group, …). */
export class CodeListVersionDto {
  @ApiProperty({ example: 'sen-provision' }) id: string;
  @ApiProperty({ example: '2014-09' }) version: string;
  @ApiProperty({ format: 'date', example: '2014-09-01' }) validFrom: string;
  @ApiProperty({ required: false, format: 'date', example: '2024-07-31' }) validTo?: string;
  @ApiProperty({ required: false, example: 'SEND Code of Practice (2014)' }) source?: string;
  @ApiProperty({ required: false, example: false }) provisional?: boolean;
  @ApiProperty({ required: false, example: 'Caveats about this version' }) note?: string;
  @ApiProperty({ type: [CodeListEntryDto] }) entries: CodeListEntryDto[];
}

export class UpnCheckResultDto {
  @ApiProperty({ description: 'The UPN trimmed and upper-cased', example: 'H801200001001' }) upn: string;
  @ApiProperty({ example: true }) valid: boolean;
  @ApiProperty({
    description: 'null when not valid',
    enum: ['permanent', 'temporary'],
    nullable: true,
    example: 'permanent',
  })
  kind: 'permanent' | 'temporary' | null;
  @ApiProperty({ description: 'DfE’s messages, when not valid', type: [String], example: [] })
  errors: readonly string[];
}

// ---- the partnership

export class AgreementPartyDto implements AgreementPartyView {
  @ApiProperty({ format: 'uuid', example: LA }) localAuthorityId: string;
  @ApiProperty({ example: 'Manchester' }) name: string;
  @ApiProperty({
    description: 'When this LA confirmed it (its DPO or an LA officer); null: not yet',
    format: 'date-time',
    type: String,
    nullable: true,
    example: '2026-11-28T09:30:00.000Z',
  })
  confirmedAt: string | null;
}

export class AgreementActionsDto {
  @ApiProperty({
    description: 'The party LAs you may still confirm it for',
    type: [String],
    format: 'uuid',
    example: [],
  })
  confirmFor: string[];
  @ApiProperty({ description: 'Whether you may end it', example: true }) end: boolean;
}

export class AgreementDto implements AgreementView {
  @ApiProperty({ format: 'uuid', example: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f' }) id: string;
  @ApiProperty({ example: 'North West data-sharing agreement 2026' }) title: string;
  @ApiProperty({ example: 'To commission and follow alternative provision placements across the partnership' })
  purpose: string;
  @ApiProperty({ enum: AGREEMENT_GRANTS, isArray: true, example: ['partnership_view'] }) grants: AgreementGrant[];
  @ApiProperty({ format: 'date', example: '2026-09-01' }) startsOn: string;
  @ApiProperty({ format: 'date', type: String, nullable: true, example: null }) endsOn: string | null;
  @ApiProperty({ enum: ['proposed', 'confirmed', 'ended'], example: 'confirmed' }) status: AgreementStatusName;
  @ApiProperty({
    enum: AGREEMENT_STATES,
    description:
      'proposed: waiting for a party to confirm; awaiting_start: confirmed, before its start date; in_force: it grants what it says; expired: past its end date; ended: a party or the lead ended it',
    example: 'in_force',
  })
  state: AgreementState;
  @ApiProperty({ type: [AgreementPartyDto] }) parties: AgreementPartyDto[];
  @ApiProperty({ type: [String], format: 'uuid', example: [LA] }) localAuthorityIds: string[];
  @ApiProperty({
    description: 'When the last party confirmed it',
    format: 'date-time',
    type: String,
    nullable: true,
    example: '2026-11-28T09:30:00.000Z',
  })
  confirmedAt: string | null;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: null }) endedAt: string | null;
  @ApiProperty({
    description: 'The party LA that ended it (null: the lead, or not ended)',
    format: 'uuid',
    type: String,
    nullable: true,
    example: null,
  })
  endedForLocalAuthorityId: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) endReason: string | null;
  @ApiProperty({ description: 'Send it back with a confirmation or an end', example: 3 }) version: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-27T10:00:00.000Z' }) createdAt: string;
  @ApiProperty({ type: AgreementActionsDto }) yourActions: AgreementActionsDto;
}

export class AgreementListDto {
  @ApiProperty({ type: [AgreementDto] }) items: AgreementDto[];
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid', example: LA }) id: string;
  @ApiProperty({
    ...ORGANISATION_KIND_ENUM,
    description: 'The organisation kinds the app’s modules register',
    example: 'local_authority',
  })
  kind: string;
  @ApiProperty({ example: 'Manchester' }) name: string;
  @ApiProperty({ description: 'A local authority’s DfE number', type: String, nullable: true, example: '352' })
  laNumber: string | null;
  @ApiProperty({
    description: 'A local authority’s ONS (GSS) code',
    type: String,
    nullable: true,
    example: 'E08000003',
  })
  gssCode: string | null;
  @ApiProperty({ description: 'The partnership’s lead local authority', example: true }) isLead: boolean;
  @ApiProperty({ type: String, nullable: true, example: null }) urn: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) ukprn: string | null;
  @ApiProperty({
    description: 'An early years setting’s Ofsted URN: EY and six digits, or six or seven digits',
    type: String,
    nullable: true,
    example: null,
  })
  ofstedUrn: string | null;
  @ApiProperty({
    description: 'The local authority a school or provider belongs to',
    format: 'uuid',
    type: String,
    nullable: true,
    example: null,
  })
  localAuthorityId: string | null;
  @ApiProperty({ enum: ['active', 'closed'], example: 'active' }) status: 'active' | 'closed';
  @ApiProperty({
    description:
      'Goes up by one at each change; send it back to change the organisation (409 when it changed meanwhile)',
    example: 1,
  })
  version: number;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationDto] }) items: OrganisationDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor: string | null;
}

export class OrganisationListDto {
  @ApiProperty({ type: [OrganisationDto] }) items: OrganisationDto[];
}

export class PersonDto {
  @ApiProperty({ description: 'The membership', format: 'uuid', example: '3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b' })
  id: string;
  @ApiProperty({ required: false, format: 'uuid', example: '0b8f7a53-1a52-4a55-9a55-2c3f6f0e2a11' }) tenantId?: string;
  @ApiProperty({ format: 'uuid', example: ID }) userId: string;
  @ApiProperty({ example: 'Sam Jones' }) displayName: string;
  @ApiProperty({
    required: false,
    description: 'For the partnership lead and data protection officer only',
    format: 'email',
    example: 'sam.jones@leicester.gov.example',
  })
  email?: string;
  @ApiProperty({
    required: false,
    description: 'Whether they have accepted their invitation (for the partnership lead and LA admins)',
    enum: ['invited', 'active', 'disabled'],
    example: 'active',
  })
  userStatus?: string;
  @ApiProperty({ description: 'A role of the role registry', example: 'la_officer' }) role: string;
  @ApiProperty({ format: 'uuid', example: LA }) organisationId: string;
  @ApiProperty({ example: 'Leicester' }) organisationName: string;
}

export class PersonPageDto {
  @ApiProperty({ type: [PersonDto] }) items: PersonDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor: string | null;
}

export class AccessLogEntryDto implements AccessLogEntry {
  @ApiProperty({ format: 'uuid', example: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a' }) id: string;
  @ApiProperty({ description: 'ISO 8601, UTC, microseconds', example: '2026-11-27T10:15:30.123456Z' })
  occurredAt: string;
  @ApiProperty({ format: 'uuid', type: String, nullable: true, example: ID }) actorId: string | null;
  @ApiProperty({ example: 'organisation.create' }) action: string;
  @ApiProperty({ example: 'Organisation' }) subjectType: string;
  @ApiProperty({ type: String, nullable: true, example: 'a1b2c3' }) requestId: string | null;
}

export class AccessLogPageDto implements AccessLogPage {
  @ApiProperty({ type: [AccessLogEntryDto] }) items: AccessLogEntryDto[];
  @ApiProperty({
    description: 'Pass as `cursor` for the next (older) page; null on the last',
    type: String,
    nullable: true,
    example: null,
  })
  nextCursor: string | null;
}

// ---- platform administration

export class TenantDto {
  @ApiProperty({ format: 'uuid', example: ID }) id: string;
  @ApiProperty({ example: 'east-midlands' }) slug: string;
  @ApiProperty({ example: 'East Midlands Change Programme Partnership' }) name: string;
  @ApiProperty({
    description: 'The region (code list regions), when set',
    type: String,
    nullable: true,
    example: 'East Midlands',
  })
  region: string | null;
  @ApiProperty({ enum: ['active', 'suspended', 'closed'], example: 'active' }) status: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-27T10:00:00.000Z' }) createdAt: string;
}

export class TenantListDto {
  @ApiProperty({ type: [TenantDto] }) items: TenantDto[];
}

export class UserDto {
  @ApiProperty({ format: 'uuid', example: ID }) id: string;
  @ApiProperty({ format: 'email', example: 'sam.jones@leicester.gov.example' }) email: string;
  @ApiProperty({ example: 'Sam Jones' }) displayName: string;
  @ApiProperty({ enum: ['platform_admin', 'national_board', null], nullable: true, example: null }) platformRole:
    string | null;
  @ApiProperty({ enum: ['invited', 'active', 'disabled'], example: 'active' }) status: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty({
    description: 'Pass as `after` for the next page; null on the last',
    type: String,
    nullable: true,
    example: null,
  })
  nextCursor: string | null;
}

export class SingleUseLinkDto implements SingleUseLink {
  @ApiProperty({ example: 'http://localhost:3000/password-reset/Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8' })
  url: string;
  @ApiProperty({ example: 'Zq7c3o8Hk2mN1pV4sT6wY9xA0bC5dE7fG2hJ4kL6mN8' }) token: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-27T14:00:00.000Z' }) expiresAt: string;
}

export class InvitedUserDto extends UserDto {
  @ApiProperty({
    description: 'A single-use invite link to pass on (the invite email carries one of its own)',
    type: SingleUseLinkDto,
  })
  invite: SingleUseLinkDto;
}

export class MembershipDto {
  @ApiProperty({ format: 'uuid', example: ID }) id: string;
  @ApiProperty({ required: false, format: 'uuid', example: ID }) tenantId?: string;
  @ApiProperty({ format: 'uuid', example: ID }) userId: string;
  @ApiProperty({ format: 'uuid', example: LA }) organisationId: string;
  @ApiProperty({ description: 'A role of the role registry', example: 'la_officer' }) role: string;
  @ApiProperty({ enum: ['active', 'revoked'], example: 'active' }) status: string;
}

export class MembershipListDto {
  @ApiProperty({ type: [MembershipDto] }) items: MembershipDto[];
}

export class QueueCountsDto {
  @ApiProperty({ example: 0 }) waiting: number;
  @ApiProperty({ example: 1 }) active: number;
  @ApiProperty({ example: 0 }) delayed: number;
  @ApiProperty({ example: 12 }) completed: number;
  @ApiProperty({ example: 1 }) failed: number;
}

export class QueueHealthDto {
  @ApiProperty({ example: 'notifications' }) queue: string;
  @ApiProperty({ type: QueueCountsDto }) counts: QueueCountsDto;
}

export class QueuesDto {
  @ApiProperty({ description: 'bullmq (Redis), or memory where no Redis is configured', example: 'bullmq' })
  backend: string;
  @ApiProperty({ type: [QueueHealthDto] }) queues: QueueHealthDto[];
}

export class FailedJobDto {
  @ApiProperty({ example: '4f1c2d3e' }) id: string;
  @ApiProperty({ example: 'notifications.invite' }) name: string;
  @ApiProperty({ format: 'uuid', example: '00000000-0000-0000-0000-000000000000' }) tenantId: string;
  @ApiProperty({ example: 5 }) attemptsMade: number;
  @ApiProperty({ example: 'NotifyError (429)' }) failedReason: string;
  @ApiProperty({ format: 'date-time', type: String, nullable: true, example: '2026-11-27T10:00:00.000Z' }) failedAt:
    string | null;
}

export class FailedJobListDto {
  @ApiProperty({ type: [FailedJobDto] }) items: FailedJobDto[];
}

export class RetriedDto {
  @ApiProperty({ enum: [true], example: true }) retried: true;
}

export class QueueProbeDto {
  @ApiProperty({ format: 'uuid', example: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d' }) id: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-27T10:00:00.000Z' }) requestedAt: string;
  @ApiProperty({
    description: 'null until the job has run',
    format: 'date-time',
    type: String,
    nullable: true,
    example: null,
  })
  completedAt: string | null;
}

export class ProbeStatusDto extends QueueProbeDto {
  @ApiProperty({
    description: 'The attempt that completed it; null until then',
    type: Number,
    nullable: true,
    example: 1,
  })
  completedAttempt: number | null;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid', example: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d' }) id: string;
  @ApiProperty({ description: 'A template of the notification registry', example: 'invite' }) template: string;
  @ApiProperty({ format: 'email', example: 'sam.jones@leicester.gov.example' }) email: string;
  @ApiProperty({ description: 'notify (GOV.UK Notify) or outbox (development)', example: 'outbox' }) provider: string;
  @ApiProperty({ example: 'sent' }) status: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-27T10:00:00.000Z' }) createdAt: string;
  @ApiProperty({
    description: 'The development outbox only: what would have been sent',
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    example: { service_name: 'REP Hub' },
  })
  personalisation: Record<string, string> | null;
  @ApiProperty({ type: String, nullable: true, example: 'Create your password for REP Hub' }) subject: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'You have been invited to use REP Hub, …' }) body:
    string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty(NEXT_CURSOR) nextCursor: string | null;
}
