import { rulesToAST } from '@casl/ability/extra';
import { Action, AppAbility, Subject, UnsupportedRuleError } from './abilities';

/** A WHERE fragment and its named parameters, for TypeORM's query builder. */
export interface SqlScope {
  sql: string;
  params: Record<string, unknown>;
}

/** The AST node shape of rulesToAST (@ucast conditions). */
type Node = { operator: string; field?: string; value: unknown };

/**
 * Compiles what `ability` allows for `action` on `subject` into SQL over the table's own columns:
 * CASL decides, SQL scopes, and nothing is loaded then filtered. `columns` maps each condition
 * field to a column of `alias`; a field without a column, or an operator outside the small
 * vocabulary, throws rather than being dropped.
 */
export function sqlScope(
  ability: AppAbility,
  action: Action,
  subject: Exclude<Subject, 'all'>,
  alias: string,
  columns: Record<string, string>,
): SqlScope {
  const ast = rulesToAST(ability, action, subject) as unknown as Node | null;
  const params: Record<string, unknown> = {};
  let n = 0;
  const param = (value: unknown) => {
    const name = `scope_${n++}`;
    params[name] = value;
    return `:${Array.isArray(value) ? '...' : ''}${name}`;
  };
  const column = (field: string) => {
    const c = columns[field];
    if (!c) throw new UnsupportedRuleError(`field ${field} has no column on ${subject}`);
    return `${alias}.${c}`;
  };
  const compile = (node: Node): string => {
    switch (node.operator) {
      case 'and':
      case 'or': {
        const parts = (node.value as Node[]).map(compile);
        if (parts.length === 0) return node.operator === 'and' ? 'TRUE' : 'FALSE';
        return `(${parts.join(node.operator === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'not':
        return `NOT ${compile((node.value as Node[])[0])}`;
      case 'eq':
        return node.value === null ? `${column(node.field!)} IS NULL` : `${column(node.field!)} = ${param(node.value)}`;
      case 'ne':
        return node.value === null
          ? `${column(node.field!)} IS NOT NULL`
          : `${column(node.field!)} <> ${param(node.value)}`;
      case 'in':
        return (node.value as unknown[]).length ? `${column(node.field!)} IN (${param(node.value)})` : 'FALSE';
      case 'nin':
        return (node.value as unknown[]).length ? `${column(node.field!)} NOT IN (${param(node.value)})` : 'TRUE';
      default:
        throw new UnsupportedRuleError(`operator ${node.operator}`);
    }
  };
  return { sql: ast === null ? 'FALSE' : compile(ast), params };
}

/**
 * The same scope for a raw query with positional parameters: appends the values to `params` and
 * returns the fragment with `$n` placeholders (`IN (list)` becomes `= ANY ($n)`).
 */
export function positionalScope(scope: SqlScope, params: unknown[]): string {
  return scope.sql
    .replace(/ NOT IN \(:\.\.\.(scope_\d+)\)/g, (_, name: string) => {
      params.push(scope.params[name]);
      return ` <> ALL ($${params.length})`;
    })
    .replace(/ IN \(:\.\.\.(scope_\d+)\)/g, (_, name: string) => {
      params.push(scope.params[name]);
      return ` = ANY ($${params.length})`;
    })
    .replace(/:(scope_\d+)/g, (_, name: string) => {
      params.push(scope.params[name]);
      return `$${params.length}`;
    });
}
