// Contract suite, per API, against the Prism mock of its bundle (started in test/setup/prism-mocks.ts).
// Every case is derived from the bundle, so a new parameter, example or error response is covered
// without editing this file:
//  - every parameter's example validates against its schema, and a request with every parameter
//    → 200, a body that validates, no `sl-violations`;
//  - every enum value of every parameter → 200;
//  - invalid values derived from each constraint → the documented 400 with an `sl-violations`
//    entry naming the parameter;
//  - no X-Auth-Token → the documented 401 body;
//  - every named 200 example via `Prefer: example=…`, every error status via `Prefer: code=…`
//    and every named error example via `Prefer: code=…, example=…`, each validating.
import { describe, expect, inject, it } from 'vitest';
import { API_IDS, loadBundle } from '../support/apis.js';
import { buildPath, buildQuery, invalidCases, locationNames, parameters, validValue, type Parameter } from '../support/params.js';
import { listOperation, resolvePointer, responseSchema, validateAgainst } from '../support/schema.js';

const TOKEN = 'contract-test-token';

interface Violation {
  location?: unknown[];
  severity?: string;
  code?: string | number;
  message?: string;
}

function violations(res: Response): Violation[] {
  const header = res.headers.get('sl-violations');
  return header ? (JSON.parse(header) as Violation[]) : [];
}

/** Named examples of one response status: name → value. */
function namedExamples(api: string, status: string): Record<string, unknown> {
  const bundle = loadBundle(api);
  let response = listOperation(bundle).responses[status];
  if (response?.$ref) response = resolvePointer(bundle, response.$ref);
  const examples = response?.content?.['application/json']?.examples ?? {};
  return Object.fromEntries(
    Object.entries<any>(examples).map(([name, ex]) => [name, (ex.$ref ? resolvePointer(bundle, ex.$ref) : ex).value]),
  );
}

describe.each(API_IDS)('%s contract (Prism mock)', (api) => {
  const base = () => inject('mockUrls')[api] as string;
  const params = parameters(api);
  const query = params.filter((p) => p.in === 'query');
  const headerParams = params.filter((p) => p.in === 'header');
  const statuses = Object.keys(listOperation(loadBundle(api)).responses);
  const errorStatuses = statuses.filter((s) => s !== '200' && /^\d{3}$/.test(s));

  async function call(options: { query?: [string, unknown][]; headers?: Record<string, string>; path?: string; token?: boolean } = {}) {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token !== false) headers['X-Auth-Token'] = TOKEN;
    const url = `${base()}${options.path ?? buildPath(api)}${buildQuery(options.query ?? [])}`;
    const res = await fetch(url, { headers });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { res, body, url, text };
  }

  const headerValues = (list: Parameter[]) => Object.fromEntries(list.map((p) => [p.name, String(validValue(p))]));

  it('documents query parameters and a 200, 400 and 401 response', () => {
    expect(query.length).toBeGreaterThan(0);
    expect(statuses).toEqual(expect.arrayContaining(['200', '400', '401']));
  });

  it.each(params.map((p) => [`${p.in} ${p.name}`, p] as const))('the example of %s validates against its schema', (_, param) => {
    expect(param.example, 'every parameter carries an example').toBeDefined();
    expect(validateAgainst(api, param.schema, validValue(param)).errors).toEqual([]);
  });

  it('a request with every non-deprecated parameter → 200, valid body, no sl-violations', async () => {
    const current = params.filter((p) => !p.deprecated);
    const { res, body, url, text } = await call({
      query: current.filter((p) => p.in === 'query').map((p) => [p.name, validValue(p)]),
      headers: headerValues(current.filter((p) => p.in === 'header')),
    });
    expect(res.headers.get('sl-violations'), url).toBeNull();
    expect(res.status, `${url}\n${text}`).toBe(200);
    expect(validateAgainst(api, responseSchema(api, '200'), body).errors).toEqual([]);
  });

  it('a request with every parameter, deprecated ones included → 200; only deprecation warnings', async () => {
    const { res, body, url } = await call({ query: query.map((p) => [p.name, validValue(p)]), headers: headerValues(headerParams) });
    expect(res.status, url).toBe(200);
    expect(validateAgainst(api, responseSchema(api, '200'), body).errors).toEqual([]);
    const deprecated = params.filter((p) => p.deprecated);
    const found = violations(res);
    expect(found.filter((v) => v.code !== 'deprecated' || v.severity !== 'Warning'), url).toEqual([]);
    for (const p of deprecated) expect(found.some((v) => locationNames(v.location, p)), `deprecation of ${p.name}`).toBe(true);
    expect(found.length).toBe(deprecated.length);
  });

  const enumCases = query.flatMap((p) => {
    const values: unknown[] = (p.schema?.type === 'array' ? p.schema.items?.enum : p.schema?.enum) ?? [];
    return values.filter((v) => v !== null).map((v) => [`${p.name}=${String(v)}`, p, v] as const);
  });
  it.each(enumCases)('enum value %s → 200', async (_, param, value) => {
    const { res, url } = await call({ query: [[param.name, param.schema.type === 'array' ? [value] : value]] });
    expect(violations(res).filter((v) => v.code !== 'deprecated'), url).toEqual([]);
    expect(res.status, url).toBe(200);
  });

  const invalid = params.flatMap((p) => invalidCases(p).map((c) => [`${p.in} ${p.name}: ${c.label}`, c] as const));
  it('derives at least one invalid case for every constrained parameter', () => {
    const constrained = params.filter((p) => {
      const s = p.schema?.type === 'array' ? p.schema.items : p.schema;
      return p.schema?.type === 'array' || ['integer', 'number', 'boolean'].includes(s?.type) || s?.anyOf || s?.enum || s?.pattern || s?.maxLength !== undefined;
    });
    for (const p of constrained) expect(invalidCases(p).length, `${p.in} ${p.name}`).toBeGreaterThan(0);
  });

  it.each(invalid)('%s → 400 with an sl-violations entry naming it', async (_, c) => {
    const value = c.value;
    const request =
      c.param.in === 'query'
        ? { query: [[c.param.name, value]] as [string, unknown][] }
        : c.param.in === 'header'
          ? { headers: { [c.param.name]: String(value) } }
          : { path: buildPath(api, { [c.param.name]: String(value) }) };
    const { res, body, url, text } = await call(request);
    expect(res.status, `${url}\n${text}`).toBe(400);
    const errors = violations(res).filter((v) => v.severity === 'Error');
    expect(errors.some((v) => locationNames(v.location, c.param)), `${url}: ${JSON.stringify(violations(res))}`).toBe(true);
    expect(validateAgainst(api, responseSchema(api, '400'), body).errors).toEqual([]);
  });

  it('no X-Auth-Token → 401 with the documented error body', async () => {
    const { res, body } = await call({ token: false });
    expect(res.status).toBe(401);
    expect(validateAgainst(api, responseSchema(api, '401'), body).errors).toEqual([]);
    expect(Object.values(namedExamples(api, '401'))).toContainEqual(body);
    expect(violations(res).some((v) => v.code === 401)).toBe(true);
  });

  const okExamples = Object.entries(namedExamples(api, '200'));
  it.each(okExamples)('Prefer: example=%s → 200 with that example, valid', async (name, value) => {
    const { res, body } = await call({ headers: { Prefer: `example=${name}` } });
    expect(res.status).toBe(200);
    expect(body).toEqual(value);
    expect(validateAgainst(api, responseSchema(api, '200'), body).errors).toEqual([]);
  });

  it.each(errorStatuses)('Prefer: code=%s → that status with a valid body', async (status) => {
    const { res, body, text } = await call({ headers: { Prefer: `code=${status}` } });
    expect(res.status, text).toBe(Number(status));
    expect(validateAgainst(api, responseSchema(api, status), body).errors).toEqual([]);
  });

  const errorExamples = errorStatuses.flatMap((status) => Object.entries(namedExamples(api, status)).map(([name, value]) => [`${status} ${name}`, status, name, value] as const));
  it('every documented error status has at least one named example', () => {
    for (const status of errorStatuses) expect(Object.keys(namedExamples(api, status)).length, status).toBeGreaterThan(0);
  });
  it.each(errorExamples)('Prefer: code=…, example=… → %s', async (_, status, name, value) => {
    const { res, body, text } = await call({ headers: { Prefer: `code=${status}, example=${name}` } });
    expect(res.status, text).toBe(Number(status));
    expect(body).toEqual(value);
    expect(validateAgainst(api, responseSchema(api, status), body).errors).toEqual([]);
  });
});
