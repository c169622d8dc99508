// `npm start` (scripts/start.mjs) as a child process on free ports, for tests that need what a user
// gets: the docs portal and one mock (or stateful fake behind a validating proxy) per API.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { API_IDS, ROOT } from './apis.js';

export interface NpmStart {
  child: ChildProcess;
  /** Everything printed so far. */
  output: () => string;
  /** The docs portal's base URL (no trailing slash). */
  docs: string;
  /** Each API's mock base URL, by API id. */
  mocks: Record<string, string>;
  /** Each API's printed curl URL (its list call with `limit=2`), by API id. */
  curls: Map<string, string>;
  /** SIGINT, as Ctrl-C; resolves to the exit code. */
  stop: () => Promise<number | null>;
}

/** A free base port with `count` free ports after it (checked by binding them). */
export async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const bound: Array<ReturnType<typeof createServer>> = [];
    try {
      for (let i = 0; i < count; i++) {
        const server = createServer();
        await new Promise<void>((ok, fail) => server.once('error', fail).listen(base + i, '127.0.0.1', () => ok()));
        bound.push(server);
      }
      return base;
    } catch {
      // taken: try another base
    } finally {
      await Promise.all(bound.map((s) => new Promise((done) => s.close(done))));
    }
  }
  throw new Error('no free ports found');
}

/** Starts scripts/start.mjs with `args` on free ports and waits until it says it is ready. */
export async function startNpmStart(args: string[] = []): Promise<NpmStart> {
  const base = await freePorts(1 + API_IDS.length);
  const child = spawn(process.execPath, ['scripts/start.mjs', '--docs-port', String(base), '--mock-port', String(base + 1), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((ready, fail) => {
    const timer = setInterval(() => {
      if (output.includes('Press Ctrl-C to stop.')) { clearInterval(timer); ready(); }
    }, 100);
    child.once('exit', (code) => { clearInterval(timer); fail(new Error(`npm start exited with ${code}:\n${output}`)); });
  });
  const curls = new Map<string, string>();
  const mocks: Record<string, string> = {};
  for (const match of output.matchAll(/^\s+(\w+)\s+(http:\S+)\n\s+curl -s -H 'X-Auth-Token: demo-token' '([^']+)'/gm)) {
    mocks[match[1]!] = match[2]!;
    curls.set(match[1]!, match[3]!);
  }
  const stop = () =>
    new Promise<number | null>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
      child.once('exit', (code) => done(code));
      child.kill('SIGINT');
    });
  return { child, output: () => output, docs: `http://127.0.0.1:${base}`, mocks, curls, stop };
}
