import { NotFoundException } from '@nestjs/common';
import { AccessLogEntry, AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, isUuid, InvalidFieldsException, problem } from '@rep-hub/platform';
import { SubjectAccessRegistry } from './subject-access';

export interface DpoAccessLogQuery {
  /** A record: who viewed or changed it. */
  subjectId?: string;
  /** A user: what they viewed or changed. */
  actorId?: string;
  limit?: number;
  /** The id of the last event of the previous page. */
  before?: string;
}

export interface DpoAccessLogPage {
  items: AccessLogEntry[];
  nextCursor: string | null;
}

/** Every LA of the partnership, read in a tenant-only unit of work (to find whose records they are, or where a match is held). */
export async function partnershipLas(auth: AuthContext): Promise<string[]> {
  const tenantId = auth.tenantId;
  const rows = (await auth.inTenant((m) =>
    m.query(`SELECT id::text AS id FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority'`, [tenantId]),
  )) as { id: string }[];
  return rows.map((r) => r.id);
}

/** The LAs a data protection officer acts for: those of their DPO memberships. */
export function dpoLas(auth: AuthContext): string[] {
  return [
    ...new Set(
      auth.principal.memberships
        .filter((m) => m.role === 'data_protection_officer' && m.localAuthorityId)
        .map((m) => m.localAuthorityId!),
    ),
  ];
}

/**
 * The DPO's "who accessed this record" (issue 20): the audit trail's rows about one record, or of
 * one user, limited to what the DPO's own LA answers for. An LA's record (a pupil, a case…: the
 * modules' subject access contributors say whose it is) of another LA is not found; a user's
 * events are kept when they name a record of the DPO's LA, carry its LA, or name no LA's record at
 * all (partnership records: organisations, agreements). Reading the log is audited. `records` is
 * absent in an app whose modules keep no LA's records.
 */
export async function readDpoAccessLog(
  auth: AuthContext,
  audit: AuditService,
  records: SubjectAccessRegistry | undefined,
  q: DpoAccessLogQuery,
): Promise<DpoAccessLogPage> {
  const errors: FieldError[] = [];
  if (!q.subjectId === !q.actorId)
    errors.push({ field: 'subjectId', message: 'Give either the record (subjectId) or the user (actorId)' });
  if (q.subjectId && !isUuid(q.subjectId)) errors.push({ field: 'subjectId', message: 'subjectId must be a UUID' });
  if (q.actorId && !isUuid(q.actorId)) errors.push({ field: 'actorId', message: 'actorId must be a UUID' });
  if (errors.length) throw new InvalidFieldsException(errors);
  const own = dpoLas(auth);
  const tenantId = auth.tenantId;
  const allLas = await partnershipLas(auth);
  // whose records they are is read over every LA (ids and LAs only); the log in the DPO's own unit of work
  const controllers = (ids: string[]) =>
    records
      ? auth.inTenantWithLas(allLas, (m) => records.controllersOf(m, tenantId, ids))
      : Promise.resolve(new Map<string, string>());
  const options = { limit: q.limit, before: q.before };
  if (q.subjectId) {
    const la = (await controllers([q.subjectId])).get(q.subjectId.toLowerCase());
    if (la && !own.includes(la))
      throw new NotFoundException(
        problem(404, 'There is no such record of your local authority: another LA controls it and answers for it.'),
      );
    return auth.inTenant(async () => {
      const page = await audit.accessLog(q.subjectId!, options);
      await audit.record({ action: 'audit.read', subjectType: 'AuditEvent', subjectIds: [q.subjectId!] });
      return page;
    });
  }
  const raw = await auth.inTenant(() => audit.actorLog(q.actorId!, options));
  const owners = await controllers([...new Set(raw.items.flatMap((e) => e.subjectIds))]);
  const items = raw.items
    .filter((e) => {
      const las = e.subjectIds.map((id) => owners.get(id)).filter((x): x is string => !!x);
      if (las.some((l) => own.includes(l))) return true;
      if (e.laId) return own.includes(e.laId);
      return las.length === 0;
    })
    .map(({ subjectIds: _ids, laId: _la, ...entry }) => entry);
  await auth.inTenant(() =>
    audit.record({
      action: 'audit.read',
      subjectType: 'User',
      subjectIds: [q.actorId!],
      details: { shown: items.length },
    }),
  );
  return { items, nextCursor: raw.nextCursor };
}
