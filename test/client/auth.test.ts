// AK/SK signing (SDK-HMAC-SHA256): the two published vectors, the canonical query openapi-fetch's
// URLs produce, and a signed request accepted by a fake that re-computes the signature with an
// independent implementation (node:crypto, its own canonicalisation).
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalQueryString,
  canonicalUri,
  sdkDate,
  signRequest,
  signSdkHmacSha256,
} from '../../src/core/auth.js';
import { createCbrClient, createCsbsClient, createGeminiDbClient } from '../../src/index.js';
import type { Fake, FakeRequest } from '../fakes/index.js';
import { useFakes } from '../support/clients.js';

const VECTOR_URL = 'https://service.endpoint.myhuaweicloud.com/resources?size=1';
const VECTOR_DATE = new Date(Date.UTC(2020, 5, 8, 2, 39, 0));
const CREDS = { accessKey: 'AccessKey', secretKey: 'SecretKey' };

describe('published SDK-HMAC-SHA256 vectors (huaweicloud-sdk-python-v3 tests/test_signer.py)', () => {
  it('GET reproduces canonical request, its hash and the Authorization header exactly', async () => {
    const result = await signSdkHmacSha256(
      { method: 'GET', url: VECTOR_URL, headers: { 'X-Sdk-Date': '20200608T023900Z', TEST_UNDERSCORE: 'TEST_VALUE' } },
      CREDS,
    );
    expect(result.canonicalRequest).toBe(
      'GET\n/resources/\nsize=1\nhost:service.endpoint.myhuaweicloud.com\nx-sdk-date:20200608T023900Z\n\nhost;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(createHash('sha256').update(result.canonicalRequest).digest('hex')).toBe('de94dd1e1ccdb730b403ce35d7e14f7c7b04337f6def1c3a3a2ba936852b133f');
    expect(result.authorization).toBe(
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842',
    );
  });

  it('POST with a JSON body reproduces the published signature exactly', async () => {
    const result = await signSdkHmacSha256(
      { method: 'POST', url: VECTOR_URL, headers: { 'X-Sdk-Date': '20200608T023900Z', TEST_UNDERSCORE: 'TEST_VALUE' }, body: '{"name":"test","id":1}' },
      CREDS,
    );
    expect(result.canonicalRequest.split('\n').at(-1)).toBe('8ed555081b9961769014bc1182c629bb0fe68d7b01c1fc1caab4dc791f377e8c');
    expect(createHash('sha256').update(result.canonicalRequest).digest('hex')).toBe('2b1b2515e48cb55e043ff2ec5b93d3f13ec287e1da1d7a2e4e14b0611a341969');
    expect(result.authorization).toBe(
      'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f',
    );
  });

  it('signRequest on Request objects gives the same headers (X-Sdk-Date from the clock)', async () => {
    const get = new Request(VECTOR_URL, { headers: { TEST_UNDERSCORE: 'TEST_VALUE' } });
    await signRequest(get, CREDS, { now: () => VECTOR_DATE });
    expect(get.headers.get('x-sdk-date')).toBe('20200608T023900Z');
    expect(get.headers.get('authorization')).toMatch(/Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842$/);

    const post = new Request(VECTOR_URL, { method: 'POST', body: new TextEncoder().encode('{"name":"test","id":1}') });
    await signRequest(post, CREDS, { now: () => VECTOR_DATE });
    expect(post.headers.get('authorization')).toMatch(/Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f$/);
    // the body is still readable after signing
    expect(await post.text()).toBe('{"name":"test","id":1}');
  });

  it('a different secret, or a different date, each gives a different signature (the vector test can fail)', async () => {
    const published = 'cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842';
    const sign = (date: string, creds: typeof CREDS) => signSdkHmacSha256({ method: 'GET', url: VECTOR_URL, headers: { 'X-Sdk-Date': date } }, creds);
    // the baseline reproduces the vector, so a change below is caused by the one input changed
    expect((await sign('20200608T023900Z', CREDS)).signature).toBe(published);
    const otherDate = await sign('20200608T023901Z', CREDS);
    const otherSecret = await sign('20200608T023900Z', { ...CREDS, secretKey: 'SecretKey2' });
    expect(otherDate.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(otherDate.signature).not.toBe(published);
    expect(otherSecret.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(otherSecret.signature).not.toBe(published);
    expect(otherSecret.signature).not.toBe(otherDate.signature);
    // the secret changes nothing but the signature: same canonical request
    expect(otherSecret.canonicalRequest).toBe((await sign('20200608T023900Z', CREDS)).canonicalRequest);
  });
});

describe('canonical pieces', () => {
  it('URI: each segment encoded, trailing slash added once', () => {
    expect(canonicalUri('/v3/abc/backups')).toBe('/v3/abc/backups/');
    expect(canonicalUri('/v3/abc/backups/')).toBe('/v3/abc/backups/');
    expect(canonicalUri('/v3.1/a%20b/x:y')).toBe('/v3.1/a%20b/x%3Ay/');
    expect(canonicalUri('/')).toBe('/');
  });

  it('query: repeated status sorted, name~ kept, + → %2B, : → %3A, space → %20', () => {
    expect(canonicalQueryString('?status=error&status=available&limit=5')).toBe('limit=5&status=available&status=error');
    expect(canonicalQueryString('name~=nightly&name=x')).toBe('name=x&name~=nightly');
    expect(canonicalQueryString('name%7E=a')).toBe('name~=a');
    expect(canonicalQueryString('begin_time=2019-05-27T03%3A38%3A51%2B0000')).toBe('begin_time=2019-05-27T03%3A38%3A51%2B0000');
    expect(canonicalQueryString('resource_type=OS::Nova::Server')).toBe('resource_type=OS%3A%3ANova%3A%3AServer');
    expect(canonicalQueryString('name=a%20b&x=*()!\'')).toBe("name=a%20b&x=%2A%28%29%21%27");
    expect(canonicalQueryString('')).toBe('');
    expect(canonicalQueryString('flag')).toBe('flag=');
  });

  it('X-Sdk-Date is the basic ISO form in UTC', () => {
    expect(sdkDate(new Date('2020-06-08T02:39:00.123Z'))).toBe('20200608T023900Z');
  });

  it("matches what openapi-fetch sends for the client's queries", async () => {
    const seen: Request[] = [];
    const client = createCbrClient({
      endpoint: 'https://cbr.example.test',
      projectId: 'p1',
      auth: CREDS,
      fetch: async (req) => {
        seen.push(req);
        return Response.json({ backups: [], count: 0 });
      },
    });
    await client.listBackups({ status: ['waiting_restore', 'available'], name: 'a+b c', resource_type: 'OS::Nova::Server', limit: 5 });
    const url = new URL(seen[0]!.url);
    expect(url.search).toBe('?status=waiting_restore&status=available&name=a%2Bb%20c&resource_type=OS%3A%3ANova%3A%3AServer&limit=5');
    expect(canonicalQueryString(url.search)).toBe('limit=5&name=a%2Bb%20c&resource_type=OS%3A%3ANova%3A%3AServer&status=available&status=waiting_restore');
  });
});

// ---- an independent verifier (what the API gateway does), used by the fake -------------------

function independentEncode(s: string): string {
  // Python quote(s, safe='~'): every byte outside ALPHA / DIGIT / - _ . ~ is %XX (upper case).
  return [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

function verifySignature(request: FakeRequest, secretKey: string): { ok: boolean; reason?: string } {
  const auth = String(request.headers.authorization ?? '');
  const m = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { ok: false, reason: 'malformed Authorization' };
  const signedHeaders = m[2]!.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-sdk-date')) return { ok: false, reason: 'host/x-sdk-date not signed' };
  const raw = request.url.search.replace(/^\?/, '');
  const pairs = raw
    ? raw.split('&').map((p) => {
        const [k, v = ''] = p.split('=');
        return [decodeURIComponent(k!), decodeURIComponent(v)] as const;
      })
    : [];
  const grouped = new Map<string, string[]>();
  for (const [k, v] of pairs) grouped.set(k, [...(grouped.get(k) ?? []), v]);
  const query = [...grouped.keys()]
    .sort()
    .flatMap((k) => grouped.get(k)!.sort().map((v) => `${independentEncode(k)}=${independentEncode(v)}`))
    .join('&');
  const path = decodeURIComponent(request.url.pathname).split('/').map(independentEncode).join('/');
  const headers = signedHeaders.map((h) => `${h}:${String(request.headers[h] ?? '').trim()}\n`).join('');
  const canonical = [request.method, path.endsWith('/') ? path : `${path}/`, query, headers, signedHeaders.join(';'), createHash('sha256').update('').digest('hex')].join('\n');
  const toSign = `SDK-HMAC-SHA256\n${request.headers['x-sdk-date']}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const expected = createHmac('sha256', secretKey).update(toSign).digest('hex');
  return expected === m[3] ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

describe('signed requests against a fake that re-computes the signature', () => {
  const fakes = useFakes();
  let fake: Fake;

  const secretKey = 'sk-0123456789abcdefSECRET';
  const accessKey = 'AKTESTACCESSKEY';
  const verdicts: { ok: boolean; reason?: string }[] = [];
  const authorize = (request: FakeRequest) => {
    const verdict = verifySignature(request, secretKey);
    verdicts.push(verdict);
    return verdict.ok;
  };

  it('cbr: repeated status, names with + and :, a resource type — accepted; a wrong SK is refused', async () => {
    verdicts.length = 0;
    fake = await fakes.start('cbr', { count: 30, authorize });
    const client = createCbrClient({ endpoint: fake.url, projectId: fake.projectId, auth: { accessKey, secretKey } });
    const page = await client.listBackups({
      status: ['error', 'available'],
      name: 'daily+weekly: a b',
      resource_type: 'OS::Nova::Server',
      sort: 'created_at:desc,name:asc',
      limit: 7,
      offset: 1,
    });
    expect(Array.isArray(page.backups)).toBe(true);
    expect(verdicts).toEqual([{ ok: true }]);
    const sent = fake.requests.at(-1)!;
    expect(sent.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(sent.headers['x-project-id']).toBe(fake.projectId);
    expect(sent.headers['x-auth-token']).toBeUndefined();

    const wrong = createCbrClient({ endpoint: fake.url, projectId: fake.projectId, auth: { accessKey, secretKey: 'not-the-secret' }, retry: false });
    await expect(wrong.listBackups({ limit: 1 })).rejects.toMatchObject({ status: 401, code: 'APIGW.0301' });
    expect(verdicts.at(-1)).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  it('geminidb: +0000 times are signed as %2B; a temporary credential signs X-Security-Token', async () => {
    verdicts.length = 0;
    fake = await fakes.start('geminidb', { count: 20, authorize });
    const client = createGeminiDbClient({
      endpoint: fake.url,
      projectId: fake.projectId,
      auth: { accessKey, secretKey, securityToken: 'temporary-security-token-value' },
    });
    await client.listBackups({ begin_time: '2019-05-27T03:38:51+0000', end_time: '2030-01-01T00:00:00+0000', datastore_type: 'cassandra', limit: 10 });
    expect(verdicts).toEqual([{ ok: true }]);
    const sent = fake.requests.at(-1)!;
    expect(sent.url.search).toContain('begin_time=2019-05-27T03%3A38%3A51%2B0000');
    expect(sent.headers['x-security-token']).toBe('temporary-security-token-value');
    expect(String(sent.headers.authorization)).toContain('x-security-token');
  });

  it('csbs: every page of a walk is signed afresh and accepted', async () => {
    verdicts.length = 0;
    fake = await fakes.start('csbs', { count: 25, authorize });
    const client = createCsbsClient({ endpoint: fake.url, projectId: fake.projectId, auth: { accessKey, secretKey } });
    const ids: string[] = [];
    for await (const item of client.iterateBackups({ limit: 10, status: 'available' })) ids.push(item.id);
    expect(verdicts.length).toBeGreaterThanOrEqual(2);
    expect(verdicts.every((v) => v.ok)).toBe(true);
  });

  it('token auth sends X-Auth-Token from a string or a provider', async () => {
    fake = await fakes.start('cbr', { count: 3, token: 'tok-123456' });
    let calls = 0;
    const client = createCbrClient({
      endpoint: fake.url,
      projectId: fake.projectId,
      auth: {
        token: async () => {
          calls++;
          return 'tok-123456';
        },
      },
    });
    await client.listBackups();
    await client.listBackups();
    expect(calls).toBe(2);
    expect(fake.requests.at(-1)!.headers['x-auth-token']).toBe('tok-123456');
    expect(fake.requests.at(-1)!.headers.authorization).toBeUndefined();
  });
});
