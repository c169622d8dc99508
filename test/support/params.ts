// Reads the parameters of an API's list operation from its dereferenced bundle and derives test
// requests from them: a valid value per parameter (its `example`), and invalid values from each
// schema constraint (type, enum, minimum/maximum, pattern, minLength/maxLength, maxItems). Used by
// the contract suite, so a new or changed parameter is covered without editing the tests.
import { loadDerefBundle } from './apis.js';
import { listOperation } from './schema.js';

export interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  deprecated?: boolean;
  style?: string;
  explode?: boolean;
  schema: any;
  example?: unknown;
}

export interface InvalidCase {
  param: Parameter;
  /** What is wrong, e.g. "above maximum 1000". */
  label: string;
  /** The value to send (an array = repeated query parameter). */
  value: unknown;
}

/** The GET operation's parameters (path-level ones first, overridden by operation-level ones). */
export function parameters(api: string): Parameter[] {
  const bundle = loadDerefBundle(api);
  const path = Object.keys(bundle.paths).find((p) => bundle.paths[p].get === listOperation(bundle)) as string;
  const merged = new Map<string, Parameter>();
  for (const p of [...(bundle.paths[path].parameters ?? []), ...(listOperation(bundle).parameters ?? [])] as Parameter[]) {
    merged.set(`${p.in}:${p.name}`, p);
  }
  return [...merged.values()];
}

export function pathTemplate(api: string): string {
  const bundle = loadDerefBundle(api);
  return Object.keys(bundle.paths).find((p) => bundle.paths[p].get === listOperation(bundle)) as string;
}

/** A valid value: the parameter's example, else one built from its schema. */
export function validValue(param: Parameter): unknown {
  if (param.example !== undefined) return param.example;
  const schema = param.schema ?? {};
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  return fromSchema(schema);
}

function fromSchema(schema: any): unknown {
  if (schema.enum?.length) return schema.enum.find((v: unknown) => v !== null);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [fromSchema(schema.items ?? {})];
    default:
      return 'a'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

/** The path with `{name}` replaced by the given (or valid) values. */
export function buildPath(api: string, overrides: Record<string, string> = {}): string {
  const byName = new Map(parameters(api).filter((p) => p.in === 'path').map((p) => [p.name, p]));
  return pathTemplate(api).replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(overrides[name] ?? String(validValue(byName.get(name) as Parameter))),
  );
}

/** Serialises query values: arrays as repeated `name=value` (form, explode), names kept as is (`name~`). */
export function buildQuery(values: [string, unknown][]): string {
  const parts: string[] = [];
  for (const [name, value] of values) {
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${name}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Strings that break common patterns; the first one the parameter's pattern rejects is used. */
function patternBreakers(param: Parameter): string[] {
  const name = param.name.toLowerCase();
  const specific = /time|date/.test(name)
    ? ['yesterday', '2019-05-27 03:38:51', '27/05/2019']
    : /sort/.test(name)
      ? ['created_at:sideways', 'created_at;desc', 'DROP TABLE']
      : /version/.test(name)
        ? ['volume 3', 'volume abc', 'compute 2.1']
        : [];
  return [...specific, 'not valid!', '!!', '*', ' x ', '😀'];
}

/** How the server is told a value: what the contract tests call each invalid case. */
export function invalidCases(param: Parameter): InvalidCase[] {
  const schema = param.schema ?? {};
  const items = schema.type === 'array' ? (schema.items ?? {}) : schema;
  const valid = validValue(param);
  const one = Array.isArray(valid) ? valid[0] : valid;
  const wrap = (v: unknown) => (schema.type === 'array' ? [one, v] : v);
  const cases: InvalidCase[] = [];
  const add = (label: string, value: unknown) => cases.push({ param, label, value });

  if (items.type === 'integer' || items.type === 'number') {
    add('wrong type (not a number)', wrap('abc'));
    if (items.type === 'integer') add('wrong type (not an integer)', wrap('1.5'));
    if (typeof items.minimum === 'number') add(`out of range (below minimum ${items.minimum})`, wrap(items.minimum - 1));
    if (typeof items.maximum === 'number') add(`out of range (above maximum ${items.maximum})`, wrap(items.maximum + 1));
  }
  if (items.type === 'boolean') add('wrong type (not a boolean)', wrap('maybe'));
  // A flag written as `anyOf: [boolean, string spellings]` (Cinder's oslo booleans): a word that
  // is no boolean and matches none of the spellings.
  if (items.anyOf?.some((member: any) => member.type === 'boolean')) {
    const spellings = items.anyOf.filter((member: any) => typeof member.pattern === 'string').map((member: any) => new RegExp(member.pattern, 'u'));
    const word = ['maybe', 'truee', 'oui'].find((w) => !spellings.some((re: RegExp) => re.test(w)));
    if (word !== undefined) add(`wrong type (not a boolean spelling, ${JSON.stringify(word)})`, wrap(word));
  }
  if (Array.isArray(items.enum)) add('wrong enum value', wrap('not_a_listed_value'));
  if (items.type === 'string' && typeof items.pattern === 'string') {
    const re = new RegExp(items.pattern, 'u');
    const breaker = patternBreakers(param).find((s) => !re.test(s) && s.length <= (items.maxLength ?? Infinity) && s.length >= (items.minLength ?? 0));
    const kind = /time|date/i.test(param.name) ? 'malformed timestamp' : /sort/i.test(param.name) ? 'malformed sort' : /version/i.test(param.name) ? 'bad version string' : 'pattern mismatch';
    if (breaker !== undefined) add(`${kind} (${JSON.stringify(breaker)})`, wrap(breaker));
  }
  if (items.type === 'string' && typeof items.maxLength === 'number') {
    const length = items.maxLength < 300 ? 300 : items.maxLength + 1;
    add(`${length} characters (maxLength ${items.maxLength})`, wrap('a'.repeat(length)));
  }
  // No "empty value" case for minLength: Prism treats `?name=` (and an empty header) as absent.
  if (schema.type === 'array' && typeof schema.maxItems === 'number') {
    add(`too many values (maxItems ${schema.maxItems})`, Array.from({ length: schema.maxItems + 1 }, (_, i) => (items.enum ? items.enum[i % items.enum.length] : one)));
  }
  return cases;
}

/** Whether one `sl-violations` location names the parameter (`name~` appears as `name~0`, headers lower-cased, array items as `status.1`). */
export function locationNames(location: unknown, param: Parameter): boolean {
  if (!Array.isArray(location)) return false;
  const want = param.name.toLowerCase();
  return location.some((segment) => {
    const s = String(segment).replace(/~1/g, '/').replace(/~0/g, '~').toLowerCase();
    return s === want || s.replace(/\.\d+$/, '') === want;
  });
}
