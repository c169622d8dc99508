// Every operation's code samples (x-codeSamples, generated from the bundle at docs build time by
// scripts/lib/code-samples.mjs) show on its Redoc page in a real browser, and the curl sample,
// pointed at the Prism mock of the same bundle, gets a 200. The pages are built into a temporary
// folder, so this test does not race the docs test over dist/docs/.
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDocsPage, withCodeSamples } from '../../scripts/lib/code-samples.mjs';
import { inlineRedocLogos } from '../../scripts/lib/docs-page.mjs';
import { serveStatic } from '../../scripts/lib/static-server.mjs';
import { API_IDS, ROOT, loadBundle } from '../support/apis.js';
import { launchBrowser, watchPage } from '../support/browser.js';

interface Sample { lang: string; label: string; source: string }
interface Operation { method: string; path: string; samples: Sample[] }

const PROJECT = '0605767b5780d5762fc5c0118072a564';
const HAS_CURL = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v curl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
let dir: string;
let site: { url: string; close(): Promise<void> };
let browser: Browser;

async function operations(api: string): Promise<Operation[]> {
  const spec = await withCodeSamples(api, loadBundle(api));
  return Object.entries<any>(spec.paths).flatMap(([path, item]) =>
    Object.entries<any>(item)
      .filter(([, op]) => op?.['x-codeSamples'])
      .map(([method, op]) => ({ method, path, samples: op['x-codeSamples'] as Sample[] })),
  );
}

/** The request a curl sample makes: its URL and -H headers, with $TOKEN and $PROJECT_ID filled in. */
function parseCurl(source: string): { url: string; headers: Record<string, string> } {
  const fill = (text: string) => text.replace(/\$TOKEN/g, 'demo-token').replace(/\$PROJECT_ID/g, PROJECT);
  const url = /^curl -s "([^"]+)"/.exec(source)?.[1];
  if (!url) throw new Error(`not a curl sample: ${source}`);
  const headers = Object.fromEntries([...source.matchAll(/-H "([^:]+): ([^"]*)"/g)].map((m) => [m[1]!, fill(m[2]!)]));
  return { url: fill(url), headers };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'code-samples-'));
  for (const api of API_IDS) {
    const page = join(dir, `${api}.html`);
    await buildDocsPage(api, `${ROOT}generated/openapi`, page);
    await writeFile(page, inlineRedocLogos(await readFile(page, 'utf8'), page));
  }
  site = await serveStatic(dir);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('code samples in the docs', () => {
  it('every API has curl and TypeScript samples, and vbs the OpenStack CLI', async () => {
    for (const api of API_IDS) {
      for (const op of await operations(api)) {
        const labels = op.samples.map((s) => s.label);
        expect(labels, api).toEqual(expect.arrayContaining(['curl', 'TypeScript client', ...(api === 'vbs' ? ['OpenStack CLI'] : [])]));
      }
    }
    expect((await operations('vbs'))[0]!.samples.find((s) => s.label === 'OpenStack CLI')!.source).toContain('openstack volume backup list');
  });

  it.each(API_IDS)('%s: each sample shows on the Redoc page', { timeout: 60_000 }, async (api) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const watch = await watchPage(page, site.url);
    await page.goto(`${site.url}/${api}.html`, { waitUntil: 'networkidle' });
    const bundle = loadBundle(api);
    for (const op of await operations(api)) {
      // Open the operation as a reader would: its tag in the sidebar, then its summary.
      const { tags, summary } = bundle.paths[op.path][op.method];
      await page.getByText(tags[0], { exact: true }).first().click();
      await page.getByText(summary, { exact: true }).first().click();
      const panel = page.locator('.panel-request-samples').first();
      await panel.waitFor({ state: 'visible' });
      await panel.scrollIntoViewIfNeeded();
      let current = op.samples[0]!.label; // Redoc selects the first listed language
      for (const sample of op.samples) {
        // The language menu in the samples panel's header, then the sample's entry in it.
        await panel.getByText(current, { exact: true }).first().click();
        // The menu can sit outside the viewport while Redoc still scrolls to the operation; a DOM
        // click does not wait for it. Whether the sample then shows is checked below.
        await page.getByRole('menuitem', { name: sample.label, exact: true }).dispatchEvent('click');
        current = sample.label;
        const firstLine = sample.source.split('\n').find((line) => line.trim() && !line.startsWith('#'))!.trim();
        await expect.poll(() => panel.innerText(), { timeout: 10_000 }).toContain(firstLine);
        expect(await panel.locator('pre').first().isVisible()).toBe(true);
      }
    }
    expect(watch.offOrigin).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it.each(API_IDS)('%s: the curl sample, run against the mock, gets a 200', async (api) => {
    const mock = inject('mockUrls')[api]!;
    const { servers } = loadBundle(api);
    const server = servers[0].url.replace(/\{([^}]+)\}/g, (_: string, name: string) => servers[0].variables[name].default);
    for (const op of await operations(api)) {
      const source = op.samples.find((s) => s.label === 'curl')!.source;
      expect(source).toContain(`"${server}/`);
      const local = source.split(server).join(mock);
      if (HAS_CURL) {
        // As a reader runs it: in a shell, with TOKEN and PROJECT_ID set.
        const env = { ...process.env, TOKEN: 'demo-token', PROJECT_ID: PROJECT };
        const { stdout } = await promisify(execFile)('sh', ['-c', `${local} -o /dev/null -w '%{http_code}'`], { env });
        expect(stdout, `${api}: ${local}`).toBe('200');
      }
      // The same request from its parsed URL and headers (also where curl is not installed).
      const { url, headers } = parseCurl(local);
      const res = await fetch(url, { method: op.method.toUpperCase(), headers });
      expect(res.status, `${api} ${url}`).toBe(200);
      expect(res.headers.get('sl-violations')).toBeNull();
    }
  });

  it('the TypeScript samples compile against this package with tsc --strict', { timeout: 120_000 }, async () => {
    const tsDir = join(dir, 'ts');
    await mkdir(tsDir, { recursive: true });
    const files: string[] = [];
    for (const api of API_IDS) {
      for (const [i, op] of (await operations(api)).entries()) {
        const file = join(tsDir, `${api}-${i}.ts`);
        await writeFile(file, `${op.samples.find((s) => s.label === 'TypeScript client')!.source}\nexport {};\n`);
        files.push(file);
      }
    }
    // `cloud-backup-api/<api>` resolves to this checkout's sources, as the package's exports do to dist/.
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true,
        lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: ['node'], typeRoots: [`${ROOT}node_modules/@types`],
        baseUrl: ROOT, paths: { 'cloud-backup-api/*': ['src/*/index.ts'] },
      },
      files,
    };
    await writeFile(join(tsDir, 'tsconfig.json'), JSON.stringify(tsconfig));
    await writeFile(join(tsDir, 'package.json'), '{"type":"module"}'); // ESM, as the samples' top-level await needs
    const result = await promisify(execFile)(`${ROOT}node_modules/.bin/tsc`, ['-p', join(tsDir, 'tsconfig.json')], { cwd: tsDir })
      .then(() => '', (error) => `${error.stdout}${error.stderr}`);
    expect(files.length).toBe(API_IDS.length);
    expect(result).toBe('');
  });
});
