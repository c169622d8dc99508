// Seeded random faults as a layer over a stateful fake: the fake's `fault` hook (before the
// service answers) and `rewrite` hook (on the service's own answer) get their decisions from a
// seeded PRNG (one per request, named by the seed, the query and its repetition), so a walk is
// replayed from its seed. While `enabled`, each request may
// first change the store (backups created, deleted, the marker item or the whole last page
// deleted) and then get one fault (see FAULT_KINDS).
import { createRng, rand, type Rng } from '../fakes/core.js';
import type { Fake, FakeOptions, FakeReply, FakeRequest } from '../fakes/index.js';
import { insertNextTo, ITEMS_KEY, removeItem, type Api } from '../support/clients.js';

export const FAULT_KINDS = [
  'reset', // connection dropped before any answer
  'resetMidBody', // status and headers sent, the body cut off, connection reset
  '5xx', // 500/502/503/504 with the service's error body, no Retry-After
  '5xxRetryAfter', // the same with Retry-After: 0 or an HTTP date in the past
  '429',
  '429RetryAfter',
  'truncatedJson', // 200, the real page cut short
  'html', // 200 or 502, an HTML page
  'empty', // 200 or 500, no body
  'wrongContentType', // the real page labelled text/html or text/plain
  'slow', // the real page, later than the client's timeoutMs
  'duplicateWindow', // the page starts some items before where it should (they are sent again)
  'countLag', // offset services: the total is the one from the start of the walk
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const MUTATION_KINDS = ['create', 'deleteRandom', 'deleteMarker', 'deletePage'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

/** Offset-paged services carry a total that can lag behind the pages. */
const TOTAL_KEY: Partial<Record<Api, string>> = { cbr: 'count', geminidb: 'total_count' };

export interface FaultPlan {
  /** Chance that a request gets a fault. */
  faultRate: number;
  /** Chance that the store changes before a request. */
  mutationRate: number;
  /** The client's timeoutMs (a `slow` answer comes later than this). */
  timeoutMs: number;
  /** Requests after this many get a 400 (a walk that loops must end, and fail). */
  maxRequests: number;
}

export interface FaultLayer {
  /** Hooks to pass to startFake. */
  readonly options: Pick<FakeOptions, 'fault' | 'rewrite'>;
  /** Faults and changes happen only while enabled. */
  enabled: boolean;
  /** Call once the fake is started, before the walk. */
  attach(fake: Fake): void;
  /** Ids deleted while enabled. */
  readonly deleted: Set<string>;
  /** Ids created while enabled. */
  readonly created: Set<string>;
  /** What happened, one line per event (request number, fault or change). */
  readonly log: string[];
  /** How often each fault and change happened. */
  readonly counts: Map<string, number>;
  /** Requests seen (enabled or not). */
  requests(): number;
}

export function createFaultLayer(api: Api, seed: string, plan: FaultPlan): FaultLayer {
  // One generator per request, named by its query and how often that query came before: the
  // decisions do not depend on the order in which concurrent requests arrive.
  let rng: Rng = createRng(seed);
  const rngs = new Map<number, Rng>();
  const occurrences = new Map<string, number>();
  const decisions = new Map<number, FaultKind>();
  const served: string[] = []; // every id sent in a page, in order
  let lastPage: string[] = [];
  let fake: Fake | undefined;
  let initialTotal: number | undefined;
  let seen = 0;

  const layer: FaultLayer = {
    enabled: true,
    deleted: new Set(),
    created: new Set(),
    log: [],
    counts: new Map(),
    requests: () => seen,
    attach(f) {
      fake = f;
      initialTotal = f.items.length;
    },
    options: {
      fault(request) {
        seen++;
        if (seen > plan.maxRequests) return fake?.errorReply(400, `fault layer: more than ${plan.maxRequests} requests`);
        if (!layer.enabled || !fake) return undefined;
        const occurrence = (occurrences.get(request.url.search) ?? 0) + 1;
        occurrences.set(request.url.search, occurrence);
        rng = createRng(`${seed}|${request.url.search}|${occurrence}`);
        rngs.set(request.n, rng);
        if (rand.chance(rng, plan.mutationRate)) mutate(request);
        if (!rand.chance(rng, plan.faultRate)) return undefined;
        const kind = pickFault(request);
        note(request, kind);
        return before(kind, request);
      },
      rewrite(request, reply) {
        const kind = decisions.get(request.n);
        decisions.delete(request.n);
        rng = rngs.get(request.n) ?? rng;
        rngs.delete(request.n);
        const page = pageIds(reply);
        if (reply.status === 200 && page) {
          lastPage = page;
          served.push(...page);
        }
        return kind ? after(kind, reply) : reply;
      },
    },
  };

  const note = (request: FakeRequest, what: string) => {
    layer.counts.set(what, (layer.counts.get(what) ?? 0) + 1);
    layer.log.push(`#${request.n} ${what} ${request.url.search}`);
  };

  const pageIds = (reply: FakeReply): string[] | undefined => {
    const items = reply.body && typeof reply.body === 'object' ? (reply.body as Record<string, unknown>)[ITEMS_KEY[api]] : undefined;
    return Array.isArray(items) ? items.map((i) => String((i as { id: unknown }).id)) : undefined;
  };

  const store = () => fake!.items;

  const remove = (id: string | undefined) => {
    if (id !== undefined && removeItem(fake!, id) && !layer.created.has(id)) layer.deleted.add(id);
  };

  function mutate(request: FakeRequest): void {
    const kind = rand.pick(rng, MUTATION_KINDS);
    note(request, kind);
    if (kind === 'create') {
      for (let i = rand.int(rng, 1, 3); i > 0 && store().length > 0; i--) {
        layer.created.add(insertNextTo(api, fake!, rand.int(rng, 0, store().length - 1), rand.uuid(rng)));
      }
    } else if (kind === 'deleteRandom') {
      if (store().length > 0) remove(rand.pick(rng, store()).id);
    } else if (kind === 'deleteMarker') {
      remove(lastPage.at(-1));
    } else {
      for (const id of lastPage) remove(id);
    }
  }

  function pickFault(request: FakeRequest): FaultKind {
    const offsetPaged = TOTAL_KEY[api] !== undefined;
    for (;;) {
      const kind = rand.pick(rng, FAULT_KINDS);
      if (kind === 'countLag' && !offsetPaged) continue;
      if (kind === 'duplicateWindow' && !shiftWindow(request, offsetPaged)) continue;
      return kind;
    }
  }

  /** Moves the page's start back by a few items (offset) or to an earlier marker. */
  function shiftWindow(request: FakeRequest, offsetPaged: boolean): boolean {
    const q = request.url.searchParams;
    if (offsetPaged) {
      const offset = Number(q.get('offset') ?? 0);
      if (offset <= 0) return false;
      q.set('offset', String(Math.max(0, offset - rand.int(rng, 1, 3))));
      return true;
    }
    const marker = q.get('marker');
    const at = marker === null ? -1 : served.lastIndexOf(marker);
    if (at < 0) return false;
    // an earlier marker that still exists: the page repeats items, it does not claim a 404
    const stored = new Set(store().map((item) => item.id as string));
    const earlier = served.slice(0, at).filter((id) => stored.has(id) && id !== marker);
    const back = earlier.length - rand.int(rng, 1, 3);
    if (back < 0) q.delete('marker');
    else q.set('marker', earlier[back]!);
    return true;
  }

  function before(kind: FaultKind, request: FakeRequest): FakeReply | undefined {
    const retryAfter = () => (rand.chance(rng, 0.5) ? '0' : new Date(Date.now() - 5_000).toUTCString());
    switch (kind) {
      case 'reset':
        return { status: 0, destroy: true };
      case '5xx':
        return fake!.errorReply(rand.pick(rng, [500, 502, 503, 504]));
      case '5xxRetryAfter':
        return withHeader(fake!.errorReply(rand.pick(rng, [500, 502, 503, 504])), 'Retry-After', retryAfter());
      case '429':
        return fake!.errorReply(429);
      case '429RetryAfter':
        return withHeader(fake!.errorReply(429), 'Retry-After', retryAfter());
      case 'html':
        return { status: rand.pick(rng, [200, 502]), body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'Content-Type': 'text/html' } };
      case 'empty':
        return { status: rand.pick(rng, [200, 500]) };
      default:
        decisions.set(request.n, kind); // applied to the service's own answer
        return undefined;
    }
  }

  function after(kind: FaultKind, reply: FakeReply): FakeReply {
    const text = JSON.stringify(reply.body ?? null);
    switch (kind) {
      case 'resetMidBody':
        return { ...reply, cutAfterBytes: rand.int(rng, 0, Math.max(0, Buffer.byteLength(text) - 1)) };
      case 'truncatedJson':
        return { ...reply, body: text.slice(0, rand.int(rng, 0, text.length - 1)), headers: { ...reply.headers, 'Content-Type': 'application/json' } };
      case 'wrongContentType':
        return { ...reply, body: text, headers: { ...reply.headers, 'Content-Type': rand.pick(rng, ['text/html', 'text/plain']) } };
      case 'slow':
        return { ...reply, delayMs: plan.timeoutMs + 40 };
      case 'countLag': {
        const key = TOTAL_KEY[api]!;
        if (reply.status !== 200 || initialTotal === undefined) return reply;
        return { ...reply, body: { ...(reply.body as object), [key]: initialTotal } };
      }
      default:
        return reply; // duplicateWindow: the request was already moved
    }
  }

  return layer;
}

function withHeader(reply: FakeReply, name: string, value: string): FakeReply {
  return { ...reply, headers: { ...(reply.headers ?? {}), [name]: value } };
}
