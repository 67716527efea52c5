export { insertPlan, localPartnershipOf } from './local-fixtures';
