// Link paging (vbs, Cinder `backups_links`): the marker is read out of the `next` link and the
// query is sent again to the configured endpoint. The href is never requested, so a link to another
// host or scheme is never followed. Without a link, a full page still continues after its last item
// (as openstacksdk does). Stepping back over deleted markers is the marker pager's.
import { ApiError } from '../errors.js';
import { markerPager } from './marker.js';
import type { Pager, PagingStrategy, Query, WalkContext } from './types.js';

/** The `marker` of the `rel: next` link, or undefined when there is no next link. The href is never requested. */
export function nextMarkerFromLinks(links: unknown, baseUrl: string, service: string): string | undefined {
  const invalid = (what: string) => new ApiError({ status: 200, service, code: 'INVALID_RESPONSE', message: `${service}: ${what}.` });
  if (links === undefined || links === null) return undefined;
  if (!Array.isArray(links)) throw invalid('the page links are not an array');
  const next = links.find((l) => l !== null && typeof l === 'object' && (l as Query).rel === 'next') as Query | undefined;
  if (!next) return undefined;
  let url: URL;
  try {
    url = new URL(String(next.href), `${baseUrl}/`);
  } catch {
    throw invalid('the next link is not a URL');
  }
  const marker = url.searchParams.get('marker');
  if (!marker) throw invalid('the next link has no `marker` parameter');
  return marker;
}

export function linkPager(ctx: WalkContext): Pager {
  const strategy = ctx.strategy as Extract<PagingStrategy, { kind: 'link' }>;
  const limit = typeof ctx.query.limit === 'number' ? ctx.query.limit : undefined;
  return markerPager(ctx, limit, (body, ids) => {
    const linked = nextMarkerFromLinks((body as Query)[strategy.linksKey], ctx.baseUrl, ctx.service);
    if (linked !== undefined) return linked;
    return limit !== undefined && ids.length > 0 && ids.length >= limit ? ids[ids.length - 1] : undefined;
  });
}
