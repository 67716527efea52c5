import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiPublicOperation } from './openapi-document';

export const IS_PUBLIC = 'rephub:public';

/**
 * Marks a route as deliberately open to anyone; every other route must carry a policy. The
 * OpenAPI document says so too (`security: []`).
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiPublicOperation());
