// The "list every backup" Arazzo workflows in openapi/<api>/ lint clean with Redocly and, run by
// `redocly respect` against the stateful fakes of `npm start -- --stateful`, read every backup
// exactly once. Marker-paged APIs (csbs, vbs) loop inside the workflow; offset-paged APIs (cbr,
// geminidb) cannot add in Arazzo, so the test plays the caller and runs the page workflow with
// offset += limit until `count`/`total_count`, as the workflow's description says.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_IDS, ROOT } from '../support/apis.js';
import { startNpmStart, type NpmStart } from '../support/npm-start.js';

const run = promisify(execFile);
const REDOCLY = `${ROOT}node_modules/.bin/redocly`;
const ENV = { ...process.env, REDOCLY_TELEMETRY: 'off', SCARF_ANALYTICS: 'false', NO_UPDATE_NOTIFIER: '1' };
const PROJECT = '0605767b5780d5762fc5c0118072a564';
const COUNT = 120; // backups per fake: three pages of 50 (50, 50, 20)
const ITEMS: Record<string, string> = { cbr: 'backups', geminidb: 'backups', csbs: 'checkpoint_items', vbs: 'backups' };
const workflow = (api: string) => `openapi/${api}/list-every-backup.arazzo.yaml`;

interface Page { url: URL; status: number; body: any }

let started: NpmStart;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arazzo-'));
  started = await startNpmStart(['--stateful', '--count', String(COUNT)]);
}, 240_000);

afterAll(async () => {
  await started?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs one workflow with respect and returns every exchange from its HAR file. */
async function respect(api: string, inputs: Record<string, string | number>, label: string): Promise<Page[]> {
  const har = join(dir, `${api}-${label}.har`);
  const args = ['respect', workflow(api), '--server', `${api}=${started.mocks[api]}`, '--workflow', 'listEveryBackup', '-H', har];
  for (const [key, value] of Object.entries({ token: 'demo-token', project_id: PROJECT, ...inputs })) args.push('--input', `${key}=${value}`);
  const result = await run(REDOCLY, args, { cwd: ROOT, env: ENV, maxBuffer: 16 << 20 }).catch((error) => error);
  expect(result.code ?? 0, `${api} respect ${label}:\n${result.stdout}${result.stderr}`).toBe(0);
  const entries = JSON.parse(await readFile(har, 'utf8')).log.entries;
  return entries.map((e: any) => ({ url: new URL(e.request.url), status: e.response.status, body: JSON.parse(e.response.content.text) }));
}

function ids(api: string, pages: Page[]): string[] {
  return pages.flatMap((page) => page.body[ITEMS[api]!].map((item: { id: string }) => item.id));
}

/** Marker-paged APIs: one respect run walks every page. */
async function walkMarker(api: string): Promise<Page[]> {
  const pages = await respect(api, {}, 'all');
  for (const [i, page] of pages.entries()) {
    const previous = pages[i - 1];
    const marker = page.url.searchParams.get('marker');
    if (!previous) { expect(marker).toBeNull(); continue; }
    expect(marker, `${api} page ${i + 1}`).toBe(previous.body[ITEMS[api]!].at(-1).id);
    if (api === 'vbs') {
      // The marker the workflow sent is the one in the previous page's next link.
      const next = new URL(previous.body.backups_links.find((l: any) => l.rel === 'next').href);
      expect(marker).toBe(next.searchParams.get('marker'));
    }
  }
  return pages;
}

/** Offset-paged APIs: the caller's loop from the workflow's description, one respect run per page. */
async function walkOffset(api: string): Promise<Page[]> {
  const limit = 40; // 3 pages for cbr (120) and for geminidb, whose 120 backups are split between two types
  const totalKey = api === 'cbr' ? 'count' : 'total_count';
  const pages: Page[] = [];
  for (let offset = 0, total = Infinity; offset < total; offset += limit) {
    const [page] = await respect(api, { offset, limit }, String(offset));
    expect(page!.url.searchParams.get('offset')).toBe(String(offset));
    total = page!.body[totalKey];
    pages.push(page!);
    if (pages.length > 10) throw new Error(`${api}: more pages than ${COUNT} backups need`);
  }
  return pages;
}

describe('Arazzo "list every backup" workflows', () => {
  it('lint clean with Redocly', { timeout: 60_000 }, async () => {
    const result = await run(REDOCLY, ['lint', ...API_IDS.map(workflow)], { cwd: ROOT, env: ENV }).catch((error) => error);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/error/i);
    expect(result.code ?? 0).toBe(0);
  });

  it('run by redocly respect against the stateful fakes, read every backup exactly once', { timeout: 180_000 }, async () => {
    const walks = await Promise.all(
      API_IDS.map(async (api) => ({ api, pages: await (api === 'csbs' || api === 'vbs' ? walkMarker(api) : walkOffset(api)) })),
    );
    for (const { api, pages } of walks) {
      expect(pages.length, api).toBeGreaterThanOrEqual(3);
      for (const page of pages) expect(page.status).toBe(200);
      const seen = ids(api, pages);
      expect(new Set(seen).size, `${api}: no backup twice`).toBe(seen.length);
      const expected = api === 'geminidb' ? pages[0]!.body.total_count : COUNT;
      expect(seen.length, `${api}: every backup`).toBe(expected);
    }
  });
});
