// The Postman collections in generated/postman/ run with newman against the `npm start` mocks:
// every request answers 200 and every test script the build put into the collection passes.
// A collection without test scripts would "pass" with 0 assertions, so the count must be > 0.
import { readFileSync } from 'node:fs';
import newman, { type NewmanRunSummary } from 'newman';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_IDS, ROOT } from '../support/apis.js';
import { startNpmStart, type NpmStart } from '../support/npm-start.js';

let started: NpmStart;

beforeAll(async () => {
  started = await startNpmStart();
}, 180_000);

afterAll(async () => {
  await started?.stop();
});

function run(api: string, baseUrl: string): Promise<NewmanRunSummary> {
  const collection = JSON.parse(readFileSync(`${ROOT}generated/postman/${api}.postman_collection.json`, 'utf8'));
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection,
        envVar: [
          { key: 'baseUrl', value: baseUrl },
          { key: 'token', value: 'demo-token' },
        ],
        reporters: [],
        timeoutRequest: 10_000,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

describe('Postman collections (newman against the npm start mocks)', () => {
  it.each(API_IDS)('%s: every request 200, every assertion passes, and there are assertions', async (api) => {
    const summary = await run(api, started.mocks[api]!);
    const { requests, assertions } = summary.run.stats;
    const failures = summary.run.failures.map((f) => `${f.source?.name ?? ''}: ${f.error?.message ?? ''}`);
    expect(failures).toEqual([]);
    expect(requests.total).toBeGreaterThan(0);
    expect(requests.failed).toBe(0);
    expect(assertions.total).toBeGreaterThanOrEqual(3 * requests.total);
    expect(assertions.failed).toBe(0);
    // The request newman sent carried the token from the collection's auth and only `limit`.
    const sent = summary.run.executions.map((e) => e.request);
    for (const request of sent) {
      expect(request.headers.get('X-Auth-Token')).toBe('demo-token');
      expect(request.url.query.all().filter((q) => !q.disabled).map((q) => q.key)).toEqual(['limit']);
    }
  });

  it('the docs index links each collection and serves it', async () => {
    const index = await (await fetch(`${started.docs}/index.html`)).text();
    for (const api of API_IDS) {
      const href = `postman/${api}.postman_collection.json`;
      expect(index).toContain(`href="${href}"`);
      const download = await fetch(`${started.docs}/${href}`);
      expect(download.status).toBe(200);
      expect((await download.json()).info.schema).toMatch(/collection\/v2\.1\.0/);
    }
  });
});
