// The bounded memory of a walk: the ids yielded most recently, oldest first. One window serves
// three purposes: it drops items a shifted page shows again (dedupe), it tells the offset pager
// where a page starts (the newest remembered id on the page), and it gives the marker pagers
// older markers to step back to when the marker item is deleted. Its size does not grow with the
// walk: two pages, never fewer than 64 ids and never more than 1,024 (so that a resume cursor
// holding it stays below 48 KB even at `limit: 1000`).

export const WINDOW_MIN = 64;
export const WINDOW_MAX = 1024;

/** The window size for a page size (`undefined`: the server's default page, assumed large). */
export function windowSize(limit: number | undefined): number {
  return Math.min(WINDOW_MAX, Math.max(WINDOW_MIN, 2 * (limit ?? WINDOW_MAX)));
}

export class RecentIds {
  // A Set keeps insertion order: its first value is the oldest id.
  readonly #ids = new Set<string>();
  #complete: boolean;

  /** `complete`: `initial` holds every id the walk has yielded so far. */
  constructor(
    readonly capacity: number,
    initial: readonly string[] = [],
    complete = true,
  ) {
    for (const id of initial.slice(-capacity)) this.#ids.add(id);
    this.#complete = complete && initial.length <= capacity;
  }

  /** True while nothing has been dropped: the window then holds every id the walk has yielded. */
  get complete(): boolean {
    return this.#complete;
  }

  get size(): number {
    return this.#ids.size;
  }

  has(id: string): boolean {
    return this.#ids.has(id);
  }

  /** Adds an id not seen in the window; false when it is already there (a duplicate). */
  remember(id: string): boolean {
    if (this.#ids.has(id)) return false;
    this.#ids.add(id);
    if (this.#ids.size > this.capacity) {
      this.#ids.delete(this.#ids.values().next().value as string);
      this.#complete = false;
    }
    return true;
  }

  /** The id remembered just before `id`, or the newest id when `id` is not in the window. */
  olderThan(id: string | undefined): string | undefined {
    const ids = [...this.#ids];
    const at = id === undefined ? -1 : ids.lastIndexOf(id);
    return at < 0 ? ids[ids.length - 1] : ids[at - 1];
  }

  /** Oldest first; what the resume cursor stores. */
  toArray(): string[] {
    return [...this.#ids];
  }
}
