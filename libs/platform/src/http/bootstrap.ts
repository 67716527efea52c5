import { INestApplication, Logger as NestLogger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { ErrorPageRenderer, ProblemDetailsFilter } from './problem-details';
import { drainOnSignal } from './graceful-shutdown';
import { refuseDeepJson, refuseMalformedStrings } from './json-guard';
import { resolveOpenApiEnums } from './openapi-enums';
import { requestId } from './request-id';
import { createValidationPipe } from './validation';
import { completeOpenApiDocument, FieldErrorDto, ProblemDetailsDto } from './openapi-document';
import { liveExamples } from './openapi-examples';
import { cachedOpenApiDocument } from './openapi-cache';

export const BODY_LIMIT = '1mb';

/** Stands for the response's nonce while helmet's headers are worked out once. */
const NONCE_MARK = 'rephubNonceMark0';

/**
 * The headers a helmet middleware sets, worked out once: each value, or for the one that names
 * the response's nonce, its parts around it (joined with the nonce per response). Helmet's headers
 * depend on nothing of the request but the nonce its CSP is given.
 */
export function helmetHeaders(
  middleware: (req: never, res: never, next: (error?: unknown) => void) => void,
): [string, string | string[]][] {
  const headers: [string, string | string[]][] = [];
  let failed: unknown;
  const res = {
    locals: { cspNonce: NONCE_MARK },
    setHeader: (name: string, value: string) => {
      headers.push([name, value.includes(NONCE_MARK) ? value.split(NONCE_MARK) : value]);
    },
    removeHeader: () => undefined,
  };
  middleware({ headers: {} } as never, res as never, (error?: unknown) => (failed = error));
  if (failed) throw failed;
  return headers;
}

/** Random bytes for nonces, drawn a few kilobytes at a time rather than 16 bytes per response. */
let noncePool = Buffer.alloc(0);
let nonceAt = 0;

/** A fresh nonce: 16 random bytes (each used once) in base64. */
function nextNonce(): string {
  if (nonceAt + 16 > noncePool.length) {
    noncePool = randomBytes(16 * 256);
    nonceAt = 0;
  }
  nonceAt += 16;
  return noncePool.toString('base64', nonceAt - 16, nonceAt);
}

/**
 * The OpenAPI document, generated from the code, at /api/docs (JSON at /api/docs-json). Built at
 * its first request rather than as the app starts: most processes (each of a server's processes,
 * most test apps) never serve it, and building it scans every route (0.2 to 0.4 s of CPU).
 */
export function setupOpenApi(app: INestApplication): void {
  const build = () => {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('REP Hub API')
        .setDescription(
          'The JSON API of REP Hub, the platform of the SEND and AP Change Programme Partnerships. ' +
            'Errors are RFC 9457 problem details (application/problem+json).',
        )
        .setVersion('1')
        .setLicense('MIT', 'https://opensource.org/licenses/MIT')
        .addServer('http://localhost:3000', 'npm start (demonstration mode); in production, your REP Hub’s own address')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .addSecurityRequirements('bearer')
        .build(),
      { extraModels: [ProblemDetailsDto, FieldErrorDto] },
    );
    resolveOpenApiEnums(document);
    return completeOpenApiDocument(document);
  };
  // dates that must be in range are worked out again each time the document is served
  SwaggerModule.setup('api/docs', app, () => cachedOpenApiDocument(app, build), {
    jsonDocumentUrl: 'api/docs-json',
    patchDocumentOnRequest: (_req, _res, doc) => liveExamples(doc),
  });
}

/**
 * What every HTTP app does before listening: JSON logs, security headers, no caching of responses,
 * body limits, the validation pipe, problem details. `listen` adds the drain on SIGTERM.
 */
export function configureHttpApp(
  app: NestExpressApplication,
  options: { openApi: boolean; errorPages?: ErrorPageRenderer },
): void {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.disable('x-powered-by');
  // the proxies whose forwarded address and scheme count (TRUST_PROXY): the rate limits' client
  // address, and whether the session cookie is Secure
  app.set('trust proxy', app.get<AppConfig>(APP_CONFIG).trustProxy);
  // Responses name children and change with every request (the audit, the CSP nonce): no browser
  // or proxy keeps one (a route that is public says so itself), and no ETag is hashed for them.
  app.set('etag', false);
  // Every response's headers in one middleware: no caching, the request's id, a CSP nonce, and
  // helmet's security headers. Helmet's headers are the same for every response but the nonce,
  // so they are worked out once (helmetHeaders) rather than by its eleven middlewares per request.
  const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals['cspNonce']}'`;
  const strict = helmetHeaders(
    helmet({
      contentSecurityPolicy: {
        directives: { 'style-src': ["'self'"], 'script-src': ["'self'", nonce], 'img-src': ["'self'", 'data:'] },
      },
    }),
  );
  const docs = helmetHeaders(helmet({ contentSecurityPolicy: false })); // Swagger UI needs inline styles and scripts
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Request-Id', requestId(req as unknown as Parameters<typeof requestId>[0]));
    // A nonce per response lets the GOV.UK template's one inline script run under a strict CSP.
    const cspNonce = (res.locals['cspNonce'] = nextNonce());
    for (const [name, value] of req.path.startsWith('/api/docs') ? docs : strict)
      res.setHeader(name, typeof value === 'string' ? value : value.join(cspNonce));
    next();
  });
  // JSON nested deeper than MAX_JSON_DEPTH, and strings that are not well-formed Unicode (a lone
  // surrogate), answer 400 before any route sees them
  app.useBodyParser('json', { limit: BODY_LIMIT, verify: refuseDeepJson });
  app.useBodyParser('urlencoded', { extended: false, limit: BODY_LIMIT });
  app.use(refuseMalformedStrings);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(options.errorPages));
  if (options.openApi) setupOpenApi(app);
}

export async function listen(app: NestExpressApplication, config: AppConfig, what: string): Promise<string> {
  await app.listen(config.port, config.host);
  // SIGTERM drains within SHUTDOWN_DEADLINE_MS, runs the shutdown hooks and exits 0
  drainOnSignal(app, app.getHttpServer() as Server, config.shutdownDeadlineMs);
  const url = `http://localhost:${config.port}`;
  new NestLogger('Bootstrap').log(`${what} listening on ${url}`);
  return url;
}
