export { WorkforceWebModule } from './workforce-web.module';
