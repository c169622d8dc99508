// What the shared walk (../paging.ts) and the pagers (offset.ts, marker.ts, link.ts) agree on.
import type { RecentIds } from './window.js';

export type PagingKind = 'offset' | 'marker' | 'link';

/**
 * A service's paging style, chosen by its module in src/<api>/index.ts, with its pager: the module
 * imports the one it uses, so a bundle of one client carries one pager.
 */
export type PagingStrategy = (
  | { kind: 'offset'; totalKey: string; defaultLimit: number }
  | { kind: 'marker'; defaultLimit: number }
  | { kind: 'link'; linksKey: string }
) & { pager: (ctx: WalkContext) => Pager };

export type Query = Record<string, unknown>;

/** Fetches one page: resolves to the parsed 2xx body, rejects with an ApiError otherwise. */
export type FetchPage = (query: Query, init: { signal: AbortSignal }) => Promise<unknown>;

/** A page request in flight; `cancel` aborts it when the walk no longer needs it. */
export interface PageRequest {
  readonly promise: Promise<unknown>;
  cancel(): void;
}

/** A page as the pager hands it to the shared loop: items in order, their ids, and whether it was the last. */
export interface Page {
  readonly items: readonly unknown[];
  readonly ids: readonly string[];
  readonly done: boolean;
}

/** The walk's shared state and services, given to every pager. */
export interface WalkContext {
  readonly service: string;
  /** The walk's query without `undefined` members (the cursor's query). */
  readonly query: Query;
  readonly strategy: PagingStrategy;
  readonly concurrency: number;
  readonly baseUrl: string;
  /** The ids yielded most recently (dedupe, page positions, fallback markers). */
  readonly window: RecentIds;
  /** The position a resumed walk starts from. */
  readonly resume: { offset?: number; marker?: string } | undefined;
  /** Starts one page request, cancelled with the walk (caller's signal) or by `cancel()`. */
  request(query: Query): PageRequest;
  /** The page's items and their ids; an ApiError when the body has no items array or an item no id. */
  read(body: unknown): { items: unknown[]; ids: string[] };
  /** Whether the caller's signal has aborted the walk. */
  aborted(): boolean;
}

/** One paging style: reads pages in order and knows where the walk stands. */
export interface Pager {
  /** The next page to yield (after any step-backs and re-reads). */
  next(): Promise<Page>;
  /** Where the next page starts, for the resume cursor. */
  position(): { offset?: number; marker?: string };
  /** Cancels prefetched requests (the walk ended or failed). */
  stop(): void;
}
