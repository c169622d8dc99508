// Endpoints (host patterns, explicit endpoints, http:// refused) and option validation: every bad
// input is a TypeError naming the option and what is allowed, thrown at construction.
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, resolveBaseUrl } from '../../src/core/endpoints.js';
import { requiredMicroversion } from '../../src/vbs/index.js';
import { createCbrClient, createCsbsClient, createGeminiDbClient, createVbsClient, type ClientOptions } from '../../src/index.js';

const auth = { token: 'token-0123' };
const projectId = '0605767b5780d5762fc5c0118072a564';

describe('endpoints', () => {
  it('region → host pattern per service (geminidb eu-west-101 on .eu, csbs on OTC for eu-de)', () => {
    expect(createCbrClient({ region: 'ap-southeast-1', projectId, auth }).baseUrl).toBe('https://cbr.ap-southeast-1.myhuaweicloud.com');
    expect(createGeminiDbClient({ region: 'cn-north-4', projectId, auth }).baseUrl).toBe('https://gaussdb-nosql.cn-north-4.myhuaweicloud.com');
    expect(createGeminiDbClient({ region: 'eu-west-101', projectId, auth }).baseUrl).toBe('https://gaussdb-nosql.eu-west-101.myhuaweicloud.eu');
    expect(createCsbsClient({ region: 'la-south-2', projectId, auth }).baseUrl).toBe('https://csbs.la-south-2.myhuaweicloud.com');
    expect(createCsbsClient({ region: 'eu-de', projectId, auth }).baseUrl).toBe('https://csbs.eu-de.otc.t-systems.com');
  });

  it('explicit endpoints: trailing slash, version path and catalog project segment are dropped; a prefix is kept', () => {
    const vbs = (endpoint: string) => createVbsClient({ endpoint, projectId, auth }).baseUrl;
    expect(vbs('https://evs.eu-de.otc.t-systems.com/')).toBe('https://evs.eu-de.otc.t-systems.com');
    expect(vbs('https://evs.eu-de.otc.t-systems.com/v3')).toBe('https://evs.eu-de.otc.t-systems.com');
    expect(vbs(`https://evs.eu-de.otc.t-systems.com/v3/${projectId}`)).toBe('https://evs.eu-de.otc.t-systems.com');
    expect(vbs('https://evs.eu-de.otc.t-systems.com/v3/$(tenant_id)s')).toBe('https://evs.eu-de.otc.t-systems.com');
    expect(vbs('https://gw.backup-api.invalid/cinder/v3')).toBe('https://gw.backup-api.invalid/cinder');
    expect(vbs('https://gw.backup-api.invalid/cinder')).toBe('https://gw.backup-api.invalid/cinder');
    expect(createGeminiDbClient({ endpoint: 'https://h.backup-api.invalid/v3.1/', projectId, auth }).baseUrl).toBe('https://h.backup-api.invalid');
    expect(createCsbsClient({ endpoint: `https://h.backup-api.invalid/v1/${projectId}`, projectId, auth }).baseUrl).toBe('https://h.backup-api.invalid');
  });

  it('http:// is refused unless loopback or allowInsecureHttp', () => {
    expect(() => createCbrClient({ endpoint: 'http://cbr.backup-api.invalid', projectId, auth })).toThrow(/`endpoint` uses http:\/\/.*allowInsecureHttp: true/);
    expect(() => createVbsClient({ endpoint: 'http://10.0.0.5:8776', projectId, auth })).toThrow(TypeError);
    expect(createCbrClient({ endpoint: 'http://cbr.backup-api.invalid', projectId, auth, allowInsecureHttp: true }).baseUrl).toBe('http://cbr.backup-api.invalid');
    for (const host of ['http://127.0.0.1:4010', 'http://localhost:8080', 'http://[::1]:9000', 'http://127.8.9.10']) {
      expect(createCbrClient({ endpoint: host, projectId, auth }).baseUrl).toBe(host);
    }
    expect(() => createCbrClient({ endpoint: 'ftp://cbr.backup-api.invalid', projectId, auth })).toThrow(/must use https/);
    expect(() => createCbrClient({ endpoint: 'http://127.0.0.1.evil.com', projectId, auth })).toThrow(/http:\/\//);
    expect(() => createCbrClient({ endpoint: 'http://localhost.evil.com', projectId, auth })).toThrow(/http:\/\//);
  });

  it('isLoopbackHost', () => {
    expect(['localhost', '127.0.0.1', '[::1]', '::1', 'a.localhost', '127.255.0.1'].every(isLoopbackHost)).toBe(true);
    expect(['localhost.com', '128.0.0.1', '10.0.0.1', '0.0.0.0', 'backup-api.invalid'].some(isLoopbackHost)).toBe(false);
  });

  it('clear errors for region/endpoint mistakes', () => {
    expect(() => createVbsClient({ region: 'eu-de', projectId, auth } as never)).toThrow(/`endpoint` is required/);
    expect(() => createCbrClient({ projectId, auth } as ClientOptions)).toThrow(/`region` .* or `endpoint` .* is required/);
    expect(() => createCbrClient({ region: 'AP_SOUTHEAST_1', projectId, auth })).toThrow(/`region` must be a region name/);
    expect(() => createCbrClient({ region: 'ap-southeast-1', endpoint: 'https://x', projectId, auth })).toThrow(/either `region` or `endpoint`, not both/);
    expect(() => createCbrClient({ endpoint: 'not a url', projectId, auth })).toThrow(/`endpoint` must be an absolute https:\/\/ URL/);
    expect(() => createCbrClient({ endpoint: 'https://u:p@h.backup-api.invalid', projectId, auth })).toThrow(/user info/);
    expect(() => createCbrClient({ endpoint: 'https://h.backup-api.invalid/?x=1', projectId, auth })).toThrow(/query or fragment/);
    expect(() => resolveBaseUrl({ service: 's', endpoint: 'https://h', allowInsecureHttp: 'yes', endpointExample: 'x', versionPrefix: '/v1' })).toThrow(/`allowInsecureHttp` must be a boolean/);
  });
});

describe('option validation', () => {
  const base = { region: 'ap-southeast-1', projectId, auth };
  const cases: [string, unknown, RegExp][] = [
    ['projectId missing', { ...base, projectId: undefined }, /`projectId` is required/],
    ['projectId with a slash', { ...base, projectId: 'a/../b' }, /`projectId`/],
    ['unknown option', { ...base, endPoint: 'https://x' }, /unknown option\(s\) `endPoint`; allowed: region, endpoint/],
    ['auth missing', { ...base, auth: undefined }, /`auth` is required/],
    ['auth empty token', { ...base, auth: { token: '' } }, /`auth.token` must be a non-empty string/],
    ['auth token with newline', { ...base, auth: { token: 'a\nb' } }, /`auth.token`/],
    ['auth both kinds', { ...base, auth: { token: 't', accessKey: 'a', secretKey: 's' } }, /unexpected key\(s\) `accessKey`, `secretKey`/],
    ['auth sk missing', { ...base, auth: { accessKey: 'a' } }, /`auth.secretKey` must be/],
    ['auth unknown shape', { ...base, auth: { password: 'x' } }, /`auth` must be \{ token/],
    ['retry not an object', { ...base, retry: 3 }, /`retry` must be false or an object/],
    ['retry unknown key', { ...base, retry: { tries: 3 } }, /`retry` has unknown key\(s\) `tries`/],
    ['retry attempts 0', { ...base, retry: { attempts: 0 } }, /`retry.attempts` must be an integer from 1 to 10; got 0/],
    ['retry max < base', { ...base, retry: { baseDelayMs: 500, maxDelayMs: 100 } }, /`retry.maxDelayMs` \(100\) must not be smaller than `retry.baseDelayMs` \(500\)/],
    ['timeoutMs 0', { ...base, timeoutMs: 0 }, /`timeoutMs` must be an integer from 1 to 3600000/],
    ['concurrency 17', { ...base, concurrency: 17 }, /`concurrency` must be an integer from 1 to 16; got 17/],
    ['fetch not a function', { ...base, fetch: 'fetch' }, /`fetch` must be a function/],
    ['headers not an object', { ...base, headers: 'x' }, /`headers` must be a plain object/],
    ['header value with newline', { ...base, headers: { 'X-A': 'a\r\nb' } }, /`headers`: the value of header "X-A"/],
    ['options not an object', null, /options must be an object/],
  ];
  it.each(cases)('%s', (_name, options, message) => {
    expect(() => createCbrClient(options as ClientOptions)).toThrow(message);
    expect(() => createCbrClient(options as ClientOptions)).toThrow(TypeError);
  });

  it('vbs takes tokens only', () => {
    expect(() => createVbsClient({ endpoint: 'https://evs.eu-de.otc.t-systems.com', projectId, auth: { accessKey: 'a', secretKey: 's' } } as never)).toThrow(/AK\/SK signing is not supported by this service/);
  });

  it('query values are checked per service', async () => {
    const cbr = createCbrClient({ ...base, fetch: async () => Response.json({ backups: [], count: 0 }) });
    await expect(cbr.listBackups({ limit: 1001 })).rejects.toThrow(/cbr: query parameter `limit` must be an integer from 1 to 1000; got 1001/);
    await expect(cbr.listBackups({ offset: -1 })).rejects.toThrow(/`offset` must be an integer from 0/);
    await expect(cbr.listBackups({ status: [1] as never })).rejects.toThrow(/`status` must be an array of 1 to 8 values, each one of 'available', .*; got an array of 1/);
    await expect(cbr.listBackups({ limit: 1000, offset: 0 })).resolves.toEqual({ backups: [], count: 0 });
    const gem = createGeminiDbClient({ ...base, fetch: async () => Response.json({ backups: [], total_count: 0 }) });
    await expect(gem.listBackups({ begin_time: '2019-05-27 03:38:51', end_time: '2019-05-28T03:38:51+0000' })).rejects.toThrow(/`begin_time` must be a string of at most 40 characters matching \/\^\\d\{4\}/);
    await expect(gem.listBackups({ begin_time: '2019-02-30T03:38:51+0000', end_time: '2019-05-28T03:38:51+0000' })).rejects.toThrow(/not a valid date-time/);
    const vbs = createVbsClient({ endpoint: 'https://evs.eu-de.otc.t-systems.com', projectId, auth, fetch: async () => Response.json({ backups: [] }) });
    await expect(vbs.listBackups({ limit: 0 })).resolves.toEqual({ backups: [] });
    await expect(vbs.listBackups({ with_count: 'maybe' as never })).rejects.toThrow(/`with_count` must be a boolean/);
    await expect(cbr.listBackups({}, { signal: 'x' as never })).rejects.toThrow(/`signal` must be an AbortSignal/);
  });
});

describe('vbs microversion selection', () => {
  const v = (query: string) => requiredMicroversion(new URLSearchParams(query));
  it('lowest version the parameters need', () => {
    expect(v('')).toBeUndefined();
    expect(v('limit=5&name=x&status=available&sort=created_at:desc')).toBeUndefined();
    expect(v('name~=x')).toBe('volume 3.34');
    expect(v('volume_id%7E=x')).toBe('volume 3.34');
    expect(v('sort=name:asc')).toBe('volume 3.37');
    expect(v('sort=created_at,name')).toBe('volume 3.37');
    expect(v('sort_key=name')).toBe('volume 3.37');
    expect(v('sort=display_name')).toBeUndefined();
    expect(v('with_count=false')).toBe('volume 3.45');
    expect(v('name~=x&sort=name&with_count=true')).toBe('volume 3.45');
  });

  it('the client sends it only when needed', async () => {
    const sent: Request[] = [];
    const vbs = createVbsClient({
      endpoint: 'https://evs.eu-de.otc.t-systems.com',
      projectId,
      auth,
      fetch: async (req) => {
        sent.push(req);
        return Response.json({ backups: [] });
      },
    });
    await vbs.listBackups({ limit: 1 });
    await vbs.listBackups({ 'status~': 'avail' });
    await vbs.listBackups({ sort: 'name:asc' });
    await vbs.api.GET('/v3/{project_id}/backups', { params: { path: { project_id: projectId }, query: { with_count: true } } });
    expect(sent.map((r) => r.headers.get('openstack-api-version'))).toEqual([null, 'volume 3.34', 'volume 3.37', 'volume 3.45']);
    expect(sent.every((r) => r.headers.get('x-auth-token') === 'token-0123')).toBe(true);
  });
});
