/**
 * The one UUID check of REP Hub (ids of records, tenants, actors, cursors): any version, either
 * case. Every caller uses these, so a path, a job envelope, the unit of work and a form agree.
 */
export const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A whole value that is a UUID (anchored, case-insensitive). */
export const UUID_PATTERN = new RegExp(`^${UUID_SOURCE}$`, 'i');

/** Whether a value (a path or query value, a posted field, a JSON field) is a UUID. */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_PATTERN.test(v);
