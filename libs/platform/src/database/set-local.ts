import { QueryRunner } from 'typeorm';

/**
 * The settings that carry a unit of work's walls (`app.tenant_id`, `app.la_ids`, `app.actor_id`)
 * are set with `SET LOCAL`, never with `set_config()` (docs/scaling.md, "Many tenants: Citus").
 * In PostgreSQL the two are the same (`set_config(name, value, true)` is `SET LOCAL`), but Citus
 * carries a `SET LOCAL` to the workers of the transaction (`citus.propagate_set_commands =
 * 'local'`), where the policies of a distributed table's shards read the setting, and does not
 * carry a `set_config()` call: on a worker the policies would then see no tenant.
 *
 * PL/pgSQL takes no variables in a `SET`, so a function sets one with
 * `EXECUTE format('SET LOCAL app.tenant_id = %L', value)`. These helpers rewrite a function that
 * still uses `PERFORM set_config('app.…', value, true)` that way (and back, for a migration's
 * `down`), leaving the rest of its definition as the migrations last wrote it.
 */

/** Where the call that opens at `open` (the index of its `(`) closes, and its top-level arguments. */
function callArguments(text: string, open: number): { end: number; args: string[] } {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") {
      // a string literal ('' inside it is a quote)
      i++;
      while (i < text.length && !(text[i] === "'" && text[i + 1] !== "'")) i += text[i] === "'" ? 2 : 1;
    } else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) {
        args.push(text.slice(start, i).trim());
        return { end: i + 1, args };
      }
    } else if (ch === ',' && depth === 1) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  throw new Error(`unbalanced call at ${open}: ${text.slice(open, open + 80)}`);
}

const SETTING = /^'(app\.[a-z_]+)'$/;

/** `definition` with every `PERFORM set_config('app.…', value, true)` made `EXECUTE format('SET LOCAL app.… = %L', value)`. */
export function setConfigAsSetLocal(definition: string): string {
  let out = '';
  let from = 0;
  const call = /PERFORM\s+set_config\s*\(/gi;
  for (let m = call.exec(definition); m; m = call.exec(definition)) {
    const { end, args } = callArguments(definition, m.index + m[0].length - 1);
    const name = SETTING.exec(args[0] ?? '')?.[1];
    if (args.length !== 3 || !name || args[2]!.toLowerCase() !== 'true')
      throw new Error(`not a set_config of an app setting for the transaction: ${definition.slice(m.index, end)}`);
    out += `${definition.slice(from, m.index)}EXECUTE format('SET LOCAL ${name} = %L', ${args[1]})`;
    from = end;
    call.lastIndex = end;
  }
  return out + definition.slice(from);
}

/** The reverse of `setConfigAsSetLocal` (a migration's `down`). */
export function setLocalAsSetConfig(definition: string): string {
  let out = '';
  let from = 0;
  const call = /EXECUTE\s+format\s*\(/gi;
  for (let m = call.exec(definition); m; m = call.exec(definition)) {
    const { end, args } = callArguments(definition, m.index + m[0].length - 1);
    const name = /^'SET LOCAL (app\.[a-z_]+) = %L'$/.exec(args[0] ?? '')?.[1];
    if (args.length !== 2 || !name) continue;
    out += `${definition.slice(from, m.index)}PERFORM set_config('${name}', ${args[1]}, true)`;
    from = end;
    call.lastIndex = end;
  }
  return out + definition.slice(from);
}

/**
 * Redefines the function `signature` (`name(argument types)`, as regprocedure reads it) with
 * `rewrite` applied to its definition; its owner, grants and settings stay (CREATE OR REPLACE).
 * Fails if `rewrite` changes nothing: the migration would be wrong about the function.
 */
export async function rewriteFunction(
  q: QueryRunner,
  signature: string,
  rewrite: (definition: string) => string,
): Promise<void> {
  const [{ def }] = (await q.query(`SELECT pg_get_functiondef($1::regprocedure) AS def`, [signature])) as {
    def: string;
  }[];
  const next = rewrite(def);
  if (next === def) throw new Error(`${signature}: nothing to rewrite`);
  await q.query(next);
}
