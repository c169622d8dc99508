// The released bundles, kept in the repository so the gate works in a fresh clone:
// releases/<api>/<version>.json is a byte copy of generated/openapi/<api>.json as released.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions } from './versions.mjs';

/** The versions released so far, oldest first. */
export function listReleases(dir, api) {
  const folder = join(dir, api);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => /^\d+\.\d+\.\d+\.json$/.test(name))
    .map((name) => name.slice(0, -'.json'.length))
    .sort(compareVersions);
}

export function readRelease(dir, api, version) {
  return JSON.parse(readFileSync(join(dir, api, `${version}.json`), 'utf8'));
}

/** The newest release of an API as `{ version, bundle }`, or null before its first release. */
export function lastRelease(dir, api) {
  const version = listReleases(dir, api).at(-1);
  return version ? { version, bundle: readRelease(dir, api, version) } : null;
}

export function writeRelease(dir, api, version, text) {
  mkdirSync(join(dir, api), { recursive: true });
  writeFileSync(join(dir, api, `${version}.json`), text);
}

export function releaseExists(dir, api, version) {
  return existsSync(join(dir, api, `${version}.json`));
}
