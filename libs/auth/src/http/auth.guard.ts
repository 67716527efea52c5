import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { APP_CONFIG, AppConfig, IS_PUBLIC, problem, RateLimiter } from '@rep-hub/platform';
import type { Request, Response } from 'express';
import { AuthContext } from '../auth-context';
import type { WebSessionIds } from '../auth.service';
import { PrincipalResolver } from '../principal-resolver';
import { Principal } from '../principal';
import { POLICY, PolicyMetadata } from './decorators';

/**
 * Every API route and every public web page: a rate limit per address (each its own counter and
 * limit); then every route: `@Public()` or a bearer token whose session, user
 * and memberships are checked now, then the route's policy. A route with neither a policy nor a
 * public marker is refused (deny by default). /api accepts bearer tokens only; the web pages accept
 * only their server-side session.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly principals: PrincipalResolver,
    private readonly context: AuthContext,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    // health checks are never rate-limited: a load balancer polling from one address must not be refused
    if (req.path.startsWith('/api/') && !req.path.startsWith('/api/health')) {
      // requests per address per minute across every API process (Redis-backed when configured)
      await this.limit(res, RateLimiter.key('api', req.ip ?? 'unknown'), this.config.apiRequestsPerMinute);
    }
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) {
      // a public web page still shows who is signed in (navigation, the role's home)
      if (!req.path.startsWith('/api/')) {
        // and, open to anyone, is limited per address as the API is (its own counter and limit)
        await this.limit(res, RateLimiter.key('public-page', req.ip ?? 'unknown'), this.config.publicPagesPerMinute);
        const principal = await this.webSession(req);
        if (principal) this.context.setPrincipal(principal);
      }
      return true;
    }
    const policy = this.reflector.getAllAndOverride<PolicyMetadata | undefined>(POLICY, targets);
    if (!policy) {
      this.logger.error({ route: `${req.method} ${req.route?.path ?? ''}` }, 'Route has no policy: refused');
      throw new ForbiddenException(problem(403, 'This route has no access policy.'));
    }
    const principal = req.path.startsWith('/api/') ? await this.bearer(req) : await this.webSession(req);
    if (!principal) {
      if (req.path.startsWith('/api/')) res.setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException(
        problem(401, 'Sign in first: send a valid access token as "Authorization: Bearer …".'),
      );
    }
    this.context.setPrincipal(principal);
    if (policy.action === 'authenticated') return true;
    if (!this.context.ability.can(policy.action, policy.subject as never)) {
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
    }
    return true;
  }

  /** Counts a request against a per-address limit per minute; over it, 429 with Retry-After. */
  private async limit(res: Response, key: string, perMinute: number): Promise<void> {
    const r = await this.limiter.hit(key, perMinute, 60);
    if (!r.allowed) {
      res.setHeader('Retry-After', String(r.retryAfterSeconds));
      throw new HttpException(problem(429, `Too many requests. Wait ${r.retryAfterSeconds} seconds.`), 429);
    }
  }

  private bearer(req: Request): Promise<Principal | null> {
    const header = req.headers.authorization;
    const token = typeof header === 'string' && /^Bearer [A-Za-z0-9._~+/-]+=*$/.test(header) ? header.slice(7) : null;
    return token ? this.principals.resolve(token) : Promise.resolve(null);
  }

  /** Web pages: the ids kept in the server-side web session (express-session), never a bearer token. */
  private async webSession(req: Request): Promise<Principal | null> {
    const ids = (req as Request & { session?: { auth?: WebSessionIds } }).session?.auth;
    return ids ? this.principals.resolveSession(ids, 'web') : null;
  }
}
