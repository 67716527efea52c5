export { attack } from './attacker';
export type { AttackResult } from './attacker';
export { gridCells, gridTable, laAndPartnership, nationalRelease } from './releases';
export type { GridSpec } from './releases';
