import { Type } from '@nestjs/common';
import { ApApiModule } from '@rep-hub/ap-api';
import { apPartnership } from '@rep-hub/ap-api/testing';
import type { PartnershipExtra } from '@rep-hub/api-surface/testing';
import { ApWebModule } from '@rep-hub/ap-web';
import { PlansApiModule } from '@rep-hub/plans-api';
import { PlansWebModule } from '@rep-hub/plans-web';
import { EvaluationApiModule } from '@rep-hub/evaluation-api';
import { EvaluationWebModule } from '@rep-hub/evaluation-web';
import { NationalApiModule } from '@rep-hub/national-api';
import { NationalWebModule } from '@rep-hub/national-web';
import { WorkforceApiModule } from '@rep-hub/workforce-api';
import { workforcePartnership } from '@rep-hub/workforce-api/testing';
import { WorkforceWebModule } from '@rep-hub/workforce-web';

/**
 * The domain modules the product serves, as the apps list them: the whole-product suites here
 * (every route's isolation, the OpenAPI document, the fuzz, the route table) run with all of them.
 * A new module adds its API and web modules to these lists and to each app's.
 */
export const PRODUCT_API_MODULES: Type<unknown>[] = [
  ApApiModule,
  PlansApiModule,
  EvaluationApiModule,
  NationalApiModule,
  WorkforceApiModule,
];
export const PRODUCT_WEB_MODULES: Type<unknown>[] = [
  ApWebModule,
  PlansWebModule,
  EvaluationWebModule,
  NationalWebModule,
  WorkforceWebModule,
];

/** What the modules add to each test partnership of the whole-product suites. */
export const PRODUCT_PARTNERSHIP_EXTRAS: PartnershipExtra[] = [apPartnership, workforcePartnership];
