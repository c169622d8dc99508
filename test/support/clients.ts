// The one helper every client test shares: a client of the public API (src/index.ts) pointed at a
// stateful fake (test/fakes/), the fake's lifecycle for vitest, `ids()` to collect a walk, the
// items key per API and the auth variants (token, AK/SK, AK/SK with a security token).
//
//   const fakes = useFakes();                        // closes every fake started in a test after it
//   const fake = await fakes.start('csbs', { count: 30 });
//   const client = clientFor('csbs', fake, { auth: AUTH.aksk });
//   expect(await ids(client.iterateBackups({ limit: 7 }))).toEqual(await referenceIds('csbs', fake));
import { afterEach } from 'vitest';
import {
  createCbrClient,
  createCsbsClient,
  createGeminiDbClient,
  createVbsClient,
  type Auth,
  type ClientOptions,
  type IterateOptions,
  type RequestOptions,
} from '../../src/index.js';
import { FAKE_APIS, startFake, type Fake, type FakeApi, type FakeItems, type FakeOptions } from '../fakes/index.js';

export type Api = FakeApi;
export const APIS: readonly Api[] = FAKE_APIS;

/** The array of items in a page of each list call. */
export const ITEMS_KEY: Record<Api, string> = { cbr: 'backups', geminidb: 'backups', csbs: 'checkpoint_items', vbs: 'backups' };

/** Largest `limit` each service accepts (one page of the fake's whole store for small counts). */
export const MAX_LIMIT: Record<Api, number> = { cbr: 1000, geminidb: 100, csbs: 1000, vbs: 1000 };

/** Which services verify AK/SK signatures (the Huawei gateway); Cinder (vbs) takes tokens only. */
export const ACCEPTS_AKSK: Record<Api, boolean> = { cbr: true, geminidb: true, csbs: true, vbs: false };

/** Recognisable secrets: a test that looks for them in an error finds them if they leaked. */
export const SECRETS = {
  token: 'MIIDtoken-SECRET-0123456789abcdefXYZ',
  accessKey: 'AKPUBLICACCESSKEY', // an identifier, not a secret
  secretKey: 'SK-very-SECRET-key-9876543210abcdef',
  securityToken: 'SECURITY-TOKEN-temporary-abcdef012345678',
} as const;

/** The three ways to authenticate. */
export const AUTH = {
  token: { token: SECRETS.token },
  aksk: { accessKey: SECRETS.accessKey, secretKey: SECRETS.secretKey },
  securityToken: { accessKey: SECRETS.accessKey, secretKey: SECRETS.secretKey, securityToken: SECRETS.securityToken },
} as const satisfies Record<string, Auth>;
export type AuthKind = keyof typeof AUTH;

/** The auth variants a service accepts (vbs: token only). */
export function authKinds(api: Api): AuthKind[] {
  return ACCEPTS_AKSK[api] ? ['token', 'aksk', 'securityToken'] : ['token'];
}

/** Retries without waiting: faults are retried at once, so walks stay fast. */
export const FAST_RETRY = { attempts: 4, baseDelayMs: 0, maxDelayMs: 0 } as const;

/** The public surface every service client shares, with loose query/item types for generic tests. */
export interface AnyClient {
  readonly service: string;
  readonly baseUrl: string;
  listBackups(query?: any, options?: RequestOptions): Promise<any>;
  iterateBackups(query?: any, options?: IterateOptions): AsyncGenerator<{ id: string } & Record<string, any>, void, undefined>;
}

const FACTORIES: Record<Api, (options: any) => AnyClient> = {
  cbr: createCbrClient,
  geminidb: createGeminiDbClient,
  csbs: createCsbsClient,
  vbs: createVbsClient,
};

/** A client of `api` built through the public factory with exactly these options. */
export function createClient(api: Api, options: ClientOptions): AnyClient {
  return FACTORIES[api](options);
}

/** A client of `api` for `fake`: its origin and project, token auth, no retries unless `extra` says so. */
export function clientFor(api: Api, fake: Pick<Fake, 'url' | 'projectId'>, extra: Partial<ClientOptions> = {}): AnyClient {
  return createClient(api, { endpoint: fake.url, projectId: fake.projectId, auth: AUTH.token, retry: false, ...extra });
}

/**
 * Starts fakes for the current test and closes them all after it (vitest `afterEach`). Call once
 * at the top of a file or `describe`.
 */
export function useFakes(): { start<A extends Api>(api: A, options?: FakeOptions): Promise<Fake<FakeItems[A]>> } {
  const running: Fake<any>[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((f) => f.close()));
  });
  return {
    async start(api, options = {}) {
      const fake = await startFake(api, options);
      running.push(fake);
      return fake;
    },
  };
}

/** Runs `fn` with a fresh fake and closes it whatever happens (for loops of many fakes in one test). */
export async function withFake<A extends Api, T>(api: A, options: FakeOptions, fn: (fake: Fake<FakeItems[A]>) => Promise<T>): Promise<T> {
  const fake = await startFake(api, options);
  try {
    return await fn(fake);
  } finally {
    await fake.close();
  }
}

/** The ids of a walk, in the order yielded. */
export async function ids(iterable: AsyncIterable<{ id: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of iterable) out.push(item.id);
  return out;
}

/** The fake's own order of every stored item, read with plain fetch (no client involved). */
export async function referenceIds(api: Api, fake: Pick<Fake, 'listUrl'>, query = ''): Promise<string[]> {
  const out: string[] = [];
  const size = MAX_LIMIT[api];
  for (let offset = 0; ; offset += size) {
    const res = await fetch(`${fake.listUrl}?limit=${size}&offset=${offset}${query ? `&${query}` : ''}`, { headers: { 'X-Auth-Token': SECRETS.token } });
    if (!res.ok) throw new Error(`referenceIds: ${api} answered ${res.status}: ${await res.text()}`);
    const page = ((await res.json()) as Record<string, { id: string }[]>)[ITEMS_KEY[api]]!;
    out.push(...page.map((b) => b.id));
    if (page.length < size) return out;
  }
}

/** The error a promise rejects with (fails if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

// ---- changing a fake's store during a walk (backups created and deleted) ----------------------

type Store = Record<string, any>[];
let serial = 0;

/** A fresh id in the service's shape, sorting before the generated ones on equal times. */
export function newId(api: Api): string {
  const hex = (++serial).toString(16).padStart(12, '0');
  return api === 'geminidb' ? `ffffffffffffffffffff${hex}br01` : `ffffffff-ffff-4fff-8fff-${hex}`;
}

/** A new backup sorted first (newest of all); returns its id. */
export function insertNewest(api: Api, fake: Pick<Fake, 'items'>, id = newId(api)): string {
  const items = fake.items as Store;
  const copy = structuredClone(items[0]!);
  copy.id = id;
  const stamp = String(++serial % 1_000_000).padStart(6, '0');
  if (api === 'geminidb') copy.begin_time = `2099-01-01T00:${stamp.slice(0, 2)}:${String(Number(stamp.slice(2, 4)) % 60).padStart(2, '0')}+0000`;
  else copy.created_at = `2099-01-01T00:00:00.${stamp}`;
  items.unshift(copy);
  return id;
}

/** A copy of the item at `index` with a new id (it sorts right next to it); returns its id. */
export function insertNextTo(api: Api, fake: Pick<Fake, 'items'>, index: number, id = newId(api)): string {
  const items = fake.items as Store;
  const copy = structuredClone(items[index]!);
  copy.id = id;
  items.splice(index, 0, copy);
  return id;
}

/** Deletes the backup with this id; whether it was there. */
export function removeItem(fake: Pick<Fake, 'items'>, id: string): boolean {
  const items = fake.items as Store;
  const at = items.findIndex((item) => item.id === id);
  if (at >= 0) items.splice(at, 1);
  return at >= 0;
}
