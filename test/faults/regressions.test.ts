// The walks issue 9 found broken, each built on purpose rather than found by a seed:
// - marker services (csbs, vbs): the item just yielded, and the rest of its page, deleted before
//   the next request; the walk must step back through the ids it yielded (a window of at least 64)
//   and not throw a 404 whose resume 404s again; only when the whole window is gone may it stop,
//   with an error that says the position was lost;
// - offset services (cbr, geminidb): the last page shifted while the total stays the same (a
//   backup created at the front with a lagging count, or a window that starts early) must not
//   lose the last backups.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/index.js';
import type { Fake } from '../fakes/index.js';
import { clientFor, ids, insertNewest, referenceIds, removeItem, useFakes, type Api } from '../support/clients.js';
import { exactlyOnceProblems, walkAndResume } from './walk.js';

const fakes = useFakes();

/** Starts `api` with hooks that can reach the fake, and its reference order. */
async function start(api: Api, count: number, hooks: (fake: () => Fake) => Parameters<typeof fakes.start>[1]) {
  let fake: Fake | undefined;
  fake = await fakes.start(api, { count, tableBackupRatio: 0, ...hooks(() => fake!) });
  return { fake, initial: await referenceIds(api, fake) };
}

describe.each(['csbs', 'vbs'] as const)('%s: the marker item deleted between two requests', (api) => {
  it.each([1, 3])('limit %i: the yielded page is deleted before each next request; nothing lost, nothing twice', async (limit) => {
    const deleted = new Set<string>();
    let armed = false;
    const { fake, initial } = await start(api, 12, (fake) => ({
      fault(request) {
        const marker = request.url.searchParams.get('marker');
        if (!armed || marker === null) return undefined;
        // the marker and every item of its page (the `limit` items before it, inclusive)
        const order = initial.filter((id) => !deleted.has(id));
        const at = order.indexOf(marker);
        for (const id of order.slice(Math.max(0, at - limit + 1), at + 1)) if (removeItem(fake(), id)) deleted.add(id);
        return undefined;
      },
    }));
    armed = true;
    const client = clientFor(api, fake);
    const run = await walkAndResume(client, client, { limit }, () => (armed = false));
    expect(deleted.size, 'the test deleted marker items').toBeGreaterThan(0);
    expect(run.problems).toEqual([]);
    expect(exactlyOnceProblems({ initial, deleted, created: new Set(), yielded: run.yielded })).toEqual([]);
    expect(run.yielded).toEqual(initial); // each was yielded before it was deleted
  });

  it('every id the walk could step back to is gone: it stops with "position lost", not a 404 that resumes into a 404', async () => {
    let armed = false;
    let yielded = 0;
    const { fake, initial } = await start(api, 100, (fake) => ({
      fault(request) {
        // after 70 items (more than any step-back window of >= 64 ids), all of them are deleted
        if (armed && yielded === 70 && request.url.searchParams.has('marker')) for (const id of initial.slice(0, 70)) removeItem(fake(), id);
        return undefined;
      },
    }));
    armed = true;
    const client = clientFor(api, fake);
    const got: string[] = [];
    let error: unknown;
    try {
      for await (const item of client.iterateBackups({ limit: 1 })) {
        got.push(item.id);
        yielded++;
      }
    } catch (e) {
      error = e;
    }
    expect(got).toEqual(initial.slice(0, 70));
    expect(error).toBeInstanceOf(ApiError);
    const lost = error as ApiError;
    expect(lost.status, `${lost.code}: ${lost.message}`).not.toBe(404);
    expect(`${lost.code} ${lost.message}`).toMatch(/position|lost/i);
  });
});

describe.each(['cbr', 'geminidb'] as const)('%s: the last page shifted while the total stays the same', (api) => {
  it('a backup created at the front before the last page, with the count still the old one: the last backup is not lost', async () => {
    let requests = 0;
    let created: string | undefined;
    const totalKey = api === 'cbr' ? 'count' : 'total_count';
    const { fake, initial } = await start(api, 10, (fake) => ({
      fault() {
        // pages at offsets 0, 3, 6 (limit 4, one item of overlap); before the third, one new backup
        if (++requests === 3) created = insertNewest(api, fake());
        return undefined;
      },
      rewrite(_request, reply) {
        return created ? { ...reply, body: { ...(reply.body as object), [totalKey]: 10 } } : reply;
      },
    }));
    requests = 0;
    const got = await ids(clientFor(api, fake, { concurrency: 1 }).iterateBackups({ limit: 4 }));
    expect(created).toBeDefined();
    expect(exactlyOnceProblems({ initial, deleted: new Set(), created: new Set([created!]), yielded: got })).toEqual([]);
  });

  it('the last page starts two items early (a duplicated window), the count unchanged: nothing lost', async () => {
    let requests = 0;
    const { fake, initial } = await start(api, 10, () => ({
      fault(request) {
        if (++requests === 3) request.url.searchParams.set('offset', String(Number(request.url.searchParams.get('offset')) - 2));
        return undefined;
      },
    }));
    requests = 0;
    const got = await ids(clientFor(api, fake, { concurrency: 1 }).iterateBackups({ limit: 4 }));
    expect(requests).toBeGreaterThanOrEqual(3);
    expect(exactlyOnceProblems({ initial, deleted: new Set(), created: new Set(), yielded: got })).toEqual([]);
  });
});
