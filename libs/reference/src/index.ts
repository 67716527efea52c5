export { isIsoDate, toIsoDate, versionInForce } from './code-list';
export { codeList, codeListIds, codeListVersions } from './registry';
export { ENGLISH_REGIONS } from './regions';
export { findLocalAuthorityByNumber, localAuthorities } from './local-authorities';
export { computeUpnCheckLetter, UPN_UNKNOWN_REASONS, validateUpn } from './upn';
export { validateUkprn, validateUrn } from './identifiers';
export { SEN_NEED_TYPES, SEN_PROVISION_CODES } from './sen';
export { ATTENDANCE_CODE_VERSIONS, attendanceCodeFor, attendanceCodes } from './attendance';
export type { AttendanceCategory } from './attendance';
export { AP_PROVIDER_TYPES, AP_TIERS, PLACEMENT_END_DESTINATIONS } from './alternative-provision';
export type { PlacementOutcomeGroup } from './alternative-provision';
export { ORGANISATION_KINDS, ROLES } from './platform-vocabulary';
export { AP_RETENTION_DEFAULTS, AP_RETENTION_RECORD_TYPES } from './ap-retention';
export type { ApRetentionDefault, ApRetentionRecordType, RetentionAction } from './ap-retention';
export {
  RETURN_DUE_DAYS,
  TERMS,
  dueOn,
  parsePeriod,
  periodExists,
  periodOf,
  previousPeriod,
} from './return-periods';
export type { ReturnPeriod, Term } from './return-periods';
