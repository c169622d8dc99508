// The shared part of the stateful fakes: the HTTP server, seeded random data helpers, query
// parsing and validation, auth, paging helpers, fault injection and the request log. A service
// module (cbr.ts, geminidb.ts, csbs.ts, vbs.ts) only says what differs: its path, its data, its
// query parameters, its paging and filters, and its error bodies. See index.ts for the public API.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// ---------------------------------------------------------------------------------------------
// Public types

/** A request as the fake saw it (kept in `fake.requests`, handed to fault hooks). */
export interface FakeRequest {
  /** Sequence number, from 1. */
  n: number;
  method: string;
  /** Full URL as received (origin of the fake + raw path and query). */
  url: URL;
  /** Request headers, lower-case names. */
  headers: IncomingHttpHeaders;
}

/** An answer the fake sends instead of its normal one (fault injection). */
export interface FakeReply {
  status: number;
  /** JSON-serialised unless it is a string (sent as is). Omit for an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (timeouts, slow servers). */
  delayMs?: number;
  /** Drop the connection without answering (network error on the client side). */
  destroy?: boolean;
  /** Send the status, the headers (with the full Content-Length) and only this many body bytes, then reset the connection. */
  cutAfterBytes?: number;
}

/**
 * Called for every request before the service runs; return a reply to short-circuit it. The
 * service reads `request.url`, so a hook may also change its query (e.g. shift `offset`).
 */
export type FaultHook = (request: FakeRequest) => FakeReply | undefined | Promise<FakeReply | undefined>;

/** Called with the service's own answer to a list request; returns what is sent instead (fault injection on real pages). */
export type RewriteHook = (request: FakeRequest, reply: FakeReply) => FakeReply | Promise<FakeReply>;

export interface FakeOptions {
  /**
   * Origin clients use to reach the fake when something sits in front of it (a Prism proxy in
   * `npm start -- --stateful`); links in answers point there. Default: the fake's own origin.
   */
  publicUrl?: string;
  /** Number of backups to generate (default 100). */
  count?: number;
  /** Seed of the generated data; same seed and count → same data (default 1). */
  seed?: number | string;
  /** The project ID in generated data and in `fake.path` (default a 32-hex ID). The path accepts any project ID, as the real servers take the project from the token. */
  projectId?: string;
  /** When set, only this X-Auth-Token is accepted (others get the service's 401). Default: any non-empty token. */
  token?: string;
  /** Replaces the default auth check (X-Auth-Token present and matching `token`; on the Huawei APIs also any `Authorization: SDK-HMAC-SHA256 …`). Return false for the service's 401. */
  authorize?: (request: FakeRequest) => boolean | Promise<boolean>;
  /** Fault injection hook, see FaultHook. Runs before auth. */
  fault?: FaultHook;
  /** Rewrites every answer of the list call, see RewriteHook (test/faults). */
  rewrite?: RewriteHook;
  /** vbs only: the server's `osapi_max_limit` (default 1000). */
  maxLimit?: number;
  /** vbs only: highest microversion the fake supports (default "3.71"). */
  maxMicroversion?: string;
  /** geminidb only: share of table-level (`DatabaseTable`) backups, 0…1 (default 0.2). */
  tableBackupRatio?: number;
}

export interface Fake<Item = Record<string, any>> {
  /** Origin of the fake, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  url: string;
  /** The API id (cbr, geminidb, csbs, vbs). */
  api: string;
  /** Project ID used in the generated data. */
  projectId: string;
  /** Path of the list call for `projectId`, e.g. `/v3/<project>/backups`. */
  path: string;
  /** `url + path`. */
  listUrl: string;
  /** The stored backups, in generation order (see the service module for their shape). */
  items: readonly Item[];
  /** Every request received, oldest first. */
  requests: FakeRequest[];
  /** Answer the next `times` requests (default 1) with `reply` instead (before auth). */
  failNext(reply: FakeReply, times?: number): void;
  /** A reply with the service's own error body for `status` (400, 401, 403, 404, 429, 500, 503…). */
  errorReply(status: number, message?: string): FakeReply;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// What a service module provides

export interface ServiceContext {
  /** Origin the client used to reach the fake (honours X-Forwarded-Host/-Proto like Cinder). */
  origin: string;
  projectId: string;
  /** Path project ID of this request. */
  requestProject: string;
  url: URL;
  headers: IncomingHttpHeaders;
  options: FakeOptions;
}

export interface ServiceReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ServiceDefinition<Item> {
  api: string;
  /** Matches the list path; group 1 is the project ID. */
  pathPattern: RegExp;
  listPath(projectId: string): string;
  generate(count: number, rng: Rng, options: FakeOptions & { projectId: string }): Item[];
  /** Whether `Authorization: SDK-HMAC-SHA256 …` counts as authenticated by default. */
  acceptsAkSk: boolean;
  /** The service's error reply for a status (`ctx` is there when answering a request). */
  error(status: number, message?: string, code?: string, ctx?: ServiceContext): FakeReply;
  /** Headers every answer carries (request ids, microversion…). */
  commonHeaders(ctx: ServiceContext): Record<string, string>;
  /** Answers one authenticated GET of the list path. Throw BadQuery for a 400. */
  list(items: readonly Item[], ctx: ServiceContext): ServiceReply;
}

/** Thrown by parsers and services: answered with the service's error body. */
export class BadQuery extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly code?: string,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Seeded random data

export type Rng = () => number;

/** mulberry32 seeded with a 32-bit hash of the seed. */
export function createRng(seed: number | string): Rng {
  let h = 2166136261;
  for (const ch of String(seed)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const rand = {
  int: (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1)),
  pick: <T>(rng: Rng, values: readonly T[]): T => values[Math.floor(rng() * values.length)] as T,
  chance: (rng: Rng, p: number) => rng() < p,
  hex: (rng: Rng, length: number) => Array.from({ length }, () => Math.floor(rng() * 16).toString(16)).join(''),
  uuid(rng: Rng) {
    const h = rand.hex(rng, 32);
    const variant = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  },
};

/** Times of `count` backups, newest first, spread over the weeks before `newest` (epoch ms). */
export function backupTimes(rng: Rng, count: number, newest = Date.UTC(2025, 2, 25, 6, 32, 7)): number[] {
  const times: number[] = [];
  let t = newest - rand.int(rng, 0, 999);
  for (let i = 0; i < count; i++) {
    times.push(t);
    t -= rand.int(rng, 60_000, 6 * 3_600_000) + rand.int(rng, 0, 999);
  }
  return times;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2025-03-25T06:32:07.951164` (CBR/CSBS wire form: no zone, 6-digit fraction). `micro` adds the sub-ms digits. */
export function zonelessMicros(ms: number, micro = 0): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(micro, 3)}`;
}

/** `2019-05-27T03:38:51+0000` (GeminiDB wire form). */
export function plus0000(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

/** `2018-02-01T12:00:00Z`. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Parses the services' timestamp forms to epoch ms (zone-less = UTC; `+0000`, `+00:00`, `Z`; a
 * space where a `+` was, because a raw `+` in a query string decodes to a space). NaN if invalid.
 */
export function parseTime(value: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+\- ]\d{2}:?\d{2})?$/.exec(value);
  if (!m) return NaN;
  const fraction = m[2] ? Number(`0${m[2]}`) * 1000 : 0;
  let zone = m[3] ?? 'Z';
  if (zone !== 'Z') zone = `${zone[0] === ' ' ? '+' : zone[0]}${zone.slice(1).replace(':', '').replace(/^(\d{2})(\d{2})$/, '$1:$2')}`;
  const base = Date.parse(`${m[1]}${zone}`);
  return base + fraction;
}

// ---------------------------------------------------------------------------------------------
// Query parsing

export type ParamSpec =
  | { type: 'string'; maxLength?: number; pattern?: RegExp; repeat?: boolean }
  | { type: 'enum'; values: readonly string[]; repeat?: boolean; maxItems?: number }
  | { type: 'int'; min: number; max: number }
  | { type: 'bool'; values?: Record<string, boolean> }
  | { type: 'time'; pattern: RegExp }
  | { type: 'sort'; keys: readonly string[]; maxLength?: number };

export type ParsedValue = string | string[] | number | boolean | SortKey[];
export interface SortKey {
  key: string;
  dir: 'asc' | 'desc';
}

const BOOL_STRICT: Record<string, boolean> = { true: true, false: false };

/**
 * Validates the query against the service's parameter table. Unknown parameters are left to the
 * caller (`unknown`). Throws BadQuery naming the parameter.
 */
export function parseQuery(
  search: URLSearchParams,
  specs: Record<string, ParamSpec>,
): { values: Record<string, ParsedValue>; unknown: string[] } {
  const values: Record<string, ParsedValue> = {};
  const unknown: string[] = [];
  for (const name of new Set(search.keys())) {
    const spec = specs[name];
    if (!spec) {
      unknown.push(name);
      continue;
    }
    const all = search.getAll(name);
    const repeat = 'repeat' in spec && spec.repeat;
    if (all.length > 1 && !repeat) throw new BadQuery(`${name}: given ${all.length} times`);
    const raw = all[0] as string;
    switch (spec.type) {
      case 'string':
        for (const v of all) {
          if (spec.maxLength !== undefined && v.length > spec.maxLength) throw new BadQuery(`${name}: longer than ${spec.maxLength} characters`);
          if (spec.pattern && !spec.pattern.test(v)) throw new BadQuery(`${name}: invalid value '${v}'`);
        }
        values[name] = repeat ? all : raw;
        break;
      case 'enum':
        if (spec.maxItems !== undefined && all.length > spec.maxItems) throw new BadQuery(`${name}: more than ${spec.maxItems} values`);
        for (const v of all) if (!spec.values.includes(v)) throw new BadQuery(`${name}: invalid value '${v}', expected one of ${spec.values.join(', ')}`);
        values[name] = repeat ? all : raw;
        break;
      case 'int': {
        if (!/^-?\d+$/.test(raw)) throw new BadQuery(`${name}: '${raw}' is not an integer`);
        const n = Number(raw);
        if (n < spec.min || n > spec.max) throw new BadQuery(`${name}: ${raw} is out of range ${spec.min}..${spec.max}`);
        values[name] = n;
        break;
      }
      case 'bool': {
        const table = spec.values ?? BOOL_STRICT;
        const v = table[raw.toLowerCase()];
        if (v === undefined) throw new BadQuery(`${name}: '${raw}' is not a boolean`);
        values[name] = v;
        break;
      }
      case 'time':
        if (!spec.pattern.test(raw) || Number.isNaN(parseTime(raw))) throw new BadQuery(`${name}: '${raw}' is not a valid time`);
        values[name] = raw;
        break;
      case 'sort':
        values[name] = parseSort(name, raw, spec.keys, spec.maxLength);
        break;
    }
  }
  return { values, unknown };
}

/** `key[:asc|desc][,key[:dir]…]`; a key without direction sorts descending (CBR, CSBS, Cinder). */
export function parseSort(name: string, raw: string, keys: readonly string[], maxLength = 255): SortKey[] {
  if (raw.length > maxLength) throw new BadQuery(`${name}: longer than ${maxLength} characters`);
  return raw.split(',').map((part) => {
    const [key, dir = 'desc', extra] = part.split(':');
    if (extra !== undefined || !key || !keys.includes(key)) throw new BadQuery(`${name}: invalid sort key '${part}'`);
    if (dir !== 'asc' && dir !== 'desc') throw new BadQuery(`${name}: invalid sort direction '${dir}'`);
    return { key, dir };
  });
}

// ---------------------------------------------------------------------------------------------
// Sorting and paging helpers

/** A comparator over `keys`, reading each key with `get` (numbers, strings, null = lowest). */
export function comparator<T>(keys: readonly SortKey[], get: (item: T, key: string) => unknown): (a: T, b: T) => number {
  return (a, b) => {
    for (const { key, dir } of keys) {
      const x = get(a, key);
      const y = get(b, key);
      let c = 0;
      if (x === y) c = 0;
      else if (x === null || x === undefined) c = -1;
      else if (y === null || y === undefined) c = 1;
      else c = x < y ? -1 : 1;
      if (c !== 0) return dir === 'asc' ? c : -c;
    }
    return 0;
  };
}

/** Case-insensitive substring match ("fuzzy" on the Huawei services). */
export function fuzzy(value: unknown, needle: string): boolean {
  return typeof value === 'string' && value.toLowerCase().includes(needle.toLowerCase());
}

/**
 * Keyset paging: the items of `sortedMatches` that come after the marker in `sortedAll` (both
 * sorted the same way). Returns undefined when the marker is not a stored item.
 */
export function afterMarker<T>(sortedAll: readonly T[], sortedMatches: readonly T[], marker: string, id: (item: T) => string): T[] | undefined {
  const position = new Map(sortedAll.map((item, i) => [id(item), i]));
  const at = position.get(marker);
  if (at === undefined) return undefined;
  return sortedMatches.filter((item) => (position.get(id(item)) as number) > at);
}

// ---------------------------------------------------------------------------------------------
// The server

export async function startService<Item>(service: ServiceDefinition<Item>, options: FakeOptions = {}): Promise<Fake<Item>> {
  const rng = createRng(options.seed ?? 1);
  const projectId = options.projectId ?? '0605767b5780d5762fc5c0118072a564';
  const items = service.generate(options.count ?? 100, rng, { ...options, projectId });
  const requests: FakeRequest[] = [];
  const queued: FakeReply[] = [];
  let url = '';

  const send = async (res: ServerResponse, reply: FakeReply, extraHeaders: Record<string, string> = {}) => {
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.destroy) {
      res.socket?.destroy();
      return;
    }
    const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const headers: Record<string, string> = { ...extraHeaders, ...(reply.headers ?? {}) };
    if (reply.body !== undefined && typeof reply.body !== 'string' && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/json';
    }
    headers['Content-Length'] = String(Buffer.byteLength(body));
    res.writeHead(reply.status, headers);
    if (reply.cutAfterBytes !== undefined) {
      res.write(Buffer.from(body).subarray(0, reply.cutAfterBytes), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const received = new URL(req.url ?? '/', url);
    const request: FakeRequest = { n: requests.length + 1, method: req.method ?? 'GET', url: received, headers: req.headers };
    requests.push(request);
    const ctx: ServiceContext = {
      origin: requestOrigin(req, options.publicUrl ?? url),
      projectId,
      requestProject: '',
      url: received,
      headers: req.headers,
      options,
    };
    const common = service.commonHeaders(ctx);

    const injected = queued.shift() ?? (options.fault ? await options.fault(request) : undefined);
    if (injected) return send(res, injected, common);

    const match = service.pathPattern.exec(received.pathname);
    if (!match) return send(res, service.error(404, `No such resource: ${received.pathname}`, undefined, ctx), common);
    if (request.method !== 'GET') return send(res, withHeaders(service.error(405, `Method ${request.method} not allowed`, undefined, ctx), { Allow: 'GET' }), common);

    const authorized = options.authorize ? await options.authorize(request) : defaultAuthorize(request, options.token, service.acceptsAkSk);
    if (!authorized) return send(res, service.error(401, unauthorizedReason(request), undefined, ctx), common);

    ctx.requestProject = decodeURIComponent(match[1] ?? '');
    try {
      const reply = service.list(items, ctx);
      const normal: FakeReply = { status: reply.status, body: reply.body, headers: reply.headers ?? {} };
      return send(res, options.rewrite ? await options.rewrite(request, normal) : normal, common);
    } catch (error) {
      if (error instanceof BadQuery) return send(res, service.error(error.status, error.message, error.code, ctx), common);
      return send(res, service.error(500, String(error), undefined, ctx), common);
    }
  };

  const server = createServer((req, res) => {
    req.resume();
    handle(req, res).catch((error) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const path = service.listPath(projectId);

  return {
    url,
    api: service.api,
    projectId,
    path,
    listUrl: `${url}${path}`,
    items,
    requests,
    failNext(reply, times = 1) {
      for (let i = 0; i < times; i++) queued.push(reply);
    },
    errorReply: (status, message) => service.error(status, message),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The gateway's wording: no credentials at all → undefined (the service's default text). */
function unauthorizedReason(request: FakeRequest): string | undefined {
  if (request.headers['x-auth-token']) return 'decrypt token fail';
  if (request.headers.authorization) return 'verify aksk signature fail';
  return undefined;
}

function defaultAuthorize(request: FakeRequest, token: string | undefined, acceptsAkSk: boolean): boolean {
  const given = request.headers['x-auth-token'];
  if (typeof given === 'string' && given.length > 0) return token === undefined || given === token;
  const authorization = request.headers.authorization;
  return acceptsAkSk && typeof authorization === 'string' && authorization.startsWith('SDK-HMAC-SHA256 ');
}

function requestOrigin(req: IncomingMessage, fallback: string): string {
  const forwardedHost = String(req.headers['x-forwarded-host'] ?? '').split(',').pop()?.trim();
  const forwardedProto = String(req.headers['x-forwarded-proto'] ?? '').split(',').pop()?.trim();
  if (!forwardedHost) return fallback;
  return `${forwardedProto || 'http'}://${forwardedHost}`;
}

function withHeaders(reply: FakeReply, headers: Record<string, string>): FakeReply {
  return { ...reply, headers: { ...(reply.headers ?? {}), ...headers } };
}
