import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, MaxLength, Min, validate, ValidateNested } from 'class-validator';
import { memoiseValidationMetadata, VALIDATOR_OPTIONS } from '../http/validation';
import { fieldErrorsOf } from './field-errors';
import { IsCheckedBy, IsCodeIn, IsFilled, IsOptionalOrEmpty, IsRealDate, IsUuid } from './rules';
import { isUuid, UUID_PATTERN, UUID_SOURCE } from './uuid';

class Contact {
  @IsFilled({ message: 'Enter the name' })
  @MaxLength(5, { message: 'The name must be 5 characters or fewer' })
  name: string;
}

let codes = ['A', 'B'];

class Input {
  @IsFilled({ message: 'Enter the name' })
  @MaxLength(5, { message: 'The name must be 5 characters or fewer' })
  name: string;

  @IsOptional()
  @IsUuid({ message: 'Choose the school' })
  schoolId?: string;

  @IsOptional()
  @IsRealDate({ message: 'Enter the date as YYYY-MM-DD' })
  on?: string;

  @IsOptional()
  @IsCodeIn(() => codes, { message: 'Choose a code in force' })
  code?: string;

  @IsOptional()
  @IsCheckedBy((v, dto) => (v === 'same' && dto['name'] === 'same' ? 'Not the same as the name' : undefined))
  other?: string;

  @IsOptionalOrEmpty()
  @IsInt({ message: 'Enter a whole number of weeks' })
  @Min(1, { message: 'Enter a whole number of weeks' })
  weeks?: number | string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => Contact)
  contacts?: Contact[];
}

/** The one way to read input: the rules a DTO and a page share, and how their errors are named. */
describe('validation', () => {
  it('checks a UUID one way, anchored and in either case', () => {
    expect(isUuid('8D9E0F1A-2B3C-4D5E-8F70-8192A3B4C5D6')).toBe(true);
    expect(isUuid(' 8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6')).toBe(false);
    expect(isUuid('8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d')).toBe(false);
    expect(isUuid(42)).toBe(false);
    expect(UUID_PATTERN.test('8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6')).toBe(true);
    expect(new RegExp(`/cases/(${UUID_SOURCE})$`).exec('/cases/8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6')?.[1]).toBe(
      '8d9e0f1a-2b3c-4d5e-8f70-8192a3b4c5d6',
    );
  });

  it('names each bad field once, with its first failing rule read top to bottom', () => {
    expect(fieldErrorsOf(Input, {})).toEqual([{ field: 'name', message: 'Enter the name' }]);
    expect(fieldErrorsOf(Input, { name: 'far too long' })).toEqual([
      { field: 'name', message: 'The name must be 5 characters or fewer' },
    ]);
    expect(
      fieldErrorsOf(Input, { name: 'Sam', schoolId: 'x', on: '2026-02-30', code: 'C', weeks: 0 }).map((e) => e.field),
    ).toEqual(['schoolId', 'on', 'code', 'weeks']);
  });

  it('reads a list of codes when the input is checked, not when the class is defined', () => {
    expect(fieldErrorsOf(Input, { name: 'Sam', code: 'C' })).toEqual([
      { field: 'code', message: 'Choose a code in force' },
    ]);
    codes = ['A', 'B', 'C'];
    expect(fieldErrorsOf(Input, { name: 'Sam', code: 'C' })).toEqual([]);
  });

  it('gives a rule of its own the whole input, and its answer as the message', () => {
    expect(fieldErrorsOf(Input, { name: 'same', other: 'same' })).toEqual([
      { field: 'other', message: 'Not the same as the name' },
    ]);
    expect(fieldErrorsOf(Input, { name: 'Sam', other: 'same' })).toEqual([]);
  });

  it('leaves a setting sent empty to its default, and checks one sent with a value', () => {
    expect(fieldErrorsOf(Input, { name: 'Sam', weeks: '' })).toEqual([]);
    expect(fieldErrorsOf(Input, { name: 'Sam', weeks: null })).toEqual([]);
    expect(fieldErrorsOf(Input, { name: 'Sam', weeks: 'six' })).toEqual([
      { field: 'weeks', message: 'Enter a whole number of weeks' },
    ]);
  });

  it('names an item of a list by its index, as the services do, and refuses unknown fields', () => {
    expect(fieldErrorsOf(Input, { name: 'Sam', contacts: [{ name: 'Al' }, { name: '' }] })).toEqual([
      { field: 'contacts[1].name', message: 'Enter the name' },
    ]);
    expect(fieldErrorsOf(Input, { name: 'Sam', tenantId: 'x' })).toEqual([
      { field: 'tenantId', message: 'property tenantId should not exist' },
    ]);
  });
});

describe('memoiseValidationMetadata: a DTO’s rules kept until a decorator adds one', () => {
  class Base {
    @MaxLength(3)
    code: string;
  }
  class Late extends Base {
    @IsInt()
    count: number;
  }
  const errorsOf = async (o: object) =>
    (await validate(o, VALIDATOR_OPTIONS)).map((e) => `${e.property}:${Object.keys(e.constraints ?? {}).join(',')}`);

  it('validates with the inherited rules, and with a rule added after the first validation', async () => {
    memoiseValidationMetadata();
    const late = Object.assign(new Late(), { code: 'ABCD', count: 2 });
    expect(await errorsOf(late)).toEqual(['code:maxLength']);
    expect(await errorsOf(late)).toEqual(['code:maxLength']); // kept: the same answer
    Min(5)(Late.prototype, 'count'); // a decorator adds a rule (as a module loading later would)
    expect(await errorsOf(late)).toEqual(['count:min', 'code:maxLength']);
    expect(await errorsOf(Object.assign(new Late(), { code: 'ABC', count: 5, extra: 1 }))).toEqual([
      'extra:whitelistValidation',
    ]);
  });
});
