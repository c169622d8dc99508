// Decides, change by change, whether a change found by walk.mjs breaks a consumer that sends
// requests and reads responses. openapi-diff judges what it understands (added and removed
// paths, methods, status codes and headers; properties, `required`, types and bounds in schemas);
// our own rules judge what it ignores (parameters, enums, nullable, pattern, format). Each
// verdict says which of the two gave it.
import { RULE_KEYWORDS, dereference, flattenSingleAllOf, pointer, walkChanges } from './walk.mjs';

const WHY = {
  'path.add': 'a new path',
  'path.remove': 'requests to it now fail',
  'method.add': 'a new operation',
  'method.remove': 'requests to it now fail',
  'response.status-code.add': 'a new documented status code',
  'response.status-code.remove': 'a documented status code is gone',
  'response.required.header.add': 'a new header in every answer',
  'response.required.header.remove': 'readers that expect the header no longer get it',
  'response.optional.header.add': 'a new optional header',
  'response.optional.header.remove': 'readers that use the header no longer get it',
  'request.body.scope.add': 'the request accepts more than before',
  'request.body.scope.remove': 'some requests that were valid are now refused',
  'response.body.scope.add': 'answers may hold values an existing reader does not expect',
  'response.body.scope.remove': 'answers hold a subset of what they held; readers are unaffected',
};

/** Every change between two bundles (plain JSON, `$ref`s allowed), each with `breaking`, `why` and `by`. */
export async function diffBundles(baseBundle, headBundle) {
  const base = flattenSingleAllOf(dereference(baseBundle));
  const head = flattenSingleAllOf(dereference(headBundle));
  const changes = [];
  for (const change of walkChanges(base, head)) changes.push({ ...change, ...(await verdict(change)) });
  changes.push(...(await wholeSchemaCheck(changes)));
  changes.push(...(await skeletonChanges(base, head)));
  return changes;
}

/**
 * One change applied alone can mislead when several belong together (an `allOf` wrapper replaced by
 * the same schema inline: dropping `allOf` alone widens, adding the properties alone narrows). So
 * each schema with changes openapi-diff judged is also compared whole; that verdict wins. Returns a
 * line for a schema that breaks as a whole although no single change does.
 */
async function wholeSchemaCheck(changes) {
  const groups = new Map();
  for (const change of changes.filter((c) => c.by?.startsWith('openapi-diff'))) {
    groups.set(change.rootPointer, [...(groups.get(change.rootPointer) ?? []), change]);
  }
  const extra = [];
  for (const [rootPointer, group] of groups) {
    const { root, headRoot, context } = group[0];
    const differences = await runOpenapiDiff(isolatedSpec(root, context), isolatedSpec(headRoot, context));
    const breaking = differences.find((d) => d.type === 'breaking');
    if (!breaking) {
      for (const change of group.filter((c) => c.breaking)) {
        Object.assign(change, { breaking: false, why: 'taken together with the other changes to this schema, no value is added or refused', by: 'openapi-diff (whole schema)' });
      }
    } else if (!group.some((c) => c.breaking)) {
      extra.push({ pointer: rootPointer, kind: 'keyword', context, what: 'the changes to this schema taken together', breaking: true, why: WHY[breaking.code] ?? breaking.code, by: `openapi-diff ${breaking.code} (whole schema)` });
    }
  }
  return extra;
}

async function verdict(change) {
  const judgedByTool = change.kind === 'property' || change.kind === 'required'
    || (change.kind === 'keyword' && !RULE_KEYWORDS.includes(change.keyword));
  return judgedByTool ? isolatedVerdict(change) : { ...ruleVerdict(change), by: 'rule' };
}

let loaded;

async function runOpenapiDiff(source, destination) {
  // Loaded on first use: a gate run on unchanged bundles needs no openapi-diff run at all.
  const openapiDiff = (loaded ??= (await import('openapi-diff')).default);
  const spec = (doc, location) => ({ content: JSON.stringify(doc), location, format: 'openapi3' });
  const result = await openapiDiff.diffSpecs({ sourceSpec: spec(source, 'base'), destinationSpec: spec(destination, 'head') });
  return [...(result.breakingDifferences ?? []), ...result.nonBreakingDifferences, ...result.unclassifiedDifferences];
}

/** Applies this one change to the base schema and asks openapi-diff about the pair. */
async function isolatedVerdict(change) {
  const after = structuredClone(change.root);
  const node = change.rel.reduce((n, key) => n[key], after);
  const { path, value, required } = change.isolate;
  const parent = path.slice(0, -1).reduce((n, key) => (n[key] ??= {}), node);
  if (value === undefined) delete parent[path.at(-1)];
  else parent[path.at(-1)] = value;
  if (required !== undefined) {
    const names = new Set(node.required ?? []);
    if (required) names.add(path[1]); else names.delete(path[1]);
    if (names.size) node.required = [...names]; else delete node.required;
  }
  const differences = await runOpenapiDiff(isolatedSpec(change.root, change.context), isolatedSpec(after, change.context));
  const worst = differences.find((d) => d.type === 'breaking') ?? differences[0];
  if (!worst) return { breaking: false, why: 'accepts exactly the same values as before', by: 'openapi-diff' };
  return { breaking: worst.type === 'breaking', why: WHY[worst.code] ?? worst.code, by: `openapi-diff ${worst.code}` };
}

function isolatedSpec(schema, context) {
  const operation = context === 'request'
    ? { requestBody: { content: { 'application/json': { schema } } }, responses: { 200: { description: 'ok' } } }
    : { responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } } };
  return { openapi: '3.0.3', info: { title: 'one change', version: '0' }, paths: { '/isolated': { post: operation } } };
}

/** Paths, methods, status codes and headers only, so openapi-diff compares exactly those. */
function skeleton(doc) {
  const paths = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    paths[path] = {};
    for (const [method, operation] of Object.entries(item)) {
      if (!operation?.responses) continue;
      const responses = {};
      for (const [code, response] of Object.entries(operation.responses)) {
        const headers = Object.fromEntries(Object.entries(response.headers ?? {})
          .map(([name, header]) => [name, { required: header.required === true, schema: { type: 'string' } }]));
        responses[code] = { description: 'response', ...(Object.keys(headers).length ? { headers } : {}) };
      }
      paths[path][method] = { responses };
    }
  }
  return { openapi: '3.0.3', info: { title: 'skeleton', version: '0' }, paths };
}

async function skeletonChanges(base, head) {
  const a = skeleton(base);
  const b = skeleton(head);
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const paths = Object.keys({ ...a.paths, ...b.paths }).sort((x, y) => y.length - x.length);
  return (await runOpenapiDiff(a, b)).map((d) => {
    const location = (d.sourceSpecEntityDetails[0] ?? d.destinationSpecEntityDetails[0]).location;
    return {
      pointer: locationToPointer(location, paths),
      kind: d.entity,
      context: d.code.startsWith('request') ? 'request' : 'response',
      what: `${d.entity.replace(/^response\./, '').replaceAll('.', ' ')} ${d.action === 'add' ? 'added' : 'removed'}`,
      breaking: d.type === 'breaking',
      why: WHY[d.code] ?? d.code,
      by: `openapi-diff ${d.code}`,
    };
  });
}

/** openapi-diff names places as `paths./v3.1/{id}/x.get.responses.200`: paths may hold dots. */
function locationToPointer(location, paths) {
  const path = paths.find((p) => location === `paths.${p}` || location.startsWith(`paths.${p}.`));
  if (!path) return location;
  const rest = location.slice(`paths.${path}`.length).split('.').filter(Boolean);
  return pointer(['paths', path, ...rest]);
}

const list = (value) => (Array.isArray(value) ? value : []);
const added = (before, after) => list(after).filter((v) => !list(before).includes(v));

/** Our rules for what openapi-diff does not judge. */
export function ruleVerdict(change) {
  const request = change.context === 'request';
  if (change.kind === 'docs') return { breaking: false, why: 'documentation only' };
  if (change.kind === 'media-type') {
    return change.after ? { breaking: false, why: 'a new media type' } : { breaking: true, why: `${request ? 'senders' : 'readers'} of that media type are left without` };
  }
  if (change.kind === 'parameter') return parameterVerdict(change);
  return keywordVerdict(change, request);
}

function parameterVerdict({ before, after, keyword }) {
  if (!before) {
    return after.required
      ? { breaking: true, why: 'existing requests do not send it' }
      : { breaking: false, why: 'optional: existing requests stay valid' };
  }
  if (!after) return { breaking: true, why: 'requests that send it no longer match the description' };
  if (keyword === 'required') {
    return after.required ? { breaking: true, why: 'existing requests may not send it' } : { breaking: false, why: 'no longer required' };
  }
  return { breaking: true, why: 'the way the value is written in the request changed' };
}

function keywordVerdict(change, request) {
  const { keyword, before, after, open } = change;
  if (keyword === 'enum') return enumVerdict(before, after, open, request);
  if (keyword === 'x-extensible-enum') return openEnumVerdict(change, request);
  if (keyword === 'nullable') {
    const nowNull = after === true && before !== true;
    if (request) return nowNull ? { breaking: false, why: 'null is now also accepted' } : { breaking: true, why: 'null is no longer accepted' };
    return nowNull ? { breaking: true, why: 'readers may now get null' } : { breaking: false, why: 'no longer null' };
  }
  if (keyword === 'default') {
    return request ? { breaking: true, why: 'requests that leave it out now get other behaviour' } : { breaking: false, why: 'documentation only' };
  }
  // pattern, format, multipleOf, uniqueItems: a constraint, and no way to tell whether a changed one is wider.
  if (before === undefined) return request ? { breaking: true, why: `a new ${keyword} may refuse values that were valid` } : { breaking: false, why: `a new ${keyword} narrows what answers hold` };
  if (after === undefined) return request ? { breaking: false, why: `${keyword} dropped: more values accepted` } : { breaking: true, why: `${keyword} dropped: answers may hold values it excluded` };
  return { breaking: true, why: `${keyword} changed: it cannot be shown to accept the same values` };
}

function openEnumVerdict({ before, after, wasClosed, stillListed }, request) {
  const lost = added(list(after), list(before));
  if (request && lost.length) return { breaking: true, why: `request values no longer listed: ${lost.join(', ')}` };
  if (!request && before === undefined && wasClosed && stillListed) {
    return { breaking: true, why: 'a closed enum became open: readers may get values that were never listed' };
  }
  return { breaking: false, why: 'an open enum: readers must already accept values not listed' };
}

function enumVerdict(before, after, open, request) {
  if (request) {
    if (after === undefined) return { breaking: false, why: 'any value is now accepted' };
    const lost = before === undefined ? ['(all values but these)'] : added(after, before);
    return lost.length ? { breaking: true, why: `values that were accepted are refused: ${lost.join(', ')}` } : { breaking: false, why: `new accepted values: ${added(before, after).join(', ')}` };
  }
  if (after === undefined && before !== undefined) {
    return { breaking: true, why: `a closed enum was ${open ? 'opened' : 'dropped'}: readers may get values that were never listed` };
  }
  if (open) return { breaking: false, why: 'an open enum (x-extensible-enum): readers must already accept values not listed' };
  const gained = before === undefined ? [] : added(before, after);
  return gained.length ? { breaking: true, why: `a closed enum gained ${gained.join(', ')}: exhaustive readers break` } : { breaking: false, why: 'answers hold fewer values' };
}
