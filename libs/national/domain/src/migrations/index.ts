import { registerMigrations } from '@rep-hub/platform/schema';
import { NationalDecisions1766000700000 } from './1766000700000-national-decisions';
import { NationalBoardPacks1766000800000 } from './1766000800000-national-board-packs';
import { NationalOpenData1766000900000 } from './1766000900000-national-open-data';
import { NationalPublishedIndicators1766000950000 } from './1766000950000-national-published-indicators';
import { DeliverDecisionsSetLocal1766170000002 } from './1766170000002-deliver-decisions-set-local';

/** The National Board's migrations, in order; a new one is added here (and only ever added). */
export const NATIONAL_MIGRATIONS = [
  NationalDecisions1766000700000,
  NationalBoardPacks1766000800000,
  NationalOpenData1766000900000,
  NationalPublishedIndicators1766000950000,
  DeliverDecisionsSetLocal1766170000002,
];

// importing this entry (`@rep-hub/national-domain/migrations`) puts them in the one global order
registerMigrations('national', __dirname, NATIONAL_MIGRATIONS);
