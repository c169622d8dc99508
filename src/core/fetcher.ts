// The page fetcher behind `listBackups` and every page of `iterateBackups`: one GET of the list
// operation, built directly (the query was validated against the bundle's parameter table, so it is
// serialised here exactly as openapi-fetch would), authenticated once by the same middlewares as
// `api`, retried by retry.ts, and read as JSON straight from the response. Redirects are never
// followed: a 3xx (or a browser's opaque redirect) is an ApiError naming the Location.
import type { Middleware } from 'openapi-fetch';
import type { HeaderAuth } from './auth.js';
import { ApiError, errorFromResponse, requestIdOf, safePath } from './errors.js';
import type { Redact } from './redact.js';
import { parseRetryAfter, runAttempts, startCall, type AttemptContext, type FetchLike, type RetryPolicy } from './retry.js';
import type { ParamTable, Query } from './validate.js';

export interface PageRequestOptions {
  signal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
}

/** Fetches one page: resolves to the parsed 2xx JSON object, throws ApiError otherwise. */
export type PageFetcher = (query: Query, options: PageRequestOptions) => Promise<unknown>;

export interface FetcherOptions {
  service: string;
  /** The list operation's path template (`/v3/{project_id}/backups`) and its parameter table. */
  listPath: string;
  table: ParamTable;
  baseUrl: string;
  projectId: string;
  headers: Record<string, string> | undefined;
  /** Sets the auth headers of each call (first). */
  auth: HeaderAuth;
  /** The service's own middlewares, run on a Request after auth (none: no Request is built). */
  middlewares: Middleware[];
  fetch: FetchLike | undefined;
  policy: RetryPolicy;
  redact: Redact;
}

/** The query string, as openapi-fetch serialises it: form style, arrays repeated unless `explode: false`. */
function serializeQuery(query: Query, table: ParamTable): string {
  let search = '';
  for (const name in query) {
    const value = query[name];
    const values = Array.isArray(value) ? (table[name]?.explode === false ? [value.join(',')] : value) : [value];
    for (const v of values) search += `${search ? '&' : '?'}${name}=${encodeURIComponent(String(v))}`;
  }
  return search;
}

/** One attempt's answer: status, headers and the body already read (JSON on 2xx, text otherwise). */
interface Answer {
  status: number;
  headers: Headers;
  response: Response;
  data?: unknown;
  text?: string;
}

function redirectError(response: Response, ctx: AttemptContext): ApiError {
  const location = response.headers.get('location');
  let target = location ?? undefined;
  if (location) {
    try {
      target = new URL(location, ctx.url).href;
    } catch {
      // keep it as sent
    }
  }
  const where = target ? `to ${target}` : response.type === 'opaqueredirect' ? '(the browser hides where to)' : 'without a Location';
  const message = `${ctx.service}: ${ctx.method} ${safePath(ctx.url)} answered with a redirect (HTTP ${response.status}) ${where}; redirects are not followed, so that no credential goes to another address. Check the endpoint.`;
  return new ApiError({ status: response.status, service: ctx.service, code: 'REDIRECT', message, method: ctx.method, url: ctx.url, requestId: requestIdOf(response.headers) }, ctx.redact);
}

function invalidBody(response: Response, ctx: AttemptContext, cause?: unknown): ApiError {
  const message = `${ctx.service}: ${ctx.method} ${safePath(ctx.url)} answered ${response.status} without a JSON object body.`;
  return new ApiError({ status: response.status, service: ctx.service, code: 'INVALID_RESPONSE', message, method: ctx.method, url: ctx.url, requestId: requestIdOf(response.headers), cause }, ctx.redact);
}

/** Sends the request once and reads the body; a redirect or an unusable 2xx body is a final ApiError. */
async function attempt(send: () => Promise<Response>, ctx: AttemptContext): Promise<Answer> {
  const response = await send();
  const { status, headers } = response;
  if (response.type === 'opaqueredirect' || (status >= 300 && status < 400) || response.redirected) throw redirectError(response, ctx);
  if (!response.ok) return { status, headers, response, text: await response.text() };
  let data: unknown;
  try {
    data = await response.json();
  } catch (error) {
    if (error instanceof SyntaxError) throw invalidBody(response, ctx, error);
    throw error; // the body broke off: a network error, retried
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw invalidBody(response, ctx);
  return { status, headers, response, data };
}

/** The headers of one call: lower-case names, per-call headers over the client's. */
function callHeaders(base: Record<string, string> | undefined, call: Record<string, string> | undefined): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const headers of [base, call]) if (headers) for (const name in headers) merged[name.toLowerCase()] = headers[name]!;
  return merged;
}

function errorBody(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The list operation's URL without a query. */
export function listUrl(baseUrl: string, listPath: string, projectId: string): string {
  return `${baseUrl}${listPath.replace('{project_id}', encodeURIComponent(projectId))}`;
}

export function createPageFetcher(options: FetcherOptions): PageFetcher {
  const { service, table, policy, redact, middlewares, auth } = options;
  const base = listUrl(options.baseUrl, options.listPath, options.projectId);
  const custom = options.fetch;
  const middlewareInfo = { schemaPath: options.listPath, params: {}, options: {}, id: '' };
  return async (query, { signal, headers }) => {
    const search = serializeQuery(query, table);
    const url = base + search;
    const ctx: AttemptContext = { service, method: 'GET', url, redact };
    const call = startCall(policy, signal);
    try {
      const sent = callHeaders(options.headers, headers);
      await auth(search, sent);
      let send = () => globalThis.fetch(url, { method: 'GET', headers: sent, signal: call.signal, redirect: 'manual' });
      if (custom || middlewares.length) {
        // A Request only where something needs one. With the platform's fetch it carries no signal:
        // fetch(url, init) builds the one that is sent, and following a signal twice costs more
        // than the rest of the call.
        let request = new Request(url, { headers: sent, redirect: 'manual', ...(custom ? { signal: call.signal } : {}) });
        for (const m of middlewares) {
          const result = await m.onRequest?.({ request, ...middlewareInfo } as never);
          if (result instanceof Request) request = result;
        }
        const final = request;
        send = custom ? () => custom(final) : () => globalThis.fetch(final.url, { method: 'GET', headers: final.headers, signal: call.signal, redirect: 'manual' });
      }
      const answer = await runAttempts(policy, call, ctx, () => attempt(send, ctx));
      if (answer.data !== undefined) return answer.data;
      const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), policy.now());
      throw errorFromResponse(answer.response, errorBody(answer.text), { service, method: 'GET', url: answer.response.url || url, redact, retryAfterMs });
    } finally {
      call.end();
    }
  };
}
