// Unit tests of the stateful fakes themselves (paging, filters, sort, errors, faults), talking to
// them directly. That their answers match the spec is checked through Prism in
// test/contract/fakes-through-prism.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_APIS, startFake, type Fake, type FakeApi } from './index.js';

const AUTH = { 'X-Auth-Token': 'unit' };

async function get(fake: Fake, query = '', headers: Record<string, string> = {}) {
  const res = await fetch(`${fake.listUrl}${query}`, { headers: { ...AUTH, ...headers } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const ids = (list: any[]) => list.map((b) => b.id as string);
const listKey = (api: FakeApi) => (api === 'csbs' ? 'checkpoint_items' : 'backups');

describe.each(FAKE_APIS)('%s fake: common behaviour', (api) => {
  let fake: Fake;
  beforeAll(async () => {
    fake = await startFake(api, { count: 40, seed: 'unit' });
  });
  afterAll(() => fake.close());

  it('generates the same data for the same seed, other data for another seed', async () => {
    const again = await startFake(api, { count: 40, seed: 'unit' });
    const other = await startFake(api, { count: 40, seed: 'other' });
    try {
      expect(again.items).toEqual(fake.items);
      expect(ids([...other.items])).not.toEqual(ids([...fake.items]));
      expect(new Set(ids([...fake.items])).size).toBe(40);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('answers 401 with the service body without a token, and logs requests', async () => {
    const res = await fetch(fake.listUrl);
    const body: any = await res.json();
    expect(res.status).toBe(401);
    if (api === 'vbs') expect(body.error).toMatchObject({ code: 401, title: 'Unauthorized' });
    else {
      expect(body).toMatchObject({ error_code: 'APIGW.0301', request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
      expect(res.headers.get('x-request-id')).toBe(body.request_id);
    }
    expect(fake.requests.at(-1)?.url.pathname).toBe(fake.path);
  });

  it('checks a configured token', async () => {
    const strict = await startFake(api, { count: 3, token: 'right' });
    try {
      expect((await fetch(strict.listUrl, { headers: { 'X-Auth-Token': 'wrong' } })).status).toBe(401);
      expect((await fetch(strict.listUrl, { headers: { 'X-Auth-Token': 'right' } })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('answers a bad limit with the service 400 body', async () => {
    const { status, body } = await get(fake, '?limit=abc');
    expect(status).toBe(400);
    if (api === 'vbs') expect(body).toEqual({ badRequest: { code: 400, message: 'limit param must be an integer' } });
    else expect(body.error_code).toMatch(/^(BackupService\.9900|DBS\.200001|CSBS\.9001)$/);
  });

  it('injects faults: failNext, errorReply and the fault hook', async () => {
    fake.failNext(fake.errorReply(503), 2);
    expect((await get(fake)).status).toBe(503);
    expect((await get(fake)).status).toBe(503);
    expect((await get(fake)).status).toBe(200);
    const hooked = await startFake(api, { count: 3, fault: (r) => (r.n === 1 ? { status: 429, body: { x: 1 }, headers: { 'Retry-After': '1' } } : undefined) });
    try {
      const first = await fetch(hooked.listUrl, { headers: AUTH });
      expect([first.status, first.headers.get('retry-after')]).toEqual([429, '1']);
      expect((await fetch(hooked.listUrl, { headers: AUTH })).status).toBe(200);
    } finally {
      await hooked.close();
    }
    fake.failNext({ status: 200, destroy: true });
    await expect(fetch(fake.listUrl, { headers: AUTH })).rejects.toThrow();
  });

  it('serves only its list path', async () => {
    const res = await fetch(`${fake.url}/v9/nothing`, { headers: AUTH });
    expect(res.status).toBe(404);
  });

  it(`a limit of 7 gives pages of 7 in a stable order`, async () => {
    const all = await get(fake, api === 'geminidb' ? '?limit=100&type=Instance' : '');
    const page = await get(fake, api === 'geminidb' ? '?limit=7&type=Instance' : '?limit=7');
    expect(page.body[listKey(api)]).toHaveLength(7);
    expect(ids(page.body[listKey(api)])).toEqual(ids(all.body[listKey(api)]).slice(0, 7));
  });
});

describe('cbr fake', () => {
  let fake: Fake<any>;
  beforeAll(async () => {
    fake = await startFake('cbr', { count: 120, seed: 5 });
  });
  afterAll(() => fake.close());

  it('pages with offset/limit, echoes them and counts all matches', async () => {
    const { body } = await get(fake, '?offset=100&limit=50');
    expect(body).toMatchObject({ count: 120, offset: 100, limit: 50 });
    expect(body.backups).toHaveLength(20);
    expect((await get(fake)).body).toMatchObject({ count: 120, offset: 0, limit: 1000 });
  });

  it('pages with a marker', async () => {
    const first = (await get(fake, '?limit=10')).body.backups;
    const next = (await get(fake, `?limit=10&marker=${first[9].id}`)).body.backups;
    const both = (await get(fake, '?limit=20')).body.backups;
    expect(ids([...first, ...next])).toEqual(ids(both));
    expect((await get(fake, '?marker=nope')).status).toBe(400);
  });

  it('filters by repeated status, fuzzy name, resource id and time range; sorts', async () => {
    const statuses = (await get(fake, '?status=available&status=error')).body.backups.map((b: any) => b.status);
    expect(new Set(statuses)).toEqual(new Set(fake.items.filter((b) => ['available', 'error'].includes(b.status)).map((b) => b.status)));
    expect(statuses.length).toBe(fake.items.filter((b) => ['available', 'error'].includes(b.status)).length);
    const fragment = fake.items[3].name.slice(-6).toUpperCase();
    const named = (await get(fake, `?name=${fragment}`)).body;
    expect(named.count).toBeGreaterThan(0);
    for (const b of named.backups) expect(b.name.toLowerCase()).toContain(fragment.toLowerCase());
    const resource = fake.items[0].resource_id;
    expect((await get(fake, `?resource_id=${resource}`)).body.count).toBe(fake.items.filter((b) => b.resource_id === resource).length);
    const window = (await get(fake, '?start_time=2025-03-20T00:00:00Z&end_time=2025-03-22T00:00:00Z')).body;
    expect(window.count).toBe(fake.items.filter((b) => b.created_at >= '2025-03-20T00:00:00' && b.created_at <= '2025-03-22T00:00:00').length);
    const byName = (await get(fake, '?sort=name:asc&limit=1000')).body.backups.map((b: any) => b.name);
    expect(byName).toEqual([...byName].sort());
    expect((await get(fake, '?sort=size')).status).toBe(400);
    expect((await get(fake, '?status=sleeping')).body.error_code).toBe('BackupService.9900');
    expect((await get(fake, '?start_time=yesterday')).status).toBe(400);
  });

  it('has real-shaped items: zone-less timestamps, nulls, undocumented fields', () => {
    const b = fake.items[0];
    expect(b.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(b).toHaveProperty('version', 3);
    expect(b).toHaveProperty('scheduled_operation_id', null);
    expect(fake.items.some((x) => x.description === null && x.expired_at === null)).toBe(true);
  });
});

describe('geminidb fake', () => {
  let fake: Fake<any>;
  beforeAll(async () => {
    fake = await startFake('geminidb', { count: 150, seed: 9 });
  });
  afterAll(() => fake.close());

  const instanceLevel = () => fake.items.filter((b) => !b.database_tables);

  it('pages with offset and limit ≤ 100, total_count = matches, newest first', async () => {
    const { body } = await get(fake, '?limit=100');
    expect(body.total_count).toBe(instanceLevel().length);
    expect(body.backups.length).toBe(Math.min(100, instanceLevel().length));
    const times = body.backups.map((b: any) => Date.parse(b.begin_time.replace('+0000', 'Z')));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect((await get(fake, '?limit=101')).body.error_code).toBe('DBS.200001');
    expect((await get(fake, '?offset=1000')).body.backups).toEqual([]);
  });

  it('filters by type, instance, datastore, backup_type and a +0000 time range (raw + tolerated)', async () => {
    const tables = (await get(fake, '?type=DatabaseTable&limit=100')).body;
    expect(tables.total_count).toBe(fake.items.length - instanceLevel().length);
    for (const b of tables.backups) expect(b.database_tables.length).toBeGreaterThan(0);
    const instance = instanceLevel()[0].instance_id;
    expect((await get(fake, `?instance_id=${instance}&limit=100`)).body.total_count).toBe(instanceLevel().filter((b) => b.instance_id === instance).length);
    expect((await get(fake, '?backup_type=Auto&limit=100')).body.backups.every((b: any) => b.type === 'Auto')).toBe(true);
    expect((await get(fake, '?datastore_type=redis&limit=100')).body.backups.every((b: any) => b.datastore.type === 'redis')).toBe(true);
    const range = '?begin_time=2025-03-20T00:00:00%2B0000&end_time=2025-03-22T00:00:00%2B0000&limit=100';
    const expected = instanceLevel().filter((b) => b.begin_time >= '2025-03-20T00:00:00' && b.begin_time <= '2025-03-22T00:00:00').length;
    expect((await get(fake, range)).body.total_count).toBe(expected);
    expect((await get(fake, range.replace(/%2B/g, '+'))).body.total_count).toBe(expected);
    expect((await get(fake, '?begin_time=2025-03-20T00:00:00%2B0000')).body.error_code).toBe('DBS.201215');
    expect((await get(fake, '?begin_time=2025-03-20&end_time=2025-03-21')).body.error_code).toBe('DBS.201215');
  });
});

describe('csbs fake', () => {
  let fake: Fake<any>;
  beforeAll(async () => {
    fake = await startFake('csbs', { count: 60, seed: 2 });
  });
  afterAll(() => fake.close());

  it('pages with marker/limit and offset, without a count', async () => {
    const first = (await get(fake, '?limit=25')).body;
    expect(Object.keys(first)).toEqual(['checkpoint_items']);
    const second = (await get(fake, `?limit=25&marker=${first.checkpoint_items[24].id}`)).body.checkpoint_items;
    const byOffset = (await get(fake, '?limit=25&offset=25')).body.checkpoint_items;
    expect(ids(second)).toEqual(ids(byOffset));
    const missing = await get(fake, '?marker=00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error_code: 'CSBS.3001', error_msg: 'Checkpoint_item (00000000-0000-4000-8000-000000000000) is not found.' });
  });

  it('filters by status (single), fuzzy name, resource id, time range', async () => {
    expect((await get(fake, '?status=available')).body.checkpoint_items.every((c: any) => c.status === 'available')).toBe(true);
    expect((await get(fake, '?status=available&status=error')).status).toBe(400);
    const fragment = fake.items[5].name.slice(7, 11).toUpperCase();
    const named = (await get(fake, `?name=${fragment}`)).body.checkpoint_items;
    expect(named.length).toBe(fake.items.filter((c) => c.name.toLowerCase().includes(fragment.toLowerCase())).length);
    const resource = fake.items[0].resource_id;
    expect((await get(fake, `?resource_id=${resource}`)).body.checkpoint_items.length).toBe(fake.items.filter((c) => c.resource_id === resource).length);
    const window = (await get(fake, '?start_time=2025-03-20T00:00:00&end_time=2025-03-22T00:00:00.5')).body.checkpoint_items;
    expect(window.length).toBe(fake.items.filter((c) => c.created_at >= '2025-03-20T00:00:00' && c.created_at <= '2025-03-22T00:00:00.5').length);
  });
});

describe('vbs fake', () => {
  let fake: Fake<any>;
  beforeAll(async () => {
    fake = await startFake('vbs', { count: 30, seed: 4 });
  });
  afterAll(() => fake.close());
  const v = (version: string) => ({ 'OpenStack-API-Version': `volume ${version}` });

  it('shows summaries with self/bookmark links from the request origin and echoes the microversion', async () => {
    const { body, headers } = await get(fake, '?limit=2', { 'X-Forwarded-Host': 'evs.example.test', 'X-Forwarded-Proto': 'https' });
    expect(Object.keys(body.backups[0]).sort()).toEqual(['id', 'links', 'name']);
    expect(body.backups[0].links[0].href).toBe(`https://evs.example.test/v3/${fake.projectId}/backups/${body.backups[0].id}`);
    expect(body.backups[0].links[1].href).toBe(`https://evs.example.test/${fake.projectId}/backups/${body.backups[0].id}`);
    expect(headers.get('openstack-api-version')).toBe('volume 3.0');
    expect(headers.get('x-openstack-request-id')).toMatch(/^req-/);
  });

  it('emits next links while pages are full, keeping every parameter', async () => {
    const { body } = await get(fake, '?limit=10&offset=0&status=available');
    const matches = fake.items.filter((b) => b.status === 'available').length;
    const href = new URL(body.backups_links[0].href);
    expect(href.origin).toBe(fake.url);
    expect([...href.searchParams.keys()]).toEqual(['limit', 'offset', 'status', 'marker']);
    expect(href.searchParams.get('marker')).toBe(body.backups.at(-1).id);
    const last = await get(fake, `?limit=${matches}&status=available`);
    expect(last.body.backups_links).toHaveLength(1); // a full last page still has a link…
    const after = await get(fake, `?limit=${matches}&status=available&marker=${last.body.backups.at(-1).id}`);
    expect(after.body).toEqual({ backups: [] }); // …followed by an empty page without one
  });

  it('with_count needs 3.45; then every non-empty page has a link and count is the total', async () => {
    expect((await get(fake, '?with_count=true')).body.count).toBeUndefined();
    expect((await get(fake, '?with_count=true', v('3.44'))).status).toBe(400);
    const { body } = await get(fake, '?with_count=true&limit=20&offset=20', v('3.45'));
    expect(body.count).toBe(30);
    expect(body.backups).toHaveLength(10);
    expect(body.backups_links).toHaveLength(1);
  });

  it('name is exact, name~ a substring (3.34+, ignored below 3.31, 400 from 3.31 to 3.33)', async () => {
    const named = fake.items.find((b) => b.name !== null);
    expect(ids((await get(fake, `?name=${named.name}`)).body.backups)).toEqual([named.id]);
    expect((await get(fake, `?name=${named.name.slice(0, -1)}`)).body.backups).toEqual([]);
    const part = 'daily-';
    const like = (await get(fake, `?name~=${part}`, v('3.34'))).body.backups;
    expect(like.length).toBe(fake.items.filter((b) => b.name?.includes(part)).length);
    expect((await get(fake, `?name~=${part}`)).body.backups).toHaveLength(30);
    expect((await get(fake, `?name~=${part}`, v('3.33'))).body.badRequest.message).toBe('Invalid filters name~ are found in query options.');
    const volume = fake.items[0].volume_id;
    expect((await get(fake, `?volume_id=${volume}`)).body.backups.length).toBe(fake.items.filter((b) => b.volume_id === volume).length);
  });

  it('sorts, and rejects bad sorts and microversions like Cinder', async () => {
    const bySize = ids((await get(fake, '?sort=size:asc,id:asc')).body.backups);
    expect(bySize).toEqual(ids([...fake.items].sort((a, b) => a.size - b.size || (a.id < b.id ? -1 : 1))));
    expect((await get(fake, '?sort=name')).status).toBe(400);
    expect((await get(fake, '?sort=name', v('3.37'))).status).toBe(200);
    expect((await get(fake, '?sort=created_at&sort_key=id')).body.badRequest.message).toContain('cannot be used with');
    expect((await get(fake, '?sort_dir=up')).status).toBe(400);
    const unsupported = await get(fake, '', v('3.99'));
    expect([unsupported.status, Object.keys(unsupported.body)]).toEqual([406, ['computeFault']]);
    expect((await get(fake, '', v('3'))).status).toBe(400);
    expect((await get(fake, '', v('latest'))).headers.get('openstack-api-version')).toBe('volume 3.71');
    expect((await get(fake, '?marker=00000000-0000-4000-8000-000000000000')).body.itemNotFound.code).toBe(404);
    expect((await get(fake, '?limit=-1')).body.badRequest.message).toBe('limit param must be positive');
    expect((await get(fake, '?bogus=1', v('3.31'))).status).toBe(400);
    expect((await get(fake, '?bogus=1')).status).toBe(200);
  });

  it('clamps limit to maxLimit', async () => {
    const small = await startFake('vbs', { count: 12, maxLimit: 5 });
    try {
      const { body } = await get(small, '?limit=100');
      expect(body.backups).toHaveLength(5);
      expect(body.backups_links).toHaveLength(1);
    } finally {
      await small.close();
    }
  });
});
