import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { EntityManager, ObjectLiteral, EntityTarget, SelectQueryBuilder } from 'typeorm';

/** What a unit of work acts as: set transaction-locally before its first query. */
export interface UnitOfWorkContext {
  /** The partnership; null for platform work (platform tables only). */
  tenantId: string | null;
  /** The user (or system actor) on whose behalf the work runs. */
  actorId: string | null;
  /** The local authorities whose pupil rows this work may see (wall 2). */
  laIds: readonly string[];
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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidLiteral(value: string, what: string): string {
  if (!UUID.test(value)) throw new TypeError(`${what} must be a UUID`);
  return value.toLowerCase();
}

/** The SET LOCAL statements that start every unit of work (SET LOCAL, which Citus propagates). */
export function contextStatements(ctx: UnitOfWorkContext): string {
  const parts: string[] = [];
  if (ctx.tenantId !== null) parts.push(`SET LOCAL app.tenant_id = '${uuidLiteral(ctx.tenantId, 'tenantId')}'`);
  if (ctx.actorId !== null) parts.push(`SET LOCAL app.actor_id = '${uuidLiteral(ctx.actorId, 'actorId')}'`);
  const las = ctx.laIds.map((id) => uuidLiteral(id, 'laIds')).join(',');
  parts.push(`SET LOCAL app.la_ids = '${las}'`);
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
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** Runs `work` in one transaction as `tenantId`. */
  forTenant<T>(
    ctx: { tenantId: string; actorId?: string | null; laIds?: readonly string[] },
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return this.run({ tenantId: ctx.tenantId, actorId: ctx.actorId ?? null, laIds: ctx.laIds ?? [] }, work);
  }

  /**
   * One statement on its own (no transaction of ours, no context set): only for a database
   * function that sets the tenant for its own statement, such as `principal_context`, where one
   * round trip instead of four matters because every request makes it.
   */
  statement<T>(sql: string, params: unknown[]): Promise<T[]> {
    if (this.isOpen) throw new NestedUnitOfWorkError();
    return this.txHost.tx.query(sql, params) as Promise<T[]>;
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
    return work(this.txHost.tx);
  }

  /** Runs `work` in the open unit of work (platform or tenant: platform tables are not scoped), or opens a platform one. */
  joinPlatform<T>(actorId: string | null, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.isOpen) return this.forPlatform(actorId, work);
    return work(this.txHost.tx);
  }

  get isOpen(): boolean {
    return this.cls.isActive() && this.cls.get(UOW_KEY) !== undefined;
  }

  get context(): UnitOfWorkContext {
    const ctx = this.cls.isActive() ? (this.cls.get(UOW_KEY) as UnitOfWorkContext | undefined) : undefined;
    if (!ctx) throw new NoUnitOfWorkError('Reading the tenant context');
    return ctx;
  }

  /** The tenant of the open unit of work; throws for platform work. */
  get tenantId(): string {
    const { tenantId } = this.context;
    if (tenantId === null) throw new NoUnitOfWorkError('Tenant data');
    return tenantId;
  }

  get manager(): EntityManager {
    if (!this.isOpen) throw new NoUnitOfWorkError('Database access');
    return this.txHost.tx;
  }

  /** A query builder on a tenant-owned entity with the explicit tenant filter (Citus routes on it). */
  tenantQuery<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string): SelectQueryBuilder<E> {
    return this.manager.createQueryBuilder(entity, alias).where(`${alias}.tenant_id = :tenantId`, {
      tenantId: this.tenantId,
    });
  }

  private run<T>(ctx: UnitOfWorkContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.isOpen) throw new NestedUnitOfWorkError();
    const statements = contextStatements(ctx);
    return this.cls.run({ ifNested: 'inherit' }, () => {
      this.cls.set(UOW_KEY, ctx);
      return this.txHost.withTransaction(async () => {
        await this.txHost.tx.query(statements);
        return work(this.txHost.tx);
      });
    });
  }
}
