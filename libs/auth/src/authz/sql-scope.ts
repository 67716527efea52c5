import { rulesToAST } from '@casl/ability/extra';
import { Action, AppAbility, Subject, UnsupportedRuleError } from './abilities';

/** A WHERE fragment and its named parameters, for TypeORM's query builder. */
export interface SqlScope {
  sql: string;
  params: Record<string, unknown>;
}

/** The AST node shape of rulesToAST (@ucast conditions). */
type Node = { operator: string; field?: string; value: unknown };

const asts = new WeakMap<AppAbility, Map<string, Node | null>>();

/**
 * rulesToAST, once per abilities, action and subject: the abilities are never changed once built
 * (abilitiesFor shares them between requests of the same principal), and the AST is only read.
 */
function rulesAst(ability: AppAbility, action: Action, subject: Exclude<Subject, 'all'>): Node | null {
  let byRule = asts.get(ability);
  if (!byRule) asts.set(ability, (byRule = new Map()));
  const key = `${action}\u0000${subject}`;
  if (!byRule.has(key)) byRule.set(key, rulesToAST(ability, action, subject) as unknown as Node | null);
  return byRule.get(key)!;
}

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
  const ast = rulesAst(ability, action, subject);
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

/** One term of a scope's disjunction: each column it names must hold one of its values. */
export type ScopeTerm = Record<string, unknown[]>;

/**
 * The same scope as values rather than SQL: a disjunction of terms, each a conjunction of
 * `column IN (values)` over `alias`-less column names, so that a query can read one index range
 * per value (a list ordered and limited per LA, school or provider) instead of filtering one
 * range by the scope. `[]` when nothing is allowed. Null when a rule is not of that form (`ne`,
 * `nin`, a `cannot` rule, a comparison with null): only sqlScope's SQL says what such a scope
 * allows, and the caller reads the way it would without the values.
 *
 * The values only say where to look: a query built on them still filters by sqlScope's SQL.
 */
export function scopeTerms(
  ability: AppAbility,
  action: Action,
  subject: Exclude<Subject, 'all'>,
  columns: Record<string, string>,
): ScopeTerm[] | null {
  const ast = rulesAst(ability, action, subject);
  if (ast === null) return [];
  const column = (field: string) => {
    const c = columns[field];
    if (!c) throw new UnsupportedRuleError(`field ${field} has no column on ${subject}`);
    return c;
  };
  // AND of two disjunctions: every pair of terms, a column named by both keeping the values both allow
  const both = (a: ScopeTerm[], b: ScopeTerm[]): ScopeTerm[] =>
    a.flatMap((x) =>
      b.map((y) => {
        const term: ScopeTerm = { ...x };
        for (const [c, values] of Object.entries(y))
          term[c] = term[c] ? term[c].filter((v) => values.includes(v)) : [...values];
        return term;
      }),
    );
  const terms = (node: Node): ScopeTerm[] | null => {
    switch (node.operator) {
      case 'or': {
        const parts = (node.value as Node[]).map(terms);
        return parts.some((p) => p === null) ? null : (parts as ScopeTerm[][]).flat();
      }
      case 'and': {
        let out: ScopeTerm[] = [{}];
        for (const part of (node.value as Node[]).map(terms)) {
          if (part === null) return null;
          out = both(out, part);
        }
        return out;
      }
      case 'eq':
        return node.value === null ? null : [{ [column(node.field!)]: [node.value] }];
      case 'in':
        return [{ [column(node.field!)]: [...(node.value as unknown[])] }];
      default:
        return null;
    }
  };
  const out = terms(ast);
  // a term with a column that may hold no value allows nothing
  return out && out.filter((t) => Object.values(t).every((values) => values.length > 0));
}
