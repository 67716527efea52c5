export { plansPartnership, startPlansApiWorld } from './plans-api-world';
export type { PlansPartnership } from './plans-api-world';
export { insertBarePlan, localPartnershipOf } from './local-fixtures';
