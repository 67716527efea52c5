import { registerMigrations } from '@rep-hub/platform/schema';
import { WorkforceFoundation1766100000000 } from './1766100000000-workforce-foundation';
import { WorkforceUploads1766100500000 } from './1766100500000-workforce-uploads';
import { WorkforceRemindersAndPlacesHistory1766100600000 } from './1766100600000-workforce-reminders-and-places-history';
import { WorkforceBulkLoad1766100900000 } from './1766100900000-workforce-bulk-load';
import { WorkforceEnrolmentAddedPath1766170000010 } from './1766170000010-workforce-enrolment-added-path';

/** Workforce training's migrations, in order; a new one is added here (and only ever added). */
export const WORKFORCE_MIGRATIONS = [
  WorkforceFoundation1766100000000,
  WorkforceUploads1766100500000,
  WorkforceRemindersAndPlacesHistory1766100600000,
  WorkforceBulkLoad1766100900000,
  WorkforceEnrolmentAddedPath1766170000010,
];

// importing this entry (`@rep-hub/workforce-domain/migrations`) puts them in the one global order
registerMigrations('workforce', __dirname, WORKFORCE_MIGRATIONS);
