// Finds what changed between two OpenAPI 3.0 bundles, one record per change, each at a JSON
// pointer into the dereferenced bundle (<api>.deref.json). It says what changed and where; whether
// that breaks a consumer is decided in classify.mjs.

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Keywords whose change openapi-diff (json-schema-diff) can judge; see classify.mjs. */
export const SET_KEYWORDS = [
  'type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength',
  'minItems', 'maxItems', 'minProperties', 'maxProperties', 'not',
];
/** Keywords openapi-diff ignores; our own rules judge them. */
export const RULE_KEYWORDS = ['enum', 'x-extensible-enum', 'nullable', 'pattern', 'format', 'multipleOf', 'uniqueItems', 'default'];
const COMPOSITIONS = ['allOf', 'anyOf', 'oneOf'];

export function pointer(segments) {
  return segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Resolves the internal `$ref`s of a bundle (ours have no external or circular ones). */
export function dereference(doc) {
  const lookup = (ref) => ref.slice(2).split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((node, key) => node?.[key], doc);
  const resolve = (node, stack) => {
    if (Array.isArray(node)) return node.map((item) => resolve(item, stack));
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref} is not supported; diff bundles, not sources`);
      if (stack.includes(ref)) throw new Error(`circular $ref ${ref} cannot be compared`);
      const target = lookup(ref);
      if (target === undefined) throw new Error(`$ref ${ref} points at nothing`);
      return resolve(target, [...stack, ref]);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolve(value, stack)]));
  };
  return resolve(doc, []);
}

const DOC_KEYS = new Set(['title', 'description', 'example', 'externalDocs']);

/**
 * Merges `allOf` with a single member into the schema that holds it when they share no keyword
 * but documentation (the holder's wins). The result accepts the same values, and the wrapper that
 * OpenAPI 3.0 needs beside a nullable `$ref` no longer hides the fields below it from the walk.
 */
export function flattenSingleAllOf(node) {
  if (Array.isArray(node)) return node.map(flattenSingleAllOf);
  if (!isObject(node)) return node;
  const flat = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, flattenSingleAllOf(value)]));
  const { allOf, ...rest } = flat;
  if (!Array.isArray(allOf) || allOf.length !== 1 || !isObject(allOf[0])) return flat;
  const clash = Object.keys(allOf[0]).some((key) => key in rest && !DOC_KEYS.has(key) && !same(rest[key], allOf[0][key]));
  return clash ? flat : { ...allOf[0], ...rest };
}

/**
 * Every change between two dereferenced bundles. A change is
 * `{ pointer, kind, context, what, before, after, isolate? }`: `kind` is `path`, `keyword`,
 * `property`, `required`, `parameter`, `media-type` or `docs`; `context` is `request` or `response`;
 * `isolate` (schema changes only) says how to apply this one change alone to the base schema.
 * Added or removed paths, methods, status codes and headers are not listed here: openapi-diff finds
 * those on a skeleton of the two bundles (classify.mjs).
 */
export function walkChanges(base, head) {
  const changes = [];
  const add = (change) => changes.push(change);
  walkTopLevel(base, head, add);
  for (const path of new Set([...Object.keys(base.paths ?? {}), ...Object.keys(head.paths ?? {})])) {
    const a = base.paths?.[path];
    const b = head.paths?.[path];
    if (!a || !b) continue; // added and removed paths, methods and status codes: skeletonChanges()
    for (const method of METHODS) {
      const at = ['paths', path, method];
      if (!a[method] || !b[method]) continue;
      const parameters = (item) => mergeParameters(item.parameters, ['paths', path], item[method].parameters, at);
      walkOperation({ ...a[method], parameters: parameters(a) }, { ...b[method], parameters: parameters(b) }, at, add);
    }
  }
  return changes;
}

function walkTopLevel(base, head, add) {
  for (const key of new Set([...Object.keys(base), ...Object.keys(head)])) {
    if (key === 'paths' || key === 'components') continue;
    const a = key === 'info' ? { ...base.info, version: undefined } : base[key];
    const b = key === 'info' ? { ...head.info, version: undefined } : head[key];
    if (!same(a, b)) add({ pointer: pointer([key]), kind: 'docs', context: 'response', what: `${key} changed`, before: a, after: b });
  }
}

/**
 * The parameters that apply to an operation, each with where it is written (`at`): operation-level
 * parameters override path-level ones with the same `in` and `name`.
 */
function mergeParameters(pathLevel = [], pathAt, operationLevel = [], operationAt) {
  const byKey = new Map();
  pathLevel.forEach((p, i) => byKey.set(`${p.in}:${p.name}`, { p, at: [...pathAt, 'parameters', i] }));
  operationLevel.forEach((p, i) => byKey.set(`${p.in}:${p.name}`, { p, at: [...operationAt, 'parameters', i] }));
  return [...byKey.values()];
}

function walkOperation(a, b, at, add) {
  walkParameters(a.parameters, b.parameters, add);
  if (a.requestBody || b.requestBody) walkBody(a.requestBody ?? {}, b.requestBody ?? {}, [...at, 'requestBody'], 'request', add);
  for (const code of Object.keys(a.responses ?? {})) {
    if (b.responses?.[code]) walkBody(a.responses[code], b.responses[code], [...at, 'responses', code], 'response', add);
  }
  for (const key of ['summary', 'description', 'operationId', 'tags', 'deprecated', 'externalDocs']) {
    if (!same(a[key], b[key])) add({ pointer: pointer([...at, key]), kind: 'docs', context: 'request', what: `${key} changed`, before: a[key], after: b[key] });
  }
}

function walkParameters(before, after, add) {
  const index = (list) => new Map(list.map((entry) => [`${entry.p.in}:${entry.p.name}`, entry]));
  const a = index(before);
  const b = index(after);
  for (const [key, { p, at }] of a) {
    const label = `${p.in} parameter \`${p.name}\``;
    const other = b.get(key);
    if (!other) {
      add({ pointer: pointer(at), kind: 'parameter', context: 'request', what: `${label} removed`, before: p, after: undefined });
      continue;
    }
    const q = other.p;
    const here = other.at;
    for (const key of ['required', 'style', 'explode', 'allowEmptyValue', 'allowReserved']) {
      if (!same(p[key], q[key])) {
        add({ pointer: pointer([...here, key]), kind: 'parameter', context: 'request', what: `${label}: ${key} ${show(p[key])} → ${show(q[key])}`, before: p, after: q, keyword: key });
      }
    }
    for (const key of ['description', 'example', 'examples', 'deprecated']) {
      if (!same(p[key], q[key])) add({ pointer: pointer([...here, key]), kind: 'docs', context: 'request', what: `${label}: ${key} changed` });
    }
    walkSchema(p.schema ?? {}, q.schema ?? {}, { root: p.schema ?? {}, headRoot: q.schema ?? {}, at: [...here, 'schema'], rel: [], context: 'request', label }, add);
  }
  for (const [key, { p, at }] of b) {
    if (a.has(key)) continue;
    add({ pointer: pointer(at), kind: 'parameter', context: 'request', what: `${p.in} parameter \`${p.name}\` added${p.required ? ' (required)' : ''}`, before: undefined, after: p });
  }
}

/** A request body or a response: its JSON media types' schemas, and the rest as documentation. */
function walkBody(a, b, at, context, add) {
  if (context === 'request' && !same(a.required, b.required)) {
    add({ pointer: pointer([...at, 'required']), kind: 'parameter', context, what: `request body required ${show(a.required)} → ${show(b.required)}`, before: a, after: b, keyword: 'required' });
  }
  if (!same(a.description, b.description)) add({ pointer: pointer([...at, 'description']), kind: 'docs', context, what: 'description changed' });
  const types = new Set([...Object.keys(a.content ?? {}), ...Object.keys(b.content ?? {})]);
  for (const type of types) {
    const here = [...at, 'content', type];
    const x = a.content?.[type];
    const y = b.content?.[type];
    if (!x || !y) {
      add({ pointer: pointer(here), kind: 'media-type', context, what: `media type ${type} ${x ? 'removed' : 'added'}`, before: x, after: y });
      continue;
    }
    for (const key of ['example', 'examples']) {
      if (!same(x[key], y[key])) add({ pointer: pointer([...here, key]), kind: 'docs', context, what: `${key} changed` });
    }
    walkSchema(x.schema ?? {}, y.schema ?? {}, { root: x.schema ?? {}, headRoot: y.schema ?? {}, at: [...here, 'schema'], rel: [], context }, add);
  }
}

/** Compares two schema nodes; `where.rel` is the path from the body's or parameter's schema root. */
function walkSchema(a, b, where, add) {
  const change = (segments, what, extra) => add({
    pointer: pointer([...where.at, ...where.rel, ...segments]),
    context: where.context,
    root: where.root,
    headRoot: where.headRoot,
    rootPointer: pointer(where.at),
    rel: where.rel,
    what: where.label ? `${where.label}: ${what}` : what,
    ...extra,
  });
  for (const key of [...SET_KEYWORDS, ...RULE_KEYWORDS]) {
    if (!same(a[key], b[key])) {
      // An enum is open when x-extensible-enum marks it (beside or instead of `enum`).
      const open = b['x-extensible-enum'] !== undefined;
      const wasClosed = a.enum !== undefined && a['x-extensible-enum'] === undefined;
      const extra = { kind: 'keyword', keyword: key, before: a[key], after: b[key], open, wasClosed, stillListed: b.enum !== undefined };
      change([key], `${key} ${show(a[key])} → ${show(b[key])}`, { ...extra, isolate: { path: [key], value: b[key] } });
    }
  }
  walkProperties(a, b, where, change, add);
  for (const key of ['items', 'additionalProperties', ...COMPOSITIONS]) walkChild(a, b, key, where, change, add);
  for (const key of Object.keys({ ...a, ...b })) {
    if (KNOWN.has(key) || same(a[key], b[key])) continue;
    change([key], `${key} changed`, { kind: 'docs' });
  }
}

const KNOWN = new Set([...SET_KEYWORDS, ...RULE_KEYWORDS, ...COMPOSITIONS, 'items', 'additionalProperties', 'properties', 'required']);

function walkProperties(a, b, where, change, add) {
  const pa = a.properties ?? {};
  const pb = b.properties ?? {};
  const ra = new Set(a.required ?? []);
  const rb = new Set(b.required ?? []);
  for (const name of new Set([...Object.keys(pa), ...Object.keys(pb)])) {
    if (!(name in pb)) {
      change(['properties', name], `property \`${name}\` removed`, { kind: 'property', before: pa[name], isolate: { path: ['properties', name], value: undefined, required: rb.has(name) } });
    } else if (!(name in pa)) {
      change(['properties', name], `property \`${name}\` added${rb.has(name) ? ' (required)' : ''}`, { kind: 'property', after: pb[name], isolate: { path: ['properties', name], value: pb[name], required: rb.has(name) } });
    } else {
      walkSchema(pa[name], pb[name], { ...where, rel: [...where.rel, 'properties', name] }, add);
    }
  }
  for (const name of new Set([...ra, ...rb])) {
    if (ra.has(name) === rb.has(name) || !(name in pa) || !(name in pb)) continue;
    const required = rb.has(name) ? [...ra, name] : [...ra].filter((n) => n !== name);
    change(['required'], `\`${name}\` ${rb.has(name) ? 'became required' : 'became optional'}`, { kind: 'required', isolate: { path: ['required'], value: required } });
  }
}

function walkChild(a, b, key, where, change, add) {
  const x = a[key];
  const y = b[key];
  if (same(x, y)) return;
  const nested = (u, v, segments) => walkSchema(u, v, { ...where, rel: [...where.rel, ...segments] }, add);
  if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) return x.forEach((u, i) => nested(u, y[i], [key, i]));
  if (isObject(x) && isObject(y)) return nested(x, y, [key]);
  change([key], `${key} ${show(x)} → ${show(y)}`, { kind: 'keyword', keyword: key, before: x, after: y, isolate: { path: [key], value: y } });
}

function show(value) {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
