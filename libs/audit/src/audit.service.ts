import { Injectable } from '@nestjs/common';
import { NIL_TENANT, preparedQuery, UnitOfWork } from '@rep-hub/platform';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { arrayLiteral, UUID_PATTERN } from './audit-chain';

/** A detail value: an id, a code, a count or a flag. Never a name, an email or free text. */
export type AuditDetailValue = string | number | boolean | null;

export interface AuditEventInput {
  /** Dotted lower case: `organisation.create`, `user.list`, `auth.sign_in`. */
  action: string;
  /** What kind of record the event is about: `organisation`, `user`, `pupil`… */
  subjectType: string;
  /** The records acted on or shown (a list view names every record it showed). */
  subjectIds?: string[];
  /** The local authority whose data it is, when there is one. */
  laId?: string | null;
  /** Ids, codes, counts and booleans only: no personal data. */
  details?: Record<string, AuditDetailValue>;
}

export interface AccessLogEntry {
  id: string;
  /** ISO 8601, UTC, microseconds. */
  occurredAt: string;
  actorId: string | null;
  action: string;
  subjectType: string;
  requestId: string | null;
}

export interface AccessLogPage {
  items: AccessLogEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export interface AccessLogOptions {
  /** 1 to 200; 50 by default. */
  limit?: number;
  /** The id of the last event of the previous page (keyset cursor). */
  before?: string;
}

/** An audit event that cannot be written as given. The message names the field, never the value. */
export class InvalidAuditEventError extends Error {
  constructor(reason: string) {
    super(`Invalid audit event: ${reason}`);
    this.name = 'InvalidAuditEventError';
  }
}

export const AUDIT_ACTION_PATTERN = /^[a-z_]+(\.[a-z_]+)+$/;
const SUBJECT_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const DETAIL_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const MAX_DETAIL_STRING = 100;
const MAX_DETAILS = 50;
const MAX_SUBJECTS = 10_000;
export const ACCESS_LOG_DEFAULT_LIMIT = 50;
export const ACCESS_LOG_MAX_LIMIT = 200;

function validate(event: AuditEventInput): void {
  if (typeof event.action !== 'string' || event.action.length > 100 || !AUDIT_ACTION_PATTERN.test(event.action)) {
    throw new InvalidAuditEventError('action must be dotted lower case, like "organisation.create"');
  }
  if (typeof event.subjectType !== 'string' || !SUBJECT_TYPE_PATTERN.test(event.subjectType)) {
    throw new InvalidAuditEventError('subjectType must be an identifier, like "organisation"');
  }
  const ids = event.subjectIds ?? [];
  if (!Array.isArray(ids) || ids.length > MAX_SUBJECTS)
    throw new InvalidAuditEventError(`subjectIds must be at most ${MAX_SUBJECTS} UUIDs`);
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || !UUID_PATTERN.test(id))
      throw new InvalidAuditEventError(`subjectIds[${i}] must be a UUID`);
  });
  if (event.laId != null && (typeof event.laId !== 'string' || !UUID_PATTERN.test(event.laId))) {
    throw new InvalidAuditEventError('laId must be a UUID');
  }
  const details = event.details ?? {};
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw new InvalidAuditEventError('details must be an object');
  }
  const keys = Object.keys(details);
  if (keys.length > MAX_DETAILS) throw new InvalidAuditEventError(`details may hold at most ${MAX_DETAILS} entries`);
  for (const key of keys) {
    if (!DETAIL_KEY_PATTERN.test(key)) throw new InvalidAuditEventError('a details key must be an identifier');
    const value: unknown = details[key];
    if (value === null || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new InvalidAuditEventError(`details.${key} must be a finite number`);
      continue;
    }
    if (typeof value === 'string') {
      // ids, codes and counts only: an email or anything long enough to be free text is refused
      if (value.includes('@'))
        throw new InvalidAuditEventError(
          `details.${key} looks like an email address (no personal data in audit details)`,
        );
      if (value.length > MAX_DETAIL_STRING) {
        throw new InvalidAuditEventError(
          `details.${key} is longer than ${MAX_DETAIL_STRING} characters (ids and codes only)`,
        );
      }
      continue;
    }
    throw new InvalidAuditEventError(`details.${key} must be an id, a code, a count or a boolean`);
  }
}

/**
 * The append-only audit trail. `record` writes one row in the open unit of work's transaction, so
 * the event commits or rolls back with the action it describes; with no unit of work open it
 * throws NoUnitOfWorkError. Platform work (no tenant) writes under NIL_TENANT.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly cls: ClsService,
  ) {}

  async record(event: AuditEventInput): Promise<string> {
    validate(event);
    const manager = this.uow.manager; // throws NoUnitOfWorkError when none is open
    const { tenantId, actorId } = this.uow.context;
    const id = randomUUID(); // no RETURNING: platform work cannot read back what it wrote
    // prepared: every request that reads or changes a child's record writes one
    await preparedQuery(
      manager,
      `INSERT INTO audit_events (tenant_id, id, actor_id, action, subject_type, subject_ids, la_id, request_id, details)
       VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6::uuid[], $7::uuid, $8, $9::jsonb)`,
      [
        tenantId ?? NIL_TENANT,
        id,
        actorId,
        event.action,
        event.subjectType,
        arrayLiteral((event.subjectIds ?? []).map((s) => s.toLowerCase())),
        event.laId ? event.laId.toLowerCase() : null,
        this.requestId(),
        JSON.stringify(event.details ?? {}),
      ],
    );
    return id;
  }

  /**
   * For a data protection officer: who viewed or changed the record `subjectId`, newest first,
   * keyset paginated, in the current tenant's unit of work (throws NoUnitOfWorkError otherwise).
   */
  async accessLog(subjectId: string, options: AccessLogOptions = {}): Promise<AccessLogPage> {
    const { items, nextCursor } = await this.eventPage(
      'subjectId',
      subjectId,
      'e.subject_ids @> ARRAY[$2]::uuid[]',
      options,
    );
    return { items: items.map(({ subjectIds: _s, laId: _l, ...entry }) => entry), nextCursor };
  }

  /**
   * For a data protection officer: the events of one user (`actorId`), newest first, keyset
   * paginated, each with the records it named and its LA, so the caller keeps only those about
   * records it answers for; in the current tenant's unit of work.
   */
  actorLog(
    actorId: string,
    options: AccessLogOptions = {},
  ): Promise<{ items: (AccessLogEntry & { subjectIds: string[]; laId: string | null })[]; nextCursor: string | null }> {
    return this.eventPage('actorId', actorId, 'e.actor_id = $2::uuid', options);
  }

  /** One page of the tenant's events matching `where` (on $2, the id), newest first, keyset paginated. */
  private async eventPage(
    field: string,
    id: string,
    where: string,
    options: AccessLogOptions,
  ): Promise<{ items: (AccessLogEntry & { subjectIds: string[]; laId: string | null })[]; nextCursor: string | null }> {
    if (typeof id !== 'string' || !UUID_PATTERN.test(id)) throw new InvalidAuditEventError(`${field} must be a UUID`);
    const limit = options.limit ?? ACCESS_LOG_DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > ACCESS_LOG_MAX_LIMIT) {
      throw new InvalidAuditEventError(`limit must be a whole number from 1 to ${ACCESS_LOG_MAX_LIMIT}`);
    }
    if (options.before !== undefined && !UUID_PATTERN.test(options.before))
      throw new InvalidAuditEventError('before must be an event id');
    const rows: {
      id: string;
      occurred_at: string;
      actor_id: string | null;
      action: string;
      subject_type: string;
      request_id: string | null;
      subject_ids: string[];
      la_id: string | null;
    }[] = await this.uow.manager.query(
      `SELECT e.id::text AS id,
              to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
              e.actor_id::text AS actor_id, e.action, e.subject_type, e.request_id,
              e.subject_ids::text[] AS subject_ids, e.la_id::text AS la_id
         FROM audit_events e
        WHERE e.tenant_id = $1::uuid AND ${where}
          AND ($3::uuid IS NULL OR (e.occurred_at, e.id) <
               (SELECT c.occurred_at, c.id FROM audit_events c WHERE c.tenant_id = $1::uuid AND c.id = $3::uuid))
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT ${limit + 1}`,
      [this.uow.tenantId, id.toLowerCase(), options.before?.toLowerCase() ?? null],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        occurredAt: r.occurred_at,
        actorId: r.actor_id,
        action: r.action,
        subjectType: r.subject_type,
        requestId: r.request_id,
        subjectIds: r.subject_ids,
        laId: r.la_id,
      })),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  private requestId(): string | null {
    if (!this.cls.isActive()) return null;
    const id: unknown = this.cls.getId();
    return typeof id === 'string' && id !== '' ? id : null;
  }
}
