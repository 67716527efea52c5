import { ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, type ValidatorOptions } from 'class-validator';
import { flattenValidationErrors, InvalidFieldsException } from './problem-details';

/**
 * How every request DTO is checked, by the API's pipe and by a page's fieldErrorsOf alike: unknown
 * fields are refused and every rule of a field runs (flattenValidationErrors then names the field
 * once, with the first failing rule in reading order).
 */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  stopAtFirstError: false,
};

type Storage = ReturnType<typeof getMetadataStorage> & { rephubMemoised?: true };
type Metadata = ReturnType<Storage['getTargetValidationMetadatas']>;

/**
 * class-validator looks up a DTO's rules on every validation by going through the metadata of
 * every decorated class in the app (an `instanceof` for each, for inherited rules) and groups them
 * by property afresh: about 1% of the API's CPU a request for a list's query (docs/performance.md).
 * The rules of a class change only when a decorator adds one (as a module loads), so both answers
 * are kept per class and options until then; class-validator only reads them.
 */
export function memoiseValidationMetadata(storage = getMetadataStorage() as Storage): void {
  if (storage.rephubMemoised) return;
  storage.rephubMemoised = true;
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let found = new Map<unknown, Map<string, Metadata>>();
  let grouped = new WeakMap<Metadata, ReturnType<Storage['groupByPropertyName']>>();
  storage.addValidationMetadata = (metadata) => {
    found = new Map();
    grouped = new WeakMap();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strict, groups) => {
    const key = `${String(schema)}\u0000${always}\u0000${strict}\u0000${groups?.join('\u0001') ?? ''}`;
    let byKey = found.get(target);
    if (!byKey) found.set(target, (byKey = new Map()));
    let metadata = byKey.get(key);
    if (!metadata) byKey.set(key, (metadata = lookUp(target, schema, always, strict, groups)));
    return metadata;
  };
  storage.groupByPropertyName = (metadata) => {
    let byProperty = grouped.get(metadata);
    if (!byProperty) grouped.set(metadata, (byProperty = group(metadata)));
    return byProperty;
  };
}

/** Unknown fields are rejected, values transformed to their DTO types, each bad field named. */
export function createValidationPipe(): ValidationPipe {
  memoiseValidationMetadata();
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new InvalidFieldsException(flattenValidationErrors(errors)),
  });
}
