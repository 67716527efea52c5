export { Membership, Organisation, Tenant, User } from './entities';
export type { OrganisationKind, PlatformRole } from './entities';
export { DEMO_PASSWORD, demoEmail, demoPartnerships, DemoSeeder, registerDemoSignIns } from './seed/demo-seed';
export type { DemoSignIn } from './seed/demo-seed';
export { SeedsDemo } from './seed/demo-seed-steps';
export type { DemoSeedStep } from './seed/demo-seed-steps';
export { TenancyModule } from './tenancy.module';
export { TenancyService } from './tenancy.service';
export {
  DeclaresRoles,
  identifierField,
  ORGANISATION_IDENTIFIERS,
  PLATFORM_ROLE_CODES,
  RoleRegistry,
  rolesInForce,
} from './roles';
export type {
  OrganisationIdentifier,
  OrganisationIdentifierRule,
  OrganisationKindDefinition,
  RoleContribution,
  RoleDefinition,
} from './roles';
