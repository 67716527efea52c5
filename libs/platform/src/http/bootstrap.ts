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
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Request-Id', requestId(req as unknown as Parameters<typeof requestId>[0]));
    next();
  });
  // A nonce per response lets the GOV.UK template's one inline script run under a strict CSP.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals['cspNonce'] = randomBytes(16).toString('base64');
    next();
  });
  const nonce = (_req: unknown, res: unknown) => `'nonce-${(res as Response).locals['cspNonce']}'`;
  const strict = helmet({
    contentSecurityPolicy: {
      directives: { 'style-src': ["'self'"], 'script-src': ["'self'", nonce], 'img-src': ["'self'", 'data:'] },
    },
  });
  const docs = helmet({ contentSecurityPolicy: false }); // Swagger UI needs inline styles and scripts
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith('/api/docs') ? docs : strict)(req, res, next),
  );
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
