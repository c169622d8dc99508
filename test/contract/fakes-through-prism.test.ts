// Every answer of the stateful fakes is checked against the spec: each fake runs behind Prism in
// proxy mode with errors on (a response that violates the bundle becomes a 500), and a walk over
// all pages of ≥ 250 backups must see only 200s, no `sl-violations` header, bodies that validate
// with Ajv too, and every stored backup exactly once — with each paging style the service has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFake, type Fake } from '../fakes/index.js';
import { API_IDS, loadBundle } from '../support/apis.js';
import { startPrismMock, type RunningServer } from '../support/prism.js';
import { listOperation, responseSchema, validateAgainst } from '../support/schema.js';

const COUNT = 260;
const TOKEN = 'fake-token';

interface Walk {
  name: string;
  /** Returns the ids seen, in order, requesting pages through `get`. */
  run(get: (pathAndQuery: string, headers?: Record<string, string>) => Promise<any>, fake: Fake): Promise<string[]>;
  /** The ids this walk must see (default: all items). */
  expected?(fake: Fake): string[];
}

interface FakeErrorRequest {
  query: string;
  headers?: Record<string, string>;
}
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';
/** Requests the spec accepts but the fake refuses, with the status it must answer. */
const FAKE_ERRORS: Record<string, [string, FakeErrorRequest, number][]> = {
  cbr: [['an unknown marker', { query: `?marker=${UNKNOWN_UUID}` }, 400]],
  geminidb: [
    ['begin_time without end_time', { query: '?begin_time=2019-05-27T03:38:51%2B0000' }, 400],
    ['begin_time after end_time', { query: '?begin_time=2019-05-28T03:38:51%2B0000&end_time=2019-05-27T03:38:51%2B0000' }, 400],
  ],
  csbs: [['an unknown marker', { query: `?marker=${UNKNOWN_UUID}` }, 404]],
  vbs: [
    ['an unknown marker', { query: `?marker=${UNKNOWN_UUID}` }, 404],
    ['an unsupported microversion', { query: '', headers: { 'OpenStack-API-Version': 'volume 3.99' } }, 406],
    ['an unknown sort key', { query: '?sort=flavour' }, 400],
    ['name~ at 3.31', { query: '?name~=daily', headers: { 'OpenStack-API-Version': 'volume 3.31' } }, 400],
    ['with_count at 3.44', { query: '?with_count=true', headers: { 'OpenStack-API-Version': 'volume 3.44' } }, 400],
  ],
};

const idsOf = (list: any[]) => list.map((item) => item.id as string);

const WALKS: Record<string, Walk[]> = {
  cbr: [
    {
      name: 'offset/limit',
      async run(get, fake) {
        const seen: string[] = [];
        for (let offset = 0; ; offset += 100) {
          const page = await get(`${fake.path}?limit=100&offset=${offset}`);
          expect(page.count).toBe(fake.items.length);
          expect([page.offset, page.limit]).toEqual([offset, 100]);
          seen.push(...idsOf(page.backups));
          if (offset + 100 >= page.count) return seen;
        }
      },
    },
    {
      name: 'marker/limit, sorted by name',
      async run(get, fake) {
        const seen: string[] = [];
        let marker = '';
        for (;;) {
          const page = await get(`${fake.path}?limit=70&sort=name:asc${marker ? `&marker=${marker}` : ''}`);
          seen.push(...idsOf(page.backups));
          if (page.backups.length < 70) return seen;
          marker = page.backups.at(-1).id;
        }
      },
    },
  ],
  geminidb: ['Instance', 'DatabaseTable'].map((type) => ({
    name: `offset/limit, type=${type}`,
    async run(get, fake) {
      const seen: string[] = [];
      for (let offset = 0; ; offset += 25) {
        const page = await get(`${fake.path}?type=${type}&limit=25&offset=${offset}`);
        expect(page.total_count).toBe(this.expected?.(fake).length);
        seen.push(...idsOf(page.backups));
        if (offset + 25 >= page.total_count) return seen;
      }
    },
    expected: (fake) => idsOf(fake.items.filter((b) => Array.isArray(b.database_tables) === (type === 'DatabaseTable'))),
  })),
  csbs: [
    {
      name: 'marker/limit',
      async run(get, fake) {
        const seen: string[] = [];
        let marker = '';
        for (;;) {
          const page = await get(`${fake.path}?limit=100${marker ? `&marker=${marker}` : ''}`);
          seen.push(...idsOf(page.checkpoint_items));
          if (page.checkpoint_items.length < 100) return seen;
          marker = page.checkpoint_items.at(-1).id;
        }
      },
    },
  ],
  vbs: [false, true].map((withCount) => ({
    name: `backups_links next links${withCount ? ', with_count=true at 3.45' : ''}`,
    async run(get, fake) {
      const seen: string[] = [];
      const headers: Record<string, string> = withCount ? { 'OpenStack-API-Version': 'volume 3.45' } : {};
      let next: string | undefined = `${fake.path}?limit=100${withCount ? '&with_count=true' : ''}`;
      while (next) {
        const page = await get(next, headers);
        if (withCount) expect(page.count).toBe(fake.items.length);
        else expect(page.count).toBeUndefined();
        seen.push(...idsOf(page.backups));
        const href: string | undefined = page.backups_links?.find((l: any) => l.rel === 'next')?.href;
        if (href) {
          // The fake builds links from its own origin; keep going through the proxy.
          const url = new URL(href);
          expect(url.origin).toBe(fake.url);
          expect(url.searchParams.get('marker')).toBe(page.backups.at(-1).id);
          next = `${url.pathname}${url.search}`;
        } else next = undefined;
      }
      return seen;
    },
  })),
};

describe.each(API_IDS)('%s fake behind a validating Prism proxy', (api) => {
  let fake: Fake;
  let proxy: RunningServer;
  let requests = 0;

  beforeAll(async () => {
    fake = await startFake(api as any, { count: COUNT, seed: `proxy-${api}` });
    proxy = await startPrismMock(api, { upstream: fake.url, errors: true });
  });
  afterAll(async () => {
    await proxy?.close();
    await fake?.close();
  });

  const get = async (pathAndQuery: string, headers: Record<string, string> = {}) => {
    requests++;
    const res = await fetch(`${proxy.url}${pathAndQuery}`, { headers: { 'X-Auth-Token': TOKEN, ...headers } });
    const text = await res.text();
    expect(res.headers.get('sl-violations'), `${pathAndQuery}: ${res.headers.get('sl-violations')}`).toBeNull();
    expect(res.status, `${pathAndQuery}: ${text.slice(0, 2000)}`).toBe(200);
    const body = JSON.parse(text);
    expect(validateAgainst(api, responseSchema(api, '200'), body).errors).toEqual([]);
    return body;
  };

  it('has at least one walk defined', () => {
    expect(WALKS[api]?.length ?? 0).toBeGreaterThan(0);
  });

  it('the proxy does catch a response that breaks the spec (so 0 violations means something)', async () => {
    fake.failNext({ status: 200, body: { backups: 'not a list', checkpoint_items: 'not a list' } });
    const res = await fetch(`${proxy.url}${fake.path}`, { headers: { 'X-Auth-Token': TOKEN } });
    const text = await res.text();
    expect(res.status, text).toBe(500);
    expect(text).toContain('VIOLATIONS');
  });

  it.each((WALKS[api] ?? []).map((w) => [w.name, w] as const))('walk (%s) sees every backup exactly once, 0 violations', async (_, walk) => {
    const before = requests;
    const seen = await walk.run(get, fake);
    const expected = walk.expected ? walk.expected(fake) : idsOf([...fake.items]);
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
    expect(requests - before).toBeGreaterThan(1);
  });

  it('the walks together cover all backups', async () => {
    const covered = new Set((WALKS[api] ?? []).flatMap((w) => (w.expected ? w.expected(fake) : idsOf([...fake.items]))));
    expect(covered.size).toBe(fake.items.length);
    expect(fake.items.length).toBeGreaterThanOrEqual(250);
  });

  it.each(FAKE_ERRORS[api] ?? [])('the fake answers %s with a documented error, 0 violations', async (_, request, status) => {
    const before = fake.requests.length;
    const res = await fetch(`${proxy.url}${fake.path}${request.query}`, { headers: { 'X-Auth-Token': TOKEN, ...request.headers } });
    const text = await res.text();
    expect(fake.requests.length, 'the fake answered, not Prism').toBe(before + 1);
    expect(res.headers.get('sl-violations'), text).toBeNull();
    expect(res.status, text).toBe(status);
    expect(validateAgainst(api, responseSchema(api, String(status)), JSON.parse(text)).errors).toEqual([]);
  });

  it('every documented error status, injected into the fake with errorReply, passes the proxy', async () => {
    const statuses = Object.keys(listOperation(loadBundle(api)).responses).filter((s) => /^[45]\d\d$/.test(s) && s !== '401');
    expect(statuses.length).toBeGreaterThan(0);
    for (const status of statuses) {
      fake.failNext(fake.errorReply(Number(status)));
      const res = await fetch(`${proxy.url}${fake.path}`, { headers: { 'X-Auth-Token': TOKEN } });
      const text = await res.text();
      expect(res.headers.get('sl-violations'), `${status}: ${text}`).toBeNull();
      expect(res.status, text).toBe(Number(status));
      expect(validateAgainst(api, responseSchema(api, status), JSON.parse(text)).errors).toEqual([]);
    }
  });

  it('a 502 or 504 (what a gateway or load balancer sends) passes the proxy through the `default` response', async () => {
    for (const status of [502, 504]) {
      fake.failNext(fake.errorReply(status));
      const res = await fetch(`${proxy.url}${fake.path}`, { headers: { 'X-Auth-Token': TOKEN } });
      const text = await res.text();
      expect(res.headers.get('sl-violations'), `${status}: ${text}`).toBeNull();
      expect(res.status, text).toBe(status);
      expect(validateAgainst(api, responseSchema(api, 'default'), JSON.parse(text)).errors).toEqual([]);
    }
  });

  it('without a token the fake answers the documented 401 (and so does Prism in front of it)', async () => {
    const direct = await fetch(fake.listUrl);
    expect(direct.status).toBe(401);
    expect(validateAgainst(api, responseSchema(api, '401'), await direct.json()).errors).toEqual([]);
    const before = fake.requests.length;
    const proxied = await fetch(`${proxy.url}${fake.path}`);
    expect(proxied.status).toBe(401);
    expect(fake.requests.length).toBe(before); // Prism's security check answered
  });
});
