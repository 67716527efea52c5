import { ApiWorld } from '@rep-hub/api-surface/testing';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCT_API_MODULES, PRODUCT_PARTNERSHIP_EXTRAS } from './product';

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  parameters?: { in: string; name: string; example?: unknown; schema?: { example?: unknown } }[];
}

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema & { example?: unknown }>;
  allOf?: Schema[];
  items?: Schema;
};

/** The OpenAPI document is generated from the code; every request field carries a working example. */
describe('the OpenAPI document', () => {
  let world: ApiWorld;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

  const root = join(__dirname, '..', '..', '..');
  /** What a linter printed: its stdout, and its stderr too when it failed and `stderr` is asked for. */
  const lint = (args: string[], stderr: boolean) =>
    new Promise<string>((resolve) =>
      execFile(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, out, err) =>
        resolve(`${out ?? ''}${error && stderr ? (err ?? '') : ''}`),
      ),
    );
  /**
   * How long a lint test waits for its linter, which started in beforeAll: Spectral alone takes
   * about 10 s of CPU (ajv compiling a validator for each example), minutes of wall time on a
   * loaded runner (run synchronously in its test, as before, it held the worker and no limit applied)
   */
  const LINT_WAIT = 300_000;
  /** Redocly's and Spectral's answers on the served document, each a process of its own. */
  let redocly: Promise<string>;
  let spectral: Promise<string>;

  beforeAll(async () => {
    world = await ApiWorld.start({ modules: PRODUCT_API_MODULES, partnershipExtras: PRODUCT_PARTNERSHIP_EXTRAS });
    doc = (await world.http.get('/api/docs-json')).body;
    // both linters read the one file and start now, side by side and while the other checks run,
    // rather than one after the other, each in its test
    mkdirSync(join(root, 'tmp'), { recursive: true });
    const file = join(root, 'tmp', 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    redocly = lint(
      [
        join(root, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'),
        'lint',
        file,
        '--config',
        join(root, 'redocly.yaml'),
        '--format=summary',
      ],
      true,
    );
    spectral = lint(
      [
        join(root, 'node_modules', '@stoplight', 'spectral-cli', 'dist', 'index.js'),
        'lint',
        file,
        '--ruleset',
        join(root, '.spectral.yaml'),
        '--format=json',
        '--quiet',
      ],
      false,
    );
  });
  afterAll(() => world?.close());

  const resolve = (s: Schema): Schema => (s.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s);

  it('gives every request body field and query parameter an example', () => {
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const body = op.requestBody?.content?.['application/json']?.schema as Schema | undefined;
        if (body) {
          const schema = resolve(body);
          const props = {
            ...(schema.properties ?? {}),
            ...Object.assign({}, ...(schema.allOf ?? []).map((s) => resolve(s).properties ?? {})),
          };
          for (const [name, p] of Object.entries(props))
            if ((p as { example?: unknown }).example === undefined)
              missing.push(`${method.toUpperCase()} ${path} body.${name}`);
        }
        for (const param of op.parameters ?? []) {
          if (param.in === 'query' && param.example === undefined && param.schema?.example === undefined)
            missing.push(`${method.toUpperCase()} ${path} query.${param.name}`);
        }
      }
    }
    expect(Object.keys(doc.paths).length).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });

  it('describes every successful JSON body by a schema, not an example alone (so a generated client has no unknown)', () => {
    const bare: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(
        ops as Record<
          string,
          { responses?: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> }
        >,
      )) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const schema = response.content?.['application/json']?.schema;
          if (!status.startsWith('2') || !response.content?.['application/json']) continue;
          if (!schema || !['$ref', 'type', 'oneOf', 'anyOf', 'allOf', 'properties'].some((k) => k in schema))
            bare.push(`${method.toUpperCase()} ${path} → ${status}`);
        }
      }
    }
    expect(bare).toEqual([]);
  });

  it('accepts its own request examples: the sign-in example signs in on the demo data shape', () => {
    const login = resolve(doc.paths['/api/v1/auth/login']['post'].requestBody!.content!['application/json'].schema!);
    expect(login.properties!['email'].example).toBe('nw.lead@demo.rephub.example');
    expect(login.properties!['password'].example).toBe('rephub-demo-2026');
  });

  it('gives the organisation kinds and roles the core and the modules register as enums (read when the document is built)', () => {
    const kinds = [
      'local_authority',
      'school',
      'icb',
      'training_provider',
      'parent_carer_forum',
      'ap_provider',
      'early_years',
    ];
    const roles = [
      'partnership_lead',
      'la_officer',
      'setting_staff',
      'workforce_lead',
      'la_admin',
      'icb_member',
      'parent_carer_forum_member',
      'data_protection_officer',
      'ap_provider_staff',
      'training_provider_staff',
    ];
    const body = (path: string) =>
      resolve(doc.paths[path]['post'].requestBody!.content!['application/json'].schema!).properties!;
    expect(body('/api/v1/admin/tenants/{tenantId}/organisations')['kind']).toMatchObject({
      type: 'string',
      enum: kinds,
    });
    expect(body('/api/v1/admin/tenants/{tenantId}/memberships')['role']).toMatchObject({ type: 'string', enum: roles });
    const query = doc.paths['/api/v1/organisations']['get'].parameters!.find((q) => q.name === 'kind') as {
      schema?: { enum?: string[] };
    };
    expect(query.schema?.enum).toEqual(kinds);
    expect(JSON.stringify(doc)).not.toContain('x-enum-source');
  });

  it('answers a kind or role nobody registers with a 400 naming the field and the registered codes', async () => {
    const r = await world.http
      .post(`/api/v1/admin/tenants/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/organisations`)
      .set('Authorization', `Bearer ${world.adminToken}`)
      .send({ kind: 'charity', name: 'A charity' });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.body.errors).toEqual([
      {
        field: 'kind',
        message:
          'kind must be one of local_authority, school, icb, training_provider, parent_carer_forum, ap_provider, early_years',
      },
    ]);
  });

  it('documents bearer authentication and the problem details of errors', () => {
    expect(JSON.stringify(doc)).toContain('"bearer"');
    expect(JSON.stringify(doc.paths['/api/v1/auth/login'])).toContain('Sign-in failed');
  });

  it(
    'lints with Redocly’s recommended rules (redocly.yaml) without an error',
    async () => {
      const out = await redocly;
      expect(out).not.toMatch(/^error /m);
      // the rules that do not fit are switched off in redocly.yaml, each with its reason
      expect(out).not.toMatch(/^warning /m);
    },
    LINT_WAIT,
  );

  it(
    'lints with Spectral’s spectral:oas rules (.spectral.yaml) without an error or a warning',
    async () => {
      const out = await spectral;
      expect(out.trim()).toMatch(/^\[/); // Spectral ran and answered its results as JSON
      const results = JSON.parse(out) as { code: string; message: string; path: string[] }[];
      expect(results.map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`)).toEqual([]);
    },
    LINT_WAIT,
  );

  it('gives every operation a tag (described at the top of the document) and a one-line summary', () => {
    const tags = (doc as unknown as { tags: { name: string; description?: string }[] }).tags;
    // each described in a line (registerOpenApiTag, by the core and by each module)
    expect(tags.filter((t) => !t.description?.trim()).map((t) => t.name)).toEqual([]);
    const declared = new Set(tags.map((t) => t.name));

    const lacking: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops as Record<string, { tags?: string[]; summary?: string }>)) {
        const name = `${method.toUpperCase()} ${path}`;
        if (!op.tags?.length || op.tags.some((t) => !declared.has(t))) lacking.push(`${name}: tag`);
        if (!op.summary?.trim() || op.summary.includes('\n')) lacking.push(`${name}: one-line summary`);
      }
    expect(lacking).toEqual([]);
  });

  it('names the request id header and limits the body size with a problem answer', async () => {
    const r = await world.http.get('/api/health').set('X-Request-Id', 'trace-abc-123');
    expect(r.headers['x-request-id']).toBe('trace-abc-123');
    // security headers (helmet): no sniffing, no framing, a strict CSP, HSTS
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['strict-transport-security']).toContain('max-age=');
    expect(r.headers['x-powered-by']).toBeUndefined();
    const big = await world.http
      .post('/api/v1/reference/upn-checks')
      .set('content-type', 'application/json')
      .send(`{"upn":"${'A'.repeat(1_100_000)}"}`);
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toContain('application/problem+json');
  });
});
