export { isRealDate } from './dates';
export { fieldErrorsOf } from './field-errors';
export { IsFilled, IsRealDate, IsUuid } from './rules';
export { isUuid, UUID_PATTERN, UUID_SOURCE } from './uuid';
