import { ConflictException, NotFoundException } from '@nestjs/common';
import { FieldError, problem } from '@rep-hub/platform';
import { findLocalAuthorityByNumber, validateOfstedUrn, validateUkprn, validateUrn } from '@rep-hub/reference';
import { identifierField, RoleRegistry } from '@rep-hub/tenancy';
import { isBlank, isId, isString, requireText } from './onboarding-input';

/** An organisation's fields as the admin API and pages take them, its checks and its answers to a clash or a stale change. */

/** An organisation kind's code (the core's or a module's: the RoleRegistry holds them). */
export type OrganisationKindCode = string;

const LA_NUMBER_PATTERN = /^\d{3}$/;
const URN_PATTERN = /^\d{6}$/;
const UKPRN_PATTERN = /^\d{8}$/;

export interface CreateOrganisationInput {
  kind: OrganisationKindCode;
  name: string;
  laNumber?: string | null;
  isLead?: boolean | null;
  urn?: string | null;
  ukprn?: string | null;
  /** An early years setting's Ofsted URN: EY and 6 digits, or 6 or 7 digits (stored upper-case). */
  ofstedUrn?: string | null;
  localAuthorityId?: string | null;
}

export interface ChangeOrganisationInput {
  /** The version of the organisation being changed (409 when it changed meanwhile). */
  version: number;
  name?: string;
  /** A local authority's DfE number (its ONS code is looked up again). */
  laNumber?: string | null;
  urn?: string | null;
  ukprn?: string | null;
  ofstedUrn?: string | null;
}

/** The unique identifiers of an organisation in a partnership: each unique index and its field. */
const IDENTIFIER_KEYS: Record<string, { field: string; message: string }> = {
  organisations_la_number_key: {
    field: 'laNumber',
    message: 'Another organisation in this partnership already has this LA number',
  },
  organisations_urn_key: { field: 'urn', message: 'Another organisation in this partnership already has this URN' },
  organisations_ofsted_urn_key: {
    field: 'ofstedUrn',
    message: 'Another organisation in this partnership already has this Ofsted URN',
  },
};

/** An identifier another organisation of the partnership holds: 409 naming the field (create and change alike). */
export function rethrowIdentifierClash(error: unknown): never {
  const pg = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  const key = pg?.code === '23505' ? IDENTIFIER_KEYS[pg.constraint ?? ''] : undefined;
  if (key)
    throw new ConflictException(
      problem(409, 'Another organisation in this partnership already has this identifier.', { errors: [key] }),
    );
  throw error;
}

export const noOrganisation = () =>
  new NotFoundException(problem(404, 'There is no such organisation in this partnership.'));
export const staleOrganisation = (currentVersion: number) =>
  new ConflictException(
    problem(409, 'Someone else changed this organisation since you opened it. Open it again to see what it is now.', {
      currentVersion,
    }),
  );

/**
 * Create's checks of an organisation's fields for its kind, the one place they are written (a
 * change runs them on the organisation as it would be): pushes each bad field onto `errors` and
 * answers the values as stored (blank optional fields as left out, the Ofsted URN normalised, an
 * LA's ONS code looked up).
 */
export function checkOrganisation(
  roles: RoleRegistry,
  kindCode: unknown,
  body: Omit<CreateOrganisationInput, 'kind'>,
  errors: FieldError[],
) {
  // the shapes the API's DTO checks; a blank optional field counts as left out
  const kind = roles.kind(kindCode);
  const kindOk = kind !== undefined;
  if (!kindOk) errors.push({ field: 'kind', message: 'Select the kind of organisation' });
  requireText(
    errors,
    'name',
    body.name,
    200,
    'Enter the organisation name',
    'The organisation name must be 200 characters or fewer',
  );
  const laNumber = isBlank(body.laNumber) ? undefined : body.laNumber;
  const urn = isBlank(body.urn) ? undefined : body.urn;
  const ukprn = isBlank(body.ukprn) ? undefined : body.ukprn;
  const ofstedUrn = isBlank(body.ofstedUrn) ? undefined : body.ofstedUrn;
  const localAuthorityId = isBlank(body.localAuthorityId) ? undefined : body.localAuthorityId;
  const isLead = body.isLead ?? undefined;
  const shape = new Set<string>();
  const shapeError = (field: string, message: string) => {
    shape.add(field);
    errors.push({ field, message });
  };
  if (laNumber !== undefined && !(isString(laNumber) && LA_NUMBER_PATTERN.test(laNumber)))
    shapeError('laNumber', 'The LA number must be three digits, like 856');
  if (isLead !== undefined && typeof isLead !== 'boolean')
    shapeError('isLead', 'Select whether the local authority leads the partnership');
  if (urn !== undefined && !(isString(urn) && URN_PATTERN.test(urn)))
    shapeError('urn', 'The URN must be six digits, like 120000');
  if (ukprn !== undefined && !(isString(ukprn) && UKPRN_PATTERN.test(ukprn)))
    shapeError('ukprn', 'The UKPRN must be eight digits, like 10012345');
  if (ofstedUrn !== undefined && !(isString(ofstedUrn) && ofstedUrn.length <= 20))
    shapeError('ofstedUrn', 'The Ofsted URN must be EY and six digits, or six or seven digits, like EY123456');
  if (localAuthorityId !== undefined && !isId(localAuthorityId))
    shapeError('localAuthorityId', 'Select the local authority from the list');
  // the cross-field checks, on the fields whose shape is right
  let gssCode: string | null = null;
  if (kindOk && !shape.has('laNumber') && !shape.has('isLead')) {
    if (kindCode === 'local_authority') {
      const la = laNumber ? findLocalAuthorityByNumber(laNumber) : undefined;
      if (!laNumber) errors.push({ field: 'laNumber', message: 'Enter the local authority’s three-digit DfE number' });
      else if (!la) errors.push({ field: 'laNumber', message: 'laNumber is not a current English local authority' });
      else gssCode = la.gssCode;
    } else if (laNumber || isLead) {
      errors.push({
        field: laNumber ? 'laNumber' : 'isLead',
        message: 'Only a local authority has an LA number or is a lead',
      });
    }
  }
  const rule = kind?.requires;
  if (rule && !shape.has('urn') && !shape.has('ukprn') && !shape.has('ofstedUrn')) {
    const given = rule.identifier === 'urn' ? urn : rule.identifier === 'urn_or_ukprn' ? (urn ?? ukprn) : ofstedUrn;
    if (!given) errors.push({ field: identifierField(rule.identifier), message: rule.missing });
  }
  if (urn && !shape.has('urn') && !validateUrn(urn).valid)
    errors.push({ field: 'urn', message: validateUrn(urn).error ?? 'urn is not valid' });
  if (ukprn && !shape.has('ukprn') && !validateUkprn(ukprn).valid)
    errors.push({ field: 'ukprn', message: validateUkprn(ukprn).error ?? 'ukprn is not valid' });
  const ofsted = ofstedUrn && !shape.has('ofstedUrn') ? validateOfstedUrn(ofstedUrn) : undefined;
  if (ofsted && !ofsted.valid) errors.push({ field: 'ofstedUrn', message: ofsted.error ?? 'ofstedUrn is not valid' });
  return { laNumber, urn, ukprn, ofsted, localAuthorityId, isLead, gssCode };
}
