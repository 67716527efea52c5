export * from './membership.entity';
export * from './organisation.entity';
export * from './tenant.entity';
export * from './user.entity';
import { Membership } from './membership.entity';
import { Organisation } from './organisation.entity';
import { Tenant } from './tenant.entity';
import { User } from './user.entity';

export const TENANCY_ENTITIES = [Tenant, User, Organisation, Membership];
