import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

export type AgreementStatus = 'proposed' | 'confirmed' | 'ended';

/**
 * A data-sharing agreement between local authorities of one partnership (wall 2). It grants what
 * its columns say (the lead's pseudonymised partnership view, named pupils for officers of the
 * other party LAs, or both) only once every party LA has confirmed it, within its dates, until a
 * party ends it (SQL: `data_sharing_in_force()`).
 */
@Entity({ name: 'data_sharing_agreements' })
export class DataSharingAgreement {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') title: string;
  @Column('text') purpose: string;
  @Column('boolean', { name: 'grants_partnership_view' }) grantsPartnershipView: boolean;
  @Column('boolean', { name: 'grants_named_pupils' }) grantsNamedPupils: boolean;
  @Column('date', { name: 'starts_on' }) startsOn: string;
  @Column('date', { name: 'ends_on', nullable: true }) endsOn: string | null;
  @Column('text', { default: 'proposed' }) status: AgreementStatus;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @Column('timestamptz', { name: 'confirmed_at', nullable: true }) confirmedAt: Date | null;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  @Column('uuid', { name: 'ended_by', nullable: true }) endedBy: string | null;
  @Column('uuid', { name: 'ended_for_la_id', nullable: true }) endedForLaId: string | null;
  @Column('text', { name: 'end_reason', nullable: true }) endReason: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

@Entity({ name: 'data_sharing_agreement_parties' })
export class DataSharingAgreementParty {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { name: 'agreement_id' }) agreementId: string;
  @PrimaryColumn('uuid', { name: 'la_id' }) laId: string;
  @Column('timestamptz', { name: 'confirmed_at', nullable: true }) confirmedAt: Date | null;
  @Column('uuid', { name: 'confirmed_by', nullable: true }) confirmedBy: string | null;
}
