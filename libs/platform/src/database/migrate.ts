import { DataSource } from 'typeorm';
import { MigrationListError, timestampOf } from './migrations/registry';
import { APP_ROLE, BOARD_ROLE, OPEN_DATA_ROLE, OWNER_ROLE } from './roles';

export interface RolePasswords {
  app?: string;
  board?: string;
}

export type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

async function ensureRole(query: Query, role: string, login: boolean, password?: string): Promise<void> {
  const exists = await query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
  const attributes = `${login ? 'LOGIN' : 'NOLOGIN'} NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`;
  await query(`${exists.length ? 'ALTER' : 'CREATE'} ROLE ${role} ${attributes}`);
  if (password !== undefined) {
    const [{ sql }] = (await query(`SELECT format('ALTER ROLE %I PASSWORD %L', $1::text, $2::text) AS sql`, [
      role,
      password,
    ])) as { sql: string }[];
    await query(sql);
  }
}

/**
 * Creates the owner, app, board and open-data roles if missing (roles belong to the server, not to
 * a database: a restore into a fresh cluster creates them first), and lets the board role take the
 * open-data role for a transaction. Needs a superuser or CREATEROLE.
 */
export async function ensureRoles(query: Query, passwords: RolePasswords = {}): Promise<void> {
  await ensureRole(query, OWNER_ROLE, false);
  await ensureRole(query, APP_ROLE, true, passwords.app);
  await ensureRole(query, BOARD_ROLE, true, passwords.board);
  await ensureRole(query, OPEN_DATA_ROLE, false);
  const member = await query(
    `SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
      WHERE r.rolname = $1 AND u.rolname = $2`,
    [OPEN_DATA_ROLE, BOARD_ROLE],
  );
  if (member.length === 0) await query(`GRANT ${OPEN_DATA_ROLE} TO ${BOARD_ROLE}`);
}

/**
 * Creates the owner, app and board roles if missing, hands the public schema to the owner and
 * applies pending migrations as the owner. Runs on a data source with one connection, opened as
 * a superuser (or as the owner itself, when the roles already exist).
 */
export async function migrate(ds: DataSource, passwords: RolePasswords = {}): Promise<string[]> {
  const query: Query = (sql, params) => ds.query(sql, params);
  const [me] = (await query(
    `SELECT current_user AS name, rolsuper AS super, rolcreaterole AS createrole FROM pg_roles WHERE rolname = current_user`,
  )) as { name: string; super: boolean; createrole: boolean }[];
  if (me.super || me.createrole) await ensureRoles(query, passwords);
  if (me.super) {
    const [{ db }] = (await query(`SELECT current_database() AS db`)) as { db: string }[];
    const [{ owner }] = (await query(
      `SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'public'`,
    )) as { owner: string }[];
    if (owner !== OWNER_ROLE) {
      await query(`ALTER SCHEMA public OWNER TO ${OWNER_ROLE}`);
      await query(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
    }
    await query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    const dbName = `"${db.replace(/"/g, '""')}"`;
    await query(`GRANT CONNECT, CREATE ON DATABASE ${dbName} TO ${OWNER_ROLE}`);
    await query(`GRANT CONNECT ON DATABASE ${dbName} TO ${APP_ROLE}, ${BOARD_ROLE}`);
  }
  if (me.name !== OWNER_ROLE) await query(`SET ROLE ${OWNER_ROLE}`);
  const [{ role }] = (await query(`SELECT current_user AS role`)) as { role: string }[];
  if (role !== OWNER_ROLE) throw new Error(`Migrations must run as ${OWNER_ROLE}, not ${role}`);
  try {
    await refuseOutOfOrder(ds);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    if (me.name !== OWNER_ROLE) await query(`RESET ROLE`);
  }
}

/**
 * Refuses to apply a migration older than the newest one already applied (a module's migration
 * added with an old timestamp would run after newer ones and out of the one global order).
 */
async function refuseOutOfOrder(ds: DataSource): Promise<void> {
  const [{ exists }] = (await ds.query(`SELECT to_regclass('typeorm_migrations') IS NOT NULL AS exists`)) as {
    exists: boolean;
  }[];
  if (!exists) return;
  const applied = (await ds.query(`SELECT name, timestamp::text AS timestamp FROM typeorm_migrations`)) as {
    name: string;
    timestamp: string;
  }[];
  if (!applied.length) return;
  const names = new Set(applied.map((a) => a.name));
  const newest = applied.reduce((a, b) => (Number(b.timestamp) > Number(a.timestamp) ? b : a));
  const late = (ds.migrations as { name?: string }[])
    .map((m) => m.name ?? m.constructor.name)
    .filter((name) => !names.has(name) && timestampOf({ name }) < Number(newest.timestamp));
  if (late.length)
    throw new MigrationListError([
      `${late.join(', ')} ${late.length === 1 ? 'is' : 'are'} older than ${newest.name}, already applied: give ${late.length === 1 ? 'it' : 'each'} a newer timestamp`,
    ]);
}
