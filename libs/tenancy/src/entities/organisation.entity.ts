import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** An organisation kind's code: the core's or a module's, as the RoleRegistry holds them. */
export type OrganisationKind = string;

/**
 * An organisation inside a partnership: a local authority (DfE number and ONS code; lead or
 * partner), a school or setting (URN), an early years setting (Ofsted URN), an ICB, a training provider or a parent carer forum, or a
 * kind a module registers (the RoleRegistry). Tenant-owned: key (tenant_id, id), forced RLS.
 */
@Entity({ name: 'organisations' })
export class Organisation {
  @PrimaryColumn('uuid', { name: 'tenant_id' }) tenantId: string;
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' }) id: string;
  @Column('text') kind: OrganisationKind;
  @Column('text') name: string;
  @Column('char', { name: 'la_number', length: 3, nullable: true }) laNumber: string | null;
  @Column('char', { name: 'gss_code', length: 9, nullable: true }) gssCode: string | null;
  @Column('boolean', { name: 'is_lead', default: false }) isLead: boolean;
  @Column('char', { length: 6, nullable: true }) urn: string | null;
  @Column('char', { length: 8, nullable: true }) ukprn: string | null;
  /** An early years setting's Ofsted URN: EY and 6 digits, or 6 or 7 digits (upper-case). */
  @Column('text', { name: 'ofsted_urn', nullable: true }) ofstedUrn: string | null;
  /** For a school or setting: its local authority. */
  @Column('uuid', { name: 'local_authority_id', nullable: true }) localAuthorityId: string | null;
  @Column('text', { default: 'active' }) status: 'active' | 'closed';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @VersionColumn() version: number;
}
