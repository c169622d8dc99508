// The resume cursor: where a walk stopped, as small plain JSON. It holds the query, the position
// (the offset of the next page, or the marker of the next request) and the window of recently
// yielded ids, so its size does not depend on how long the walk ran. A user may store it and pass
// it back in another process: `iterateBackups(query, { resume: error.resume })`.
import type { PagingKind } from './types.js';

/** Where an `iterateBackups` walk stopped; pass it back as `{ resume }` to continue exactly there. */
export interface ResumeCursor {
  readonly service: string;
  readonly strategy: PagingKind;
  /** The query of the original walk (without the paging position). */
  readonly query: Readonly<Record<string, unknown>>;
  /** offset paging: the offset of the next page to read. */
  readonly offset?: number;
  /** marker and link paging: the marker of the next request; absent while no page has been read. */
  readonly marker?: string;
  /** The ids yielded most recently, oldest first (at most 1,024): not yielded again, and older positions to step back to. */
  readonly recent: readonly string[];
  /** Present (true) while `recent` still holds every id the walk has yielded. */
  readonly complete?: true;
}

type Query = Record<string, unknown>;

/** Checks a cursor passed back by the caller; the TypeError says what is wrong with it. */
export function validateResume(resume: unknown, service: string, strategy: PagingKind, query: Query | undefined): ResumeCursor {
  const c = resume as Partial<ResumeCursor> | null;
  const shaped =
    c !== null && typeof c === 'object' && typeof c.query === 'object' && c.query !== null && Array.isArray(c.recent) && c.recent.every((id) => typeof id === 'string');
  if (!shaped) {
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
  if (c.complete !== undefined && c.complete !== true) {
    throw new TypeError(`${service}: option \`resume\` has an invalid \`complete\` flag.`);
  }
  if (strategy !== 'offset' && c.marker !== undefined && (typeof c.marker !== 'string' || c.marker === '')) {
    throw new TypeError(`${service}: option \`resume\` has an invalid marker.`);
  }
  return c as ResumeCursor;
}

/** JSON with sorted keys and without undefined members: equal queries give equal strings. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Query;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`)
    .join(',')}}`;
}
