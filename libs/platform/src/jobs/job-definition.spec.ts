import { randomUUID } from 'node:crypto';
import {
  assertSafePayload,
  defineJob,
  defineSchedule,
  jobDefinition,
  JobEnvelope,
  JobPayloadRejectedError,
  jobSchedules,
  parseEnvelope,
} from './job-definition';

/** What assertSafePayload refused, as `path: reason`, or 'ok'. */
function verdict(payload: unknown): string {
  try {
    assertSafePayload(payload);
    return 'ok';
  } catch (error) {
    if (!(error instanceof JobPayloadRejectedError)) throw error;
    return `${error.path}: ${error.message.replace(/^.*: /, '')}`;
  }
}

describe('job payloads carry ids, codes, numbers and flags only (no personal data in Redis)', () => {
  it('accepts UUIDs, short codes, numbers, flags, null and lists of them', () => {
    expect(
      verdict({
        tenantId: randomUUID(),
        userIds: [randomUUID(), randomUUID()],
        template: 'invite',
        status: 'ADMITTED',
        reason_code: 'ex.perm-01',
        count: 3,
        ratio: 0.5,
        force: false,
        previous: null,
        year: 2026,
      }),
    ).toBe('ok');
  });

  it.each([
    [{ name: 'x' }, 'payload.name', 'the key names personal data'],
    [{ childName: 'x' }, 'payload.childName', 'the key names personal data'],
    [{ first_name: 'x' }, 'payload.first_name', 'the key names personal data'],
    [{ surname: 'x' }, 'payload.surname', 'the key names personal data'],
    [{ dateOfBirth: 'x' }, 'payload.dateOfBirth', 'the key names personal data'],
    [{ DOB: 'x' }, 'payload.DOB', 'the key names personal data'],
    [{ pupilDob: 1 }, 'payload.pupilDob', 'the key names personal data'],
    [{ birthDate: 'x' }, 'payload.birthDate', 'the key names personal data'],
    [{ upn: 'x' }, 'payload.upn', 'the key names personal data'],
    [{ pupilUPN: 'x' }, 'payload.pupilUPN', 'the key names personal data'],
    [{ email: 'x' }, 'payload.email', 'the key names personal data'],
    [{ postcode: 'x' }, 'payload.postcode', 'the key names personal data'],
    // keys written with hyphens or spaces say the same thing
    [{ 'date-of-birth': 'x' }, 'payload.date-of-birth', 'the key names personal data'],
    [{ 'first name': 'x' }, 'payload.first name', 'the key names personal data'],
    [{ 'dob ': 'x' }, 'payload.dob ', 'the key names personal data'],
    // the key is refused whatever its value, even null
    [{ name: null }, 'payload.name', 'the key names personal data'],
  ])('refuses a key that names personal data: %j', (payload, path, reason) => {
    expect(verdict(payload)).toBe(`${path}: ${reason}`);
  });

  it.each([
    [{ ref: 'H801200001001' }, 'payload.ref', 'looks like a UPN'],
    [{ ref: 'h801200001001' }, 'payload.ref', 'looks like a UPN'],
    [{ refs: ['OK', 'A123456789012'] }, 'payload.refs[1]', 'looks like a UPN'],
    [{ to: 'jo.bloggs@school.example' }, 'payload.to', 'looks like an email address'],
    [{ born: '2014-05-03' }, 'payload.born', 'looks like a date (a date of birth?)'],
    [{ born: '2014-05-03T00:00:00.000Z' }, 'payload.born', 'looks like a date (a date of birth?)'],
    // British date forms that the short-code pattern would otherwise let through
    [{ born: '03-05-2014' }, 'payload.born', 'looks like a date (a date of birth?)'],
    [{ born: '03.05.2014' }, 'payload.born', 'looks like a date (a date of birth?)'],
    [{ born: '3.5.14' }, 'payload.born', 'looks like a date (a date of birth?)'],
    [{ born: '03/05/2014' }, 'payload.born', 'must be an id or a short code, not free text'],
    [{ who: 'Jo Bloggs' }, 'payload.who', 'must be an id or a short code, not free text'],
    [{ note: 'x'.repeat(65) }, 'payload.note', 'must be an id or a short code, not free text'],
    [{ note: '' }, 'payload.note', 'must be an id or a short code, not free text'],
    [{ nested: { id: 'a' } }, 'payload.nested', 'must be an id, code, number, flag or a list of them'],
    [{ when: new Date(0) }, 'payload.when', 'must be an id, code, number, flag or a list of them'],
    [{ n: Number.NaN }, 'payload.n', 'must be a finite number'],
    [{ n: Number.POSITIVE_INFINITY }, 'payload.n', 'must be a finite number'],
    [{ many: Array.from({ length: 1001 }, () => 1) }, 'payload.many', 'has too many items'],
  ])('refuses a value that could be personal data or free text: %j', (payload, path, reason) => {
    expect(verdict(payload)).toBe(`${path}: ${reason}`);
  });

  it.each([[null], [[]], ['text'], [42]])('refuses a payload that is not an object: %j', (payload) => {
    expect(verdict(payload)).toBe('payload: must be an object');
  });

  it('never puts the refused value in the error message', () => {
    const messages = [
      { ref: 'H801200001001' },
      { who: 'Jo Bloggs' },
      { to: 'jo@school.example' },
      { born: '2014-05-03' },
    ].map((p) => {
      try {
        assertSafePayload(p);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(messages.every((m) => m.startsWith('Job payload refused at payload.'))).toBe(true);
    expect(messages.join('\n')).not.toMatch(/H801200001001|Bloggs|jo@|2014/);
  });

  it('still accepts codes that merely contain digits, dots and dashes', () => {
    expect(verdict({ a: '1.2.3', b: 'v2026.1', c: 'la-201', d: 'ks2-3', e: '2026' })).toBe('ok');
  });
});

describe('job envelopes read back from Redis', () => {
  const envelope = (over: Partial<JobEnvelope> = {}): JobEnvelope => ({
    v: 1,
    name: 'maintenance.something',
    tenantId: randomUUID(),
    actorId: null,
    correlationId: null,
    idempotencyKey: 'k',
    outboxId: randomUUID(),
    payload: { id: randomUUID() },
    ...over,
  });

  it('accepts a REP Hub envelope', () => {
    const e = envelope({ actorId: randomUUID() });
    expect(parseEnvelope(JSON.parse(JSON.stringify(e)))).toEqual(e);
  });

  it.each([
    ['not an object', null],
    ['another version', { ...envelope(), v: 2 }],
    ['a tenant that is not a UUID', envelope({ tenantId: 'acme' })],
    ['an actor that is not a UUID', envelope({ actorId: 'root' })],
    ['no idempotency key', { ...envelope(), idempotencyKey: undefined }],
    ['personal data in the payload', envelope({ payload: { name: 'Jo' } })],
  ])('refuses %s', (_what, data) => {
    expect(() => parseEnvelope(data)).toThrow(JobPayloadRejectedError);
  });
});

describe('defineJob and defineSchedule', () => {
  it('registers a job type once, with its queue and attempts (5 by default)', () => {
    const def = defineJob('test_definition.once', 'maintenance');
    expect(def).toEqual({ name: 'test_definition.once', queue: 'maintenance', attempts: 5 });
    expect(jobDefinition('test_definition.once')).toBe(def);
    expect(() => defineJob('test_definition.once', 'reports')).toThrow('Job "test_definition.once" is defined twice');
  });

  it('refuses a name that is not dotted lower-case', () => {
    expect(() => defineJob('NoDots', 'maintenance')).toThrow(/dotted lower-case/);
    expect(() => defineJob('test definition.x', 'maintenance')).toThrow(/dotted lower-case/);
  });

  it('refuses a schedule id defined twice', () => {
    const job = defineJob('test_definition.scheduled', 'maintenance');
    defineSchedule({ id: 'test-definition-schedule', job, everyMs: 1000 });
    expect(jobSchedules().filter((s) => s.id === 'test-definition-schedule')).toHaveLength(1);
    expect(() => defineSchedule({ id: 'test-definition-schedule', job, everyMs: 1000 })).toThrow(/defined twice/);
  });
});
