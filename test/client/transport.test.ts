// The transport's promises beyond the hostile suites in test/security: every parameter's schema in
// the bundle refuses what it should and lets through what it should; a browser's opaque redirect and
// the openapi-fetch client (`api`) follow no redirect either; redaction survives cyclic and
// URL-encoded echoes; every header the runtime manages is refused; one listener per caller signal.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiError, createCbrClient, type ClientOptions } from '../../src/index.js';
import { createQueryValidator, type ParamTable } from '../../src/core/validate.js';
import { invalidCases, parameters, validValue } from '../support/params.js';
import { listenerWarnings, warningsDuring } from '../support/warnings.js';
import { AUTH, clientFor, createClient, FAST_RETRY, useFakes } from '../support/clients.js';
import { startRecorder } from '../support/recorder.js';

const fakes = useFakes();
const TOKEN = AUTH.token.token;

/** Every text an ApiError exposes or serialises. */
function everyText(error: unknown): string {
  const e = error as ApiError;
  return [e.message, String(e), e.stack ?? '', JSON.stringify(e), String(e.requestId), inspect(e, { depth: Infinity, showHidden: true })].join('\n');
}

describe('redaction, beyond test/security', () => {
  it('a token provider: the token it returned is redacted as well (URL-encoded form too)', async () => {
    const dynamic = 'gAAAAA+dynamic/TOKEN=value0000111122223333';
    const f = await fakes.start('vbs', { count: 3 });
    f.failNext({ status: 403, body: { forbidden: { code: 403, message: `no: ${dynamic} ${encodeURIComponent(dynamic)}` } } });
    const error = await clientFor('vbs', f, { auth: { token: () => dynamic } }).listBackups().catch((e) => e);
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
    const f = await fakes.start('cbr', { count: 3 });
    const other = await fakes.start('cbr', { count: 3 });
    f.failNext({ status, headers: { Location: `${other.listUrl}?limit=1` } });
    const error = await clientFor('cbr', f, { retry: FAST_RETRY }).listBackups().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, code: 'REDIRECT' });
    expect(error.message).toContain(`${other.listUrl}?limit=1`);
    expect(other.requests).toHaveLength(0);
    expect(f.requests).toHaveLength(1); // a redirect is not retried either
  });

  it('the openapi-fetch client (`api`) does not follow them either', async () => {
    const f = await fakes.start('cbr', { count: 3 });
    const other = await fakes.start('cbr', { count: 3 });
    f.failNext({ status: 302, headers: { Location: other.listUrl } });
    const client = createCbrClient({ endpoint: f.url, projectId: f.projectId, auth: AUTH.token });
    const { response } = await client.api.GET('/v3/{project_id}/backups', { params: { path: { project_id: f.projectId } } });
    expect(response.status).toBe(302);
    expect(other.requests).toHaveLength(0);
  });

  it("a browser's opaque redirect (status 0) is an ApiError REDIRECT too; requests ask for `redirect: 'manual'`", async () => {
    const seen: Request[] = [];
    const client = createClient('cbr', {
      endpoint: 'https://cbr.backup-api.invalid',
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

describe('a fetch that followed a redirect anyway', () => {
  it('a custom fetch that ignores `redirect: manual` and follows: its answer is refused as REDIRECT, not used', async () => {
    const client = createClient('cbr', {
      endpoint: 'https://cbr.backup-api.invalid',
      projectId: 'p1',
      auth: AUTH.token,
      fetch: async () => {
        const response = Response.json({ backups: [{ id: 'from-elsewhere' }], count: 1 });
        Object.defineProperty(response, 'redirected', { value: true });
        Object.defineProperty(response, 'url', { value: 'https://elsewhere.example.net/v3/p1/backups' });
        return response;
      },
    });
    await expect(client.listBackups()).rejects.toMatchObject({ code: 'REDIRECT' });
  });
});

describe('query values: every parameter checked against its schema in the bundle', () => {
  for (const api of ['cbr', 'geminidb', 'csbs', 'vbs'] as const) {
    const params = parameters(api).filter((p) => p.in === 'query');
    const cases = params.flatMap((p) => invalidCases(p).map((c) => [p.name, c.label, c.value] as const));
    it(`${api}: ${cases.length} invalid values from the schemas are refused, naming the parameter`, async () => {
      const client = createClient(api, { endpoint: 'https://h.backup-api.invalid', projectId: 'p1', auth: { token: TOKEN }, fetch: async () => { throw new Error('nothing may be sent'); } });
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
      const client = createClient(api, { endpoint: 'https://h.backup-api.invalid', projectId: 'p1', auth: { token: TOKEN }, fetch: async (request) => { sent.push(request.url); return Response.json({ backups: [], checkpoint_items: [], count: 0, total_count: 0 }); } });
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
    const client = createClient('cbr', { endpoint: 'https://h.backup-api.invalid', projectId: 'p1', auth: { token: TOKEN }, fetch: async () => { throw new Error('nothing may be sent'); } });
    for (const name of ['name', 'limit', 'status']) {
      const error = await client.listBackups({ [name]: value } as never).catch((e) => e);
      expect(error, name).toBeInstanceOf(TypeError);
      expect(error.message).toContain(`\`${name}\``);
      expect(error.message).toMatch(/must be /);
    }
  });
});

describe('the validator: anyOf / oneOf (Cinder flags take oslo spellings; the client itself sends booleans)', () => {
  const oslo = { type: 'string', maxLength: 5, pattern: '^([01]|[tT]([rR][uU][eE])?|[fF]([aA][lL][sS][eE])?|[yY]([eE][sS])?|[nN][oO]?)$' };
  const table: ParamTable = { with_count: { anyOf: [{ type: 'boolean' }, oslo] }, exactly_one: { oneOf: [{ type: 'string', pattern: '^a' }, { type: 'string', pattern: 'z$' }] } };
  const validate = createQueryValidator('vbs', table);
  it('a value matching any alternative passes; none is a TypeError naming the parameter and every alternative', () => {
    expect(validate({ with_count: true }, 'list')).toEqual({ with_count: true });
    expect(validate({ with_count: 'Yes' }, 'list')).toEqual({ with_count: 'Yes' });
    expect(() => validate({ with_count: 'maybe' }, 'list')).toThrow(/vbs: query parameter `with_count` must be a boolean \(true or false\) or a string of at most 5 characters matching \/.*; got "maybe"/);
    expect(() => validate({ with_count: 1 }, 'list')).toThrow(TypeError);
  });
  it('oneOf: exactly one alternative must match', () => {
    expect(validate({ exactly_one: 'ab' }, 'list')).toEqual({ exactly_one: 'ab' });
    expect(() => validate({ exactly_one: 'abz' }, 'list')).toThrow(/`exactly_one`/);
    expect(() => validate({ exactly_one: 'b' }, 'list')).toThrow(/`exactly_one`/);
  });
});

describe('headers', () => {
  // Transfer-Encoding and Connection: test/security/transport.test.ts.
  const refused = ['Keep-Alive', 'Upgrade', 'TE', 'Trailer', 'Host', 'Content-Length', 'Proxy-Authorization', 'Sec-Fetch-Mode', 'Expect', 'Cookie'];
  it.each(refused)('%s is refused at construction and per call, naming the header', async (name) => {
    const options: ClientOptions = { endpoint: 'https://h.backup-api.invalid', projectId: 'p1', auth: { token: TOKEN }, headers: { [name]: 'x' } };
    expect(() => createClient('cbr', options)).toThrow(TypeError);
    expect(() => createClient('cbr', options)).toThrow(new RegExp(`"${name}"`));
    const client = createClient('cbr', { ...options, headers: {} });
    await expect(client.listBackups({}, { headers: { [name.toLowerCase()]: 'x' } })).rejects.toThrow(TypeError);
  });
});

describe("the caller's signal", () => {
  it('16 listBackups in flight with one signal: one listener, no MaxListenersExceededWarning; aborting stops them all', async () => {
    const f = await fakes.start('cbr', { count: 3, fault: async () => { await new Promise((r) => setTimeout(r, 40)); return undefined; } });
    const client = clientFor('cbr', f);
    const warnings = await warningsDuring(async () => {
      const controller = new AbortController();
      const pages = await Promise.all(Array.from({ length: 16 }, () => client.listBackups({}, { signal: controller.signal })));
      expect(pages.every((p) => p.backups.length === 3)).toBe(true);
      const calls = Array.from({ length: 16 }, () => client.listBackups({}, { signal: controller.signal }).catch((e) => e));
      setTimeout(() => controller.abort(new Error('stop all')), 10);
      const errors = await Promise.all(calls);
      expect(errors.map((e) => (e as Error).message)).toEqual(Array(16).fill('stop all'));
    });
    expect(listenerWarnings(warnings)).toEqual([]);
  });
});

describe('headers of a page request', () => {
  it("per-call headers override the client's whatever their case; a signed call signs what is sent", async () => {
    const f = await fakes.start('cbr', { count: 3 });
    const recorder = await startRecorder(f.url);
    try {
      const proxied = { url: recorder.url, projectId: f.projectId };
      const headers = { 'X-Team': 'client', 'x-keep': 'kept' };
      await clientFor('cbr', proxied, { headers }).listBackups({ limit: 1 }, { headers: { 'x-team': 'call' } });
      await clientFor('cbr', proxied, { headers, auth: AUTH.aksk }).listBackups({ limit: 1 }, { headers: { 'X-TEAM': 'signed' } });
      const [token, signed] = recorder.exchanges.map((e) => e.requestHeaders);
      expect(token).toMatchObject({ 'x-team': 'call', 'x-keep': 'kept', 'x-auth-token': TOKEN });
      expect(signed).toMatchObject({ 'x-team': 'signed', 'x-keep': 'kept' });
      expect(signed!.authorization).toMatch(/SignedHeaders=host;x-keep;x-project-id;x-sdk-date;x-team, Signature=[0-9a-f]{64}$/);
      expect(recorder.exchanges.map((e) => e.status)).toEqual([200, 200]);
    } finally {
      await recorder.close();
    }
  });
});
