// Offset paging (cbr `count`, geminidb `total_count`). Consecutive pages overlap by one item, and
// a page is never assumed to start where it was requested: it starts right after the newest id of
// the window that it contains. Items before that id were yielded or are new (inserted before the
// walk's position); a page without any window id means items before it were deleted since, and the
// walk steps back and re-reads (back to the walk's first offset at most). Once the first page gives the total, up to `concurrency` pages are
// in flight; each one freed is refilled at once (a sliding window, not batches). The walk ends on
// a short page only: the total may lag the pages.
import { positionLost } from './lost.js';
import type { Page, PageRequest, Pager, PagingStrategy, WalkContext } from './types.js';
import type { RecentIds } from './window.js';

interface Pending {
  readonly offset: number;
  readonly request: PageRequest;
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
  const queue: Pending[] = [];
  let next = ctx.resume?.offset ?? first;
  let position = next;
  let total: number | undefined;
  let searching = false; // stepping back after a miss: one page at a time until a page matches

  const fill = () => {
    const inFlight = searching ? 1 : ctx.concurrency;
    while (queue.length === 0 || (queue.length < inFlight && total !== undefined && next + 1 < total)) {
      queue.push({ offset: next, request: ctx.request({ ...ctx.query, offset: next, limit }) });
      next += step;
    }
  };
  const stop = () => {
    for (const pending of queue) pending.request.cancel();
    queue.length = 0;
  };

  return {
    position: () => ({ offset: position }),
    stop,
    async next(): Promise<Page> {
      for (;;) {
        fill();
        const head = queue.shift()!;
        position = head.offset;
        const body = await head.request.promise;
        const { items, ids } = ctx.read(body);
        const t = (body as Record<string, unknown>)[strategy.totalKey];
        total = typeof t === 'number' && Number.isFinite(t) ? t : undefined;
        let start = startAfterWindow(ids, ctx.window);
        if (start === undefined && head.offset <= first) {
          // Back at the start and none of the window is left: if the window holds every id yielded,
          // all of them are gone and the page is new from its first item; otherwise the position is lost.
          if (!ctx.window.complete) throw positionLost(ctx, `searched back to offset ${first}`);
          start = 0;
        }
        searching = start === undefined;
        if (start === undefined) {
          stop();
          next = Math.max(first, Math.min(head.offset - step, total !== undefined ? total - limit : Infinity));
          continue;
        }
        position = head.offset + step;
        return { items: items.slice(start), ids: ids.slice(start), done: items.length < limit };
      }
    },
  };
}
