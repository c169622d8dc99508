// `npm start` as a user runs it: the printed curl lines answer with the seed documents' example
// pages, the docs portal is served, bad requests get a 4xx that says what was wrong, and
// `--stateful` pages through realistic data. Ctrl-C (SIGINT) stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { API_IDS, ROOT } from '../support/apis.js';
import { startNpmStart } from '../support/npm-start.js';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

async function start(args: string[]) {
  const started = await startNpmStart(args);
  running.push(started.child);
  return { child: started.child, output: started.output(), curls: started.curls, docs: started.docs };
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGINT');
  });
}

function seedPages(api: string): unknown[] {
  const dir = `${ROOT}test/fixtures/seed-examples/${api}`;
  return readdirSync(dir).map((file) => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')));
}

describe('npm start', () => {
  it('serves the docs and a mock per API whose printed curl returns a seed example page', { timeout: 120_000 }, async () => {
    const { child, curls, docs } = await start([]);
    expect([...curls.keys()].sort()).toEqual([...API_IDS].sort());
    for (const api of API_IDS) {
      const res = await fetch(curls.get(api)!, { headers: { 'X-Auth-Token': 'demo-token' } });
      expect(res.status).toBe(200);
      expect(seedPages(api)).toContainEqual(await res.json());
      const page = await fetch(`${docs}/${api}.html`);
      expect(page.status).toBe(200);
    }
    expect((await fetch(`${docs}/`)).status).toBe(200);
    expect(await stop(child)).toBe(0);
  });

  it('answers a wrong status, an out-of-range limit and a missing token with a 4xx that says what was wrong', { timeout: 120_000 }, async () => {
    const { child, curls } = await start([]);
    const cbr = new URL(curls.get('cbr')!);
    const withQuery = (query: string) => `${cbr.origin}${cbr.pathname}?${query}`;

    const badStatus = await fetch(withQuery('status=bogus'), { headers: { 'X-Auth-Token': 't' } });
    expect(badStatus.status).toBe(400);
    expect(badStatus.headers.get('sl-violations')).toMatch(/status.*allowed values/);

    const badLimit = await fetch(withQuery('limit=5000'), { headers: { 'X-Auth-Token': 't' } });
    expect(badLimit.status).toBe(400);
    expect(badLimit.headers.get('sl-violations')).toMatch(/limit.*<= 1000/);

    const noToken = await fetch(withQuery('limit=1'));
    expect(noToken.status).toBe(401);
    expect((await noToken.json()).error_msg).toMatch(/authentication/i);
    expect(await stop(child)).toBe(0);
  });

  it('refuses an unknown option and names what is allowed', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs', '--colour'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).toBe(1);
    expect(output).toContain('unknown option "--colour"');
    expect(output).toContain('--stateful');
  });

  it('--stateful pages through at least 1,000 backups per API behind validating proxies', { timeout: 300_000 }, async () => {
    const { child, curls, output } = await start(['--stateful', '--count', '1000']);
    expect(output).toContain('1000 backups each');
    const itemsKey: Record<string, string> = { cbr: 'backups', geminidb: 'backups', csbs: 'checkpoint_items', vbs: 'backups' };
    // GeminiDB lists instance-level and table-level backups separately (`type`), so walk both.
    const walks = API_IDS.flatMap((api) => (api === 'geminidb' ? ['type=Instance&', 'type=DatabaseTable&'] : ['']).map((filter) => ({ api, filter })));
    const seenByApi = new Map<string, Set<string>>();
    for (const { api, filter } of walks) {
      const list = new URL(curls.get(api)!);
      const seen = seenByApi.get(api) ?? new Set<string>();
      seenByApi.set(api, seen);
      const first = `${list.origin}${list.pathname}?${filter}limit=100`;
      let next: string | null = first;
      let offset = 0;
      while (next) {
        const res: Response = await fetch(next, { headers: { 'X-Auth-Token': 'demo-token' } });
        expect(res.status, `${api} ${next}`).toBe(200);
        expect(res.headers.get('sl-violations')).toBeNull();
        const body = await res.json();
        const items: Array<{ id: string }> = body[itemsKey[api]!];
        for (const item of items) seen.add(item.id);
        if (api === 'vbs') {
          next = body.backups_links?.[0]?.href ?? null;
          if (next) expect(new URL(next).origin).toBe(list.origin); // links point at the proxy, not the fake
        } else if (api === 'csbs') {
          next = items.length ? `${first}&marker=${items.at(-1)!.id}` : null;
        } else {
          offset += items.length;
          next = items.length ? `${first}&offset=${offset}` : null;
        }
      }
    }
    for (const api of API_IDS) expect(seenByApi.get(api)!.size, api).toBeGreaterThanOrEqual(1000);

    // An invalid request gets the service's documented 400 (not Prism's 422), with sl-violations.
    const vbs = new URL(curls.get('vbs')!);
    const bad = await fetch(`${vbs.origin}${vbs.pathname}?with_count=maybe`, { headers: { 'X-Auth-Token': 'demo-token' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).badRequest.code).toBe(400);
    expect(bad.headers.get('sl-violations')).toContain('with_count');
    const cbr = new URL(curls.get('cbr')!);
    const badCbr = await fetch(`${cbr.origin}${cbr.pathname}?status=bogus`, { headers: { 'X-Auth-Token': 'demo-token' } });
    expect(badCbr.status).toBe(400);
    expect((await badCbr.json()).error_code).toBe('BackupService.9900');
    // The deprecated sort_key/sort_dir reach the fake, as on the real service.
    const sorted = await fetch(`${vbs.origin}${vbs.pathname}?sort_key=id&sort_dir=asc&limit=5`, { headers: { 'X-Auth-Token': 'demo-token' } });
    expect(sorted.status).toBe(200);
    const ids = (await sorted.json()).backups.map((b: { id: string }) => b.id);
    expect(ids).toHaveLength(5);
    expect(ids).toEqual([...ids].sort());
    expect(await stop(child)).toBe(0);
  });
});
