// A team with another toolchain can generate its own client from our bundles: each bundle goes
// through @hey-api/openapi-ts into a throwaway folder, a small consumer file per API uses the
// generated SDK (list call, path and query parameters, the typed items of the page), and all of
// it compiles with `tsc --strict`. The compiled code then calls the Prism mock of each bundle.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { createClient } from '@hey-api/openapi-ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_IDS, ROOT, bundlePath, loadDerefBundle } from '../support/apis.js';
import { listOperation } from '../support/schema.js';

const run = promisify(execFile);
let dir: string;

/** The list operation's id and the page member that holds the items (the array of objects with an id). */
function listCall(api: string): { operationId: string; itemsKey: string } {
  const op = listOperation(loadDerefBundle(api));
  const page = op.responses['200'].content['application/json'].schema;
  const itemsKey = Object.keys(page.properties).find((key) => page.properties[key].items?.properties?.id);
  if (!itemsKey) throw new Error(`${api}: no list of items with an id in the 200 schema`);
  return { operationId: op.operationId, itemsKey };
}

/** A consumer's first call with the generated SDK; `id` must come out typed as a string. */
function consumerSource(api: string): string {
  const { operationId, itemsKey } = listCall(api);
  return `import { ${operationId} } from './${api}/index.js';

export async function firstIds(baseUrl: string, token: string): Promise<string[]> {
  const { data } = await ${operationId}({
    baseUrl,
    headers: { 'X-Auth-Token': token },
    path: { project_id: '0605767b5780d5762fc5c0118072a564' },
    query: { limit: 2 },
    throwOnError: true,
  });
  return data.${itemsKey}.map((item) => {
    const id: string = item.id;
    return id;
  });
}
`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hey-api-'));
  for (const api of API_IDS) {
    await createClient({ input: bundlePath(api, 'yaml'), output: join(dir, api), logs: { level: 'silent', file: false } });
    await writeFile(join(dir, `use-${api}.ts`), consumerSource(api));
  }
  await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('@hey-api/openapi-ts clients from the bundles', () => {
  it('compile with tsc --strict and answer 200 from each mock with typed items', { timeout: 120_000 }, async () => {
    const files = API_IDS.map((api) => join(dir, `use-${api}.ts`));
    const tsc = join(ROOT, 'node_modules/.bin/tsc');
    const args = ['--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom,dom.iterable', '--outDir', join(dir, 'out'), ...files];
    const result = await run(tsc, args, { cwd: dir }).then(() => ({ output: '' }), (error) => ({ output: `${error.stdout}${error.stderr}` }));
    expect(result.output).toBe('');
    const mockUrls = inject('mockUrls');
    for (const api of API_IDS) {
      const consumer = await import(pathToFileURL(join(dir, 'out', `use-${api}.js`)).href);
      const ids: string[] = await consumer.firstIds(mockUrls[api], 'demo-token');
      expect(ids.length, api).toBeGreaterThan(0);
      for (const id of ids) expect(typeof id).toBe('string');
    }
  });
});
