import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * A data-sharing agreement between local authorities of one partnership (wall 2): while it is in
 * force, users of a party LA may see the pupil rows of the other parties.
 */
@Entity({ name: 'data_sharing_agreements' })
export class DataSharingAgreement {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid') id: string;
  @Column('text') title: string;
  @Column('date', { name: 'starts_on' }) startsOn: string;
  @Column('date', { name: 'ends_on', nullable: true }) endsOn: string | null;
  @Column('text', { default: 'active' }) status: 'active' | 'ended';
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}

@Entity({ name: 'data_sharing_agreement_parties' })
export class DataSharingAgreementParty {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { name: 'agreement_id' }) agreementId: string;
  @PrimaryColumn('uuid', { name: 'la_id' }) laId: string;
}
