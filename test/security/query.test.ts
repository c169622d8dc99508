// Nothing reaches the wire that the caller did not mean: query keys that smuggle parameters
// (`x&limit`), cut the query (`x#`), come from JSON.parse (`__proto__`) or are simply unknown, and
// values the parameter's schema does not allow (objects, functions, nested arrays, lone
// surrogates, Symbols, BigInts, out-of-range or non-integer numbers, wrong enum values, too long
// strings) are a TypeError naming the parameter, thrown before any request. Each test also makes
// one valid request, so the zero count is not vacuous. Only own enumerable keys count.
import { describe, expect, it } from 'vitest';
import { loadDerefBundle } from '../support/apis.js';
import { APIS, clientFor, useFakes, type Api } from '../support/clients.js';

const fakes = useFakes();
const INT32_MAX = 2_147_483_647;

/** Per service: a plain string parameter, an enum parameter, a string with a maxLength, the largest limit. */
const PARAMS: Record<Api, { text: string; enumName: string; long: [string, number]; maxLimit: number }> = {
  cbr: { text: 'resource_name', enumName: 'own_type', long: ['vault_id', 64], maxLimit: 1000 },
  geminidb: { text: 'instance_id', enumName: 'datastore_type', long: ['instance_id', 64], maxLimit: 100 },
  csbs: { text: 'name', enumName: 'status', long: ['name', 255], maxLimit: 1000 },
  vbs: { text: 'name', enumName: 'status', long: ['name', 255], maxLimit: INT32_MAX },
};

/** The schema of query parameter `name` of the list operation, from the bundle. */
function schemaOf(api: Api, name: string): { enum?: string[]; maximum?: number; maxLength?: number } {
  const bundle = loadDerefBundle(api) as { paths: Record<string, { get: { parameters: { name: string; in: string; schema: any }[] } }> };
  const operation = Object.values(bundle.paths)[0]!.get;
  const parameter = operation.parameters.find((p) => p.in === 'query' && p.name === name);
  if (!parameter) throw new Error(`${api}: no query parameter ${name} in the bundle`);
  return parameter.schema;
}

/** [what, query, the parameter the TypeError must name, something it must say is allowed]. */
type Case = [string, Record<string, unknown>, string, string?];

function hostileQueries(api: Api): Case[] {
  const { text, enumName, long, maxLimit } = PARAMS[api];
  const enumValue = schemaOf(api, enumName).enum![0]!;
  expect(schemaOf(api, 'limit').maximum).toBe(maxLimit);
  expect(schemaOf(api, long[0]).maxLength).toBe(long[1]);
  const cases: Case[] = [
    ['a key smuggling another parameter', { 'x&limit': 5000 }, 'x&limit', 'limit'],
    ['a key ending the query with #', { 'x#': '1' }, 'x#'],
    ['an own __proto__ key from JSON.parse', JSON.parse('{"__proto__":{"evil":"1"}}') as Record<string, unknown>, '__proto__'],
    ['an unknown key', { evil: '1' }, 'evil', text],
    ['a key with = and a space', { 'a=b c': '1' }, 'a=b c'],
    ['an object for a string', { [text]: { a: '1' } }, text],
    ['a function for a string', { [text]: () => 'x' }, text],
    ['a nested array for a string', { [text]: [['a']] }, text],
    ['an array for a single string', { [text]: ['a', 'b'] }, text],
    ['a lone surrogate', { [text]: 'a\uD800b' }, text],
    ['a Symbol', { [text]: Symbol('s') }, text],
    ['a BigInt', { [text]: 10n }, text],
    ['a wrong enum value', { [enumName]: 'bogus' }, enumName, enumValue],
    ['a string longer than maxLength', { [long[0]]: 'x'.repeat(long[1] + 1) }, long[0], String(long[1])],
    ['a limit above the maximum', { limit: maxLimit + 1 }, 'limit', String(maxLimit)],
    ['a limit of 1e21', { limit: 1e21 }, 'limit'],
    ['a NaN limit', { limit: Number.NaN }, 'limit'],
    ['an infinite limit', { limit: Number.POSITIVE_INFINITY }, 'limit'],
    ['a negative limit', { limit: -1 }, 'limit'],
    ['a fractional limit', { limit: 1.5 }, 'limit'],
    ['a limit given as a string', { limit: '10' }, 'limit'],
    ['an offset beyond int32', { offset: INT32_MAX + 1 }, 'offset'],
  ];
  if (api === 'cbr') cases.push(['a wrong value in an enum array', { status: ['available', 'bogus'] }, 'status']);
  return cases;
}

async function errorOf(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each(APIS)('%s: query keys and values are checked before the wire', (api) => {
  it('every hostile key and value is a TypeError naming the parameter; no request is sent', async () => {
    const fake = await fakes.start(api, { count: 3, tableBackupRatio: 0 });
    const client = clientFor(api, fake);
    const problems: string[] = [];
    const cases = hostileQueries(api);
    for (const [what, query, name, allowed] of cases) {
      const calls = {
        listBackups: () => client.listBackups(query),
        iterateBackups: async () => {
          for await (const item of client.iterateBackups(query)) void item;
        },
      };
      for (const [call, run] of Object.entries(calls)) {
        const before = fake.requests.length;
        const error = await errorOf(run);
        const context = `${call}(${what})`;
        if (fake.requests.length !== before) problems.push(`${context}: ${fake.requests.length - before} request(s) sent: ${fake.requests.at(-1)!.url.search}`);
        if (!(error instanceof TypeError)) {
          problems.push(`${context}: ${error === undefined ? 'no error' : `${(error as Error).name}: ${(error as Error).message}`}, expected a TypeError`);
        } else if (!error.message.includes(name)) {
          problems.push(`${context}: the TypeError does not name \`${name}\`: ${error.message}`);
        } else if (allowed !== undefined && !error.message.includes(allowed)) {
          problems.push(`${context}: the TypeError does not say what is allowed (${allowed}): ${error.message}`);
        }
      }
    }
    expect(cases.length).toBeGreaterThanOrEqual(22);
    expect(problems).toEqual([]);
    expect(fake.requests).toHaveLength(0);
    // the same client and server do count a valid request
    await client.listBackups({ limit: 1 });
    expect(fake.requests).toHaveLength(1);
  });

  it('an unknown key is refused with the allowed keys listed', async () => {
    const fake = await fakes.start(api, { count: 1 });
    const client = clientFor(api, fake);
    const error = await errorOf(() => client.listBackups({ nosuchparam: 'x' }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('nosuchparam');
    expect((error as Error).message).toContain('limit');
    expect((error as Error).message).toContain(PARAMS[api].text);
    expect(fake.requests).toHaveLength(0);
  });

  it('only own enumerable keys count: inherited and hidden ones are not sent', async () => {
    const fake = await fakes.start(api, { count: 3, tableBackupRatio: 0 });
    const client = clientFor(api, fake);
    const query = Object.create({ limit: 5000, evil: '1' }) as Record<string, unknown>;
    Object.defineProperty(query, 'offset', { value: 2, enumerable: false });
    query.limit = 2;
    await client.listBackups(query);
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!.url.searchParams;
    expect(sent.getAll('limit')).toEqual(['2']);
    expect(sent.has('evil')).toBe(false);
    expect(sent.has('offset')).toBe(false);
  });
});
