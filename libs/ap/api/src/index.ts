export { ApApiModule } from './ap-api.module';
