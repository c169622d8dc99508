// The one query validator. It is driven by the parameter tables generated from the bundles
// (generated/params/<api>.ts): a query may hold only the operation's parameters (own enumerable
// keys; anything else is refused by name), and every value must satisfy its parameter's schema
// (type, enum, range, length, pattern, array bounds, anyOf/oneOf/allOf). Mistakes are TypeErrors
// that name the parameter and say what is allowed, thrown before anything is sent.

/** The schema keywords of a query parameter that the validator checks (see scripts/lib/params.mjs). */
export interface ParamSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly items?: ParamSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly anyOf?: readonly ParamSchema[];
  readonly oneOf?: readonly ParamSchema[];
  readonly allOf?: readonly ParamSchema[];
  readonly nullable?: boolean;
  /** `explode: false` in the description: array values are sent comma-separated. */
  readonly explode?: boolean;
  readonly required?: boolean;
}

export type ParamTable = { readonly [name: string]: ParamSchema };
export type Query = Record<string, unknown>;
/** Checks a query that passed the schemas; throws a TypeError for rules a schema cannot say. */
export type QueryRule = (query: Query, mode: 'list' | 'iterate') => void;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function checkString(schema: ParamSchema, value: string, regex: (p: string) => RegExp): boolean {
  if (LONE_SURROGATE.test(value)) return false;
  if (schema.maxLength !== undefined && value.length > schema.maxLength && codePoints(value) > schema.maxLength) return false;
  if (schema.minLength !== undefined && (value.length < schema.minLength || codePoints(value) < schema.minLength)) return false;
  return schema.pattern === undefined || regex(schema.pattern).test(value);
}

function checkNumber(schema: ParamSchema, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (schema.type === 'integer' && !Number.isSafeInteger(value)) return false;
  const { minimum: min, maximum: max } = schema;
  if (min !== undefined && (schema.exclusiveMinimum ? value <= min : value < min)) return false;
  return max === undefined || (schema.exclusiveMaximum ? value < max : value <= max);
}

function checkArray(schema: ParamSchema, value: readonly unknown[], regex: (p: string) => RegExp): boolean {
  if (schema.minItems !== undefined && value.length < schema.minItems) return false;
  if (schema.maxItems !== undefined && value.length > schema.maxItems) return false;
  if (schema.uniqueItems && new Set(value).size !== value.length) return false;
  return value.every((v) => !Array.isArray(v) && (schema.items === undefined || matches(schema.items, v, regex)));
}

/** Whether `value` satisfies `schema` (a value for a query parameter: no objects, no nested arrays). */
export function matches(schema: ParamSchema, value: unknown, regex: (p: string) => RegExp): boolean {
  if (value === null) return schema.nullable === true;
  if (schema.enum !== undefined && !schema.enum.includes(value)) return false;
  if (schema.allOf && !schema.allOf.every((s) => matches(s, value, regex))) return false;
  if (schema.anyOf && !schema.anyOf.some((s) => matches(s, value, regex))) return false;
  if (schema.oneOf && schema.oneOf.filter((s) => matches(s, value, regex)).length !== 1) return false;
  switch (typeof value) {
    case 'string':
      return (schema.type === undefined || schema.type === 'string') && checkString(schema, value, regex);
    case 'number':
      return (schema.type === 'integer' || schema.type === 'number' || schema.type === undefined) && checkNumber(schema, value);
    case 'boolean':
      return schema.type === 'boolean' || schema.type === undefined;
    case 'object':
      return Array.isArray(value) && schema.type === 'array' && checkArray(schema, value, regex);
    default:
      return false; // functions, symbols, bigints
  }
}

/** What a schema allows, in words: "an integer from 1 to 1000", "one of 'Auto', 'Manual'". */
function describeSchema(schema: ParamSchema): string {
  const parts: string[] = [];
  if (schema.enum) parts.push(`one of ${schema.enum.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')}`);
  else if (schema.type === 'integer' || schema.type === 'number') parts.push(describeRange(schema));
  else if (schema.type === 'boolean') parts.push('a boolean (true or false)');
  else if (schema.type === 'array') {
    const n = schema.minItems !== undefined && schema.maxItems !== undefined ? `${schema.minItems} to ${schema.maxItems} ` : schema.maxItems !== undefined ? `at most ${schema.maxItems} ` : '';
    parts.push(`an array of ${n}values, each ${schema.items ? describeSchema(schema.items) : 'a string, number or boolean'}`);
  } else if (schema.type === 'string') parts.push(describeString(schema));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) parts.push(alternatives.map(describeSchema).join(' or '));
  if (schema.allOf) parts.push(...schema.allOf.map(describeSchema));
  if (schema.nullable) parts.push('or null');
  return parts.join(', ') || 'a string, number or boolean';
}

function describeRange(schema: ParamSchema): string {
  const what = schema.type === 'integer' ? 'an integer' : 'a number';
  const { minimum: min, maximum: max } = schema;
  if (min !== undefined && max !== undefined && !schema.exclusiveMinimum && !schema.exclusiveMaximum) return `${what} from ${min} to ${max}`;
  const bounds = [min !== undefined ? `${schema.exclusiveMinimum ? '>' : '≥'} ${min}` : '', max !== undefined ? `${schema.exclusiveMaximum ? '<' : '≤'} ${max}` : ''];
  return [what, ...bounds.filter(Boolean)].join(' ');
}

function describeString(schema: ParamSchema): string {
  const { minLength: min, maxLength: max } = schema;
  const length = min !== undefined && max !== undefined ? ` of ${min} to ${max} characters` : max !== undefined ? ` of at most ${max} characters` : min !== undefined ? ` of at least ${min} characters` : '';
  return `a string${length}${schema.pattern !== undefined ? ` matching /${schema.pattern}/` : ''}`;
}

/** A short, safe description of a value for an error message (never a function's source). */
function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    if (LONE_SURROGATE.test(value)) return 'a string with a lone surrogate (not valid Unicode)';
    return value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}… (${value.length} characters)` : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `the BigInt ${value}n`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.some((v) => v !== null && typeof v === 'object') ? 'an array holding objects or arrays' : `an array of ${value.length}`;
  if (value instanceof Date) return 'a Date';
  return `a ${typeof value === 'object' ? 'object' : typeof value}`;
}

/**
 * The validator of one operation's query: returns a copy holding the own enumerable keys whose
 * value is not undefined, or throws a TypeError naming the first key or value that is not allowed.
 */
export function createQueryValidator(service: string, table: ParamTable, rule?: QueryRule): (query: unknown, mode: 'list' | 'iterate') => Query {
  const compiled = new Map<string, RegExp>();
  const regex = (pattern: string): RegExp => {
    let re = compiled.get(pattern);
    if (re === undefined) compiled.set(pattern, (re = new RegExp(pattern, 'u')));
    return re;
  };
  const allowed = () => Object.keys(table).join(', ');
  return (input, mode) => {
    const query = (input ?? {}) as Query;
    if (typeof query !== 'object' || Array.isArray(query)) {
      throw new TypeError(`${service}: the query must be a plain object of query parameters (${allowed()}).`);
    }
    const out: Query = {};
    for (const key of Object.keys(query)) {
      const value = query[key];
      if (value === undefined) continue;
      const schema = Object.hasOwn(table, key) ? table[key] : undefined;
      if (schema === undefined) throw new TypeError(`${service}: unknown query parameter ${JSON.stringify(key)}; allowed: ${allowed()}.`);
      // A single value for an array parameter goes out exactly as a one-item array would.
      const checked = schema.type === 'array' && !Array.isArray(value) ? [value] : value;
      if (!matches(schema, checked, regex)) {
        throw new TypeError(`${service}: query parameter \`${key}\` must be ${describeSchema(schema)}; got ${describeValue(value)}.`);
      }
      out[key] = value;
    }
    rule?.(out, mode);
    return out;
  };
}
