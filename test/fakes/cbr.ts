// CBR fake: `GET /v3/{project_id}/backups`. Items are BackupResp objects shaped like live ones
// (zone-less 6-digit timestamps, `null` description/expired_at/parent_id and extend_info fields,
// the undocumented `version`, `scheduled_operation_id`, `architecture`, `app_consistency`…).
// Answer: `{backups, count, offset, limit}` — count = all matches, offset/limit echo the page.
// Paging: `offset` + `limit` (1–1000, default 1000), or `marker` (id of the last item seen; the
// page starts after it, `offset` then skips further). Filters: status (repeatable, any of),
// name / resource_name (case-insensitive substring), checkpoint_id, resource_id, resource_type,
// resource_az, vault_id, parent_id, image_type, incremental, start_time/end_time (on created_at,
// `YYYY-MM-DDTHH:MM:SSZ`), own_type (`shared` → nothing: every generated backup is private).
// Sort: `key[:asc|desc],…` over created_at, updated_at, name, status, protected_at, id (default
// created_at desc). Bad values → 400 BackupService.9900; unknown parameters are ignored.
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
import { huaweiError, huaweiHeaders } from './huawei.js';

export type CbrBackup = Record<string, any> & { id: string; name: string; status: string; created_at: string };

const STATUSES = ['available', 'protecting', 'deleting', 'restoring', 'error', 'waiting_protect', 'waiting_delete', 'waiting_restore'] as const;
const RESOURCE_TYPES = ['OS::Nova::Server', 'OS::Cinder::Volume', 'OS::Ironic::BareMetalServer', 'OS::Native::Server', 'OS::Sfs::Turbo', 'OS::Workspace::DesktopV2'] as const;
const SORT_KEYS = ['created_at', 'updated_at', 'name', 'status', 'protected_at', 'id'] as const;
const ID = /^[A-Za-z0-9_-]+$/;
const SECONDS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const PARAMS: Record<string, ParamSpec> = {
  checkpoint_id: { type: 'string', maxLength: 64, pattern: ID },
  dec: { type: 'bool' },
  end_time: { type: 'time', pattern: SECONDS_Z },
  enterprise_project_id: { type: 'string', maxLength: 64, pattern: ID },
  image_type: { type: 'enum', values: ['backup', 'replication'] },
  incremental: { type: 'bool' },
  limit: { type: 'int', min: 1, max: 1000 },
  marker: { type: 'string', maxLength: 64, pattern: ID },
  member_status: { type: 'enum', values: ['pending', 'accepted', 'rejected'] },
  name: { type: 'string', maxLength: 255 },
  offset: { type: 'int', min: 0, max: 2147483647 },
  own_type: { type: 'enum', values: ['private', 'shared', 'all_granted'] },
  parent_id: { type: 'string', maxLength: 64, pattern: ID },
  resource_az: { type: 'string', maxLength: 64, pattern: /^[A-Za-z0-9._-]+$/ },
  resource_id: { type: 'string', maxLength: 64, pattern: ID },
  resource_name: { type: 'string', maxLength: 255 },
  resource_type: { type: 'enum', values: RESOURCE_TYPES },
  show_replication: { type: 'bool' },
  sort: { type: 'sort', keys: SORT_KEYS, maxLength: 255 },
  start_time: { type: 'time', pattern: SECONDS_Z },
  status: { type: 'enum', values: STATUSES, repeat: true, maxItems: 8 },
  used_percent: { type: 'string', maxLength: 3, pattern: /^([1-9][0-9]?|100)$/ },
  vault_id: { type: 'string', maxLength: 64, pattern: ID },
};

const PROVIDERS: Record<string, string> = {
  'OS::Nova::Server': '0daac4c5-6707-4851-97ba-169e36266b66',
  'OS::Cinder::Volume': 'd1603440-187d-4516-af25-121250c7cc97',
  'OS::Sfs::Turbo': '3f3c3220-245c-4805-b811-758870015881',
};

const ERRORS = {
  400: ['BackupService.9900', 'Parameter verification failed.'],
  403: ['BackupService.8600', 'Not authenticated.'],
  404: ['BackupService.6105', 'The vault does not exist.'],
  500: ['BackupService.9910', 'Unknown error.'],
} as const;

export const cbr: ServiceDefinition<CbrBackup> = {
  api: 'cbr',
  pathPattern: /^\/v3\/([^/]+)\/backups\/?$/,
  listPath: (projectId) => `/v3/${projectId}/backups`,
  acceptsAkSk: true,
  error: (status, message, code) => huaweiError(ERRORS, status, message, code),
  commonHeaders: huaweiHeaders,

  generate(count, rng, { projectId }) {
    const types = ['OS::Nova::Server', 'OS::Nova::Server', 'OS::Cinder::Volume', 'OS::Sfs::Turbo'] as const;
    const resources = Array.from({ length: Math.max(3, Math.ceil(count / 12)) }, (_, i) => {
      const type = rand.pick(rng, types);
      const prefix = type === 'OS::Nova::Server' ? 'ecs' : type === 'OS::Cinder::Volume' ? 'evs' : 'sfs-turbo';
      return {
        id: rand.uuid(rng),
        name: `${prefix}-${rand.pick(rng, ['web', 'db', 'app', 'batch'])}-${String(i + 1).padStart(4, '0')}`,
        type,
        size: type === 'OS::Sfs::Turbo' ? 500 : rand.pick(rng, [40, 40, 100, 200]),
        az: rand.pick(rng, ['eu-west-101a', 'eu-west-101b', 'eu-west-101c']),
      };
    });
    const vaults = Object.fromEntries(types.map((t) => [t, rand.uuid(rng)]));
    const times = backupTimes(rng, count);
    return times.map((created, i) => {
      const resource = rand.pick(rng, resources);
      const auto = rand.chance(rng, 0.7);
      const status = rand.chance(rng, 0.8) ? 'available' : rand.pick(rng, STATUSES);
      const server = resource.type === 'OS::Nova::Server';
      const volume = resource.type === 'OS::Cinder::Volume';
      const protectedAt = status === 'protecting' || status === 'waiting_protect' ? null : created + rand.int(rng, 20_000, 60_000);
      const updated = (protectedAt ?? created) + rand.int(rng, 1_000, 400_000);
      const micros = () => rand.int(rng, 0, 999);
      const tag = `${rand.hex(rng, 4)}_${String(i % 10000).padStart(4, '0')}`;
      return {
        children: [],
        checkpoint_id: rand.uuid(rng),
        created_at: zonelessMicros(created, micros()),
        description: rand.pick(rng, [null, null, '', 'nightly backup']),
        expired_at: rand.chance(rng, 0.6) ? null : zonelessMicros(created + 30 * 86_400_000, micros()),
        extend_info: {
          app_consistency: server
            ? { app_consistency: '0', app_consistency_status: '0', app_consistency_error_code: '0', app_consistency_error_message: '' }
            : null,
          architecture: 'x86_64',
          auto_trigger: auto,
          bootable: volume ? rand.chance(rng, 0.5) : null,
          contain_system_disk: server,
          encrypted: false,
          encrypted_algorithm: null,
          is_dec: false,
          os_images_data: null,
          progress: status === 'available' ? 100 : null,
          snapshot_id: volume ? rand.uuid(rng) : null,
          support_lld: rand.chance(rng, 0.3),
          supported_restore_mode: volume ? null : 'backup',
          system_disk: false,
        },
        id: rand.uuid(rng),
        image_type: rand.chance(rng, 0.9) ? 'backup' : 'replication',
        incremental: rand.chance(rng, 0.6),
        name: `${auto ? 'autobk' : 'manualbk'}_${tag}`,
        parent_id: null,
        project_id: projectId,
        protected_at: protectedAt === null ? null : zonelessMicros(protectedAt, micros()),
        provider_id: PROVIDERS[resource.type] as string,
        replication_records: [],
        resource_az: resource.az,
        resource_id: resource.id,
        resource_name: resource.name,
        resource_size: resource.size,
        resource_type: resource.type,
        scheduled_operation_id: null,
        status,
        updated_at: zonelessMicros(updated, micros()),
        vault_id: vaults[resource.type] as string,
        version: 3,
      };
    });
  },

  list(items, ctx) {
    const { values: q } = parseQuery(ctx.url.searchParams, PARAMS);
    const sort: SortKey[] = [...((q.sort as SortKey[] | undefined) ?? [{ key: 'created_at', dir: 'desc' }]), { key: 'id', dir: 'desc' }];
    const sorted = [...items].sort(comparator<CbrBackup>(sort, (b, k) => b[k]));
    const start = q.start_time === undefined ? -Infinity : parseTime(q.start_time as string);
    const end = q.end_time === undefined ? Infinity : parseTime(q.end_time as string);
    const exact = ['checkpoint_id', 'resource_id', 'resource_type', 'resource_az', 'vault_id', 'parent_id', 'image_type', 'incremental'] as const;
    const matches = sorted.filter(
      (b) =>
        (q.status === undefined || (q.status as string[]).includes(b.status)) &&
        (q.name === undefined || fuzzy(b.name, q.name as string)) &&
        (q.resource_name === undefined || fuzzy(b.resource_name, q.resource_name as string)) &&
        exact.every((k) => q[k] === undefined || b[k] === q[k]) &&
        q.own_type !== 'shared' &&
        parseTime(b.created_at) >= start &&
        parseTime(b.created_at) <= end,
    );
    let rest: CbrBackup[] = matches;
    if (q.marker !== undefined) {
      const after = afterMarker(sorted, matches, q.marker as string, (b) => b.id);
      if (!after) throw new BadQuery(`marker ${q.marker as string} does not exist`);
      rest = after;
    }
    const offset = (q.offset as number | undefined) ?? 0;
    const limit = (q.limit as number | undefined) ?? 1000;
    return { status: 200, body: { backups: rest.slice(offset, offset + limit), count: matches.length, offset, limit } };
  },
};
