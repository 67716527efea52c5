import { Inject, Injectable, Optional } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { isConnectionLost } from './connection-errors';
import { isUuid } from '../validation/uuid';
import { BOARD_ROLE, OPEN_DATA_ROLE } from './roles';
import { checkTenantFilter, tenantFilterMode, tenantTables } from './tenant-filter-check';
import {
  DataSource,
  EntityManager,
  ObjectLiteral,
  EntityTarget,
  QueryFailedError,
  QueryRunner,
  SelectQueryBuilder,
} from 'typeorm';

/** A pool that runs one statement on a connection of its own (`pg`'s Pool, and the embedded driver's). */
interface PoolQuery {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

/** What a unit of work acts as: set transaction-locally before its first query. */
export interface UnitOfWorkContext {
  /** The partnership; null for platform work (platform tables only). */
  tenantId: string | null;
  /** The user (or system actor) on whose behalf the work runs. */
  actorId: string | null;
  /** The local authorities whose pupil rows this work may see (wall 2). */
  laIds: readonly string[];
  /** A read-only transaction (`forPublicRead`): PostgreSQL refuses any write in it. */
  readOnly?: boolean;
  /** Work as the board role (`forBoard`, `forBoardWrite`): the national schema only, on either connection. */
  board?: boolean;
  /** Work as the open-data role (`forOpenData`): the published releases only, read-only, on the board's connection. */
  openData?: boolean;
  /**
   * Planner settings for this transaction only (`SET LOCAL`, e.g. `enable_sort: 'off'`), sent with
   * the context in the transaction's first round trip rather than as a statement of their own.
   */
  settings?: Readonly<Record<string, string>>;
}

/** What `settings` may name and set: PostgreSQL's own parameter names and plain values, never SQL. */
const SETTING_NAME = /^[a-z_]+$/;
const SETTING_VALUE = /^[A-Za-z0-9_.]+$/;

/**
 * How a unit of work reaches the board role: on a server, its own connection (the board role's
 * URL), opened on first use; embedded (one session), the app's connection taking the role for the
 * transaction (`SET LOCAL ROLE`), which the embedded database alone lets the app role do; or not
 * at all, with the reason.
 */
export type BoardConnection =
  | { kind: 'own'; dataSource: () => Promise<DataSource> }
  | { kind: 'set-role' }
  | { kind: 'unavailable'; reason: string };

export const BOARD_CONNECTION = Symbol('rephub.boardConnection');

export class BoardConnectionUnavailableError extends Error {
  constructor(reason: string) {
    super(`A unit of work as the board role cannot be opened: ${reason}`);
    this.name = 'BoardConnectionUnavailableError';
  }
}

export class NoUnitOfWorkError extends Error {
  constructor(what: string) {
    super(`${what} needs an open unit of work; none is open (fail closed)`);
    this.name = 'NoUnitOfWorkError';
  }
}

export class NestedUnitOfWorkError extends Error {
  constructor() {
    super('A unit of work was opened while another is open; finish one before starting the next');
    this.name = 'NestedUnitOfWorkError';
  }
}

// a symbol, not a dotted string: nestjs-cls reads dotted keys as paths into a shared nested object
const UOW_KEY = Symbol('rephub.unitOfWork');

/** What the request's (or job's) async context holds while a unit of work is open. */
interface OpenUnit {
  context: UnitOfWorkContext;
  manager: EntityManager;
}

function uuidLiteral(value: string, what: string): string {
  if (!isUuid(value)) throw new TypeError(`${what} must be a UUID`);
  return value.toLowerCase();
}

/** The SET LOCAL statements that start every unit of work (SET LOCAL, which Citus propagates). */
export function contextStatements(ctx: UnitOfWorkContext): string {
  const parts: string[] = [];
  // before any query of the transaction, as PostgreSQL requires (SET LOCAL is not one)
  if (ctx.readOnly) parts.push('SET TRANSACTION READ ONLY');
  if (ctx.openData) parts.push(`SET LOCAL ROLE ${OPEN_DATA_ROLE}`);
  else if (ctx.board) parts.push(`SET LOCAL ROLE ${BOARD_ROLE}`);
  if (ctx.tenantId !== null) parts.push(`SET LOCAL app.tenant_id = '${uuidLiteral(ctx.tenantId, 'tenantId')}'`);
  if (ctx.actorId !== null) parts.push(`SET LOCAL app.actor_id = '${uuidLiteral(ctx.actorId, 'actorId')}'`);
  const las = ctx.laIds.map((id) => uuidLiteral(id, 'laIds')).join(',');
  parts.push(`SET LOCAL app.la_ids = '${las}'`);
  for (const [name, value] of Object.entries(ctx.settings ?? {})) {
    if (!SETTING_NAME.test(name) || !SETTING_VALUE.test(value))
      throw new TypeError(`settings: ${name} = ${value} is not a planner setting`);
    parts.push(`SET LOCAL ${name} = '${value}'`);
  }
  return parts.join('; ');
}

/**
 * One transaction per unit of work, carrying the tenant, actor and LAs. Every request and job runs
 * its database work through here; repositories read the tenant from it (never from a parameter a
 * caller could get wrong) and RLS stays underneath as the last wall. Accessors throw when no unit
 * of work is open: no tenant means an error, never unscoped rows.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly cls: ClsService,
    private readonly dataSource: DataSource,
    @Optional() @Inject(BOARD_CONNECTION) private readonly board?: BoardConnection,
  ) {}

  /** Runs `work` in one transaction as `tenantId`. */
  forTenant<T>(
    ctx: {
      tenantId: string;
      actorId?: string | null;
      laIds?: readonly string[];
      settings?: Readonly<Record<string, string>>;
    },
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.run(
      { tenantId: ctx.tenantId, actorId: ctx.actorId ?? null, laIds: ctx.laIds ?? [], settings: ctx.settings },
      work,
    );
  }

  /**
   * A read for a public page (no one signed in) of a partnership's published records: a READ ONLY
   * transaction as `tenantId` with no actor and no LAs, so RLS holds as for any unit of work, no
   * LA-scoped (pupil) row is visible at all, and nothing can be written. Which rows are public
   * (published ones only) is the caller's query; this path only makes sure that is all it can do.
   */
  forPublicRead<T>(tenantId: string, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.run({ tenantId, actorId: null, laIds: [], readOnly: true }, work);
  }

  /**
   * Runs `work` in one read-only transaction as the board role, which reads the national schema
   * and nothing else (no tenant, no actor, no LAs: any tenant table is refused by grants). On a
   * server it runs on the board role's own connection; embedded, the one session takes the role
   * for the transaction. Fails at call time when no board connection is configured.
   */
  forBoard<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.asBoard(true, work);
  }

  /**
   * Runs `work` in one read-write transaction as the board role: the board's own records in the
   * national schema (its decisions and board packs), written under that role's grants, which reach
   * no tenant table. Reads of releases go through `forBoard`.
   */
  forBoardWrite<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.asBoard(false, work);
  }

  /**
   * Runs `work` in one read-only transaction as the open-data role, for a visitor with no sign-in:
   * it reads the published releases (each already controlled for disclosure) and nothing else, not
   * the board's own records nor any tenant table. It takes the role on the board's connection (the
   * board role may take it; embedded, the app role may), so it needs one as `forBoard` does.
   */
  forOpenData<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.asBoard(true, work, true);
  }

  private async asBoard<T>(
    readOnly: boolean,
    work: (manager: EntityManager) => Promise<T>,
    openData = false,
  ): Promise<T> {
    if (this.isOpen) throw new NestedUnitOfWorkError();
    const board = this.board ?? { kind: 'unavailable', reason: 'no board connection is provided' };
    if (board.kind === 'unavailable') throw new BoardConnectionUnavailableError(board.reason);
    const ctx: UnitOfWorkContext = { tenantId: null, actorId: null, laIds: [], readOnly, board: !openData, openData };
    if (board.kind === 'set-role') return this.run(ctx, work);
    // `board` on its own connection too: the context says whose work it is (the job queue reads
    // it), and SET LOCAL ROLE to the role the connection already is changes nothing
    return this.run(ctx, work, await board.dataSource());
  }

  /**
   * One statement on its own (no transaction of ours, no context set): only for a database
   * function that sets the tenant for its own statement, such as `principal_context`, where one
   * round trip instead of four matters because every request makes it.
   */
  async statement<T>(sql: string, params: unknown[]): Promise<T[]> {
    if (this.isOpen) throw new NestedUnitOfWorkError();
    // straight to the driver's pool (pg's, or the embedded one's of the same shape): through
    // TypeORM, each call built a query runner, an entity manager and its query events, about 1%
    // of the API's CPU a request (docs/performance.md); errors are TypeORM's as before
    const pool = (this.dataSource.driver as { master?: Partial<PoolQuery> }).master;
    if (typeof pool?.query !== 'function') return (await this.dataSource.query(sql, params)) as T[];
    try {
      return (await (pool as PoolQuery).query(sql, params)).rows as T[];
    } catch (error) {
      throw new QueryFailedError(sql, params, error as Error);
    }
  }

  /** The active partnerships' ids, in a stable order: for scheduled work that runs in each in turn. */
  async activeTenantIds(): Promise<string[]> {
    const rows = (await this.forPlatform(null, (m) =>
      m.query(`SELECT id FROM tenants WHERE status = 'active' ORDER BY id`),
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** Runs `work` in one transaction with no tenant: platform tables only. */
  forPlatform<T>(actorId: string | null, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.run({ tenantId: null, actorId, laIds: [] }, work);
  }

  /**
   * Runs `work` in the open unit of work when it is for the same tenant, or opens one. Lets a
   * service method be called on its own or as part of a caller's transaction (with its audit row).
   */
  joinTenant<T>(
    ctx: { tenantId: string; actorId?: string | null; laIds?: readonly string[] },
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (!this.isOpen) return this.forTenant(ctx, work);
    if (this.context.tenantId !== ctx.tenantId) throw new NestedUnitOfWorkError();
    return work(this.manager);
  }

  /** Runs `work` in the open unit of work (platform or tenant: platform tables are not scoped), or opens a platform one. */
  joinPlatform<T>(actorId: string | null, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isOpen) return this.forPlatform(actorId, work);
    return work(this.manager);
  }

  get isOpen(): boolean {
    return this.open !== undefined;
  }

  private get open(): OpenUnit | undefined {
    return this.cls.isActive() ? (this.cls.get(UOW_KEY) as OpenUnit | undefined) : undefined;
  }

  get context(): UnitOfWorkContext {
    const open = this.open;
    if (!open) throw new NoUnitOfWorkError('Reading the tenant context');
    return open.context;
  }

  /** The tenant of the open unit of work; throws for platform work. */
  get tenantId(): string {
    const { tenantId } = this.context;
    if (tenantId === null) throw new NoUnitOfWorkError('Tenant data');
    return tenantId;
  }

  get manager(): EntityManager {
    const open = this.open;
    if (!open) throw new NoUnitOfWorkError('Database access');
    return open.manager;
  }

  /** A query builder on a tenant-owned entity with the explicit tenant filter (Citus routes on it). */
  tenantQuery<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string): SelectQueryBuilder<E> {
    return this.manager.createQueryBuilder(entity, alias).where(`${alias}.tenant_id = :tenantId`, {
      tenantId: this.tenantId,
    });
  }

  /**
   * Runs the unit of work; when its connection was lost before COMMIT was sent (PostgreSQL
   * restarted or ended the session), nothing of it can have committed, so it runs once more on a
   * fresh connection. Once COMMIT is sent it is never run again: it may have committed.
   */
  private run<T>(
    ctx: UnitOfWorkContext,
    work: (manager: EntityManager) => Promise<T>,
    dataSource: DataSource = this.dataSource,
  ): Promise<T> {
    if (this.isOpen) throw new NestedUnitOfWorkError();
    const statements = contextStatements(ctx);
    return this.cls.run({ ifNested: 'inherit' }, async () => {
      try {
        return await this.attempt(ctx, statements, work, dataSource);
      } catch (error) {
        if (!(error instanceof LostBeforeCommit)) throw error;
        await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
        try {
          return await this.attempt(ctx, statements, work, dataSource);
        } catch (again) {
          throw again instanceof LostBeforeCommit ? again.cause : again;
        }
      }
    });
  }

  private async attempt<T>(
    ctx: UnitOfWorkContext,
    statements: string,
    work: (manager: EntityManager) => Promise<T>,
    dataSource: DataSource,
  ): Promise<T> {
    const runner = dataSource.createQueryRunner();
    let lost: unknown;
    let started = false;
    try {
      let result: T;
      try {
        await runner.connect();
        await startWithContext(runner, statements);
        started = true;
        // off in production: no extra await on every request's unit of work
        if (TENANT_FILTER.kind !== 'off' && ctx.tenantId !== null) await checkTenantStatements(runner, dataSource);
        this.cls.set(UOW_KEY, { context: ctx, manager: runner.manager } satisfies OpenUnit);
        result = await work(runner.manager);
      } catch (error) {
        // before the work ran, any network error is the database's; inside it, only the driver's
        if (isConnectionLost(error, !started)) {
          lost = error;
          throw new LostBeforeCommit(error);
        }
        // also when the start itself failed half-way: no pooled connection goes back mid-transaction
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
      try {
        await runner.commitTransaction();
      } catch (error) {
        if (isConnectionLost(error, false)) lost = error; // COMMIT was sent: it may have committed, so never again
        throw error;
      }
      return result;
    } finally {
      this.cls.set(UOW_KEY, undefined);
      // a lost connection is destroyed, never handed back to the pool
      const pg = runner as QueryRunner & { releasePostgresConnection?: (err?: unknown) => Promise<void> };
      if (lost !== undefined && pg.releasePostgresConnection)
        await pg.releasePostgresConnection(lost).catch(() => undefined);
      else await runner.release().catch(() => undefined);
    }
  }
}

/** Where REPHUB_TENANT_FILTER_CHECK asks for it (the test suites): each statement of a tenant unit of work is checked for an explicit tenant filter. */
const TENANT_FILTER = tenantFilterMode();

async function checkTenantStatements(runner: QueryRunner, dataSource: DataSource): Promise<void> {
  const query = runner.query; // the prototype's, as in startWithContext
  const tables = await tenantTables(dataSource, (sql) => query.call(runner, sql) as Promise<{ name: string }[]>);
  runner.query = ((sql: string, ...rest: unknown[]) => {
    checkTenantFilter(TENANT_FILTER, sql, tables);
    return (query as (...args: unknown[]) => Promise<unknown>).call(runner, sql, ...rest);
  }) as QueryRunner['query'];
}

/** How long a unit of work whose connection was lost waits before its one retry. */
const RETRY_PAUSE_MS = 100;

/** The connection was lost before COMMIT was sent: the unit of work may run once more. */
class LostBeforeCommit extends Error {
  constructor(override readonly cause: unknown) {
    super('The database connection was lost before COMMIT');
    this.name = 'LostBeforeCommit';
  }
}

/**
 * Starts the runner's transaction with the context statements in the same round trip as TypeORM's
 * START TRANSACTION (a simple query may hold several statements), instead of one after the other:
 * every request opens a unit of work, and on a busy API each round trip to PostgreSQL costs more
 * CPU than a short query does (docs/performance.md). TypeORM keeps its own transaction state
 * (depth, savepoints, commit). Should TypeORM ever start its transaction with another statement,
 * the context is sent on its own before any work runs, so nothing runs without it.
 */
async function startWithContext(runner: QueryRunner, statements: string): Promise<void> {
  const query = runner.query; // the prototype's: a fresh runner has no query of its own
  let sent = false;
  runner.query = ((sql: string, ...rest: unknown[]) => {
    if (sql === 'START TRANSACTION') {
      sent = true;
      return (query as (...args: unknown[]) => Promise<unknown>).call(
        runner,
        `START TRANSACTION; ${statements}`,
        ...rest,
      );
    }
    return (query as (...args: unknown[]) => Promise<unknown>).call(runner, sql, ...rest);
  }) as QueryRunner['query'];
  try {
    await runner.startTransaction();
  } finally {
    delete (runner as { query?: unknown }).query;
  }
  if (!sent) await runner.query(statements);
}
