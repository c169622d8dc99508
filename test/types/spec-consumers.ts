// A consumer of the generated types alone (no client): uses each API's response type the way
// another team would. `npm test` type-checks this file (test/spec/generated.test.ts runs tsc), so
// a change to the descriptions that breaks these uses fails the tests.
import type { ListBackupsResponse as CbrPage, Backup as CbrBackup } from '../../generated/types/cbr.js';
import type { ListCheckpointItemsResponse as CsbsPage } from '../../generated/types/csbs.js';
import type { ListBackupsResponse as GeminiDbPage } from '../../generated/types/geminidb.js';
import type { ListBackupsResponse as VbsPage, operations as VbsOperations } from '../../generated/types/vbs.js';

export function cbrSummary(page: CbrPage): string[] {
  const total: number = page.count;
  return page.backups.map((b: CbrBackup) => `${b.name} ${b.status} ${b.resource_size}GB of ${total}`);
}

export function cbrExpiry(backup: CbrBackup): string {
  // expired_at is nullable on the wire: the type must force the null check.
  // @ts-expect-error expired_at may be null
  const direct: string = backup.expired_at;
  return backup.expired_at ?? `never (${direct})`;
}

// Response enums are open (x-extensible-enum): a status the server adds later still type-checks,
// while the known values stay in the type for completion and exhaustive checks.
export const laterStatus: CbrBackup['status'] = 'archiving';
type KnownCbrStatus = Extract<CbrBackup['status'], 'available' | 'protecting' | 'deleting' | 'restoring' | 'error' | 'waiting_protect' | 'waiting_delete' | 'waiting_restore'>;
export const knownStatuses: KnownCbrStatus[] = ['available', 'protecting', 'deleting', 'restoring', 'error', 'waiting_protect', 'waiting_delete', 'waiting_restore'];
// @ts-expect-error the open type is still a string, not a number
export const numericStatus: CbrBackup['status'] = 7;

export function geminiDbSizes(page: GeminiDbPage): number {
  return page.total_count + page.backups.reduce((sum, b) => sum + b.size, 0);
}

export function csbsNames(page: CsbsPage): string[] {
  return page.checkpoint_items.map((item) => `${item.id} ${item.status}`);
}

export function vbsNextLink(page: VbsPage): string | undefined {
  const names: Array<string | null> = page.backups.map((b) => b.name);
  return names.length ? page.backups_links?.[0]?.href : undefined;
}

type VbsQuery = NonNullable<VbsOperations['listBackups']['parameters']['query']>;
export const vbsQuery: VbsQuery = { 'name~': 'nightly', with_count: true, limit: 10 };
// @ts-expect-error unknown query keys are compile errors
export const vbsBadQuery: VbsQuery = { colour: 'blue' };
// Cinder flags: the wire also takes `True`, `yes`, `1`…, but typed callers send booleans only.
export const vbsFlags: Pick<VbsQuery, 'with_count' | 'all_tenants'> = { with_count: false, all_tenants: true };
// @ts-expect-error the wire spellings are not part of the type
export const vbsFlagAsString: VbsQuery = { with_count: 'True' };
