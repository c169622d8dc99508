// VBS fake: Cinder v3 `GET /v3/{project_id}/backups` (summary list), as a non-admin sees it.
// `fake.items` are detail-like records ({id, name (null for unnamed), status, volume_id, size,
// availability_zone, created_at, updated_at, description, is_incremental, …}); the answer shows
// each as `{id, name, links: [self, bookmark]}` with links built from the request's origin.
// Answer: `{backups, backups_links?, count?}`.
//
// Microversion (`OpenStack-API-Version: volume 3.x` / `volume latest`; none = 3.0; max
// `options.maxMicroversion`, default 3.71): malformed → 400, out of range → 406 computeFault.
// Every non-401 answer echoes `OpenStack-API-Version` and `Vary`; all carry x-openstack-request-id.
//
// Paging: `marker` (unknown → 404 itemNotFound) then `offset` then `limit` (≥ 0, clamped to
// `options.maxLimit`, default 1000 = also the page size without `limit`). A `backups_links` next
// link (origin of the request + `/v3/<project>/backups?` + every original parameter with
// `marker=<last id>`) is sent when the page is non-empty and limit ≤ item count, where item count
// is `count` with with_count (3.45+) — so every non-empty page then has a link — else the page size.
// Filters (exact): name, status, volume_id; from 3.34 substring: name~, status~, volume_id~.
// with_count needs 3.45. Sort: `sort=key[:dir],…` or the deprecated sort_key/sort_dir (not both →
// 400); keys are backup columns, `name` only from 3.37; default created_at desc, id desc.
// Other parameters: below 3.31 ignored; from 3.31 → 400 "Invalid filters … are found in query options."
// (`project_id` is such a filter for a non-admin; `all_tenants` is accepted and ignored.)
import { randomUUID } from 'node:crypto';
import {
  BadQuery,
  afterMarker,
  backupTimes,
  comparator,
  parseSort,
  rand,
  zonelessMicros,
  type FakeReply,
  type ServiceContext,
  type ServiceDefinition,
  type SortKey,
} from './core.js';

export interface VbsBackup {
  id: string;
  name: string | null;
  status: string;
  volume_id: string;
  size: number;
  availability_zone: string;
  created_at: string;
  updated_at: string;
  description: string | null;
  is_incremental: boolean;
  container: string;
  object_count: number;
  snapshot_id: string | null;
  data_timestamp: string;
}

const STATUSES = ['creating', 'available', 'deleting', 'error', 'error_deleting', 'restoring'] as const;
const SORT_COLUMNS = [
  'id', 'status', 'size', 'created_at', 'updated_at', 'display_name', 'volume_id', 'availability_zone', 'container', 'host',
  'object_count', 'snapshot_id', 'data_timestamp', 'display_description', 'parent_id', 'project_id', 'user_id', 'fail_reason',
] as const;
const BOOL: Record<string, boolean> = { true: true, t: true, yes: true, y: true, on: true, '1': true, false: false, f: false, no: false, n: false, off: false, '0': false };
const PAGING = new Set(['limit', 'offset', 'marker', 'sort', 'sort_key', 'sort_dir', 'all_tenants']);

const FAULTS: Record<number, string> = { 400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound', 405: 'badMethod', 409: 'conflictingRequest', 413: 'overLimit', 415: 'badMediaType', 501: 'notImplemented', 503: 'serviceUnavailable' };
const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Bad request.',
  403: "Policy doesn't allow backup:get_all to be performed.",
  404: 'The resource could not be found.',
  500: 'The server has either erred or is incapable of performing the requested operation.',
  503: 'The service is temporarily unavailable.',
};

type Version = [number, number];
const MIN: Version = [3, 0];
const atLeast = (v: Version, major: number, minor: number) => v[0] > major || (v[0] === major && v[1] >= minor);
const show = (v: Version) => `${v[0]}.${v[1]}`;

function maxVersion(ctx?: ServiceContext): Version {
  const [major, minor] = (ctx?.options.maxMicroversion ?? '3.71').split('.').map(Number);
  return [major ?? 3, minor ?? 71];
}

/** The requested microversion, or a BadQuery (400 malformed, 406 unsupported). */
function requestedVersion(ctx: ServiceContext): Version {
  const header = ctx.headers['openstack-api-version'];
  if (header === undefined) return MIN;
  const entries = String(header).split(',').map((e) => e.trim().split(/\s+/));
  const volume = entries.find((e) => e[0]?.toLowerCase() === 'volume');
  if (!volume) throw new BadQuery('The request is not understood: no volume microversion in OpenStack-API-Version.');
  const text = volume[1] ?? '';
  if (text === 'latest') return maxVersion(ctx);
  const m = /^([1-9]\d*)\.([1-9]\d*|0)$/.exec(text);
  if (!m || volume.length !== 2) throw new BadQuery(`API Version String ${text} is of invalid format. Must be of format MajorNum.MinorNum.`);
  const v: Version = [Number(m[1]), Number(m[2])];
  const max = maxVersion(ctx);
  if (!atLeast(v, ...MIN) || !atLeast(max, ...v)) {
    throw new BadQuery(`Version ${show(v)} is not supported by the API. Minimum is ${show(MIN)} and maximum is ${show(max)}.`, 406);
  }
  return v;
}

/** The version to echo in an answer: the requested one when it parses, else 3.0. */
function echoedVersion(ctx: ServiceContext): string {
  try {
    return show(requestedVersion(ctx));
  } catch {
    const m = /volume\s+([1-9]\d*\.(?:[1-9]\d*|0))\b/i.exec(String(ctx.headers['openstack-api-version'] ?? ''));
    return m?.[1] ?? show(MIN);
  }
}

const versionHeaders = (ctx: ServiceContext) => ({ 'OpenStack-API-Version': `volume ${echoedVersion(ctx)}`, Vary: 'OpenStack-API-Version' });

/** Python's urlencode (quote_plus): `~` stays, space → `+`, `!'()*` encoded. */
function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export const vbs: ServiceDefinition<VbsBackup> = {
  api: 'vbs',
  pathPattern: /^\/v3\/([^/]+)\/backups\/?$/,
  listPath: (projectId) => `/v3/${projectId}/backups`,
  acceptsAkSk: false,
  commonHeaders: () => ({ 'x-openstack-request-id': `req-${randomUUID()}` }),

  error(status, message, _code, ctx): FakeReply {
    if (status === 401) {
      return {
        status,
        body: { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } },
        headers: { 'WWW-Authenticate': 'Keystone uri="https://iam.eu-de.otc.t-systems.com/v3"' },
      };
    }
    const fault = FAULTS[status] ?? 'computeFault';
    const text = message?.startsWith('No such resource') ? DEFAULT_MESSAGES[404] : message;
    const headers: Record<string, string> = ctx ? versionHeaders(ctx) : {};
    headers['x-compute-request-id'] = `req-${randomUUID()}`;
    return { status, body: { [fault]: { code: status, message: text ?? DEFAULT_MESSAGES[status] ?? 'Error' } }, headers };
  },

  generate(count, rng) {
    const volumes = Array.from({ length: Math.max(3, Math.ceil(count / 15)) }, (_, i) => ({
      id: rand.uuid(rng),
      label: rand.pick(rng, ['data', 'system', 'logs', 'db']),
      size: rand.pick(rng, [10, 20, 40, 100]),
      az: rand.pick(rng, ['eu-de-01', 'eu-de-02', 'eu-de-03']),
      n: i + 1,
    }));
    return backupTimes(rng, count).map((created, i) => {
      const volume = rand.pick(rng, volumes);
      const status = rand.chance(rng, 0.8) ? 'available' : rand.pick(rng, STATUSES);
      const daily = rand.chance(rng, 0.6);
      return {
        id: rand.uuid(rng),
        name: rand.chance(rng, 0.15) ? null : `${daily ? 'daily' : 'manual'}-${volume.label}-disk-${volume.n}-${String(i + 1).padStart(5, '0')}`,
        status,
        volume_id: volume.id,
        size: volume.size,
        availability_zone: volume.az,
        created_at: zonelessMicros(created, 0),
        updated_at: zonelessMicros(created + rand.int(rng, 10_000, 900_000), 0),
        description: rand.pick(rng, [null, '', 'before upgrade']),
        is_incremental: rand.chance(rng, 0.5),
        container: `volumebackups-${volume.az}`,
        object_count: rand.int(rng, 1, 400),
        snapshot_id: rand.chance(rng, 0.3) ? rand.uuid(rng) : null,
        data_timestamp: zonelessMicros(created, 0),
      };
    });
  },

  list(items, ctx) {
    const version = requestedVersion(ctx);
    const search = ctx.url.searchParams;
    const one = (name: string) => {
      const all = search.getAll(name);
      return all.length ? (all[all.length - 1] as string) : undefined;
    };

    // Which keys are filters, and which of them this version and policy accept.
    const allowed = new Set(['name', 'status', 'volume_id']);
    if (atLeast(version, 3, 34)) for (const k of ['name~', 'status~', 'volume_id~']) allowed.add(k);
    const withCountHonoured = atLeast(version, 3, 45);
    const filters = [...new Set(search.keys())].filter((k) => !PAGING.has(k) && !(withCountHonoured && k === 'with_count'));
    if (atLeast(version, 3, 31)) {
      if (filters.some((k) => /[^\x20-\x7e]/.test(k))) throw new BadQuery('Filter keys can only contain ASCII characters.');
      const invalid = filters.filter((k) => !allowed.has(k));
      if (invalid.length) throw new BadQuery(`Invalid filters ${invalid.join(',')} are found in query options.`);
    }
    const active = filters.filter((k) => allowed.has(k));

    // Paging parameters.
    const maxLimit = ctx.options.maxLimit ?? 1000;
    let limit = maxLimit;
    const rawLimit = one('limit');
    if (rawLimit !== undefined) {
      if (!/^-?\d+$/.test(rawLimit)) throw new BadQuery('limit param must be an integer');
      const n = Number(rawLimit);
      if (n < 0) throw new BadQuery('limit param must be positive');
      limit = Math.min(n, maxLimit);
    }
    let offset = 0;
    const rawOffset = one('offset');
    if (rawOffset !== undefined) {
      if (!/^-?\d+$/.test(rawOffset)) throw new BadQuery(`Invalid input received: offset must be an integer, got '${rawOffset}'.`);
      offset = Number(rawOffset);
      if (offset < 0 || offset > 2147483647) throw new BadQuery(`Invalid input received: offset must be between 0 and 2147483647, got ${rawOffset}.`);
    }
    for (const name of ['all_tenants', ...(withCountHonoured ? ['with_count'] : [])]) {
      const raw = one(name);
      if (raw !== undefined && BOOL[raw.toLowerCase()] === undefined) {
        throw new BadQuery(name === 'all_tenants' ? `all_tenants must be a boolean, got '${raw}'.` : `Value '${raw}' for '${name}' is not a boolean.`);
      }
    }
    const withCount = withCountHonoured && BOOL[(one('with_count') ?? 'false').toLowerCase()] === true;

    // Sort.
    const sortText = one('sort');
    const sortKeyText = one('sort_key');
    const sortDirText = one('sort_dir');
    if (sortText !== undefined && (sortKeyText !== undefined || sortDirText !== undefined)) {
      throw new BadQuery("The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.");
    }
    const columns: string[] = [...SORT_COLUMNS, ...(atLeast(version, 3, 37) ? ['name'] : [])];
    let sort: SortKey[];
    try {
      if (sortText !== undefined) sort = parseSort('sort', sortText, columns);
      else {
        if (sortDirText !== undefined && sortDirText !== 'asc' && sortDirText !== 'desc') {
          throw new BadQuery("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'.");
        }
        sort = parseSort('sort_key', `${sortKeyText ?? 'created_at'}:${sortDirText ?? 'desc'}`, columns);
      }
    } catch (error) {
      if (error instanceof BadQuery && !error.message.startsWith('Invalid input')) throw new BadQuery('Invalid input received: Invalid sort key');
      throw error;
    }
    for (const extra of ['created_at', 'id'] as const) if (!sort.some((s) => s.key === extra)) sort.push({ key: extra, dir: sort[0]?.dir ?? 'desc' });
    const column = (b: VbsBackup, key: string): unknown => {
      if (key === 'name' || key === 'display_name') return b.name;
      if (key === 'display_description') return b.description;
      return (b as unknown as Record<string, unknown>)[key] ?? null;
    };
    const sorted = [...items].sort(comparator(sort, column));

    // Filters.
    const value = (b: VbsBackup, key: string) => (key.startsWith('name') ? b.name : key.startsWith('status') ? b.status : b.volume_id);
    const matches = sorted.filter((b) =>
      active.every((key) => {
        const wanted = one(key) as string;
        const actual = value(b, key);
        return key.endsWith('~') ? likeContains(actual, wanted) : actual === wanted;
      }),
    );

    let rest = matches;
    const marker = one('marker');
    if (marker !== undefined) {
      const after = afterMarker(sorted, matches, marker, (b) => b.id);
      if (!after) throw new BadQuery(`Backup ${marker} could not be found.`, 404);
      rest = after;
    }
    const page = rest.slice(offset, offset + limit);

    const base = `${ctx.origin}/v3/${ctx.requestProject}/backups`;
    const bookmarkBase = `${ctx.origin}/${ctx.requestProject}/backups`;
    const body: Record<string, unknown> = {
      backups: page.map((b) => ({
        id: b.id,
        links: [
          { href: `${base}/${b.id}`, rel: 'self' },
          { href: `${bookmarkBase}/${b.id}`, rel: 'bookmark' },
        ],
        name: b.name,
      })),
    };
    const itemCount = withCount ? matches.length : page.length;
    const last = page[page.length - 1];
    if (last && limit <= itemCount) {
      const params = new URLSearchParams(search);
      params.set('marker', last.id);
      const query = [...params].map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
      body.backups_links = [{ href: `${base}?${query}`, rel: 'next' }];
    }
    if (withCount) body.count = matches.length;
    return { status: 200, body, headers: versionHeaders(ctx) };
  },
};

/** SQL `LIKE '%wanted%'` with `%` and `_` as wildcards (Cinder does not escape them). */
function likeContains(actual: string | null, wanted: string): boolean {
  if (actual === null) return false;
  const pattern = wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(pattern).test(actual);
}
