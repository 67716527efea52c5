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
export type { MfaChallenge, SingleUseLink, WebSessionIds } from './auth.service';
export type { AbilityContribution, Can } from './authz/abilities';
export { positionalScope, sqlScope } from './authz/sql-scope';
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
export { Authenticated, CurrentPrincipal, Policy } from './http/decorators';
export type { Principal, PrincipalMembership } from './principal';
export { appCoreModules } from './app-core';
export { deriveKey, totpCode } from './crypto';
export { project } from './authz/projection';
export { AccountEmails } from './account-emails.service';
export { INVITE_REMINDER_JOB, inviteReminderKey } from './notification.jobs';
export { OnboardingService, organisationView } from './onboarding.service';
export type { TenantRoleCode, UserView } from './onboarding.service';
