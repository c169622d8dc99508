// iterateBackups against the stateful fakes: every item exactly once for several page sizes (all
// four services), concurrency keeps the order, items inserted or deleted during the walk neither
// duplicate nor drop a surviving item, the resume cursor continues exactly, vbs next links to
// another origin are never requested, `with_count` and the first-page-only `offset`.
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createRng } from '../fakes/core.js';
import { nextMarkerFromLinks } from '../../src/core/paging.js';
import { ApiError, type ClientOptions } from '../../src/index.js';
import type { Fake, FakeApi, FakeOptions } from '../fakes/index.js';
import { listenerWarnings, warningsDuring } from '../support/warnings.js';
import { clientFor, ids, insertNewest, insertNextTo, referenceIds, removeItem, useFakes } from '../support/clients.js';

const running = useFakes();
const fakeOf = (api: FakeApi, options: FakeOptions = {}): Promise<Fake> => running.start(api, { tableBackupRatio: 0, ...options }) as Promise<Fake>;
const clientOf = (api: FakeApi, fake: Fake, extra: Partial<ClientOptions> = {}) => clientFor(api, fake, extra);
const referenceOrder = (api: FakeApi, fake: Fake) => referenceIds(api, fake);

const LIMITS: Record<FakeApi, number[]> = {
  cbr: [1, 2, 3, 7, 10, 33, 100, 1000],
  geminidb: [1, 2, 5, 10, 33, 100],
  csbs: [1, 2, 3, 7, 10, 33, 100, 1000],
  vbs: [1, 2, 3, 7, 10, 33, 100, 1000],
};

describe.each(['cbr', 'geminidb', 'csbs', 'vbs'] as const)('%s: every item exactly once, in order', (api) => {
  it.each([0, 1, 100, 237])('with %i items, for every page size', async (count) => {
    const fake = await fakeOf(api, { count, seed: `exact-${count}` });
    const client = clientOf(api, fake);
    const expected = await referenceOrder(api, fake);
    expect(expected).toHaveLength(count);
    for (const limit of LIMITS[api]) {
      const got = await ids(client.iterateBackups({ limit }));
      expect(got, `limit ${limit}`).toEqual(expected);
    }
    // and without a limit (the service default page size)
    expect(await ids(client.iterateBackups())).toEqual(expected);
  });
});

describe('offset paging (cbr, geminidb)', () => {
  it('requests later pages concurrently once the total is known, yields them in order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const rng = createRng('delays');
    const fake = await fakeOf('cbr', {
      count: 300,
      fault: async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 5 + Math.floor(rng() * 40)));
        inFlight--;
        return undefined;
      },
    });
    const expected = await referenceOrder('cbr', fake);
    const client = clientOf('cbr', fake, { concurrency: 6 });
    maxInFlight = 0;
    expect(await ids(client.iterateBackups({ limit: 20 }))).toEqual(expected);
    expect(maxInFlight).toBeGreaterThanOrEqual(4);
    maxInFlight = 0;
    expect(await ids(client.iterateBackups({ limit: 20 }, { concurrency: 1 }))).toEqual(expected);
    expect(maxInFlight).toBe(1);
  });

  it('pages overlap by one item and the first page keeps the caller’s offset', async () => {
    const fake = await fakeOf('cbr', { count: 30 });
    const expected = await referenceOrder('cbr', fake);
    const client = clientOf('cbr', fake, { concurrency: 1 });
    const before = fake.requests.length;
    expect(await ids(client.iterateBackups({ limit: 10, offset: 4 }))).toEqual(expected.slice(4));
    const offsets = fake.requests.slice(before).map((r) => r.url.searchParams.get('offset'));
    expect(offsets).toEqual(['4', '13', '22']); // 4..13, 13..22, 22..29 (short: done)
  });

  for (const api of ['cbr', 'geminidb'] as const) {
    for (const concurrency of [1, 4]) {
      it(`${api}, concurrency ${concurrency}: backups created during the walk shift offsets; no duplicates, no gaps`, async () => {
        const created: string[] = [];
        let n = 0;
        let active = false;
        const fake: Fake = await fakeOf(api, {
          count: 120,
          fault: () => {
            // before every request of the walk but the first: two new backups at the front
            if (active && n++ > 0) for (let i = 0; i < 2; i++) created.push(insertNewest(api, fake));
            return undefined;
          },
        });
        const original = await referenceOrder(api, fake);
        active = true;
        const got = await ids(clientOf(api, fake, { concurrency }).iterateBackups({ limit: 10 }));
        expect(new Set(got).size).toBe(got.length);
        expect(got.filter((id) => !created.includes(id))).toEqual(original);
      });

      it(`${api}, concurrency ${concurrency}: backups deleted during the walk shift offsets back; every surviving one is yielded`, async () => {
        let n = 0;
        let active = false;
        const deleted = new Set<string>();
        const fake: Fake = await fakeOf(api, {
          count: 120,
          fault: () => {
            // before every request of the walk but the first: the three newest backups go away, 45 in
            // all (so that some of the last 64 yielded survive; when none does, see POSITION_LOST below)
            if (active && n++ > 0 && deleted.size < 45) for (let i = 0; i < 3; i++) deleted.add(deleteNewest(api, fake));
            return undefined;
          },
        });
        const original = await referenceOrder(api, fake);
        active = true;
        const got = await ids(clientOf(api, fake, { concurrency }).iterateBackups({ limit: 10 }));
        expect(new Set(got).size).toBe(got.length);
        const survivors = original.filter((id) => !deleted.has(id));
        expect(got.filter((id) => !deleted.has(id))).toEqual(survivors);
      });
    }
  }

  it.each([1, 2, 3, 4, 5])('random inserts and deletes anywhere (seed %i): survivors exactly once, in order', async (seed) => {
    const rng = createRng(`churn-${seed}`);
    let n = 0;
    const deleted = new Set<string>();
    const created = new Set<string>();
    const fake: Fake = await fakeOf('cbr', {
      count: 150,
      seed,
      fault: () => {
        if (n++ === 0) return undefined;
        for (let i = rand(rng, 0, 4); i > 0; i--) created.add(insertNextTo('cbr', fake, rand(rng, 0, fake.items.length - 1)));
        for (let i = rand(rng, 0, 4); i > 0; i--) deleted.add(deleteAt(fake, rand(rng, 0, fake.items.length - 1)));
        return undefined;
      },
    });
    const original = await referenceOrder('cbr', fake);
    n = 0;
    const got = await ids(clientOf('cbr', fake, { concurrency: 1 + (seed % 4) }).iterateBackups({ limit: 2 + seed * 3 }));
    expect(new Set(got).size).toBe(got.length);
    const survivors = original.filter((id) => !deleted.has(id));
    expect(got.filter((id) => !deleted.has(id) && !created.has(id))).toEqual(survivors);
  });
});

describe('marker paging (csbs)', () => {
  it('sends the last id as marker; a marker deleted meanwhile falls back to the item before it', async () => {
    let n = 0;
    const fake: Fake = await fakeOf('csbs', {
      count: 60,
      fault: (request) => {
        // on the third request, delete the marker it carries (the last item of the previous page)
        if (++n === 3) {
          const marker = request.url.searchParams.get('marker')!;
          const index = fake.items.findIndex((i) => i.id === marker);
          deleteAt(fake, index);
        }
        return undefined;
      },
    });
    const original = await referenceOrder('csbs', fake);
    n = 0;
    const client = clientOf('csbs', fake);
    const before = fake.requests.length;
    const got = await ids(client.iterateBackups({ limit: 10 }));
    expect(got).toEqual(original); // the deleted item had been yielded already
    const sent = fake.requests.slice(before).map((r) => r.url.searchParams.get('marker'));
    expect(sent[0]).toBeNull();
    expect(sent[1]).toBe(original[9]);
    expect(sent[2]).toBe(original[19]); // answered 404: deleted
    expect(sent[3]).toBe(original[18]); // fallback
  });
});

describe.each(['csbs', 'vbs'] as const)('%s: a deleted marker steps back through the window', (api) => {
  it('the marker and the rest of its page deleted: the next request uses the newest id still there', async () => {
    let requests = 0;
    const fake: Fake = await fakeOf(api, {
      count: 20,
      fault: (request) => {
        // before the fourth request (marker = 6th item): the third page (items 5 and 6) goes away
        if (++requests === 4) for (const id of original.slice(4, 6)) removeItem(fake, id);
        return undefined;
      },
    });
    const original = await referenceOrder(api, fake);
    requests = 0;
    const before = fake.requests.length;
    const got = await ids(clientOf(api, fake).iterateBackups({ limit: 2 }));
    expect(got).toEqual(original); // the deleted ones had been yielded already; nothing twice
    const markers = fake.requests.slice(before).map((r) => r.url.searchParams.get('marker'));
    expect(markers.slice(0, 6)).toEqual([null, original[1], original[3], original[5], original[4], original[3]]);
  });

  it('a marker answered 404 although it still exists (a lagging replica): the step back shows it again, it is not yielded twice', async () => {
    let armed = false;
    const lagged: string[] = [];
    const fake: Fake = await fakeOf(api, {
      count: 12,
      fault: (request) => {
        const marker = request.url.searchParams.get('marker');
        if (!armed || marker === null || lagged.length > 0) return undefined;
        lagged.push(marker);
        return fake.errorReply(404); // the item is still stored: only this answer says otherwise
      },
    });
    const original = await referenceOrder(api, fake);
    armed = true;
    const got = await ids(clientOf(api, fake).iterateBackups({ limit: 3 }));
    expect(lagged).toEqual([original[2]]);
    expect(got).toEqual(original);
  });

  it('a page that starts early (the server re-sends items already yielded): they are not yielded twice', async () => {
    let requests = 0;
    const fake: Fake = await fakeOf(api, {
      count: 20,
      fault: (request) => {
        // the third request is answered as if its marker were two items further back
        if (++requests === 3) request.url.searchParams.set('marker', original[1]!);
        return undefined;
      },
    });
    const original = await referenceOrder(api, fake);
    requests = 0;
    const got = await ids(clientOf(api, fake).iterateBackups({ limit: 4 }));
    expect(requests).toBeGreaterThanOrEqual(3);
    expect(got).toEqual(original);
  });

  it('an error after stepping back carries the window; the resumed walk steps back further and completes exactly', async () => {
    let requests = 0;
    const fake: Fake = await fakeOf(api, {
      count: 20,
      fault: (request) => {
        if (++requests === 4) for (const id of original.slice(4, 6)) removeItem(fake, id);
        return requests === 5 ? fake.errorReply(500) : undefined; // the first step-back fails
      },
    });
    const original = await referenceOrder(api, fake);
    requests = 0;
    const client = clientOf(api, fake);
    const first: string[] = [];
    const error = await (async () => {
      for await (const b of client.iterateBackups({ limit: 2 })) first.push(b.id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const resume = JSON.parse(JSON.stringify((error as ApiError).resume));
    expect(resume.recent).toEqual(original.slice(0, 6)); // the window, the id answered 404 included (see the lagging-replica test)
    expect([...first, ...(await ids(client.iterateBackups({ limit: 2 }, { resume })))]).toEqual(original);
  });

  it('every id of the window gone: POSITION_LOST (status 0, no resume) instead of a 404 that resumes into a 404', async () => {
    let yielded = 0;
    const fake: Fake = await fakeOf(api, {
      count: 90,
      fault: () => {
        if (yielded === 70) for (const id of original.slice(0, 70)) removeItem(fake, id);
        return undefined;
      },
    });
    const original = await referenceOrder(api, fake);
    const error = await (async () => {
      for await (const _ of clientOf(api, fake).iterateBackups({ limit: 10 })) yielded++;
    })().catch((e: unknown) => e);
    expect(yielded).toBe(70);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('POSITION_LOST');
    expect((error as ApiError).status).toBe(0);
    expect((error as ApiError).resume).toBeUndefined();
  });
});

describe('link paging (vbs)', () => {
  it('takes the marker out of the next link and drops the first request’s offset', async () => {
    const fake = await fakeOf('vbs', { count: 45 });
    const expected = await referenceOrder('vbs', fake);
    const client = clientOf('vbs', fake);
    const before = fake.requests.length;
    expect(await ids(client.iterateBackups({ limit: 10, offset: 5 }))).toEqual(expected.slice(5));
    const sent = fake.requests.slice(before).map((r) => r.url.searchParams);
    expect(sent[0]!.get('offset')).toBe('5');
    expect(sent.slice(1).every((q) => q.get('offset') === null && q.get('marker') !== null)).toBe(true);
  });

  it('never requests a next link that points at another host or scheme; continues on the configured endpoint', async () => {
    const origins: Record<string, string>[] = [{ 'X-Forwarded-Host': 'evil.backup-api.invalid' }, { 'X-Forwarded-Host': '127.0.0.1:1', 'X-Forwarded-Proto': 'https' }];
    for (const forwarded of origins) {
      const fake = await fakeOf('vbs', { count: 25 });
      const expected = await referenceOrder('vbs', fake);
      const requested: string[] = [];
      const client = clientOf('vbs', fake, {
        headers: forwarded,
        fetch: (req) => {
          requested.push(req.url);
          return fetch(req);
        },
      });
      const links: string[] = [];
      const page = await client.listBackups({ limit: 10 });
      links.push(page.backups_links[0].href);
      expect(links[0]).not.toContain(fake.url); // the fake built the link for the forwarded origin
      expect(await ids(client.iterateBackups({ limit: 10 }))).toEqual(expected);
      expect(requested.length).toBe(4); // listBackups + pages of 10, 10, 5
      expect(requested.every((u) => u.startsWith(`${fake.url}/`))).toBe(true);
    }
  });

  it('nextMarkerFromLinks reads only the marker; never the href’s origin', () => {
    const links = [{ rel: 'next', href: 'http://attacker.example:8080/v3/x/backups?limit=2&marker=abc-123&offset=9' }];
    expect(nextMarkerFromLinks(links, 'https://evs.eu-de.otc.t-systems.com', 'vbs')).toBe('abc-123');
    expect(nextMarkerFromLinks([{ rel: 'self', href: 'x' }], 'https://h', 'vbs')).toBeUndefined();
    expect(nextMarkerFromLinks(undefined, 'https://h', 'vbs')).toBeUndefined();
    expect(() => nextMarkerFromLinks([{ rel: 'next', href: 'https://h/v3/p/backups?limit=1' }], 'https://h', 'vbs')).toThrow(ApiError);
  });

  it('with_count: sets microversion 3.45, yields every item once despite links on short pages', async () => {
    const fake = await fakeOf('vbs', { count: 23 });
    const expected = await referenceOrder('vbs', fake);
    const client = clientOf('vbs', fake);
    const before = fake.requests.length;
    expect(await ids(client.iterateBackups({ limit: 10, with_count: true }))).toEqual(expected);
    const sent = fake.requests.slice(before);
    expect(sent.every((r) => r.headers['openstack-api-version'] === 'volume 3.45')).toBe(true);
    expect(sent).toHaveLength(4); // 10, 10, 3 (short, but with a next link: the with_count quirk), then empty
    const page = await client.listBackups({ with_count: true, limit: 5 });
    expect(page.count).toBe(23);
  });

  it('a caller-set OpenStack-API-Version is left alone', async () => {
    const fake = await fakeOf('vbs', { count: 5 });
    const client = clientOf('vbs', fake, { headers: { 'openstack-api-version': 'volume 3.60' } });
    await client.listBackups({ 'name~': 'x' });
    expect(fake.requests.at(-1)!.headers['openstack-api-version']).toBe('volume 3.60');
    const plain = clientOf('vbs', fake);
    await plain.listBackups({ 'name~': 'x' }, { headers: { 'OpenStack-API-Version': 'volume latest' } });
    expect(fake.requests.at(-1)!.headers['openstack-api-version']).toBe('volume latest');
  });
});

describe('resume cursor', () => {
  const cases = [
    { api: 'cbr', limit: 7, failAt: 4, concurrency: 3 },
    { api: 'geminidb', limit: 6, failAt: 3, concurrency: 2 },
    { api: 'csbs', limit: 8, failAt: 3, concurrency: 1 },
    { api: 'vbs', limit: 9, failAt: 2, concurrency: 1 },
  ] as const;
  it.each(cases)('$api: an error mid-walk carries `resume`; passing it back continues exactly', async ({ api, limit, failAt, concurrency }) => {
    let n = 0;
    const fake: Fake = await fakeOf(api, { count: 64, fault: () => (++n === failAt ? fake.errorReply(500) : undefined) });
    const expected = await referenceOrder(api, fake);
    n = 0;
    const client = clientOf(api, fake, { concurrency });
    const first: string[] = [];
    let error: ApiError | undefined;
    try {
      for await (const item of client.iterateBackups({ limit })) first.push(item.id);
    } catch (e) {
      error = e as ApiError;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error!.status).toBe(500);
    expect(error!.resume).toBeDefined();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(expected.length);
    // the cursor survives a JSON round trip (store it, resume later)
    const resume = JSON.parse(JSON.stringify(error!.resume));
    const rest = await ids(client.iterateBackups({ limit }, { resume }));
    expect([...first, ...rest]).toEqual(expected);
    // passing only the cursor works too
    const again = await ids(client.iterateBackups(undefined, { resume }));
    expect(again).toEqual(rest);
  });

  it('a cursor from another service or another query is refused up front', async () => {
    const fake = await fakeOf('cbr', { count: 3 });
    const client = clientOf('cbr', fake);
    const cursor = { service: 'csbs', strategy: 'marker', query: {}, recent: [] } as const;
    expect(() => client.iterateBackups(undefined, { resume: cursor })).toThrow(/resume/);
    const own = { service: 'cbr', strategy: 'offset', query: { limit: 5 }, offset: 5, recent: [] } as const;
    expect(() => client.iterateBackups({ limit: 6 }, { resume: own })).toThrow(/different query/);
  });
});

describe('bounded state', () => {
  it('the resume cursor does not grow with the walk: the same window after 7 pages and after 150', async () => {
    const cursors: Record<string, any>[] = [];
    for (const failAt of [8, 151]) {
      let n = 0;
      const fake: Fake = await fakeOf('cbr', { count: 1400, fault: () => (++n === failAt ? fake.errorReply(500) : undefined) });
      const expected = await referenceOrder('cbr', fake);
      n = 0;
      const client = clientOf('cbr', fake, { concurrency: 1 });
      const first: string[] = [];
      const error = await (async () => {
        for await (const b of client.iterateBackups({ limit: 10 })) first.push(b.id);
      })().catch((e: unknown) => e);
      const resume = JSON.parse(JSON.stringify((error as ApiError).resume));
      cursors.push(resume);
      expect(resume.recent).toEqual(first.slice(-64)); // the 64 ids yielded last, oldest first
      expect([...first, ...(await ids(client.iterateBackups(undefined, { resume })))]).toEqual(expected);
    }
    expect(cursors[1]!.offset).toBeGreaterThan(cursors[0]!.offset);
    expect(cursors[1]!.recent).toHaveLength(cursors[0]!.recent.length);
    expect(JSON.stringify(cursors[1]).length - JSON.stringify(cursors[0]).length).toBeLessThan(16); // the offset's digits
  });

  it('at limit 1000 the cursor holds at most 1,024 ids (under 48 KB of JSON)', async () => {
    let n = 0;
    const fake: Fake = await fakeOf('csbs', { count: 2500, fault: () => (++n === 3 ? fake.errorReply(503) : undefined) });
    const error = await ids(clientOf('csbs', fake).iterateBackups({ limit: 1000 })).catch((e: unknown) => e);
    const resume = (error as ApiError).resume!;
    expect(resume.recent).toHaveLength(1024);
    expect(JSON.stringify(resume).length).toBeLessThanOrEqual(48 * 1024);
  });

  /** A cbr walk (limit 10) whose yielded backups are all deleted once `after` have been yielded. */
  async function walkLosingEverythingYielded(count: number, after: number) {
    const walk = { got: [] as string[], gone: [] as string[], error: undefined as unknown };
    const fake: Fake = await fakeOf('cbr', {
      count,
      fault: () => {
        if (walk.got.length >= after && walk.gone.length === 0) walk.gone = walk.got.filter((id) => removeItem(fake, id));
        return undefined;
      },
    });
    const original = await referenceOrder('cbr', fake);
    try {
      for await (const b of clientOf('cbr', fake, { concurrency: 1 }).iterateBackups({ limit: 10 })) walk.got.push(b.id);
    } catch (error) {
      walk.error = error;
    }
    return { ...walk, original };
  }

  it('offset paging: the whole window deleted after more ids than it holds: POSITION_LOST, not a restart that repeats', async () => {
    const walk = await walkLosingEverythingYielded(200, 70);
    expect(walk.gone.length).toBeGreaterThan(64);
    expect((walk.error as ApiError).code).toBe('POSITION_LOST');
    expect((walk.error as ApiError).resume).toBeUndefined();
  });

  it('offset paging: everything yielded deleted while the window still holds all of it: the walk re-reads from the start, exactly once', async () => {
    const walk = await walkLosingEverythingYielded(100, 30);
    expect(walk.gone.length).toBeGreaterThanOrEqual(30);
    expect(walk.error).toBeUndefined();
    expect(walk.got).toEqual(walk.original);
  });
});

describe('walk control', () => {
  it('breaking out of the loop starts no further request and aborts the prefetched ones', async () => {
    const fake = await fakeOf('cbr', { count: 500 });
    const started: Request[] = [];
    const client = clientOf('cbr', fake, {
      concurrency: 4,
      fetch: (req) => {
        started.push(req);
        return fetch(req);
      },
    });
    const got: string[] = [];
    for await (const b of client.iterateBackups({ limit: 10 })) {
      got.push(b.id);
      if (got.length === 15) break;
    }
    const atBreak = started.length;
    expect(atBreak).toBeLessThanOrEqual(6); // page 1, then at most `concurrency` prefetched pages
    await new Promise((r) => setTimeout(r, 100));
    expect(started.length).toBe(atBreak);
    // pages 1 and 2 were consumed; the prefetched rest were aborted
    expect(started.slice(2).every((r) => r.signal.aborted)).toBe(true);
  });

  it('a failed page starts no further request (offset paging, concurrency 1)', async () => {
    let n = 0;
    const fake: Fake = await fakeOf('cbr', { count: 50, fault: () => (++n === 2 ? fake.errorReply(500) : undefined) });
    const error = await ids(clientOf('cbr', fake, { concurrency: 1 }).iterateBackups({ limit: 10 })).catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(500);
    await new Promise((r) => setTimeout(r, 100));
    expect(n).toBe(2);
  });

  it("the caller's signal aborts the walk", async () => {
    const fake = await fakeOf('csbs', { count: 100, fault: async () => (await new Promise((r) => setTimeout(r, 30)), undefined) });
    const client = clientOf('csbs', fake);
    const controller = new AbortController();
    const got: string[] = [];
    setTimeout(() => controller.abort(new Error('enough')), 50);
    const error = await (async () => {
      for await (const b of client.iterateBackups({ limit: 10 }, { signal: controller.signal })) got.push(b.id);
    })().catch((e) => e);
    expect((error as Error).message).toBe('enough');
    expect(got.length).toBeLessThan(100);
  });

  it('one abort listener on the caller’s signal per walk, however many pages are in flight (no MaxListenersExceededWarning)', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fake = await fakeOf('cbr', {
      count: 400,
      fault: async () => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((r) => setTimeout(r, 30));
        inFlight--;
        return undefined;
      },
    });
    const controller = new AbortController();
    let listeners = 0;
    const warnings = await warningsDuring(async () => {
      for await (const _ of clientOf('cbr', fake, { concurrency: 16 }).iterateBackups({ limit: 10 }, { signal: controller.signal })) {
        listeners = Math.max(listeners, getEventListeners(controller.signal, 'abort').length);
      }
    });
    expect(maxInFlight).toBeGreaterThanOrEqual(11);
    expect(listeners).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0); // removed when the walk ends
    expect(listenerWarnings(warnings)).toEqual([]);
  });

  it('options are validated before the first request', async () => {
    const fake = await fakeOf('geminidb', { count: 3 });
    const client = clientOf('geminidb', fake);
    expect(() => client.iterateBackups({ limit: 101 })).toThrow(/`limit` must be an integer from 1 to 100/);
    expect(() => client.iterateBackups({}, { concurrency: 0 })).toThrow(/`concurrency` must be an integer from 1 to 16/);
    expect(() => clientOf('vbs', fake).iterateBackups({ limit: 0 })).toThrow(/`limit`/);
    await expect(client.listBackups({ limit: 0 })).rejects.toThrow(/`limit` must be an integer from 1 to 100; got 0/);
    await expect(client.listBackups({ begin_time: '2019-05-27T03:38:51+0000' })).rejects.toThrow(/`begin_time` and `end_time` must be given together/);
    expect(fake.requests).toHaveLength(0);
  });
});

// ---- mutating the fakes' stores --------------------------------------------------------------

function rand(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function deleteAt(fake: Fake, index: number): string {
  const id = fake.items[index]!.id as string;
  removeItem(fake, id);
  return id;
}

/** Deletes the newest backup (by creation time); returns its id. */
function deleteNewest(api: FakeApi, fake: Fake): string {
  const key = api === 'geminidb' ? 'begin_time' : 'created_at';
  let best = 0;
  for (let i = 1; i < fake.items.length; i++) if (String(fake.items[i]![key]) > String(fake.items[best]![key])) best = i;
  return deleteAt(fake, best);
}
