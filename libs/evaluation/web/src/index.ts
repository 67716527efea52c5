export { EvaluationWebModule } from './evaluation-web.module';
