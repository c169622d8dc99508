// `npm start -- --stateful` runs each fake behind a validating Prism proxy (scripts/lib/prism.mjs,
// errors on). A request that breaks the description must get the service's own documented error
// body, as from the real service and the static mock, never Prism's 422 problem+json (which
// python-cinderclient cannot read); the `sl-violations` header still says what was wrong, and the
// fake never sees the request. A deprecated parameter (vbs `sort_key`/`sort_dir`) is only a
// warning: the request reaches the fake, which honours it like Cinder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFake, type Fake } from '../fakes/index.js';
import { API_IDS } from '../support/apis.js';
import { startPrismMock, type RunningServer } from '../support/prism.js';
import { responseSchema, validateAgainst } from '../support/schema.js';

const TOKEN = 'stateful-errors-token';

/** Per API: invalid requests (query string, the parameter named in sl-violations) and the error body's mark. */
const CASES: Record<string, { invalid: [string, string][]; body: (b: any) => unknown }> = {
  cbr: { invalid: [['?status=bogus', 'status'], ['?limit=5000', 'limit']], body: (b) => b.error_code?.startsWith('BackupService.') },
  geminidb: { invalid: [['?limit=500', 'limit'], ['?datastore_type=oracle', 'datastore_type']], body: (b) => b.error_code?.startsWith('DBS.') },
  csbs: { invalid: [['?limit=abc', 'limit'], ['?status=bogus', 'status']], body: (b) => b.error_code?.startsWith('CSBS.') || b.error_code?.startsWith('BackupService.') },
  vbs: { invalid: [['?with_count=maybe', 'with_count'], ['?sort_dir=sideways', 'sort_dir'], ['?limit=-1', 'limit']], body: (b) => b.badRequest?.code === 400 },
};

describe.each(API_IDS)('%s stateful proxy answers invalid requests like the service', (api) => {
  let fake: Fake;
  let proxy: RunningServer;
  beforeAll(async () => {
    fake = await startFake(api as any, { count: 40, seed: `stateful-errors-${api}` });
    proxy = await startPrismMock(api, { upstream: fake.url, errors: true });
  });
  afterAll(async () => {
    await proxy?.close();
    await fake?.close();
  });

  it.each(CASES[api]!.invalid)('%s → the documented 400 body, sl-violations names the parameter, the fake is not asked', async (query, param) => {
    const before = fake.requests.length;
    const res = await fetch(`${proxy.url}${fake.path}${query}`, { headers: { 'X-Auth-Token': TOKEN } });
    const text = await res.text();
    expect(res.status, text).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = JSON.parse(text);
    expect(CASES[api]!.body(body), text).toBeTruthy();
    expect(validateAgainst(api, responseSchema(api, '400'), body).errors).toEqual([]);
    const violations = JSON.parse(res.headers.get('sl-violations') ?? '[]');
    expect(violations.some((v: any) => v.severity === 'Error' && v.location?.includes(param)), res.headers.get('sl-violations') ?? '').toBe(true);
    expect(fake.requests.length).toBe(before);
  });

  it('no token → the documented 401 body', async () => {
    const res = await fetch(`${proxy.url}${fake.path}`);
    expect(res.status).toBe(401);
    expect(validateAgainst(api, responseSchema(api, '401'), await res.json()).errors).toEqual([]);
  });
});

describe('vbs stateful proxy: deprecated sort_key/sort_dir work as on Cinder', () => {
  let fake: Fake;
  let proxy: RunningServer;
  beforeAll(async () => {
    fake = await startFake('vbs', { count: 40, seed: 'stateful-sort-key' });
    proxy = await startPrismMock('vbs', { upstream: fake.url, errors: true });
  });
  afterAll(async () => {
    await proxy?.close();
    await fake?.close();
  });

  it.each([['asc'], ['desc']])('sort_key=id&sort_dir=%s → 200 from the fake, sorted, with only deprecation warnings', async (dir) => {
    const before = fake.requests.length;
    const res = await fetch(`${proxy.url}${fake.path}?sort_key=id&sort_dir=${dir}&limit=40`, { headers: { 'X-Auth-Token': TOKEN } });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(fake.requests.length).toBe(before + 1);
    const ids: string[] = body.backups.map((b: any) => b.id);
    expect(ids).toHaveLength(40);
    const sorted = [...ids].sort();
    expect(ids).toEqual(dir === 'asc' ? sorted : sorted.reverse());
    const violations = JSON.parse(res.headers.get('sl-violations') ?? '[]');
    expect(violations.map((v: any) => [v.severity, v.code])).toEqual([['Warning', 'deprecated'], ['Warning', 'deprecated']]);
  });

  it('sort_key together with sort → the fake\'s own 400, as Cinder answers', async () => {
    const res = await fetch(`${proxy.url}${fake.path}?sort_key=id&sort=created_at:desc`, { headers: { 'X-Auth-Token': TOKEN } });
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.badRequest.message).toMatch(/sort_key.*deprecated/);
  });
});
