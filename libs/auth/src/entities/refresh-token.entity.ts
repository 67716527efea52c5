import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An opaque refresh token, stored only as its hash; used once, then rotated. */
@Entity({ name: 'refresh_tokens' })
export class RefreshToken {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'session_id' }) sessionId: string;
  @Column('text', { name: 'token_hash' }) tokenHash: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
}
