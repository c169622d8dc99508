// One seeded walk through the fault layer, and the invariant every walk must keep: either it
// yields every backup that existed for the whole walk exactly once, or it throws an ApiError whose
// `resume`, passed back with the faults off, completes the walk with the same exactly-once property.
import { createRng, rand } from '../fakes/core.js';
import { ApiError } from '../../src/index.js';
import { clientFor, FAST_RETRY, withFake, type AnyClient, type Api } from '../support/clients.js';
import { createFaultLayer } from './layer.js';

/** Base seed of the walks (`FAULT_SEED`), and one walk replayed alone (`FAULT_WALK`, `FAULT_API`). */
export const FAULT_ENV = {
  seed: process.env.FAULT_SEED ?? '1',
  walk: process.env.FAULT_WALK === undefined || process.env.FAULT_WALK === '' ? undefined : Number(process.env.FAULT_WALK),
  api: process.env.FAULT_API || undefined,
};

export interface WalkResult {
  api: Api;
  walk: number;
  /** Empty when the walk kept the invariant. */
  problems: string[];
  /** How often each fault or store change happened. */
  counts: Map<string, number>;
  /** Requests the fake received. */
  requests: number;
  /** Whether the walk threw and was resumed. */
  resumed: boolean;
  /** Failure text: seed, walk number, the replay command and the last events. */
  message: string;
}

export interface WalkOutcome {
  /** Ids of the store when the walk started. */
  initial: readonly string[];
  /** Ids deleted during the walk (they may appear once or not at all). */
  deleted: ReadonlySet<string>;
  /** Ids created during the walk (they may appear once or not at all). */
  created: ReadonlySet<string>;
  /** Ids yielded by the walk and, if it threw, by its resumption, in order. */
  yielded: readonly string[];
}

/** What breaks exactly-once in an outcome; empty when nothing does. */
export function exactlyOnceProblems(o: WalkOutcome): string[] {
  const problems: string[] = [];
  const counted = new Map<string, number>();
  for (const id of o.yielded) counted.set(id, (counted.get(id) ?? 0) + 1);
  const twice = [...counted].filter(([, n]) => n > 1).map(([id]) => id);
  if (twice.length) problems.push(`yielded more than once: ${twice.join(', ')}`);
  const missing = o.initial.filter((id) => !o.deleted.has(id) && !counted.has(id));
  if (missing.length) problems.push(`lost ${missing.length} backup(s) that existed for the whole walk: ${missing.join(', ')}`);
  const known = new Set([...o.initial, ...o.created]);
  const strange = [...counted.keys()].filter((id) => !known.has(id));
  if (strange.length) problems.push(`yielded ids that never existed: ${strange.join(', ')}`);
  return problems;
}

/**
 * Walks `client` and, if the walk throws, resumes it with `calm` (faults off first: `beforeResume`),
 * passing the cursor through JSON as a caller that stores it would.
 */
export async function walkAndResume(
  client: AnyClient,
  calm: AnyClient,
  query: Record<string, unknown>,
  beforeResume: () => void,
): Promise<{ yielded: string[]; problems: string[]; resumed: boolean }> {
  const yielded: string[] = [];
  try {
    for await (const item of client.iterateBackups(query)) yielded.push(item.id);
    return { yielded, problems: [], resumed: false };
  } catch (error) {
    beforeResume();
    if (!(error instanceof ApiError)) return { yielded, problems: [`the walk threw ${describeError(error)}, not an ApiError`], resumed: false };
    if (!error.resume) return { yielded, problems: [`the walk threw ${describeError(error)} without a resume cursor`], resumed: false };
    // a caller keeps the cursor somewhere: it must survive JSON
    const resume = JSON.parse(JSON.stringify(error.resume)) as typeof error.resume;
    try {
      for await (const item of calm.iterateBackups(query, { resume })) yielded.push(item.id);
    } catch (again) {
      return { yielded, problems: [`the walk threw ${describeError(error)}; its resume, with faults off, threw ${describeError(again)}`], resumed: true };
    }
    return { yielded, problems: [], resumed: true };
  }
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `ApiError ${error.status} ${error.code ?? ''} (${error.message})`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The walks' timeoutMs: a `slow` answer comes 40 ms after it. Long enough that a normal answer on
 * a busy machine is not cut off (a walk is replayed exactly only if no normal answer times out),
 * short enough that the ~70 slow answers in 800 walks cost a few seconds.
 */
export const TIMEOUT_MS = 300;

/** Walk number `walk` of `api` under base seed `base`: its store, page size and faults all follow from the seed. */
export async function faultWalk(api: Api, base: string, walk: number): Promise<WalkResult> {
  const seed = `${base}:${api}:${walk}`;
  const rng = createRng(`${seed}:setup`);
  const count = rand.int(rng, 0, 24);
  const limit = rand.int(rng, 1, 6);
  const concurrency = rand.int(rng, 1, 4);
  const layer = createFaultLayer(api, seed, {
    faultRate: rand.pick(rng, [0.1, 0.25, 0.4]),
    mutationRate: rand.pick(rng, [0, 0.15, 0.3]),
    timeoutMs: TIMEOUT_MS,
    maxRequests: 600,
  });
  return withFake(api, { count, seed, tableBackupRatio: 0, ...layer.options }, async (fake) => {
    layer.attach(fake);
    const initial = fake.items.map((item) => item.id as string);
    const client = clientFor(api, fake, { retry: FAST_RETRY, timeoutMs: TIMEOUT_MS, concurrency });
    const calm = clientFor(api, fake, { retry: false });
    const run = await walkAndResume(client, calm, { limit }, () => (layer.enabled = false));
    layer.enabled = false;
    const problems = run.problems.length ? run.problems : exactlyOnceProblems({ initial, deleted: layer.deleted, created: layer.created, yielded: run.yielded });
    const message = problems.length
      ? [
          `${api} walk ${walk} (seed ${seed}; ${count} backups, limit ${limit}, concurrency ${concurrency}${run.resumed ? ', resumed' : ''}): ${problems.join('; ')}`,
          `  replay alone: FAULT_SEED=${base} FAULT_API=${api} FAULT_WALK=${walk} npx vitest run test/faults/faults.test.ts`,
          ...layer.log.slice(-12).map((line) => `  ${line}`),
        ].join('\n')
      : '';
    return { api, walk, problems, counts: layer.counts, requests: layer.requests(), resumed: run.resumed, message };
  });
}

/** Runs `task` over `inputs`, `width` at a time, results in input order. */
export async function pool<I, O>(inputs: readonly I[], width: number, task: (input: I) => Promise<O>): Promise<O[]> {
  const out: O[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const i = next++;
      out[i] = await task(inputs[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, inputs.length) }, worker));
  return out;
}
