import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import { Action, Subject } from '../authz/abilities';
import { Principal } from '../principal';

export const POLICY = 'rephub:policy';
export const PRINCIPAL_KEY = Symbol('rephub.principal');

export interface PolicyMetadata {
  action: Action | 'authenticated';
  subject: Subject | 'Session';
}

/**
 * The permission a route needs: the guard answers 403 when the signed-in user's abilities can
 * never allow `action` on `subject`; record-level rules become SQL in the service (404 for a
 * record the user cannot read). Every route has a policy or `@Public()`.
 */
export const Policy = (action: Action, subject: Subject) =>
  SetMetadata(POLICY, { action, subject } satisfies PolicyMetadata);

/** Any signed-in user (e.g. their own session, their own account). */
export const Authenticated = () =>
  SetMetadata(POLICY, { action: 'authenticated', subject: 'Session' } satisfies PolicyMetadata);

/** The request's principal, set by the guard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, _ctx: ExecutionContext): Principal => {
  return ClsServiceManager.getClsService().get(PRINCIPAL_KEY) as Principal;
});

/**
 * The request's principal where no injection reaches (an error page's renderer), or undefined when
 * no one is signed in or no request is under way.
 */
export function requestPrincipal(): Principal | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls?.isActive() ? (cls.get(PRINCIPAL_KEY) as Principal | undefined) : undefined;
}
