// Validates payloads against a bundle's schemas with a real JSON Schema validator (Ajv), after
// turning OpenAPI 3.0 schema objects into JSON Schema: `nullable: true` adds "null" to the type, and
// OpenAPI-only keywords (example, x-*, discriminator, xml, readOnly…) are dropped.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { loadBundle } from './apis.js';

const OPENAPI_ONLY = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated', 'readOnly', 'writeOnly', 'nullable']);

export function toJsonSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [key, value] of Object.entries(schema)) {
    if (OPENAPI_ONLY.has(key) || key.startsWith('x-')) continue;
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toJsonSchema(v)]));
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  // OpenAPI 3.0.3: `nullable` widens only the `type` of the schema object it is written in. It
  // does nothing without a `type`, and an `allOf` member with its own `type` still refuses null.
  if (schema.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (out.enum) out.enum = [...out.enum, null];
  }
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((addFormatsPlugin as any).default ?? addFormatsPlugin) as (ajv: Ajv) => Ajv;
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

export interface SchemaCheck {
  valid: boolean;
  errors: string[];
}

/**
 * Validates `payload` against a schema of the API's bundle. `schema` may hold `$ref`s into
 * `#/components/schemas` (recursive schemas such as CBR's `children` stay references even in the
 * dereferenced bundle), so the bundle's schemas travel along as the root document.
 */
export function validateAgainst(api: string, schema: object, payload: unknown): SchemaCheck {
  const key = `${api}:${JSON.stringify(schema)}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    const schemas = loadBundle(api).components?.schemas ?? {};
    validate = ajv.compile({
      allOf: [toJsonSchema(schema)],
      components: { schemas: Object.fromEntries(Object.entries(schemas).map(([k, v]) => [k, toJsonSchema(v)])) },
    });
    compiled.set(key, validate);
  }
  const check: ValidateFunction = validate;
  const valid = check(payload) as boolean;
  return {
    valid,
    errors: (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`),
  };
}

/** The schema of one response (status, JSON media type) of the API's list operation. */
export function responseSchema(api: string, status: string, path?: string): any {
  const op = listOperation(loadBundle(api), path);
  let response = op.responses?.[status];
  if (response?.$ref) response = resolvePointer(loadBundle(api), response.$ref);
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${api}: no application/json schema for response ${status}`);
  return schema;
}

/** Resolves a local `#/a/b` reference inside a bundle. */
export function resolvePointer(doc: any, ref: string): any {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, part) => node?.[part], doc);
}

/** The GET operation of the given path, or of the only path when none is given. */
export function listOperation(bundle: any, path?: string): any {
  const paths = Object.keys(bundle.paths);
  const key = path ?? (paths.length === 1 ? paths[0] : undefined);
  if (!key || !bundle.paths[key]?.get) throw new Error(`no GET operation at ${path ?? '(only path)'}; paths: ${paths.join(', ')}`);
  return bundle.paths[key].get;
}
