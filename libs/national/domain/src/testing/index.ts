export { publishTestRelease, TEST_PERIODS } from './releases-fixture';
export type { TestFigure } from './releases-fixture';
export { publishProgramme } from './programme-fixture';
export type { ProgrammeFixture } from './programme-fixture';
export { runBoardPackJobs } from './board-packs-fixture';
export { deliverTestDecision } from './decisions-fixture';
