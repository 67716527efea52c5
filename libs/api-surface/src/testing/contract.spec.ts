import { randomUUID } from 'node:crypto';
import { OpenApiContract, OpenApiDocument } from './contract';

/**
 * The contract's validators come from ajv, or from its code kept on disk by an earlier suite:
 * either way a body that does not match its schema is reported, and one that matches is not.
 */
describe('the OpenAPI contract', () => {
  // a schema no other suite has (a fresh property name), so the first contract generates its code
  const field = `f${randomUUID().replace(/-/g, '')}`;
  const document: OpenApiDocument = {
    paths: {
      '/api/v1/things/{id}': {
        get: {
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', field],
          properties: {
            id: { type: 'string', format: 'uuid' },
            [field]: { type: 'integer', nullable: true },
            part: { $ref: '#/components/schemas/Part' },
          },
        },
        Part: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      },
    },
  };
  const json = { 'content-type': 'application/json' };

  it.each(['generated', 'loaded from the disk'])('reports a body that does not match, and only that (%s)', () => {
    const contract = new OpenApiContract(document);
    const url = `/api/v1/things/${randomUUID()}`;
    contract.check('GET', url, { status: 200, headers: json, body: { id: randomUUID(), [field]: null } });
    contract.check('GET', url, {
      status: 200,
      headers: json,
      body: { id: randomUUID(), [field]: 3, part: { name: 'a part' } },
    });
    expect([...contract.problems]).toEqual([]);

    contract.check('GET', url, { status: 200, headers: json, body: { id: 'not a uuid', [field]: 'three' } });
    contract.check('GET', url, { status: 200, headers: json, body: { id: randomUUID(), [field]: 1, part: {} } });
    expect([...contract.problems]).toEqual([
      `GET /api/v1/things/{id} → 200: body does not match the schema: /id must match format "uuid"; /${field} must be integer; /${field} must be null; /${field} must match a schema in anyOf`,
      `GET /api/v1/things/{id} → 200: body does not match the schema: /part must have required property 'name'`,
    ]);
  });
});
