import './entities'; // loaded for what it does at import, as the whole barrel did
export { ExtendsPrincipal, PrincipalExtensionError, PrincipalExtensions } from './principal-extensions';
export type { PrincipalExtension } from './principal-extensions';
export { AbilityRegistry, AbilityRegistryError, AbilityRules } from './authz/ability-registry';
export { controllersOf, routesOf } from './http/routes';
export type { RouteInfo } from './http/routes';
export { AuthContext } from './auth-context';
export {
  InvalidLinkException,
  InvalidTokenException,
  SignInFailedException,
  TooManyAttemptsException,
} from './auth.errors';
export { AuthService } from './auth.service';
export type { MfaChallenge, WebSessionIds } from './auth.service';
export { AccountSessions } from './account-sessions';
export { PrincipalResolver } from './principal-resolver';
export { SingleUseLinks } from './single-use-links';
export type { SingleUseLink } from './single-use-links';
export type { AbilityContribution, AppAbility, Can } from './authz/abilities';
export { positionalScope, scopeTerms, sqlScope } from './authz/sql-scope';
export type { ScopeTerm } from './authz/sql-scope';
export {
  AGREEMENT_GRANTS,
  AGREEMENT_ROLES,
  AGREEMENT_STATES,
  agreementLasOf,
  checkProposal,
  DataSharingService,
} from './data-sharing.service';
export type {
  AgreementGrant,
  AgreementPartyView,
  AgreementState,
  AgreementView,
  ProposeAgreementInput,
} from './data-sharing.service';
export { Authenticated, CurrentPrincipal, Policy, requestPrincipal } from './http/decorators';
export type { Principal, PrincipalMembership } from './principal';
export { appCoreModules } from './app-core';
export { deriveKey, totpCode, verifyJwt } from './crypto';
export { project } from './authz/projection';
export { AccountEmails } from './account-emails.service';
export { INVITE_REMINDER_JOB, inviteReminderKey } from './notification.jobs';
export { OnboardingService, organisationView } from './onboarding.service';
export type { OrganisationView, TenantRoleCode, UserView } from './onboarding.service';
export { MembershipsService } from './people/memberships.service';
export type {
  ChangeRoleInput,
  GrantedMembershipView,
  InvitePersonInput,
  PersonView,
} from './people/memberships.service';
export { controllingLa, LA_ADMIN_ROLE, managesPeople, mayGrant, PLATFORM_GRANTER } from './people/grant-authority';
export type { Granter, GrantDecision } from './people/grant-authority';
export { PERSON_FIELDS, peoplePage } from './people/people-list';
export type { PeopleQuery } from './people/people-list';
