// CSBS fake: `GET /v1/{project_id}/checkpoint_items`. Items are checkpoint_item objects like seed
// 002 / the OTC copy: zone-less 6-digit timestamps, extend_info with volume_backups, fail_code `{}`,
// `copy_from` "" or null, backup_data, OTC `tags`. Answer: `{checkpoint_items}` (no total; no
// links). Paging: `marker` (id of the last item seen) + `limit` (1–1000, default 1000), and
// `offset` (skips further, after the marker). Filters: status (one value), name / resource_name
// (case-insensitive substring), resource_id, resource_type, checkpoint_id, az (resource AZ),
// image_type, start_time/end_time (on created_at, zone-less or zoned), policy_id (items carry a
// hidden policy), ip (a server's private or elastic IP). Sort: `key[:asc|desc],…` over
// created_at, updated_at, name, status, protected_at, id (default created_at desc). Bad values →
// 400 CSBS.9001; an unknown marker → 404 CSBS.3001; unknown parameters are ignored.
import {
  BadQuery,
  afterMarker,
  backupTimes,
  comparator,
  fuzzy,
  parseQuery,
  parseTime,
  rand,
  zonelessMicros,
  type ParamSpec,
  type ServiceDefinition,
  type SortKey,
} from './core.js';
import { huaweiError, huaweiHeaders, requestId } from './huawei.js';

export type CsbsCheckpointItem = Record<string, any> & { id: string; name: string; status: string; created_at: string };

const STATUSES = ['waiting_protect', 'protecting', 'available', 'waiting_restore', 'restoring', 'error', 'waiting_delete', 'deleting', 'deleted'] as const;
const ID = /^[A-Za-z0-9_-]+$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

const PARAMS: Record<string, ParamSpec> = {
  all_tenants: { type: 'bool' },
  az: { type: 'string', maxLength: 64, pattern: /^[A-Za-z0-9._-]+$/ },
  checkpoint_id: { type: 'string', maxLength: 64, pattern: ID },
  end_time: { type: 'time', pattern: TIME },
  image_type: { type: 'string', maxLength: 64, pattern: /^[A-Za-z_]+$/ },
  ip: { type: 'string', maxLength: 45, pattern: /^[0-9A-Fa-f:.]+$/ },
  limit: { type: 'int', min: 1, max: 1000 },
  marker: { type: 'string', maxLength: 64, pattern: ID },
  name: { type: 'string', maxLength: 255 },
  offset: { type: 'int', min: 0, max: 2147483647 },
  policy_id: { type: 'string', maxLength: 64, pattern: ID },
  resource_id: { type: 'string', maxLength: 64, pattern: ID },
  resource_name: { type: 'string', maxLength: 255 },
  resource_type: { type: 'string', maxLength: 64, pattern: /^[A-Za-z0-9_]+(::[A-Za-z0-9_]+)*$/ },
  sort: { type: 'sort', keys: ['created_at', 'updated_at', 'name', 'status', 'protected_at', 'id'], maxLength: 255 },
  start_time: { type: 'time', pattern: TIME },
  status: { type: 'enum', values: STATUSES },
};

const ERRORS = {
  400: ['CSBS.9001', 'provider invalid'],
  403: ['CSBS.9009', 'User is unverified.'],
  404: ['CSBS.3001', 'Checkpoint_item is not found.'],
  500: ['CSBS.9999', 'Query checkpoint items failed'],
  503: ['CSBS.9998', 'System not support'],
} as const;

/** What the filters and sort use but the answer does not show (the backup policy, the protection time). */
const hidden = new WeakMap<object, { policyId: string; protectedAt: string }>();

export const csbs: ServiceDefinition<CsbsCheckpointItem> = {
  api: 'csbs',
  pathPattern: /^\/v1\/([^/]+)\/checkpoint_items\/?$/,
  listPath: (projectId) => `/v1/${projectId}/checkpoint_items`,
  acceptsAkSk: true,
  error: (status, message, code) =>
    code === 'CSBS.3001'
      ? { status, body: { error_code: code, error_msg: `Checkpoint_item (${message}) is not found.` }, headers: { 'X-Request-Id': requestId() } }
      : huaweiError(ERRORS, status, message, code),
  commonHeaders: huaweiHeaders,

  generate(count, rng) {
    const policies = [rand.uuid(rng), rand.uuid(rng), rand.uuid(rng)];
    const servers = Array.from({ length: Math.max(3, Math.ceil(count / 10)) }, (_, i) => ({
      id: rand.uuid(rng),
      name: `ecs-${rand.pick(rng, ['web', 'db', 'app'])}-${String(i + 1).padStart(4, '0')}`,
      az: rand.pick(rng, ['eu-de-01', 'eu-de-02', 'eu-de-03']),
      ip: `192.168.${rand.int(rng, 0, 3)}.${rand.int(rng, 2, 254)}`,
      eip: rand.chance(rng, 0.3) ? `80.158.${rand.int(rng, 0, 63)}.${rand.int(rng, 1, 254)}` : '',
      volumes: Array.from({ length: rand.int(rng, 1, 3) }, (_, v) => ({ id: rand.uuid(rng), name: `vol-${i + 1}-${v}`, size: rand.pick(rng, [20, 40, 100]) })),
      vcpus: rand.pick(rng, [1, 2, 4, 8]),
    }));
    return backupTimes(rng, count).map((created, i): CsbsCheckpointItem => {
      const server = rand.pick(rng, servers);
      const auto = rand.chance(rng, 0.7);
      const status = rand.chance(rng, 0.8) ? 'available' : rand.pick(rng, STATUSES);
      const finished = created + rand.int(rng, 60_000, 600_000);
      const micros = () => rand.int(rng, 0, 999);
      const incremental = rand.chance(rng, 0.6);
      const failed = status === 'error';
      const item: CsbsCheckpointItem = {
        backup_data: {
          __openstack_region_name: '',
          cloudservicetype: rand.pick(rng, ['', 'QEMU']),
          disk: 0,
          eip: server.eip,
          imagetype: rand.pick(rng, ['gold', 'private', '']),
          private_ip: server.ip,
          ram: server.vcpus * 2048,
          vcpus: server.vcpus,
        },
        checkpoint_id: rand.uuid(rng),
        created_at: zonelessMicros(created, micros()),
        description: rand.pick(rng, ['', '', 'before patching']),
        extend_info: {
          auto_trigger: auto,
          average_speed: rand.int(rng, 0, 40),
          copy_from: rand.chance(rng, 0.2) ? null : '',
          copy_status: 'na',
          fail_code: {},
          fail_op: failed ? 'backup' : '',
          fail_reason: failed ? 'Backup of volume failed.' : '',
          finished_at: zonelessMicros(finished, micros()),
          hypervisor_type: 'QEMU',
          image_type: 'backup',
          incremental,
          os_images_data: [{ image_id: rand.uuid(rng) }],
          progress: status === 'available' ? 100 : rand.int(rng, 0, 99),
          resource_az: server.az,
          resource_name: server.name,
          resource_type: 'OS::Nova::Server',
          size: rand.int(rng, 0, 200_000),
          space_saving_ratio: rand.int(rng, 0, 5),
          support_lld: false,
          supported_restore_mode: 'backup',
          taskid: rand.uuid(rng),
          volume_backups: server.volumes.map((v, n) => ({
            average_speed: rand.int(rng, 0, 40),
            bootable: n === 0,
            id: rand.uuid(rng),
            image_type: 'backup',
            incremental,
            name: `${auto ? 'autobk' : 'manualbk'}_${rand.hex(rng, 4)}`,
            size: rand.int(rng, 0, 50_000),
            snapshot_id: rand.uuid(rng),
            source_volume_id: v.id,
            source_volume_name: v.name,
            source_volume_size: v.size,
            space_saving_ratio: 0,
            status: status === 'available' ? 'available' : 'creating',
          })),
        },
        id: rand.uuid(rng),
        name: `${auto ? 'autobk' : 'manualbk'}_${rand.hex(rng, 4)}_${String(i % 10000).padStart(4, '0')}`,
        resource_id: server.id,
        resource_type: 'OS::Nova::Server',
        status,
        tags: rand.chance(rng, 0.3) ? [{ key: 'env', value: rand.pick(rng, ['production', 'test']) }] : [],
        updated_at: zonelessMicros(finished + rand.int(rng, 0, 5_000), micros()),
      };
      hidden.set(item, { policyId: auto ? rand.pick(rng, policies) : '', protectedAt: zonelessMicros(finished, 0) });
      return item;
    });
  },

  list(items, ctx) {
    const { values: q } = parseQuery(ctx.url.searchParams, PARAMS);
    const sort: SortKey[] = [...((q.sort as SortKey[] | undefined) ?? [{ key: 'created_at', dir: 'desc' }]), { key: 'id', dir: 'desc' }];
    const sorted = [...items].sort(comparator<CsbsCheckpointItem>(sort, (c, k) => (k === 'protected_at' ? hidden.get(c)?.protectedAt : c[k])));
    const start = q.start_time === undefined ? -Infinity : parseTime(q.start_time as string);
    const end = q.end_time === undefined ? Infinity : parseTime(q.end_time as string);
    const matches = sorted.filter(
      (c) =>
        (q.status === undefined || c.status === q.status) &&
        (q.name === undefined || fuzzy(c.name, q.name as string)) &&
        (q.resource_name === undefined || fuzzy(c.extend_info.resource_name, q.resource_name as string)) &&
        (q.resource_id === undefined || c.resource_id === q.resource_id) &&
        (q.resource_type === undefined || c.resource_type === q.resource_type) &&
        (q.checkpoint_id === undefined || c.checkpoint_id === q.checkpoint_id) &&
        (q.az === undefined || c.extend_info.resource_az === q.az) &&
        (q.image_type === undefined || c.extend_info.image_type === q.image_type) &&
        (q.policy_id === undefined || hidden.get(c)?.policyId === q.policy_id) &&
        (q.ip === undefined || c.backup_data.private_ip === q.ip || c.backup_data.eip === q.ip) &&
        parseTime(c.created_at) >= start &&
        parseTime(c.created_at) <= end,
    );
    let rest: CsbsCheckpointItem[] = matches;
    if (q.marker !== undefined) {
      const after = afterMarker(sorted, matches, q.marker as string, (c) => c.id);
      if (!after) throw new BadQuery(q.marker as string, 404, 'CSBS.3001');
      rest = after;
    }
    const offset = (q.offset as number | undefined) ?? 0;
    const limit = (q.limit as number | undefined) ?? 1000;
    return { status: 200, body: { checkpoint_items: rest.slice(offset, offset + limit) } };
  },
};
