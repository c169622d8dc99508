// What the transport promises and a hostile server or careless caller tries to break: secrets
// echoed anywhere in an error answer stay out of every field and serialisation of the ApiError;
// redirects are never followed (no credential goes to another origin); unknown query keys and
// values outside the bundle's parameter schemas are refused before anything is sent; hop-by-hop
// and forbidden headers are refused at construction.
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, type ClientOptions } from '../../src/index.js';
import { startFake, type Fake, type FakeApi } from '../fakes/index.js';
import { invalidCases, parameters, validValue } from '../support/params.js';
import { CLIENT_FACTORIES, clientFor } from '../support/transport.js';

const fakes: Fake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});
async function fake(api: FakeApi, options: Parameters<typeof startFake>[1] = {}): Promise<Fake> {
  const f = await startFake(api, { count: 3, ...options });
  fakes.push(f);
  return f;
}

const TOKEN = 'MIIEtoken-SECRET-a1b2c3d4e5f6a7b8c9d0';
const SK = 'SK-very-SECRET-key-5555666677778888';
const ST = 'SECURITY-TOKEN-temporary-ffeeddccbbaa';

/** Every text an ApiError exposes or serialises. */
function everyText(error: unknown): string {
  const e = error as ApiError;
  return [
    e.message,
    String(e),
    e.stack ?? '',
    JSON.stringify(e),
    JSON.stringify(e.body) ?? '',
    String(e.requestId),
    String(e.code),
    String(e.url),
    inspect(e, { depth: Infinity, showHidden: true }),
    inspect(e.cause, { depth: Infinity, showHidden: true }),
  ].join('\n');
}

function nest(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { [`level${i}`]: value };
  return value;
}

describe('secrets echoed by the server never reach the ApiError', () => {
  const echo = (secrets: string[]) => ({
    status: 400,
    headers: { 'X-Request-Id': `req-${secrets[0]}` },
    body: {
      error_code: 'X.400',
      error_msg: `bad: ${secrets.join(' ')}`,
      [secrets[0]!]: 'a secret as a key',
      deep: nest(40, { list: secrets, [`key-${secrets.at(-1)}`]: secrets }),
    },
  });

  it('token: message, toString, stack, body (keys, 40 levels deep), requestId, JSON and inspect', async () => {
    const f = await fake('cbr');
    f.failNext(echo([TOKEN]));
    const error = await clientFor('cbr', f, { auth: { token: TOKEN }, retry: false }).listBackups().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(everyText(error)).not.toContain(TOKEN);
    expect(error.requestId).toContain('[REDACTED]');
    expect(JSON.stringify(error.body)).toContain('[REDACTED]');
  });

  it('AK/SK: secret key, security token and signature, anywhere', async () => {
    const f = await fake('csbs', {
      fault: (request) => {
        const signature = /Signature=([0-9a-f]+)/.exec(String(request.headers.authorization))![1]!;
        return echo([signature, SK, ST]);
      },
    });
    const error = await clientFor('csbs', f, { auth: { accessKey: 'AKPUBLIC', secretKey: SK, securityToken: ST }, retry: false }).listBackups().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    const signature = /Signature=([0-9a-f]{64})/.exec(String(f.requests[0]!.headers.authorization))![1]!;
    const text = everyText(error);
    for (const secret of [SK, ST, signature]) expect(text).not.toContain(secret);
  });

  it('a token provider: the token it returned is redacted as well (URL-encoded form too)', async () => {
    const dynamic = 'gAAAAA+dynamic/TOKEN=value0000111122223333';
    const f = await fake('vbs');
    f.failNext({ status: 403, body: { forbidden: { code: 403, message: `no: ${dynamic} ${encodeURIComponent(dynamic)}` } } });
    const error = await clientFor('vbs', f, { auth: { token: () => dynamic }, retry: false }).listBackups().catch((e) => e);
    const text = everyText(error);
    expect(text).not.toContain(dynamic);
    expect(text).not.toContain(encodeURIComponent(dynamic));
  });

  it('a cyclic cause or body does not crash redaction', async () => {
    const cyclic: Record<string, unknown> = { token: TOKEN };
    cyclic.self = cyclic;
    const error = new ApiError({ status: 0, service: 'cbr', message: `x ${TOKEN}`, body: cyclic, cause: cyclic }, (s) => s.split(TOKEN).join('[REDACTED]'));
    expect(everyText(error)).not.toContain(TOKEN);
  });
});

describe('redirects are never followed', () => {
  it.each([301, 302, 303, 307, 308])('%i to another origin: ApiError naming the Location; the other origin sees nothing', async (status) => {
    const f = await fake('cbr');
    const other = await fake('cbr');
    f.failNext({ status, headers: { Location: `${other.listUrl}?limit=1` } });
    const error = await clientFor('cbr', f, { auth: { token: TOKEN } }).listBackups().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, code: 'REDIRECT' });
    expect(error.message).toContain(`${other.listUrl}?limit=1`);
    expect(other.requests).toHaveLength(0);
    expect(f.requests).toHaveLength(1); // a redirect is not retried either
  });

  it('the openapi-fetch client (`api`) does not follow them either', async () => {
    const f = await fake('cbr');
    const other = await fake('cbr');
    f.failNext({ status: 302, headers: { Location: other.listUrl } });
    const client = clientFor('cbr', f, { auth: { token: TOKEN } });
    const { response } = await client.api.GET('/v3/{project_id}/backups', { params: { path: { project_id: f.projectId } } });
    expect(response.status).toBe(302);
    expect(other.requests).toHaveLength(0);
  });

  it("a browser's opaque redirect (status 0) is an ApiError REDIRECT too; requests ask for `redirect: 'manual'`", async () => {
    const seen: Request[] = [];
    const client = CLIENT_FACTORIES.cbr({
      endpoint: 'https://cbr.example.com',
      projectId: 'p1',
      auth: { token: TOKEN },
      fetch: async (request) => {
        seen.push(request);
        const response = new Response(null, { status: 200 });
        Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
        Object.defineProperty(response, 'status', { value: 0 });
        Object.defineProperty(response, 'ok', { value: false });
        return response;
      },
    });
    const error = await client.listBackups().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'REDIRECT', status: 0 });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.redirect).toBe('manual');
  });
});

describe('query keys: only the parameters of the operation, own enumerable keys only', () => {
  const hostile: [string, () => Record<string, unknown>, string][] = [
    ['x&limit', () => ({ 'x&limit': 5000 }), 'x&limit'],
    ['x#', () => ({ 'x#': '1' }), 'x#'],
    ['__proto__ from JSON.parse', () => JSON.parse('{"__proto__":{"evil":"1"}}'), '__proto__'],
    ['a misspelt name', () => ({ limt: 5 }), 'limt'],
  ];
  it.each(hostile)('%s is refused with a TypeError naming it and listing the allowed keys; nothing is sent', async (_label, query, key) => {
    const f = await fake('cbr', { count: 5 });
    const client = clientFor('cbr', f, { auth: { token: TOKEN } });
    const error = await client.listBackups(query() as never).catch((e) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain(JSON.stringify(key));
    expect(error.message).toMatch(/allowed: .*limit.*offset/);
    expect(() => client.iterateBackups(query() as never)).toThrow(TypeError);
    expect(f.requests).toHaveLength(0);
  });

  it('inherited keys do not count (nothing is sent for them)', async () => {
    const f = await fake('cbr', { count: 5 });
    const client = clientFor('cbr', f, { auth: { token: TOKEN } });
    const page = await client.listBackups(Object.create({ limit: 2, evil: 1 }));
    expect(page.backups).toHaveLength(5);
    expect(f.requests[0]!.url.search).toBe('');
  });
});

describe('query values: every parameter checked against its schema in the bundle', () => {
  for (const api of ['cbr', 'geminidb', 'csbs', 'vbs'] as const) {
    const params = parameters(api).filter((p) => p.in === 'query');
    const cases = params.flatMap((p) => invalidCases(p).map((c) => [p.name, c.label, c.value] as const));
    it(`${api}: ${cases.length} invalid values from the schemas are refused, naming the parameter`, async () => {
      const client = CLIENT_FACTORIES[api]({ endpoint: 'https://h.example.com', projectId: 'p1', auth: { token: TOKEN }, fetch: async () => { throw new Error('nothing may be sent'); } });
      expect(cases.length).toBeGreaterThan(5);
      for (const [name, label, value] of cases) {
        const pairing = api === 'geminidb' && (name === 'begin_time' || name === 'end_time') ? { begin_time: '2020-01-01T00:00:00Z', end_time: '2020-01-02T00:00:00Z' } : {};
        const error = await client.listBackups({ ...pairing, [name]: value } as never).catch((e) => e);
        expect(error, `${api} ${name}: ${label}`).toBeInstanceOf(TypeError);
        expect(error.message, `${api} ${name}: ${label}`).toContain(`\`${name}\``);
      }
    });

    it(`${api}: a valid value of every parameter is sent`, async () => {
      const sent: string[] = [];
      const client = CLIENT_FACTORIES[api]({ endpoint: 'https://h.example.com', projectId: 'p1', auth: { token: TOKEN }, fetch: async (request) => { sent.push(request.url); return Response.json({ backups: [], checkpoint_items: [], count: 0, total_count: 0 }); } });
      for (const p of params) {
        const pairing = api === 'geminidb' && (p.name === 'begin_time' || p.name === 'end_time') ? { begin_time: '2020-01-01T00:00:00Z', end_time: '2020-01-02T00:00:00Z' } : {};
        await client.listBackups({ ...pairing, [p.name]: validValue(p) } as never);
      }
      expect(sent).toHaveLength(params.length);
      for (const [i, p] of params.entries()) expect(new URL(sent[i]!).searchParams.has(p.name), p.name).toBe(true);
    });
  }

  const odd: [string, unknown][] = [
    ['an object', { a: 1 }],
    ['a function', () => 5],
    ['a nested array', [[1]]],
    ['a Symbol', Symbol('x')],
    ['a BigInt', 10n],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null', null],
    ['a Date', new Date(0)],
    ['a lone surrogate', 'ab\uD800'],
  ];
  it.each(odd)('%s for `name` or `limit` is a TypeError naming the parameter', async (_label, value) => {
    const client = CLIENT_FACTORIES.cbr({ endpoint: 'https://h.example.com', projectId: 'p1', auth: { token: TOKEN }, fetch: async () => { throw new Error('nothing may be sent'); } });
    for (const name of ['name', 'limit', 'status']) {
      const error = await client.listBackups({ [name]: value } as never).catch((e) => e);
      expect(error, name).toBeInstanceOf(TypeError);
      expect(error.message).toContain(`\`${name}\``);
      expect(error.message).toMatch(/must be /);
    }
  });
});

describe('headers', () => {
  const refused = ['Transfer-Encoding', 'Connection', 'Keep-Alive', 'Upgrade', 'TE', 'Trailer', 'Host', 'Content-Length', 'Proxy-Authorization', 'Expect'];
  it.each(refused)('%s is refused at construction and per call, naming the header', async (name) => {
    const options: ClientOptions = { endpoint: 'https://h.example.com', projectId: 'p1', auth: { token: TOKEN }, headers: { [name]: 'x' } };
    expect(() => CLIENT_FACTORIES.cbr(options)).toThrow(TypeError);
    expect(() => CLIENT_FACTORIES.cbr(options)).toThrow(new RegExp(`"${name}"`));
    const client = CLIENT_FACTORIES.cbr({ ...options, headers: {} });
    await expect(client.listBackups({}, { headers: { [name.toLowerCase()]: 'x' } })).rejects.toThrow(TypeError);
  });
});

describe("the caller's signal", () => {
  it('16 listBackups in flight with one signal: one listener, no MaxListenersExceededWarning; aborting stops them all', async () => {
    const f = await fake('cbr', { fault: async () => { await new Promise((r) => setTimeout(r, 40)); return undefined; } });
    const client = clientFor('cbr', f, { auth: { token: TOKEN } });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const pages = await Promise.all(Array.from({ length: 16 }, () => client.listBackups({}, { signal: controller.signal })));
      expect(pages.every((p) => p.backups.length === 3)).toBe(true);
      const calls = Array.from({ length: 16 }, () => client.listBackups({}, { signal: controller.signal }).catch((e) => e));
      setTimeout(() => controller.abort(new Error('stop all')), 10);
      const errors = await Promise.all(calls);
      expect(errors.map((e) => (e as Error).message)).toEqual(Array(16).fill('stop all'));
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map((w) => w.message)).toEqual([]);
  });
});
