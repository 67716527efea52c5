export { PlansApiModule } from './plans-api.module';
