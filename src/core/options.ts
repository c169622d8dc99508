// The options a client is built with and the per-call options, checked once: every mistake is a
// TypeError naming the option and what is allowed, thrown at construction (or at the call, for
// per-call options), never a request that goes out different from what the caller meant.
import { normalizeAuth, type Auth, type NormalizedAuth } from './auth.js';
import { resolveBaseUrl } from './endpoints.js';
import type { ResumeCursor } from './paging.js';
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, type FetchLike, type RetryOptions } from './retry.js';

export interface ClientOptions {
  /** Region name (`ap-southeast-1`); the host comes from the service's host pattern. */
  region?: string;
  /** Explicit endpoint (`https://host[/prefix]`) instead of `region`; a trailing version path is dropped. */
  endpoint?: string;
  /** The project id in the request paths. */
  projectId: string;
  /** `{ token }` (a string, or a function returning one) or `{ accessKey, secretKey, securityToken? }`. */
  auth: Auth;
  /** A fetch implementation (default `globalThis.fetch`). */
  fetch?: FetchLike;
  /** Retry policy for GET requests, or `false` for a single try. */
  retry?: RetryOptions | false;
  /** Deadline for one call including its retries and reading the body, in ms (default 60000). */
  timeoutMs?: number;
  /** Pages fetched at the same time by `iterateBackups` (offset paging; default 4, 1..16). */
  concurrency?: number;
  /** Allow `http://` endpoints that are not loopback (default false). */
  allowInsecureHttp?: boolean;
  /** Extra headers sent with every request (not hop-by-hop or other headers the runtime manages). */
  headers?: Record<string, string>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Extra headers for this call (vbs: `OpenStack-API-Version` here overrides the automatic choice). */
  headers?: Record<string, string>;
}

export interface IterateOptions extends RequestOptions {
  /** The `resume` cursor of an ApiError thrown by a previous walk: continue exactly there. */
  resume?: ResumeCursor;
  /** Overrides the client's `concurrency` for this walk. */
  concurrency?: number;
}

/** What option parsing needs to know about a service. */
export interface ServiceEndpoint {
  service: string;
  versionPrefix: string;
  hostPattern?: (region: string) => string;
  endpointExample: string;
  /** Whether AK/SK signing is accepted (the Huawei gateway verifies it; Cinder does not). */
  akSk: boolean;
}

export interface ParsedOptions {
  service: string;
  projectId: string;
  auth: NormalizedAuth;
  baseUrl: string;
  fetch: FetchLike | undefined;
  retry: Required<RetryOptions>;
  timeoutMs: number;
  concurrency: number;
  headers: Record<string, string> | undefined;
}

const OPTION_KEYS = ['region', 'endpoint', 'projectId', 'auth', 'fetch', 'retry', 'timeoutMs', 'concurrency', 'allowInsecureHttp', 'headers'];
const RETRY_KEYS = ['attempts', 'baseDelayMs', 'maxDelayMs'];
const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 16;
const PROJECT_ID = /^[A-Za-z0-9_-]{1,128}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * Headers the runtime manages: hop-by-hop headers (RFC 9110 §7.6.1) and the Fetch standard's
 * forbidden request headers. Browsers drop them silently and Node's fetch fails every attempt with
 * them, so they are refused where they are given.
 */
const MANAGED_HEADERS = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive',
  'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
]);

function isManagedHeader(lower: string): boolean {
  return MANAGED_HEADERS.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

/** The one integer check: `what` names it (`cbr: option \`timeoutMs\``). */
export function checkInteger(what: string, value: unknown, min: number, max: number, why = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' || typeof value === 'string' ? JSON.stringify(value) : typeof value;
    throw new TypeError(`${what} must be an integer from ${min} to ${max}${why}; got ${got}.`);
  }
  return value;
}

function checkHeaders(service: string, name: string, headers: unknown): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers) || headers instanceof Headers) {
    throw new TypeError(`${service}: option \`${name}\` must be a plain object of header names to string values.`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    if (!HEADER_NAME.test(k)) throw new TypeError(`${service}: option \`${name}\` has an invalid header name ${JSON.stringify(k)}.`);
    if (isManagedHeader(k.toLowerCase())) {
      throw new TypeError(`${service}: option \`${name}\`: header ${JSON.stringify(k)} cannot be set; the runtime manages it (hop-by-hop headers, Host, Content-Length, Proxy-*, Sec-* and the other forbidden request headers of the Fetch standard).`);
    }
    if (typeof v !== 'string' || !HEADER_VALUE.test(v)) {
      throw new TypeError(`${service}: option \`${name}\`: the value of header ${JSON.stringify(k)} must be a string of printable ASCII characters.`);
    }
    out[k] = v;
  }
  return out;
}

function checkSignal(service: string, signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (signal === null || typeof signal !== 'object' || typeof (signal as AbortSignal).aborted !== 'boolean' || typeof (signal as AbortSignal).addEventListener !== 'function') {
    throw new TypeError(`${service}: option \`signal\` must be an AbortSignal.`);
  }
  return signal as AbortSignal;
}

/** The per-call options of `listBackups` / `iterateBackups`. */
export function parseRequestOptions(service: string, options: RequestOptions | undefined): { signal: AbortSignal | undefined; headers: Record<string, string> | undefined } {
  if (options === undefined) return { signal: undefined, headers: undefined };
  if (options === null || typeof options !== 'object') throw new TypeError(`${service}: the call options must be an object { signal?, headers? }.`);
  return { signal: checkSignal(service, options.signal), headers: checkHeaders(service, 'headers', options.headers) };
}

function parseRetry(service: string, value: unknown): Required<RetryOptions> {
  if (value === undefined) return { ...DEFAULT_RETRY };
  if (value === false) return { ...DEFAULT_RETRY, attempts: 1 };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${service}: option \`retry\` must be false or an object { attempts?, baseDelayMs?, maxDelayMs? }.`);
  }
  const extra = Object.keys(value).filter((k) => !RETRY_KEYS.includes(k));
  if (extra.length) throw new TypeError(`${service}: option \`retry\` has unknown key(s) ${extra.map((k) => `\`${k}\``).join(', ')}; allowed: ${RETRY_KEYS.join(', ')}.`);
  const r = value as RetryOptions;
  const int = (name: keyof RetryOptions, max: number, min = 0) =>
    r[name] === undefined ? DEFAULT_RETRY[name] : checkInteger(`${service}: option \`retry.${name}\``, r[name], min, max);
  const retry = { attempts: int('attempts', 10, 1), baseDelayMs: int('baseDelayMs', 60_000), maxDelayMs: int('maxDelayMs', 300_000) };
  if (retry.maxDelayMs < retry.baseDelayMs) {
    throw new TypeError(`${service}: option \`retry.maxDelayMs\` (${retry.maxDelayMs}) must not be smaller than \`retry.baseDelayMs\` (${retry.baseDelayMs}).`);
  }
  return retry;
}

/** Checks every client option; the result is what the rest of the client works with. */
export function parseOptions(def: ServiceEndpoint, options: ClientOptions): ParsedOptions {
  const { service } = def;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${service}: options must be an object with at least \`projectId\`, \`auth\` and \`region\` or \`endpoint\`.`);
  }
  const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
  if (unknown.length) {
    throw new TypeError(`${service}: unknown option(s) ${unknown.map((k) => `\`${k}\``).join(', ')}; allowed: ${OPTION_KEYS.join(', ')}.`);
  }
  const projectId = options.projectId as unknown;
  if (typeof projectId !== 'string' || !PROJECT_ID.test(projectId)) {
    throw new TypeError(`${service}: option \`projectId\` is required: the project id of the request paths (letters, digits, '-' and '_', e.g. 32 hex digits); got ${typeof projectId === 'string' ? JSON.stringify(projectId) : typeof projectId}.`);
  }
  const auth = normalizeAuth(options.auth, service, def.akSk);
  const { region, endpoint, allowInsecureHttp } = options;
  const baseUrl = resolveBaseUrl({ ...def, region, endpoint, allowInsecureHttp, projectId });
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new TypeError(`${service}: option \`fetch\` must be a function (input: Request) => Promise<Response>.`);
  }
  const int = (name: 'timeoutMs' | 'concurrency', fallback: number, max: number) =>
    options[name] === undefined ? fallback : checkInteger(`${service}: option \`${name}\``, options[name], 1, max);
  return {
    service,
    projectId,
    auth,
    baseUrl,
    fetch: options.fetch,
    retry: parseRetry(service, options.retry),
    timeoutMs: int('timeoutMs', DEFAULT_TIMEOUT_MS, 3_600_000),
    concurrency: int('concurrency', DEFAULT_CONCURRENCY, MAX_CONCURRENCY),
    headers: checkHeaders(service, 'headers', options.headers),
  };
}
