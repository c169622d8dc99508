/**
 * Stateful fakes of the four list-backups services, for paging, filter, fault and retry tests.
 *
 *   const fake = await startFake('vbs', { count: 250, seed: 7 });
 *   const res = await fetch(`${fake.listUrl}?limit=100`, { headers: { 'X-Auth-Token': 't' } });
 *   …
 *   await fake.close();
 *
 * `startFake(api, options)` starts a node:http server on 127.0.0.1 (port 0) holding `count`
 * generated backups (deterministic for a given `seed` and `count`), shaped like real responses.
 * It resolves to a `Fake`:
 *   url        origin (`http://127.0.0.1:<port>`), no trailing slash
 *   path       the list path for `projectId` (`/v3/<project>/backups`, `/v3.1/…`, `/v1/…/checkpoint_items`)
 *   listUrl    url + path
 *   projectId  project of the generated data (any project ID in the path is served, like the real
 *              servers that take the project from the token)
 *   items      the stored backups in generation order (wire shape for cbr/geminidb/csbs; detail-like
 *              records for vbs, whose answers show `{id, name, links}`)
 *   requests   every request received (n, method, url, headers) — assert what a client sent
 *   failNext(reply, times?)  answer the next request(s) with `reply` ({status, body?, headers?,
 *              delayMs?, destroy?}) before anything else (auth included)
 *   errorReply(status, message?)  a reply with the service's real error body for `status`
 *              (Huawei: `{error_code, error_msg[, request_id]}` with APIGW.* for 401/429; vbs: Cinder
 *              faults, keystonemiddleware's `{"error": {…}}` for 401) — handy for failNext
 *   close()
 *
 * Options (FakeOptions in core.ts): count (default 100), seed (default 1), projectId, token (only
 * this X-Auth-Token is accepted), authorize(request) (custom auth check, e.g. AK/SK verification),
 * fault(request) (hook returning a FakeReply or undefined, runs first on every request), and per
 * service: maxLimit / maxMicroversion (vbs), tableBackupRatio (geminidb).
 *
 * Auth: no X-Auth-Token (and on the Huawei APIs no `Authorization: SDK-HMAC-SHA256 …`) → 401 with
 * the service's real body. Bad query values → the service's 400 body. Paging, filters and sort per
 * service are described at the top of cbr.ts, geminidb.ts, csbs.ts and vbs.ts. In short:
 *   cbr       offset/limit (1–1000) or marker; `{backups, count, offset, limit}`
 *   geminidb  offset/limit (1–100); `{total_count, backups}`; type=Instance (default) / DatabaseTable
 *   csbs      marker/limit (1–1000) + offset; `{checkpoint_items}`
 *   vbs       marker/limit (+offset); `backups_links` next links; `count` with with_count=true at
 *             microversion ≥ 3.45 (send `OpenStack-API-Version: volume 3.45`); `name~` etc. at ≥ 3.34
 */
import { cbr } from './cbr.js';
import { csbs } from './csbs.js';
import { geminidb } from './geminidb.js';
import { vbs } from './vbs.js';
import { startService, type Fake, type FakeOptions, type ServiceDefinition } from './core.js';
import type { CbrBackup } from './cbr.js';
import type { CsbsCheckpointItem } from './csbs.js';
import type { GeminiDbBackup } from './geminidb.js';
import type { VbsBackup } from './vbs.js';

export type { Fake, FakeOptions, FakeReply, FakeRequest, FaultHook, RewriteHook } from './core.js';
export type { CbrBackup, CsbsCheckpointItem, GeminiDbBackup, VbsBackup };

export interface FakeItems {
  cbr: CbrBackup;
  geminidb: GeminiDbBackup;
  csbs: CsbsCheckpointItem;
  vbs: VbsBackup;
}
export type FakeApi = keyof FakeItems;

export const SERVICES: { [K in FakeApi]: ServiceDefinition<FakeItems[K]> } = { cbr, geminidb, csbs, vbs };
export const FAKE_APIS = Object.keys(SERVICES) as FakeApi[];

export function startFake<A extends FakeApi>(api: A, options: FakeOptions = {}): Promise<Fake<FakeItems[A]>> {
  const service = SERVICES[api] as ServiceDefinition<FakeItems[A]> | undefined;
  if (!service) throw new Error(`no fake for API '${api}' (have: ${FAKE_APIS.join(', ')})`);
  return startService(service, options);
}
