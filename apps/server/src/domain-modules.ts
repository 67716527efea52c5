import { ApApiModule } from '@rep-hub/ap-api';
import { ApWebModule } from '@rep-hub/ap-web';
import { EvaluationApiModule } from '@rep-hub/evaluation-api';
import { EvaluationWebModule } from '@rep-hub/evaluation-web';
import { NationalApiModule } from '@rep-hub/national-api';
import { NationalWebModule } from '@rep-hub/national-web';
import { PlansApiModule } from '@rep-hub/plans-api';
import { PlansWebModule } from '@rep-hub/plans-web';
import { WorkforceApiModule } from '@rep-hub/workforce-api';
import { WorkforceWebModule } from '@rep-hub/workforce-web';

/**
 * The domain modules this server serves: each one's API routes and pages (the API and web apps
 * list the same in their own roots). `npm run routes` reads these lists too.
 */
export const DOMAIN_API_MODULES = [
  ApApiModule,
  PlansApiModule,
  EvaluationApiModule,
  NationalApiModule,
  WorkforceApiModule,
];
export const DOMAIN_WEB_MODULES = [
  ApWebModule,
  PlansWebModule,
  EvaluationWebModule,
  NationalWebModule,
  WorkforceWebModule,
];
