export { ApWebModule } from './ap-web.module';
