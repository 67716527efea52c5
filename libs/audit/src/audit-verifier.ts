import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, UnitOfWork } from '@rep-hub/platform';
import {
  AUDIT_SEAL_BATCH,
  auditTenants,
  CHAIN_EVENT_COLUMNS,
  ChainEvent,
  chainHash,
  genesisHash,
  headSignatureValid,
  lockChain,
  signingKeyId,
  UUID_PATTERN,
} from './audit-chain';

export interface ChainProblem {
  seq?: number;
  eventId?: string;
  problem: string;
}

export interface TenantVerification {
  tenantId: string;
  /** Events in the chain (seals). */
  sealed: number;
  /** Committed events not sealed yet: reported, never a failure. */
  unsealed: number;
  problems: ChainProblem[];
}

export interface AuditVerification {
  ok: boolean;
  tenants: TenantVerification[];
}

type SealRow = ChainEvent & { seal_seq: string; seal_event_id: string; seal_hash: string };

/**
 * Recomputes every tenant's chain (and NIL_TENANT's) over audit_seals ⨝ audit_events in seq
 * order, each tenant in its own unit of work holding the sealer's lock (so it sees a chain no
 * sealer is extending), and checks the head and its signature with the configured key.
 */
@Injectable()
export class AuditVerifier {
  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(): Promise<AuditVerification> {
    const tenants: TenantVerification[] = [];
    for (const tenantId of await auditTenants(this.uow)) tenants.push(await this.verifyTenant(tenantId));
    return { ok: tenants.every((t) => t.problems.length === 0), tenants };
  }

  async verifyTenant(tenantId: string): Promise<TenantVerification> {
    if (!UUID_PATTERN.test(tenantId)) throw new TypeError('tenantId must be a UUID');
    const tenant = tenantId.toLowerCase();
    return this.uow.forTenant({ tenantId: tenant }, async (m) => {
      await lockChain(m, tenant);
      const problems: ChainProblem[] = [];
      let prevHash = genesisHash(tenant);
      let expectedSeq = 1;
      let last: { seq: number; hash: string; eventId: string } | null = null;
      let sealed = 0;
      for (;;) {
        const rows: SealRow[] = await m.query(
          `SELECT s.seq::text AS seal_seq, s.event_id::text AS seal_event_id, s.hash AS seal_hash, ${CHAIN_EVENT_COLUMNS}
             FROM audit_seals s
             LEFT JOIN audit_events e ON e.tenant_id = s.tenant_id AND e.id = s.event_id
            WHERE s.tenant_id = $1::uuid AND s.seq > $2::bigint
            ORDER BY s.seq
            LIMIT ${AUDIT_SEAL_BATCH}`,
          [tenant, String(last?.seq ?? 0)],
        );
        for (const row of rows) {
          const seq = Number(row.seal_seq);
          const eventId = row.seal_event_id;
          if (seq !== expectedSeq) {
            problems.push({ seq, eventId, problem: `seq gap: expected seq ${expectedSeq}, found seq ${seq}` });
          }
          if (row.id === null) {
            problems.push({ seq, eventId, problem: 'the sealed event is missing' });
          } else if (chainHash(prevHash, row) !== row.seal_hash) {
            problems.push({ seq, eventId, problem: 'the event does not match its seal (altered after sealing)' });
          }
          // chain on from the stored hash, so one altered event is reported once, where it is
          prevHash = row.seal_hash;
          expectedSeq = seq + 1;
          last = { seq, hash: row.seal_hash, eventId };
          sealed += 1;
        }
        if (rows.length < AUDIT_SEAL_BATCH) break;
      }

      const [head]: { seq: string; hash: string; signature: string; key_id: string }[] = await m.query(
        `SELECT seq::text AS seq, hash, signature, key_id FROM audit_chain_heads WHERE tenant_id = $1::uuid`,
        [tenant],
      );
      if (!head) {
        if (last)
          problems.push({ seq: last.seq, eventId: last.eventId, problem: 'the chain has seals but no signed head' });
      } else {
        const headSeq = Number(head.seq);
        if (!last) {
          problems.push({ seq: headSeq, problem: `the chain head names seq ${headSeq} but there are no seals` });
        } else if (headSeq !== last.seq || head.hash !== last.hash) {
          problems.push({
            seq: last.seq,
            eventId: last.eventId,
            problem: `the chain head (seq ${headSeq}) disagrees with the last seal (seq ${last.seq})`,
          });
        }
        const key = this.config.auditSigningKey;
        if (!headSignatureValid(key, tenant, headSeq, head.hash, head.signature)) {
          const keyId = signingKeyId(key);
          problems.push({
            seq: headSeq,
            ...(last && last.seq === headSeq ? { eventId: last.eventId } : {}),
            problem:
              head.key_id === keyId
                ? 'the chain head signature does not verify'
                : `the chain head signature does not verify (signed with key ${head.key_id}, configured key is ${keyId})`,
          });
        }
      }

      const [{ count }]: { count: string }[] = await m.query(
        `SELECT count(*)::text AS count
           FROM audit_events e
          WHERE e.tenant_id = $1::uuid
            AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.tenant_id = e.tenant_id AND s.event_id = e.id)`,
        [tenant],
      );
      return { tenantId: tenant, sealed, unsealed: Number(count), problems };
    });
  }
}

/** One line per tenant, then one indented line per problem naming its seq and event id. */
export function formatVerification(result: AuditVerification): string[] {
  const lines: string[] = [];
  for (const t of result.tenants) {
    const head = `tenant ${t.tenantId}: ${t.sealed} sealed, ${t.unsealed} unsealed`;
    if (t.problems.length === 0) {
      lines.push(`${head}, OK`);
      continue;
    }
    lines.push(`${head}, ${t.problems.length} problem(s)`);
    for (const p of t.problems) {
      const where = [p.seq !== undefined ? `seq ${p.seq}` : undefined, p.eventId ? `event ${p.eventId}` : undefined]
        .filter(Boolean)
        .join(', ');
      lines.push(`  ${where ? `${where}: ` : ''}${p.problem}`);
    }
  }
  return lines;
}
