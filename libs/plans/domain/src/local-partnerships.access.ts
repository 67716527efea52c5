/** The permission checks and not-found problems the local partnership services share. */
import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuthContext } from '@rep-hub/auth';
import { problem } from '@rep-hub/platform';

const roleProblem = () => new ForbiddenException(problem(403, 'Your role does not allow this.'));

export function requireRead(auth: AuthContext): void {
  if (!auth.ability.can('read', 'LocalPartnership')) throw roleProblem();
}

export function requireRole(auth: AuthContext, action: 'create' | 'update'): void {
  if (!auth.ability.can(action, 'LocalPartnership')) throw roleProblem();
}

export function requireMeeting(auth: AuthContext, action: 'create' | 'update'): void {
  if (!auth.ability.can(action, 'LocalPartnershipMeeting')) throw roleProblem();
}

/** Whether the caller may change the local partnership of this LA (its members, meetings, terms). */
export function mayChange(auth: AuthContext, action: 'create' | 'update', laId: string): boolean {
  return auth.ability.can(action, subject('LocalPartnership', { tenantId: auth.tenantId, laId }) as never);
}

export function assertMay(auth: AuthContext, laId: string): void {
  if (!mayChange(auth, 'update', laId))
    throw new ForbiddenException(
      problem(403, 'You can change the local partnership of your own local authority only.'),
    );
}

export function assertMayMeeting(auth: AuthContext, action: 'create' | 'update', laId: string): void {
  if (!auth.ability.can(action, subject('LocalPartnershipMeeting', { tenantId: auth.tenantId, laId }) as never))
    throw new ForbiddenException(
      problem(403, 'You can change the meetings of your own local authority’s local partnership only.'),
    );
}

export const notFound = () =>
  new NotFoundException(problem(404, 'There is no such local partnership in your partnership.'));
export const memberNotFound = () =>
  new NotFoundException(problem(404, 'There is no such member of a local partnership in your partnership.'));
export const representativeNotFound = () =>
  new NotFoundException(problem(404, 'There is no such representative in your partnership.'));
export const meetingNotFound = () =>
  new NotFoundException(problem(404, 'There is no such meeting in your partnership.'));
