// Open Telekom Cloud VBS = native OpenStack Cinder v3 — GET /v3/{project_id}/backups (summary).
// Token auth only (keystonemiddleware); the endpoint is required. Paging follows the marker of the
// `backups_links` next link against the configured endpoint. The microversion header is chosen
// from the parameters used, unless the caller set one.
import type { Middleware } from 'openapi-fetch';
import type { paths } from '../../generated/types/vbs.js';
import type { TokenAuth } from '../core/auth.js';
import { queryParameters } from '../../generated/params/vbs.js';
import { linkPager } from '../core/paging/link.js';
import { createServiceClient, type ClientOptions, type ServiceClient } from '../core/client.js';
import { checkInteger } from '../core/options.js';

export * from '../core/public.js';
export type { paths as VbsPaths } from '../../generated/types/vbs.js';

type ListOperation = paths['/v3/{project_id}/backups']['get'];
export type VbsListBackupsQuery = NonNullable<ListOperation['parameters']['query']>;
export type VbsListBackupsResponse = ListOperation['responses'][200]['content']['application/json'];
export type VbsBackup = VbsListBackupsResponse['backups'][number];
export type VbsClient = ServiceClient<paths, VbsListBackupsQuery, VbsListBackupsResponse, VbsBackup>;
/** Cinder verifies tokens only (keystonemiddleware), and has no public host pattern: `endpoint` is required. */
export type VbsClientOptions = Omit<ClientOptions, 'auth' | 'region' | 'endpoint'> & { auth: TokenAuth; endpoint: string };

export const MICROVERSION_HEADER = 'OpenStack-API-Version';

/**
 * The lowest `volume 3.x` the query needs: `~` filters 3.34, sorting by `name` 3.37, `with_count`
 * 3.45; undefined when 3.0 (no header) will do.
 */
export function requiredMicroversion(search: URLSearchParams): string | undefined {
  let minor = 0;
  for (const [key, value] of search) {
    if (key.endsWith('~')) minor = Math.max(minor, 34);
    if (key === 'with_count') minor = Math.max(minor, 45);
    if ((key === 'sort' || key === 'sort_key') && value.split(',').some((part) => part.split(':')[0]!.trim() === 'name')) {
      minor = Math.max(minor, 37);
    }
  }
  return minor ? `volume 3.${minor}` : undefined;
}

/** Sets the microversion header on requests that need one and have none (any case of the name). */
export const microversionMiddleware: Middleware = {
  onRequest({ request }) {
    if (request.headers.has(MICROVERSION_HEADER)) return undefined;
    const version = requiredMicroversion(new URL(request.url).searchParams);
    if (version) request.headers.set(MICROVERSION_HEADER, version);
    return request;
  },
};

/** A client for the Cinder v3 backups list of Open Telekom Cloud (VBS): `endpoint` is required. */
export function createVbsClient(options: VbsClientOptions): VbsClient {
  return createServiceClient<paths, VbsListBackupsQuery, VbsListBackupsResponse, VbsBackup>(
    {
      service: 'vbs',
      listPath: '/v3/{project_id}/backups',
      versionPrefix: '/v3',
      itemsKey: 'backups',
      endpointExample: "'https://evs.eu-de.otc.t-systems.com' (the cloud's Cinder v3 endpoint, from the service catalog)",
      paging: { kind: 'link', pager: linkPager, linksKey: 'backups_links' },
      akSk: false,
      middlewares: [microversionMiddleware],
      query: queryParameters['GET /v3/{project_id}/backups'],
      queryRule(query, mode) {
        // `limit: 0` is a valid request, but a walk of empty pages would never end.
        if (mode === 'iterate' && query.limit !== undefined) checkInteger('vbs: query parameter `limit`', query.limit, 1, 2_147_483_647, ' when iterating (0 gives only empty pages)');
      },
    },
    options as ClientOptions,
  );
}
