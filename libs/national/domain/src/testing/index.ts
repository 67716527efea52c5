export { publishTestRelease, TEST_PERIODS } from './releases-fixture';
export type { TestFigure } from './releases-fixture';
export { boardDatabaseEnv, ensureBoardMember } from './board-member';
