// The generic client every service module instantiates: validates the options, builds the
// openapi-fetch client (retrying fetch + auth middleware + the service's own middlewares) and
// offers `listBackups` (one page, throws ApiError) and `iterateBackups` (every item, exactly once).
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { createAuthMiddleware, normalizeAuth, type Auth } from './auth.js';
import { resolveBaseUrl } from './endpoints.js';
import { ApiError, SecretRegistry, errorFromResponse, requestIdOf } from './errors.js';
import { validateResume, walkPages, type PagingStrategy, type ResumeCursor } from './paging.js';
import { createRetryingFetch, DEFAULT_RETRY, DEFAULT_TIMEOUT_MS, parseRetryAfter, type FetchLike, type RetryOptions } from './retry.js';

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
  /** Extra headers sent with every request. */
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

export interface ServiceClient<Paths extends {}, Query, Page, Item> {
  /** The openapi-fetch client (typed by the generated paths), with auth, retries and the endpoint. */
  readonly api: Client<Paths>;
  readonly service: string;
  /** The resolved base URL requests go to. */
  readonly baseUrl: string;
  /** One page; throws ApiError on a non-2xx answer. */
  listBackups(query?: Query, options?: RequestOptions): Promise<Page>;
  /** Every item of every page, exactly once, in order; ApiErrors thrown mid-walk carry `resume`. */
  iterateBackups(query?: Query, options?: IterateOptions): AsyncGenerator<Item, void, undefined>;
}

export interface ServiceDefinition {
  service: string;
  /** The list operation's path key in the generated `paths`. */
  listPath: string;
  versionPrefix: string;
  itemsKey: string;
  idKey?: string;
  hostPattern?: (region: string) => string;
  endpointExample: string;
  paging: PagingStrategy;
  /** Whether AK/SK signing is accepted (the Huawei gateway verifies it; Cinder does not). */
  akSk: boolean;
  /** Throws a TypeError naming the parameter and what is allowed. */
  validateQuery?: (query: Record<string, unknown>, mode: 'list' | 'iterate') => void;
  middlewares?: Middleware[];
}

const OPTION_KEYS = ['region', 'endpoint', 'projectId', 'auth', 'fetch', 'retry', 'timeoutMs', 'concurrency', 'allowInsecureHttp', 'headers'];
const RETRY_KEYS = ['attempts', 'baseDelayMs', 'maxDelayMs'];
export const DEFAULT_CONCURRENCY = 4;
const PROJECT_ID = /^[A-Za-z0-9_-]{1,128}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

function checkInteger(service: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${service}: option \`${name}\` must be an integer from ${min} to ${max}; got ${typeof value === 'number' ? value : typeof value}.`);
  }
  return value;
}

export function checkHeaders(service: string, name: string, headers: unknown): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers) || headers instanceof Headers) {
    throw new TypeError(`${service}: option \`${name}\` must be a plain object of header names to string values.`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    if (!HEADER_NAME.test(k)) throw new TypeError(`${service}: option \`${name}\` has an invalid header name ${JSON.stringify(k)}.`);
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

function checkQuery(def: ServiceDefinition, query: unknown, mode: 'list' | 'iterate'): Record<string, unknown> {
  if (query === undefined || query === null) query = {};
  if (typeof query !== 'object' || Array.isArray(query)) {
    throw new TypeError(`${def.service}: the query must be an object of query parameters.`);
  }
  const q: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) if (v !== undefined) q[k] = v;
  def.validateQuery?.(q, mode);
  return q;
}

/** Builds a service client; every option is checked here, so mistakes surface at construction. */
export function createServiceClient<Paths extends {}, Query, Page, Item>(
  def: ServiceDefinition,
  options: ClientOptions,
): ServiceClient<Paths, Query, Page, Item> {
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
  const baseUrl = resolveBaseUrl({
    service,
    region: options.region,
    endpoint: options.endpoint,
    allowInsecureHttp: options.allowInsecureHttp,
    hostPattern: def.hostPattern,
    endpointExample: def.endpointExample,
    versionPrefix: def.versionPrefix,
    projectId,
  });
  if (options.fetch !== undefined && typeof options.fetch !== 'function') {
    throw new TypeError(`${service}: option \`fetch\` must be a function (input: Request) => Promise<Response>.`);
  }
  let retry: Required<RetryOptions> = { ...DEFAULT_RETRY };
  if (options.retry === false) retry.attempts = 1;
  else if (options.retry !== undefined) {
    const r = options.retry as unknown;
    if (r === null || typeof r !== 'object' || Array.isArray(r)) {
      throw new TypeError(`${service}: option \`retry\` must be false or an object { attempts?, baseDelayMs?, maxDelayMs? }.`);
    }
    const extra = Object.keys(r).filter((k) => !RETRY_KEYS.includes(k));
    if (extra.length) throw new TypeError(`${service}: option \`retry\` has unknown key(s) ${extra.map((k) => `\`${k}\``).join(', ')}; allowed: ${RETRY_KEYS.join(', ')}.`);
    const ro = r as RetryOptions;
    retry = {
      attempts: ro.attempts === undefined ? DEFAULT_RETRY.attempts : checkInteger(service, 'retry.attempts', ro.attempts, 1, 10),
      baseDelayMs: ro.baseDelayMs === undefined ? DEFAULT_RETRY.baseDelayMs : checkInteger(service, 'retry.baseDelayMs', ro.baseDelayMs, 0, 60_000),
      maxDelayMs: ro.maxDelayMs === undefined ? DEFAULT_RETRY.maxDelayMs : checkInteger(service, 'retry.maxDelayMs', ro.maxDelayMs, 0, 300_000),
    };
    if (retry.maxDelayMs < retry.baseDelayMs) {
      throw new TypeError(`${service}: option \`retry.maxDelayMs\` (${retry.maxDelayMs}) must not be smaller than \`retry.baseDelayMs\` (${retry.baseDelayMs}).`);
    }
  }
  const timeoutMs = options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : checkInteger(service, 'timeoutMs', options.timeoutMs, 1, 3_600_000);
  const concurrency = options.concurrency === undefined ? DEFAULT_CONCURRENCY : checkInteger(service, 'concurrency', options.concurrency, 1, 16);
  const headers = checkHeaders(service, 'headers', options.headers);

  const secrets = new SecretRegistry();
  const redact = (s: string) => secrets.redact(s);
  const api = createClient<Paths>({
    baseUrl,
    fetch: createRetryingFetch({ service, ...retry, timeoutMs, redact, ...(options.fetch ? { fetch: options.fetch } : {}) }),
    ...(headers ? { headers } : {}),
  });
  api.use(createAuthMiddleware(auth, { service, projectId, secrets }));
  for (const m of def.middlewares ?? []) api.use(m);

  const getPage = async (query: Record<string, unknown>, signal: AbortSignal | undefined, extraHeaders: Record<string, string> | undefined): Promise<unknown> => {
    const get = api.GET as unknown as (path: string, init: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
    const { data: text, error, response } = await get(def.listPath, {
      params: { path: { project_id: projectId }, query },
      parseAs: 'text',
      ...(signal ? { signal } : {}),
      ...(extraHeaders ? { headers: extraHeaders } : {}),
    });
    const url = response.url || `${baseUrl}${def.listPath.replace('{project_id}', projectId)}`;
    if (!response.ok) {
      throw errorFromResponse(response, error, {
        service,
        method: 'GET',
        url,
        redact,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), Date.now()),
      });
    }
    let data: unknown;
    try {
      data = typeof text === 'string' && text !== '' ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new ApiError(
        { status: response.status, service, code: 'INVALID_RESPONSE', message: `${service}: GET ${new URL(url).pathname} answered ${response.status} without a JSON object body.`, method: 'GET', url, requestId: requestIdOf(response.headers) },
        redact,
      );
    }
    return data;
  };

  return {
    api,
    service,
    baseUrl,
    async listBackups(query?: Query, opts: RequestOptions = {}): Promise<Page> {
      const q = checkQuery(def, query, 'list');
      const signal = checkSignal(service, opts?.signal);
      const extra = checkHeaders(service, 'headers', opts?.headers);
      return (await getPage(q, signal, extra)) as Page;
    },
    iterateBackups(query?: Query, opts: IterateOptions = {}): AsyncGenerator<Item, void, undefined> {
      const signal = checkSignal(service, opts?.signal);
      const extra = checkHeaders(service, 'headers', opts?.headers);
      const walkConcurrency = opts?.concurrency === undefined ? concurrency : checkInteger(service, 'concurrency', opts.concurrency, 1, 16);
      const q = opts?.resume && query === undefined ? undefined : checkQuery(def, query, 'iterate');
      if (opts?.resume !== undefined) validateResume(opts.resume, service, def.paging.kind, q);
      return walkPages<Item>((pageQuery, { signal: pageSignal }) => getPage(pageQuery, pageSignal, extra), q, {
        service,
        itemsKey: def.itemsKey,
        ...(def.idKey ? { idKey: def.idKey } : {}),
        strategy: def.paging,
        concurrency: walkConcurrency,
        baseUrl,
        signal,
        resume: opts?.resume,
      });
    },
  };
}

/** Checks an integer query parameter; the TypeError names the parameter and the allowed range. */
export function checkQueryInteger(service: string, name: string, value: unknown, min: number, max: number, why = ''): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`${service}: query parameter \`${name}\` must be an integer from ${min} to ${max}${why}; got ${typeof value === 'number' || typeof value === 'string' ? JSON.stringify(value) : typeof value}.`);
  }
}

/** Checks a query parameter that is a string or an array of strings. */
export function checkQueryStrings(service: string, name: string, value: unknown): void {
  if (value === undefined) return;
  const ok = typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
  if (!ok) throw new TypeError(`${service}: query parameter \`${name}\` must be a string or an array of strings.`);
}

export const INT32_MAX = 2_147_483_647;
