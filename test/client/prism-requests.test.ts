// Every client's requests pass Prism's request validation (no `sl-violations` header) for a spread
// of parameters — repeated `status`, `name~`, `+0000` times, colons, booleans, the vbs
// microversion header — with token and AK/SK auth. The mocks come from the globalSetup
// (test/setup/prism-mocks.ts) through `inject('mockUrls')`.
import { describe, expect, inject, it } from 'vitest';
import {
  createCbrClient,
  createCsbsClient,
  createGeminiDbClient,
  createVbsClient,
  type CbrListBackupsQuery,
  type CsbsListCheckpointItemsQuery,
  type GeminiDbListBackupsQuery,
  type VbsListBackupsQuery,
} from '../../src/index.js';

const mockUrls = inject('mockUrls');
const projectId = '0605767b5780d5762fc5c0118072a564';
const token = { token: 'gAAAAABprismtoken0123456789' };
const aksk = { accessKey: 'AKPRISMTEST', secretKey: 'sk-prism-test' };

interface Exchange {
  request: Request;
  response: Response;
}

function recorder() {
  const log: Exchange[] = [];
  const fetchAndRecord = async (request: Request): Promise<Response> => {
    const response = await fetch(request.clone());
    log.push({ request, response: response.clone() });
    return response;
  };
  return { log, fetch: fetchAndRecord };
}

function urlOf(api: string): string {
  const url = mockUrls?.[api];
  if (!url) throw new Error(`no Prism mock for ${api}: the globalSetup provides ${JSON.stringify(mockUrls)}`);
  return url;
}

function expectValid(log: Exchange[]): void {
  expect(log.length).toBeGreaterThan(0);
  for (const { request, response } of log) {
    const violations = response.headers.get('sl-violations');
    expect(violations, `${request.url} → ${violations}`).toBeNull();
    expect(response.status, request.url).toBe(200);
  }
}

describe('cbr requests pass Prism validation', () => {
  const queries: CbrListBackupsQuery[] = [
    {},
    { limit: 1, offset: 0 },
    { status: ['available'] },
    { status: ['available', 'error', 'waiting_restore'], limit: 1000, offset: 2147483647 },
    { name: 'daily backup+1: a/b', resource_name: 'ecs-01', resource_type: 'OS::Nova::Server', sort: 'created_at:desc,name:asc' },
    { start_time: '2018-02-01T12:00:00Z', end_time: '2018-03-01T12:00:00Z', own_type: 'all_granted', member_status: 'accepted' },
    { image_type: 'replication', incremental: true, show_replication: false, dec: false, used_percent: '80', enterprise_project_id: 'all_granted_eps' },
    { vault_id: '3b5816b5-f29c-4172-9d9a-76c719a659ce', resource_id: 'abc', checkpoint_id: 'def', parent_id: 'ghi', resource_az: 'az1.dc1', marker: 'jkl' },
  ];
  it.each(queries.map((q, i) => [i, q] as const))('query %i (token)', async (_i, query) => {
    const { log, fetch } = recorder();
    const client = createCbrClient({ endpoint: urlOf('cbr'), projectId, auth: token, fetch });
    const page = await client.listBackups(query);
    expect(Array.isArray(page.backups)).toBe(true);
    expectValid(log);
  });

  it('AK/SK signed requests and a walk', async () => {
    const { log, fetch } = recorder();
    const client = createCbrClient({ endpoint: urlOf('cbr'), projectId, auth: aksk, fetch });
    await client.listBackups({ status: ['deleting', 'protecting'], limit: 10 });
    let walked = 0;
    for await (const backup of client.iterateBackups({ limit: 1000, status: ['available'] })) {
      expect(typeof backup.id).toBe('string');
      walked++;
      break;
    }
    expect(walked, 'the walk yielded no item, so the loop body never ran').toBe(1);
    expectValid(log);
    expect(log[0]!.request.headers.get('authorization')).toMatch(/^SDK-HMAC-SHA256 Access=AKPRISMTEST, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$/);
  });

  it('the check is not vacuous: a bogus status (cast past the types) is reported', async () => {
    const { log, fetch } = recorder();
    const client = createCbrClient({ endpoint: urlOf('cbr'), projectId, auth: token, fetch, retry: false });
    await client.listBackups({ status: ['bogus'] as never }).catch(() => undefined);
    expect(log[0]!.response.headers.get('sl-violations')).toContain('status');
  });
});

describe('geminidb requests pass Prism validation', () => {
  const queries: GeminiDbListBackupsQuery[] = [
    {},
    { limit: 100, offset: 0 },
    { limit: 1, offset: 5, datastore_type: 'cassandra' },
    { begin_time: '2019-05-27T03:38:51+0000', end_time: '2019-05-28T03:38:51+0000' },
    { backup_type: 'Manual', type: 'DatabaseTable', datastore_type: 'mongodb' },
    { instance_id: 'c0c9f155c7b7423a9d30f0175998b63bin01', backup_id: '43e4feaab48f11e89039fa163ebaa7e4br01', datastore_type: 'influxdb' },
  ];
  it.each(queries.map((q, i) => [i, q] as const))('query %i (token)', async (_i, query) => {
    const { log, fetch } = recorder();
    const client = createGeminiDbClient({ endpoint: urlOf('geminidb'), projectId, auth: token, fetch });
    const page = await client.listBackups(query);
    expect(typeof page.total_count).toBe('number');
    expectValid(log);
    if ('begin_time' in query) expect(new URL(log[0]!.request.url).search).toContain('%2B0000');
  });

  it('AK/SK signed requests (X-Project-Id is a declared header)', async () => {
    const { log, fetch } = recorder();
    const client = createGeminiDbClient({ endpoint: urlOf('geminidb'), projectId, auth: aksk, fetch });
    await client.listBackups({ limit: 10, type: 'Instance' });
    expectValid(log);
    expect(log[0]!.request.headers.get('x-project-id')).toBe(projectId);
  });
});

describe('csbs requests pass Prism validation', () => {
  const queries: CsbsListCheckpointItemsQuery[] = [
    {},
    { limit: 1000, marker: '4d2a8c52-1f6c-4b18-a2a3-2b0b6f8f0f0e' },
    { status: 'available', sort: 'created_at:desc', offset: 0, limit: 10 },
    { name: 'backup name', resource_name: 'ecs+1', az: 'eu-de-01', resource_type: 'OS::Nova::Server', image_type: 'backup' },
    { start_time: '2017-04-18T01:21:52.701973', end_time: '2017-04-19T01:21:52.701973', all_tenants: false, policy_id: 'p1', ip: '192.168.0.1', checkpoint_id: 'c1', resource_id: 'r1' },
  ];
  it.each(queries.map((q, i) => [i, q] as const))('query %i (token)', async (_i, query) => {
    const { log, fetch } = recorder();
    const client = createCsbsClient({ endpoint: urlOf('csbs'), projectId, auth: token, fetch });
    const page = await client.listBackups(query);
    expect(Array.isArray(page.checkpoint_items)).toBe(true);
    expectValid(log);
  });

  it('AK/SK signed requests and a walk', async () => {
    const { log, fetch } = recorder();
    const client = createCsbsClient({ endpoint: urlOf('csbs'), projectId, auth: aksk, fetch });
    let walked = 0;
    for await (const item of client.iterateBackups({ limit: 1000, status: 'available' })) {
      expect(typeof item.id).toBe('string');
      walked++;
      break;
    }
    expect(walked, 'the walk yielded no item, so the loop body never ran').toBe(1);
    expectValid(log);
  });
});

describe('vbs requests pass Prism validation', () => {
  const queries: VbsListBackupsQuery[] = [
    {},
    { limit: 0 },
    { limit: 10, offset: 3, marker: '4d2a8c52-1f6c-4b18-a2a3-2b0b6f8f0f0e' },
    { status: 'available', name: 'nightly', volume_id: '2e9c1b7c-7a38-4a4c-9d7a-1f5a4b9c2d3e' },
    { 'name~': 'nightly' },
    { 'name~': 'night', 'status~': 'avail', 'volume_id~': '2e9c' },
    { with_count: true, limit: 5 },
    { sort: 'name:asc,created_at:desc' },
    { all_tenants: false, project_id: projectId },
    { 'name~': 'x', with_count: false, sort: 'name' },
  ];
  it.each(queries.map((q, i) => [i, q] as const))('query %i', async (_i, query) => {
    const { log, fetch } = recorder();
    const client = createVbsClient({ endpoint: urlOf('vbs'), projectId, auth: token, fetch });
    const page = await client.listBackups(query);
    expect(Array.isArray(page.backups)).toBe(true);
    expectValid(log);
  });

  it('the deprecated sort_key / sort_dir are accepted with deprecation warnings only', async () => {
    const { log, fetch } = recorder();
    const client = createVbsClient({ endpoint: urlOf('vbs'), projectId, auth: token, fetch });
    await client.listBackups({ sort_key: 'created_at', sort_dir: 'asc' });
    expect(log[0]!.response.status).toBe(200);
    const violations = JSON.parse(log[0]!.response.headers.get('sl-violations') ?? '[]') as { severity: string; code: string }[];
    expect(violations.map((v) => `${v.severity}:${v.code}`)).toEqual(['Warning:deprecated', 'Warning:deprecated']);
  });

  it('the microversion header the client picks is valid for the mock', async () => {
    const { log, fetch } = recorder();
    const client = createVbsClient({ endpoint: urlOf('vbs'), projectId, auth: token, fetch });
    await client.listBackups({ 'name~': 'a' });
    await client.listBackups({ sort: 'name' });
    await client.listBackups({ with_count: true });
    await client.listBackups({}, { headers: { 'OpenStack-API-Version': 'volume latest' } });
    expectValid(log);
    expect(log.map((x) => x.request.headers.get('openstack-api-version'))).toEqual(['volume 3.34', 'volume 3.37', 'volume 3.45', 'volume latest']);
  });
});
