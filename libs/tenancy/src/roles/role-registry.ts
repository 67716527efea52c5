import { Injectable, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders, registerOpenApiEnum } from '@rep-hub/platform';
import { CORE_PLATFORM_ROLES, CORE_ROLE_CONTRIBUTION } from './core-roles';
import { RoleCatalogue, RoleContribution } from './role-catalogue';

const ROLE_CONTRIBUTION = 'rephub:role-contribution';

/** Marks a provider as a module's organisation kinds and roles (a RoleContribution), found at boot by the RoleRegistry. */
export const DeclaresRoles = () => SetMetadata(ROLE_CONTRIBUTION, true);

/** The core's kinds and roles alone: what is in force before an app has started (a script, a unit test). */
const CORE_CATALOGUE = new RoleCatalogue([CORE_ROLE_CONTRIBUTION], CORE_PLATFORM_ROLES);
/** The registry of the app created last; its catalogue is built on first use, once the app's providers exist. */
let latest: RoleRegistry | undefined;

/**
 * The roles and organisation kinds in force in this process: those of the app that started
 * last (every app of a process is built from the same modules), or the core's alone before one
 * has. For what runs outside dependency injection: the API's DTO validators and the OpenAPI
 * document, and the web pages' labels. Services inject the RoleRegistry instead.
 */
export function rolesInForce(): RoleCatalogue {
  return latest ? latest.catalogue() : CORE_CATALOGUE;
}

// the API document's enums of kinds and roles: `@ApiProperty(registryEnum('organisation-kinds'))`
registerOpenApiEnum('organisation-kinds', () => rolesInForce().kindCodes());
registerOpenApiEnum('partnership-roles', () => rolesInForce().roleCodes());

/**
 * Every organisation kind and partnership role of the app: the core's, then each module's
 * `@DeclaresRoles()` provider's, collected when the app's modules are initialised and checked
 * there (a code declared twice, or a role naming a kind nobody registers, stops the app with one
 * line). Validation, the OpenAPI enums, the admin pages and the TOTP rule all read it.
 */
@Injectable()
export class RoleRegistry implements OnModuleInit {
  private built?: RoleCatalogue;

  constructor(private readonly discovery: DiscoveryService) {
    // the app's OpenAPI document is built before its modules are initialised: it reads this registry then
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    latest = this;
  }

  /** Checks the declarations: a wrong one stops the app here, with one line. */
  onModuleInit(): void {
    this.catalogue();
  }

  /** The catalogue of this app's kinds and roles; throws RoleRegistryError when the declarations are wrong. */
  catalogue(): RoleCatalogue {
    this.built ??= new RoleCatalogue(
      [CORE_ROLE_CONTRIBUTION, ...discoverProviders<RoleContribution>(this.discovery, ROLE_CONTRIBUTION)],
      CORE_PLATFORM_ROLES,
    );
    return this.built;
  }

  kinds() {
    return this.catalogue().organisationKinds();
  }

  roles() {
    return this.catalogue().roles();
  }

  kind(code: unknown) {
    return this.catalogue().kind(code);
  }

  role(code: unknown) {
    return this.catalogue().role(code);
  }

  isKind(code: unknown): code is string {
    return this.catalogue().isKind(code);
  }

  isRole(code: unknown): code is string {
    return this.catalogue().isRole(code);
  }

  /** True when the role can open a named child's record, and so signs in with TOTP. */
  opensNamedChild(code: string): boolean {
    return this.catalogue().opensNamedChild(code);
  }

  /**
   * Whether a membership in this role makes its holder sign in with TOTP: a role that can open a
   * named child, and (failing closed) a role this app does not know, such as one of a module it
   * was built without.
   */
  needsTotp(code: string): boolean {
    return !this.catalogue().isRole(code) || this.catalogue().opensNamedChild(code);
  }

  allows(role: string, kind: string): boolean {
    return this.catalogue().allows(role, kind);
  }
}
