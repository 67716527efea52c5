import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { AuthContext, Principal } from '@rep-hub/auth';
import { UnitOfWork } from '@rep-hub/platform';
import { rolesInForce } from '@rep-hub/tenancy';
import type { Response } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { WebContributions } from './web-contributions';

export interface MeView {
  userId: string;
  displayName: string;
  email: string;
  platformRole: string | null;
  isPlatformAdmin: boolean;
  tenant: { id: string; name: string } | null;
  partnershipCount: number;
  roles: { role: string; label: string; organisationName: string }[];
}

/** The name of a partnership or platform role, as the core or its module registers it (the RoleRegistry), or the code. */
export const roleLabel = (code: string): string => rolesInForce().roleName(code);

/**
 * Puts who is signed in (`me`) in the template locals of every web page: the layout's navigation
 * and the role home need it. Read afresh per request, as the principal is.
 */
@Injectable()
export class WebViewInterceptor implements NestInterceptor {
  constructor(
    private readonly context: AuthContext,
    private readonly uow: UnitOfWork,
    private readonly modules: WebContributions,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const p = this.context.maybePrincipal;
    const res = ctx.switchToHttp().getResponse<Response>();
    if (!p) return next.handle();
    return from(this.me(p)).pipe(
      switchMap((me) => {
        res.locals['me'] = me;
        res.locals['moduleNav'] = this.modules.navigation(
          // a platform role (the National Board) is a role for the modules' navigation too
          [...(me.platformRole ? [me.platformRole] : []), ...me.roles.map((r) => r.role)],
          ctx.switchToHttp().getRequest<{ path: string }>().path,
        );
        return next.handle();
      }),
    );
  }

  async me(p: Principal): Promise<MeView> {
    const [user] = (await this.uow.forPlatform(p.userId, (m) =>
      m.query(
        `SELECT u.email, u.display_name, t.name AS tenant_name,
                (SELECT count(DISTINCT ms.tenant_id) FROM memberships ms JOIN tenants t2 ON t2.id = ms.tenant_id
                  WHERE ms.user_id = u.id AND ms.status = 'active' AND t2.status = 'active')::int AS partnerships
           FROM users u LEFT JOIN tenants t ON t.id = $2 WHERE u.id = $1`,
        [p.userId, p.tenantId],
      ),
    )) as { email: string; display_name: string; tenant_name: string | null; partnerships: number }[];
    const orgNames = new Map<string, string>();
    if (p.tenantId && p.memberships.length) {
      const rows = (await this.uow.forTenant({ tenantId: p.tenantId, actorId: p.userId }, (m) =>
        m.query(`SELECT id, name FROM organisations WHERE tenant_id = $1 AND id = ANY ($2::uuid[])`, [
          p.tenantId,
          p.memberships.map((x) => x.organisationId),
        ]),
      )) as { id: string; name: string }[];
      for (const r of rows) orgNames.set(r.id, r.name);
    }
    return {
      userId: p.userId,
      displayName: user?.display_name ?? '',
      email: user?.email ?? '',
      platformRole: p.platformRole,
      isPlatformAdmin: p.platformRole === 'platform_admin',
      tenant: p.tenantId ? { id: p.tenantId, name: user?.tenant_name ?? '' } : null,
      partnershipCount: user?.partnerships ?? 0,
      roles: p.memberships.map((x) => ({
        role: x.role,
        label: roleLabel(x.role),
        organisationName: orgNames.get(x.organisationId) ?? '',
      })),
    };
  }
}
