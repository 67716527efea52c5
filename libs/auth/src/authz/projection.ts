import { subject as asSubject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import { Action, AppAbility, Subject } from './abilities';

/**
 * Field permissions choose the response projection: only the fields the ability grants on this
 * record are copied out. A rule without `fields` grants all of `allFields`.
 */
export function project<T extends Record<string, unknown>>(
  ability: AppAbility,
  action: Action,
  subjectType: Exclude<Subject, 'all'>,
  record: T,
  allFields: readonly (keyof T & string)[],
): Partial<T> {
  const fields = permittedFieldsOf(ability, action, asSubject(subjectType, { ...record }) as never, {
    fieldsFrom: (rule) => rule.fields ?? [...allFields],
  });
  const out: Partial<T> = {};
  for (const f of allFields) if (fields.includes(f)) out[f] = record[f];
  return out;
}
