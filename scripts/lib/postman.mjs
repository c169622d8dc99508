// Postman collections, one per API, converted from the published bundle by openapi-to-postmanv2
// and then made reproducible and runnable: the converter's random ids are dropped, the base URL,
// region, token and project id become collection variables, only `limit` stays enabled, and every
// request carries a test script (status 200, a JSON body, and the 200 schema's shape taken from
// the bundle) so that `newman run` has something to assert.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import converter from 'openapi-to-postmanv2';
import { APIS, ROOT } from './project.mjs';

// The converter's schema faker keeps its own reference to Math.random, taken when it loads.
const schemaFaker = createRequire(import.meta.url)('openapi-to-postmanv2/assets/json-schema-faker.js');

export const GENERATED_POSTMAN = join(ROOT, 'generated/postman');

/** The query parameters left enabled in every request; all others stay in the request, disabled. */
const ENABLED_QUERY = new Set(['limit']);

const OPTIONS = {
  parametersResolution: 'Example', // the parameters' own examples, not values faked from the schema
  enableOptionalParameters: false, // optional parameters are listed but disabled
  includeDeprecated: false, // vbs sort_key/sort_dir: `sort` replaces them
  folderStrategy: 'Tags',
  alwaysInheritAuthentication: true, // one apikey auth on the collection, X-Auth-Token: {{token}}
};

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Converts one bundle. The converter fakes a value (with Math.random) wherever the bundle has no
 * example, such as the 429's Retry-After header; its random source (and Math.random, which its
 * pattern generator calls directly) is seeded for the conversion, so that the output is the same
 * byte for byte on every run.
 */
async function convert(yamlText) {
  const random = Math.random;
  Math.random = seededRandom(0x5eed);
  schemaFaker.option({ random: seededRandom(0x5eed) });
  try {
    return await new Promise((resolve, reject) => {
      converter.convertV2({ type: 'string', data: yamlText }, OPTIONS, (error, result) => {
        if (error) return reject(error);
        if (!result.result) return reject(new Error(`openapi-to-postmanv2: ${result.reason}`));
        resolve(result.output[0].data);
      });
    });
  } finally {
    Math.random = random;
    schemaFaker.option({ random });
  }
}

/**
 * The shape of a schema two levels deep: types (nullable → "or null"), required members and the
 * items of arrays. Patterns, enums and formats are left to the contract tests; this is what a
 * consumer's Postman run should notice (a missing list, a renamed id, a string that became a number).
 */
export function shapeOf(schema, depth = 3) {
  const shape = {};
  if (schema.type) shape.type = schema.nullable ? [schema.type, 'null'] : schema.type;
  if (depth === 0) return shape;
  if (schema.required?.length) shape.required = [...schema.required];
  if (schema.properties) {
    shape.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, shapeOf(value, depth - 1)]));
  }
  if (schema.items) shape.items = shapeOf(schema.items, depth - 1);
  return shape;
}

function testScript(shape) {
  return [
    "pm.test('status is 200', () => pm.response.to.have.status(200));",
    "pm.test('body is JSON', () => {",
    "  pm.expect(pm.response.headers.get('Content-Type')).to.match(/^application\\/json/);",
    '  pm.response.json();',
    '});',
    `const shape = ${JSON.stringify(shape)};`,
    "pm.test('body has the shape of the 200 response', () => pm.response.to.have.jsonSchema(shape));",
  ];
}

/** Removes the converter's per-run random ids (`id`, `_postman_id`) everywhere. */
function withoutIds(value) {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'id' && key !== '_postman_id').map(([key, v]) => [key, withoutIds(v)]));
}

function requests(items) {
  return items.flatMap((item) => (item.item ? requests(item.item) : [item]));
}

function okSchema(deref, method, path) {
  return deref.paths[path]?.[method]?.responses?.['200']?.content?.['application/json']?.schema;
}

/** The finished collection object for one API, from the bundle files in `bundleDir`. */
export async function renderCollection(apiId, bundleDir) {
  const yamlText = await readFile(join(bundleDir, `${apiId}.yaml`), 'utf8');
  const deref = JSON.parse(await readFile(join(bundleDir, `${apiId}.deref.json`), 'utf8'));
  const collection = withoutIds(await convert(yamlText));
  for (const item of requests(collection.item)) {
    const { request } = item;
    const path = `/${request.url.path.map((s) => (s.startsWith(':') ? `{${s.slice(1)}}` : s)).join('/')}`;
    const schema = okSchema(deref, request.method.toLowerCase(), path);
    if (!schema) throw new Error(`${apiId}: no 200 application/json schema for ${request.method} ${path}`);
    for (const query of request.url.query ?? []) query.disabled = !ENABLED_QUERY.has(query.key);
    for (const variable of request.url.variable ?? []) {
      if (variable.key === 'project_id') variable.value = '{{project_id}}';
    }
    item.event = [{ listen: 'test', script: { type: 'text/javascript', exec: testScript(shapeOf(schema)) } }];
  }
  const projectId = deref.components?.parameters?.ProjectId?.example;
  for (const entry of collection.auth?.apikey ?? []) {
    if (entry.key === 'value') entry.value = '{{token}}';
  }
  collection.variable = [
    ...collection.variable,
    { key: 'token', value: '', description: 'X-Auth-Token: an IAM (Keystone) token for the project' },
    { key: 'project_id', value: projectId ?? '', description: 'The project (tenant) ID in the path' },
  ];
  return `${JSON.stringify(collection, null, 2)}\n`;
}

/** Writes generated/postman/<api>.postman_collection.json, or with `check` lists the stale ones. */
export async function generateCollections(bundleDir, { check = false } = {}) {
  const stale = [];
  if (!check) await mkdir(GENERATED_POSTMAN, { recursive: true });
  for (const api of APIS) {
    const file = join(GENERATED_POSTMAN, `${api.id}.postman_collection.json`);
    const text = await renderCollection(api.id, bundleDir);
    if (!check) await writeFile(file, text);
    else if ((await readFile(file, 'utf8').catch(() => null)) !== text) stale.push(file.slice(ROOT.length));
  }
  if (stale.length) throw new Error(`stale or missing: ${stale.join(', ')}. Run \`npm run build\` and commit generated/.`);
}
