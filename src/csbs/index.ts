// Cloud Server Backup Service — GET /v1/{project_id}/checkpoint_items (= backups). Marker paging;
// AK/SK or token. Huawei Cloud host pattern, Open Telekom Cloud for eu-de / eu-nl.
import type { paths } from '../../generated/types/csbs.js';
import { queryParameters } from '../../generated/params/csbs.js';
import { plainMarkerPager } from '../core/paging/marker.js';
import { createServiceClient, type ClientOptions, type ServiceClient } from '../core/client.js';

export * from '../core/public.js';
export type { paths as CsbsPaths } from '../../generated/types/csbs.js';

type ListOperation = paths['/v1/{project_id}/checkpoint_items']['get'];
export type CsbsListCheckpointItemsQuery = NonNullable<ListOperation['parameters']['query']>;
export type CsbsListCheckpointItemsResponse = ListOperation['responses'][200]['content']['application/json'];
export type CsbsCheckpointItem = CsbsListCheckpointItemsResponse['checkpoint_items'][number];
export type CsbsClient = ServiceClient<paths, CsbsListCheckpointItemsQuery, CsbsListCheckpointItemsResponse, CsbsCheckpointItem>;

export const CSBS_MAX_LIMIT = 1000;
const OTC_REGIONS = new Set(['eu-de', 'eu-nl']);

/** Huawei Cloud `https://csbs.{region}.myhuaweicloud.com`; Open Telekom Cloud `https://csbs.{region}.otc.t-systems.com`. */
export function csbsHost(region: string): string {
  return OTC_REGIONS.has(region) ? `https://csbs.${region}.otc.t-systems.com` : `https://csbs.${region}.myhuaweicloud.com`;
}

/** A client for CSBS backups (checkpoint items): `region` or `endpoint`. */
export function createCsbsClient(options: ClientOptions): CsbsClient {
  return createServiceClient<paths, CsbsListCheckpointItemsQuery, CsbsListCheckpointItemsResponse, CsbsCheckpointItem>(
    {
      service: 'csbs',
      listPath: '/v1/{project_id}/checkpoint_items',
      versionPrefix: '/v1',
      itemsKey: 'checkpoint_items',
      hostPattern: csbsHost,
      endpointExample: "'https://csbs.ap-southeast-1.myhuaweicloud.com'",
      paging: { kind: 'marker', pager: plainMarkerPager, defaultLimit: CSBS_MAX_LIMIT },
      query: queryParameters['GET /v1/{project_id}/checkpoint_items'],
      akSk: true,
    },
    options,
  );
}
