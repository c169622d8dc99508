// (e) `npm run build`, stage by stage, in a scratch copy of the project (so the benchmark never
// rewrites the working tree, and the client it measures is the one this build compiled). The
// copy shares node_modules through a symlink. Afterwards generated/ is compared with the working
// tree's: a build that changed its outputs shows here.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', '.git', 'dist', 'test-results']);

export async function copyProject(root) {
  const dir = await mkdtemp(join(tmpdir(), 'cloud-backup-api-bench-'));
  for (const entry of await readdir(root)) {
    if (!SKIP.has(entry)) await cp(join(root, entry), join(dir, entry), { recursive: true });
  }
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** CPU time (user + system, ms) of this process's finished children, from /proc (Linux); null elsewhere. */
async function childrenCpuMs() {
  try {
    const fields = (await readFile('/proc/self/stat', 'utf8')).split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in USER_HZ (100)
  } catch {
    return null;
  }
}

function run(cwd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`build failed (exit ${code}):\n${output}`))));
  });
}

async function sameFiles(a, b) {
  const names = await readdir(a);
  for (const name of names) {
    const [x, y] = await Promise.all([readFile(join(a, name)), readFile(join(b, name)).catch(() => null)]);
    if (!y || !x.equals(y)) return false;
  }
  return names.length > 0;
}

export async function timeBuild({ root, copy, docs }) {
  const timings = join(copy, 'build-timings.json');
  const cpuBefore = await childrenCpuMs();
  const started = performance.now();
  await run(copy, ['scripts/build.mjs', ...(docs ? [] : ['--no-docs']), '--timings', timings]);
  const wallMs = Math.round(performance.now() - started);
  const cpuAfter = await childrenCpuMs();
  const cpuMs = cpuBefore === null || cpuAfter === null ? null : Math.round(cpuAfter - cpuBefore);
  const { totalMs, stages } = JSON.parse(await readFile(timings, 'utf8'));
  const identical =
    (await sameFiles(join(copy, 'generated/openapi'), join(root, 'generated/openapi'))) &&
    (await sameFiles(join(copy, 'generated/types'), join(root, 'generated/types')));
  return { command: `node scripts/build.mjs${docs ? '' : ' --no-docs'}`, wallMs, totalMs, cpuMs, stages, generatedUnchanged: identical };
}
