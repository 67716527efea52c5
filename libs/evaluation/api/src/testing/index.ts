export { evaluationPartnership, startEvaluationApiWorld } from './evaluation-api-world';
