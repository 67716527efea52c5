export { EvaluationApiModule } from './evaluation-api.module';
