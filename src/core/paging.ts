// The paging engine behind `iterateBackups`: yields every item of every page exactly once, in the
// server's order. One small pager per paging style (paging/offset.ts, paging/marker.ts,
// paging/link.ts) decides which page comes next and where it starts; the loop below is shared: it
// yields the items not yet in the window of recently yielded ids (paging/window.ts) and, when a
// request fails, attaches a resume cursor (paging/cursor.ts) made of the pager's position and that
// window. Memory and the cursor stay bounded however long the walk runs.
//
// Interface with the client: the client passes `fetchPage(query, { signal })`, which resolves to a
// page's parsed 2xx body or rejects with an ApiError, and gets an async generator of items.
import { ApiError } from './errors.js';
import { validateResume, type ResumeCursor } from './paging/cursor.js';
import type { FetchPage, PageRequest, Pager, PagingStrategy, Query, WalkContext } from './paging/types.js';
import { RecentIds, windowSize } from './paging/window.js';

export { stableStringify, validateResume, type ResumeCursor } from './paging/cursor.js';
export { nextMarkerFromLinks } from './paging/link.js';
export type { FetchPage, PagingStrategy } from './paging/types.js';

export interface WalkOptions {
  service: string;
  itemsKey: string;
  idKey?: string;
  strategy: PagingStrategy;
  /** Pages in flight at the same time (offset paging only). */
  concurrency: number;
  /** The configured endpoint (link paging: resolves relative next links). */
  baseUrl: string;
  signal?: AbortSignal | undefined;
  resume?: ResumeCursor | undefined;
}

export async function* walkPages<T>(fetchPage: FetchPage, query: Query | undefined, options: WalkOptions): AsyncGenerator<T, void, undefined> {
  const resume = options.resume ? validateResume(options.resume, options.service, options.strategy.kind, query) : undefined;
  const requests = new Set<AbortController>();
  const ctx = createContext(fetchPage, requests, resume?.query ?? query ?? {}, options, resume);
  const pager = options.strategy.pager(ctx);
  // One listener on the caller's signal for the whole walk, however many pages are in flight.
  const signal = options.signal;
  const onAbort = () => requests.forEach((controller) => controller.abort(signal!.reason));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      let page;
      try {
        page = await pager.next();
      } catch (error) {
        throw withCursor(error, ctx, pager, signal);
      }
      for (let i = 0; i < page.items.length; i++) if (ctx.window.remember(page.ids[i]!)) yield page.items[i] as T;
      if (page.done) return;
    }
  } finally {
    pager.stop();
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The caller's abort reason as is; an ApiError with where to resume (unless the position is lost). */
function withCursor(error: unknown, ctx: WalkContext, pager: Pager, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  if (!(error instanceof ApiError) || error.code === 'POSITION_LOST') return error;
  const { window } = ctx;
  const cursor: ResumeCursor = { service: ctx.service, strategy: ctx.strategy.kind, query: ctx.query, ...pager.position(), recent: window.toArray(), ...(window.complete ? { complete: true } : {}) };
  return error.withResume(cursor);
}

function createContext(fetchPage: FetchPage, requests: Set<AbortController>, query: Query, options: WalkOptions, resume: ResumeCursor | undefined): WalkContext {
  const { service, itemsKey, strategy, signal } = options;
  const idKey = options.idKey ?? 'id';
  const clean: Query = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined) clean[k] = v;
  const limit = typeof clean.limit === 'number' ? clean.limit : 'defaultLimit' in strategy ? strategy.defaultLimit : undefined;
  const invalid = (message: string) => new ApiError({ status: 200, service, code: 'INVALID_RESPONSE', message: `${service}: ${message}` });
  const idOf = (item: unknown): string => {
    const id = item !== null && typeof item === 'object' ? (item as Query)[idKey] : undefined;
    if (typeof id === 'string' && id !== '') return id;
    if (typeof id === 'number') return String(id);
    throw invalid(`an item of \`${itemsKey}\` has no \`${idKey}\`; cannot page through it exactly once.`);
  };
  return {
    service,
    query: clean,
    strategy,
    concurrency: Math.max(1, options.concurrency),
    baseUrl: options.baseUrl,
    window: new RecentIds(windowSize(limit), resume?.recent, resume ? resume.complete === true : true),
    resume: resume && { ...(resume.offset !== undefined ? { offset: resume.offset } : {}), ...(resume.marker !== undefined ? { marker: resume.marker } : {}) },
    aborted: () => signal?.aborted === true,
    request(q: Query): PageRequest {
      const controller = new AbortController();
      if (signal?.aborted) controller.abort(signal.reason);
      requests.add(controller);
      const promise = fetchPage(q, { signal: controller.signal });
      const settle = () => requests.delete(controller);
      promise.then(settle, settle); // also marks a dropped page's rejection as handled
      return { promise, cancel: () => controller.abort() };
    },
    read(body: unknown) {
      const items = body !== null && typeof body === 'object' ? (body as Query)[itemsKey] : undefined;
      if (!Array.isArray(items)) throw invalid(`the list response has no \`${itemsKey}\` array.`);
      return { items, ids: items.map(idOf) };
    },
  };
}
