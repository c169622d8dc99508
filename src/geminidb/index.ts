// Huawei Cloud GeminiDB (GaussDB NoSQL) — GET /v3.1/{project_id}/backups. Offset paging with
// `total_count`, limit 1..100; AK/SK or token.
import type { paths } from '../../generated/types/geminidb.js';
import { checkQueryInteger, createServiceClient, INT32_MAX, type ClientOptions, type ServiceClient } from '../core/client.js';
import { parseTimestamp } from '../core/timestamps.js';

export * from '../core/public.js';
export type { paths as GeminiDbPaths } from '../../generated/types/geminidb.js';

type ListOperation = paths['/v3.1/{project_id}/backups']['get'];
export type GeminiDbListBackupsQuery = NonNullable<ListOperation['parameters']['query']>;
export type GeminiDbListBackupsResponse = ListOperation['responses'][200]['content']['application/json'];
export type GeminiDbBackup = GeminiDbListBackupsResponse['backups'][number];
export type GeminiDbClient = ServiceClient<paths, GeminiDbListBackupsQuery, GeminiDbListBackupsResponse, GeminiDbBackup>;

export const GEMINIDB_MAX_LIMIT = 100;

/** Host of a region; eu-west-101 is served under `.myhuaweicloud.eu`. */
export function geminiDbHost(region: string): string {
  return region === 'eu-west-101'
    ? `https://gaussdb-nosql.${region}.myhuaweicloud.eu`
    : `https://gaussdb-nosql.${region}.myhuaweicloud.com`;
}

/** A client for GeminiDB backups (API v3.1): `region` or `endpoint`. */
export function createGeminiDbClient(options: ClientOptions): GeminiDbClient {
  return createServiceClient<paths, GeminiDbListBackupsQuery, GeminiDbListBackupsResponse, GeminiDbBackup>(
    {
      service: 'geminidb',
      listPath: '/v3.1/{project_id}/backups',
      versionPrefix: '/v3.1',
      itemsKey: 'backups',
      hostPattern: geminiDbHost,
      endpointExample: "'https://gaussdb-nosql.ap-southeast-1.myhuaweicloud.com'",
      paging: { kind: 'offset', totalKey: 'total_count', defaultLimit: GEMINIDB_MAX_LIMIT },
      akSk: true,
      validateQuery(query) {
        checkQueryInteger('geminidb', 'limit', query.limit, 1, GEMINIDB_MAX_LIMIT);
        checkQueryInteger('geminidb', 'offset', query.offset, 0, INT32_MAX);
        const begin = query.begin_time;
        const end = query.end_time;
        if ((begin === undefined) !== (end === undefined)) {
          throw new TypeError('geminidb: query parameters `begin_time` and `end_time` must be given together.');
        }
        for (const [name, value] of [['begin_time', begin], ['end_time', end]] as const) {
          if (value === undefined) continue;
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
            throw new TypeError(`geminidb: query parameter \`${name}\` must look like '2019-05-27T03:38:51+0000' (seconds and a UTC offset); got ${JSON.stringify(value)}.`);
          }
          try {
            parseTimestamp(value);
          } catch {
            throw new TypeError(`geminidb: query parameter \`${name}\` is not a valid date-time: ${JSON.stringify(value)}.`);
          }
        }
      },
    },
    options,
  );
}
