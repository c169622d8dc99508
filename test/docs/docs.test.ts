// The docs portal in a real browser (test/support/browser.ts: Chromium from npm, or $CHROMIUM_PATH)
// driven by playwright-core. Serves dist/docs/ (built from the committed bundles by test/setup/build-once.ts) on
// loopback, and checks that the index links every API and that each Redoc page renders its
// operation and every query parameter without console errors. Every page must be self-contained:
// any request that leaves the served origin fails the test (there is no list of exceptions).
// Screenshots go to test-results/docs/ (not committed).
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { API_IDS, ROOT, loadBundle } from '../support/apis.js';
import { launchBrowser, watchPage } from '../support/browser.js';
import { listOperation, resolvePointer } from '../support/schema.js';
import { serveStatic } from '../../scripts/lib/static-server.mjs';

const SHOTS = `${ROOT}test-results/docs`;

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
  mkdirSync(SHOTS, { recursive: true });
  site = await serveStatic(`${ROOT}dist/docs`);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('docs portal', () => {
  it('the index links every API page and its downloads', async () => {
    const page = await browser.newPage();
    const watch = await watchPage(page, site.url);
    await page.goto(`${site.url}/index.html`, { waitUntil: 'networkidle' });
    const hrefs = await page.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    for (const api of API_IDS) {
      expect(hrefs).toContain(`${api}.html`);
      expect(hrefs).toContain(`openapi/${api}.yaml`);
      const download = await page.request.get(`${site.url}/openapi/${api}.json`);
      expect(download.status()).toBe(200);
      expect((await download.json()).openapi).toBe('3.0.3');
    }
    await page.screenshot({ path: `${SHOTS}/index.png`, fullPage: true });
    expect(watch.requests).toContain(`${site.url}/index.html`);
    expect(watch.offOrigin).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('the origin guard records every request that leaves the served origin, and only those', async () => {
    const page = await browser.newPage();
    const watch = await watchPage(page, site.url);
    await page.goto(`${site.url}/index.html`, { waitUntil: 'networkidle' });
    const port = new URL(site.url).port;
    const elsewhere = [`http://localhost:${port}/same-port-other-host.png`, 'http://127.0.0.1:9/other-port.png', 'https://cdn.invalid/logo.svg'];
    const onPage = ['data:image/gif;base64,R0lGODlhAQABAAAAACw=', `${site.url}/openapi/cbr.json`];
    await page.evaluate((urls) => {
      for (const url of urls) document.body.append(Object.assign(document.createElement('img'), { src: url }));
    }, [...elsewhere, ...onPage]);
    await expect.poll(() => watch.offOrigin.length).toBe(elsewhere.length);
    expect([...watch.offOrigin].sort()).toEqual([...elsewhere].sort());
    // The on-page image is requested alongside the blocked ones, not necessarily before them: wait for it too.
    await expect.poll(() => watch.requests.includes(`${site.url}/openapi/cbr.json`)).toBe(true);
    await page.close();
  });

  it.each(API_IDS)('%s page renders its operation and every query parameter without console errors', async (api) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const watch = await watchPage(page, site.url);
    await page.goto(`${site.url}/${api}.html`, { waitUntil: 'networkidle' });
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
    expect(watch.requests).toContain(`${site.url}/${api}.html`);
    expect(watch.offOrigin).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  }, 60_000);
});
