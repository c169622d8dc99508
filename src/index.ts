// cloud-backup-api: typed clients for the list-backups APIs of Huawei Cloud CBR, GeminiDB, CSBS and
// Open Telekom Cloud VBS (Cinder v3). Each client: `api` (openapi-fetch, typed by the generated
// paths), `listBackups` (one page) and `iterateBackups` (every item exactly once).
export { createCbrClient, CBR_MAX_LIMIT } from './cbr/index.js';
export type { CbrBackup, CbrClient, CbrListBackupsQuery, CbrListBackupsResponse, CbrPaths } from './cbr/index.js';
export { createGeminiDbClient, geminiDbHost, GEMINIDB_MAX_LIMIT } from './geminidb/index.js';
export type { GeminiDbBackup, GeminiDbClient, GeminiDbListBackupsQuery, GeminiDbListBackupsResponse, GeminiDbPaths } from './geminidb/index.js';
export { createCsbsClient, csbsHost, CSBS_MAX_LIMIT } from './csbs/index.js';
export type { CsbsCheckpointItem, CsbsClient, CsbsListCheckpointItemsQuery, CsbsListCheckpointItemsResponse, CsbsPaths } from './csbs/index.js';
export { createVbsClient, requiredMicroversion, MICROVERSION_HEADER } from './vbs/index.js';
export type { VbsBackup, VbsClient, VbsClientOptions, VbsListBackupsQuery, VbsListBackupsResponse, VbsPaths } from './vbs/index.js';

export * from './core/public.js';
