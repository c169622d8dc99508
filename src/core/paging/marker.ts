// Marker paging (csbs): each request carries the id of the last item of the previous page. When
// that item was deleted in between (the server answers 404), the walk steps back through the
// window, newest first, and continues after the newest id that still exists; the items it shows
// again are in the window and are not yielded twice. Only when every id of the window is gone does
// the walk stop, with POSITION_LOST (or, when the window still holds every id yielded, start over). The link pager (vbs) is this pager with another way to find
// the next marker.
import { ApiError } from '../errors.js';
import { positionLost } from './lost.js';
import type { Page, Pager, PagingStrategy, Query, WalkContext } from './types.js';

/** The marker of the page after this one, or undefined when this page is the last. */
export type NextMarker = (body: unknown, ids: readonly string[]) => string | undefined;

/** The server's answer to a marker that names no stored item (csbs and Cinder: 404). */
function markerGone(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 404;
}

export function markerPager(ctx: WalkContext, limit: number | undefined, nextMarker: NextMarker): Pager {
  let marker = ctx.resume?.marker; // undefined: the walk's first request (the query's own marker and offset)
  const requestQuery = (): Query => {
    const q: Query = { ...ctx.query };
    if (limit !== undefined) q.limit = limit;
    if (marker !== undefined) {
      delete q.offset; // the caller's offset applies to the first page only
      q.marker = marker;
    }
    return q;
  };
  return {
    position: () => (marker === undefined ? {} : { marker }),
    stop: () => {},
    async next(): Promise<Page> {
      for (;;) {
        const query = requestQuery();
        let body: unknown;
        try {
          body = await ctx.request(query).promise;
        } catch (error) {
          if (marker === undefined || !markerGone(error) || ctx.aborted()) throw error;
          // The 404'd id stays in the window: a server that said "gone" too early (a lagging
          // replica) may list it again on the older marker's page, and it must not be yielded twice.
          const older = ctx.window.olderThan(marker);
          // With every id of a complete window gone, nothing yielded is left: start over, which yields only new items.
          if (older === undefined && !ctx.window.complete) throw positionLost(ctx, 'every one answered 404 as marker', error);
          marker = older;
          continue;
        }
        const { items, ids } = ctx.read(body);
        const following = nextMarker(body, ids);
        if (following !== undefined && following === query.marker) {
          throw new ApiError({ status: 200, service: ctx.service, code: 'INCONSISTENT_PAGING', message: `${ctx.service}: the next page would start at the same marker ${JSON.stringify(following)} again.` });
        }
        marker = following;
        return { items, ids, done: following === undefined };
      }
    },
  };
}

/** csbs: a full page continues after its last item. */
export function plainMarkerPager(ctx: WalkContext): Pager {
  const strategy = ctx.strategy as Extract<PagingStrategy, { kind: 'marker' }>;
  const limit = typeof ctx.query.limit === 'number' ? ctx.query.limit : strategy.defaultLimit;
  return markerPager(ctx, limit, (_body, ids) => (ids.length > 0 && ids.length >= limit ? ids[ids.length - 1] : undefined));
}
