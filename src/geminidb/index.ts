// Huawei Cloud GeminiDB (GaussDB NoSQL) — GET /v3.1/{project_id}/backups. Offset paging with
// `total_count`, limit 1..100; AK/SK or token.
import type { paths } from '../../generated/types/geminidb.js';
import { queryParameters } from '../../generated/params/geminidb.js';
import { offsetPager } from '../core/paging/offset.js';
import { createServiceClient, type ClientOptions, type ServiceClient } from '../core/client.js';
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

/** The schemas check each bound's form; the server also needs both bounds and real dates. */
function timeWindowRule(query: Record<string, unknown>): void {
  if ((query.begin_time === undefined) !== (query.end_time === undefined)) {
    throw new TypeError('geminidb: query parameters `begin_time` and `end_time` must be given together.');
  }
  for (const name of ['begin_time', 'end_time'] as const) {
    const value = query[name];
    if (typeof value !== 'string') continue;
    try {
      parseTimestamp(value);
    } catch {
      throw new TypeError(`geminidb: query parameter \`${name}\` is not a valid date-time: ${JSON.stringify(value)}.`);
    }
  }
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
      paging: { kind: 'offset', pager: offsetPager, totalKey: 'total_count', defaultLimit: GEMINIDB_MAX_LIMIT },
      akSk: true,
      query: queryParameters['GET /v3.1/{project_id}/backups'],
      queryRule: timeWindowRule,
    },
    options,
  );
}
