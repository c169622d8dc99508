// CPU profiles of the client's hot paths, for finding what to fix (not a benchmark):
//   node bench/profile.mjs [call|aksk|walk] [--client DIR]
// runs the path under the V8 profiler (node:inspector, in process) against the benchmark's
// loopback servers, writes bench/profiles/<path>.cpuprofile (open it in Chrome DevTools) and
// prints the functions with the most self time. Measures the compiled client in dist/src
// (`npm run build` or `npx tsc -p tsconfig.build.json` first) unless --client says otherwise.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createInterface } from 'node:readline';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importClient } from './lib/util.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({ allowPositionals: true, options: { client: { type: 'string', default: join(HERE, '../dist/src') } } });
const which = positionals[0] ?? 'call';
const PROJECT_ID = '0605767b5780d5762fc5c0118072a564';

const server = spawn(process.execPath, [join(HERE, 'lib/server.mjs'), '--geminidb', '10000', '--latency', '0'], { stdio: ['pipe', 'pipe', 'inherit'] });
const ports = JSON.parse(await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve)));
const { createGeminiDbClient } = await importClient(values.client, 'geminidb/index.js');

const auth = which === 'aksk' ? { accessKey: 'BENCHAK', secretKey: 'bench-secret' } : { token: 'bench-token' };
const client = createGeminiDbClient({ endpoint: `http://127.0.0.1:${which === 'walk' ? ports.geminidb : ports.fixed}`, projectId: PROJECT_ID, auth });
const work = {
  call: async () => { for (let i = 0; i < 3000; i++) await client.listBackups({ limit: 100 }); },
  aksk: async () => { for (let i = 0; i < 3000; i++) await client.listBackups({ limit: 100 }); },
  walk: async () => { for (let r = 0; r < 5; r++) for await (const _ of client.iterateBackups({ limit: 100 }, { concurrency: 8 })) { /* drain */ } },
}[which];
if (!work) throw new Error(`unknown path ${which}: call, aksk or walk`);

await work(); // warm up (JIT) before profiling
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
await work();
const { profile } = await session.post('Profiler.stop');
server.stdin.end();

const out = join(HERE, 'profiles', `${which}.cpuprofile`);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(profile));

// Self time per function (name + file:line), as a share of all samples.
const dt = new Map();
profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file:') ? relative(process.cwd(), fileURLToPath(url)).replace(/^.*node_modules\//, '') : url;
  const key = `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + (dt.get(node.id) ?? 0));
}
console.log(`${which}: ${(total / 1000).toFixed(0)} ms profiled; top self time (written ${relative(process.cwd(), out)})`);
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${key}`);
}
