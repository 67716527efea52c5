/**
 * Enums in the OpenAPI document whose values a registry holds (the organisation kinds and roles
 * the core and each module register). `@ApiProperty({ enum })` reads its values when the DTO
 * class is defined, before any module has registered anything, so such a property names its
 * source instead (`registryEnum('roles')`), and the document gets the values when it is built.
 */
const SOURCES = new Map<string, () => readonly string[]>();

/** The OpenAPI extension naming a property's enum source; replaced by `enum` when the document is built. */
export const OPENAPI_ENUM_SOURCE = 'x-enum-source';

/** Says where the values of a registry-backed enum come from; read when the document is built. */
export function registerOpenApiEnum(name: string, values: () => readonly string[]): void {
  SOURCES.set(name, values);
}

/** `@ApiProperty` options for a string whose allowed values the named registry holds. */
export function registryEnum(name: string): { type: 'string'; [OPENAPI_ENUM_SOURCE]: string } {
  return { type: 'string', [OPENAPI_ENUM_SOURCE]: name };
}

/** Fills every registry-backed enum of the document (a property's schema or a query parameter's); an unknown source is an error. */
export function resolveOpenApiEnums(document: unknown): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const name = o[OPENAPI_ENUM_SOURCE];
    if (typeof name === 'string') {
      const values = SOURCES.get(name);
      if (!values) throw new Error(`OpenAPI: no registry gives the values of "${name}"`);
      delete o[OPENAPI_ENUM_SOURCE];
      // a query parameter carries its schema; a property is its schema
      const target =
        o['in'] && o['schema'] && typeof o['schema'] === 'object' ? (o['schema'] as Record<string, unknown>) : o;
      target['type'] = 'string';
      target['enum'] = [...values()];
    }
    Object.values(o).forEach(visit);
  };
  visit(document);
}

/** Every registry's values as they stand, by name: what the enums of a document built now would get. */
export function openApiEnumValues(): Record<string, readonly string[]> {
  return Object.fromEntries(
    [...SOURCES].sort(([a], [b]) => a.localeCompare(b)).map(([name, values]) => [name, values()]),
  );
}
