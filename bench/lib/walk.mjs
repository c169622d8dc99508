// (b) Walking every GeminiDB backup behind a server that answers each page `latencyMs` late, at
// several concurrencies, as a ratio to the ideal: the first page alone (it gives the total), then
// the remaining pages `c` at a time — (1 + ceil((pages − 1) / c)) × latency. `pages` is what the
// server actually answered, so a pager that overlaps pages is charged for its extra requests.
import { median, importClient } from './util.mjs';

const PROJECT_ID = '0605767b5780d5762fc5c0118072a564';

async function serverCount(baseUrl, reset = false) {
  return (await (await fetch(`${baseUrl}/${reset ? '__reset' : '__count'}`)).json()).count;
}

export async function walk({ clientDir, baseUrl, items, latencyMs, concurrencies, repeats }) {
  const { createGeminiDbClient } = await importClient(clientDir, 'geminidb/index.js');
  const client = createGeminiDbClient({ endpoint: baseUrl, projectId: PROJECT_ID, auth: { token: 'bench-token' } });
  const rows = [];
  for (const concurrency of concurrencies) {
    const times = [];
    let pages = 0;
    for (let r = 0; r < repeats; r++) {
      await serverCount(baseUrl, true);
      let seen = 0;
      const start = performance.now();
      for await (const _ of client.iterateBackups({ limit: 100 }, { concurrency })) seen++;
      times.push(performance.now() - start);
      pages = await serverCount(baseUrl);
      if (seen !== items) throw new Error(`walk at concurrency ${concurrency} yielded ${seen} of ${items} backups`);
    }
    const ms = median(times);
    const idealMs = (1 + Math.ceil((pages - 1) / concurrency)) * latencyMs;
    rows.push({ concurrency, pages, ms: Math.round(ms), idealMs, ratio: +(ms / idealMs).toFixed(2) });
  }
  return { items, limit: 100, latencyMs, repeats, rows };
}
