import { DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestId } from '../http/request-id';
import { LoggerModule } from 'nestjs-pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { AppConfig } from '../config/config';
import { serializeError } from './serialize-error';

/**
 * The pino options of every process: structured JSON logs with no personal data. A request is
 * logged by id, method, path (never the query string or body) and status; headers, cookies and
 * bodies are never serialised; an error by its class, message, code and stack, scrubbed of
 * personal values (serializeError).
 */
export function pinoOptions(config: Pick<AppConfig, 'logLevel'>, service: string): PinoHttpOptions {
  return {
    level: config.logLevel,
    base: { service },
    messageKey: 'message',
    genReqId: (req: IncomingMessage) => requestId(req),
    serializers: {
      req: (req: IncomingMessage & { id?: string }) => ({
        id: req.id,
        method: req.method,
        path: (req.url ?? '').split('?')[0],
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
    redact: { paths: ['req.headers', 'res.headers', '*.password', '*.email', '*.token'], remove: true },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/assets/') },
  };
}

@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig, service: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: pinoOptions(config, service) })],
    };
  }
}
