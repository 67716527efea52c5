import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { NIL_TENANT, UnitOfWork, UUID_PATTERN } from '@rep-hub/platform';
import type { EntityManager } from 'typeorm';

/**
 * The hash chain shared by the sealer and the verifier. Each tenant (and NIL_TENANT for platform
 * work) has its own chain: seal n's hash is sha256hex(hash of seal n-1 + '\n' + canonical(event)),
 * seal 1 chaining from the tenant's genesis hash. The chain head (last seq and hash) is signed
 * with HMAC-SHA256 under AUDIT_SIGNING_KEY, a key kept outside the database.
 */

export const AUDIT_GENESIS_PREFIX = 'rep-hub-audit-genesis:';

/** How many events one sealing transaction takes (and how many seals the verifier reads at once). */
export const AUDIT_SEAL_BATCH = 1000;

/** The platform's one UUID check, as the sealer and the verifier read it from here. */
export { UUID_PATTERN };

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Where a tenant's chain starts: sha256 hex of 'rep-hub-audit-genesis:' + tenant id. */
export function genesisHash(tenantId: string): string {
  return sha256Hex(AUDIT_GENESIS_PREFIX + tenantId.toLowerCase());
}

/** An audit event as the chain sees it: every column as text, read the same way by sealer and verifier. */
export interface ChainEvent {
  tenant_id: string;
  id: string;
  /** ISO 8601 in UTC with microseconds, formatted by PostgreSQL (no JS Date precision loss). */
  occurred_at: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  /** JSON text of the uuid[] column. */
  subject_ids: string;
  la_id: string | null;
  request_id: string | null;
  /** JSON text of the jsonb column. */
  details: string;
}

/** The select list producing a ChainEvent from `audit_events e` (columns null when e is missing). */
export const CHAIN_EVENT_COLUMNS = `
  e.tenant_id::text AS tenant_id,
  e.id::text AS id,
  to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
  e.actor_id::text AS actor_id,
  e.action AS action,
  e.subject_type AS subject_type,
  to_jsonb(e.subject_ids)::text AS subject_ids,
  e.la_id::text AS la_id,
  e.request_id AS request_id,
  e.details::text AS details`;

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * Deterministic JSON of [tenant_id, id, occurred_at, actor_id, action, subject_type, subject_ids,
 * la_id, request_id, details (keys sorted)].
 */
export function canonicalEvent(e: ChainEvent): string {
  return JSON.stringify([
    e.tenant_id,
    e.id,
    e.occurred_at,
    e.actor_id ?? null,
    e.action,
    e.subject_type,
    JSON.parse(e.subject_ids) as unknown,
    e.la_id ?? null,
    e.request_id ?? null,
    sortKeys(JSON.parse(e.details) as unknown),
  ]);
}

export function chainHash(prevHash: string, event: ChainEvent): string {
  return sha256Hex(`${prevHash}\n${canonicalEvent(event)}`);
}

/** HMAC-SHA256 hex over `${tenantId}:${seq}:${hash}`. */
export function signHead(key: string, tenantId: string, seq: number, hash: string): string {
  return createHmac('sha256', key).update(`${tenantId}:${seq}:${hash}`, 'utf8').digest('hex');
}

export function headSignatureValid(
  key: string,
  tenantId: string,
  seq: number,
  hash: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signHead(key, tenantId, seq, hash), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Names the signing key without revealing it: the first 8 hex characters of sha256(key). */
export function signingKeyId(key: string): string {
  return sha256Hex(key).slice(0, 8);
}

/** Serialises one tenant's sealing and verification (transaction-scoped advisory lock). */
export async function lockChain(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('audit-seal:' || $1::text))`, [tenantId]);
}

/** Every chain to seal or verify: NIL_TENANT (platform work) first, then each tenant. */
export async function auditTenants(uow: UnitOfWork): Promise<string[]> {
  const rows: { id: string }[] = await uow.forPlatform(null, (m) =>
    m.query(`SELECT id::text AS id FROM tenants ORDER BY id`),
  );
  return [NIL_TENANT, ...rows.map((r) => r.id).filter((id) => id !== NIL_TENANT)];
}

/** A PostgreSQL array literal of already-validated tokens (uuids, integers, hex): no quoting needed. */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}
