// GeminiDB fake: `GET /v3.1/{project_id}/backups`. Items are Backup objects as the service sends
// them: ids of 32 hex + `br` + 2 digits, `+0000` timestamps, `datastore {type, version}`, type
// Auto/Manual, status BUILDING/COMPLETED/FAILED (a BUILDING backup has no end_time yet), and
// `database_tables` only on table-level backups (with `table_names: null` = whole database).
// Answer: `{total_count, backups}`. Paging: `offset` (≥ 0) + `limit` (1–100, default 100), newest
// first. Filters: instance_id, backup_id, datastore_type, backup_type (Auto/Manual), type
// (`Instance`, the default, lists instance-level backups; `DatabaseTable` table-level ones),
// begin_time + end_time (both or neither; on begin_time). Bad values → 400 DBS.200001, a bad time
// → DBS.201215, a bad backup_id → DBS.201212; unknown parameters are ignored.
import { BadQuery, backupTimes, parseQuery, parseTime, plus0000, rand, type ParamSpec, type ServiceDefinition } from './core.js';
import { huaweiError, huaweiHeaders } from './huawei.js';

export type GeminiDbBackup = Record<string, any> & { id: string; name: string; status: string; begin_time: string; instance_id: string };

const ID = /^[A-Za-z0-9_-]+$/;
/** `2019-05-27T03:38:51+0000`; a space stands for a raw `+` that a form decoder turned into one. */
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+\- ]\d{2}:?\d{2})$/;
const DATASTORES = { cassandra: ['3.11'], redis: ['5.0', '6.2'], mongodb: ['4.0', '4.2'], influxdb: ['1.8'] } as const;

const PARAMS: Record<string, ParamSpec> = {
  instance_id: { type: 'string', maxLength: 64, pattern: ID },
  datastore_type: { type: 'enum', values: Object.keys(DATASTORES) },
  backup_id: { type: 'string', maxLength: 64, pattern: ID },
  backup_type: { type: 'enum', values: ['Auto', 'Manual'] },
  type: { type: 'enum', values: ['Instance', 'DatabaseTable'] },
  limit: { type: 'int', min: 1, max: 100 },
  offset: { type: 'int', min: 0, max: 2147483647 },
  begin_time: { type: 'time', pattern: TIME },
  end_time: { type: 'time', pattern: TIME },
};

const ERRORS = {
  400: ['DBS.200001', 'Parameter error'],
  403: ['DBS.200010', 'Authentication failed.'],
  404: ['DBS.200002', 'The instance does not exist.'],
  500: ['DBS.111205', 'Internal timeout.'],
} as const;

export const geminidb: ServiceDefinition<GeminiDbBackup> = {
  api: 'geminidb',
  pathPattern: /^\/v3\.1\/([^/]+)\/backups\/?$/,
  listPath: (projectId) => `/v3.1/${projectId}/backups`,
  acceptsAkSk: true,
  error: (status, message, code) => huaweiError(ERRORS, status, message, code),
  commonHeaders: huaweiHeaders,

  generate(count, rng, options) {
    const ratio = options.tableBackupRatio ?? 0.2;
    const instances = Array.from({ length: Math.max(2, Math.ceil(count / 20)) }, (_, i) => {
      const type = rand.pick(rng, Object.keys(DATASTORES) as (keyof typeof DATASTORES)[]);
      return {
        id: `${rand.hex(rng, 32)}in${rand.pick(rng, ['01', '02', '06', '10', '12', '13'])}`,
        name: `${rand.pick(rng, ['orders', 'sessions', 'metrics', 'catalog'])}-${type}-${i + 1}`,
        datastore: { type, version: rand.pick(rng, DATASTORES[type]) },
      };
    });
    return backupTimes(rng, count).map((begin, i) => {
      const instance = rand.pick(rng, instances);
      const table = rand.chance(rng, ratio);
      const auto = !table && rand.chance(rng, 0.7);
      const status = rand.chance(rng, 0.85) ? 'COMPLETED' : rand.pick(rng, ['BUILDING', 'FAILED']);
      const backup: GeminiDbBackup = {
        id: `${rand.hex(rng, 32)}br${rand.pick(rng, ['01', '02', '10', '12'])}`,
        name: `${auto ? 'auto' : 'manual'}-${instance.name}-${String(i + 1).padStart(5, '0')}`,
        instance_id: instance.id,
        instance_name: instance.name,
        datastore: { ...instance.datastore },
        type: auto ? 'Auto' : 'Manual',
        begin_time: plus0000(begin),
        status,
        size: status === 'COMPLETED' ? rand.int(rng, 100, 5_000_000) : 0,
        description: rand.pick(rng, ['', 'backup description', 'before upgrade']),
      };
      if (status !== 'BUILDING') backup.end_time = plus0000(begin + rand.int(rng, 30_000, 900_000));
      if (table) {
        backup.database_tables = [
          { database_name: 'DATABASE_X', table_names: ['TABLE_A', 'TABLE_B'] },
          { database_name: `DB_${rand.hex(rng, 4).toUpperCase()}`, table_names: null },
        ];
      }
      return backup;
    });
  },

  list(items, ctx) {
    let q;
    try {
      q = parseQuery(ctx.url.searchParams, PARAMS).values;
    } catch (error) {
      if (!(error instanceof BadQuery)) throw error;
      const [name] = error.message.split(':');
      if (name === 'begin_time' || name === 'end_time') throw new BadQuery(error.message, 400, 'DBS.201215');
      if (name === 'backup_id') throw new BadQuery(error.message, 400, 'DBS.201212');
      throw error;
    }
    if ((q.begin_time === undefined) !== (q.end_time === undefined)) {
      throw new BadQuery('begin_time and end_time must be given together', 400, 'DBS.201215');
    }
    const begin = q.begin_time === undefined ? -Infinity : parseTime(q.begin_time as string);
    const end = q.end_time === undefined ? Infinity : parseTime(q.end_time as string);
    if (begin > end) throw new BadQuery('begin_time is later than end_time', 400, 'DBS.201215');
    const level = (q.type as string | undefined) ?? 'Instance';
    const matches = [...items]
      .sort((a, b) => parseTime(b.begin_time) - parseTime(a.begin_time) || (a.id < b.id ? 1 : -1))
      .filter(
        (b) =>
          (level === 'DatabaseTable') === Array.isArray(b.database_tables) &&
          (q.instance_id === undefined || b.instance_id === q.instance_id) &&
          (q.backup_id === undefined || b.id === q.backup_id) &&
          (q.datastore_type === undefined || b.datastore.type === q.datastore_type) &&
          (q.backup_type === undefined || b.type === q.backup_type) &&
          parseTime(b.begin_time) >= begin &&
          parseTime(b.begin_time) <= end,
      );
    const offset = (q.offset as number | undefined) ?? 0;
    const limit = (q.limit as number | undefined) ?? 100;
    return { status: 200, body: { total_count: matches.length, backups: matches.slice(offset, offset + limit) } };
  },
};
