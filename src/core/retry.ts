// The retrying fetch given to openapi-fetch (`createClient({ fetch })`): middleware (auth) runs
// before it, so every attempt carries the same authenticated request.
//
// - Only idempotent methods (GET, HEAD, OPTIONS) are retried.
// - Retried: network errors, 429, 500, 502, 503, 504. Never any other status.
// - Delay: `Retry-After` (seconds or HTTP date) when the answer has one, otherwise exponential
//   backoff with full jitter: random() * min(maxDelayMs, baseDelayMs * 2^(retry-1)).
// - Bounded by `attempts` (total tries) and by `timeoutMs`, a deadline for the whole call including
//   reading the body: an attempt still running at the deadline is aborted, and a retry whose delay
//   would end after the deadline is not made (the last answer is returned instead).
// - The caller's AbortSignal (the Request's) aborts everything at once, with the signal's reason.
import { ApiError } from './errors.js';

export interface RetryOptions {
  /** Total tries, first included (default 4; 1 disables retries). */
  attempts?: number;
  /** Backoff base in ms (default 200). */
  baseDelayMs?: number;
  /** Backoff cap in ms (default 10000; does not cap a server's Retry-After). */
  maxDelayMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = { attempts: 4, baseDelayMs: 200, maxDelayMs: 10_000 };
export const DEFAULT_TIMEOUT_MS = 60_000;
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
export type FetchLike = (input: Request) => Promise<Response>;

export interface RetryingFetchOptions extends RetryOptions {
  service: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Injectable for tests. */
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  redact?: (s: string) => string;
  /** Called before each retry (for logging or tests); never receives headers. */
  onRetry?: (info: { attempt: number; delayMs: number; status?: number; error?: unknown }) => void;
}

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** `Retry-After` as milliseconds from `nowMs`: delta-seconds or an HTTP date; undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined; // not a date either (e.g. "-5", "1.5")
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Full-jitter exponential backoff for the `retry`-th retry (1-based). */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

function isAbortOf(signal: AbortSignal, error: unknown): boolean {
  return signal.aborted && (error === signal.reason || (error instanceof Error && error.name === 'AbortError'));
}

export function createRetryingFetch(options: RetryingFetchOptions): FetchLike {
  const baseFetch: FetchLike = options.fetch ?? ((input) => globalThis.fetch(input));
  const attempts = options.attempts ?? DEFAULT_RETRY.attempts;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const { service, redact } = options;

  return async function retryingFetch(request: Request): Promise<Response> {
    const userSignal = request.signal;
    const method = request.method.toUpperCase();
    const retryable = IDEMPOTENT_METHODS.has(method);
    const deadline = now() + timeoutMs;
    const fail = (code: 'NETWORK_ERROR' | 'TIMEOUT', message: string, cause?: unknown) =>
      new ApiError({ status: 0, service, code, message, method, url: request.url, cause }, redact);
    const timeoutMessage = () => `${service}: ${method} ${new URL(request.url).pathname} timed out after ${timeoutMs} ms (option \`timeoutMs\`)`;

    for (let attempt = 1; ; attempt++) {
      if (userSignal.aborted) throw userSignal.reason;
      const remaining = deadline - now();
      if (remaining <= 0) throw fail('TIMEOUT', timeoutMessage());

      const controller = new AbortController();
      let timedOut = false;
      const onUserAbort = () => controller.abort(userSignal.reason);
      userSignal.addEventListener('abort', onUserAbort, { once: true });
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
      }, remaining);

      let response: Response | undefined;
      let error: unknown;
      try {
        const attemptRequest = new Request(request.clone(), { signal: controller.signal });
        const raw = await baseFetch(attemptRequest);
        // Read the body inside the deadline, so that a stalled body is also bounded and retried.
        const noBody = raw.status === 204 || raw.status === 205 || raw.status === 304 || method === 'HEAD';
        const buffer = noBody ? null : await raw.arrayBuffer();
        response = new Response(buffer, { status: raw.status, statusText: raw.statusText, headers: raw.headers });
        // Keep the URL (a constructed Response has none): errors name the request they are about.
        Object.defineProperty(response, 'url', { value: raw.url || request.url });
      } catch (caught) {
        error = caught;
      } finally {
        clearTimeout(timer);
        userSignal.removeEventListener('abort', onUserAbort);
      }

      if (error !== undefined) {
        if (userSignal.aborted && !timedOut) throw userSignal.reason;
        if (timedOut || isAbortOf(controller.signal, error)) throw fail('TIMEOUT', timeoutMessage(), error);
        if (error instanceof ApiError) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        const message = `${service}: ${method} ${new URL(request.url).pathname} failed without a response${attempt > 1 ? ` after ${attempt} attempts` : ''}: ${detail}`;
        if (!retryable || attempt >= attempts) throw fail('NETWORK_ERROR', message, error);
        const delayMs = backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
        if (now() + delayMs >= deadline) throw fail('NETWORK_ERROR', message, error);
        options.onRetry?.({ attempt, delayMs, error });
        await sleep(delayMs, userSignal);
        continue;
      }

      const res = response!;
      if (!retryable || !RETRYABLE_STATUSES.has(res.status) || attempt >= attempts) return res;
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'), now());
      const delayMs = retryAfter ?? backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
      if (now() + delayMs >= deadline) return res;
      options.onRetry?.({ attempt, delayMs, status: res.status });
      await sleep(delayMs, userSignal);
    }
  };
}
