// npm run bench: what users compare, measured side by side in one run on loopback, written to
// bench/results.json and printed as markdown tables (the README's Performance section is made
// from them: `node bench/report.mjs --readme`).
//
//   (e) `npm run build` stage by stage, in a scratch copy of the project; its compiled client
//       (dist/src, what the package ships) is what (a)–(d) measure;
//   (a) one list call: raw fetch, bare openapi-fetch, ours (token, AK/SK), the official SDK;
//   (b) a 10,000-backup GeminiDB walk at 20 ms latency, concurrency 1/4/8/16, against the ideal;
//   (c) heap/RSS growth over 20,000 and 200,000 CBR items; a late resume cursor's size;
//   (d) esbuild min+gz of one client, all four, and openapi-fetch alone.
//
// Options: --smoke (tiny sizes; also BENCH_SMOKE=1), --out FILE, --no-build (measure the existing
// dist/src instead of building a copy). Bounded: a watchdog ends the run after 15 minutes (4 smoke).
import { spawn } from 'node:child_process';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { perCall } from './lib/per-call.mjs';
import { walk } from './lib/walk.mjs';
import { resumeCursorSize } from './lib/resume.mjs';
import { bundleSizes } from './lib/size.mjs';
import { copyProject, timeBuild } from './lib/build.mjs';
import { renderMarkdown } from './report.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..');
const { values: opts } = parseArgs({
  options: { smoke: { type: 'boolean', default: process.env.BENCH_SMOKE === '1' }, out: { type: 'string', default: join(HERE, 'results.json') }, 'no-build': { type: 'boolean', default: false } },
});
const smoke = opts.smoke;

const SIZES = smoke
  ? { perCall: { rounds: 2, calls: 5, warmup: 2 }, walk: { items: 300, latencyMs: 2, repeats: 1 }, memory: [500, 2000], resume: 3000 }
  : { perCall: { rounds: 40, calls: 50, warmup: 300 }, walk: { items: 10_000, latencyMs: 20, repeats: 3 }, memory: [20_000, 200_000], resume: 200_000 };

const children = new Set();
const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${smoke ? 4 : 15} minutes; stopping.`);
  process.exit(1);
}, (smoke ? 4 : 15) * 60_000);
process.on('exit', () => children.forEach((child) => child.kill()));

function startChild(args, options = {}) {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'], ...options });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function startServers() {
  const child = startChild([join(HERE, 'lib/server.mjs'), '--geminidb', String(SIZES.walk.items), '--latency', String(SIZES.walk.latencyMs)]);
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  const ports = JSON.parse(line);
  const url = (name) => `http://127.0.0.1:${ports[name]}`;
  return { url, stop: () => child.stdin.end() };
}

async function memoryRun(clientDir, baseUrl, items) {
  const child = startChild(['--expose-gc', join(HERE, 'lib/memory.mjs'), clientDir, baseUrl, String(items)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  const code = await new Promise((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`memory run of ${items} items failed (exit ${code})`);
  return JSON.parse(output);
}

async function section(label, fn) {
  const started = performance.now();
  process.stderr.write(`bench: ${label} … `);
  const result = await fn();
  process.stderr.write(`${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return result;
}

async function main() {
  const meta = {
    date: new Date().toISOString(),
    smoke,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)),
  };
  let copy;
  let clientDir = join(ROOT, 'dist/src');
  let build = { skipped: 'run with --no-build: measured the existing dist/src' };
  if (!opts['no-build']) {
    copy = await copyProject(ROOT);
    build = await section('(e) npm run build in a scratch copy', () => timeBuild({ root: ROOT, copy, docs: !smoke }));
    clientDir = join(copy, 'dist/src');
  } else if (!existsSync(join(clientDir, 'index.js'))) {
    throw new Error('dist/src is missing: run `npm run build` first, or drop --no-build.');
  }
  const servers = await startServers();
  try {
    const results = { meta, clientDir: relative(ROOT, clientDir).startsWith('..') ? '<scratch copy>/dist/src' : relative(ROOT, clientDir) };
    results.perCall = await section('(a) per call', () => perCall({ clientDir, baseUrl: servers.url('fixed'), ...SIZES.perCall }));
    results.walk = await section('(b) page walk', () => walk({ clientDir, baseUrl: servers.url('geminidb'), concurrencies: [1, 4, 8, 16], ...SIZES.walk }));
    results.memory = await section('(c) memory and resume cursor', async () => {
      const rows = [];
      for (const items of SIZES.memory) rows.push(await memoryRun(clientDir, servers.url('cbr'), items));
      const resume = await resumeCursorSize({ clientDir, baseUrl: servers.url('cbr'), items: SIZES.resume, limit: 1000 });
      return { service: 'cbr', limit: 1000, rows, resumeCursor: resume };
    });
    results.size = await section('(d) bundle size', () => bundleSizes({ clientDir, resolveDir: ROOT }));
    results.build = build;
    await writeFile(opts.out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(renderMarkdown(results));
    console.error(`bench: wrote ${relative(process.cwd(), opts.out) || opts.out}`);
  } finally {
    servers.stop();
    if (copy?.startsWith(tmpdir())) await rm(copy, { recursive: true, force: true });
  }
}

main()
  .then(() => clearTimeout(watchdog))
  .catch((error) => {
    console.error(`\n✖ bench: ${error.stack ?? error}`);
    process.exit(1);
  });
