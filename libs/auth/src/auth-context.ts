import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { problem, UnitOfWork } from '@rep-hub/platform';
import { ClsService } from 'nestjs-cls';
import { EntityManager } from 'typeorm';
import { abilitiesFor, AppAbility } from './authz/abilities';
import { AbilityRegistry } from './authz/ability-registry';
import { PRINCIPAL_KEY } from './http/decorators';
import { Principal } from './principal';

const ABILITY_KEY = Symbol('rephub.ability');

/**
 * The signed-in user of this request and the units of work they may open. Abilities are those of
 * the principal this request resolved (built once for each principal's exact content:
 * abilitiesFor), so a revoked role stops at the next request.
 */
@Injectable()
export class AuthContext {
  constructor(
    private readonly cls: ClsService,
    private readonly uow: UnitOfWork,
    private readonly rules: AbilityRegistry,
  ) {}

  get principal(): Principal {
    const p = this.cls.isActive() ? (this.cls.get(PRINCIPAL_KEY) as Principal | undefined) : undefined;
    if (!p) throw new UnauthorizedException(problem(401, 'Sign in first.'));
    return p;
  }

  /** The signed-in user, or undefined on a public page visited without signing in. */
  get maybePrincipal(): Principal | undefined {
    return this.cls.isActive() ? (this.cls.get(PRINCIPAL_KEY) as Principal | undefined) : undefined;
  }

  get ability(): AppAbility {
    let ability = this.cls.get(ABILITY_KEY) as AppAbility | undefined;
    if (!ability) {
      ability = abilitiesFor(this.principal, this.rules.contributions());
      this.cls.set(ABILITY_KEY, ability);
    }
    return ability;
  }

  setPrincipal(principal: Principal): void {
    this.cls.set(PRINCIPAL_KEY, principal);
    this.cls.set(ABILITY_KEY, undefined);
  }

  /** The chosen partnership, or 403 when the user has not chosen one. */
  get tenantId(): string {
    const { tenantId } = this.principal;
    if (!tenantId)
      throw new ForbiddenException(problem(403, 'Choose a partnership first (POST /api/v1/auth/switch-tenant).'));
    return tenantId;
  }

  /**
   * One unit of work as the signed-in user in their partnership, with the LAs they may see;
   * `settings`: planner settings for its transaction (UnitOfWorkContext.settings).
   */
  inTenant<T>(work: (m: EntityManager) => Promise<T>, settings?: Readonly<Record<string, string>>): Promise<T> {
    const p = this.principal;
    return this.uow.forTenant({ tenantId: this.tenantId, actorId: p.userId, laIds: p.laIds, settings }, work);
  }

  /**
   * One unit of work in the user's partnership over other LAs than their own: only for reads that
   * select no identifying column (the partnership lead's pseudonymised views).
   */
  inTenantWithLas<T>(laIds: readonly string[], work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.uow.forTenant({ tenantId: this.tenantId, actorId: this.principal.userId, laIds }, work);
  }

  /** One platform unit of work as the signed-in user. */
  inPlatform<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.uow.forPlatform(this.principal.userId, work);
  }
}
