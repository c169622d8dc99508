// 200 seeded fault-injected walks per service (test/faults/layer.ts: resets, 5xx and 429 with and
// without Retry-After, truncated JSON, HTML and empty bodies, wrong content types, answers slower
// than timeoutMs, duplicated page windows, lagging totals, backups created and deleted during the
// walk, the marker item or its whole page deleted). Every walk must yield each backup that existed
// for the whole walk exactly once, or throw an ApiError whose resume completes it exactly once.
//
// These walks yield fewer than 64 backups, the least step-back window of a marker walk (issue 9
// item 1), so even when every id a walk yielded has been deleted it still knows all of them:
// starting again from the first page and skipping them is exactly once, and that is what is
// expected here. "Position lost" is for walks longer than the window (regressions.test.ts).
//
// A failure prints the seed and walk number; replay one walk alone with
//   FAULT_SEED=1 FAULT_API=csbs FAULT_WALK=17 npx vitest run test/faults/faults.test.ts
import { beforeAll, describe, expect, it } from 'vitest';
import { APIS, clientFor, ids, withFake } from '../support/clients.js';
import { FAULT_KINDS, MUTATION_KINDS } from './layer.js';
import { exactlyOnceProblems, FAULT_ENV, faultWalk, pool } from './walk.js';

const WALKS = 200;
const PARALLEL = 8;

// The first request of a process is slow (connection pool, JIT); make it outside the timed walks.
beforeAll(() => withFake('cbr', { count: 3 }, async (fake) => void (await ids(clientFor('cbr', fake).iterateBackups()))));

const apis = APIS.filter((api) => FAULT_ENV.api === undefined || api === FAULT_ENV.api);
const walks = FAULT_ENV.walk !== undefined ? [FAULT_ENV.walk] : Array.from({ length: WALKS }, (_, i) => i);

describe.each(apis)('%s: seeded fault walks', (api) => {
  it(`${walks.length} walk(s) from seed ${FAULT_ENV.seed}: every backup exactly once, or a resume that completes it`, async () => {
    const results = await pool(walks, PARALLEL, (walk) => faultWalk(api, FAULT_ENV.seed, walk));
    expect(results).toHaveLength(walks.length);
    expect(results.every((r) => r.requests > 0)).toBe(true);

    if (FAULT_ENV.walk === undefined) {
      // the layer really injected every fault and every change somewhere in the walks
      const totals = new Map<string, number>();
      for (const r of results) for (const [kind, n] of r.counts) totals.set(kind, (totals.get(kind) ?? 0) + n);
      const expected = [...FAULT_KINDS, ...MUTATION_KINDS].filter((k) => k !== 'countLag' || api === 'cbr' || api === 'geminidb');
      expect(expected.filter((k) => !totals.get(k)), 'fault kinds never injected').toEqual([]);
      expect(results.filter((r) => r.resumed).length, 'walks that threw and were resumed').toBeGreaterThan(0);
    }

    const failed = results.filter((r) => r.problems.length > 0);
    expect(failed.map((r) => r.message), `${failed.length}/${results.length} ${api} walks broke exactly-once`).toEqual([]);
  }, 60_000);
});

describe('the exactly-once check can fail', () => {
  const base = { initial: ['a', 'b', 'c'], deleted: new Set<string>(), created: new Set<string>() };
  it('flags a duplicate, a loss and an id that never existed; allows deleted and created ones', () => {
    expect(exactlyOnceProblems({ ...base, yielded: ['a', 'b', 'c'] })).toEqual([]);
    expect(exactlyOnceProblems({ ...base, yielded: ['a', 'b', 'b', 'c'] })).toEqual(['yielded more than once: b']);
    expect(exactlyOnceProblems({ ...base, yielded: ['a', 'c'] })[0]).toMatch(/^lost 1 backup.*: b$/);
    expect(exactlyOnceProblems({ ...base, yielded: ['a', 'b', 'c', 'z'] })).toEqual(['yielded ids that never existed: z']);
    expect(exactlyOnceProblems({ ...base, deleted: new Set(['b']), created: new Set(['n']), yielded: ['n', 'a', 'c'] })).toEqual([]);
  });
});

describe('a walk is replayed exactly from its seed', () => {
  it('the same seed and walk number give the same faults, changes and requests', async () => {
    const [first, again] = [await faultWalk('csbs', 'replay', 3), await faultWalk('csbs', 'replay', 3)];
    expect(first!.requests).toBeGreaterThan(0);
    expect(again!.requests).toBe(first!.requests);
    expect([...again!.counts]).toEqual([...first!.counts]);
  });
});
