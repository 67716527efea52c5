export { NationalWebModule } from './national-web.module';
