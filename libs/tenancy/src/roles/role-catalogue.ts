/**
 * Roles and organisation kinds: what a module declares, and the catalogue built from every
 * declaration (the core's and each module's). Pure: no Nest, no database; RoleRegistry collects
 * the declarations of an app's modules and builds one.
 */

/**
 * The identifiers a kind can require, each a column of organisations: a school's six-digit URN
 * (`urn`), a provider's URN or UKPRN (`urn_or_ukprn`), or an early years setting's Ofsted URN
 * (`ofsted_urn`: EY and 6 digits, or 6 or 7 digits).
 */
export const ORGANISATION_IDENTIFIERS = ['urn', 'urn_or_ukprn', 'ofsted_urn'] as const;
export type OrganisationIdentifier = (typeof ORGANISATION_IDENTIFIERS)[number];

/** The field an identifier rule's missing error is on: `urn` (a URN, or a URN or UKPRN) or `ofstedUrn`. */
export const identifierField = (identifier: OrganisationIdentifier): 'urn' | 'ofstedUrn' =>
  identifier === 'ofsted_urn' ? 'ofstedUrn' : 'urn';

/** An identifier an organisation of a kind must have, and what to say when it is missing. */
export interface OrganisationIdentifierRule {
  identifier: OrganisationIdentifier;
  /** The field error when it is missing ("Enter the school’s URN"), on the identifier's field (identifierField). */
  missing: string;
}

export interface OrganisationKindDefinition {
  /** Stored in organisations.kind: lower-case words joined by underscores, 3 to 40 characters. */
  code: string;
  /** As a page shows it ("School or setting"). */
  name: string;
  /** The identifier it needs, if any (a local authority's DfE number is the core's own rule). */
  requires?: OrganisationIdentifierRule;
}

export interface RoleDefinition {
  /** Stored in memberships.role: lower-case words joined by underscores, 3 to 40 characters. */
  code: string;
  /** As a page shows it ("Local authority officer"). */
  name: string;
  /** The organisation kinds it may be held in (each registered by the core or a module). */
  organisationKinds: readonly string[];
  /**
   * Whether it can open a named child's record: such a role signs in with TOTP too (where
   * MFA_REQUIRED is on, as in production).
   */
  opensNamedChild: boolean;
}

/** What one module (or the core) brings: its organisation kinds and its partnership roles. */
export interface RoleContribution {
  /** The module, for messages (its folder's name; "core" for the core). */
  readonly module: string;
  readonly organisationKinds?: readonly OrganisationKindDefinition[];
  readonly roles?: readonly RoleDefinition[];
}

/** A platform role (held by a user, not in a partnership): the core's only. */
export interface PlatformRoleDefinition {
  code: string;
  name: string;
}

export class RoleRegistryError extends Error {
  constructor(problems: string[]) {
    super(`Roles are wrong: ${problems.join('; ')}`);
    this.name = 'RoleRegistryError';
  }
}

/** The format of a kind or role code: what organisations.kind and memberships.role accept (their CHECKs). */
export const ROLE_CODE_FORMAT = /^[a-z_]{3,40}$/;

/**
 * Every organisation kind and partnership role an app knows, in the order declared (the core's
 * first, then each module's). Built once; a code declared twice (or a partnership role with a
 * platform role's code), a code not of the stored format, a role naming a kind nobody declares,
 * or a kind requiring an identifier that is not one of ORGANISATION_IDENTIFIERS (or not saying
 * what to tell the user when it is missing) is refused with every problem in one line.
 */
export class RoleCatalogue {
  private readonly kindsByCode = new Map<string, OrganisationKindDefinition>();
  private readonly rolesByCode = new Map<string, RoleDefinition>();

  constructor(
    contributions: readonly RoleContribution[],
    readonly platformRoles: readonly PlatformRoleDefinition[] = [],
  ) {
    const problems: string[] = [];
    const kindOwner = new Map<string, string>();
    const roleOwner = new Map<string, string>(platformRoles.map((r) => [r.code, 'a platform role']));
    for (const c of contributions) {
      for (const k of c.organisationKinds ?? []) {
        if (!ROLE_CODE_FORMAT.test(k.code))
          problems.push(
            `organisation kind "${k.code}" of ${c.module} is not lower-case words joined by underscores (3 to 40 characters)`,
          );
        if (k.requires && !(ORGANISATION_IDENTIFIERS as readonly string[]).includes(k.requires.identifier))
          problems.push(
            `organisation kind "${k.code}" of ${c.module} requires the identifier "${k.requires.identifier}", which is not one of ${ORGANISATION_IDENTIFIERS.join(', ')}`,
          );
        if (k.requires && !k.requires.missing?.trim())
          problems.push(
            `organisation kind "${k.code}" of ${c.module} requires an identifier but says nothing when it is missing`,
          );
        const other = kindOwner.get(k.code);
        if (other) problems.push(`organisation kind "${k.code}" of ${c.module} is already ${other}'s`);
        else {
          kindOwner.set(k.code, c.module);
          this.kindsByCode.set(k.code, k);
        }
      }
    }
    for (const c of contributions) {
      for (const r of c.roles ?? []) {
        if (!ROLE_CODE_FORMAT.test(r.code))
          problems.push(
            `role "${r.code}" of ${c.module} is not lower-case words joined by underscores (3 to 40 characters)`,
          );
        const other = roleOwner.get(r.code);
        if (other)
          problems.push(
            `role "${r.code}" of ${c.module} is already ${other === 'a platform role' ? other : `${other}'s`}`,
          );
        else {
          roleOwner.set(r.code, c.module);
          this.rolesByCode.set(r.code, r);
        }
        if (!r.organisationKinds.length) problems.push(`role "${r.code}" of ${c.module} names no organisation kind`);
        for (const k of r.organisationKinds) {
          if (!kindOwner.has(k))
            problems.push(`role "${r.code}" of ${c.module} names organisation kind "${k}", which nobody registers`);
        }
      }
    }
    if (problems.length) throw new RoleRegistryError(problems);
  }

  /** The organisation kinds, in the order declared. */
  organisationKinds(): OrganisationKindDefinition[] {
    return [...this.kindsByCode.values()];
  }

  /** The partnership roles, in the order declared. */
  roles(): RoleDefinition[] {
    return [...this.rolesByCode.values()];
  }

  kindCodes(): string[] {
    return [...this.kindsByCode.keys()];
  }

  roleCodes(): string[] {
    return [...this.rolesByCode.keys()];
  }

  kind(code: unknown): OrganisationKindDefinition | undefined {
    return typeof code === 'string' ? this.kindsByCode.get(code) : undefined;
  }

  role(code: unknown): RoleDefinition | undefined {
    return typeof code === 'string' ? this.rolesByCode.get(code) : undefined;
  }

  isKind(code: unknown): code is string {
    return this.kind(code) !== undefined;
  }

  isRole(code: unknown): code is string {
    return this.role(code) !== undefined;
  }

  /** The name of a partnership or platform role, or the code itself when nobody registers it. */
  roleName(code: string): string {
    return this.rolesByCode.get(code)?.name ?? this.platformRoles.find((r) => r.code === code)?.name ?? code;
  }

  /** The name of an organisation kind, or the code itself when nobody registers it. */
  kindName(code: string): string {
    return this.kindsByCode.get(code)?.name ?? code;
  }

  /** True when the role can open a named child's record (and so needs TOTP). False for a platform role or an unknown code. */
  opensNamedChild(code: string): boolean {
    return this.rolesByCode.get(code)?.opensNamedChild ?? false;
  }

  /** Whether a role may be held in an organisation of this kind. */
  allows(role: string, kind: string): boolean {
    return this.rolesByCode.get(role)?.organisationKinds.includes(kind) ?? false;
  }
}
