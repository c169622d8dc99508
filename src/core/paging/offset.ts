// Offset paging (cbr `count`, geminidb `total_count`). Consecutive pages overlap by one item, and
// a page is never assumed to start where it was requested: it starts right after the newest id of
// the window that it contains. Items before that id were yielded or are new (inserted before the
// walk's position); a page without any window id means items before it were deleted since, and the
// walk steps back and re-reads (back to the walk's first offset at most). Once the first page gives
// the total, up to `concurrency` pages are in flight; each answer frees its slot at once (a sliding
// window, not batches). The walk ends on a short page only: the total may lag the pages.
import { positionLost } from './lost.js';
import type { Page, PageRequest, Pager, PagingStrategy, WalkContext } from './types.js';
import type { RecentIds } from './window.js';

interface Pending {
  readonly offset: number;
  readonly request: PageRequest;
}

/**
 * The pages requested ahead, in offset order. A slot is refilled as soon as its answer arrives,
 * not when the walk has yielded it (answers of a batch arrive together; waiting for the consumer
 * would start the next requests one page-yield late each). Requests in flight stay at `width` or
 * fewer, and answered pages not yet yielded at `width` more at most.
 */
function prefetcher(ctx: WalkContext, limit: number, step: number, start: number) {
  const queue: Pending[] = [];
  let inFlight = 0;
  let next = start;
  let stopped = false;
  const state = { total: undefined as number | undefined, width: ctx.concurrency };
  /** Requests pages ahead while there is room; `needOne`: also when nothing is known ahead (the next page is wanted now). */
  const fill = (needOne = false): void => {
    const ahead = () => state.total !== undefined && next < state.total && inFlight < state.width && queue.length < 2 * state.width;
    while (!stopped && ((needOne && queue.length === 0) || ahead())) {
      const request = ctx.request({ ...ctx.query, offset: next, limit });
      inFlight++;
      request.promise.then(answered, () => inFlight--); // after a failure the walk throws: nothing more to request
      queue.push({ offset: next, request });
      next += step;
    }
  };
  const answered = (): void => {
    inFlight--;
    fill();
  };
  const cancel = (): void => {
    for (const pending of queue) pending.request.cancel();
    queue.length = 0;
  };
  return {
    state,
    fill: () => fill(),
    /** The next page in offset order (requested now if nothing is ahead). */
    take: (): Pending => (fill(true), queue.shift()!),
    /** Drops what was requested ahead; the next page is read at `offset`. */
    restartAt(offset: number): void {
      cancel();
      next = offset;
    },
    stop(): void {
      stopped = true;
      cancel();
    },
  };
}

/** Index of the first item after the newest remembered id; 0 when nothing is remembered yet; undefined when no id matches. */
export function startAfterWindow(ids: readonly string[], window: RecentIds): number | undefined {
  if (window.size === 0) return 0;
  for (let i = ids.length - 1; i >= 0; i--) if (window.has(ids[i]!)) return i + 1;
  return undefined;
}

export function offsetPager(ctx: WalkContext): Pager {
  const strategy = ctx.strategy as Extract<PagingStrategy, { kind: 'offset' }>;
  const first = typeof ctx.query.offset === 'number' ? ctx.query.offset : 0;
  const limit = Math.max(2, typeof ctx.query.limit === 'number' ? ctx.query.limit : strategy.defaultLimit);
  const step = limit - 1;
  const ahead = prefetcher(ctx, limit, step, ctx.resume?.offset ?? first);
  let position = ctx.resume?.offset ?? first;

  return {
    position: () => ({ offset: position }),
    stop: ahead.stop,
    async next(): Promise<Page> {
      for (;;) {
        const head = ahead.take();
        position = head.offset;
        const body = await head.request.promise;
        const { items, ids } = ctx.read(body);
        const t = (body as Record<string, unknown>)[strategy.totalKey];
        const total = (ahead.state.total = typeof t === 'number' && Number.isFinite(t) ? t : undefined);
        let start = startAfterWindow(ids, ctx.window);
        if (start === undefined && head.offset <= first) {
          // Back at the start and none of the window is left: if the window holds every id yielded,
          // all of them are gone and the page is new from its first item; otherwise the position is lost.
          if (!ctx.window.complete) throw positionLost(ctx, `searched back to offset ${first}`);
          start = 0;
        }
        // After a miss, one page at a time until a page shows where the walk is.
        ahead.state.width = start === undefined ? 1 : ctx.concurrency;
        if (start === undefined) {
          ahead.restartAt(Math.max(first, Math.min(head.offset - step, total !== undefined ? total - limit : Infinity)));
          continue;
        }
        ahead.fill(); // the total is known now: request ahead before this page is yielded
        position = head.offset + step;
        return { items: items.slice(start), ids: ids.slice(start), done: items.length < limit };
      }
    },
  };
}
