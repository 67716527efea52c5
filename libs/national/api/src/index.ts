export { NationalApiModule } from './national-api.module';
