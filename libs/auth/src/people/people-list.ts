import { EntityManager } from 'typeorm';
import { AppAbility } from '../authz/abilities';
import { project } from '../authz/projection';
import { sqlScope } from '../authz/sql-scope';

/** One active role of one person, as the people list shows it (before the projection). */
interface PersonRow extends Record<string, unknown> {
  id: string;
  tenantId: string;
  userId: string;
  displayName: string;
  email: string;
  userStatus: string;
  role: string;
  organisationId: string;
  organisationName: string;
}

/** The fields a reader may be shown; field permissions choose which (email: the lead and the DPO only). */
export const PERSON_FIELDS = [
  'id',
  'userId',
  'displayName',
  'email',
  'userStatus',
  'role',
  'organisationId',
  'organisationName',
] as const;
const COLUMNS = { tenantId: 'tenant_id', id: 'id', userId: 'user_id', role: 'role', organisationId: 'organisation_id' };

export interface PeopleQuery {
  limit: number;
  /** The last (display name, membership id) of the previous page. */
  after?: readonly [string, string] | null;
  organisationId?: string;
  role?: string;
}

/**
 * A page of the active roles of a partnership's people, by name, in the caller's tenant unit of
 * work: CASL's read rules on Membership compiled to SQL, then the projection (emails for the
 * partnership lead and the DPO only). The API's people list and the people pages both read it.
 */
export async function peoplePage(
  m: EntityManager,
  ability: AppAbility,
  tenantId: string,
  query: PeopleQuery,
): Promise<{ items: Record<string, unknown>[]; userIds: string[]; next: [string, string] | null }> {
  const scope = sqlScope(ability, 'read', 'Membership', 'ms', COLUMNS);
  const params: Record<string, unknown> = { ...scope.params, tenantId, limit: query.limit + 1 };
  const filters: string[] = [];
  if (query.after) {
    filters.push('AND (u.display_name, ms.id) > (:afterName, :afterId)');
    params['afterName'] = query.after[0];
    params['afterId'] = query.after[1];
  }
  if (query.organisationId) {
    filters.push('AND ms.organisation_id = :organisationId');
    params['organisationId'] = query.organisationId;
  }
  if (query.role) {
    filters.push('AND ms.role = :role');
    params['role'] = query.role;
  }
  const [sql, values] = m.connection.driver.escapeQueryWithParameters(
    `SELECT ms.id, ms.tenant_id AS "tenantId", ms.user_id AS "userId", u.display_name AS "displayName", u.email,
            u.status AS "userStatus", ms.role, ms.organisation_id AS "organisationId", o.name AS "organisationName"
       FROM memberships ms
       JOIN users u ON u.id = ms.user_id
       JOIN organisations o ON o.tenant_id = ms.tenant_id AND o.id = ms.organisation_id
      WHERE ms.tenant_id = :tenantId AND ms.status = 'active' AND u.status <> 'disabled' AND ${scope.sql} ${filters.join(' ')}
      ORDER BY u.display_name, ms.id
      LIMIT :limit`,
    params,
  );
  const rows = (await m.query(sql, values)) as PersonRow[];
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => project(ability, 'read', 'Membership', r, PERSON_FIELDS)),
    userIds: [...new Set(page.map((r) => r.userId))],
    next: rows.length > query.limit && last ? [last.displayName, last.id] : null,
  };
}
