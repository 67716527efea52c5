import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiEnumValues } from './openapi-enums';
import { liveExampleValues } from './openapi-examples';

/**
 * Test runs only: the sources' hash, worked out once per run by the tests' global setup
 * (libs/platform/src/testing/global-setup.ts). Set, the OpenAPI document an app builds is kept on disk and the next app
 * of the run with the same routes reads it instead of building it again (about 0.2 to 0.4 s of
 * CPU in every suite that starts an API, dozens a run).
 */
export const OPENAPI_CACHE_ENV = 'REPHUB_TEST_SOURCE_HASH';

const DOCUMENTS_DIR = join(tmpdir(), 'rephub-openapi-documents');

/**
 * The document `build` makes for `app`, from the run's cache when the tests ask for one
 * (OPENAPI_CACHE_ENV, never in production). A file is named by a hash of everything the document
 * is made from: the sources (the env's hash, which covers the code and the lockfile), the app's
 * controllers by module, the registries' enum values and the live examples as of today.
 */
export function cachedOpenApiDocument(app: INestApplication, build: () => OpenAPIObject): OpenAPIObject {
  const sources = process.env[OPENAPI_CACHE_ENV];
  if (!sources || process.env['NODE_ENV'] === 'production') return build();
  const controllers: string[] = [];
  for (const module of app.get(ModulesContainer).values())
    for (const token of module.controllers.keys())
      controllers.push(`${module.metatype.name}/${typeof token === 'function' ? token.name : String(token)}`);
  const key = createHash('sha256')
    .update(JSON.stringify([sources, controllers.sort(), openApiEnumValues(), liveExampleValues().sort()]))
    .digest('hex')
    .slice(0, 24);
  const file = join(DOCUMENTS_DIR, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as OpenAPIObject;
  } catch {
    const document = build();
    try {
      mkdirSync(DOCUMENTS_DIR, { recursive: true });
      // whole or not at all: another worker may be writing the same file
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(document));
      renameSync(partial, file);
    } catch {
      // a read-only or full disk: the next app builds it again
    }
    return document;
  }
}
