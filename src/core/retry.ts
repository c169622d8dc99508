// Retries and the deadline, in three parts: `retryDelay` decides whether and when to try again (a
// pure function of the outcome), `startCall` holds one call's deadline and cancellation, and
// `runAttempts` runs attempts until one is final. The page fetcher (fetcher.ts) and the retrying
// fetch given to openapi-fetch (`createRetryingFetch`) both run on them.
//
// - Only idempotent methods (GET, HEAD, OPTIONS) are retried.
// - Retried: network errors, 429, 500, 502, 503, 504. Never any other status, never a redirect.
// - Delay: `Retry-After` (seconds or HTTP date) when the answer has one, otherwise exponential
//   backoff with full jitter: random() * min(maxDelayMs, baseDelayMs * 2^(retry-1)).
// - Bounded by `attempts` (total tries) and by `timeoutMs`, a deadline for the whole call including
//   reading the body: an attempt still running at the deadline is aborted, and a retry whose delay
//   would end after the deadline is not made (the last answer is returned instead).
// - The caller's AbortSignal aborts everything at once, with the signal's reason.
import { ApiError, safePath } from './errors.js';
import type { Redact } from './redact.js';

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
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;
export type FetchLike = (input: Request) => Promise<Response>;

export interface RetryPolicy extends Required<RetryOptions> {
  timeoutMs: number;
  sleep: Sleep;
  random: () => number;
  now: () => number;
}

export interface RetryingFetchOptions extends RetryOptions {
  service: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Injectable for tests. */
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  redact?: Redact;
}

const defaultSleep: Sleep = (ms, signal) =>
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

export function retryPolicy(options: RetryOptions & { timeoutMs?: number; sleep?: Sleep; random?: () => number; now?: () => number }): RetryPolicy {
  return {
    attempts: options.attempts ?? DEFAULT_RETRY.attempts,
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}

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

/** How an attempt ended: an answer (status and headers) or an error without one. */
export type Outcome = { status: number; headers: Headers } | { error: unknown };

/** Milliseconds to wait before the next try, or undefined when `outcome` is final. */
export function retryDelay(policy: RetryPolicy, attempt: number, outcome: Outcome, deadline: number): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  const backoff = () => backoffDelay(attempt, policy.baseDelayMs, policy.maxDelayMs, policy.random);
  let delay: number;
  if ('error' in outcome) delay = backoff();
  else if (!RETRYABLE_STATUSES.has(outcome.status)) return undefined;
  else delay = parseRetryAfter(outcome.headers.get('retry-after'), policy.now()) ?? backoff();
  return policy.now() + delay < deadline ? delay : undefined;
}

/** One call's deadline and cancellation: one controller and one timer, whatever the number of attempts. */
export interface Call {
  readonly signal: AbortSignal;
  readonly deadline: number;
  /** The caller's signal, if it aborted (its reason is what the call rejects with). */
  readonly userSignal: AbortSignal | undefined;
  timedOut(): boolean;
  end(): void;
}

/** The calls following each caller signal: one `abort` listener per signal, however many calls share it. */
const followers = new WeakMap<AbortSignal, Set<AbortController>>();

function follow(signal: AbortSignal, controller: AbortController): () => void {
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => {};
  }
  let calls = followers.get(signal);
  if (calls === undefined) {
    const set = new Set<AbortController>();
    followers.set(signal, (calls = set));
    signal.addEventListener('abort', () => set.forEach((c) => c.abort(signal.reason)), { once: true });
  }
  calls.add(controller);
  return () => calls.delete(controller);
}

export function startCall(policy: RetryPolicy, userSignal: AbortSignal | undefined): Call {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
  }, policy.timeoutMs);
  const unfollow = userSignal ? follow(userSignal, controller) : undefined;
  return {
    signal: controller.signal,
    deadline: policy.now() + policy.timeoutMs,
    userSignal,
    timedOut: () => timedOut,
    end() {
      clearTimeout(timer);
      unfollow?.();
    },
  };
}

export interface AttemptContext {
  service: string;
  method: string;
  url: string;
  redact?: Redact | undefined;
}

/** The ApiError for a call that ended without an answer. */
function noAnswerError(ctx: AttemptContext, call: Call, policy: RetryPolicy, attempts: number, cause: unknown): ApiError {
  const { service, method, url } = ctx;
  const path = safePath(url);
  if (call.timedOut() || policy.now() >= call.deadline) {
    const message = `${service}: ${method} ${path} timed out after ${policy.timeoutMs} ms (option \`timeoutMs\`)`;
    return new ApiError({ status: 0, service, code: 'TIMEOUT', message, method, url, cause }, ctx.redact);
  }
  const detail = cause instanceof Error ? cause.message : String(cause);
  const message = `${service}: ${method} ${path} failed without a response${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${detail}`;
  return new ApiError({ status: 0, service, code: 'NETWORK_ERROR', message, method, url, cause }, ctx.redact);
}

/**
 * Runs `attempt` until its answer is final (or the attempts, the deadline or the caller end it).
 * An ApiError thrown by an attempt (a redirect, an unusable body) is final as it is.
 */
export async function runAttempts<T extends { status: number; headers: Headers }>(
  policy: RetryPolicy,
  call: Call,
  ctx: AttemptContext,
  attempt: () => Promise<T>,
): Promise<T> {
  const retryable = IDEMPOTENT_METHODS.has(ctx.method);
  for (let n = 1; ; n++) {
    let outcome: T | { error: unknown };
    try {
      outcome = await attempt();
    } catch (error) {
      if (call.userSignal?.aborted && !call.timedOut()) throw call.userSignal.reason;
      if (error instanceof ApiError) throw error;
      if (call.signal.aborted) throw noAnswerError(ctx, call, policy, n, error);
      outcome = { error };
    }
    const delay = retryable ? retryDelay(policy, n, outcome, call.deadline) : undefined;
    if (delay === undefined) {
      if ('error' in outcome) throw noAnswerError(ctx, call, policy, n, outcome.error);
      return outcome;
    }
    try {
      await policy.sleep(delay, call.signal);
    } catch (error) {
      if (call.userSignal?.aborted && !call.timedOut()) throw call.userSignal.reason;
      throw noAnswerError(ctx, call, policy, n, error);
    }
  }
}

/** A buffered copy of `raw` (the body read inside the deadline), keeping its URL. */
async function buffered(raw: Response, method: string, requestUrl: string): Promise<Response> {
  if (raw.type === 'opaqueredirect') return raw;
  const noBody = raw.status === 204 || raw.status === 205 || raw.status === 304 || method === 'HEAD';
  const body = noBody ? null : await raw.arrayBuffer();
  const response = new Response(body, { status: raw.status, statusText: raw.statusText, headers: raw.headers });
  Object.defineProperty(response, 'url', { value: raw.url || requestUrl });
  return response;
}

/** The fetch given to openapi-fetch (`api`): same retries and deadline, answers buffered as Responses. */
export function createRetryingFetch(options: RetryingFetchOptions): FetchLike {
  const baseFetch: FetchLike = options.fetch ?? ((input) => globalThis.fetch(input));
  const policy = retryPolicy(options);
  return async function retryingFetch(request: Request): Promise<Response> {
    const method = request.method.toUpperCase();
    const call = startCall(policy, request.signal);
    try {
      const attemptRequest = new Request(request, { signal: call.signal });
      const ctx = { service: options.service, method, url: request.url, redact: options.redact };
      return await runAttempts(policy, call, ctx, async () =>
        buffered(await baseFetch(method === 'GET' || method === 'HEAD' ? attemptRequest : attemptRequest.clone()), method, request.url),
      );
    } finally {
      call.end();
    }
  };
}
