// Payloads shaped like what the real servers send (docs/sources.md, sections CBR, GeminiDB, CSBS,
// VBS and timestamps) must validate; broken ones must not. Each case starts from a seed document's
// example page (docs/sources.md#seed-documents) and changes one thing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/apis.js';
import { responseSchema, validateAgainst } from '../support/schema.js';

type Page = any;
type Case = [what: string, change: (page: Page) => void];

function seed(api: string, file: string): Page {
  return JSON.parse(readFileSync(`${ROOT}test/fixtures/seed-examples/${api}/${file}.json`, 'utf8'));
}

const table: Record<string, { base: string; list: string; accepts: Case[]; rejects: Case[] }> = {
  cbr: {
    base: 'seed004_two_backups',
    list: 'backups',
    accepts: [
      ['zone-less timestamps with microseconds (the wire form)', (p) => { p.backups[0].created_at = '2025-03-25T06:32:07.951164'; p.backups[0].updated_at = '2025-03-25T06:32:07.951164'; }],
      ['"+0000" and "Z" offsets', (p) => { p.backups[0].created_at = '2019-05-27T03:38:51+0000'; p.backups[0].updated_at = '2019-05-27T03:38:51Z'; }],
      ['nulls where real data holds null', (p) => Object.assign(p.backups[0], { description: null, expired_at: null, parent_id: null, protected_at: null })],
      ['null extend_info members', (p) => Object.assign(p.backups[0].extend_info, { bootable: null, snapshot_id: null, os_images_data: null, progress: null, supported_restore_mode: null, app_consistency: null })],
      ['app_consistency with string values', (p) => { p.backups[0].extend_info.app_consistency = { app_consistency: '0', app_consistency_status: '0', app_consistency_error_code: '0', app_consistency_error_message: '' }; }],
      ['undocumented live fields (offset, limit, version, scheduled_operation_id, architecture, is_dec, encrypted_algorithm)', (p) => {
        Object.assign(p, { offset: 0, limit: 100 });
        Object.assign(p.backups[0], { version: 2, scheduled_operation_id: null, incremental: false });
        Object.assign(p.backups[0].extend_info, { architecture: 'x86_64', is_dec: false, encrypted_algorithm: null, incremental: false });
      }],
      ['a field no document mentions yet', (p) => { p.backups[0].brand_new_field = { any: 'thing' }; p.new_top_level = 1; }],
      ['the real empty page', (p) => { Object.assign(p, { backups: [], count: 0, offset: 0, limit: 1 }); }],
    ],
    rejects: [
      ['an unknown status', (p) => { p.backups[0].status = 'bogus'; }],
      ['resource_size as a string', (p) => { p.backups[0].resource_size = '40'; }],
      ['a backup without id', (p) => { delete p.backups[0].id; }],
      ['a timestamp in another format', (p) => { p.backups[0].created_at = '21/02/2020 07:00'; }],
      ['count as a string', (p) => { p.count = '2'; }],
      ['backups missing', (p) => { delete p.backups; }],
    ],
  },
  geminidb: {
    base: 'seed001_two_backups',
    list: 'backups',
    accepts: [
      ['"+0000" offsets (the wire form)', (p) => { p.backups[0].begin_time = '2019-05-27T03:38:51+0000'; }],
      ['"+08:00" and "Z" offsets', (p) => { p.backups[0].begin_time = '2019-05-27T03:38:51+08:00'; p.backups[0].end_time = '2019-05-27T03:39:51Z'; }],
      ['null table_names and description', (p) => { p.backups[0].database_tables[0].table_names = null; p.backups[0].description = null; }],
      ['the v3.1 page\'s deletable flag', (p) => { p.backups[0].deletable = true; }],
      ['a fractional size in KB', (p) => { p.backups[0].size = 2803.5; }],
      ['a field no document mentions yet', (p) => { p.backups[0].brand_new_field = 'x'; }],
      ['the empty page', (p) => { Object.assign(p, { total_count: 0, backups: [] }); }],
    ],
    rejects: [
      ['an unknown status', (p) => { p.backups[0].status = 'DONE'; }],
      ['an unknown backup type', (p) => { p.backups[0].type = 'Scheduled'; }],
      ['size as a string', (p) => { p.backups[0].size = '2803'; }],
      ['a backup without id', (p) => { delete p.backups[0].id; }],
      ['a timestamp in another format', (p) => { p.backups[0].begin_time = 'yesterday'; }],
      ['total_count as a string', (p) => { p.total_count = '4'; }],
    ],
  },
  csbs: {
    base: 'seed002_one_server_backup',
    list: 'checkpoint_items',
    accepts: [
      ['zone-less timestamps (the wire form)', (p) => { p.checkpoint_items[0].created_at = '2017-04-18T01:21:52.701973'; }],
      ['"+00:00" and "Z" offsets', (p) => { p.checkpoint_items[0].created_at = '2017-04-18T01:21:52.701973+00:00'; p.checkpoint_items[0].updated_at = '2017-04-18T01:21:52Z'; }],
      ['the OTC copy\'s tags', (p) => { p.checkpoint_items[0].tags = [{ key: 'env', value: 'prod' }]; }],
      ['supported_restore_mode "snapshot" (OTC)', (p) => { p.checkpoint_items[0].extend_info.supported_restore_mode = 'snapshot'; }],
      ['a field no document mentions yet', (p) => { p.checkpoint_items[0].extend_info.brand_new_field = 1; }],
      ['the empty page', (p) => { p.checkpoint_items = []; }],
    ],
    rejects: [
      ['an unknown status', (p) => { p.checkpoint_items[0].status = 'bogus'; }],
      ['an item without id', (p) => { delete p.checkpoint_items[0].id; }],
      ['progress as a string', (p) => { p.checkpoint_items[0].extend_info.progress = '100'; }],
      ['a timestamp in another format', (p) => { p.checkpoint_items[0].created_at = '2017/04/15'; }],
      ['checkpoint_items missing', (p) => { delete p.checkpoint_items; }],
    ],
  },
  vbs: {
    base: 'seed003_two_backups_next_link',
    list: 'backups',
    accepts: [
      ['a named backup', (p) => { p.backups[0].name = 'nightly'; }],
      ['count (with_count, microversion 3.45)', (p) => { p.count = 2; }],
      ['no backups_links on the last page', (p) => { delete p.backups_links; }],
      ['a field no document mentions yet', (p) => { p.backups[0].brand_new_field = true; }],
      ['the empty page', (p) => { p.backups = []; delete p.backups_links; }],
    ],
    rejects: [
      ['a backup without id', (p) => { delete p.backups[0].id; }],
      ['a name that is a number', (p) => { p.backups[0].name = 7; }],
      ['count as a string', (p) => { p.count = '2'; }],
      ['a link without href', (p) => { delete p.backups_links[0].href; }],
      ['backups missing', (p) => { delete p.backups; }],
    ],
  },
};

describe.each(Object.entries(table))('%s real-shaped payloads', (api, { base, accepts, rejects }) => {
  const schema = () => responseSchema(api, '200');

  it.each(accepts)('accepts %s', (_, change) => {
    const page = seed(api, base);
    change(page);
    expect(validateAgainst(api, schema(), page).errors).toEqual([]);
  });

  it.each(rejects)('rejects %s', (_, change) => {
    const page = seed(api, base);
    change(page);
    expect(validateAgainst(api, schema(), page).valid).toBe(false);
  });
});
