// What the build scripts share: the API list (from redocly.yaml), paths, and a way to run the
// pinned CLIs from node_modules/.bin with telemetry off and a clear message when one fails.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const GENERATED_OPENAPI = join(ROOT, 'generated/openapi');
export const DOCS_DIR = join(ROOT, 'dist/docs');

const config = parse(readFileSync(join(ROOT, 'redocly.yaml'), 'utf8'));

/** Each API's entry in redocly.yaml (root, x-openapi-ts options), by id. */
export const API_CONFIG = config.apis;

/** The APIs in redocly.yaml: id, source root and human title (from the description's info). */
export const APIS = Object.entries(config.apis).map(([id, entry]) => {
  const root = join(ROOT, entry.root);
  const info = existsSync(root) ? parse(readFileSync(root, 'utf8')).info ?? {} : {};
  return { id, root, title: info.title ?? id, version: info.version ?? '' };
});

const TOOL_ENV = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  SCARF_ANALYTICS: 'false',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  NO_UPDATE_NOTIFIER: '1',
};

/**
 * Runs a CLI from node_modules/.bin. Output is captured and shown only when the tool fails, so a
 * green build stays short and a red one shows exactly what the tool said.
 */
export function runTool(bin, args) {
  const command = join(ROOT, 'node_modules/.bin', bin);
  if (!existsSync(command)) {
    throw new Error(`${bin} is not installed: run \`npm ci\` first.`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: TOOL_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve({ code, output });
      process.stderr.write(output);
      reject(new Error(`${bin} ${args.join(' ')} failed with exit code ${code}`));
    });
  });
}

/** Prints `label … done (1.2 s)` around a step so long builds show progress. */
export async function step(label, action) {
  const started = Date.now();
  process.stdout.write(`• ${label} … `);
  try {
    const result = await action();
    process.stdout.write(`done (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return result;
  } catch (error) {
    process.stdout.write('FAILED\n');
    throw error;
  }
}

/** Runs a script's main function and turns a thrown error into one clear line and exit code 1. */
export function main(fn) {
  fn().catch((error) => {
    console.error(`\n✖ ${error.message}`);
    process.exit(1);
  });
}
