// Huawei Cloud CBR — GET /v3/{project_id}/backups. Offset paging with `count`; AK/SK or token.
import type { paths } from '../../generated/types/cbr.js';
import { queryParameters } from '../../generated/params/cbr.js';
import { offsetPager } from '../core/paging/offset.js';
import { createServiceClient, type ClientOptions, type ServiceClient } from '../core/client.js';

export * from '../core/public.js';
export type { paths as CbrPaths } from '../../generated/types/cbr.js';

type ListOperation = paths['/v3/{project_id}/backups']['get'];
export type CbrListBackupsQuery = NonNullable<ListOperation['parameters']['query']>;
export type CbrListBackupsResponse = ListOperation['responses'][200]['content']['application/json'];
export type CbrBackup = CbrListBackupsResponse['backups'][number];
export type CbrClient = ServiceClient<paths, CbrListBackupsQuery, CbrListBackupsResponse, CbrBackup>;

export const CBR_MAX_LIMIT = 1000;

/** A client for CBR: `region` (host `https://cbr.{region}.myhuaweicloud.com`) or `endpoint`. */
export function createCbrClient(options: ClientOptions): CbrClient {
  return createServiceClient<paths, CbrListBackupsQuery, CbrListBackupsResponse, CbrBackup>(
    {
      service: 'cbr',
      listPath: '/v3/{project_id}/backups',
      versionPrefix: '/v3',
      itemsKey: 'backups',
      hostPattern: (region) => `https://cbr.${region}.myhuaweicloud.com`,
      endpointExample: "'https://cbr.ap-southeast-1.myhuaweicloud.com'",
      paging: { kind: 'offset', pager: offsetPager, totalKey: 'count', defaultLimit: CBR_MAX_LIMIT },
      query: queryParameters['GET /v3/{project_id}/backups'],
      akSk: true,
    },
    options,
  );
}
