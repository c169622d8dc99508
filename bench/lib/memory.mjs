// (c) Heap and RSS growth while iterating CBR backups without keeping them. Run as its own process
// with --expose-gc (a fresh heap, no other section's garbage):
//   node --expose-gc bench/lib/memory.mjs <clientDir> <cbr server URL> <items>
// Prints one JSON line. The baseline is taken after the first item (client, first page and the
// walk's machinery exist), the end value at the last item (the walk's state still alive).
import { importClient } from './util.mjs';

const [clientDir, baseUrl, itemsArg] = process.argv.slice(2);
const items = Number(itemsArg);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

function settled() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

const { createCbrClient } = await importClient(clientDir, 'cbr/index.js');
const client = createCbrClient({ endpoint: baseUrl, projectId: '0605767b5780d5762fc5c0118072a564', auth: { token: 'bench-token' }, headers: { 'x-bench-total': String(items) } });
let seen = 0;
let base;
let end;
for await (const backup of client.iterateBackups({ limit: 1000 })) {
  if (typeof backup.id !== 'string') throw new Error('an item without id');
  seen++;
  if (seen === 1) base = settled();
  if (seen === items) end = settled();
}
if (seen !== items || !end) throw new Error(`the walk yielded ${seen} of ${items} backups`);
process.stdout.write(`${JSON.stringify({ items, heapGrowthBytes: end.heapUsed - base.heapUsed, rssGrowthBytes: end.rss - base.rss })}\n`);
