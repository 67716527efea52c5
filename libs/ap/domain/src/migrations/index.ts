import { registerMigrations } from '@rep-hub/platform/schema';
import { ApDirectory1764340000000 } from './1764340000000-ap-directory';
import { ApPupils1764350000000 } from './1764350000000-ap-pupils';
import { ApCases1764360000000 } from './1764360000000-ap-cases';
import { ApOversight1764370000000 } from './1764370000000-ap-oversight';
import { PrincipalContext1764380000000 } from './1764380000000-principal-context';
import { ApPrincipalExtension1764400000001 } from './1764400000001-ap-principal-extension';
import { ApProviderIdentifier1764410000001 } from './1764410000001-ap-provider-identifier';
import { ApCaseListRanges1764440000001 } from './1764440000001-ap-case-list-ranges';
import { ApMeasureSummaries1766000500000 } from './1766000500000-ap-measure-summaries';
import { PupilUpnCheckSetLocal1766170000001 } from './1766170000001-pupil-upn-check-set-local';
import { ApMeasuresCaseRowLock1766180000000 } from './1766180000000-ap-measures-case-row-lock';
import { ApPupilsIdHash1766190000100 } from './1766190000100-ap-pupils-id-hash';

/** Alternative provision's migrations, in order; a new one is added here (and only ever added). */
export const AP_MIGRATIONS = [
  ApDirectory1764340000000,
  ApPupils1764350000000,
  ApCases1764360000000,
  ApOversight1764370000000,
  PrincipalContext1764380000000,
  ApPrincipalExtension1764400000001,
  ApProviderIdentifier1764410000001,
  ApCaseListRanges1764440000001,
  ApMeasureSummaries1766000500000,
  PupilUpnCheckSetLocal1766170000001,
  ApMeasuresCaseRowLock1766180000000,
  ApPupilsIdHash1766190000100,
];

// importing this entry (`@rep-hub/ap-domain/migrations`) puts them in the one global order
registerMigrations('alternative-provision', __dirname, AP_MIGRATIONS);
