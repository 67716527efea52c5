import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Schema = Record<string, unknown>;
interface MediaType {
  schema?: Schema;
}
interface Operation {
  responses?: Record<string, { content?: Record<string, MediaType> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** OpenAPI 3.0's `nullable` as JSON Schema (ajv): `{type: 'string', nullable: true}` → also null. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'examples' || k === 'nullable') continue;
    out[k] =
      k === '$ref' && typeof v === 'string'
        ? v.replace('#/components/schemas/', 'openapi#/components/schemas/')
        : toJsonSchema(v);
  }
  if ((node as { nullable?: boolean }).nullable) return { anyOf: [out, { type: 'null' }] };
  return out;
}

const JSON_TYPES = ['application/json', 'application/problem+json'];

/** The component schemas `node` refers to, directly or through others, by name. */
function referenced(node: unknown, components: Record<string, unknown>, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const n of node) referenced(n, components, found);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const name = v.split('/').pop()!;
        if (!found.has(name)) {
          found.add(name);
          referenced(components[name], components, found);
        }
      } else referenced(v, components, found);
    }
  return found;
}

/**
 * Compiled validators kept on disk between suites and runs: ajv generates a schema's validating
 * code (its standalone module) once, and a later suite with the same schema loads that code
 * instead of generating it again, which took seconds of CPU in every suite that boots an API.
 * A file is named by a hash of everything its code is made from: the schema, the component
 * schemas it reaches, and ajv's, ajv-formats' and these options' versions.
 */
const VALIDATORS_DIR = join(tmpdir(), 'rephub-openapi-validators');
const AJV_OPTIONS = { strict: false, allErrors: true, code: { source: true } } as const;
const ajvVersions = () =>
  ['ajv', 'ajv-formats']
    .map(
      (name) =>
        (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version,
    )
    .join(' ');

/** A schema that says what the body is; `{ example }` alone accepts anything, so it is no schema. */
const describesBody = (schema: Schema): boolean =>
  ['$ref', 'type', 'oneOf', 'anyOf', 'allOf', 'properties'].some((k) => k in schema);

/**
 * The contract of the served OpenAPI document, checked on every response a suite receives: the
 * status is declared for the operation, a JSON body's media type is declared, and the body
 * matches that media type's schema. Problems are collected and reported together (ApiWorld fails
 * the suite with them when it closes), so code and document cannot drift.
 */
export class OpenApiContract {
  readonly problems = new Set<string>();
  private readonly ajv = new Ajv(AJV_OPTIONS);
  private readonly routes: { method: string; template: string; pattern: RegExp; op: Operation }[] = [];
  private readonly validators = new Map<Schema, ValidateFunction>();
  private readonly components: Record<string, unknown>;
  private readonly versions = ajvVersions();

  constructor(document: OpenApiDocument) {
    addFormats(this.ajv);
    this.components = toJsonSchema(document.components?.schemas ?? {}) as Record<string, unknown>;
    this.ajv.addSchema({ $id: 'openapi', components: { schemas: this.components } });
    for (const [template, ops] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
        this.routes.push({ method, template, pattern, op });
      }
    }
    // a literal segment wins over a parameter (`/admin/queues/probes/{id}` before `/{queue}/…`)
    this.routes.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  }

  /** Checks one response; `url` as sent (query and all). */
  check(method: string, url: string, res: { status: number; headers: Record<string, string>; body: unknown }): void {
    const path = url.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
    const route = this.routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(path));
    if (!route) return; // not an operation of the document (the document itself, a wrong path)
    const where = `${method.toUpperCase()} ${route.template} → ${res.status}`;
    const response = route.op.responses?.[String(res.status)] ?? route.op.responses?.['default'];
    if (!response) return void this.problems.add(`${where}: status not declared`);
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    if (!JSON_TYPES.includes(type)) return;
    const media = response.content?.[type];
    if (!media)
      return void this.problems.add(
        `${where}: ${type} not declared (declared: ${Object.keys(response.content ?? {}).join(', ') || 'no body'})`,
      );
    if (!media.schema || !describesBody(media.schema))
      return void this.problems.add(
        `${where}: ${type} has no schema${media.schema ? ' (an example only: declare a response class with { type })' : ''}`,
      );
    let validate = this.validators.get(media.schema);
    if (!validate) {
      validate = this.compile(toJsonSchema(media.schema) as Schema);
      this.validators.set(media.schema, validate);
    }
    if (!validate(res.body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 5)
        .map(
          (e) =>
            `${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params['additionalProperty'])})` : ''}`,
        );
      this.problems.add(`${where}: body does not match the schema: ${errors.join('; ')}`);
    }
  }

  /** ajv's validator for a response schema: its code from the disk cache, or generated and kept there. */
  private compile(schema: Schema): ValidateFunction {
    const names = [...referenced(schema, this.components)].sort();
    const key = createHash('sha256')
      .update(JSON.stringify([this.versions, AJV_OPTIONS, schema, names.map((n) => [n, this.components[n]])]))
      .digest('hex')
      .slice(0, 24);
    const file = join(VALIDATORS_DIR, `${key}.js`);
    let code: string;
    try {
      code = readFileSync(file, 'utf8');
    } catch {
      code = standaloneCode(this.ajv, this.ajv.compile(schema));
      mkdirSync(VALIDATORS_DIR, { recursive: true });
      // whole or not at all: another worker may be writing the same file
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, code);
      renameSync(partial, file);
    }
    const loaded: { exports: { default?: ValidateFunction } & ValidateFunction } = { exports: {} as never };
    new Function('require', 'module', 'exports', code)(require, loaded, loaded.exports);
    return loaded.exports.default ?? loaded.exports;
  }
}
