// The docs portal in a real browser: Debian's Chromium driven by playwright-core. Builds
// dist/docs/ from the committed bundles first, serves it on loopback, and checks that the index
// links every API and that each Redoc page renders its operation and every query parameter
// without console errors. Screenshots go to test-results/docs/ (not committed).
// The pages are self-contained (--inlineBundle) except for one thing: Redoc's "API docs by" badge
// loads Redocly's logo from their CDN, which this machine cannot reach. The test answers that one
// request with an empty SVG and fails on any other request that leaves loopback.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { API_IDS, ROOT, loadBundle } from '../support/apis.js';
import { listOperation, resolvePointer } from '../support/schema.js';
import { serveStatic } from '../../scripts/lib/static-server.mjs';

const SHOTS = `${ROOT}test-results/docs`;

function chromiumPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Debian chromium is not installed: `apt-get install chromium` (.ci/run does this).');
  }
}

function queryParameterNames(api: string): string[] {
  const bundle = loadBundle(api);
  const op = listOperation(bundle);
  const path = Object.values<any>(bundle.paths)[0];
  return [...(path.parameters ?? []), ...(op.parameters ?? [])]
    .map((p: any) => (p.$ref ? resolvePointer(bundle, p.$ref) : p))
    .filter((p: any) => p.in === 'query')
    .map((p: any) => p.name);
}

let browser: Browser;
let site: { url: string; close(): Promise<void> };

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/docs.mjs'], { cwd: ROOT, stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });
  site = await serveStatic(`${ROOT}dist/docs`);
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('docs portal', () => {
  it('the index links every API page and its downloads', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/index.html`);
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const api of API_IDS) {
      expect(hrefs).toContain(`${api}.html`);
      expect(hrefs).toContain(`openapi/${api}.yaml`);
      const download = await page.request.get(`${site.url}/openapi/${api}.json`);
      expect(download.status()).toBe(200);
      expect((await download.json()).openapi).toBe('3.0.3');
    }
    await page.screenshot({ path: `${SHOTS}/index.png`, fullPage: true });
    await page.close();
  });

  it.each(API_IDS)('%s page renders its operation and every query parameter without console errors', async (api) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => {
      const url = route.request().url();
      if (url.startsWith('https://cdn.redoc.ly/redoc/logo-mini')) {
        return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg"/>' });
      }
      errors.push(`request leaves the machine: ${url}`);
      return route.abort();
    });
    await page.goto(`${site.url}/${api}.html`);
    const op = listOperation(loadBundle(api));
    // Open the operation the way a reader would: its tag in the sidebar, then the operation.
    await page.getByText(op.tags[0], { exact: true }).first().click();
    await page.getByText(op.summary, { exact: true }).first().click();
    const names = queryParameterNames(api);
    expect(names.length).toBeGreaterThan(0);
    // The page renders the operation after the click: wait until its query section is there.
    const missing = async () => {
      const text = await page.locator('main').innerText();
      return [op.summary, 'Query', ...names].filter((name) => !text.includes(name));
    };
    await expect.poll(missing, { timeout: 20_000 }).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/${api}.png` });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
