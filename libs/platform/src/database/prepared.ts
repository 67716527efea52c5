import { createHash } from 'node:crypto';
import { EntityManager, QueryFailedError } from 'typeorm';

/** The part of a `pg` client this needs: a query given as a config object with a statement name. */
interface NamedQueryClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const NAMES_KEPT = 1000;
const names = new Map<string, string>();

/** A statement's name: from a hash of its text, so one text always has one name and two never share. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `rh_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    if (names.size < NAMES_KEPT) names.set(text, name);
  }
  return name;
}

/**
 * Runs a hot statement as a named prepared statement on the unit of work's connection: PostgreSQL
 * parses it once per connection and, once it has seen it five times, plans it once
 * (`plan_cache_mode = auto` keeps a generic plan when it costs no more than a custom one), instead
 * of planning it on every request. For the case list that planning was most of PostgreSQL's time.
 *
 * For statements whose text takes a bounded number of shapes (values go in `values`, never in
 * the text), because every shape is a prepared statement held by every pooled connection. The
 * statement runs in the manager's transaction like manager.query, under the same RLS settings;
 * errors come back as TypeORM's QueryFailedError. Without a connection of its own (PGlite's
 * driver, or a manager outside a transaction) it is manager.query.
 */
export async function preparedQuery<T>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const client = (manager.queryRunner as { databaseConnection?: NamedQueryClient } | undefined)?.databaseConnection;
  if (!client) return (await manager.query(text, values)) as T[];
  try {
    const result = await client.query({ name: statementName(text), text, values });
    return result.rows as T[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
