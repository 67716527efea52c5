import { registryEnum } from '@rep-hub/platform';
import { rolesInForce } from '@rep-hub/tenancy';
import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * DTO checks of a code the RoleRegistry holds (the core's and each module's), read when a request
 * is validated, never when the class is defined: "kind must be one of …" names the codes of the
 * app's modules. The OpenAPI enum comes from the same registry (`registryEnum`).
 */
export function IsOrganisationKind(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOrganisationKind',
      validator: {
        validate: (value: unknown) => rolesInForce().isKind(value),
        defaultMessage: (args) => `${args?.property ?? 'kind'} must be one of ${rolesInForce().kindCodes().join(', ')}`,
      },
    },
    options,
  );
}

export function IsPartnershipRole(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPartnershipRole',
      validator: {
        validate: (value: unknown) => rolesInForce().isRole(value),
        defaultMessage: (args) => `${args?.property ?? 'role'} must be one of ${rolesInForce().roleCodes().join(', ')}`,
      },
    },
    options,
  );
}

/** `@ApiProperty` options of an organisation kind, or a partnership role: their enums are the registry's. */
export const ORGANISATION_KIND_ENUM = registryEnum('organisation-kinds');
export const PARTNERSHIP_ROLE_ENUM = registryEnum('partnership-roles');
