import { Type } from '@nestjs/common';
import { ApApiModule } from '@rep-hub/ap-api';
import { ApWebModule } from '@rep-hub/ap-web';

/**
 * The domain modules the product serves, as the apps list them: the whole-product suites here
 * (every route's isolation, the OpenAPI document, the fuzz, the route table) run with all of them.
 * A new module adds its API and web modules to these lists and to each app's.
 */
export const PRODUCT_API_MODULES: Type<unknown>[] = [ApApiModule];
export const PRODUCT_WEB_MODULES: Type<unknown>[] = [ApWebModule];
