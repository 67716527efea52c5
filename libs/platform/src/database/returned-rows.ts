/**
 * The rows of an UPDATE or DELETE … RETURNING run with `EntityManager.query`: TypeORM gives
 * `[rows, count]` for those on PostgreSQL, and the rows alone for a SELECT or an INSERT.
 */
export const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
    ? result[0]
    : result) as T[];
