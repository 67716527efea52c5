import type { DataSource } from 'typeorm';

/** The database roles. Migrations grant to them by these names. */
export const OWNER_ROLE = 'rephub_owner';
export const APP_ROLE = 'rephub_app';
export const BOARD_ROLE = 'rephub_board';
/**
 * Open data: a role no one logs in as, which the board's connection takes for a transaction
 * (`SET LOCAL ROLE`) to answer a visitor with no sign-in. It may read the published releases and
 * nothing else (no board pack, no decision, no tenant table).
 */
export const OPEN_DATA_ROLE = 'rephub_open_data';

export class UnsafeDatabaseRoleError extends Error {
  constructor(
    readonly role: string,
    readonly reasons: string[],
  ) {
    super(`Refusing to run: database role "${role}" ${reasons.join(', ')}; connect as the app role (${APP_ROLE})`);
    this.name = 'UnsafeDatabaseRoleError';
  }
}

/**
 * Every app checks its own role at start: a superuser, a BYPASSRLS role or a role that owns a
 * table would walk through row-level security, so the app refuses to run as one.
 */
export async function assertSafeAppRole(ds: DataSource): Promise<void> {
  const [row] = (await ds.query(
    `SELECT current_user AS role, r.rolsuper AS super, r.rolbypassrls AS bypass,
            (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p')) AS owned
       FROM pg_roles r WHERE r.rolname = current_user`,
  )) as { role: string; super: boolean; bypass: boolean; owned: number }[];
  const reasons: string[] = [];
  if (row.super) reasons.push('is a superuser');
  if (row.bypass) reasons.push('has BYPASSRLS');
  if (Number(row.owned) > 0) reasons.push(`owns ${row.owned} table(s)`);
  if (reasons.length > 0) throw new UnsafeDatabaseRoleError(row.role, reasons);
}
