// Type tests for the client (checked by `tsc -p tsconfig.json`; nothing here runs). Each
// `@ts-expect-error` fails the compile if the line stops being an error, and each `expectTypeOf`
// fails it if the type drifts.
import { expectTypeOf } from 'vitest';
import {
  ApiError,
  createCbrClient,
  createCsbsClient,
  createGeminiDbClient,
  createVbsClient,
  parseTimestamp,
  type CbrBackup,
  type CbrListBackupsResponse,
  type CsbsCheckpointItem,
  type GeminiDbBackup,
  type ResumeCursor,
  type VbsBackup,
} from '../../src/index.js';
import * as cbrEntry from '../../src/cbr/index.js';
import * as vbsEntry from '../../src/vbs/index.js';

const auth = { token: 't' };
const projectId = 'p';

export async function typeTests(): Promise<void> {
  const cbr = createCbrClient({ region: 'ap-southeast-1', projectId, auth });
  const geminidb = createGeminiDbClient({ region: 'ap-southeast-1', projectId, auth: { accessKey: 'a', secretKey: 's' } });
  const csbs = createCsbsClient({ endpoint: 'https://csbs.eu-de.otc.t-systems.com', projectId, auth: { token: async () => 't' } });
  const vbs = createVbsClient({ endpoint: 'https://evs.eu-de.otc.t-systems.com', projectId, auth });

  // --- query parameters -------------------------------------------------------------------------
  await cbr.listBackups({ status: ['available', 'error'], limit: 100, offset: 0, resource_type: 'OS::Nova::Server' });
  // @ts-expect-error an unknown status value
  await cbr.listBackups({ status: ['bogus'] });
  // @ts-expect-error status is an array (repeatable), not a string
  await cbr.listBackups({ status: 'available' });
  // @ts-expect-error an unknown query key
  await cbr.listBackups({ stauts: ['available'] });
  // @ts-expect-error limit is a number
  await cbr.listBackups({ limit: '10' });

  await geminidb.listBackups({ datastore_type: 'cassandra', backup_type: 'Auto', type: 'DatabaseTable' });
  // @ts-expect-error an unknown datastore type
  await geminidb.listBackups({ datastore_type: 'mysql' });
  // @ts-expect-error backup_type is case-sensitive
  await geminidb.listBackups({ backup_type: 'auto' });

  await csbs.listBackups({ status: 'available', marker: 'x', limit: 10 });
  // @ts-expect-error an unknown csbs status
  await csbs.listBackups({ status: 'bogus' });
  // @ts-expect-error an unknown query key
  await csbs.listBackups({ volume_id: 'x' });

  await vbs.listBackups({ 'name~': 'nightly', 'status~': 'avail', with_count: true, sort: 'created_at:desc', status: 'available' });
  // @ts-expect-error an unknown vbs status
  await vbs.listBackups({ status: 'bogus' });
  // @ts-expect-error with_count is a boolean
  await vbs.listBackups({ with_count: 'true' });
  // @ts-expect-error `name~` exists, `volume~` does not
  await vbs.listBackups({ 'volume~': 'x' });

  // the same checks through openapi-fetch (`api`)
  await cbr.api.GET('/v3/{project_id}/backups', { params: { path: { project_id: projectId }, query: { status: ['available'] } } });
  // @ts-expect-error an unknown status through `api`
  await cbr.api.GET('/v3/{project_id}/backups', { params: { path: { project_id: projectId }, query: { status: ['bogus'] } } });
  // @ts-expect-error an unknown path
  await cbr.api.GET('/v3/{project_id}/vaults', { params: { path: { project_id: projectId } } });

  // --- responses --------------------------------------------------------------------------------
  const page = await cbr.listBackups();
  expectTypeOf(page).toEqualTypeOf<CbrListBackupsResponse>();
  expectTypeOf(page.count).toEqualTypeOf<number>();
  expectTypeOf(page.backups).toEqualTypeOf<CbrBackup[]>();
  const backup = page.backups[0];
  expectTypeOf(backup).toEqualTypeOf<CbrBackup | undefined>(); // noUncheckedIndexedAccess
  if (backup) {
    expectTypeOf(backup.id).toEqualTypeOf<string>();
    expectTypeOf(backup.description).toEqualTypeOf<string | null>();
    expectTypeOf(backup.parent_id).toEqualTypeOf<string | null | undefined>();
    expectTypeOf(backup.created_at).toEqualTypeOf<string>();
    expectTypeOf(backup.status).toEqualTypeOf<'available' | 'protecting' | 'deleting' | 'restoring' | 'error' | 'waiting_protect' | 'waiting_delete' | 'waiting_restore' | (string & {})>();
    // @ts-expect-error description may be null
    backup.description.toUpperCase();
    expectTypeOf(parseTimestamp(backup.created_at)).toEqualTypeOf<Date>();
  }

  const gPage = await geminidb.listBackups();
  expectTypeOf(gPage.total_count).toEqualTypeOf<number>();
  const g = gPage.backups[0]!;
  expectTypeOf(g).toEqualTypeOf<GeminiDbBackup>();
  expectTypeOf(g.status).toEqualTypeOf<'BUILDING' | 'COMPLETED' | 'FAILED' | (string & {})>();
  expectTypeOf(g.size).toEqualTypeOf<number>();
  expectTypeOf(g.deletable).toEqualTypeOf<boolean | null | undefined>();
  expectTypeOf(g.datastore.type).toBeString();

  const cPage = await csbs.listBackups();
  const c = cPage.checkpoint_items[0]!;
  expectTypeOf(c).toEqualTypeOf<CsbsCheckpointItem>();
  expectTypeOf(c.extend_info.copy_from).toEqualTypeOf<string | null | undefined>();
  // @ts-expect-error csbs answers have no count
  void cPage.count;

  const vPage = await vbs.listBackups();
  expectTypeOf(vPage.count).toEqualTypeOf<number | undefined>();
  const v = vPage.backups[0]!;
  expectTypeOf(v).toEqualTypeOf<VbsBackup>();
  expectTypeOf(v.name).toEqualTypeOf<string | null>();
  expectTypeOf(v.links[0]!.rel).toEqualTypeOf<'self' | 'bookmark' | 'next' | (string & {})>();

  // --- iteration --------------------------------------------------------------------------------
  for await (const b of cbr.iterateBackups({ limit: 100 })) expectTypeOf(b).toEqualTypeOf<CbrBackup>();
  for await (const b of geminidb.iterateBackups()) expectTypeOf(b).toEqualTypeOf<GeminiDbBackup>();
  for await (const b of csbs.iterateBackups({ status: 'available' })) expectTypeOf(b).toEqualTypeOf<CsbsCheckpointItem>();
  for await (const b of vbs.iterateBackups({ 'name~': 'x' }, { concurrency: 2 })) expectTypeOf(b).toEqualTypeOf<VbsBackup>();
  // @ts-expect-error iterate takes the same query type
  cbr.iterateBackups({ status: ['bogus'] });

  // --- errors -----------------------------------------------------------------------------------
  try {
    await cbr.listBackups();
  } catch (e) {
    if (e instanceof ApiError) {
      expectTypeOf(e.status).toEqualTypeOf<number>();
      expectTypeOf(e.service).toEqualTypeOf<string>();
      expectTypeOf(e.code).toEqualTypeOf<string | undefined>();
      expectTypeOf(e.requestId).toEqualTypeOf<string | undefined>();
      expectTypeOf(e.resume).toEqualTypeOf<ResumeCursor | undefined>();
      if (e.resume) cbr.iterateBackups(undefined, { resume: e.resume });
    }
  }

  // --- options ----------------------------------------------------------------------------------
  // @ts-expect-error projectId is required
  createCbrClient({ region: 'ap-southeast-1', auth });
  // @ts-expect-error auth is required
  createCbrClient({ region: 'ap-southeast-1', projectId });
  // @ts-expect-error vbs takes tokens only
  createVbsClient({ endpoint: 'https://x', projectId, auth: { accessKey: 'a', secretKey: 's' } });
  // @ts-expect-error vbs needs an endpoint
  createVbsClient({ projectId, auth });
  // @ts-expect-error retry attempts is a number
  createCbrClient({ region: 'r', projectId, auth, retry: { attempts: '3' } });
  createCbrClient({ region: 'r', projectId, auth, retry: false, timeoutMs: 1000, concurrency: 2, allowInsecureHttp: true, fetch: (r) => fetch(r) });

  // --- the per-service entry points export the same public names --------------------------------
  expectTypeOf(cbrEntry.createCbrClient).toEqualTypeOf(createCbrClient);
  expectTypeOf(cbrEntry.ApiError).toEqualTypeOf(ApiError);
  expectTypeOf(cbrEntry.parseTimestamp).toEqualTypeOf(parseTimestamp);
  expectTypeOf(vbsEntry.createVbsClient).toEqualTypeOf(createVbsClient);
}
