import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, UnitOfWork } from '@rep-hub/platform';
import {
  arrayLiteral,
  AUDIT_SEAL_BATCH,
  auditTenants,
  CHAIN_EVENT_COLUMNS,
  ChainEvent,
  chainHash,
  genesisHash,
  lockChain,
  signHead,
  signingKeyId,
  UUID_PATTERN,
} from './audit-chain';

/** sealAll() finished, but some tenants' chains could not be sealed (the rest were). */
export class AuditSealError extends Error {
  constructor(readonly failures: { tenantId: string; errorClass: string }[]) {
    super(`Sealing failed for ${failures.length} tenant(s)`);
    this.name = 'AuditSealError';
  }
}

/** The class of an error, for logs that must never carry a message. */
export function errorClass(error: unknown): string {
  if (error instanceof Error) return error.name || error.constructor.name || 'Error';
  return typeof error;
}

/**
 * Chains committed audit events per tenant. One unit of work per tenant, serialised by an advisory
 * lock; each run seals up to AUDIT_SEAL_BATCH events in (occurred_at, id) order, extending the
 * chain from its head, and re-signs the head.
 */
@Injectable()
export class AuditSealer {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seals the next batch of `tenantId`'s unsealed events; returns how many were sealed. */
  async sealTenant(tenantId: string): Promise<number> {
    if (!UUID_PATTERN.test(tenantId)) throw new TypeError('tenantId must be a UUID');
    const tenant = tenantId.toLowerCase();
    return this.uow.forTenant({ tenantId: tenant }, async (m) => {
      await lockChain(m, tenant);
      const [head]: { seq: string; hash: string }[] = await m.query(
        `SELECT seq::text AS seq, hash FROM audit_chain_heads WHERE tenant_id = $1::uuid`,
        [tenant],
      );
      const events: ChainEvent[] = await m.query(
        `SELECT ${CHAIN_EVENT_COLUMNS}
           FROM audit_events e
           LEFT JOIN audit_seals s ON s.tenant_id = e.tenant_id AND s.event_id = e.id
          WHERE e.tenant_id = $1::uuid AND s.event_id IS NULL
          ORDER BY e.occurred_at, e.id
          LIMIT ${AUDIT_SEAL_BATCH}`,
        [tenant],
      );
      if (events.length === 0) return 0;
      let seq = head ? Number(head.seq) : 0;
      let hash = head ? head.hash : genesisHash(tenant);
      const seqs: number[] = [];
      const ids: string[] = [];
      const hashes: string[] = [];
      for (const event of events) {
        seq += 1;
        hash = chainHash(hash, event);
        seqs.push(seq);
        ids.push(event.id);
        hashes.push(hash);
      }
      await m.query(
        `INSERT INTO audit_seals (tenant_id, seq, event_id, hash)
         SELECT $1::uuid, t.seq, t.event_id, t.hash
           FROM unnest($2::bigint[], $3::uuid[], $4::text[]) AS t (seq, event_id, hash)`,
        [tenant, arrayLiteral(seqs), arrayLiteral(ids), arrayLiteral(hashes)],
      );
      const key = this.config.auditSigningKey;
      await m.query(
        `INSERT INTO audit_chain_heads (tenant_id, seq, hash, signature, key_id, signed_at)
         VALUES ($1::uuid, $2::bigint, $3, $4, $5, now())
         ON CONFLICT (tenant_id) DO UPDATE
           SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, signature = EXCLUDED.signature,
               key_id = EXCLUDED.key_id, signed_at = EXCLUDED.signed_at`,
        [tenant, String(seq), hash, signHead(key, tenant, seq, hash), signingKeyId(key)],
      );
      return events.length;
    });
  }

  /**
   * Seals every tenant's chain and NIL_TENANT's (platform work), each in its own unit of work and
   * batch after batch until none is left. A failing tenant does not stop the others; the failures
   * are thrown together at the end as an AuditSealError. Returns how many events were sealed.
   */
  async sealAll(): Promise<number> {
    const failures: { tenantId: string; errorClass: string }[] = [];
    let total = 0;
    for (const tenantId of await auditTenants(this.uow)) {
      try {
        for (;;) {
          const sealed = await this.sealTenant(tenantId);
          total += sealed;
          if (sealed < AUDIT_SEAL_BATCH) break;
        }
      } catch (error) {
        failures.push({ tenantId, errorClass: errorClass(error) });
      }
    }
    if (failures.length > 0) throw new AuditSealError(failures);
    return total;
  }
}
