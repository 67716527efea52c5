export { isRealDate } from './dates';
export { fieldErrorsOf } from './field-errors';
export { IsCheckedBy, IsCodeIn, IsFilled, IsOptionalOrEmpty, IsRealDate, IsUuid } from './rules';
export { isUuid, UUID_PATTERN, UUID_SOURCE } from './uuid';
export {
  assertVersion,
  codeList,
  codeOf,
  EARLIEST_DATE,
  idList,
  LATEST_DATE,
  optionalDate,
  optionalId,
  optionalText,
  requiredDate,
  requiredText,
  text,
  versionOf,
} from './readers';
