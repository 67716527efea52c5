export { evaluationPartnership, startEvaluationApiWorld } from './evaluation-api-world';
export { startReturnsApiWorld } from './returns-api-world';
