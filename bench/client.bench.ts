// What the client adds on top of a bare openapi-fetch GET (fetch stubbed, so only client work is
// measured): token auth + retrying fetch + error/response handling, and AK/SK signing (WebCrypto
// SHA-256 + HMAC per request). `npm run bench` prints the ratios of one run; nothing is asserted.
import createClient from 'openapi-fetch';
import { bench, describe } from 'vitest';
import type { paths } from '../generated/types/cbr.js';
import { createCbrClient } from '../src/index.js';

const body = JSON.stringify({ backups: [{ id: 'a' }, { id: 'b' }], count: 2, offset: 0, limit: 2 });
const stub = async (_req: Request) => new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
const endpoint = 'https://cbr.ap-southeast-1.myhuaweicloud.com';
const projectId = '0605767b5780d5762fc5c0118072a564';
const query = { status: ['available' as const, 'error' as const], limit: 2 };

const bare = createClient<paths>({ baseUrl: endpoint, fetch: stub, headers: { 'X-Auth-Token': 'token-0123' } });
const withToken = createCbrClient({ endpoint, projectId, auth: { token: 'token-0123' }, fetch: stub });
const withAkSk = createCbrClient({ endpoint, projectId, auth: { accessKey: 'AK', secretKey: 'SK-secret' }, fetch: stub });

describe('one list call (fetch stubbed)', () => {
  bench('openapi-fetch GET (baseline)', async () => {
    await bare.GET('/v3/{project_id}/backups', { params: { path: { project_id: projectId }, query } });
  });
  bench('createCbrClient listBackups, token', async () => {
    await withToken.listBackups(query);
  });
  bench('createCbrClient listBackups, AK/SK signed', async () => {
    await withAkSk.listBackups(query);
  });
});
