export { publishTestRelease, TEST_PERIODS } from './releases-fixture';
export type { TestFigure } from './releases-fixture';
export { boardDatabaseUrl } from './board-connection';
export { deliverTestDecision } from './decisions-fixture';
