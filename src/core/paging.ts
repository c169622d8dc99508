// The paging engine behind `iterateBackups`: yields every item of every page exactly once, in order.
//
// Strategies (one per service, chosen by the service module):
// - offset (cbr `count`, geminidb `total_count`): the first page tells the total; later pages are
//   fetched concurrently (`concurrency` at a time) and yielded in order. Consecutive pages overlap by
//   one item (page k starts at the last item of page k-1), which makes shifts visible: if a page's
//   first item was not seen before, items before it were deleted during the walk and the walk steps
//   back until it finds a seen item (no gaps); items shifted forward by insertions are seen ids and
//   are dropped (no duplicates). The request `limit` is the page size; it is raised to 2 if smaller.
// - marker (csbs): `marker` = id of the last item; if that item is deleted meanwhile (404), the walk
//   falls back to the previous ids of the page.
// - link (vbs `backups_links`): the `marker` is taken out of the `next` link and the query is
//   re-issued against the configured endpoint. The href itself is never requested, so a link to
//   another host or scheme is never followed. The first request's `offset` is not repeated (Cinder
//   keeps it in next links, which would skip items on every page).
//
// Items are deduplicated by id. An ApiError thrown mid-walk carries `resume`: passing it back
// (`iterateBackups(query, { resume })`) continues exactly where the walk stopped.
import { ApiError, type ResumeCursor } from './errors.js';

export type PagingStrategy =
  | { kind: 'offset'; totalKey: string; defaultLimit: number }
  | { kind: 'marker'; defaultLimit: number }
  | { kind: 'link'; linksKey: string };

/** Fetches one page: resolves to the parsed 2xx body, throws ApiError otherwise. */
export type FetchPage = (query: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>;

export interface WalkOptions {
  service: string;
  itemsKey: string;
  idKey?: string;
  strategy: PagingStrategy;
  /** Pages fetched at the same time (offset strategy only). */
  concurrency: number;
  /** The configured endpoint (link strategy: resolves relative next links). */
  baseUrl: string;
  signal?: AbortSignal | undefined;
  resume?: ResumeCursor | undefined;
  /** Consecutive step-backs before giving up with INCONSISTENT_PAGING (default 100). */
  maxResyncs?: number;
}

type Query = Record<string, unknown>;

export function validateResume(resume: unknown, service: string, strategy: PagingStrategy['kind'], query: Query | undefined): ResumeCursor {
  const c = resume as ResumeCursor | null;
  if (c === null || typeof c !== 'object' || !Array.isArray(c.seen) || typeof c.query !== 'object' || c.query === null) {
    throw new TypeError(`${service}: option \`resume\` must be the \`resume\` cursor of an ApiError thrown by iterateBackups.`);
  }
  if (c.service !== service || c.strategy !== strategy) {
    throw new TypeError(`${service}: option \`resume\` comes from a ${String(c.service)} walk; pass it to the ${String(c.service)} client.`);
  }
  if (query !== undefined && stableStringify(query) !== stableStringify(c.query)) {
    throw new TypeError(`${service}: option \`resume\` was made for a different query; pass the same query (or none) together with it.`);
  }
  if (strategy === 'offset' && (!Number.isInteger(c.offset) || (c.offset as number) < 0)) {
    throw new TypeError(`${service}: option \`resume\` has no valid offset.`);
  }
  return c;
}

export function stableStringify(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`)
    .join(',')}}`;
}

interface InFlight {
  offset: number;
  controller: AbortController;
  promise: Promise<unknown>;
  release: () => void;
}

export async function* walkPages<T>(fetchPage: FetchPage, query: Query | undefined, options: WalkOptions): AsyncGenerator<T, void, undefined> {
  const { service, itemsKey, strategy } = options;
  const idKey = options.idKey ?? 'id';
  const resume = options.resume ? validateResume(options.resume, service, strategy.kind, query) : undefined;
  const original: Query = { ...(resume ? resume.query : (query ?? {})) };
  for (const k of Object.keys(original)) if (original[k] === undefined) delete original[k];
  const seen = new Set<string>(resume?.seen ?? []);
  const userSignal = options.signal;

  const invalid = (message: string, code: 'INVALID_RESPONSE' | 'INCONSISTENT_PAGING' = 'INVALID_RESPONSE') =>
    new ApiError({ status: 200, service, code, message: `${service}: ${message}` });

  const itemsOf = (body: unknown): Record<string, unknown>[] => {
    const items = body !== null && typeof body === 'object' ? (body as Query)[itemsKey] : undefined;
    if (!Array.isArray(items)) throw invalid(`the list response has no \`${itemsKey}\` array.`);
    return items as Record<string, unknown>[];
  };
  const idOf = (item: Record<string, unknown>): string => {
    const id = item !== null && typeof item === 'object' ? item[idKey] : undefined;
    if (typeof id === 'string' && id !== '') return id;
    if (typeof id === 'number') return String(id);
    throw invalid(`an item of \`${itemsKey}\` has no \`${idKey}\`; cannot page through it exactly once.`);
  };

  /** Starts one page request, cancelled by the walk or by the caller's signal. */
  const start = (q: Query, offset: number): InFlight => {
    const controller = new AbortController();
    const onAbort = () => controller.abort(userSignal!.reason);
    if (userSignal) {
      if (userSignal.aborted) controller.abort(userSignal.reason);
      else userSignal.addEventListener('abort', onAbort, { once: true });
    }
    const promise = fetchPage(q, controller.signal);
    promise.catch(() => {}); // awaited later (or deliberately dropped)
    return { offset, controller, promise, release: () => userSignal?.removeEventListener('abort', onAbort) };
  };
  const attach = (error: unknown, cursor: ResumeCursor): unknown => {
    if (userSignal?.aborted) return userSignal.reason;
    return error instanceof ApiError ? error.withResume(cursor) : error;
  };
  const base = { service, strategy: strategy.kind, query: original } as const;

  if (strategy.kind === 'offset') {
    const first = typeof original.offset === 'number' ? original.offset : 0;
    const requested = typeof original.limit === 'number' ? original.limit : strategy.defaultLimit;
    const limit = Math.max(2, requested);
    const step = limit - 1;
    const maxResyncs = options.maxResyncs ?? 100;
    const concurrency = Math.max(1, options.concurrency);
    const cursorAt = (offset: number): ResumeCursor => ({ ...base, offset, seen: [...seen] });
    const queue: InFlight[] = [];
    const dropQueue = () => {
      for (const page of queue) {
        page.controller.abort();
        page.release();
      }
      queue.length = 0;
    };
    let next = resume?.offset ?? first;
    let total: number | undefined;
    let resyncs = 0;
    try {
      for (;;) {
        while (queue.length === 0 || (queue.length < concurrency && total !== undefined && next + 1 < total)) {
          queue.push(start({ ...original, offset: next, limit }, next));
          next += step;
        }
        const head = queue.shift()!;
        let body: unknown;
        try {
          body = await head.promise;
        } catch (error) {
          throw attach(error, cursorAt(head.offset));
        } finally {
          head.release();
        }
        let items: Record<string, unknown>[];
        try {
          items = itemsOf(body);
          const t = (body as Query)[strategy.totalKey];
          total = typeof t === 'number' && Number.isFinite(t) ? t : undefined;
          if (head.offset > first && (items.length === 0 || !seen.has(idOf(items[0]!)))) {
            // Items before this page were deleted since the previous page: step back, re-read.
            if (++resyncs > maxResyncs) {
              throw invalid(`the list kept shifting; gave up after ${maxResyncs} consecutive re-reads at offset ${head.offset}.`, 'INCONSISTENT_PAGING');
            }
            dropQueue();
            next = Math.max(first, Math.min(head.offset - step, total !== undefined ? total - limit : Infinity));
            continue;
          }
          resyncs = 0;
          items.forEach(idOf);
        } catch (error) {
          throw attach(error, cursorAt(head.offset));
        }
        for (const item of items) {
          const id = idOf(item);
          if (seen.has(id)) continue;
          seen.add(id);
          yield item as T;
        }
        if (items.length < limit || (total !== undefined && head.offset + items.length >= total)) return;
      }
    } finally {
      dropQueue();
    }
  }

  // marker and link strategies
  const limit =
    typeof original.limit === 'number' ? original.limit : strategy.kind === 'marker' ? strategy.defaultLimit : undefined;
  let marker = resume ? resume.marker : typeof original.marker === 'string' ? original.marker : undefined;
  let isFirst = resume ? resume.first !== false : true;
  let fallbacks: string[] = [...(resume?.fallbackMarkers ?? [])];
  const cursor = (): ResumeCursor => ({
    ...base,
    first: isFirst,
    seen: [...seen],
    fallbackMarkers: [...fallbacks],
    ...(marker !== undefined ? { marker } : {}),
  });
  for (;;) {
    const q: Query = { ...original };
    if (!isFirst) delete q.offset;
    if (limit !== undefined) q.limit = limit;
    if (marker !== undefined) q.marker = marker;
    else delete q.marker;
    const page = start(q, 0);
    let body: unknown;
    try {
      body = await page.promise;
    } catch (error) {
      if (!isFirst && error instanceof ApiError && error.status === 404 && fallbacks.length > 0 && !userSignal?.aborted) {
        // The marker item was deleted since the previous page: continue from the item before it.
        marker = fallbacks.pop();
        continue;
      }
      throw attach(error, cursor());
    } finally {
      page.release();
    }
    let items: Record<string, unknown>[];
    let nextMarker: string | undefined;
    try {
      items = itemsOf(body);
      const ids = items.map(idOf);
      if (strategy.kind === 'link') {
        nextMarker = nextMarkerFromLinks((body as Query)[strategy.linksKey], options.baseUrl, service);
        if (nextMarker === undefined && limit !== undefined && limit > 0 && items.length >= limit) nextMarker = ids[ids.length - 1];
      } else if (limit !== undefined && items.length >= limit && items.length > 0) {
        nextMarker = ids[ids.length - 1];
      }
      if (nextMarker !== undefined && nextMarker === marker) {
        throw invalid(`the next page would start at the same marker ${JSON.stringify(marker)} again.`, 'INCONSISTENT_PAGING');
      }
      fallbacks = ids.slice(0, -1);
    } catch (error) {
      throw attach(error, cursor());
    }
    isFirst = false;
    marker = nextMarker;
    for (const item of items) {
      const id = idOf(item);
      if (seen.has(id)) continue;
      seen.add(id);
      yield item as T;
    }
    if (nextMarker === undefined) return;
  }
}

/** The `marker` of the `rel: next` link, or undefined when there is no next link. The href is never requested. */
export function nextMarkerFromLinks(links: unknown, baseUrl: string, service: string): string | undefined {
  if (links === undefined || links === null) return undefined;
  if (!Array.isArray(links)) throw new ApiError({ status: 200, service, code: 'INVALID_RESPONSE', message: `${service}: the page links are not an array.` });
  const next = links.find((l) => l !== null && typeof l === 'object' && (l as Query).rel === 'next') as Query | undefined;
  if (!next) return undefined;
  let url: URL;
  try {
    url = new URL(String(next.href), `${baseUrl}/`);
  } catch {
    throw new ApiError({ status: 200, service, code: 'INVALID_RESPONSE', message: `${service}: the next link is not a URL.` });
  }
  const marker = url.searchParams.get('marker');
  if (!marker) throw new ApiError({ status: 200, service, code: 'INVALID_RESPONSE', message: `${service}: the next link has no \`marker\` parameter.` });
  return marker;
}
