import { Logger } from '@nestjs/common';
import pino from 'pino';
import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { ProblemDetailsFilter } from '../http/problem-details';
import { pinoOptions } from './logging.module';

/** Logs one line through the processes' own pino options and returns it parsed. */
function logLine(obj: object, message: string): Record<string, unknown> {
  let out = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += chunk;
      done();
    },
  });
  const opts = pinoOptions({ logLevel: 'info' }, 'test');
  const logger = pino(
    { level: opts.level, base: opts.base, messageKey: opts.messageKey, serializers: opts.serializers },
    stream,
  );
  logger.warn(obj, message);
  return JSON.parse(out.trim()) as Record<string, unknown>;
}

describe('errors in the logs', () => {
  it('carry their class, message, code and stack (they logged "err":{} before)', () => {
    const error = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    );
    const line = logLine({ err: error }, 'Unhandled error');
    expect(line['err']).toMatchObject({
      type: 'QueryFailedError',
      message: 'terminating connection due to administrator command',
      code: '57P01',
    });
    expect((line['err'] as { stack: string }).stack).toMatch(
      /QueryFailedError: terminating connection[\s\S]*serialize-error\.spec/,
    );
  });

  it('keep the code of a Node error and the cause', () => {
    const error = new Error('Relay failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }),
    });
    const line = logLine({ err: error }, 'Outbox relay will retry');
    expect(line['err']).toMatchObject({
      type: 'Error',
      message: 'Relay failed',
      cause: { type: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:6379' },
    });
  });

  it('leave out email addresses and the values PostgreSQL quotes', () => {
    class LeakyError extends Error {
      override name = 'LeakyError';
    }
    const leaky = logLine({ err: new LeakyError('could not reach jo.bloggs@school.example') }, 'Job failed');
    expect(JSON.stringify(leaky)).not.toContain('jo.bloggs');
    expect(leaky['err']).toMatchObject({ type: 'LeakyError', message: 'could not reach [email]' });
    const pg = logLine({ err: new Error('invalid input syntax for type uuid: "Jo Bloggs 2014-03-01"') }, 'x');
    expect(JSON.stringify(pg)).not.toContain('Bloggs');
    const key = logLine({ err: new Error('Key (upn)=(A123456789012) already exists.') }, 'x');
    expect(JSON.stringify(key)).not.toContain('A123456789012');
  });

  it('an unhandled error in a request is logged as the error itself, not a summary of it', () => {
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const error = new TypeError('Cannot read properties of undefined');
    const res = {
      headersSent: false,
      setHeader: jest.fn(),
      status: jest.fn().mockReturnThis(),
      type: jest.fn().mockReturnThis(),
      json: jest.fn().mockReturnThis(),
    };
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({ originalUrl: '/api/v1/x', path: '/api/v1/x' }),
        getResponse: () => res,
      }),
    };
    new ProblemDetailsFilter().catch(error, host as never);
    expect(spy).toHaveBeenCalledWith({ err: error }, 'Unhandled error');
    spy.mockRestore();
  });
});
