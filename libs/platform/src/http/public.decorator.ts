import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'rephub:public';

/** Marks a route as deliberately open to anyone; every other route must carry a policy. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
