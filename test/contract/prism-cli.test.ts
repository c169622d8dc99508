// Smoke test of the path other teams use: `prism mock <bundle>` as a child process. The CLI needs
// a port, so a free one is found by binding port 0 first. Waits for "Prism is listening", calls
// the mock (with a token → 200 and a body that validates; without → 401), then stops it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { API_IDS, ROOT, bundlePath } from '../support/apis.js';
import { buildPath } from '../support/params.js';
import { responseSchema, validateAgainst } from '../support/schema.js';

const PRISM = `${ROOT}node_modules/.bin/prism`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function waitForListening(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`prism did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited with ${code} before listening:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe('prism mock CLI', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child) await stop(child);
    child = undefined;
  });

  // One bundle is enough to keep the CLI path exercised; the first one in redocly.yaml.
  const api = API_IDS[0] as string;

  it(`serves ${api} from the bundle, then stops`, { timeout: 60_000 }, async () => {
    const port = await freePort();
    child = spawn(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), bundlePath(api, 'yaml')], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = await waitForListening(child, 45_000);
    expect(output).toContain(`127.0.0.1:${port}`);

    const url = `http://127.0.0.1:${port}${buildPath(api)}`;
    const ok = await fetch(url, { headers: { 'X-Auth-Token': 'cli-smoke' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('sl-violations')).toBeNull();
    expect(validateAgainst(api, responseSchema(api, '200'), await ok.json()).errors).toEqual([]);

    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    await anonymous.arrayBuffer();

    const running = child;
    await stop(running);
    expect(running.exitCode !== null || running.signalCode !== null).toBe(true);
    await expect(fetch(url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});
