// `npm run bench` with tiny sizes (--smoke): it completes by itself, prints the markdown tables
// and writes JSON holding every section with real measurements. Figures are not judged here —
// performance goals live in the benchmark, never in tests.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/apis.js';

const work = mkdtempSync(join(tmpdir(), 'cloud-backup-api-bench-smoke-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run bench (smoke)', () => {
  it('completes, prints the tables and writes every section', { timeout: 300_000 }, async () => {
    const out = join(work, 'results.json');
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', 'bench/run.mjs', '--smoke', '--out', out], {
      cwd: ROOT,
      timeout: 290_000,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', SCARF_ANALYTICS: 'false' },
    });
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(results.meta).toMatchObject({ smoke: true, node: process.version });

    const calls = results.perCall.rows;
    expect(calls.map((r: { name: string }) => r.name)).toEqual([
      'raw fetch + res.json() (the floor)',
      'bare openapi-fetch GET',
      'ours, token',
      'ours, AK/SK',
      'official SDK showAllInstancesBackupsNew, AK/SK',
    ]);
    for (const r of calls) expect(r.usPerCall).toBeGreaterThan(0);
    expect(calls[0].ratio).toBe(1);
    expect(results.perCall.signingUsPerSignature).toBeGreaterThan(0);

    expect(results.walk.rows.map((r: { concurrency: number }) => r.concurrency)).toEqual([1, 4, 8, 16]);
    for (const r of results.walk.rows) {
      expect(r.pages).toBeGreaterThan(1);
      expect(r.ms).toBeGreaterThan(0);
      expect(r.idealMs).toBe((1 + Math.ceil((r.pages - 1) / r.concurrency)) * results.walk.latencyMs);
    }

    expect(results.memory.rows.map((r: { items: number }) => r.items)).toEqual([500, 2000]);
    for (const r of results.memory.rows) expect(typeof r.heapGrowthBytes).toBe('number');
    expect(results.memory.resumeCursor.yieldedBeforeError).toBeGreaterThan(1000);
    expect(results.memory.resumeCursor.bytes).toBeGreaterThan(2);

    expect(results.size.rows).toHaveLength(3);
    for (const r of results.size.rows) {
      expect(r.gzBytes).toBeGreaterThan(0);
      expect(r.gzBytes).toBeLessThan(r.minBytes);
    }

    expect(results.build.stages.length).toBeGreaterThanOrEqual(4);
    expect(results.build.stages.every((s: { ms: number }) => s.ms > 0)).toBe(true);
    expect(results.build.generatedUnchanged).toBe(true);

    for (const heading of ['(a) One list call', '(b) Page walk', '(c) Memory', '(d) Bundle size', '(e) Build', 'Targets (issue 10)']) {
      expect(stdout).toContain(heading);
    }
  });
});
