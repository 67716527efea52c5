export { isRealDate } from './dates';
export { fieldErrorsOf } from './field-errors';
export { IsCheckedBy, IsCodeIn, IsFilled, IsOptionalOrEmpty, IsRealDate, IsUuid } from './rules';
export { isUuid, UUID_PATTERN, UUID_SOURCE } from './uuid';
