import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A single-use link (invite or password reset), stored only as its hash. */
@Entity({ name: 'user_tokens' })
export class UserToken {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text') purpose: 'invite' | 'password_reset';
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
}
