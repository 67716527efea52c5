export { WorkforceApiModule } from './workforce-api.module';
