// The generic client every service module instantiates, in three parts: the options (options.ts),
// the page fetcher (fetcher.ts) and the public object built here — `api` (the openapi-fetch client
// with auth, retries and no redirects), `listBackups` (one page, throws ApiError) and
// `iterateBackups` (every item, exactly once, by the paging engine).
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { createAuthMiddleware, createHeaderAuth } from './auth.js';
import { createPageFetcher, listUrl, type PageFetcher } from './fetcher.js';
import { checkInteger, MAX_CONCURRENCY, parseOptions, parseRequestOptions, type ClientOptions, type IterateOptions, type ParsedOptions, type RequestOptions, type ServiceEndpoint } from './options.js';
import { validateResume, walkPages, type PagingStrategy } from './paging.js';
import { SecretRegistry } from './redact.js';
import { createRetryingFetch, retryPolicy } from './retry.js';
import { createQueryValidator, type ParamTable, type QueryRule } from './validate.js';

export type { ClientOptions, IterateOptions, RequestOptions } from './options.js';

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

export interface ServiceDefinition extends ServiceEndpoint {
  /** The list operation's path key in the generated `paths`. */
  listPath: string;
  /** The list operation's query parameters (generated/params/<api>.ts). */
  query: ParamTable;
  /** Rules the schemas cannot say (parameters that go together); throws a TypeError. */
  queryRule?: QueryRule;
  itemsKey: string;
  idKey?: string;
  paging: PagingStrategy;
  middlewares?: Middleware[];
}

/** The openapi-fetch client: the same auth, retries and deadline as the page fetcher; redirects are not followed. */
function createApi<Paths extends {}>(opts: ParsedOptions, middlewares: Middleware[], redact: (s: string) => string): Client<Paths> {
  const fetch = createRetryingFetch({ service: opts.service, ...opts.retry, timeoutMs: opts.timeoutMs, redact, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  const api = createClient<Paths>({ baseUrl: opts.baseUrl, fetch, redirect: 'manual', ...(opts.headers ? { headers: opts.headers } : {}) });
  for (const m of middlewares) api.use(m);
  return api;
}

function publicClient<Paths extends {}, Query, Page, Item>(
  def: ServiceDefinition,
  opts: ParsedOptions,
  api: Client<Paths>,
  fetchPage: PageFetcher,
): ServiceClient<Paths, Query, Page, Item> {
  const { service, baseUrl } = opts;
  const validate = createQueryValidator(service, def.query, def.queryRule);
  return {
    api,
    service,
    baseUrl,
    async listBackups(query?: Query, options?: RequestOptions): Promise<Page> {
      const q = validate(query, 'list');
      return (await fetchPage(q, parseRequestOptions(service, options))) as Page;
    },
    iterateBackups(query?: Query, options: IterateOptions = {}): AsyncGenerator<Item, void, undefined> {
      const { signal, headers } = parseRequestOptions(service, options);
      const concurrency = options?.concurrency === undefined ? opts.concurrency : checkInteger(`${service}: option \`concurrency\``, options.concurrency, 1, MAX_CONCURRENCY);
      const q = options?.resume && query === undefined ? undefined : validate(query, 'iterate');
      if (options?.resume !== undefined) validateResume(options.resume, service, def.paging.kind, q);
      return walkPages<Item>((pageQuery, { signal: pageSignal }) => fetchPage(pageQuery, { signal: pageSignal, headers }), q, {
        service,
        itemsKey: def.itemsKey,
        ...(def.idKey ? { idKey: def.idKey } : {}),
        strategy: def.paging,
        concurrency,
        baseUrl,
        signal,
        resume: options?.resume,
      });
    },
  };
}

/** Builds a service client; every option is checked here, so mistakes surface at construction. */
export function createServiceClient<Paths extends {}, Query, Page, Item>(
  def: ServiceDefinition,
  options: ClientOptions,
): ServiceClient<Paths, Query, Page, Item> {
  const opts = parseOptions(def, options);
  const secrets = new SecretRegistry();
  const redact = (s: string) => secrets.redact(s);
  const authOptions = { service: opts.service, projectId: opts.projectId, secrets };
  const serviceMiddlewares = def.middlewares ?? [];
  const api = createApi<Paths>(opts, [createAuthMiddleware(opts.auth, authOptions), ...serviceMiddlewares], redact);
  const fetchPage = createPageFetcher({
    ...opts,
    listPath: def.listPath,
    table: def.query,
    auth: createHeaderAuth(opts.auth, { ...authOptions, base: listUrl(opts.baseUrl, def.listPath, opts.projectId) }),
    middlewares: serviceMiddlewares,
    policy: retryPolicy({ ...opts.retry, timeoutMs: opts.timeoutMs }),
    redact,
  });
  return publicClient<Paths, Query, Page, Item>(def, opts, api, fetchPage);
}
