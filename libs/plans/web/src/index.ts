export { PlansWebModule } from './plans-web.module';
