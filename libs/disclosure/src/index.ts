export * from './types';
export { cellId, DisclosureInputError } from './model';
export { UnprotectableReleaseError } from './secondary';
export { assertControlled, controlRelease, isControlled, rulesFor } from './control';
export type { ControlOptions, DisclosureRuleBook } from './control';
export { releaseRows, toPublishedVersion } from './rows';
export type { ReleaseRow } from './rows';
export { FOR_SHARING, ForSharing, ForSharingInterceptor, isSharedFile, sharedFile } from './sharing';
export type { SharedFile } from './sharing';
