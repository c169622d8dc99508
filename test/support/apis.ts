// The APIs this project describes, read from redocly.yaml so that adding an API there is enough.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const config = parse(readFileSync(`${ROOT}redocly.yaml`, 'utf8')) as { apis: Record<string, unknown> };
export const API_IDS: readonly string[] = Object.keys(config.apis);

export function bundlePath(api: string, ext: 'yaml' | 'json' | 'deref.json' = 'yaml'): string {
  return `${ROOT}generated/openapi/${api}.${ext}`;
}

export function loadBundle(api: string): any {
  return JSON.parse(readFileSync(bundlePath(api, 'json'), 'utf8'));
}

export function loadDerefBundle(api: string): any {
  return JSON.parse(readFileSync(bundlePath(api, 'deref.json'), 'utf8'));
}
